"""DSH008 dashboard/unknown-datasource: a datasource the definitions do not declare."""

from monitoring_codegen.lint.rule import LintRule, Problem

_SPECIAL = frozenset({"-- Grafana --", "-- Mixed --", "-- Dashboard --", "grafana", "default"})


def _ref(value):
    """The name or uid a datasource reference points at, or None for defaults and variables."""
    if isinstance(value, dict):
        value = value.get("uid")
    if not isinstance(value, str) or not value or "$" in value or value in _SPECIAL:
        return None
    return value


class UnknownDatasource(LintRule):
    id = "DSH008"
    name = "dashboard/unknown-datasource"
    severity = "error"
    summary = "A panel, target or variable refers to a datasource the definitions do not declare."
    details = (
        'Grafana shows "datasource not found" and every panel using it stays empty. Refer to a datasource '
        "declared in the definitions by name or uid, or to a datasource variable. Checked only when the "
        "definitions declare datasources."
    )
    example_format = "dashboard"
    bad = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "datasource": {"type": "prometheus", "uid": "prom-old"},
     "fieldConfig": {"defaults": {"unit": "reqps"}},
     "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[$__rate_interval]))"}]}
  ]
}
"""
    good = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "datasource": {"type": "prometheus", "uid": "prometheus"},
     "fieldConfig": {"defaults": {"unit": "reqps"}},
     "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[$__rate_interval]))"}]}
  ]
}
"""

    def check_dashboard(self, dashboard, ctx):
        known = ctx.datasources
        if not known:
            return
        for panel in dashboard.panels:
            refs = [panel.data.get("datasource")]
            targets = panel.data.get("targets")
            refs += [t.get("datasource") for t in targets if isinstance(t, dict)] if isinstance(targets, list) else []
            for ref in dict.fromkeys(r for r in map(_ref, refs) if r is not None):
                if ref not in known:
                    yield Problem(panel, f"datasource {ref!r} is not declared in the definitions", line=panel.line)
        for variable in dashboard.variables:
            ref = _ref(variable.get("datasource"))
            if ref is not None and ref not in known:
                yield Problem(
                    dashboard,
                    f"variable ${variable.get('name')}: datasource {ref!r} is not declared in the definitions",
                )


RULE = UnknownDatasource()
