"""RUL001 rules/record-naming: recording rule names of the form level:metric:operations."""

import re

from monitoring_codegen.lint.rule import LintRule, Problem

_NAME_RE = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_:]*[a-zA-Z0-9_]$")


class RecordNaming(LintRule):
    id = "RUL001"
    name = "rules/record-naming"
    # Its name before the families were made to agree with the ids; still accepted.
    aliases = ("record/naming",)
    severity = "warning"
    summary = "A recording rule name that is not level:metric:operations."
    details = (
        "Prometheus' naming convention for recorded series is level:metric:operations, e.g. "
        "job:http_requests:rate5m: the labels it keeps, the metric it came from, and what was done to it. "
        "A recorded series named like a raw metric is taken for one: people rate() it, and catalog checks "
        "cannot tell the two apart."
    )
    bad = """\
groups:
  - name: example
    rules:
      - record: http_requests_rate
        expr: sum by (job) (rate(http_requests_total[5m]))
"""
    good = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
"""

    def check_rule(self, rule, ctx):
        if rule.kind == "record" and rule.name and not _NAME_RE.match(rule.name):
            yield Problem(
                rule, f"{rule.name!r} is not of the form level:metric:operations (e.g. job:http_requests:rate5m)"
            )


RULE = RecordNaming()
