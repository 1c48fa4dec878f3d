"""Unit tests for alerting and recording rules, declared next to the rules in Python.

    AlertRule(..., tests=[
        AlertTest("a fifth of operations fail",
                  series={'agent_operations_total{status="error"}': "0+20x20", ...},
                  at="10m", fires=[Firing({"agent_type": "planner"}, value=0.2)]),
        AlertTest("a few errors stay below the threshold", series={...}, at="10m", fires=False),
    ])
    RecordingRule(..., tests=[RecordTest(series={...}, at="10m", expect=[({"route": "/"}, 1.5)])])

Series values use promtool's notation (`0+10x20`, `1x5`, `_`, `stale`). A test can also
stand beside the rule it tests: `AlertTest(alert="HighAgentErrorRate", ...)` at module
level. `mcg build` renders every test to `prometheus/tests/*.yaml` for `promtool test
rules`; what can be checked without running promtool (notation, durations, unknown
rules, labels the rule cannot produce, evaluation before `for`) fails the build.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.durations import validate_duration
from monitoring_codegen.model.fields import AlertLabelMap, PositiveDuration
from monitoring_codegen.model.names import validate_label_name

# One item of promtool's series notation (promql/parser/lex.go, series descriptions):
# a value, `a+bxn` / `a-bxn` (n more samples changing by b), `axn` (n+1 equal samples),
# `_` / `_xn` (missing samples) or `stale`.
_NUMBER = r"(?:[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[Ii][Nn][Ff]|[Nn][Aa][Nn]))"
_UNSIGNED = r"(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[Ii][Nn][Ff]|[Nn][Aa][Nn])"
_ITEM_RE = re.compile(rf"^(?:_(?:x\d+)?|stale|{_NUMBER}(?:x\d+)?|{_NUMBER}[+-]{_UNSIGNED}x\d+)\Z")


def check_series_values(values: str) -> str:
    """`values` when it is promtool series notation, else ValueError saying which item is wrong."""
    if not isinstance(values, str) or not values.strip():
        raise ValueError("series values must be a non-empty string in promtool notation, e.g. '0+10x20'")
    for item in values.split():
        if not _ITEM_RE.match(item):
            raise ValueError(
                f"{values!r} is not promtool series notation: {item!r} is not a value "
                "(use numbers, 'a+bxn' / 'a-bxn' for n more samples changing by b, 'axn', '_', '_xn' or 'stale'; "
                "e.g. '0+10x20')"
            )
    return values


def series_sample_count(values: str) -> int:
    """How many samples (including missing ones) the notation describes."""
    count = 0
    for item in values.split():
        if "x" in item:
            count += int(item.rsplit("x", 1)[1]) + 1
        else:
            count += 1
    return count


# Input series already read: tests of one rule (generated SLO tests above all) repeat them.
_SELECTORS: dict[str, tuple[str, dict[str, str]]] = {}


def parse_series_selector(selector: str) -> tuple[str, dict[str, str]]:
    """(metric name, labels) of an input series like `http_requests_total{route="/"}`."""
    found = _SELECTORS.get(selector) if isinstance(selector, str) else None
    if found is None:
        found = _parse_series_selector(selector)
        if len(_SELECTORS) < 100_000:
            _SELECTORS[selector] = found
    return found[0], dict(found[1])


def _parse_series_selector(selector: str) -> tuple[str, dict[str, str]]:
    from monitoring_codegen.promql.ast import Selector, convert
    from monitoring_codegen.promql.parse import parse_expr

    if not isinstance(selector, str) or not selector.strip():
        raise ValueError("a series name must be a non-empty selector like 'metric{label=\"value\"}'")
    try:
        node = convert(parse_expr(selector))
    except ValueError as exc:
        raise ValueError(f"series {selector!r} does not parse: {getattr(exc, 'reason', exc)}") from None
    if not isinstance(node, Selector) or node.range is not None or node.offset or node.at or node.or_groups:
        raise ValueError(f"series {selector!r} must be a plain series like 'metric{{label=\"value\"}}'")
    labels: dict[str, str] = {}
    name = node.name
    for label, op, value in node.matchers:
        if label == "__name__" and op == "=":
            name = value
            continue
        if op != "=":
            raise ValueError(f'series {selector!r}: input series take exact labels (label="value"), not {op}')
        validate_label_name(label)
        labels[label] = value
    if not name:
        raise ValueError(f"series {selector!r} has no metric name")
    return name, labels


def _times(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else list(value or [])
    if not items:
        raise ValueError("at: give at least one evaluation time, e.g. at='10m'")
    for item in items:
        validate_duration(item)
    return items


class Firing(BaseModel):
    """One alert expected to fire: the labels the expression produces (the rule's own labels
    are added), the value for `{{ $value }}` in annotations, and annotation texts that mcg
    should not expand itself."""

    model_config = ConfigDict(extra="forbid")

    labels: AlertLabelMap = Field(default_factory=dict)
    value: float | None = None
    annotations: dict[str, str] = Field(default_factory=dict)

    def __init__(self, labels: dict[str, str] | None = None, /, **data: Any) -> None:
        if labels is not None:
            data["labels"] = labels
        super().__init__(**data)


class Sample(BaseModel):
    """One sample a recording rule is expected to produce."""

    model_config = ConfigDict(extra="forbid")

    labels: dict[str, str] = Field(default_factory=dict)
    value: float

    def __init__(self, labels: dict[str, str] | None = None, value: float | None = None, /, **data: Any) -> None:
        if labels is not None:
            data["labels"] = labels
        if value is not None:
            data["value"] = value
        super().__init__(**data)


class _RuleTest(Definition):
    """Shared by alert and record tests: a description, input series and evaluation times."""

    key_field: ClassVar[str] = "name"

    name: str | None = None
    series: dict[str, str]
    interval: PositiveDuration = "1m"
    at: list[str]

    def __init__(self, name: str | None = None, /, **data: Any) -> None:
        if name is not None:
            data["name"] = name
        super().__init__(**data)

    @property
    def top_level(self) -> bool:  # type: ignore[override]
        # A test that names its rule stands on its own; one in `tests=[...]` belongs to the rule.
        return self.target is not None

    @property
    def target(self) -> str | None:
        raise NotImplementedError

    @property
    def key(self) -> str:
        # Two tests of one rule with the same description are a copy-paste mistake.
        if self.name:
            return f"{self.target}: {self.name}"
        where = f"{self.source.file.rsplit('/', 1)[-1]}:{self.source.line}" if self.source else "?"
        return f"{self.target}: test at {where}"

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: Any) -> list[str]:
        return _times(value)

    @field_validator("series")
    @classmethod
    def _series(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("series: give at least one input series")
        seen: dict[tuple, str] = {}
        for selector, values in value.items():
            name, labels = parse_series_selector(selector)
            try:
                check_series_values(values)
            except ValueError as exc:
                raise ValueError(f"{selector!r}: {exc}") from None
            identity = (name, tuple(sorted(labels.items())))
            if identity in seen:
                raise ValueError(f"series {selector!r} is the same series as {seen[identity]!r}")
            seen[identity] = selector
        return value

    def parsed_series(self) -> list[tuple[str, str, dict[str, str], str]]:
        """(selector as written, metric name, labels, values) for every input series."""
        out = []
        for selector, values in self.series.items():
            name, labels = parse_series_selector(selector)
            out.append((selector, name, labels, values))
        return out

    def label(self, default: str) -> str:
        return self.name or default


class AlertTest(_RuleTest):
    kind: ClassVar[str] = "AlertTest"

    # Only for a test declared beside its alert; inside `AlertRule(tests=[...])` it is implied.
    alert: str | None = None
    # Alerts expected at every time in `at`; False or [] means "does not fire".
    fires: list[Firing]

    @field_validator("fires", mode="before")
    @classmethod
    def _fires(cls, value: Any) -> list[Any]:
        if value is False or value is None:
            return []
        if value is True:
            raise ValueError(
                "fires=True cannot be checked: promtool compares exact alerts. "
                "List them: fires=[Firing({'label': 'value'}, value=...)]"
            )
        if isinstance(value, (dict, Firing)):
            value = [value]
        return [Firing(labels=item) if isinstance(item, dict) else item for item in value]

    @property
    def target(self) -> str | None:
        return self.alert

    @property
    def expects_firing(self) -> bool:
        return bool(self.fires)


class RecordTest(_RuleTest):
    kind: ClassVar[str] = "RecordTest"

    record: str | None = None
    # (labels, value) pairs or Sample objects; [] means "records nothing".
    expect: list[Sample]

    @field_validator("expect", mode="before")
    @classmethod
    def _expect(cls, value: Any) -> list[Any]:
        if value is None:
            return []
        out = []
        for item in value:
            if isinstance(item, Sample):
                out.append(item)
            elif isinstance(item, (tuple, list)) and len(item) == 2 and isinstance(item[0], dict):
                out.append(Sample(item[0], item[1]))
            elif isinstance(item, dict) and "value" in item:
                out.append(Sample(**item))
            else:
                raise ValueError(f"expect: {item!r} is not ({{labels}}, value) or Sample(labels, value)")
        return out

    @property
    def target(self) -> str | None:
        return self.record


RuleTest = AlertTest | RecordTest
