"""DSH009 dashboard/invalid-structure: dashboard JSON that is not the shape Grafana reads."""

from monitoring_codegen.lint.rule import LintRule, Problem


class InvalidStructure(LintRule):
    id = "DSH009"
    name = "dashboard/invalid-structure"
    severity = "error"
    summary = "Dashboard JSON whose panels, targets or layout are not the shape Grafana reads."
    details = (
        "Grafana skips what it cannot read without saying so: `panels: null` or a `targets` object "
        "instead of a list shows an empty dashboard or a panel without queries, and a gridPos that is "
        "not a whole number breaks the layout. Without this rule such a file lints clean with '0 "
        "queries'. The same checks refuse these shapes in definitions at `mcg build`."
    )
    example_format = "dashboard"
    bad = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "targets": {"refId": "A", "expr": "sum(rate(http_requests_total[5m]))"}}
  ]
}
"""
    good = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "fieldConfig": {"defaults": {"unit": "reqps"}},
     "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[$__rate_interval]))"}]}
  ]
}
"""

    def check_dashboard(self, dashboard, ctx):
        # The model's checker: one definition of "the shape Grafana reads" for build and lint.
        from monitoring_codegen.model.dashboards import structure_problems

        for message in structure_problems(dashboard.data):
            yield Problem(dashboard, message)


RULE = InvalidStructure()
