"""Prometheus alerting and recording rules, and the groups that hold them."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import Field, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import (
    AlertName,
    AlertRuleLabels,
    AlertTemplates,
    Duration,
    FileStem,
    LabelMap,
    LintIgnore,
    MetricName,
)
from monitoring_codegen.model.names import check_portable_name, slugify
from monitoring_codegen.promql.parse import parse_expr

_PARAM_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def expr_params(expr: str) -> list[str]:
    """Placeholders like `{{ threshold }}` in an expression, in order of first use."""
    return list(dict.fromkeys(_PARAM_RE.findall(expr)))


def substitute_params(expr: str, params: dict[str, Any]) -> str:
    """The expression with every `{{ name }}` replaced by its value (numbers as Prometheus reads them)."""

    def value(match: re.Match) -> str:
        v = params[match.group(1)]
        return repr(v) if isinstance(v, float) else str(v)

    return _PARAM_RE.sub(value, expr)


def _validate_expr(expr: str, params: dict[str, Any] | None = None) -> str:
    if not isinstance(expr, str) or not expr.strip():
        raise ValueError("expr must be a non-empty PromQL expression")
    names = expr_params(expr)
    missing = [n for n in names if n not in (params or {})]
    if missing:
        raise ValueError(f"expr uses {', '.join('{{ ' + n + ' }}' for n in missing)} but params has no value for it")
    parse_expr(substitute_params(expr, params or {}) if names else expr)
    return expr


class _Rule(Definition):
    top_level: ClassVar[bool] = False

    expr: str
    labels: LabelMap = Field(default_factory=dict)
    # rule id -> reason: findings of that lint rule on this definition are accepted.
    lint_ignore: LintIgnore = Field(default_factory=dict)

    # Values for `{{ name }}` placeholders in expr; environments may override them.
    params: dict[str, float | int | str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _expr(self) -> _Rule:
        _validate_expr(self.expr, self.params)
        unused = sorted(set(self.params) - set(expr_params(self.expr)))
        if unused:
            raise ValueError(f"params {unused} are not used in expr")
        return self

    def rendered_expr(self, overrides: dict[str, Any] | None = None) -> str:
        """The PromQL with params (and an environment's overrides) filled in."""
        if not self.params:
            return self.expr
        return substitute_params(self.expr, {**self.params, **(overrides or {})})


class AlertRule(_Rule):
    kind: ClassVar[str] = "AlertRule"
    key_field: ClassVar[str] = "alert"

    alert: AlertName
    # `for` is a Python keyword: written for_= (or **{"for": ...}).
    for_: Duration | None = Field(default=None, alias="for")
    keep_firing_for: Duration | None = None
    # Label values and annotations are Go templates ({{ $labels.x }}, {{ $value }}); a recording
    # rule's labels are not (Prometheus copies them as written).
    labels: AlertRuleLabels = Field(default_factory=dict)
    annotations: AlertTemplates = Field(default_factory=dict)
    # Unit tests for this alert (see testing.py); rendered for promtool.
    tests: list[Any] = Field(default_factory=list)
    # What to do when it fires (Markdown): the "What to do" section of its page in out/docs/.
    # Not sent to Prometheus; the `runbook_url` annotation links to that page by default.
    runbook: str | None = None

    @field_validator("runbook")
    @classmethod
    def _runbook(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("runbook must not be empty (leave it out instead)")
        return value

    def to_prometheus(self, params: dict[str, Any] | None = None, for_override: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"alert": self.alert, "expr": self.rendered_expr(params)}
        for_ = for_override if for_override is not None else self.for_
        if for_ is not None:
            out["for"] = for_
        if self.keep_firing_for is not None:
            out["keep_firing_for"] = self.keep_firing_for
        if self.labels:
            out["labels"] = dict(sorted(self.labels.items()))
        if self.annotations:
            out["annotations"] = dict(sorted(self.annotations.items()))
        return out


class RecordingRule(_Rule):
    kind: ClassVar[str] = "RecordingRule"
    key_field: ClassVar[str] = "record"

    record: MetricName
    # Unit tests for this recording rule (see testing.py).
    tests: list[Any] = Field(default_factory=list)

    def to_prometheus(self, params: dict[str, Any] | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"record": self.record, "expr": self.rendered_expr(params)}
        if self.labels:
            out["labels"] = dict(sorted(self.labels.items()))
        return out


Rule = AlertRule | RecordingRule


class RuleGroup(Definition):
    kind: ClassVar[str] = "RuleGroup"

    name: str
    rules: list[Rule]
    interval: Duration | None = None
    limit: int | None = None
    # Rule file stem under prometheus/rules/; defaults to the group name as a slug.
    file: FileStem | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value or not value.strip():
            raise ValueError("group name must not be empty")
        return value

    @model_validator(mode="after")
    def _file_name(self) -> RuleGroup:
        # Two rules of one name and labels are what Prometheus accepts: an exact repeat (promtool
        # only warns) or alerts that differ in expression. Real rule files have both, and imported
        # ones keep them; lint reports them (RUL002 rules/duplicate-alert, RUL005 rules/duplicate-rule).
        if self.file is None:
            # The file is named after the group: `CON` would be prometheus/rules/con.yaml, a
            # device on Windows.
            try:
                check_portable_name(self.file_stem, "file name")
            except ValueError as exc:
                raise ValueError(f"{exc} (the group's name gives its rule file's name; set file= to another)") from None
        return self

    @property
    def file_stem(self) -> str:
        return self.file or slugify(self.name)

    @property
    def identity(self) -> tuple[str, str]:
        # Prometheus needs group names unique within a rule file only: several files may each
        # have a group `EmbeddedExporter`.
        return (self.file_stem, self.name)

    def key_text(self) -> str:
        return f"group {self.name!r} of rule file {self.file_stem}.yaml"

    def alerts(self) -> list[AlertRule]:
        return [r for r in self.rules if isinstance(r, AlertRule)]

    def records(self) -> list[RecordingRule]:
        return [r for r in self.rules if isinstance(r, RecordingRule)]

    def to_prometheus(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.interval is not None:
            out["interval"] = self.interval
        if self.limit is not None:
            out["limit"] = self.limit
        out["rules"] = [rule.to_prometheus() for rule in self.rules]
        return out
