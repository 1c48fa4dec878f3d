"""Anomaly detectors: `AnomalyDetector(name=..., kind="requests", metric="http_requests_total", by=("job",))`.

A detector becomes one rule group in prometheus/rules/anomaly-<name>.yaml (anomaly/rules.py):
the watched value, a baseline and a spread recorded from its own history (mean and standard
deviation, or median and MAD), an upper and a lower band, the value's level in band widths,
and an alert when the level leaves the band for `for`. Its promtool tests are written from
the parameters (anomaly/tests.py): silent at the normal daily peak, firing on a spike (and a
drop, for a lower band), silent under the traffic guard.

    AnomalyDetector(name="llm-tokens", kind="requests", metric="llm_tokens_total", by=("provider",),
                    seasonality="daily", min_traffic=1)
    AnomalyDetector(name="api-p95", kind="latency", metric="http_request_duration_seconds",
                    strategy="robust", quantile=0.95)
    AnomalyDetector(name="custom", kind="resource", expr="sum by (job) (process_open_fds)", by=("job",))

What `metric=` is made into follows the kind: requests and errors rate a counter, latency
takes a quantile of a histogram, resource reads a gauge (or rates a counter, when its name
ends in _total). Whether the metric exists with that type and the kept labels, and whether
an expression keeps them, is checked against the catalog when the model is rendered
(render/anomaly_rules.py).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, PrivateAttr, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import AlertName, AlertRuleLabels, AlertTemplates, PositiveDuration
from monitoring_codegen.model.slo import _NAME_RE, _camel, parse_selector


def _detector_name(value: str) -> str:
    if not isinstance(value, str) or not _NAME_RE.match(value):
        raise ValueError(
            f"{value!r} must be two or more letters, digits, '-', '_' or '.', starting and ending with a letter "
            "or digit (it becomes part of a rule file name and the anomaly_name / forecast_name label)"
        )
    return value


DefinitionName = Annotated[str, AfterValidator(_detector_name)]
Kind = Literal["requests", "latency", "errors", "resource"]
# Which side of the band alerts, when the definition does not say: fewer requests than usual
# is news, fewer errors, a faster answer or less resource use is not.
DEFAULT_DIRECTION = {"requests": "both", "errors": "up", "latency": "up", "resource": "up"}
# The label every recorded series of a detector carries (as in Grafana's promql-anomaly-detection).
NAME_LABEL = "anomaly_name"


class AnomalyDetector(Definition):
    kind: ClassVar[str] = "AnomalyDetector"

    name: DefinitionName
    description: str = ""
    detects: Kind = Field(alias="kind")
    # What to watch: a catalog metric (a selector, `x{status="error"}`) or an expression.
    metric: str | None = None
    expr: str | None = None
    # The labels kept: one band per combination of their values.
    by: tuple[str, ...] = ()
    # adaptive: mean and standard deviation; robust: median and median absolute deviation.
    strategy: Literal["adaptive", "robust"] = "adaptive"
    # none: the last `window` is the baseline; daily / weekly: the same `window` a day / a week ago.
    seasonality: Literal["none", "daily", "weekly"] = "none"
    # Half the band: `width` standard deviations (or scaled MADs) plus `margin` times the baseline.
    width: float = 3.0
    margin: float = 0.1
    window: PositiveDuration = "1h"
    # The spread's window without seasonality (with it, the spread is the seasonal window's).
    history: PositiveDuration = "26h"
    rate_window: PositiveDuration = "5m"
    quantile: float = 0.95
    direction: Literal["up", "down", "both"] | None = None
    # No alert while the traffic averaged over `window` is below this (events per second):
    # bands of a sparse series are noise. `traffic` is a counter selector; without one, a
    # requests detector guards on its own value.
    min_traffic: float | None = None
    traffic: str | None = None
    alert: AlertName | None = None
    severity: str = "warning"
    for_: PositiveDuration = Field(default="15m", alias="for")
    alert_labels: AlertRuleLabels = Field(default_factory=dict)
    alert_annotations: AlertTemplates = Field(default_factory=dict)
    # Generate promtool tests of the alert (needs metric=, and a kind other than latency).
    tests: bool = True

    _rule_groups: list = PrivateAttr(default_factory=list)

    def __init__(self, /, **data: Any) -> None:
        super().__init__(**data)
        from monitoring_codegen.anomaly.rules import detector_group

        self._rule_groups = self.made(lambda: [detector_group(self)])

    @property
    def rule_groups(self) -> list:
        return list(self._rule_groups)

    @field_validator("by")
    @classmethod
    def _by(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from monitoring_codegen.model.names import validate_label_name

        for label in value:
            validate_label_name(label)
        if NAME_LABEL in value:
            raise ValueError(f"by: {NAME_LABEL} is set by mcg on every series of a detector")
        if len(set(value)) != len(value):
            raise ValueError("by: a label is named twice")
        return tuple(value)

    @model_validator(mode="after")
    def _consistent(self) -> AnomalyDetector:
        from monitoring_codegen.model.durations import parse_duration
        from monitoring_codegen.promql.parse import parse_expr

        if (self.metric is None) == (self.expr is None):
            raise ValueError("give metric= (a catalog metric) or expr= (a PromQL expression), not both and not neither")
        if self.metric is not None:
            parse_selector(self.metric, "metric")
        if self.expr is not None:
            try:
                parse_expr(self.expr)
            except ValueError as exc:
                raise ValueError(f"expr does not parse: {getattr(exc, 'reason', exc)}") from None
        if self.traffic is not None:
            parse_selector(self.traffic, "traffic")
        if self.width <= 0:
            raise ValueError(f"width must be above 0 (standard deviations), got {self.width}")
        if self.margin < 0:
            raise ValueError(f"margin must be 0 or more (a share of the baseline), got {self.margin}")
        if not 0 < self.quantile < 1:
            raise ValueError(f"quantile must be in (0, 1), got {self.quantile}")
        if self.min_traffic is not None:
            if self.min_traffic <= 0:
                raise ValueError("min_traffic must be above 0 (events per second)")
            if self.traffic is None and not (self.detects == "requests" and self.metric is not None):
                raise ValueError(
                    "min_traffic needs traffic= (a counter selector of the events behind the value), "
                    "except for a requests detector on metric=, which guards on its own rate"
                )
        elif self.traffic is not None:
            raise ValueError("traffic= is the counter behind min_traffic: give min_traffic too")
        if self.detects == "latency" and self.metric is not None and self.metric.split("{")[0].endswith("_total"):
            raise ValueError("a latency detector on metric= reads a histogram, not a counter")
        period = self.period_seconds()
        if period and parse_duration(self.window) >= period:
            raise ValueError(f"window {self.window} must be shorter than the {self.seasonality} season")
        if parse_duration(self.rate_window) > parse_duration(self.window):
            raise ValueError(f"rate_window {self.rate_window} is longer than window {self.window}")
        return self

    def period_seconds(self) -> int:
        return {"none": 0, "daily": 86400, "weekly": 7 * 86400}[self.seasonality]

    @property
    def alert_direction(self) -> str:
        return self.direction or DEFAULT_DIRECTION[self.detects]

    @property
    def alert_name(self) -> str:
        return self.alert or f"{_camel(self.name)}Anomaly"

    @property
    def selector(self) -> str:
        """`anomaly_name="<name>"`: the matcher of this detector's recorded series."""
        return f'{NAME_LABEL}="{self.name}"'

    def series(self, record: str) -> str:
        return f"{record}{{{self.selector}}}"

    def band_queries(self) -> dict[str, str]:
        """role (value, baseline, upper, lower, level) -> the query a panel draws."""
        from monitoring_codegen.anomaly.panels import band_queries

        return band_queries(self)

    def legend(self) -> str:
        """A legend prefix naming the kept labels: `{{provider}}`."""
        return " ".join(f"{{{{{label}}}}}" for label in self.by)


__all__ = ["AnomalyDetector", "NAME_LABEL"]
