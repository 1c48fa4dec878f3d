"""ALR001 alert/no-comparison: an alert whose expression compares nothing."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Binary, Call, Selector


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
        # promql.analysis.has_comparison and selectors, over the node index every check shares.
        if any((n.is_comparison and not n.return_bool) or n.op in ("and", "unless") for n in query.nodes_of(Binary)):
            return
        if not query.nodes_of(Selector):
            return
        if any(n.func in ("absent", "absent_over_time") for n in query.nodes_of(Call)):
            return
        yield Problem(query, "the expression has no comparison: the alert fires for every series it returns")


RULE = AlertNoComparison()
