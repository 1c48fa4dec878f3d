"""Where a dashboard's variables are declared and used."""

from __future__ import annotations

import json

from monitoring_codegen.promql.grafana import variable_names

# Grafana's own variables: $__interval, $__range, ... and the legacy $interval and $timeFilter.
BUILTIN_VARIABLES = frozenset({"interval", "interval_ms", "timeFilter", "timeFrom", "timeTo"})


def is_builtin(name: str) -> bool:
    return name.startswith("__") or name in BUILTIN_VARIABLES


def declared_variables(dashboard) -> dict[str, dict]:
    return {v["name"]: v for v in dashboard.variables if isinstance(v.get("name"), str) and v["name"]}


def variable_uses(dashboard) -> tuple[set[str], list[tuple[dict, set[str]]]]:
    """(variables referenced outside templating, [(variable, variables its own fields reference)])."""
    data = dashboard.data
    outside = set(variable_names(json.dumps({k: v for k, v in data.items() if k != "templating"}, ensure_ascii=False)))
    for panel in dashboard.panels:
        repeat = panel.data.get("repeat")
        if isinstance(repeat, str) and repeat:
            outside.add(repeat.lstrip("$"))
    inside = [(v, set(variable_names(json.dumps(v, ensure_ascii=False)))) for v in dashboard.variables]
    return outside, inside


def unused_variables(dashboard) -> list[str]:
    """Declared variables nothing references: no panel, link, title, repeat or other variable."""
    if any(
        isinstance(panel.data.get("libraryPanel"), dict) and not panel.data.get("targets") for panel in dashboard.panels
    ):
        # A library panel's queries live in Grafana, not in this JSON: any variable may be theirs.
        return []
    outside, inside = variable_uses(dashboard)
    unused = []
    for name, variable in declared_variables(dashboard).items():
        if variable.get("type") == "adhoc" or name in outside:
            continue  # ad hoc filters apply to every query by themselves
        if not any(name in refs for other, refs in inside if other is not variable):
            unused.append(name)
    return unused
