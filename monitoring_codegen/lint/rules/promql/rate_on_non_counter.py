"""PQL005 promql/rate-on-non-counter: rate(), irate() or increase() of a gauge."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import COUNTER_FUNCTIONS, Call, Selector
from monitoring_codegen.promql.labels import is_placeholder


class RateOnNonCounter(LintRule):
    id = "PQL005"
    name = "promql/rate-on-non-counter"
    severity = "error"
    summary = "rate(), irate(), increase() or resets() applied to a gauge."
    details = (
        "These functions assume a counter: every decrease is taken as a reset and the value before it is "
        "added back. On a gauge (a queue length, a temperature, a recorded rate) every dip becomes a spike. "
        "Use deriv() or delta() for a gauge's change, or avg_over_time() for its level. The metric type comes "
        "from the catalog, or from the recording rule that writes the series."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: QueueGrowing
        expr: rate(agent_queue_depth[10m]) > 5
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: QueueGrowing
        expr: deriv(agent_queue_depth[10m]) > 5
"""

    def check_query(self, query, ctx):
        catalog = ctx.catalog
        for node in query.nodes_of(Call):
            if node.func in COUNTER_FUNCTIONS and node.args:
                arg = node.args[0]
                if not isinstance(arg, Selector) or is_placeholder(arg.name):
                    continue
                info = catalog.lookup(arg.name)
                # A summary's quantile series: PQL016 promql/rate-of-quantile says why.
                if info is not None and info.type not in ("counter", "summary"):
                    what = "recorded by a rule" if info.origin == "recording" else f"a {info.type} in the catalog"
                    yield Problem(
                        query, f"{node.func}() of {arg.name}, which is not a counter ({what})", expr=query.text
                    )


RULE = RateOnNonCounter()
