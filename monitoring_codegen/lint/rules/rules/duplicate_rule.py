"""RUL005 rules/duplicate-rule: a rule repeated exactly, field for field, in one file."""

from monitoring_codegen.lint.rule import LintRule, Problem


def rule_identity(rule) -> tuple:
    """Everything Prometheus reads of a rule: two rules with the same identity are one rule twice."""
    return (
        rule.kind,
        rule.name,
        rule.expr,
        rule.for_,
        rule.keep_firing_for,
        tuple(sorted(rule.labels.items())),
        tuple(sorted(rule.annotations.items())),
    )


class DuplicateRule(LintRule):
    id = "RUL005"
    name = "rules/duplicate-rule"
    severity = "warning"
    summary = "The same rule twice in one file: Prometheus evaluates it twice for nothing."
    details = (
        "Prometheus loads a file that repeats a rule exactly (promtool only warns), and mcg keeps such a "
        "rule as it is, e.g. in imported rule files. The copy doubles the evaluation work; for a recording "
        "rule, both write the same series at the same time. Usually a copy-paste or a merge that kept both "
        "sides: delete one."
    )
    bad = """\
groups:
  - name: memory
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
"""
    good = """\
groups:
  - name: memory
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
"""

    def check_rule_file(self, rule_file, ctx):
        seen = {}
        for rule in rule_file.rules():
            if rule.structure or not rule.name:
                continue
            first = seen.setdefault(rule_identity(rule), rule)
            if first is not rule:
                yield Problem(rule, f"{rule.kind} {rule.name!r} repeats the rule at {first.path}:{first.line} exactly")


RULE = DuplicateRule()
