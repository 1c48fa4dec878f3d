"""The Prometheus rules of an SLO, as sloth (github.com/slok/sloth) generates them.

Three groups per SLO, named as sloth names them so sloth's dashboards and tools read mcg's
rules: `sloth-slo-sli-recordings-<id>` (the error ratio over every alert window and the
period), `sloth-slo-meta-recordings-<id>` (objective, budget, burn rates, remaining budget,
`sloth_slo_info`) and `sloth-slo-alerts-<id>` (the page and ticket burn-rate alerts).
Expressions are sloth's templates (internal/plugin/slo/core/*_v1) filled the way Go fills
them, numbers included, so a spec gives the same rules here as with `sloth generate`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from monitoring_codegen.model.durations import parse_duration
from monitoring_codegen.promql.buckets import go_float
from monitoring_codegen.slo.windows import BurnWindows, prometheus_duration

SLI_GROUP_PREFIX = "sloth-slo-sli-recordings-"
META_GROUP_PREFIX = "sloth-slo-meta-recordings-"
ALERT_GROUP_PREFIX = "sloth-slo-alerts-"
# mcg's own: the error budget policy (sloth has none), beside sloth's groups.
BUDGET_GROUP_PREFIX = "slo-budget-alerts-"
BUDGET_LEVEL_LABEL = "budget_level"
BUDGET_RECORD = "slo:period_error_budget_remaining:ratio"
WINDOW_LABEL = "sloth_window"
SEVERITY_LABEL = "sloth_severity"
# The labels that identify one SLO's series; user labels may not reuse them.
ID_LABELS = ("sloth_id", "sloth_service", "sloth_slo")
RESERVED_LABELS = frozenset({*ID_LABELS, WINDOW_LABEL})


def label_filter(labels: dict[str, str]) -> str:
    """Prometheus' LabelSet.String(): `{a="x", b="y"}`, sorted, Go-quoted values."""
    return "{" + ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in sorted(labels.items())) + "}"


def sli_record_name(window: str) -> str:
    return f"slo:sli_error:ratio_rate{window}"


@dataclass
class AlertMeta:
    """One of an SLO's two alerts (sloth's PromAlertMeta)."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)


@dataclass
class BudgetMeta:
    """The error budget policy's alerts: one per level, each firing in its band of budget left."""

    name: str
    levels: tuple[float, ...]  # percent of the budget left, highest first; 0 is "exhausted"
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)

    def bands(self) -> list[tuple[float, float | None]]:
        """(level, next lower level or None) as ratios of the budget, highest first."""
        ratios = [level / 100 for level in self.levels]
        return [(ratio, ratios[i + 1] if i + 1 < len(ratios) else None) for i, ratio in enumerate(ratios)]

    @staticmethod
    def level_name(level: float) -> str:
        return "exhausted" if level == 0 else f"{level * 100:g}%"

    @staticmethod
    def band_of(remaining: float, bands: list[tuple[float, float | None]]) -> float | None:
        """The level whose alert fires when `remaining` of the budget is left (None: no alert)."""
        for level, lower in bands:
            if level == 0:
                if remaining <= 0:
                    return level
            elif remaining < level and (lower is None or (remaining > 0 if lower == 0 else remaining >= lower)):
                return level
        return None


@dataclass
class SLORules:
    """What rules are made from; filled by the SLO definition or a sloth spec."""

    service: str
    name: str
    objective: float
    period: str
    # window -> the error ratio over it, sloth's event or raw SLI already filled in.
    error_ratio: Any  # Callable[[str], str]
    labels: dict[str, str]
    windows: BurnWindows
    page: AlertMeta | None
    ticket: AlertMeta | None
    info_labels: dict[str, str]
    # Optional traffic guard: (expression of the events in a window, minimum count).
    min_events: tuple[Any, int] | None = None
    # Optional error budget policy.
    budget: BudgetMeta | None = None

    @property
    def id(self) -> str:
        return f"{self.service}-{self.name}"

    def id_labels(self) -> dict[str, str]:
        return {"sloth_id": self.id, "sloth_service": self.service, "sloth_slo": self.name}

    def error_budget_ratio(self) -> float:
        # sloth: (100 - objective) / 100, in this order (0.0009999999999999432 for 99.9).
        return (100 - self.objective) / 100


def sli_rules(slo: SLORules) -> list[dict[str, Any]]:
    period = prometheus_duration(parse_duration(slo.period))
    rules = []
    windows = slo.windows.durations()
    for window in [*windows, period] if period not in windows else windows:
        if window == period:
            expr = _period_ratio(slo, period)
        else:
            expr = slo.error_ratio(window)
        rules.append(
            {
                "record": sli_record_name(window),
                "expr": expr,
                "labels": _sorted({**slo.id_labels(), WINDOW_LABEL: window, **slo.labels}),
            }
        )
    return rules


def _period_ratio(slo: SLORules, period: str) -> str:
    # sloth's optimized period SLI: the mean of the shortest window's ratio over the period.
    short = sli_record_name(prometheus_duration(parse_duration(slo.windows.page_quick.short)))
    selector = short + label_filter(slo.id_labels())
    return f"sum_over_time({selector}[{period}])\n/ ignoring ({WINDOW_LABEL})\ncount_over_time({selector}[{period}])\n"


