"""CAT011 catalog/percent-unit: a metric name in percent; Prometheus' base unit for shares is a ratio."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.metric_naming import percent_words


class PercentUnit(LintRule):
    id = "CAT011"
    name = "catalog/percent-unit"
    severity = "warning"
    summary = "Shares are ratios from 0 to 1 (`_ratio`), not percent (Prometheus naming conventions)."
    details = (
        "Prometheus' table of base units lists `ratio` for percentages: values from 0 to 1, so a share "
        "multiplies and divides with other series without a factor 100, and Grafana's `percentunit` shows it "
        "as percent. A metric holding 0-100 is divided by 100 somewhere, in every query, or forgotten there. "
        "Expose the ratio and name it `_ratio` (`cache_hit_ratio`). promtool 2.42 does not check this; "
        "the Prometheus naming documentation asks for it."
    )
    example_format = "catalog"
    bad = """\
- name: cache_hit_percent
  type: gauge
  labels: [cache]
"""
    good = """\
- name: cache_hit_ratio
  type: gauge
  labels: [cache]
"""

    def check_catalog(self, ctx):
        for entry in ctx.inputs.catalog_entries:
            for word in percent_words(entry.name):
                ratio = "_".join("ratio" if part == word else part for part in entry.name.split("_"))
                yield Problem(
                    entry,
                    f"{word!r} is not a base unit: expose a ratio from 0 to 1 and name it {ratio} "
                    "(Grafana unit percentunit shows it as percent)",
                )


RULE = PercentUnit()
