"""PQL006 promql/gauge-function-on-counter: delta(), deriv() or predict_linear() of a counter."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import GAUGE_FUNCTIONS, Call, Selector
from monitoring_codegen.promql.labels import is_placeholder


class GaugeFunctionOnCounter(LintRule):
    id = "PQL006"
    name = "promql/gauge-function-on-counter"
    severity = "warning"
    summary = "delta(), idelta(), deriv(), predict_linear() or holt_winters() applied to a counter."
    details = (
        "These functions treat their input as a gauge and know nothing of counter resets: after a restart "
        "the counter drops to zero and the result turns hugely negative. For a counter's change use "
        "increase() or rate(); to extrapolate, apply predict_linear() to a rate recorded as a gauge."
    )
    bad = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:delta5m
        expr: sum by (job) (delta(http_requests_total[5m]))
"""
    good = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:increase5m
        expr: sum by (job) (increase(http_requests_total[5m]))
"""

    def check_query(self, query, ctx):
        for node in query.nodes_of(Call):
            if node.func in GAUGE_FUNCTIONS and node.args:
                arg = node.args[0]
                if (
                    isinstance(arg, Selector)
                    and not is_placeholder(arg.name)
                    and ctx.catalog.counter_kind(arg.name) == "counter"
                ):
                    yield Problem(
                        query,
                        f"{node.func}() of counter {arg.name}: counter resets make it jump; use increase() or rate()",
                        expr=query.text,
                    )


RULE = GaugeFunctionOnCounter()
