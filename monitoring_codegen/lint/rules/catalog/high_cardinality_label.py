"""CAT001 catalog/high-cardinality-label: a catalog metric declares a high-cardinality label."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.catalog import is_high_cardinality_label


class CatalogHighCardinality(LintRule):
    id = "CAT001"
    name = "catalog/high-cardinality-label"
    severity = "info"
    summary = "A metric in the catalog declares a label like *_id, user, email, url or path."
    details = (
        "Every distinct label value is a separate series in Prometheus' memory and index. Labels holding "
        "ids, users, e-mail addresses or URLs grow with traffic, not with the system, and are the usual "
        "cause of a Prometheus falling over. Prefer a bounded label (agent_type, route template); put ids "
        "in logs or traces. Informational: sometimes the population is small and known."
    )
    example_format = "catalog"
    bad = """\
- name: agent_operations_total
  type: counter
  labels: [agent_id, status]
"""
    good = """\
- name: agent_operations_total
  type: counter
  labels: [agent_type, status]
"""

    def check_catalog(self, ctx):
        settings = ctx.settings
        for entry in ctx.inputs.catalog_entries:
            for label in entry.labels:
                if is_high_cardinality_label(
                    label, settings.high_cardinality_labels, settings.allowed_high_cardinality_labels
                ):
                    yield Problem(entry, f"label {label!r} is likely high-cardinality (one series per value)")


RULE = CatalogHighCardinality()
