"""ALR005 alert/template-label: an alert template uses a label the expression does not keep."""

import re

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.go_templates import alert_label_references
from monitoring_codegen.promql.labels import labels_of

# Every name a template could read as a label: a field (`.x`) or a string (`index $labels "x"`).
# When all of them are kept, no label can be missing and the template need not be parsed.
_CANDIDATES = re.compile(r'\.(\w+)|"((?:[^"\\]|\\.)*)"|`([^`]*)`')


def could_miss(text: str, available) -> bool:
    return any(name not in available for match in _CANDIDATES.findall(text) for name in match if name)


def referenced_labels(text: str) -> list[str]:
    """The alert's labels a template reads, as Go's template parser scopes them: inside
    {{range query "..."}} `.Labels` belong to the query's samples, not to the alert."""
    return list(alert_label_references(text) or ())


class TemplateLabel(LintRule):
    id = "ALR005"
    name = "alert/template-label"
    severity = "warning"
    summary = "An annotation or label template uses $labels.x but the expression drops x."
    details = (
        "Templates see the labels of the series that fired. After `sum by (job)` only `job` is left, so "
        '`{{ $labels.instance }}` renders as an empty string and the page says "on " with nothing after it. '
        "Keep the label in the aggregation or take it out of the template. The template is read with Go's "
        'scoping: `.Labels` inside {{ range query "..." }} or {{ with query ... }} are the query result\'s, '
        "and are not checked; `$labels` there still means the alert's."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighErrorRate
        expr: sum by (route) (rate(http_requests_total{status_code=~"5.."}[5m])) > 1
        annotations:
          summary: "Errors on {{ $labels.instance }} for {{ $labels.route }}"
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: HighErrorRate
        expr: sum by (instance, route) (rate(http_requests_total{status_code=~"5.."}[5m])) > 1
        for: 5m
        labels: {severity: warning}
        annotations:
          summary: "Errors on {{ $labels.instance }} for {{ $labels.route }}"
"""

    def check_rule(self, rule, ctx):
        if rule.kind != "alert" or rule.query is None or rule.query.node is None:
            return
        templates = {
            **{f"label {k}": v for k, v in rule.labels.items()},
            **{f"annotation {k}": v for k, v in rule.annotations.items()},
        }
        if not any("abels" in v for v in templates.values()):
            return
        kept = labels_of(rule.query.node, ctx.catalog)
        if kept.open:
            return
        available = kept.known | set(rule.labels) | {"alertname"}
        for where, text in sorted(templates.items()):
            if not could_miss(text, available):
                continue
            for label in dict.fromkeys(referenced_labels(text)):
                if label not in available:
                    yield Problem(
                        rule,
                        f"{where} uses $labels.{label}, but the expression keeps only "
                        f"({', '.join(sorted(kept.known)) or 'no labels'})",
                    )


RULE = TemplateLabel()
