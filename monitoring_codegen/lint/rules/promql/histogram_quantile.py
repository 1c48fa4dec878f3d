"""PQL009 promql/histogram-quantile: histogram_quantile() over input that lost `le` or is no bucket rate."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.analysis import selectors, uses_rate
from monitoring_codegen.promql.ast import Call
from monitoring_codegen.promql.labels import is_placeholder, labels_of


class HistogramQuantile(LintRule):
    id = "PQL009"
    name = "promql/histogram-quantile"
    severity = "error"
    summary = "histogram_quantile() whose input lost the `le` label or is not a rate of _bucket series."
    details = (
        "histogram_quantile() needs the bucket boundaries (`le`) of classic histograms: an aggregation that "
        "does not keep `le` (sum without by, by without le) leaves it nothing to work on, and the result is "
        "empty. Its input must also be a rate() or increase() of the _bucket counters: raw bucket counters "
        "give the distribution since the process started, not now. Write "
        "histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: SlowRequests
        expr: histogram_quantile(0.95, sum by (route) (rate(http_request_duration_seconds_bucket[5m]))) > 1
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: SlowRequests
        expr: histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m]))) > 1
"""

    def check_query(self, query, ctx):
        catalog = ctx.catalog
        for node in query.nodes_of(Call):
            if not (node.func == "histogram_quantile" and len(node.args) == 2):
                continue
            arg = node.args[1]
            sels = [s for s in selectors(arg) if not is_placeholder(s.name)]
            if not sels:
                continue
            buckets = [
                s
                for s in sels
                if (s.name or "").endswith("_bucket") or "le" in (catalog.labels_of_series(s.name) or ())
            ]
            labels = labels_of(arg, catalog)
            if not labels.open and "le" not in labels.known and buckets:
                yield Problem(
                    query,
                    "histogram_quantile() input has no `le` label any more: keep it in the aggregation (by (le, ...))",
                    expr=query.text,
                )
            elif buckets and not uses_rate(arg, catalog):
                names = ", ".join(sorted({s.name for s in buckets}))
                yield Problem(
                    query,
                    f"histogram_quantile() of raw bucket counters {names}: wrap them in rate() or increase()",
                    expr=query.text,
                )
            elif not buckets and all(catalog.lookup(s.name) is not None for s in sels):
                names = ", ".join(sorted({s.name or "?" for s in sels}))
                yield Problem(
                    query, f"histogram_quantile() of {names}, which are not histogram _bucket series", expr=query.text
                )


RULE = HistogramQuantile()
