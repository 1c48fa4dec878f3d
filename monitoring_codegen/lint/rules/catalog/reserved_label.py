"""CAT005 catalog/reserved-label: `le` on a non-histogram or `quantile` on a non-summary."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.metric_naming import reserved_labels

# What such a label usually holds on other metrics.
_INSTEAD = {"le": "limit", "quantile": "target_quantile"}


class ReservedLabel(LintRule):
    id = "CAT005"
    name = "catalog/reserved-label"
    severity = "error"
    summary = "`le` is the histogram bucket label and `quantile` the summary's (promtool check metrics)."
    details = (
        "histogram_quantile() reads `le` as a bucket's upper bound, and dashboards and recording rules treat a "
        "series with `quantile` as a precomputed summary quantile. A gauge carrying either is misread by both, "
        "and `promtool check metrics` fails on it. Name the label for what it holds: `limit`, `percentile_target`, "
        "`threshold`."
    )
    example_format = "catalog"
    bad = """\
- name: request_latency_target_seconds
  type: gauge
  labels: [quantile]
"""
    good = """\
- name: request_latency_target_seconds
  type: gauge
  labels: [target_quantile]
"""

    def check_catalog(self, ctx):
        for entry in ctx.inputs.catalog_entries:
            for problem in reserved_labels(entry.type, entry.labels):
                label = problem.split('"')[1]
                yield Problem(
                    entry,
                    f"{problem} (promtool check metrics): rename {label!r} for what it holds "
                    f"(e.g. {_INSTEAD[label]!r})",
                )


RULE = ReservedLabel()
