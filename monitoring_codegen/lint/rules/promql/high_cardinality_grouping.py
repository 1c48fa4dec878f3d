"""PQL014 promql/high-cardinality-grouping: `by (user_id)` and friends in rules and dashboards."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Aggregate
from monitoring_codegen.promql.catalog import is_high_cardinality_label
from monitoring_codegen.promql.labels import is_placeholder


class HighCardinalityGrouping(LintRule):
    id = "PQL014"
    name = "promql/high-cardinality-grouping"
    severity = "warning"
    summary = "Grouping by a high-cardinality label (*_id, user, email, url, path, ...)."
    details = (
        "`sum by (agent_id)` keeps one series per agent: a recording rule writes thousands of series, an "
        "alert fires (and pages) once per agent, a panel draws a thousand lines nobody can read. Group by "
        "something bounded (agent_type, route) and use topk() when individual offenders matter. Labels are "
        "judged by name; extend the list with [tool.mcg.lint] high_cardinality_labels and exempt labels "
        "with allowed_high_cardinality_labels."
    )
    bad = """\
groups:
  - name: example
    rules:
      - record: agent:agent_operations:rate5m
        expr: sum by (agent_id) (rate(agent_operations_total[5m]))
"""
    good = """\
groups:
  - name: example
    rules:
      - record: agent_type:agent_operations:rate5m
        expr: sum by (agent_type) (rate(agent_operations_total[5m]))
"""

    def check_query(self, query, ctx):
        settings = ctx.settings
        for node in query.nodes_of(Aggregate):
            if node.by:
                if node.op in ("topk", "bottomk", "limitk", "count_values"):
                    continue
                for label in node.by:
                    if not is_placeholder(label) and is_high_cardinality_label(
                        label, settings.high_cardinality_labels, settings.allowed_high_cardinality_labels
                    ):
                        yield Problem(
                            query,
                            f"{node.op} by ({label}): {label!r} is a high-cardinality label; one series per value",
                            expr=query.text,
                        )


RULE = HighCardinalityGrouping()
