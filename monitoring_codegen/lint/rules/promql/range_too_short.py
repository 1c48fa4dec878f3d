"""PQL012 promql/range-too-short: a range shorter than two scrape intervals."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.durations import format_duration
from monitoring_codegen.promql.ast import Selector
from monitoring_codegen.promql.grafana import is_sentinel_range


class RangeTooShort(LintRule):
    id = "PQL012"
    name = "promql/range-too-short"
    severity = "warning"
    summary = "A range selector shorter than two scrape intervals."
    details = (
        "rate() and friends need at least two samples inside the range. With a 30s scrape interval a [30s] "
        "range often holds one sample, and the result flickers between a value and nothing; one missed "
        "scrape empties it. Use at least two, better four, scrape intervals ([tool.mcg.lint] "
        "scrape_interval, default 30s). In dashboards, use $__rate_interval."
    )
    bad = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:rate30s
        expr: sum by (job) (rate(http_requests_total[30s]))
"""
    good = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:rate2m
        expr: sum by (job) (rate(http_requests_total[2m]))
"""

    def check_query(self, query, ctx):
        minimum = 2 * ctx.settings.scrape_interval
        for node in query.nodes_of(Selector):
            if node.range is not None and not is_sentinel_range(node.range):
                if node.range < minimum:
                    yield Problem(
                        query,
                        f"range [{format_duration(node.range)}] of {node.name or 'selector'} is "
                        f"shorter than two scrape intervals ({format_duration(minimum)})",
                        expr=query.text,
                    )


RULE = RangeTooShort()
