"""RUL007 rules/record-reads-itself: a recording rule that reads its own output, directly or through other records."""

from __future__ import annotations

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.dependencies import RecordIndex, record_cycle


class _Record:
    """A linted recording rule as promql/dependencies reads rules: labels and an expression."""

    def __init__(self, rule) -> None:
        self.rule = rule
        self.labels = rule.labels

    def rendered_expr(self) -> str:
        return self.rule.expr


class RecordReadsItself(LintRule):
    id = "RUL007"
    name = "rules/record-reads-itself"
    severity = "error"
    summary = "A recording rule that reads the series it records, directly or through a cycle of records."
    details = (
        "A recording rule's output is written back to the same series on every evaluation. When the "
        "expression reads that series (or reads a record that reads it), each result is computed from the "
        "previous one: a baseline drifts with the anomalies it should detect, a smoothed value never "
        "forgets a spike, and after a gap the rule has nothing to start from and records nothing at all. "
        "Read the raw series (or a record further up the chain) instead; anomaly detectors made by mcg "
        'never read their own output. Records of one name that set different labels (`x{id="a"}` and '
        '`x{id="b"}`) are told apart by those labels.'
    )
    bad = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m_smoothed
        expr: 0.9 * job:http_requests:rate5m_smoothed offset 5m + 0.1 * sum by (job) (rate(http_requests_total[5m]))
"""
    good = """\
groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - record: job:http_requests:rate5m_smoothed
        expr: avg_over_time(job:http_requests:rate5m[1h])
"""

    def check_rule(self, rule, ctx):
        if rule.kind != "record" or not rule.name or rule.query is None:
            return
        records = _records(ctx)
        own = next((r for r in records.records.get(rule.name, []) if r.rule is rule), None)
        if own is None:
            return
        chain = record_cycle(own, records)
        if chain is None:
            return
        if len(chain) == 1:
            message = f"{rule.name!r} reads its own output: each value is computed from the previous one"
        else:
            steps = " -> ".join(f"{r.rule.name} ({r.rule.path}:{r.rule.line})" for r in chain[1:])
            message = f"{rule.name!r} reads its own output through {steps} -> {rule.name}"
        yield Problem(rule, message)


def _records(ctx) -> RecordIndex:
    """Recorded name -> its rules, as promql/dependencies reads them (one wrapper per rule and
    one index per run: 1,000 SLOs record each slo:* name 1,000 times)."""
    cache = ctx.__dict__.setdefault("_record_reads_itself", {})
    if id(ctx.inputs) not in cache:
        cache[id(ctx.inputs)] = RecordIndex(
            {name: [_Record(rule) for rule in rules] for name, rules in ctx.inputs.records_by_name().items()}
        )
    return cache[id(ctx.inputs)]


RULE = RecordReadsItself()
