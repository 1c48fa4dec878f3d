"""PQL013 promql/plain-regex: a regex matcher with no regex metacharacters."""

import re

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Selector

_META = re.compile(r"[.\[\]()*+?{}|^$\\]")


class PlainRegex(LintRule):
    id = "PQL013"
    name = "promql/plain-regex"
    severity = "info"
    summary = "A =~ or !~ matcher whose value has no regex metacharacters: use = or !=."
    details = (
        '`{status=~"error"}` is an exact match written as a regex: = says what is meant, reads faster and '
        'lets Prometheus use its index directly. Often it hides a missing `.*` (`=~"5"` matches only '
        '"5", not "500").'
    )
    bad = """\
groups:
  - name: example
    rules:
      - record: job:agent_operations_errors:rate5m
        expr: sum by (job) (rate(agent_operations_total{status=~"error"}[5m]))
"""
    good = """\
groups:
  - name: example
    rules:
      - record: job:agent_operations_errors:rate5m
        expr: sum by (job) (rate(agent_operations_total{status="error"}[5m]))
"""

    def check_query(self, query, ctx):
        for node in query.nodes_of(Selector):
            for label, op, value in node.matchers:
                if (
                    op in ("=~", "!~")
                    and value
                    and not _META.search(value)
                    and "$" not in value
                    and "__mcg_var_" not in value
                ):
                    plain = "=" if op == "=~" else "!="
                    yield Problem(
                        query,
                        f'{label}{op}"{value}" has no regex metacharacters: use {label}{plain}"{value}"',
                        expr=query.text,
                    )


RULE = PlainRegex()
