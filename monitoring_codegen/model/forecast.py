"""Forecasts: capacity running out, and the month's spend against a budget.

    CapacityForecast(name="task-queue", metric="task_queue_depth", by=("queue_type",),
                     capacity=1000, fill=0.5, lookback="6h", horizon="4h")
    SpendForecast(name="llm-spend", metric="llm_cost_dollars_total", budget=5000, lookback="1d")

A capacity forecast records `predict_linear` of the summed gauge over `lookback`, `horizon`
ahead, and alerts when that reaches `capacity` while the gauge is already past `fill` of it
(a fill from empty is no news), for `for`. A spend forecast records the month's cost at the
current rate of a cost counter (rate over `lookback` x seconds in the current month) and
alerts when it exceeds `budget`. Each makes one rule group in
prometheus/rules/forecast-<name>.yaml, with promtool tests written by anomaly/forecast.py.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, PrivateAttr, field_validator, model_validator

from monitoring_codegen.model.anomaly import DefinitionName
from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import AlertName, AlertRuleLabels, AlertTemplates, PositiveDuration
from monitoring_codegen.model.slo import _camel, parse_selector

NAME_LABEL = "forecast_name"


class _Forecast(Definition):
    kind: ClassVar[str] = "Forecast"

    name: DefinitionName
    description: str = ""
    metric: str
    by: tuple[str, ...] = ()
    lookback: PositiveDuration
    alert: AlertName | None = None
    severity: str = "warning"
    for_: PositiveDuration = Field(default="30m", alias="for")
    alert_labels: AlertRuleLabels = Field(default_factory=dict)
    alert_annotations: AlertTemplates = Field(default_factory=dict)
    tests: bool = True

    _rule_groups: list = PrivateAttr(default_factory=list)

    def __init__(self, /, **data: Any) -> None:
        super().__init__(**data)
        from monitoring_codegen.anomaly.forecast import forecast_group

        self._rule_groups = self.made(lambda: [forecast_group(self)])

    @property
    def rule_groups(self) -> list:
        return list(self._rule_groups)

    @field_validator("by")
    @classmethod
    def _by(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from monitoring_codegen.model.names import validate_label_name

        for label in value:
            validate_label_name(label)
        if NAME_LABEL in value or len(set(value)) != len(value):
            raise ValueError(f"by: each label once, and not {NAME_LABEL} (mcg sets it)")
        return tuple(value)

    @field_validator("metric")
    @classmethod
    def _metric(cls, value: str) -> str:
        parse_selector(value, "metric")
        return value

    @property
    def alert_name(self) -> str:
        return self.alert or f"{_camel(self.name)}{self._alert_suffix}"

    _alert_suffix: ClassVar[str] = "Forecast"

    def series(self, record: str) -> str:
        return f'{record}{{{NAME_LABEL}="{self.name}"}}'


class CapacityForecast(_Forecast):
    kind: ClassVar[str] = "CapacityForecast"
    _alert_suffix: ClassVar[str] = "WillRunOut"

    capacity: float
    # Alert only once the gauge is past this share of capacity.
    fill: float = 0.5
    horizon: PositiveDuration = "4h"
    lookback: PositiveDuration = "6h"

    @model_validator(mode="after")
    def _numbers(self) -> CapacityForecast:
        if self.capacity <= 0:
            raise ValueError(f"capacity must be above 0, got {self.capacity}")
        if not 0 <= self.fill < 1:
            raise ValueError(f"fill is a share of capacity in [0, 1), got {self.fill}")
        return self


class SpendForecast(_Forecast):
    kind: ClassVar[str] = "SpendForecast"
    _alert_suffix: ClassVar[str] = "OverBudget"

    # The month's budget, in the cost counter's unit.
    budget: float
    lookback: PositiveDuration = "1d"
    for_: PositiveDuration = Field(default="1h", alias="for")

    @model_validator(mode="after")
    def _numbers(self) -> SpendForecast:
        if self.budget <= 0:
            raise ValueError(f"budget must be above 0, got {self.budget}")
        return self


__all__ = ["CapacityForecast", "SpendForecast", "NAME_LABEL"]
