"""The one GitHub workflow-annotation formatter, and the three commands that print through it."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from monitoring_codegen.github import annotation, escape_data, escape_property
from monitoring_codegen.model.source import SourceLocation


def test_data_escapes_percent_and_line_breaks_only():
    assert escape_data("100%\r\nx: a, b") == "100%25%0D%0Ax: a, b"


def test_properties_also_escape_colon_and_comma():
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_percent_is_escaped_first_so_escapes_are_not_doubled_or_lost():
    # A literal "%0A" in the text must come back as "%0A", not as a line break.
    assert escape_data("%0A") == "%250A"
    assert escape_property("%3A") == "%253A"


def test_annotation_keeps_property_order_and_drops_none():
    assert (
        annotation("warning", "m", file="a.py", line=3, title="t", col=None) == "::warning file=a.py,line=3,title=t::m"
    )
    assert annotation("notice", "m") == "::notice::m"


def test_annotation_refuses_an_unknown_level():
    with pytest.raises(ValueError):
        annotation("info", "m")


def test_mcg_test_annotation_escapes_message_and_properties(tmp_path):
    from monitoring_codegen.commands.test import github_annotations

    test = SimpleNamespace(source=SourceLocation(str(tmp_path / "defs" / "a,b:c.py"), 7))
    failed = [
        SimpleNamespace(
            case=SimpleNamespace(name="Errors: 100% fail, twice", test=test), output="expected: x, got: y\r\n  50% off"
        )
    ]
    [line] = github_annotations(failed, tmp_path)
    assert line == (
        "::error file=defs/a%2Cb%3Ac.py,line=7,title=mcg test::"
        "Errors: 100%25 fail, twice failed:%0Aexpected: x, got: y%0D%0A  50%25 off"
    )
    # One command per line: GitHub would cut the annotation at the first raw line break.
    assert "\n" not in line and "\r" not in line
    # `:` and `,` are literal in the message (GitHub unescapes only %25 %0D %0A there), and the
    # first `::` after the properties is where the message starts.
    properties, message = line[len("::error ") :].split("::", 1)
    assert properties.split(",") == ["file=defs/a%2Cb%3Ac.py", "line=7", "title=mcg test"]
    assert message.startswith("Errors: 100%25 fail, twice failed:")


def test_mcg_test_skips_a_test_without_a_source(tmp_path):
    from monitoring_codegen.commands.test import github_annotations

    failed = [SimpleNamespace(case=SimpleNamespace(name="x", test=SimpleNamespace(source=None)), output="")]
    assert github_annotations(failed, tmp_path) == []


def test_lint_annotations_go_through_the_formatter():
    from monitoring_codegen.lint.findings import Finding
    from monitoring_codegen.lint.report import format_github

    finding = Finding(
        rule="PQ001",
        name="some-rule",
        severity="info",
        path="r,1:x.yaml",
        line=0,
        object="alert A, B",
        message="50% of:\nthings",
        column=5,
    )
    text = format_github([finding], {})
    assert text == "::notice file=r%2C1%3Ax.yaml,line=1,title=PQ001 some-rule,col=5::alert A, B: 50%25 of:%0Athings\n"


def test_check_annotations_go_through_the_formatter(tmp_path, capsys):
    from monitoring_codegen.commands.check import _github_annotations

    out = tmp_path / "out"
    out.mkdir()
    _github_annotations([("changed", "grafana/a,b.json")], tmp_path, out)
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("::error file=")
    assert "a%2Cb.json,title=mcg check%3A changed::" in line
    assert Path(line.split("file=", 1)[1].split(",title", 1)[0].replace("%2C", ",")).name == "a,b.json"
