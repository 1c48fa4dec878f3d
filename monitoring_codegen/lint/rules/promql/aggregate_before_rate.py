"""PQL008 promql/aggregate-before-rate: rate() over a sum of counters."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import COUNTER_FUNCTIONS, Aggregate, Call, Selector, Subquery


class AggregateBeforeRate(LintRule):
    id = "PQL008"
    name = "promql/aggregate-before-rate"
    severity = "error"
    summary = "rate() of an aggregation: sum first, rate second."
    details = (
        "rate() detects counter resets per series. Summing counters first hides each reset inside the "
        "total, which then just dips, and rate() reads the dip as a reset of the sum: huge false spikes. "
        "Always rate() each series, then aggregate: sum(rate(x[5m])), not rate(sum(x)[5m:]). The same holds "
        "for a recording rule that stores sum(counter) and a rate() taken over it later."
    )
    bad = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m
        expr: rate(sum by (job) (http_requests_total)[5m:1m])
"""
    good = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
"""

    def check_query(self, query, ctx):
        for node in query.nodes_of(Call):
            if not (node.func in COUNTER_FUNCTIONS and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, Subquery):
                inner = arg.expr
                if isinstance(inner, Aggregate) and inner.op in ("sum", "max", "min", "avg"):
                    yield Problem(
                        query,
                        f"{node.func}() of {inner.op}(...): apply {node.func}() to each series "
                        f"first, then {inner.op}()",
                        expr=query.text,
                    )
            elif isinstance(arg, Selector):
                info = ctx.catalog.lookup(arg.name)
                if info is not None and info.aggregated_counter:
                    yield Problem(
                        query,
                        f"{node.func}() of {arg.name}, which a recording rule aggregates from "
                        f"raw counters ({info.where}): record the rate instead",
                        expr=query.text,
                    )


RULE = AggregateBeforeRate()
