"""Grafana dashboards as the linter sees them: panels (rows and nested rows flattened),
their PromQL targets, and the PromQL inside query variables."""

from __future__ import annotations

import functools
import json
import re

from monitoring_codegen.errors import UsageError
from monitoring_codegen.lint.inputs.linted import LintedDashboard, Panel, Query
from monitoring_codegen.promql.dashboard_queries import all_panels

# Datasource types whose targets are not PromQL.
_NON_PROMQL_TYPES = (
    "loki",
    "tempo",
    "elasticsearch",
    "influxdb",
    "graphite",
    "mysql",
    "postgres",
    "jaeger",
    "zipkin",
    "cloudwatch",
    "testdata",
    "grafana-testdata-datasource",
    "datasource",
    "alertmanager",
)
_LABEL_VALUES_RE = re.compile(r"^\s*label_values\s*\((?P<body>.*)\)\s*$", re.S)
_QUERY_RESULT_RE = re.compile(r"^\s*query_result\s*\((?P<body>.*)\)\s*$", re.S)


class NotADashboard(ValueError):
    pass


def load_dashboard_file(text: str, path: str) -> LintedDashboard:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except RecursionError:  # Python's decoder recurses once per nesting level
        raise UsageError(f"{path}: JSON nested too deeply to read (no Grafana dashboard nests like this)") from None
    if isinstance(data, dict) and isinstance(data.get("dashboard"), dict):
        data = data["dashboard"]  # an export from Grafana's HTTP API
    if not isinstance(data, dict) or not any(key in data for key in ("panels", "rows", "templating")):
        raise NotADashboard(f"{path}: not a Grafana dashboard (no panels, rows or templating)")
    return build_dashboard(data, path, 1, text=text)


_VARIABLE_REF_RE = re.compile(
    r"^\s*(?:\$\{(?P<braced>[A-Za-z0-9_]+)(?::[^}]*)?\}|\$(?P<plain>[A-Za-z0-9_]+)"
    r"|\[\[(?P<bracketed>[A-Za-z0-9_]+)\]\])\s*$"
)
# Panels that only ever show logs or traces, whatever their datasource says.
_NON_PROMQL_PANELS = ("logs", "traces", "nodeGraph", "flamegraph")


class DatasourceTypes:
    """Resolves what a panel or target datasource is: an object with `type`, a `$var` or `${DS_X}`
    reference (resolved through datasource variables and an export's `__inputs`), or a bare name
    from old dashboards ("Loki", "InfluxDB"). "" when it cannot be told: then it is taken as PromQL."""

    def __init__(self, data: dict):
        self.by_name: dict[str, str] = {}
        templating = data.get("templating")
        for variable in as_list(templating.get("list") if isinstance(templating, dict) else None):
            if (
                isinstance(variable, dict)
                and variable.get("type") == "datasource"
                and isinstance(variable.get("name"), str)
            ):
                self.by_name[variable["name"]] = str(variable.get("query") or "")
        for item in as_list(data.get("__inputs")):
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                self.by_name.setdefault(item["name"], str(item.get("pluginId") or ""))

    def type_of(self, value) -> str:
        if isinstance(value, dict):
            kind = value.get("type")
            if isinstance(kind, str) and kind:
                return kind
            value = value.get("uid")
        if not isinstance(value, str) or not value:
            return ""
        ref = _VARIABLE_REF_RE.match(value)
        if ref:
            name = ref.group("braced") or ref.group("plain") or ref.group("bracketed")
            # An undeclared ${DS_LOKI}: the import placeholder's name is all there is.
            return self.by_name.get(name) or _type_from_name(name)
        return _type_from_name(value)


def _type_from_name(name: str) -> str:
    lowered = name.lower()
    if "prometheus" in lowered or "mimir" in lowered or "thanos" in lowered or "cortex" in lowered:
        return "prometheus"
    return next((t for t in _NON_PROMQL_TYPES if t != "datasource" and t in lowered), "")


