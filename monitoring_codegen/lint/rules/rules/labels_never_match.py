"""RUL006 rules/labels-never-match: a binary operation whose sides are fixed to different values of a label they match on."""

from __future__ import annotations

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import Binary
from monitoring_codegen.promql.dependencies import _agrees
from monitoring_codegen.promql.labels import labels_of, never_matching


class LabelsNeverMatch(LintRule):
    id = "RUL006"
    name = "rules/labels-never-match"
    severity = "error"
    summary = "Both sides of a binary operation fix a label they are matched on to different values."
    details = (
        "A value compared with its band, or divided by its baseline, is matched series by series on their "
        'labels. When one side selects `anomaly_name="a"` and the other reads a recording rule that writes '
        '`anomaly_name="b"` (or the two recording rules set different static labels, or on(...) names a '
        "label only one side carries), no pair ever matches: the result is always empty, the band is never "
        "drawn and the alert can never fire, silently. This is how hand-written anomaly-detection rules "
        'most often break. The values come from `label="value"` matchers and from the static `labels:` of '
        "the recording rules in the linted files. Select the same value on both sides, or leave the label "
        "out of the matching with ignoring(...)."
    )
    bad = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
        labels: {anomaly_name: requests}
      - record: job:http_requests:upper_band
        expr: 2 * avg_over_time(job:http_requests:rate5m[1h])
        labels: {anomaly_name: api-requests}
      - alert: RequestsAboveBand
        expr: job:http_requests:rate5m > job:http_requests:upper_band
        for: 10m
"""
    good = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
        labels: {anomaly_name: requests}
      - record: job:http_requests:upper_band
        expr: 2 * avg_over_time(job:http_requests:rate5m[1h])
        labels: {anomaly_name: requests}
      - alert: RequestsAboveBand
        expr: job:http_requests:rate5m > job:http_requests:upper_band
        for: 10m
"""

    def check_rule(self, rule, ctx):
        query = rule.query
        if query is None or query.node is None:
            return
        records = ctx.inputs.records_by_name()

        def recorded(selector) -> dict[str, str]:
            """Static labels every recording rule this selector reads sets alike."""
            names = {selector.name} | {v for label, op, v in selector.matchers if label == "__name__" and op == "="}
            rules = [
                r
                for name in names - {None}
                for r in records.get(name, [])
                if selector.or_groups or _agrees(r.labels, selector.matchers)
            ]
            if not rules:
                return {}
            common = dict(rules[0].labels)
            for other in rules[1:]:
                common = {k: v for k, v in common.items() if other.labels.get(k) == v}
            return common

        for node in query.nodes_of(Binary):
            if node.on is None and node.ignoring is None and node.op not in ("and", "unless", "or"):
                lhs, rhs = labels_of(node.lhs, ctx.catalog), labels_of(node.rhs, ctx.catalog)
                if not lhs.open and not rhs.open and lhs.known != rhs.known:
                    continue  # different label sets: promql/vector-matching says so already
            found = never_matching(node, ctx.catalog, recorded)
            if found is None:
                continue
            label, left, right = found
            yield Problem(
                query,
                f"`{node.op}` never matches: {label} is {_shown(left)} on the left and {_shown(right)} on the right, "
                "so the result is always empty",
                expr=query.text,
            )


def _shown(value: str) -> str:
    return f'"{value}"' if value else "absent"


RULE = LabelsNeverMatch()
