"""PQL003 promql/unknown-metric: a metric neither in the catalog nor recorded."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Selector
from monitoring_codegen.promql.labels import is_placeholder

# Series Prometheus itself writes for every target or alert.
SYNTHETIC_SERIES = frozenset(
    {
        "up",
        "scrape_duration_seconds",
        "scrape_samples_scraped",
        "scrape_samples_post_metric_relabeling",
        "scrape_series_added",
        "scrape_timeout_seconds",
        "scrape_sample_limit",
        "scrape_body_size_bytes",
        "ALERTS",
        "ALERTS_FOR_STATE",
    }
)


class UnknownMetric(LintRule):
    id = "PQL003"
    name = "promql/unknown-metric"
    severity = "warning"
    summary = "A metric that is neither in the catalog nor produced by a recording rule."
    details = (
        "A selector for a metric nobody exposes returns nothing: the alert never fires and the panel stays "
        "empty, silently. Typos, renamed metrics and metrics of a removed exporter look exactly like this. "
        "Declare the metric in the catalog, or fix the name. Without a catalog (no definitions) this check "
        "is skipped; series written by recording rules in the linted files count as known."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: QueueBacklog
        expr: max(agent_queue_length) > 100
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: QueueBacklog
        expr: max(agent_queue_depth) > 100
"""

    def check_query(self, query, ctx):
        catalog = ctx.catalog
        if not catalog.has_catalog:
            return
        for selector in query.nodes_of(Selector):
            name = selector.name
            if not name or is_placeholder(name) or name in SYNTHETIC_SERIES:
                continue
            if catalog.lookup(name) is None:
                yield Problem(
                    query, f"metric {name!r} is not in the catalog and no recording rule produces it", expr=query.text
                )


RULE = UnknownMetric()
