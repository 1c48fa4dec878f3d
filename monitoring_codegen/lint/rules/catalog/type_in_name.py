"""CAT008 catalog/type-in-name: a metric name holding its type (`_gauge`, `_counter`, `_histogram`)."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.metric_naming import type_in_name


class TypeInName(LintRule):
    id = "CAT008"
    name = "catalog/type-in-name"
    severity = "warning"
    summary = "A metric name says what it measures, not its type (promtool check metrics)."
    details = (
        "The type is metadata (`# TYPE`, the catalog's `type`); in the name it says nothing new, and it lies "
        "once the metric changes type (a gauge `requests_counter` becoming a counter `requests_counter_total`). "
        "`promtool check metrics` fails on `counter`, `gauge`, `summary`, `histogram` and `gauge_histogram` as "
        "words of a name. Name the quantity: `queue_depth`, `requests_total`, `request_duration_seconds`."
    )
    example_format = "catalog"
    bad = """\
- name: task_queue_gauge
  type: gauge
  labels: [queue]
"""
    good = """\
- name: task_queue_depth
  type: gauge
  labels: [queue]
"""

    def check_catalog(self, ctx):
        for entry in ctx.inputs.catalog_entries:
            for problem in type_in_name(entry.name):
                yield Problem(entry, f"{problem} (promtool check metrics): name the quantity it measures instead")


RULE = TypeInName()
