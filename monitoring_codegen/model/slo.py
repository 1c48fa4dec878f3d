"""Service level objectives: `SLO(service=..., name=..., objective=99.9, sli=SLO.ratio(...))`.

An SLO becomes sloth's rules (monitoring_codegen/slo/rules.py): error ratios over the alert
windows, budget metadata and a page and a ticket burn-rate alert, each alert with promtool
tests that it fires just above its burn thresholds and stays silent just below. The rules
are ordinary rule groups of the model, so `mcg build`, `mcg test`, environments and lint
treat them like hand-written ones.

    SLO(service="api", name="availability", objective=99.9, period="30d",
        sli=SLO.ratio(errors='http_requests_total{status_code=~"5.."}', total="http_requests_total"))
    SLO(..., sli=SLO.latency(histogram="llm_request_duration_seconds", threshold=8))
    SLO(..., sli=SLO.raw("1 - avg_over_time(up{job='api'}[{{ window }}])"))

Whether the metrics exist in the catalog, are counters, and whether a latency threshold is
one of the histogram's buckets is checked against the catalog when the model is rendered.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import (
    AlertName,
    AlertRuleLabels,
    AlertTemplates,
    LabelMap,
    LintIgnore,
    PositiveDuration,
)
from monitoring_codegen.slo.windows import BurnWindow, BurnWindows

# sloth's conventions.NameRegexp: service and SLO names end up in rule group names and labels.
_NAME_RE = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]\Z")
# `{{ window }}`, and sloth's `{{.window}}`.
WINDOW_RE = re.compile(r"\{\{\s*\.?window\s*\}\}")


def _sloth_name(value: str) -> str:
    if not isinstance(value, str) or not _NAME_RE.match(value):
        raise ValueError(
            f"{value!r} must be letters, digits, '-', '_' or '.', starting and ending with a "
            "letter or digit (it becomes part of rule group names and the sloth_id label)"
        )
    return value


SlothName = Annotated[str, AfterValidator(_sloth_name)]


def fill_window(template: str, window: str) -> str:
    return WINDOW_RE.sub(window, template)


def _windowed(template: str, what: str) -> str:
    if not isinstance(template, str) or not template.strip():
        raise ValueError(f"{what} must be a non-empty PromQL expression")
    if not WINDOW_RE.search(template):
        raise ValueError(f"{what} must use {{{{ window }}}} where the range goes, e.g. rate(x[{{{{ window }}}}])")
    from monitoring_codegen.promql.parse import parse_expr

    try:
        parse_expr(fill_window(template, "5m"))
    except ValueError as exc:
        raise ValueError(f"{what} does not parse: {getattr(exc, 'reason', exc)}") from None
    return template


def parse_selector(text: str, what: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """(metric name, label matchers) of a plain series selector such as `x{code=~"5.."}`."""
    from monitoring_codegen.promql.ast import Selector, convert
    from monitoring_codegen.promql.parse import parse_expr

    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{what} must be a series selector like 'http_requests_total{{code=~\"5..\"}}'")
    try:
        node = convert(parse_expr(text))
    except ValueError as exc:
        raise ValueError(f"{what} {text!r} does not parse: {getattr(exc, 'reason', exc)}") from None
    if (
        not isinstance(node, Selector)
        or node.range is not None
        or node.offset
        or node.at
        or node.or_groups
        or not node.name
    ):
        raise ValueError(
            f"{what} {text!r} must be one metric with label matchers, e.g. "
            "'http_requests_total{code=~\"5..\"}': mcg adds rate() and sum()"
        )
    return node.name, tuple(m for m in node.matchers if m[0] != "__name__")


def _selector_text(name: str, matchers) -> str:
    import json

    inner = ",".join(f"{label}{op}{json.dumps(value)}" for label, op, value in matchers)
    return f"{name}{{{inner}}}" if inner else name


class _SLI(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def error_query(self) -> str | None:
        """sloth's `error_query` with `{{ window }}`, or None for a raw error ratio."""
        return None

    def total_query(self) -> str | None:
        return None

    def error_ratio(self, window: str) -> str:
        """The error ratio over `window`, exactly as sloth renders an events SLI."""
        error_query, total_query = self.error_query(), self.total_query()
        assert error_query is not None and total_query is not None  # a raw SLI has its own error_ratio
        return f"({fill_window(error_query, window)})\n/\n({fill_window(total_query, window)})\n"

    def events(self, window: str) -> str | None:
        """Events counted in `window` (the traffic guard), when the SLI counts events."""
        total = self.total_query()
        return None if total is None else fill_window(total, window).replace("rate(", "increase(")

    def metrics(self) -> list[tuple[str, str, tuple]]:
        """(role, metric name, matchers) of every catalog series the SLI reads."""
        return []


