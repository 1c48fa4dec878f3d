"""RUL003 rules/duplicate-group: two groups with the same name in one file."""

from monitoring_codegen.lint.rule import LintRule, Problem


class DuplicateGroup(LintRule):
    id = "RUL003"
    name = "rules/duplicate-group"
    severity = "error"
    summary = "Two rule groups with the same name in one file: Prometheus refuses the file."
    details = (
        "Group names must be unique within a rule file; Prometheus (and promtool check rules) reject the "
        "whole file otherwise, so none of its rules load."
    )
    bad = """\
groups:
  - name: memory
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
  - name: memory
    rules:
      - alert: VeryHighMemory
        expr: process_resident_memory_bytes > 8e9
"""
    good = """\
groups:
  - name: memory
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
  - name: memory-critical
    rules:
      - alert: VeryHighMemory
        expr: process_resident_memory_bytes > 8e9
"""

    def check_rule_file(self, rule_file, ctx):
        seen = {}
        for group in rule_file.groups:
            first = seen.setdefault(group.name, group)
            if first is not group:
                yield Problem(group, f"group name {group.name!r} is already used at {first.path}:{first.line}")


RULE = DuplicateGroup()
