"""What mcg knows about series, for PromQL analysis: the definitions' catalog, recording rules, conventions.

Every series gets a kind ("counter", "gauge", "summary") and, when known, its full
label set. Recording rules in the linted set become known series too, with the
labels their expression keeps; without a catalog, name conventions answer
"is this a counter?" and label questions stay open (never reported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitoring_codegen.promql.series import metric_series

# OpenMetrics/Prometheus naming: these suffixes mark monotonic counters. `_count` and `_sum`
# also end many gauges (pg_stat_activity_count), so without a catalog they count as
# counters only with evidence: a histogram/summary sibling or a rate() somewhere.
COUNTER_SUFFIXES = ("_total", "_bucket")
SIBLING_SUFFIXES = ("_count", "_sum")
# Labels whose values grow with users or requests, not with the system's shape.
HIGH_CARDINALITY_RE = re.compile(
    r"(^|_)(id|uid|uuid|guid|email|url|uri|path|ip|ip_address|addr)$"
    r"|^(user|username|user_name|remote_addr|session|query|sql)$"
)


def is_high_cardinality_label(
    label: str, extra: frozenset[str] = frozenset(), allowed: frozenset[str] = frozenset()
) -> bool:
    if label in allowed:
        return False
    return label in extra or bool(HIGH_CARDINALITY_RE.search(label))


@dataclass(frozen=True)
class SeriesInfo:
    name: str
    # "counter" (monotonic), "gauge", "summary" (a summary's quantile series)
    type: str
    # Every label the series carries, or None when unknown (then never reported).
    labels: frozenset[str] | None
    # "catalog" (declared metric), "recording" (a recording rule in the linted set)
    origin: str
    # Catalog metric this series belongs to (histogram base for _bucket etc.).
    metric: str = ""
    # For recorded series: the expression applies rate/irate/increase.
    rated: bool = False
    # For recorded series: the expression aggregates raw counters before any rate.
    aggregated_counter: bool = False
    # Where it is declared, for messages.
    where: str = ""


@dataclass
class SeriesCatalog:
    series: dict[str, SeriesInfo] = field(default_factory=dict)
    # True when the definitions declare metrics: unknown names are then findings.
    has_catalog: bool = False
    # Labels every series may carry besides its own (target labels from service discovery).
    extra_labels: frozenset[str] = frozenset()
    # Names the linted queries show to be counters: rated somewhere, or _count/_sum with siblings.
    observed_counters: set[str] = field(default_factory=set)
    # Names read beside their _sum and _count but no _bucket: a summary's quantile series.
    observed_summaries: set[str] = field(default_factory=set)
    # labels_of() results by node, valid while the catalog does not change.
    labels_memo: dict = field(default_factory=dict)
    # Histogram name -> its declared bucket bounds (only for histograms that declare them).
    buckets: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def lookup(self, name: str | None) -> SeriesInfo | None:
        return self.series.get(name) if name else None

    def counter_kind(self, name: str | None) -> str | None:
        """'counter', 'gauge', 'summary', or None when neither catalog nor convention can tell."""
        if not name:
            return None
        info = self.series.get(name)
        if info is not None:
            return info.type
        if ":" in name:
            return None
        if name in self.observed_summaries:
            return "summary"
        if name.endswith(COUNTER_SUFFIXES) or name in self.observed_counters:
            return "counter"
        return None

    def observe(self, names: set[str], rated: set[str]) -> None:
        """Learn counters from how the linted queries use names the catalog does not know."""
        for name in names:
            if name not in self.series and {f"{name}_sum", f"{name}_count"} <= names and f"{name}_bucket" not in names:
                self.observed_summaries.add(name)
            if name in self.series or not name.endswith(SIBLING_SUFFIXES):
                continue
            base = name.rsplit("_", 1)[0]
            if name in rated or f"{base}_bucket" in names or {f"{base}_sum", f"{base}_count"} <= names:
                self.observed_counters.add(name)

    def labels_of_series(self, name: str | None) -> frozenset[str] | None:
        info = self.lookup(name)
        if info is None or info.labels is None:
            return None
        return info.labels | self.extra_labels

    def add_metric(self, name: str, type_: str, labels, where: str = "") -> None:
        """A catalog metric with all of its series (histogram _bucket/_sum/_count and so on)."""
        for series, (kind, series_labels) in metric_series(name, type_, labels).items():
            self.series[series] = SeriesInfo(series, kind, series_labels, "catalog", metric=name, where=where)
        self.has_catalog = True

    def add_recording_rules(self, rules) -> None:
        """Series recorded by `rules`, given as (name, AST node or None, static labels, where), become
        known with the labels their expressions keep. Records of one name write series that
        carry any of their label sets; a catalog metric of that name is left as declared."""
        from monitoring_codegen.promql.analysis import uses_rate, value_kind
        from monitoring_codegen.promql.ast import Aggregate
        from monitoring_codegen.promql.labels import labels_of

        by_name: dict[str, list] = {}
        declared = set(self.series)  # catalog metrics keep their declaration
        for name, node, static, where in rules:
            if name and name not in declared:
                by_name.setdefault(name, []).append((node, static, where))
        # Two passes: a record may read a record declared further down.
        for _ in range(2):
            for name, recorded in by_name.items():
                labels: frozenset[str] | None = frozenset()
                kinds: set[str | None] = set()
                rated = aggregated = False
                for node, static, _ in recorded:
                    if node is None:
                        labels, kinds = None, {None}
                        continue
                    found = labels_of(node, self)
                    labels = None if labels is None or found.open else labels | found.known | frozenset(static)
                    kind = value_kind(node, self)
                    kinds.add(kind)
                    rated = rated or uses_rate(node, self)
                    aggregated = aggregated or (
                        kind == "counter" and any(isinstance(n, Aggregate) for n in node.walk())
                    )
                self.labels_memo.clear()
                self.series[name] = SeriesInfo(
                    name,
                    "counter" if kinds == {"counter"} else "gauge",
                    labels,
                    "recording",
                    rated=rated,
                    aggregated_counter=aggregated,
                    where=recorded[0][2],
                )
        self.labels_memo.clear()

    def catalog_labels(self) -> dict[str, frozenset[str]]:
        return {n: s.labels for n, s in self.series.items() if s.origin == "catalog" and s.labels is not None}


def catalog_from_model(model, extra_labels=(), records: bool = False) -> SeriesCatalog:
    """The model's metrics; with `records`, its recording rules' series too."""
    catalog = SeriesCatalog(extra_labels=frozenset(extra_labels))
    if model is None:
        return catalog
    for metric in model.metrics:
        where = metric.source.display(model.root) if metric.source else ""
        catalog.add_metric(metric.name, metric.type, metric.labels, where)
        if metric.type == "histogram" and metric.buckets:
            catalog.buckets[metric.name] = tuple(float(b) for b in metric.buckets)
    if records:
        from monitoring_codegen.promql.parse import parse_node

        def node(expr: str):
            try:
                return parse_node(expr)
            except (ValueError, TypeError):
                return None

        catalog.add_recording_rules(
            (
                record.record,
                node(record.rendered_expr()),
                record.labels,
                record.source.display(model.root) if record.source else "",
            )
            for record in model.records()
        )
    return catalog


def catalog_from_specs(specs, extra_labels=()) -> SeriesCatalog:
    """From plain dicts {"name", "type", "labels"}: rule examples and tests."""
    catalog = SeriesCatalog(extra_labels=frozenset(extra_labels))
    for spec in specs:
        catalog.add_metric(spec["name"], spec["type"], spec.get("labels", ()))
        if spec.get("buckets"):
            catalog.buckets[spec["name"]] = tuple(float(b) for b in spec["buckets"])
    return catalog
