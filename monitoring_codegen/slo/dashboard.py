"""SLO dashboards, generated from SLO definitions: one per service, one row per SLO.

    SLO_DASHBOARDS = slo_dashboards([API_AVAILABILITY, LLM_LATENCY], folder="SLOs")

Each row answers, for one SLO: is the SLI above its objective (over the period, and over
time), how fast is the budget burning in every alert window (with the alert thresholds drawn
at the burn rates that page or open a ticket), how much budget is left of the period (with
the budget policy's levels drawn), and which of its alerts fire. Every query reads the rules
the SLO generates (`slo:*` records, `ALERTS{sloth_id=...}`), so it shows data as soon as
Prometheus loads them; the thresholds are this SLO's own (its windows, its budget policy).

The boards are ordinary `Dashboard` definitions built with grafanalib, so the dashboard
renderer's defaults (datasource, layout, ids) and `mcg lint` apply to them as to any other.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from grafanalib import core as G

from monitoring_codegen.model.durations import parse_duration
from monitoring_codegen.slo.rules import BUDGET_RECORD, label_filter, sli_record_name
from monitoring_codegen.slo.windows import prometheus_duration

# Grafana's limit on uid length.
_MAX_UID = 40
# Colours of the burn-rate thresholds, lowest burn rate first (ticket slow ... page quick).
_BURN_COLOURS = ("yellow", "orange", "red", "dark-red")


def slo_dashboards(
    slos: Iterable,
    *,
    folder: str = "SLOs",
    uid_prefix: str = "slo-",
    datasource: str | None = None,
    tags: Iterable[str] = ("slo",),
) -> list:
    """One `Dashboard` per service of `slos` (uid `<uid_prefix><service>`), in service order.

    `datasource`: a Prometheus datasource name or uid; None uses the default datasource."""
    from monitoring_codegen.model.dashboards import Dashboard

    by_service: dict[str, list] = {}
    for slo in slos:
        by_service.setdefault(slo.service, []).append(slo)
    boards = []
    for service, members in sorted(by_service.items()):
        panels: list = []
        for slo in sorted(members, key=lambda s: s.name):
            panels.extend(_slo_panels(slo, datasource))
        # Which SLOs of the service to show (all by default); every query filters on it.
        slo_variable = G.Template(
            name="slo",
            label="SLO",
            query=f"label_values(sloth_slo_info{label_filter({'sloth_service': service})}, sloth_slo)",
            dataSource=datasource,
            includeAll=True,
            multi=True,
            allValue=".*",
            refresh=2,
            sort=1,
        )
        board = G.Dashboard(
            title=f"SLOs: {service}",
            templating=G.Templating(list=[slo_variable]),
            uid=_uid(uid_prefix, service),
            description=f"Service level objectives of {service}: SLIs, burn rates, error budget and SLO alerts.",
            tags=sorted({*tags, service}),
            panels=panels,
            timezone="browser",
            refresh="1m",
            time=G.Time("now-7d", "now"),
            graphTooltip=1,
        )
        boards.append(Dashboard(folder=folder, board=board))
    return boards


def _uid(prefix: str, service: str) -> str:
    uid = prefix + re.sub(r"[^A-Za-z0-9_-]", "-", service)
    if len(uid) <= _MAX_UID:
        return uid
    digest = hashlib.sha256(uid.encode()).hexdigest()[:8]
    return f"{uid[: _MAX_UID - 9]}-{digest}"


def _target(expr: str, legend: str = "", ref: str = "A", instant: bool = False) -> G.Target:
    return G.Target(expr=expr, legendFormat=legend, refId=ref, instant=instant)


def _steps(base: str, steps: list[tuple[str, float]]) -> list[G.Threshold]:
    return [G.Threshold(base, 0, 0.0)] + [
        G.Threshold(colour, index, value) for index, (colour, value) in enumerate(steps, start=1)
    ]


def _slo_panels(slo, datasource: str | None) -> list:
    rules = slo.rules()
    # sloth_id names the SLO; sloth_slo=~"$slo" lets the variable hide it.
    selector = f'{{sloth_id="{rules.id}", sloth_slo=~"$slo"}}'
    period = prometheus_duration(parse_duration(slo.period))
    objective = slo.objective / 100
    pairs = slo.burn_windows().pairs()
    # Burn-rate thresholds of the alerts, lowest first: the burn rates that open a ticket or page.
    factors = sorted({pair.factor(slo.period) for pair in pairs.values()})
    burn_steps = [(_BURN_COLOURS[min(i, len(_BURN_COLOURS) - 1)], f) for i, f in enumerate(factors)]
    policy = slo.budget_alerts if slo.alerts and slo.budget_alerts and slo.budget_alerts.enabled else None
    levels = sorted(level / 100 for level in policy.levels) if policy else [0.0]
    budget_colours = ["orange", "yellow", "green"]
    budget_steps = [
        (budget_colours[min(i, len(budget_colours) - 1)], level) for i, level in enumerate(levels) if level > 0
    ]
    short = prometheus_duration(parse_duration(pairs["page_quick"].short))
    long = prometheus_duration(parse_duration(pairs["page_quick"].long))
    windows = rules.windows.durations()

    def burn(window: str) -> str:
        return (
            f"{sli_record_name(window)}{selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\n"
            f"slo:error_budget:ratio{selector}"
        )

    common = {"dataSource": datasource}
    title = f"{slo.name}: {slo.objective:g}% over {period}"
    alerts_firing = f'ALERTS{{alertstate="firing", sloth_id="{rules.id}", sloth_slo=~"$slo"}}'
    return [
        G.RowPanel(title=title),
        G.Stat(
            title=f"SLI over {period}",
            description=f"{slo.description or 'Good events'} Objective: {slo.objective:g}%.",
            targets=[_target(f"1 - {sli_record_name(period)}{selector}", instant=True)],
            format="percentunit",
            decimals=3,
            reduceCalc="lastNotNull",
            graphMode="none",
            thresholds=_steps("red", [("green", objective)]),
            **common,
        ),
        G.Stat(
            title="Error budget left",
            description=f"Share of the {period} error budget not spent yet; below 0 the SLO is missed.",
            targets=[_target(f"{BUDGET_RECORD}{selector}", instant=True)],
            format="percentunit",
            decimals=1,
            reduceCalc="lastNotNull",
            graphMode="none",
            thresholds=_steps("red", budget_steps),
            **common,
        ),
        G.Stat(
            title=f"Burn rate ({short})",
            description="How many times faster than the objective allows the budget burns now (1 = exactly).",
            targets=[_target(f"slo:current_burn_rate:ratio{selector}", instant=True)],
            format="short",
            decimals=2,
            reduceCalc="lastNotNull",
            graphMode="area",
            thresholds=_steps("green", burn_steps),
            **common,
        ),
        G.Stat(
            title="SLO alerts firing",
            description="Burn-rate and error budget alerts of this SLO firing now.",
            targets=[_target(f"count({alerts_firing}) or vector(0)", instant=True)],
            format="short",
            reduceCalc="lastNotNull",
            graphMode="none",
            thresholds=_steps("green", [("red", 1.0)]),
            **common,
        ),
        G.TimeSeries(
            title="SLI against objective",
            description=f"Share of good events over {long} and over the whole {period}, and the objective.",
            targets=[
                _target(f"1 - {sli_record_name(long)}{selector}", f"SLI ({long})", "A"),
                _target(f"1 - {sli_record_name(period)}{selector}", f"SLI ({period})", "B"),
                _target(f"slo:objective:ratio{selector}", "objective", "C"),
            ],
            unit="percentunit",
            legendDisplayMode="list",
            tooltipMode="multi",
            **common,
        ),
        G.TimeSeries(
            title="Burn rate by window",
            description=(
                "Error ratio over each alert window divided by the error budget. Lines: the burn rates "
                "of the alerts ("
                + ", ".join(
                    f"{key.replace('_', ' ')} {pair.short}/{pair.long} at {pair.factor(slo.period):g}"
                    for key, pair in pairs.items()
                )
                + "); an alert fires when both windows of a pair are above its line."
            ),
            targets=[_target(burn(window), window, chr(ord("A") + i)) for i, window in enumerate(windows)],
            unit="short",
            thresholds=_steps("green", burn_steps),
            thresholdsStyleMode="line",
            legendDisplayMode="list",
            tooltipMode="multi",
            **common,
        ),
        G.TimeSeries(
            title=f"Error budget left of the {period}",
            description="Lines: the levels of the error budget policy."
            if policy
            else f"Share of the {period} error budget not spent yet.",
            targets=[_target(f"{BUDGET_RECORD}{selector}", "budget left")],
            unit="percentunit",
            thresholds=_steps("red", budget_steps),
            thresholdsStyleMode="line",
            legendDisplayMode="list",
            **common,
        ),
        G.StateTimeline(
            title="SLO alerts",
            description="Which alerts of this SLO fired when (page, ticket, error budget level).",
            targets=[
                _target(
                    f"count by (alertname, sloth_severity, budget_level) ({alerts_firing})",
                    "{{alertname}} {{sloth_severity}} {{budget_level}}",
                )
            ],
            mergeValues=True,
            showValue="never",
            extraJson={"fieldConfig": {"defaults": {"unit": "none"}}},
            **common,
        ),
    ]
