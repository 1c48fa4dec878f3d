"""The metric catalog: what the applications expose, with types and labels."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import LabelNames, LintIgnore, MetricName
from monitoring_codegen.model.metric_naming import counter_suffix
from monitoring_codegen.promql.series import metric_series

MetricType = Literal["counter", "gauge", "histogram", "summary"]


class Metric(Definition):
    kind: ClassVar[str] = "Metric"

    name: MetricName
    type: MetricType
    help: str
    labels: LabelNames = ()
    unit: str = ""
    buckets: tuple[float, ...] | None = None
    # Grafana unit for panels showing this metric (e.g. "s", "bytes", "currencyUSD").
    grafana_unit: str = ""
    # rule id -> reason: accepted lint findings on this metric (e.g. a deliberate `*_id` label).
    lint_ignore: LintIgnore = Field(default_factory=dict)
    # Who exposes it: "" for the team's own applications (mcg generates their instrumentation),
    # else the program that does (e.g. "prometheus", "alertmanager"), which mcg leaves alone.
    exported_by: str = ""
    # True for a metric `mcg import` inferred from the queries that read it (type from its name
    # and use): its name may break the conventions below, as the program exposing it wrote it.
    inferred: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Metric:
        # refused here: rate() and OpenMetrics rely on it (not on metrics an import inferred from use)
        if not self.inferred and counter_suffix(self.name, self.type):
            if self.type == "counter":
                raise ValueError(f"counter {self.name!r} must end in '_total' (OpenMetrics convention)")
            raise ValueError(f"{self.type} {self.name!r} must not end in '_total': that suffix marks counters")
        if self.buckets is not None:
            if self.type != "histogram":
                raise ValueError("buckets only apply to histograms")
            if list(self.buckets) != sorted(set(self.buckets)):
                raise ValueError("buckets must be strictly increasing")
        if self.unit and not self.name.endswith("_" + self.unit) and f"_{self.unit}_" not in self.name + "_":
            raise ValueError(f"metric {self.name!r} has unit {self.unit!r}: its name should contain '_{self.unit}'")
        if self.type == "histogram" and "le" in self.labels:
            raise ValueError("'le' is reserved for histogram buckets")
        if self.type == "summary" and "quantile" in self.labels:
            raise ValueError("'quantile' is reserved for summary quantiles")
        return self

    def series(self) -> dict[str, frozenset[str]]:
        """Every series name this metric exposes, with its label names (target labels included)."""
        return {name: labels for name, (_, labels) in metric_series(self.name, self.type, self.labels).items()}
