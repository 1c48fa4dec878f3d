"""CAT004 catalog/reserved-suffix: `_count`, `_sum` or `_bucket` on a metric that is not a histogram or summary."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.metric_naming import reserved_suffixes


class ReservedSuffix(LintRule):
    id = "CAT004"
    name = "catalog/reserved-suffix"
    severity = "error"
    summary = "`_count`, `_sum` and `_bucket` are the series of histograms and summaries (promtool check metrics)."
    details = (
        "A histogram `x` is scraped as `x_bucket`, `x_sum` and `x_count`, a summary as `x`, `x_sum` and "
        "`x_count`. A gauge named `agents_active_count` looks like the observation count of a histogram "
        "`agents_active`: readers rate() it, histogram tooling pairs it with a `_sum` that does not exist, and "
        "a real histogram of that name later collides with it. `promtool check metrics` fails on it. Name the "
        "thing counted instead: `agents_active`, `queue_depth`, `cache_entries`."
    )
    example_format = "catalog"
    bad = """\
- name: agent_active_count
  type: gauge
  labels: [agent_type]
"""
    good = """\
- name: agents_active
  type: gauge
  labels: [agent_type]
"""

    def check_catalog(self, ctx):
        for entry in ctx.inputs.catalog_entries:
            for problem in reserved_suffixes(entry.name, entry.type):
                suffix = problem.split('"')[1]
                stem = entry.name.removesuffix(suffix)
                yield Problem(
                    entry,
                    f"{problem} (promtool check metrics): {entry.name} reads as a series of a histogram or "
                    f"summary {stem}; name what it measures without {suffix!r}",
                )


RULE = ReservedSuffix()