class RatioSLI(_SLI):
    """Errors (or good events) over all events, from counters: `sum(rate(errors)) / sum(rate(total))`."""

    kind: Literal["ratio"] = "ratio"
    errors: str | None = None
    good: str | None = None
    total: str

    @model_validator(mode="after")
    def _one_of(self) -> RatioSLI:
        if (self.errors is None) == (self.good is None):
            raise ValueError("give errors= or good= (with total=), not both and not neither")
        for role in ("errors", "good", "total"):
            value = getattr(self, role)
            if value is not None:
                parse_selector(value, role)
        return self

    def _rate(self, selector: str) -> str:
        return f"sum(rate({selector}[{{{{ window }}}}]))"

    def error_query(self) -> str:
        if self.errors is not None:
            return self._rate(self.errors)
        assert self.good is not None  # _one_of: errors= or good=
        return f"{self._rate(self.total)} - {self._rate(self.good)}"

    def total_query(self) -> str:
        return self._rate(self.total)

    def metrics(self):
        return [
            (role, *parse_selector(getattr(self, role), role))
            for role in ("errors", "good", "total")
            if getattr(self, role) is not None
        ]


class LatencySLI(_SLI):
    """Requests slower than `threshold` over all requests, from a histogram whose buckets include it."""

    kind: Literal["latency"] = "latency"
    histogram: str
    threshold: float
    # Label matchers of the requests that count: 'route="/chat"' or '{route="/chat"}'.
    selector: str = ""

    @field_validator("selector")
    @classmethod
    def _selector(cls, value: str) -> str:
        inner = value.strip()
        if inner.startswith("{") and inner.endswith("}"):
            inner = inner[1:-1].strip()
        if inner:
            parse_selector(f"x{{{inner}}}", "selector")
        return inner

    def _matchers(self) -> tuple:
        return parse_selector(f"x{{{self.selector}}}", "selector")[1] if self.selector else ()

    def _series(self, suffix: str, extra: str = "") -> str:
        inner = ",".join(part for part in (self.selector, extra) if part)
        return f"{self.histogram}_{suffix}" + (f"{{{inner}}}" if inner else "")

    def error_query(self) -> str:
        from monitoring_codegen.promql.buckets import le_matcher

        count = f"sum(rate({self._series('count')}[{{{{ window }}}}]))"
        fast = f"sum(rate({self._series('bucket', le_matcher(self.threshold))}[{{{{ window }}}}]))"
        return f"{count} - {fast}"

    def total_query(self) -> str:
        return f"sum(rate({self._series('count')}[{{{{ window }}}}]))"

    def metrics(self):
        return [("histogram", self.histogram, self._matchers())]


class EventsSLI(_SLI):
    """sloth's events SLI: any error and total queries with `{{ window }}`."""

    kind: Literal["events"] = "events"
    error_query_: str = Field(alias="error_query")
    total_query_: str = Field(alias="total_query")
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _queries(self) -> EventsSLI:
        _windowed(self.error_query_, "error_query")
        _windowed(self.total_query_, "total_query")
        return self

    def error_query(self) -> str:
        return self.error_query_

    def total_query(self) -> str:
        return self.total_query_


class RawSLI(_SLI):
    """An error ratio written out: any expression with `{{ window }}` returning 0..1."""

    kind: Literal["raw"] = "raw"
    error_ratio_query: str

    @field_validator("error_ratio_query")
    @classmethod
    def _query(cls, value: str) -> str:
        return _windowed(value, "error_ratio_query")

    def error_ratio(self, window: str) -> str:
        return f"({fill_window(self.error_ratio_query, window)})"


SLI = RatioSLI | LatencySLI | EventsSLI | RawSLI


def _sli(cls, **fields):
    from pydantic import ValidationError

    from monitoring_codegen.errors import DefinitionError
    from monitoring_codegen.model.definition import format_validation_error
    from monitoring_codegen.model.source import caller_location

    try:
        return cls(**fields)
    except ValidationError as exc:
        raise DefinitionError(
            f"sli: {format_validation_error(exc, cls)}", kind="SLO", location=caller_location(2)
        ) from None