def _is_promql_type(ds_type: str) -> bool:
    return not any(ds_type == t or ds_type.endswith("-" + t) for t in _NON_PROMQL_TYPES)


def _is_promql_target(target: dict, panel: dict, datasources: DatasourceTypes) -> bool:
    ds_type = datasources.type_of(target.get("datasource"))
    if not ds_type or ds_type == "datasource":  # none, or the panel's "-- Mixed --"/"-- Dashboard --"
        ds_type = datasources.type_of(panel.get("datasource"))
        if not ds_type and panel.get("type") in _NON_PROMQL_PANELS:
            return False
    return _is_promql_type(ds_type)


def as_list(value) -> list:
    """`value` when it is a list; hand-edited JSON holds anything anywhere."""
    return value if isinstance(value, list) else []


@functools.lru_cache(maxsize=1024)
def _panel_id_re(panel_id: str) -> re.Pattern[str]:
    """`"id": <panel_id>` as JSON writes it; compiled once per id (ids repeat across dashboards)."""
    return re.compile(r'"id"\s*:\s*' + re.escape(panel_id) + r"\s*[,}\n]")


def build_dashboard(
    data: dict,
    path: str,
    line: int,
    *,
    text: str | None = None,
    ignores: dict[str, str] | None = None,
    from_definitions: bool = False,
) -> LintedDashboard:
    dashboard = LintedDashboard(
        data=data, path=path, line=line, ignores=dict(ignores or {}), from_definitions=from_definitions
    )
    search_from = 0
    counted_to, counted_line = 0, 1
    datasources = DatasourceTypes(data)
    for panel_data, row in all_panels(data):
        panel_line = line
        if text is not None and "id" in panel_data:
            # JSON keeps no positions: find the panel by its id, in document order.
            found = _panel_id_re(json.dumps(panel_data["id"])).search(text, search_from)
            if found:
                # Counted from the previous panel on: counting from the top each time is quadratic.
                counted_line += text.count("\n", counted_to, found.start())
                counted_to = found.start()
                panel_line = counted_line
                search_from = found.end()
        panel = Panel(data=panel_data, dashboard=dashboard, line=panel_line, row=row)
        targets = panel_data.get("targets")
        for target in targets if isinstance(targets, list) else []:
            if not isinstance(target, dict) or target.get("hide") is True:
                continue
            expr = target.get("expr")
            if isinstance(expr, str) and expr.strip() and _is_promql_target(target, panel_data, datasources):
                panel.queries.append(Query(expr, path, panel_line, panel.object, "panel", owner=panel).analyse())
        dashboard.panels.append(panel)
    for variable in dashboard.variables:
        expr = promql_of_variable(variable, datasources)
        if expr:
            dashboard.variable_queries.append(
                Query(
                    expr,
                    path,
                    line,
                    f"{dashboard.title} / variable {variable.get('name', '?')}",
                    "variable",
                    owner=dashboard,
                ).analyse()
            )
    return dashboard


def variable_query_text(variable: dict) -> str:
    query = variable.get("query")
    if isinstance(query, dict):
        query = query.get("query") or ""
    if not isinstance(query, str) or not query.strip():
        query = variable.get("definition") if isinstance(variable.get("definition"), str) else ""
    return query or ""


def promql_of_variable(variable: dict, datasources: DatasourceTypes | None = None) -> str:
    """The PromQL inside a Prometheus query variable, or ""."""
    if variable.get("type") != "query":
        return ""
    if not _is_promql_type((datasources or DatasourceTypes({})).type_of(variable.get("datasource"))):
        return ""
    query = variable_query_text(variable)
    match = _QUERY_RESULT_RE.match(query)
    if match:
        return match.group("body")
    match = _LABEL_VALUES_RE.match(query)
    if match:
        body = match.group("body")
        # label_values(selector, label): the selector is PromQL; label_values(label) has none.
        if "," in body:
            return body.rsplit(",", 1)[0].strip()
    return ""
