"""CAT010 catalog/camel-case: a metric or label name in camelCase."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.metric_naming import camel_case, snake_case


class CamelCase(LintRule):
    id = "CAT010"
    name = "catalog/camel-case"
    severity = "warning"
    summary = "Metric and label names are snake_case (promtool check metrics)."
    details = (
        "Prometheus names are snake_case by convention, and every exporter follows it; a camelCase name is "
        "one a reader mistypes in PromQL (names are case-sensitive: `agentCount` and `agentcount` are two "
        "metrics), and `promtool check metrics` fails on it, for metric and label names alike."
    )
    example_format = "catalog"
    bad = """\
- name: agentTasks_total
  type: counter
  labels: [agentType]
"""
    good = """\
- name: agent_tasks_total
  type: counter
  labels: [agent_type]
"""

    def check_catalog(self, ctx):
        for entry in ctx.inputs.catalog_entries:
            for problem in camel_case(entry.name, entry.labels):
                if problem.startswith("metric"):
                    advice = f"name it {snake_case(entry.name)}"
                else:
                    advice = ", ".join(
                        f"{label} -> {snake_case(label)}" for label in entry.labels if snake_case(label) != label
                    )
                yield Problem(entry, f"{problem} (promtool check metrics): {advice}")


RULE = CamelCase()
