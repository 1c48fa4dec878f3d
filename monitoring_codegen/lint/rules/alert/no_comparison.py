"""ALR001 alert/no-comparison: an alert whose expression compares nothing."""

from monitoring_codegen.promql.analysis import has_comparison, selectors
from monitoring_codegen.promql.ast import Call
from monitoring_codegen.lint.rule import LintRule, Problem


class AlertNoComparison(LintRule):
    id = "ALR001"
    name = "alert/no-comparison"
    severity = "warning"
    summary = "An alert expression without a comparison fires for every series it returns."
    details = (
        "An alert fires for every series its expression returns. Without a comparison (> 0.1, == 0) or a "
        "filter (and, unless), that is every series of the metric, all the time: `rate(errors_total[5m])` "
        "pages for every service with any traffic. Add the threshold. absent()/absent_over_time() alerts and "
        "constant expressions (a deliberate always-firing watchdog like vector(1)) are fine."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: Errors
        expr: sum by (route) (rate(http_requests_total{status_code=~"5.."}[5m]))
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: Errors
        expr: sum by (route) (rate(http_requests_total{status_code=~"5.."}[5m])) > 1
"""

    def check_query(self, query, ctx):
        if query.origin != "alert":
            return
        node = query.node
        if has_comparison(node) or not selectors(node):
            return
        if any(isinstance(n, Call) and n.func in ("absent", "absent_over_time") for n in node.walk()):
            return
        yield Problem(query, "the expression has no comparison: the alert fires for every series it returns")


RULE = AlertNoComparison()
