"""DSH007 dashboard/panel-unit: a panel showing numbers without a unit."""

from monitoring_codegen.lint.rule import LintRule, Problem

_NUMERIC_PANELS = frozenset({"timeseries", "graph", "stat", "gauge", "bargauge", "singlestat", "barchart"})


def panel_unit(data: dict) -> str:
    field_config = data.get("fieldConfig")
    defaults = field_config.get("defaults") if isinstance(field_config, dict) else None
    if isinstance(defaults, dict) and defaults.get("unit"):
        return str(defaults["unit"])
    options = data.get("options")
    legacy = options.get("fieldOptions") if isinstance(options, dict) else None
    legacy_defaults = legacy.get("defaults") if isinstance(legacy, dict) else None
    if isinstance(legacy_defaults, dict) and legacy_defaults.get("unit"):
        return str(legacy_defaults["unit"])  # Grafana 6 layout (grafanalib's BarGauge); migrated on load
    yaxes = data.get("yaxes")
    if isinstance(yaxes, list) and yaxes and isinstance(yaxes[0], dict) and yaxes[0].get("format"):
        return str(yaxes[0]["format"])
    if data.get("format"):
        return str(data["format"])
    return ""


class PanelUnit(LintRule):
    id = "DSH007"
    name = "dashboard/panel-unit"
    severity = "info"
    summary = "A time series, stat, gauge or bar gauge panel without a unit."
    details = (
        "`0.25` could be seconds, a ratio or requests per second. A unit (s, percentunit, reqps, bytes) "
        "makes Grafana scale and label the axis (250 ms, 25 %), and the reader does not have to guess. "
        "The catalog's grafana_unit is the natural source."
    )
    example_format = "dashboard"
    bad = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Latency p95", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "targets": [{"refId": "A", "expr": "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))"}]}
  ]
}
"""
    good = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Latency p95", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "fieldConfig": {"defaults": {"unit": "s"}},
     "targets": [{"refId": "A", "expr": "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))"}]}
  ]
}
"""

    def check_dashboard(self, dashboard, ctx):
        for panel in dashboard.panels:
            if panel.type in _NUMERIC_PANELS and panel.data.get("targets") and not panel_unit(panel.data):
                yield Problem(panel, f"{panel.type} panel has no unit", line=panel.line)


RULE = PanelUnit()
