"""PQL015 promql/impossible-comparison: a comparison that can never hold (`rate(x[5m]) < 0`)."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.analysis import never_true_comparison
from monitoring_codegen.promql.ast import Binary


class ImpossibleComparison(LintRule):
    id = "PQL015"
    name = "promql/impossible-comparison"
    severity = "warning"
    summary = "A comparison that can never hold: a value that is never negative compared below zero."
    details = (
        "rate(), irate() and increase() are never negative (a counter reset is added back), nor are "
        "count(), abs(), sqrt(), changes(), a counter's raw value, or sums and ratios of those. "
        "`rate(x[5m]) < 0` therefore never returns anything: the alert can never fire and the panel "
        "stays empty. Usually `< 0` was meant as `== 0` (nothing happened) or the threshold lost a "
        "digit. Only what is certain is reported: `ratio > 1` is left alone, as a ratio of two rates "
        "can exceed 1."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: NoTraffic
        expr: sum(rate(http_requests_total[5m])) < 0
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: NoTraffic
        expr: sum(rate(http_requests_total[5m])) == 0
"""

    def check_query(self, query, ctx):
        for node in query.nodes_of(Binary):
            found = never_true_comparison(node, ctx.catalog)
            if found is None:
                continue
            _, bound = found
            shown = f"{bound:g}"
            yield Problem(
                query,
                f"`{node.op}` against {shown} can never hold: the other side is never negative "
                "(rate/increase/count/abs or a counter); did you mean `== 0`?",
                expr=query.text,
            )


RULE = ImpossibleComparison()
