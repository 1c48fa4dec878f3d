"""PQL016 promql/rate-of-quantile: rate(), irate() or increase() of a summary's quantile series."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import COUNTER_FUNCTIONS, Call, Selector
from monitoring_codegen.promql.labels import is_placeholder, requires_label


def quantile_evidence(selector: Selector, catalog) -> str | None:
    """Why `selector` reads a summary's quantile series, or None: the catalog says so, or (for a
    metric the catalog does not know) a `quantile` matcher, or the name's _sum and _count siblings
    in the linted set with no _bucket (the catalog's observed summaries)."""
    info = catalog.lookup(selector.name)
    if info is not None:
        return "a summary in the catalog" if info.type == "summary" else None
    for label, op, value in selector.matchers:
        # Only a matcher a series without `quantile` fails says so (`quantile!="0.5"` does not).
        if label == "quantile" and requires_label(op, value):
            return f'its matcher on "quantile" ({label}{op}"{value}")'
    if catalog.counter_kind(selector.name) == "summary":
        return f"{selector.name}_sum and {selector.name}_count are read beside it, with no _bucket"
    return None


class RateOfQuantile(LintRule):
    id = "PQL016"
    name = "promql/rate-of-quantile"
    severity = "error"
    summary = "rate(), irate() or increase() of a summary's quantile series, which is a gauge."
    details = (
        'A summary `x` exposes `x{quantile="0.99"}` (a latency the client computed, going up and down), '
        "`x_sum` and `x_count` (counters). rate() of the quantile series takes every drop for a counter "
        "reset and reports nonsense. Read the quantile as it is (or avg_over_time), or compute the "
        "average with rate(x_sum[5m]) / rate(x_count[5m]). A summary is known from the catalog, and "
        "without one from a `quantile` matcher, or from `x` read next to its `_sum` and `_count` but no `_bucket` (a native histogram, read through histogram_quantile() "
        "and the other histogram_* functions, is not taken for a summary)."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: SlowRPC
        expr: max(rate(rpc_duration_seconds{quantile="0.99"}[5m])) > 0.5
        for: 10m
        labels: {severity: warning}
        annotations: {summary: "p99 RPC latency above 500ms"}
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: SlowRPC
        expr: max(rpc_duration_seconds{quantile="0.99"}) > 0.5
        for: 10m
        labels: {severity: warning}
        annotations: {summary: "p99 RPC latency above 500ms"}
"""

    def check_query(self, query, ctx):
        native = None
        for node in query.nodes_of(Call):
            if node.func not in COUNTER_FUNCTIONS or not node.args:
                continue
            arg = node.args[0]
            if not isinstance(arg, Selector) or not arg.name or is_placeholder(arg.name):
                continue
            why = quantile_evidence(arg, ctx.catalog)
            if why is None:
                continue
            if native is None:
                # rate() of a native histogram inside histogram_quantile() and friends is right.
                native = {
                    id(inner)
                    for outer in query.nodes_of(Call)
                    if outer.func.startswith("histogram_")
                    for inner in outer.walk()
                    if isinstance(inner, Call)
                }
            if id(node) in native:
                continue
            yield Problem(
                query,
                f"{node.func}() of {arg.name}, a summary's quantile series ({why}): quantiles go up "
                "and down, rate() takes every drop for a reset",
                expr=query.text,
            )


RULE = RateOfQuantile()
