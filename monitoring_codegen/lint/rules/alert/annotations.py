"""ALR004 alert/annotations: a required annotation (summary by default) is missing."""

from monitoring_codegen.lint.rule import LintRule, Problem


class AlertAnnotations(LintRule):
    id = "ALR004"
    name = "alert/annotations"
    severity = "warning"
    summary = "An alert lacks a required annotation (default: summary)."
    details = (
        "The person paged at 3am reads the annotations first: without a summary the notification is just "
        "an alert name. Required annotations come from [tool.mcg.lint] required_annotations "
        '(default ["summary"]; add "runbook_url" or "description" as your team needs).'
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        for: 10m
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        for: 10m
        labels: {severity: warning}
        annotations:
          summary: "Resident memory of {{ $labels.instance }} above 4 GB"
"""

    def check_rule(self, rule, ctx):
        if rule.kind != "alert":
            return
        missing = [
            name for name in ctx.settings.required_annotations if not str(rule.annotations.get(name, "")).strip()
        ]
        if missing:
            yield Problem(rule, f"missing annotation(s): {', '.join(missing)}")


RULE = AlertAnnotations()