def meta_rules(slo: SLORules) -> list[dict[str, Any]]:
    labels = _sorted({**slo.id_labels(), **slo.labels})
    objective_ratio = slo.objective / 100
    filt = label_filter(slo.id_labels())
    quick_short = prometheus_duration(parse_duration(slo.windows.page_quick.short))
    period = prometheus_duration(parse_duration(slo.period))

    def burn_rate(window: str) -> str:
        return (
            f"{sli_record_name(window)}{filt}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\n"
            f"slo:error_budget:ratio{filt}\n"
        )

    info = _sorted({**labels, **slo.info_labels, "sloth_objective": _go_float_f(slo.objective)})
    rules: list[dict[str, Any]] = [
        {"record": "slo:objective:ratio", "expr": f"vector({go_float(objective_ratio)})", "labels": labels},
        {"record": "slo:error_budget:ratio", "expr": f"vector(1-{go_float(objective_ratio)})", "labels": labels},
        {
            "record": "slo:time_period:days",
            "expr": f"vector({go_float(parse_duration(slo.period) / 86400)})",
            "labels": labels,
        },
        {"record": "slo:current_burn_rate:ratio", "expr": burn_rate(quick_short), "labels": labels},
        {"record": "slo:period_burn_rate:ratio", "expr": burn_rate(period), "labels": labels},
        {
            "record": "slo:period_error_budget_remaining:ratio",
            "expr": f"1 - slo:period_burn_rate:ratio{filt}",
            "labels": labels,
        },
        {"record": "sloth_slo_info", "expr": "vector(1)", "labels": info},
    ]
    # One dict per rule: YAML would write a shared one as an anchor and aliases.
    return [{**rule, "labels": dict(rule["labels"])} for rule in rules]


def _go_float_f(value: float) -> str:
    # strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent.
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def alert_expr(slo: SLORules, quick_name: str, slow_name: str) -> str:
    """sloth's multi-window multi-burn-rate expression: (quick short and long) or (slow short and
    long); with a traffic guard each pair also needs enough events in its long window."""
    budget = go_float(slo.error_budget_ratio())
    filt = label_filter(slo.id_labels())
    parts = []
    for key in (quick_name, slow_name):
        pair = slo.windows.pairs()[key]
        factor = go_float(pair.factor(slo.period))
        lines = [
            f"max({sli_record_name(window)}{filt} > ({factor} * {budget})) without ({WINDOW_LABEL})"
            for window in (
                prometheus_duration(parse_duration(pair.short)),
                prometheus_duration(parse_duration(pair.long)),
            )
        ]
        if slo.min_events is not None:
            events, minimum = slo.min_events
            lines.append(f"on() ({events(prometheus_duration(parse_duration(pair.long)))} >= {minimum})")
        parts.append("(\n" + "\n    and\n".join("    " + line for line in lines) + "\n)")
    return "\nor\n".join(parts) + "\n"


def alert_rules(slo: SLORules) -> list[dict[str, Any]]:
    rules = []
    for severity, meta, quick, slow in (
        ("page", slo.page, "page_quick", "page_slow"),
        ("ticket", slo.ticket, "ticket_quick", "ticket_slow"),
    ):
        if meta is None:
            continue
        annotations = {
            "title": f"({severity}) {{{{$labels.sloth_service}}}} {{{{$labels.sloth_slo}}}} SLO error budget "
            "burn rate is too fast.",
            "summary": "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.",
            **meta.annotations,
        }
        rules.append(
            {
                "alert": meta.name,
                "expr": alert_expr(slo, quick, slow),
                "labels": _sorted({SEVERITY_LABEL: severity, **meta.labels}),
                "annotations": _sorted(annotations),
            }
        )
    return rules


def budget_alert_rules(slo: SLORules) -> list[dict[str, Any]]:
    """One alert per level of the budget policy, firing while the budget left is in its band:
    below the level and at or above the next lower one (above 0 when that is "exhausted"),
    so the alert says how much is left and only one fires at a time."""
    policy = slo.budget
    if policy is None:
        return []
    remaining = f"max({BUDGET_RECORD}{label_filter(slo.id_labels())}) without ({WINDOW_LABEL})"
    period = prometheus_duration(parse_duration(slo.period))
    rules = []
    for level, lower in policy.bands():
        if level == 0:
            condition, left = f"{remaining} <= 0", "is exhausted"
        else:
            condition = f"{remaining} < {go_float(level)}"
            if lower is not None:
                condition += " > 0" if lower == 0 else f" >= {go_float(lower)}"
            left = f"has less than {level * 100:g}% left"
        annotations = {
            "title": f"{{{{$labels.sloth_service}}}} {{{{$labels.sloth_slo}}}} SLO error budget {left}.",
            "summary": f"The {period} error budget of {{{{$labels.sloth_service}}}} {{{{$labels.sloth_slo}}}} {left}.",
            **policy.annotations,
        }
        rules.append(
            {
                "alert": policy.name,
                "expr": condition + "\n",
                "labels": _sorted(
                    {SEVERITY_LABEL: "ticket", **policy.labels, BUDGET_LEVEL_LABEL: policy.level_name(level)}
                ),
                "annotations": _sorted(annotations),
            }
        )
    return rules


def rule_groups(slo: SLORules) -> list[dict[str, Any]]:
    """sloth's three groups, in sloth's order (the alert group only when an alert is on), then
    mcg's error budget policy group when there is one."""
    groups = [
        {"name": SLI_GROUP_PREFIX + slo.id, "rules": sli_rules(slo)},
        {"name": META_GROUP_PREFIX + slo.id, "rules": meta_rules(slo)},
    ]
    alerts = alert_rules(slo)
    if alerts:
        groups.append({"name": ALERT_GROUP_PREFIX + slo.id, "rules": alerts})
    budget = budget_alert_rules(slo)
    if budget:
        groups.append({"name": BUDGET_GROUP_PREFIX + slo.id, "rules": budget})
    return groups


def _sorted(labels: dict[str, str]) -> dict[str, str]:
    return dict(sorted(labels.items()))
