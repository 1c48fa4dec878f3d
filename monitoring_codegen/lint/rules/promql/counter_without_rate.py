"""PQL007 promql/counter-without-rate: a counter's raw value compared, plotted or divided."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.analysis import raw_counter_selectors
from monitoring_codegen.promql.labels import is_placeholder


class CounterWithoutRate(LintRule):
    id = "PQL007"
    name = "promql/counter-without-rate"
    severity = "warning"
    summary = "A counter used as is, without rate() or increase()."
    details = (
        "A counter's value is the total since the process started: it grows forever and drops to zero on "
        "every restart. Comparing it with a threshold or plotting it says more about uptime than about "
        "the system. Wrap it in rate() or increase(). Counting series (count, group), absent(), "
        'timestamp() and a comparison with 0 ("has it ever happened") are fine. Counters are known from '
        "the catalog, else by name: _total and _bucket, and _count/_sum when a histogram sibling or a rate() "
        "of them appears in the linted set. Also fine, by the expression's shape: the difference of two "
        "counters (`started_total - handled_total` is what is in flight; they reset together), one counter "
        "asked to be small (`uptime_seconds_total / 60 < 1`: it just restarted), and, when only the name "
        "says counter, a _total that a level is measured against (`x_healthy / x_total`, `x_total - "
        "x_used`, or a _free/_used sibling beside it: a capacity, not a counter)."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: TooManyErrors
        expr: sum(http_requests_total{status_code=~"5.."}) > 100
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: TooManyErrors
        expr: sum(increase(http_requests_total{status_code=~"5.."}[10m])) > 100
"""

    def check_query(self, query, ctx):
        if query.origin == "variable":
            return  # label_values(metric, label) lists label values; the value is never read
        seen = set()
        for selector in raw_counter_selectors(query.node, ctx.catalog):
            if is_placeholder(selector.name) or selector.name in seen:
                continue
            seen.add(selector.name)
            use = "plotted" if query.in_dashboard else ("recorded" if query.origin == "record" else "used")
            yield Problem(query, f"counter {selector.name} is {use} without rate() or increase()", expr=query.text)


RULE = CounterWithoutRate()
