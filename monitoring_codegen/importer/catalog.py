"""A metric catalog from usage: the metrics imported queries read that the catalog lacks.

Each query is parsed once (promql/parse.py, Grafana's variables and macros filled in by
promql/grafana.py); the type of a metric comes from its name and how queries read it, its
labels from the selectors and the groupings (`by`, `without`, `on`, `ignoring`) above them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from monitoring_codegen.importer.pycode import call
from monitoring_codegen.importer.rules import constant_name
from monitoring_codegen.model.names import validate_label_name, validate_metric_name
from monitoring_codegen.promql.ast import Aggregate, Binary, Call, Node, Selector
from monitoring_codegen.promql.functions import COUNTER_FUNCTIONS
from monitoring_codegen.promql.labels import METRIC_NAME, PLACEHOLDER_PREFIX, is_placeholder
from monitoring_codegen.promql.series import TARGET_LABELS

# Labels a metric's declaration never lists: the target labels (every series has them) and
# the ones Prometheus' client libraries add to histogram and summary series.
_IMPLIED_LABELS = frozenset(TARGET_LABELS) | {METRIC_NAME, "le", "quantile"}


@dataclass
class _Use:
    labels: set[str] = field(default_factory=set)
    counted: bool = False  # read by rate(), increase(), irate() or resets()
    quantile: bool = False  # selected with a `quantile` matcher
    histogram: bool = False  # read by histogram_quantile()


@dataclass
class InferredMetric:
    name: str
    type: str
    labels: tuple[str, ...]


class UsageCollector:
    """Series names and labels read by queries; `infer` turns them into metric declarations."""

    def __init__(self) -> None:
        self.uses: dict[str, _Use] = {}

    def add_query(self, expr: str, grafana: bool = False, labels: tuple[str, ...] = ()) -> None:
        """Read one query; `labels`: labels its selectors have besides those it names."""
        from monitoring_codegen.promql.grafana import expand
        from monitoring_codegen.promql.parse import parse_node

        text = expand(expr) if grafana else expr
        try:
            node = parse_node(text)
        except (ValueError, TypeError):
            return  # a query that does not parse tells nothing reliable
        self._walk(node, frozenset(labels), False, False)

    def _walk(self, node: Node, grouping: frozenset[str], counted: bool, histogram: bool) -> None:
        if isinstance(node, Selector):
            self._selector(node, grouping, counted, histogram)
            return
        if isinstance(node, Aggregate):
            grouping = grouping | set(node.by or ()) | set(node.without or ())
        elif isinstance(node, Binary):
            grouping = grouping | set(node.on or ()) | set(node.ignoring or ()) | set(node.group_labels or ())
        elif isinstance(node, Call):
            counted = node.func in COUNTER_FUNCTIONS or (counted and node.func not in ("histogram_quantile",))
            histogram = histogram or node.func == "histogram_quantile"
        for child in node.children():
            if child is not None:
                self._walk(child, grouping, counted, histogram)

    def _selector(self, node: Selector, grouping: frozenset[str], counted: bool, histogram: bool) -> None:
        names = [node.name] if node.name else []
        names += [value for label, op, value in node.matchers if label == METRIC_NAME and op == "="]
        for name in names:
            if is_placeholder(name):
                continue  # a Grafana variable
            use = self.uses.setdefault(name, _Use())
            use.counted |= counted
            use.histogram |= histogram
            for label, _op, _value in node.matchers:
                if label == "quantile":
                    use.quantile = True
                use.labels.add(label)
            use.labels.update(grouping)

    def infer(self, known: Iterable[str]) -> list[InferredMetric]:
        """Declarations for the series read that no known metric or recorded series covers.
        `known`: series names the project's catalog and recording rules already provide."""
        known = set(known)
        histograms = {n[: -len("_bucket")] for n in self.uses if n.endswith("_bucket")}
        summaries = {
            base
            for n, use in self.uses.items()
            for base in [_base(n)]
            if base and base not in histograms and (use.counted or (base in self.uses and self.uses[base].quantile))
        }
        summaries |= {n for n, use in self.uses.items() if use.quantile and n not in histograms}
        merged: dict[str, tuple[str, set[str]]] = {}
        for name, use in sorted(self.uses.items()):
            if name in known or not _valid_metric(name):
                continue
            base = _base(name) or (name[: -len("_bucket")] if name.endswith("_bucket") else None)
            if base in histograms and base:
                metric, kind = base, "histogram"
            elif base in summaries and base and (name != base):
                metric, kind = base, "summary"
            elif name in summaries:
                metric, kind = name, "summary"
            elif name.endswith("_total") or use.counted:
                metric, kind = name, "counter"
            else:
                metric, kind = name, "gauge"
            if metric in known or any(series in known for series in _series_names(metric, kind)):
                continue
            entry = merged.setdefault(metric, (kind, set()))
            entry[1].update(use.labels)
        out = []
        for metric, (kind, labels) in sorted(merged.items()):
            declared = tuple(sorted(label for label in labels if _declarable(label)))
            out.append(InferredMetric(metric, kind, declared))
        return out


def _base(name: str) -> str | None:
    for suffix in ("_sum", "_count"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


def _series_names(metric: str, kind: str) -> list[str]:
    if kind == "histogram":
        return [f"{metric}_bucket", f"{metric}_sum", f"{metric}_count"]
    if kind == "summary":
        return [metric, f"{metric}_sum", f"{metric}_count"]
    return [metric]


def _valid_metric(name: str) -> bool:
    try:
        validate_metric_name(name)
    except ValueError:
        return False
    return True


def _declarable(label: str) -> bool:
    if label in _IMPLIED_LABELS or label.startswith(PLACEHOLDER_PREFIX) or label.startswith("__"):
        return False
    try:
        validate_label_name(label)
    except ValueError:
        return False
    return True


def catalog_module(metrics: list[InferredMetric], sources: list[str]) -> str:
    """The catalog module declaring `metrics`, each marked inferred."""
    taken: set[str] = set()
    blocks = []
    for metric in metrics:
        kwargs: dict = {
            "name": metric.name,
            "type": metric.type,
            "help": "Inferred by mcg import from the queries that read it.",
        }
        if metric.labels:
            kwargs["labels"] = metric.labels
        kwargs["exported_by"] = "unknown"
        kwargs["inferred"] = True
        blocks.append(f"{constant_name(metric.name, taken)} = {call('Metric', **kwargs).text}")
    listed = "\n".join(f"- {source}" for source in sources)
    return (
        '"""Metrics read by imported dashboards and rules that the catalog lacked.\n\n'
        "`mcg import` inferred each type from the metric's name and use (`rate()`, `_total`,\n"
        "`_bucket`, `histogram_quantile`) and its labels from selectors and groupings; check them\n"
        "and write a real `help`. Imported from:\n\n"
        f'{listed}\n"""\n\nfrom monitoring_codegen import Metric\n\n' + "\n\n".join(blocks) + "\n"
    )
