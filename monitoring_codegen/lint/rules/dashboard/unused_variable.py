"""DSH001 dashboard/unused-variable: a template variable no query, title or other variable uses."""

from monitoring_codegen.lint.inputs.dashboard_refs import unused_variables
from monitoring_codegen.lint.rule import LintRule, Problem


class UnusedVariable(LintRule):
    id = "DSH001"
    name = "dashboard/unused-variable"
    severity = "warning"
    summary = "A dashboard variable that nothing uses."
    details = (
        "A variable shows up as a dropdown at the top of the dashboard. When no query uses it, picking a "
        "value changes nothing, and people draw conclusions about the one provider they thought they had "
        'selected. Use it in the queries (`{provider=~"$provider"}`) or remove it. Uses anywhere count: '
        "queries, titles, links, repeats and other variables' queries; ad hoc filters apply by themselves."
    )
    example_format = "dashboard"
    bad = """\
{
  "title": "Agents",
  "templating": {"list": [
    {"name": "provider", "type": "query", "query": "label_values(llm_tokens_total, provider)"}
  ]},
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Tokens", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "fieldConfig": {"defaults": {"unit": "short"}},
     "targets": [{"refId": "A", "expr": "sum(rate(llm_tokens_total[$__rate_interval]))"}]}
  ]
}
"""
    good = """\
{
  "title": "Agents",
  "templating": {"list": [
    {"name": "provider", "type": "query", "query": "label_values(llm_tokens_total, provider)"}
  ]},
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Tokens", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "fieldConfig": {"defaults": {"unit": "short"}},
     "targets": [{"refId": "A", "expr": "sum(rate(llm_tokens_total{provider=~\\"$provider\\"}[$__rate_interval]))"}]}
  ]
}
"""

    def check_dashboard(self, dashboard, ctx):
        for name in unused_variables(dashboard):
            yield Problem(dashboard, f"variable ${name} is declared but no query, title or other variable uses it")


RULE = UnusedVariable()
