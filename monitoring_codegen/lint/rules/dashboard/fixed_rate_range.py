"""DSH006 dashboard/fixed-rate-range: rate() over a fixed range where $__rate_interval belongs."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.durations import format_duration
from monitoring_codegen.promql.ast import Call, Selector
from monitoring_codegen.promql.grafana import is_sentinel_range
from monitoring_codegen.promql.labels import shown_name


class FixedRateRange(LintRule):
    id = "DSH006"
    name = "dashboard/fixed-rate-range"
    severity = "warning"
    summary = "A dashboard rate()/irate() over a fixed range instead of $__rate_interval."
    details = (
        "A panel's step grows with the time range. With rate(x[1m]) and a 7-day view the step is minutes "
        "long and most samples fall between the windows: spikes vanish or appear depending on zoom. "
        "$__rate_interval is at least four scrape intervals and grows with the step, so every sample is "
        "counted once. (increase() over a fixed window, e.g. per hour, is a deliberate choice and is not "
        "reported.)"
    )
    example_format = "dashboard"
    bad = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "fieldConfig": {"defaults": {"unit": "reqps"}},
     "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total[1m]))"}]}
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

    def check_query(self, query, ctx):
        if query.origin != "panel":
            return
        fixed = []
        for node in query.nodes_of(Call):
            if node.func in ("rate", "irate") and node.args:
                arg = node.args[0]
                if isinstance(arg, Selector) and arg.range is not None and not is_sentinel_range(arg.range):
                    fixed.append(f"{node.func}({shown_name(arg.name)}[{format_duration(arg.range)}])")
        if fixed:
            listed = ", ".join(dict.fromkeys(fixed))
            verb = "uses a fixed range" if len(fixed) == 1 else "use fixed ranges"
            yield Problem(query, f"{listed} {verb}: use [$__rate_interval]", expr=query.text)


RULE = FixedRateRange()
