"""ALR002 alert/for: an alert without `for`."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Selector


class AlertFor(LintRule):
    id = "ALR002"
    name = "alert/for"
    severity = "warning"
    summary = "An alert without `for` fires on the first evaluation that matches."
    details = (
        "Without `for`, one bad scrape or one spike pages someone. `for: 5m` makes the condition hold for "
        "five minutes first. Write `for: 0s` to say an instant alert is intended."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        labels: {severity: warning}
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        for: 10m
        labels: {severity: warning}
        annotations: {summary: "Resident memory above 4 GB"}
"""

    def check_rule(self, rule, ctx):
        if rule.kind != "alert" or rule.for_ is not None:
            return
        query = rule.query
        if query is not None and query.node is not None and not query.nodes_of(Selector):
            return  # a constant (vector(1) watchdog) fires always; waiting changes nothing
        yield Problem(
            rule, "no `for`: the alert fires on the first matching evaluation (write for: 0s if that is intended)"
        )


RULE = AlertFor()