class SLOAlert(BaseModel):
    """The page or the ticket alert of an SLO: on or off, and its own labels and annotations."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    labels: AlertRuleLabels = Field(default_factory=dict)
    annotations: AlertTemplates = Field(default_factory=dict)


class BudgetAlerts(BaseModel):
    """The error budget policy: an alert when the budget left of the period falls below a level.

    Levels are percentages of the period's budget; 0 means exhausted. Each level's alert fires
    while the budget left is in its band (below it, at or above the next lower level), so one
    alert at a time says how much is left. They are routed like tickets (`sloth_severity:
    ticket` and the ticket's labels), with `labels` on top."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    levels: tuple[float, ...] = (50, 25, 0)
    # None -> <Service><Name>ErrorBudgetLow.
    alert: AlertName | None = None
    labels: AlertRuleLabels = Field(default_factory=dict)
    annotations: AlertTemplates = Field(default_factory=dict)

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: tuple[float, ...]) -> tuple[float, ...]:
        if not value:
            raise ValueError("give at least one level (percent of the budget left, 0 for exhausted)")
        for level in value:
            if not 0 <= level < 100:
                raise ValueError(f"level {level:g} is not a percentage of the budget left in [0, 100)")
        if len(set(value)) != len(value):
            raise ValueError("levels repeat")
        return tuple(sorted(value, reverse=True))


# Accepted lint findings on the generated rules, with the reason the report shows.
_ALERT_LINT_IGNORE = {
    "ALR002": "a multi-window burn-rate alert needs no `for`: its short window already requires the burn "
    "to go on (SRE workbook, alerting on SLOs)"
}
_BUDGET_LINT_IGNORE = {
    "ALR002": "the budget left is a mean over the whole period: it moves slowly and a `for` only delays the ticket"
}
_INFO_LINT_IGNORE = {"RUL001": "sloth's metric name, which sloth's Grafana dashboards read"}


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_.]", text) if part)


