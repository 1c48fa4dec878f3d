"""DSH002 dashboard/undeclared-variable: a query uses $var but no variable of that name exists."""

from monitoring_codegen.lint.inputs.dashboard_refs import declared_variables, is_builtin
from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.grafana import variable_names


class UndeclaredVariable(LintRule):
    id = "DSH002"
    name = "dashboard/undeclared-variable"
    severity = "error"
    summary = "A query uses a variable the dashboard does not declare."
    details = (
        "Grafana leaves an undeclared `$cluster` in the query as is; Prometheus then either rejects it or "
        'matches the literal string "$cluster", and the panel stays empty. Usually the variable was '
        "renamed or the panel was copied from another dashboard."
    )
    example_format = "dashboard"
    bad = """\
{
  "title": "HTTP",
  "templating": {"list": []},
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "fieldConfig": {"defaults": {"unit": "reqps"}},
     "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total{route=~\\"$route\\"}[$__rate_interval]))"}]}
  ]
}
"""
    good = """\
{
  "title": "HTTP",
  "templating": {"list": [
    {"name": "route", "type": "query", "query": "label_values(http_requests_total, route)"}
  ]},
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "fieldConfig": {"defaults": {"unit": "reqps"}},
     "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total{route=~\\"$route\\"}[$__rate_interval]))"}]}
  ]
}
"""

    def check_dashboard(self, dashboard, ctx):
        declared = declared_variables(dashboard)
        reported = set()
        for panel in dashboard.panels:
            for query in panel.queries:
                for name in variable_names(query.text):
                    if name not in declared and not is_builtin(name) and (panel, name) not in reported:
                        reported.add((panel, name))
                        yield Problem(
                            panel, f"query uses ${name}, which the dashboard does not declare", expr=query.text
                        )
        for query in dashboard.variable_queries:
            for name in variable_names(query.text):
                if name not in declared and not is_builtin(name) and (query.object, name) not in reported:
                    reported.add((query.object, name))
                    yield Problem(query, f"uses ${name}, which the dashboard does not declare", expr=query.text)


RULE = UndeclaredVariable()
