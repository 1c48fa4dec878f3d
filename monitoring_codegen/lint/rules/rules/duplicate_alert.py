"""RUL002 rules/duplicate-alert: the same alert, with the same labels, twice in one file."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.lint.rules.rules.duplicate_rule import rule_identity


class DuplicateRule(LintRule):
    id = "RUL002"
    name = "rules/duplicate-alert"
    severity = "warning"
    summary = "Two alerts with the same name and the same labels in one file."
    details = (
        "The same alert name with different labels (a warning and a critical threshold) is a common and "
        "valid pattern. With identical labels the two rules produce the same alert identity: they flap "
        "against each other and Alertmanager deduplicates one away. Usually a copy-paste that was never "
        "renamed. (Recording rules are not checked: several records of one name that write disjoint "
        "series, e.g. one per status code class, are a common pattern.)"
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        labels: {severity: warning}
      - alert: HighMemory
        expr: process_resident_memory_bytes > 8e9
        labels: {severity: warning}
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        labels: {severity: warning}
      - alert: HighMemory
        expr: process_resident_memory_bytes > 8e9
        labels: {severity: critical}
"""

    def check_rule_file(self, rule_file, ctx):
        seen = {}
        for rule in rule_file.rules():
            if rule.kind != "alert":
                continue
            key = (rule.kind, rule.name, tuple(sorted(rule.labels.items())))
            first = seen.get(key)
            if first is None:
                seen[key] = rule
                continue
            if rule_identity(first) == rule_identity(rule):
                continue  # an exact repeat: RUL005 rules/duplicate-rule says so
            yield Problem(
                rule, f"alert {rule.name!r} with the same labels is already defined at {first.path}:{first.line}"
            )


RULE = DuplicateRule()