class SLO(Definition):
    kind: ClassVar[str] = "SLO"

    service: SlothName
    name: SlothName
    description: str = ""
    # Percent of good events, e.g. 99.9.
    objective: float
    period: PositiveDuration = "30d"
    sli: SLI = Field(discriminator="kind")
    # Labels on every recorded series of this SLO (sloth: the spec's and the SLO's labels).
    labels: LabelMap = Field(default_factory=dict)
    # The burn-rate alerts: one name for both, as sloth does; None -> <Service><Name>ErrorBudgetBurn.
    alert: AlertName | None = None
    alert_labels: AlertRuleLabels = Field(default_factory=dict)
    alert_annotations: AlertTemplates = Field(default_factory=dict)
    page: SLOAlert = Field(default_factory=SLOAlert)
    ticket: SLOAlert = Field(default_factory=SLOAlert)
    alerts: bool = True
    # Error budget policy: alerts when the budget left falls below levels; None -> none.
    budget_alerts: BudgetAlerts | None = Field(default_factory=BudgetAlerts)
    # rule id -> reason: accepted findings of the slo/ lint rules for this SLO.
    lint_ignore: LintIgnore = Field(default_factory=dict)
    # Alert windows and budget shares; None -> sloth's for the period (see slo/windows.py).
    windows: BurnWindows | None = None
    # No burn alert while the long window holds fewer events than this (needs an SLI that counts events).
    min_events: int | None = None
    # Generate promtool tests of the alerts (ratio and latency SLIs, whose input series mcg can write).
    tests: bool = True
    # Labels of `sloth_slo_info` saying what generated the rules.
    info: dict[str, str] = Field(
        default_factory=lambda: {"sloth_mode": "mcg", "sloth_spec": "mcg/SLO", "sloth_version": "mcg"}
    )

    _rule_groups: list = PrivateAttr(default_factory=list)

    def __init__(self, /, **data: Any) -> None:
        super().__init__(**data)
        self._rule_groups = self.made(self._build_rule_groups)

    def _build_rule_groups(self) -> list:
        from monitoring_codegen.model.rules import AlertRule, RecordingRule, RuleGroup
        from monitoring_codegen.slo.alert_tests import alert_tests, budget_tests, record_tests
        from monitoring_codegen.slo.rules import BUDGET_GROUP_PREFIX, rule_groups

        rules = self.rules()
        groups = []
        for group in rule_groups(rules):
            built: list[AlertRule | RecordingRule] = []
            for rule in group["rules"]:
                if "alert" in rule and group["name"].startswith(BUDGET_GROUP_PREFIX):
                    tests = budget_tests(self, rules, rule) if self.tests else []
                    built.append(AlertRule(**rule, tests=tests, lint_ignore=_BUDGET_LINT_IGNORE))
                elif "alert" in rule:
                    severity = rule["labels"]["sloth_severity"]
                    tests = alert_tests(self, rules, severity) if self.tests else []
                    built.append(AlertRule(**rule, tests=tests, lint_ignore=_ALERT_LINT_IGNORE))
                else:
                    tests = record_tests(self, rules, rule) if self.tests else []
                    ignore = _INFO_LINT_IGNORE if rule["record"] == "sloth_slo_info" else {}
                    built.append(RecordingRule(**rule, tests=tests, lint_ignore=ignore))
            groups.append(RuleGroup(name=group["name"], rules=built, file=f"slo-{self.service}"))
        return groups

    @property
    def key(self) -> str:
        return f"{self.service}-{self.name}"

    @property
    def rule_groups(self) -> list:
        """The RuleGroups this SLO made (registered beside it, so the model holds them)."""
        return list(self._rule_groups)

    @model_validator(mode="after")
    def _consistent(self) -> SLO:
        from monitoring_codegen.slo.rules import RESERVED_LABELS

        if not 0 < self.objective < 100:
            raise ValueError(f"objective is a percentage of good events in (0, 100), got {self.objective}")
        reserved = sorted(set(self.labels) & RESERVED_LABELS)
        if reserved:
            raise ValueError(f"labels: {', '.join(reserved)} are set by mcg on every SLO series")
        if self.min_events is not None:
            if self.min_events < 1:
                raise ValueError("min_events must be at least 1")
            if self.sli.total_query() is None:
                raise ValueError(
                    "min_events needs an SLI that counts events (ratio, latency or events), not a raw error ratio"
                )
        try:
            self.burn_windows()
        except ValueError as exc:
            raise ValueError(f"period: {exc}") from None
        return self

    def burn_windows(self) -> BurnWindows:
        from monitoring_codegen.model.durations import parse_duration

        windows = self.windows or BurnWindows.for_period(self.period)
        too_long = [w.long for w in windows.pairs().values() if parse_duration(w.long) >= parse_duration(self.period)]
        if too_long:
            raise ValueError(f"alert window {too_long[0]} is not shorter than the period {self.period}")
        return windows

    @property
    def alert_name(self) -> str:
        return self.alert or f"{_camel(self.service)}{_camel(self.name)}ErrorBudgetBurn"

    @property
    def budget_alert_name(self) -> str:
        policy = self.budget_alerts
        return (policy.alert if policy else None) or f"{_camel(self.service)}{_camel(self.name)}ErrorBudgetLow"

    def rules(self):
        """What slo/rules.py makes the rules from."""
        from monitoring_codegen.slo.rules import AlertMeta, BudgetMeta, SLORules

        def meta(alert: SLOAlert) -> AlertMeta | None:
            if not (self.alerts and alert.enabled):
                return None
            return AlertMeta(
                name=self.alert_name,
                labels={**self.alert_labels, **alert.labels},
                annotations={**self.alert_annotations, **alert.annotations},
            )

        return SLORules(
            service=self.service,
            name=self.name,
            objective=self.objective,
            period=self.period,
            error_ratio=self.sli.error_ratio,
            labels=dict(self.labels),
            windows=self.burn_windows(),
            page=meta(self.page),
            ticket=meta(self.ticket),
            info_labels=dict(self.info),
            min_events=(self.sli.events, self.min_events) if self.min_events is not None else None,
            budget=self._budget_meta(BudgetMeta),
        )

    def _budget_meta(self, meta_class):
        policy = self.budget_alerts
        if not (self.alerts and policy is not None and policy.enabled):
            return None
        return meta_class(
            name=self.budget_alert_name,
            levels=policy.levels,
            labels={**self.alert_labels, **self.ticket.labels, **policy.labels},
            # Not alert_annotations: those describe the burn, not the budget left.
            annotations=dict(policy.annotations),
        )

    # Shortcuts, so a definition reads `sli=SLO.ratio(errors=..., total=...)`; a mistake is
    # reported at that line.
    @staticmethod
    def ratio(*, total: str, errors: str | None = None, good: str | None = None) -> RatioSLI:
        return _sli(RatioSLI, errors=errors, good=good, total=total)

    @staticmethod
    def latency(*, histogram: str, threshold: float, selector: str = "") -> LatencySLI:
        return _sli(LatencySLI, histogram=histogram, threshold=threshold, selector=selector)

    @staticmethod
    def events(*, error_query: str, total_query: str) -> EventsSLI:
        return _sli(EventsSLI, error_query=error_query, total_query=total_query)

    @staticmethod
    def raw(error_ratio_query: str) -> RawSLI:
        return _sli(RawSLI, error_ratio_query=error_ratio_query)

    @classmethod
    def from_sloth(cls, path: str, **overrides: Any) -> list[SLO]:
        """Every SLO of a sloth `prometheus/v1` spec file (relative paths from the calling file)."""
        from monitoring_codegen.slo.sloth import slos_from_file

        return slos_from_file(path, **overrides)


__all__ = [
    "SLO",
    "BudgetAlerts",
    "SLI",
    "RatioSLI",
    "LatencySLI",
    "EventsSLI",
    "RawSLI",
    "SLOAlert",
    "BurnWindow",
    "BurnWindows",
]
