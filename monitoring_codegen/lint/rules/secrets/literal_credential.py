"""SEC001 secrets/literal-credential: a credential written out in a rule or a dashboard."""

from monitoring_codegen.lint.rule import LintRule, Problem


class LiteralCredential(LintRule):
    id = "SEC001"
    name = "secrets/literal-credential"
    severity = "error"
    summary = "A literal credential (webhook URL, token, key, password, user:password@ URL) in a rule or dashboard."
    details = (
        "Rule files and dashboards are committed, reviewed, copied into ConfigMaps and shown to everyone who "
        "can open Grafana: a Slack webhook URL, an API token or a `user:password@` URL in an annotation, a "
        "label or a dashboard link leaks with them. Keep credentials in files or environment variables that "
        "the server reads (Alertmanager `*_file` fields, Grafana `$__env{VAR}`), and link to pages that "
        "authenticate on their own. mcg's build refuses literal credentials in receivers, datasources and "
        "every rendered artifact; this rule finds them in rule files and dashboards linted on their own."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        for: 10m
        labels: {severity: warning}
        annotations:
          summary: "{{ $labels.instance }} uses {{ $value | humanize1024 }}B"
          description: Resident memory above 4 GB for 10 minutes.
          runbook_url: https://admin:hunter22@wiki.example.com/runbooks/high-memory
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
          summary: "{{ $labels.instance }} uses {{ $value | humanize1024 }}B"
          description: Resident memory above 4 GB for 10 minutes.
          runbook_url: https://wiki.example.com/runbooks/high-memory
"""

    def check_rule(self, rule, ctx):
        from monitoring_codegen.secrets import scan_fields

        for where, finding in scan_fields({"labels": rule.labels, "annotations": rule.annotations}):
            yield Problem(
                rule, f"literal {finding.kind} ({finding.excerpt}) in {where}; reference a file or variable instead"
            )

    def check_dashboard(self, dashboard, ctx):
        from monitoring_codegen.secrets import scan_fields

        for where, finding in scan_fields(dashboard.data):
            yield Problem(dashboard, f"literal {finding.kind} ({finding.excerpt}) in the dashboard JSON at {where}")


RULE = LiteralCredential()
