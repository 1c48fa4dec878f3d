"""CAT009 catalog/colon-in-name: an exposed metric name with ':' (reserved for recording rules)."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.metric_naming import colons


class ColonInName(LintRule):
    id = "CAT009"
    name = "catalog/colon-in-name"
    severity = "warning"
    summary = "Colons in metric names are reserved for recording rules (promtool check metrics)."
    details = (
        "Prometheus' naming convention `level:metric:operations` marks series a recording rule computed; a "
        "colon in an exposed metric makes it look derived, and a recording rule named after the convention can "
        "collide with it. `promtool check metrics` fails on it. Use '_' in exposed names and keep colons for "
        "the records in the catalog's recording rules."
    )
    example_format = "catalog"
    bad = """\
- name: "agent:tasks_completed_total"
  type: counter
  labels: [agent_type]
"""
    good = """\
- name: agent_tasks_completed_total
  type: counter
  labels: [agent_type]
"""

    def check_catalog(self, ctx):
        for entry in ctx.inputs.catalog_entries:
            for problem in colons(entry.name):
                yield Problem(entry, f"{problem} (promtool check metrics): name it {entry.name.replace(':', '_')}")


RULE = ColonInName()
