"""DSH004 dashboard/duplicate-panel-id: two panels with the same id."""

from monitoring_codegen.lint.rule import LintRule, Problem


class DuplicatePanelId(LintRule):
    id = "DSH004"
    name = "dashboard/duplicate-panel-id"
    severity = "error"
    summary = "Two panels of one dashboard share an id."
    details = (
        "Grafana addresses panels by id: view-panel links, embedded panels, library panels and alert "
        "annotations pick one of the two at random, and editing one may save over the other. Ids must be "
        "unique across the dashboard, panels inside rows included."
    )
    example_format = "dashboard"
    bad = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "text", "title": "About", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 3}},
    {"id": 1, "type": "text", "title": "Links", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 3}}
  ]
}
"""
    good = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "text", "title": "About", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 3}},
    {"id": 2, "type": "text", "title": "Links", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 3}}
  ]
}
"""

    def check_dashboard(self, dashboard, ctx):
        seen = {}
        for panel in dashboard.panels:
            pid = panel.data.get("id")
            if pid is None or isinstance(pid, (dict, list)):
                continue
            first = seen.setdefault(pid, panel)
            if first is not panel:
                yield Problem(panel, f"panel id {pid} is also used by panel {first.title!r}", line=panel.line)


RULE = DuplicatePanelId()
