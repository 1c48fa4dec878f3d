"""SLO001 slo/sli-not-counter-ratio: an SLI that is not a ratio of counted events."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Selector


def _has_le(selector: Selector) -> bool:
    return any(label == "le" and op in ("=", "=~") for label, op, _ in selector.matchers)


class SLINotCounterRatio(LintRule):
    id = "SLO001"
    name = "slo/sli-not-counter-ratio"
    severity = "warning"
    summary = "An SLI reads a gauge, or sums every bucket of a histogram, instead of counting events."
    details = (
        "An error budget is a number of bad events: the SLI must divide a rate of bad (or good) events by a "
        "rate of all events, both from counters. rate() of a gauge is meaningless, and a ratio of gauges "
        "measures time or load, not requests, so a burn rate of 14.4 no longer means 2% of the month's budget "
        "in an hour. A histogram's `_bucket` series is a counter per bound: summed without an `le` matcher it "
        "adds every bucket up (a request slower than 5s is counted once per bound above 5s). Use the counter "
        "of requests (`_total`, a histogram's `_count`), one `le` bucket for a latency SLI "
        "(SLO.latency(histogram=..., threshold=...) in Python), or accept the finding for an SLI that really "
        "is about time (`avg_over_time(up[...])`)."
    )
    example_format = "slo"
    bad = """\
version: prometheus/v1
service: agents
slos:
  - name: queue-healthy
    objective: 99
    sli:
      events:
        error_query: sum(rate(agent_queue_depth{queue="jobs"}[{{.window}}]))
        total_query: sum(rate(agent_queue_depth[{{.window}}]))
    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}
"""
    good = """\
version: prometheus/v1
service: agents
slos:
  - name: operations
    objective: 99
    sli:
      events:
        error_query: sum(rate(agent_operations_total{status="error"}[{{.window}}]))
        total_query: sum(rate(agent_operations_total[{{.window}}]))
    alerting: {page_alert: {disable: true}, ticket_alert: {disable: true}}
"""

    def check_slo(self, slo, ctx):
        catalog = ctx.catalog
        reported: set[str] = set()
        for role, node in slo.sli_expressions():
            for selector in (n for n in node.walk() if isinstance(n, Selector)):
                name = selector.name
                if not name or name in reported:
                    continue
                info = catalog.lookup(name)
                if info is not None and info.type != "counter":
                    what = "a gauge" if info.type == "gauge" else f"a {info.type} series"
                    if info.origin == "catalog" and info.metric == name and info.metric in catalog.buckets:
                        what = "a histogram: read its _count, or one _bucket with le"
                    reported.add(name)
                    yield Problem(slo, f"sli {role} reads {name}, {what}; an SLI divides rates of counted events")
                elif name.endswith("_bucket") and not _has_le(selector):
                    reported.add(name)
                    yield Problem(
                        slo,
                        f"sli {role} reads {name} without an le matcher: that sums every bucket of the histogram; "
                        "read one bucket (le=...) for requests faster than a bound, or _count for all requests",
                    )
                elif info is None and slo.sli is not None and getattr(slo.sli, "kind", "") == "ratio":
                    continue  # unknown metrics: the build and promql/unknown-metric say so


RULE = SLINotCounterRatio()
