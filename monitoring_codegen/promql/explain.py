"""What `mcg promql` says about one query: its result labels, the series it reads, the
recording rules behind it. Every fact comes from the one place that knows it (labels.py,
catalog.py, dependencies.py); this module only gathers them.

The model is read duck-typed (its `metrics`, `records()` and `root`), like catalog_from_model
does, so promql/ keeps importing nothing above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitoring_codegen.promql.catalog import SeriesCatalog
from monitoring_codegen.promql.dependencies import record_dependencies, selected_names
from monitoring_codegen.promql.labels import is_placeholder, result_labels
from monitoring_codegen.promql.parse import parse_node


@dataclass(frozen=True)
class SeriesRead:
    name: str
    # A catalog metric's declared type (histogram for `x_bucket`), a recorded series' value
    # kind ("counter" or "gauge"); None when the series is unknown.
    type: str | None
    source: str  # "catalog", "recording" or "unknown"
    metric: str | None  # the catalog metric the series belongs to (`x` for `x_bucket`)
    where: str | None  # file:line of its declaration
    direct: bool  # selected by the query itself, not only through a recording rule

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "source": self.source,
            "metric": self.metric,
            "where": self.where,
            "direct": self.direct,
        }


@dataclass(frozen=True)
class RecordRead:
    name: str
    expr: str
    where: str | None

    def to_json(self) -> dict:
        return {"name": self.name, "expr": self.expr, "where": self.where}


@dataclass(frozen=True)
class Explanation:
    expr: str
    labels: list[str] | None  # sorted label names of every result series; None when unknown offline
    metrics: list[SeriesRead]
    recording_rules: list[RecordRead]


def explain_query(expr: str, catalog: SeriesCatalog, model=None) -> Explanation:
    """The facts about `expr` (plain PromQL: Grafana macros already expanded) against `catalog`,
    which holds the model's metrics and recording rules (catalog_from_model(..., records=True)).
    Raises PromQLSyntaxError / ExpressionTooComplex when it does not parse."""
    node = parse_node(expr)
    labels = result_labels(expr, catalog).names()  # the one label inference

    records: dict[str, list[RecordRead]] = {}
    metric_types: dict[str, str] = {}
    if model is not None:
        for record in model.records():
            where = record.source.display(model.root) if record.source else None
            records.setdefault(record.record, []).append(RecordRead(record.record, record.rendered_expr(), where))
        metric_types = {metric.name: metric.type for metric in model.metrics}

    direct = {name for name in selected_names(node) if not is_placeholder(name)}
    names, recorded = record_dependencies([expr], lambda name: [r.expr for r in records.get(name, ())])
    names = {name for name in names if not is_placeholder(name)}

    metrics = [
        _series(name, name in direct, catalog, metric_types)
        for name in sorted(names, key=lambda n: (n not in direct, n))
    ]
    rules = [rule for name in sorted(recorded) for rule in records[name]]
    return Explanation(expr, labels, metrics, rules)


def _series(name: str, direct: bool, catalog: SeriesCatalog, metric_types: dict[str, str]) -> SeriesRead:
    info = catalog.lookup(name)
    if info is None:
        return SeriesRead(name, None, "unknown", None, None, direct)
    where = info.where or None
    if info.origin == "catalog":
        metric = info.metric or name
        return SeriesRead(name, metric_types.get(metric, info.type), "catalog", metric, where, direct)
    return SeriesRead(name, info.type, info.origin, None, where, direct)
