"""DSH003 dashboard/deprecated-panel: panel types Grafana replaced (graph, singlestat, table-old, ...)."""

from monitoring_codegen.lint.rule import LintRule, Problem

REPLACEMENTS = {
    "graph": "timeseries",
    "singlestat": "stat",
    "table-old": "table",
    "grafana-piechart-panel": "piechart",
    "grafana-worldmap-panel": "geomap",
}


class DeprecatedPanel(LintRule):
    id = "DSH003"
    name = "dashboard/deprecated-panel"
    severity = "warning"
    summary = "A panel type Grafana deprecated: graph, singlestat, table-old and angular plugins."
    details = (
        "These panels are AngularJS plugins. Grafana 11 disables Angular by default and 12 removes it: the "
        "panel then shows an error instead of data. Grafana migrates some of them on load, but only in the "
        "browser, never in the provisioned JSON. Use the replacement type (graph -> timeseries, singlestat "
        "-> stat, table-old -> table)."
    )
    example_format = "dashboard"
    bad = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "graph", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "yaxes": [{"format": "reqps"}, {"format": "short"}],
     "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[$__rate_interval]))"}]}
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
        for panel in dashboard.panels:
            replacement = REPLACEMENTS.get(panel.type)
            if replacement:
                yield Problem(
                    panel, f"panel type {panel.type!r} is deprecated (AngularJS): use {replacement!r}", line=panel.line
                )


RULE = DeprecatedPanel()
