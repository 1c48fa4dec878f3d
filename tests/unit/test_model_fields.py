"""The Annotated field types of model/fields.py: what they accept, and that their messages
are the checks' own, naming the field (never an index or key below it)."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitoring_codegen.errors import DefinitionError
from monitoring_codegen.model.definition import format_validation_error
from monitoring_codegen.model.fields import (
    AlertLabelMap,
    AlertName,
    CredentialFile,
    Duration,
    FileStem,
    Folder,
    GroupBy,
    LabelMap,
    LabelName,
    LabelNames,
    LintIgnore,
    MetricName,
    PositiveDuration,
    RegexMatcherMap,
    Uid,
    go_regexes,
)


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    duration: Duration | None = None
    positive: PositiveDuration = "1m"
    metric: MetricName = "up"
    alert: AlertName = "Up"
    label: LabelName = "job"
    uid: Uid = "uid"
    folder: Folder = "General"
    stem: FileStem = "rules"
    secret_file: CredentialFile | None = None
    labels: LabelNames = ()
    label_map: LabelMap = Field(default_factory=dict)
    matchers_re: RegexMatcherMap = Field(default_factory=dict)
    expected: AlertLabelMap = Field(default_factory=dict)
    group_by: GroupBy | None = None
    lint_ignore: LintIgnore = Field(default_factory=dict)
    regexes: Annotated[list[str], go_regexes("regexes")] = Field(default_factory=list)


def error_of(**data) -> str:
    with pytest.raises(ValidationError) as info:
        Sample(**data)
    return format_validation_error(info.value)


def test_valid_values_pass_unchanged():
    sample = Sample(
        duration="1h30m",
        positive="30s",
        metric="app:requests:rate5m",
        alert="HighErrorRate",
        label="route",
        uid="my-dash_1",
        folder="AI Agents",
        stem="app.rules",
        secret_file="/run/secrets/token",
        labels=("route", "status"),
        label_map={"severity": "page"},
        matchers_re={"service": "api|web"},
        expected={"alertname": "X", "job": "a"},
        group_by=["...", "alertname"],
        lint_ignore={"M001": "legacy name"},
        regexes=["go_.*"],
    )
    assert sample.duration == "1h30m" and sample.labels == ("route", "status")
    assert Sample(duration=None).duration is None


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"duration": "5 minutes"},
            "duration: '5 minutes' is not a Prometheus duration (use units y w d h m s ms, e.g. '5m', '1h30m', '30s')",
        ),
        ({"positive": "0s"}, "positive: positive must be positive"),
        ({"positive": "soon"}, "positive: 'soon' is not a Prometheus duration"),
        (
            {"metric": "1bad"},
            "metric: '1bad' is not a valid metric name (letters, digits, '_' and ':', not starting with a digit)",
        ),
        ({"alert": "High\nErrors"}, "alert: 'High\\nErrors' is not a valid alert name (one line of text, not empty)"),
        ({"label": "__name__"}, "label: label name '__name__' is reserved"),
        ({"uid": "x" * 41}, "uid: " + repr("x" * 41) + " is not a valid uid (1-40 characters of a-z A-Z 0-9 _ -)"),
        ({"folder": "a/b"}, "folder: 'a/b' is not a valid folder name"),
        ({"stem": "../x"}, "stem: '../x' is not a valid file name"),
        ({"secret_file": "hunter2"}, "secret_file: secret_file must be the path of a file holding the credential"),
        ({"labels": ("route", "bad-label")}, "labels: 'bad-label' is not a valid label name"),
        ({"labels": ("route", "route")}, "labels: duplicate label names in ['route', 'route']"),
        ({"label_map": {"ok": "1", "not ok": "2"}}, "label_map: 'not ok' is not a valid label name"),
        ({"matchers_re": {"bad-name": ".*"}}, "matchers_re: 'bad-name' is not a valid label name"),
        (
            {"matchers_re": {"job": "(?!db)"}},
            "matchers_re: regex for 'job': '(?!db)' does not compile as the Go RE2 regex",
        ),
        ({"expected": {"bad-name": "x"}}, "expected: 'bad-name' is not a valid label name"),
        ({"group_by": ["...", "bad-name"]}, "group_by: 'bad-name' is not a valid label name"),
        ({"lint_ignore": {"M001": " "}}, "lint_ignore: lint_ignore['M001'] needs a reason"),
        ({"regexes": ["ok", "a(?=b)"]}, "regexes: regexes: 'a(?=b)' does not compile as the Go RE2 regex"),
    ],
)
def test_messages_name_the_field(data, message):
    assert error_of(**data).startswith(message)


def test_alertname_is_only_allowed_in_expected_alert_labels():
    assert "'alertname'" not in error_of(expected={"alertname": "X", "bad-name": "y"})
    assert Sample(label_map={"alertname": "X"}).label_map == {"alertname": "X"}


def test_a_credential_pasted_into_a_file_field_is_not_echoed():
    message = error_of(secret_file="ghp_" + "a" * 36)
    assert "ghp_" not in message


def test_folder_is_kept_in_nfc_form():
    decomposed = "U\u0308bersicht"
    assert Sample(folder=decomposed).folder == "\u00dcbersicht"


def test_definitions_use_the_types_with_unchanged_messages():
    from monitoring_codegen import AlertRule, Environment, Route

    with pytest.raises(DefinitionError, match=r"AlertRule 'A': for: '5 minutes' is not a Prometheus duration"):
        AlertRule(alert="A", expr="up == 0", for_="5 minutes")
    with pytest.raises(DefinitionError, match=r"Environment 'prod': external_labels: 'a-b' is not a valid label name"):
        Environment(name="prod", external_labels={"a-b": "x"})
    with pytest.raises(DefinitionError, match=r"Route 'r': group_wait: 'soon' is not a Prometheus duration"):
        Route(receiver="r", group_wait="soon")
