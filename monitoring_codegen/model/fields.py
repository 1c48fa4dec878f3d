"""Field types that carry their own validation: `for_: Duration | None`, `labels: LabelMap`.

Each type is `Annotated[<python type>, AfterValidator(<check>)]` over the checks in
names.py, durations.py, regexes.py and secrets.py, so a definition states a field's format
in its annotation instead of in a `@field_validator` wrapper. The messages are the checks'
own, and a container type (LabelMap, LabelNames, ...) checks its items in one validator,
so an error names the field (`labels: ...`), never an index or key below it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo

from monitoring_codegen.model.durations import parse_duration, validate_duration
from monitoring_codegen.model.go_templates import template_error
from monitoring_codegen.model.names import (
    validate_file_stem,
    validate_folder,
    validate_label_name,
    validate_metric_name,
    validate_uid,
)
from monitoring_codegen.model.regexes import check_go_regex

# --- building blocks -------------------------------------------------------------------------


def each_item(check: Callable[[Any], Any], *, allow: Iterable[str] = ()) -> AfterValidator:
    """Run `check` on every item of a list or tuple (items in `allow` pass unchecked)."""
    allowed = frozenset(allow)

    def validate(value):
        for item in value:
            if item not in allowed:
                check(item)
        return value

    return AfterValidator(validate)


def each_key(check: Callable[[Any], Any], *, allow: Iterable[str] = ()) -> AfterValidator:
    """Run `check` on every key of a dict (keys in `allow` pass unchecked)."""
    return each_item(check, allow=allow)  # iterating a dict yields its keys


def each_value(check: Callable[[Any], Any]) -> AfterValidator:
    """Run `check` on every value of a dict."""

    def validate(value):
        for item in value.values():
            check(item)
        return value

    return AfterValidator(validate)


def _unique(value):
    if len(set(value)) != len(value):
        raise ValueError(f"duplicate label names in {list(value)}")
    return value


def validate_alert_name(name: str) -> str:
    # An alert's name is the value of its `alertname` label: Prometheus (rulefmt) accepts any
    # text, and real rule files use `Cert-managerAbsent` or `MysqlTooManyConnections(>80%)`.
    # Only what cannot be a one-line name is refused.
    if not isinstance(name, str) or not name.strip() or any(ch < " " or ch == "\x7f" for ch in name):
        raise ValueError(f"{name!r} is not a valid alert name (one line of text, not empty)")
    return name


def _positive_duration(value: str, info: ValidationInfo) -> str:
    if parse_duration(validate_duration(value)) <= 0:
        raise ValueError(f"{info.field_name} must be positive")
    return value


def _credential_file(value: str, info: ValidationInfo) -> str:
    from monitoring_codegen.secrets import check_credential_file

    assert info.field_name is not None  # CredentialFile is the type of a model field
    return check_credential_file(value, info.field_name)


def _reasons(value: dict[str, str]) -> dict[str, str]:
    for rule_id, reason in value.items():
        if not str(reason).strip():
            raise ValueError(f"lint_ignore[{rule_id!r}] needs a reason")
    return value


def _map_regexes(value: dict[str, str]) -> dict[str, str]:
    for name, regex in value.items():
        check_go_regex(regex, f"regex for {name!r}")
    return value


def _alert_templates(value: dict[str, str]) -> dict[str, str]:
    # Prometheus parses an alerting rule's label and annotation values as Go templates and
    # refuses the whole rule file when one does not parse (see go_templates.py).
    problems = []
    for key, text in value.items():
        error = template_error(text)
        if error is not None:
            problems.append(f"{key!r} is not a template Prometheus can parse: {error}")
    if problems:
        raise ValueError("; ".join(problems))
    return value


def go_regexes(what: str) -> AfterValidator:
    """Every item of a list is a Go RE2 regex; an error names `what`."""
    return each_item(lambda regex: check_go_regex(regex, what))


# --- scalars ---------------------------------------------------------------------------------

# A Prometheus duration: `5m`, `1h30m`, `500ms`, `0`.
Duration = Annotated[str, AfterValidator(validate_duration)]
# A duration above zero; the message names the field.
PositiveDuration = Annotated[str, AfterValidator(_positive_duration)]
MetricName = Annotated[str, AfterValidator(validate_metric_name)]
AlertName = Annotated[str, AfterValidator(validate_alert_name)]
LabelName = Annotated[str, AfterValidator(validate_label_name)]
# A Grafana dashboard or datasource uid.
Uid = Annotated[str, AfterValidator(validate_uid)]
# A Grafana folder title that is also a directory name (kept in NFC form).
Folder = Annotated[str, AfterValidator(validate_folder)]
# A file name without folder (a rule file's stem).
FileStem = Annotated[str, AfterValidator(validate_file_stem)]
# The path of a file holding a credential, never the credential; the message names the field.
CredentialFile = Annotated[str, AfterValidator(_credential_file)]


# --- containers ------------------------------------------------------------------------------

# Label names of a metric: each valid, none twice.
LabelNames = Annotated[tuple[str, ...], each_item(validate_label_name), AfterValidator(_unique)]
# label name -> value (rule labels, external labels, target labels, equality matchers).
LabelMap = Annotated[dict[str, str], each_key(validate_label_name)]
# label name -> Go regex (`match_re` matchers).
RegexMatcherMap = Annotated[dict[str, str], each_key(validate_label_name), AfterValidator(_map_regexes)]
# An alerting rule's annotations: name -> Go template text.
AlertTemplates = Annotated[dict[str, str], AfterValidator(_alert_templates)]
# An alerting rule's labels: valid names, values that are Go templates Prometheus parses.
AlertRuleLabels = Annotated[dict[str, str], each_key(validate_label_name), AfterValidator(_alert_templates)]
# The labels of an expected alert: `alertname` is allowed there.
AlertLabelMap = Annotated[dict[str, str], each_key(validate_label_name, allow=("alertname",))]
# Alertmanager's group_by: label names, or "..." for every label.
GroupBy = Annotated[list[str], each_item(validate_label_name, allow=("...",))]
# rule id -> reason: accepted lint findings, each with a reason.
LintIgnore = Annotated[dict[str, str], AfterValidator(_reasons)]
