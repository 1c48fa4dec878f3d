"""PQL001 promql/syntax: the expression does not parse."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.parse import ExpressionTooComplex


class SyntaxErrorRule(LintRule):
    id = "PQL001"
    name = "promql/syntax"
    severity = "error"
    needs_ast = False
    summary = "The PromQL expression does not parse."
    details = (
        "Prometheus refuses to load a rule file with an expression that does not parse, and Grafana shows "
        "an error instead of the panel. Queries are parsed for the target Prometheus version "
        "([tool.mcg.lint] prometheus_version); Grafana macros and variables are expanded first. "
        "The column is best effort: the parser reports no position, so mcg finds the first token "
        "after which no valid query can follow."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_requests_total{status_code=~"5.."}[5m]) > 1
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: HighErrorRate
        expr: sum(rate(http_requests_total{status_code=~"5.."}[5m])) > 1
"""

    def check_query(self, query, ctx):
        error = query.error
        if error is None or isinstance(error, ExpressionTooComplex):
            return
        reason = getattr(error, "reason", str(error))
        column = query.error_column
        where = f" at column {column}" if column else ""
        line = None
        expr_line = getattr(query.owner, "expr_line", None)
        if expr_line and column:
            # Point at the file line holding the error inside a multi-line expression.
            line = expr_line + query.text.count("\n", 0, column - 1)
        yield Problem(query, f"does not parse{where}: {reason}", line=line, column=column, expr=query.text)


RULE = SyntaxErrorRule()
