"""RUL004 rules/invalid-rule: a group or rule Prometheus refuses to load."""

import functools

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.model.durations import parse_duration


class InvalidRule(LintRule):
    id = "RUL004"
    name = "rules/invalid-rule"
    severity = "error"
    summary = "A rule or group Prometheus refuses: no expr, no alert/record name, bad `for` duration, ..."
    details = (
        "Prometheus and promtool reject the whole rule file when one rule has no `expr`, has both or "
        "neither of `alert` and `record`, or when a group has no name or a duration (`for`, "
        "`keep_firing_for`, `interval`) is not a Prometheus duration like 5m or 1h30m. None of the file's "
        "rules are loaded until it is fixed."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        for: 10 minutes
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: HighMemory
        expr: process_resident_memory_bytes > 4e9
        for: 10m
"""

    def check_rule_file(self, rule_file, ctx):
        for group in rule_file.groups:
            for message in group.structure:
                yield Problem(group, message)
            if group.interval is not None:
                yield from self._duration(group, "interval", group.interval)

    def check_rule(self, rule, ctx):
        for message in rule.structure:
            yield Problem(rule, message)
        if rule.kind == "alert":
            for key, value in (("for", rule.for_), ("keep_firing_for", rule.keep_firing_for)):
                if value is not None:
                    yield from self._duration(rule, key, value)

    @staticmethod
    def _duration(target, key, value):
        error = _duration_error(value)
        if error is not None:
            yield Problem(target, f"`{key}`: {error}")


@functools.lru_cache(maxsize=4096)
def _duration_error(value: str) -> str | None:
    """Why `value` is no duration, or None; rule files repeat a handful of `for:` values."""
    try:
        parse_duration(value)
    except ValueError as exc:
        return str(exc)
    return None


RULE = InvalidRule()
