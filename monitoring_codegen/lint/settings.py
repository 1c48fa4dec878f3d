"""Lint settings: `[tool.mcg.lint]` in pyproject.toml, overridden by command-line flags.

[tool.mcg.lint]
prometheus_version = "2.42"       # target; decides which functions exist
scrape_interval = "30s"           # ranges shorter than two of these are reported
disable = ["DSH007"]              # rule ids or names
severity = { PQL010 = "error" }   # change a rule's severity
allowed_severities = ["critical", "warning", "info"]
required_annotations = ["summary"]
extra_labels = ["namespace", "pod"]           # target labels added by service discovery
high_cardinality_labels = ["tenant"]          # besides *_id, user, email, url, path, ...
allowed_high_cardinality_labels = ["le"]
runbook_hosts = ["wiki.example.com"]          # runbook_url hosts besides [tool.mcg] docs_url
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from monitoring_codegen.errors import UsageError
from monitoring_codegen.lint.findings import SEVERITIES
from monitoring_codegen.model.durations import parse_duration

DEFAULT_PROMETHEUS_VERSION = "3.0"
_KNOWN_KEYS = {
    "prometheus_version",
    "scrape_interval",
    "disable",
    "severity",
    "allowed_severities",
    "required_annotations",
    "extra_labels",
    "high_cardinality_labels",
    "allowed_high_cardinality_labels",
    "runbook_hosts",
}


@dataclass
class LintSettings:
    prometheus_version: tuple[int, int] = (3, 0)
    scrape_interval: float = 30.0
    disabled: set[str] = field(default_factory=set)  # rule ids
    severities: dict[str, str] = field(default_factory=dict)  # rule id -> severity
    allowed_severities: tuple[str, ...] = ("critical", "warning", "info")
    required_annotations: tuple[str, ...] = ("summary",)
    extra_labels: frozenset[str] = frozenset()
    high_cardinality_labels: frozenset[str] = frozenset()
    allowed_high_cardinality_labels: frozenset[str] = frozenset()
    # Where runbook_url may point (ALR006): generated pages under docs_url ([tool.mcg] docs_url,
    # set by the runner) and these hosts.
    docs_url: str | None = None
    runbook_hosts: tuple[str, ...] = ()


def parse_version(text: str) -> tuple[int, int]:
    match = re.match(r"^v?(\d+)(?:\.(\d+))?", str(text).strip())
    if not match:
        raise UsageError(f"prometheus_version {text!r} is not a version like '2.53' or '3.0'")
    return int(match.group(1)), int(match.group(2) or 0)


def _rule_id(key: str, where: str) -> str:
    from monitoring_codegen.lint.registry import find_rule

    rule = find_rule(key)
    if rule is None:
        raise UsageError(f"{where}: unknown lint rule {key!r} (see `mcg lint --list-rules`)")
    return rule.id


def _strings(value, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where} must be a list of strings")
    return value


def load_settings(section: dict, prometheus_version: str | None = None, docs_url: str | None = None) -> LintSettings:
    where = "[tool.mcg.lint]"
    unknown = sorted(set(section) - _KNOWN_KEYS)
    if unknown:
        raise UsageError(f"{where}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(sorted(_KNOWN_KEYS))})")
    settings = LintSettings(docs_url=docs_url)
    version = prometheus_version or section.get("prometheus_version") or DEFAULT_PROMETHEUS_VERSION
    settings.prometheus_version = parse_version(str(version))
    if "scrape_interval" in section:
        try:
            settings.scrape_interval = parse_duration(str(section["scrape_interval"]))
        except ValueError as exc:
            raise UsageError(f"{where} scrape_interval: {exc}") from None
    for key in _strings(section.get("disable", []), f"{where} disable"):
        settings.disabled.add(_rule_id(key, f"{where} disable"))
    severity = section.get("severity", {})
    if not isinstance(severity, dict):
        raise UsageError(f'{where} severity must be a table of rule = "error|warning|info"')
    for key, value in severity.items():
        if value not in SEVERITIES:
            raise UsageError(f"{where} severity.{key}: {value!r} is not one of {', '.join(SEVERITIES)}")
        settings.severities[_rule_id(key, f"{where} severity")] = value
    if "allowed_severities" in section:
        settings.allowed_severities = tuple(_strings(section["allowed_severities"], f"{where} allowed_severities"))
    if "required_annotations" in section:
        settings.required_annotations = tuple(
            _strings(section["required_annotations"], f"{where} required_annotations")
        )
    settings.extra_labels = frozenset(_strings(section.get("extra_labels", []), f"{where} extra_labels"))
    settings.high_cardinality_labels = frozenset(
        _strings(section.get("high_cardinality_labels", []), f"{where} high_cardinality_labels")
    )
    settings.allowed_high_cardinality_labels = frozenset(
        _strings(section.get("allowed_high_cardinality_labels", []), f"{where} allowed_high_cardinality_labels")
    )
    settings.runbook_hosts = tuple(_strings(section.get("runbook_hosts", []), f"{where} runbook_hosts"))
    return settings
