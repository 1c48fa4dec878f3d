"""What reads what, for the docs: the panels of every dashboard (from the JSON Grafana gets),
the series each panel and rule reads (through recording rules), and the catalog metric behind
each series. Built once per docs render from the model and the rendered dashboards."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from monitoring_codegen.model.project import Model
from monitoring_codegen.promql.dashboard_queries import all_panels, expand_grafana, variable_queries
from monitoring_codegen.promql.dependencies import RecordIndex, expr_names, record_dependencies, recording_rules_read


@dataclass
class Panel:
    dashboard: Any  # the Dashboard definition
    id: Any
    title: str
    type: str
    row: str
    description: str
    queries: list[tuple[str, str]]  # (refId, expr as written)
    reads: set[str] = field(default_factory=set)  # series names, through recording rules


@dataclass
class Board:
    dashboard: Any
    json: dict[str, Any]
    panels: list[Panel]
    variables: list[tuple[str, str]]  # (name, query)


class CrossReference:
    def __init__(self, model: Model, rendered_dashboards: dict[str, dict[str, Any]]) -> None:
        self.model = model
        self.records = model.records_by_name()
        # One index for every lookup: sloth's slo:* names have a rule per SLO, and an index
        # built per expression made the docs of 1,000 SLOs quadratic.
        self.record_index = RecordIndex(self.records)
        # series name -> catalog metric (histogram `x_bucket` -> `x`)
        self.metric_of: dict[str, Any] = {}
        for metric in model.metrics:
            for series in metric.series():
                self.metric_of[series] = metric
        self._reads: dict[str, set[str]] = {}
        self.boards: list[Board] = []
        for dashboard in model.dashboards:
            data = rendered_dashboards.get(str(dashboard.uid))
            if data is not None:
                self.boards.append(self._board(dashboard, data))

    def reads(self, expr: str, grafana: bool = False) -> set[str]:
        """Series names an expression reads, directly or through the recording rules whose labels
        agree with its selectors (one SLO's `slo:sli_error:ratio_rate5m`, not every SLO's)."""
        key = ("g:" if grafana else "p:") + expr
        found = self._reads.get(key)
        if found is None:
            text = expand_grafana(expr) if grafana else expr
            records = recording_rules_read(text, self.record_index)
            if records is None:  # does not parse: fall back to names alone
                found, _ = record_dependencies(
                    [text], lambda name: [r.rendered_expr() for r in self.records.get(name, [])]
                )
            else:
                found = set(expr_names(text))
                for record in records:
                    found |= expr_names(record.rendered_expr())
            self._reads[key] = found
        return found

    def metrics(self, names: Iterable[str]) -> list[Any]:
        """The catalog metrics among series names, sorted by name, each once."""
        found = {self.metric_of[n].name: self.metric_of[n] for n in names if n in self.metric_of}
        return [found[name] for name in sorted(found)]

    def recorded(self, names: Iterable[str]) -> list[str]:
        return sorted(n for n in names if n in self.records)

    def records_read(self, expr: str) -> list[Any]:
        """The recording rules `expr` reads (label-aware, transitively), in model order."""
        found = recording_rules_read(expr, self.record_index) or []
        return sorted(found, key=lambda rule: self._rule_order.get(id(rule), 0))

    def direct_names(self, expr: str) -> set[str]:
        return expr_names(expr)

    def _board(self, dashboard, data: dict[str, Any]) -> Board:
        panels = []
        for raw, row in all_panels(data):
            if raw.get("type") == "row":
                continue
            queries = [
                (str(t.get("refId") or ""), t["expr"])
                for t in raw.get("targets") or []
                if isinstance(t, dict) and isinstance(t.get("expr"), str) and t["expr"].strip() and not t.get("hide")
            ]
            panel = Panel(
                dashboard=dashboard,
                id=raw.get("id"),
                title=str(raw.get("title") or ""),
                type=str(raw.get("type") or ""),
                row=row,
                description=str(raw.get("description") or ""),
                queries=queries,
            )
            for _, expr in queries:
                panel.reads |= self.reads(expr, grafana=True)
            panels.append(panel)
        variables = [(q.ref, q.expr) for q in variable_queries(dashboard.uid, data)]
        return Board(dashboard=dashboard, json=data, panels=panels, variables=variables)

    @functools.cached_property
    def _panels_by_series(self) -> dict[str, list[tuple[int, Panel]]]:
        """Series name -> (position, panel) of the panels that read it: alerts and metrics look
        their panels up here instead of walking every panel (10,000 alerts x 6,000 panels)."""
        index: dict[str, list[tuple[int, Panel]]] = {}
        position = 0
        for board in self.boards:
            for panel in board.panels:
                for name in panel.reads:
                    index.setdefault(name, []).append((position, panel))
                position += 1
        return index

    @functools.cached_property
    def _rules_by_series(self) -> dict[str, list[Any]]:
        """Series name -> the alerting and recording rules that read it, in model order."""
        index: dict[str, list[Any]] = {}
        for rule in [*self.model.alerts(), *self.model.records()]:
            for name in self.reads(rule.rendered_expr()):
                index.setdefault(name, []).append(rule)
        return index

    def panels_reading(self, names: set[str]) -> list[tuple[Panel, set[str]]]:
        """Panels that read any of `names`, the most shared names first, then in dashboard order."""
        return self._remembered("panels", names, self._find_panels_reading)

    def rules_reading(self, names: set[str]) -> list[Any]:
        """Alerting and recording rules that read any of `names`, in model order, each once."""
        return self._remembered("rules", names, self._find_rules_reading)

    def alert_names_reading(self, names: set[str]) -> list[str]:
        """The sorted names of the alerts among rules_reading(names)."""

        def find(names: set[str]) -> list[str]:
            return sorted({r.alert for r in self.rules_reading(names) if r.kind == "AlertRule"})

        return self._remembered("alert names", names, find)

    def _remembered(self, what: str, names: set[str], find):
        """find(names), remembered per set of names: SLO boards and runbooks ask for the same few
        sets over and over. Callers do not modify the result."""
        key = (what, frozenset(names))
        if key not in self._answers:
            self._answers[key] = find(names)
        return self._answers[key]

    @functools.cached_property
    def _answers(self) -> dict[tuple[str, frozenset], Any]:
        return {}

    def _find_panels_reading(self, names: set[str]) -> list[tuple[Panel, set[str]]]:
        shared: dict[int, tuple[Panel, set[str]]] = {}
        for name in names:
            for position, panel in self._panels_by_series.get(name, ()):
                shared.setdefault(position, (panel, set()))[1].add(name)
        ranked = sorted(shared.items(), key=lambda item: (-len(item[1][1]), item[0]))
        return [found for _, found in ranked]

    def _find_rules_reading(self, names: set[str]) -> list[Any]:
        found: dict[int, Any] = {}
        for name in names:
            for rule in self._rules_by_series.get(name, ()):
                found[id(rule)] = rule
        order = self._rule_order
        return sorted(found.values(), key=lambda rule: order[id(rule)])

    @functools.cached_property
    def _rule_order(self) -> dict[int, int]:
        return {id(rule): i for i, rule in enumerate([*self.model.alerts(), *self.model.records()])}

    @functools.cached_property
    def _panel_order(self) -> dict[int, int]:
        return {id(panel): i for i, panel in enumerate(p for board in self.boards for p in board.panels)}

    def readers_of_metric(self, metric) -> tuple[list[Panel], list[Any], list[Any]]:
        """(panels, alerts, recording rules) that read one of the metric's series."""
        series = set(metric.series())
        panels = [panel for panel, _ in self.panels_reading(series)]
        order = self._panel_order
        panels.sort(key=lambda panel: order[id(panel)])
        rules = self.rules_reading(series)
        alerts = [rule for rule in rules if rule.kind == "AlertRule"]
        records = [rule for rule in rules if rule.kind == "RecordingRule"]
        return panels, alerts, records


def parse_dashboards(model: Model, rendered: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """uid -> the dashboard JSON as rendered (ids and layout assigned)."""
    from monitoring_codegen.render.dashboards import dashboard_path

    out = {}
    for dashboard in model.dashboards:
        content = rendered.get(dashboard_path(dashboard))
        if content is not None:
            out[str(dashboard.uid)] = json.loads(content)
    return out
