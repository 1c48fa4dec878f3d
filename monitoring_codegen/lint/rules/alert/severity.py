"""ALR003 alert/severity: the severity label is missing or not an allowed value."""

from monitoring_codegen.lint.rule import LintRule, Problem


class AlertSeverity(LintRule):
    id = "ALR003"
    name = "alert/severity"
    severity = "warning"
    summary = "An alert without a `severity` label, or with a value outside the allowed set."
    details = (
        "Alertmanager routes on the severity label: an alert without one, or with `severity: high` where "
        "routes expect critical/warning/info, goes to the default receiver or nowhere. The allowed values "
        "come from [tool.mcg.lint] allowed_severities (default critical, warning, info)."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        for: 10m
        labels: {severity: high}
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        for: 10m
        labels: {severity: critical}
        annotations: {summary: "Resident memory above 4 GB"}
"""

    def check_rule(self, rule, ctx):
        if rule.kind != "alert":
            return
        allowed = ctx.settings.allowed_severities
        value = rule.labels.get("severity")
        if value is None:
            yield Problem(rule, f"no severity label (one of: {', '.join(allowed)})")
        elif value not in allowed and "{{" not in value:
            yield Problem(rule, f"severity {value!r} is not one of: {', '.join(allowed)}")


RULE = AlertSeverity()
