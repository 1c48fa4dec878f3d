"""mcg's Go template parser (model/go_templates.py) must say what the real `promtool check rules`
says of every alert template: for each template, mcg refuses it exactly when promtool does.

Handpicked templates cover each construct of Go's text/template that Prometheus alert
templates use (and the ways to get it wrong); a seeded batch of random token soup covers
the corners nobody thinks of. All are checked in one promtool run."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess

import pytest

from monitoring_codegen.model.go_templates import template_error

PROMTOOL = shutil.which("promtool")

# (template, whether Prometheus parses it); the verdicts are promtool 2.42's.
CASES = [
    # valid
    ("no template at all", True),
    ("{{ $labels.instance }} is down", True),
    ("{{ $value | humanize }}", True),
    ("{{ .Value | humanizePercentage }} of {{ .Labels.job }}", True),
    ("{{ $externalLabels.cluster }} {{ $externalURL }}", True),
    ('{{ printf "%.2f" $value }}', True),
    ("{{ if gt $value 0.9 }}high{{ else if gt $value 0.5 }}mid{{ else }}low{{ end }}", True),
    ("{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}", True),
    ("{{ range $labels }}{{ . }}{{ else }}none{{ end }}", True),
    ("{{ range $labels }}{{ if . }}{{ break }}{{ end }}{{ continue }}{{ end }}", True),
    ('{{ with query "up" }}{{ . | first | value | humanize }}{{ end }}', True),
    ('{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" $labels.job }}', True),
    ('{{ block "b" $value }}{{ . }}{{ end }}', True),
    ("{{/* a comment */}}{{- /* trimmed */ -}}", True),
    ("{{- $value -}}\n{{\n  $labels.job\n}}", True),
    ("{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", True),
    ("{{ 0x1F }}{{ 1_000 }}{{ 1e3 }}{{ -3 }}{{ 'c' }}{{ `raw` }}{{ 1+2i }}{{ nil }}", True),
    ('{{ reReplaceAll "(.*):.*" "$1" $labels.instance | toUpper }}', True),
    ('{{ "a" | len }}{{ index $labels "x" }}{{ slice "abc" 1 }}{{ and 1 0 }}{{ not true }}', True),
    ("{{ humanize1024 1 }}{{ humanizeDuration 1 }}{{ humanizeTimestamp 1 }}{{ toTime 1 }}", True),
    ('{{ stripPort "a:1" }}{{ stripDomain "a.b" }}{{ parseDuration "1m" }}{{ pathPrefix }}', True),
    ('{{ title "x" }}{{ toLower "X" }}{{ safeHtml "x" }}{{ match "a" "b" }}{{ args 1 2 }}', True),
    ('{{ graphLink "up" }}{{ tableLink "up" }}{{ sortByLabel "x" (query "up") }}', True),
    ("{{ (humanize $value) }}{{ (1).x }}{{ $.Labels.job }}", True),
    ("{{ $value | }}", True),
    # invalid
    ("{{ $labels.foo ", False),
    ("{{ $value | humanizeFoo }}", False),
    ("{{ if $value }}no end", False),
    ("{{ range $labels }}no end", False),
    ("{{ with $labels }}{{ else }}no end", False),
    ("{{ end }}", False),
    ("{{ else }}", False),
    ("{{ if 1 }}{{ else }}{{ else }}{{ end }}", False),
    ('{{ "a" | "b" }}', False),
    ("{{ $value | 1 }}", False),
    ("{{ | humanize }}", False),
    ("{{ }}", False),
    ("{{ $nope }}", False),
    ("{{ if 1 }}{{ $x := 1 }}{{ end }}{{ $x }}", False),
    ('{{ define "t" }}{{ $labels }}{{ end }}', False),
    ('{{ define "t" }}a{{ end }}{{ define "t" }}b{{ end }}', False),
    ("{{ break }}", False),
    ("{{ range . }}{{ else }}{{ break }}{{ end }}", False),
    ("{{ with . }}{{ else with . }}{{ end }}", False),
    ("{{ /* spaced */ }}", False),
    ("{{/* unclosed", False),
    ("{{/* x */ }}", False),
    ('{{ "\\q" }}', False),
    ('{{ "unterminated }}', False),
    ("{{ 'ab' }}", False),
    ("{{ 09 }}", False),
    ("{{ 0x }}", False),
    ("{{-}}", False),
    ("{{ (1 }}", False),
    ("{{ 1) }}", False),
    ('{{ "x".foo }}', False),
    ("{{ .foo-bar }}", False),
    ("{{ $a, $b := . }}", False),
    ("{{ template x }}", False),
    ('{{ block "b" }}{{ end }}', False),
    ("{{ € }}", False),
]

_FRAGMENTS = [
    "{{",
    "}}",
    "{{-",
    "-}}",
    " ",
    "\n",
    "$labels",
    "$value",
    ".Labels",
    ".foo",
    ".",
    "$",
    "$x",
    ":=",
    "=",
    "|",
    "(",
    ")",
    "if",
    "else",
    "end",
    "range",
    "with",
    "define",
    "template",
    "block",
    "break",
    "nil",
    "true",
    '"s"',
    '"\\q"',
    "`r`",
    "'c'",
    "1",
    "-2",
    "0x1F",
    "1.5",
    "09",
    "humanize",
    "printf",
    "foo",
    ",",
    "/*",
    "*/",
    "x",
    "-",
    "'",
    '"',
    "`",
    "#",
    "len",
    "$i",
]


def _random_templates(count: int) -> list[str]:
    rnd = random.Random(20260604)
    out = []
    for index in range(count):
        if index % 2:
            out.append("".join(rnd.choice(_FRAGMENTS) for _ in range(rnd.randint(1, 14))))
        else:
            actions = []
            for _ in range(rnd.randint(1, 4)):
                body = " ".join(rnd.choice(_FRAGMENTS[4:]) for _ in range(rnd.randint(0, 5)))
                actions.append(rnd.choice(["{{ ", "{{- ", "{{"]) + body + rnd.choice([" }}", " -}}", "}}", ""]))
            out.append("t".join(actions))
    return out


def _promtool_verdicts(templates: list[str], tmp_path) -> list[str | None]:
    """promtool's error for each template (None: it parses), from one `promtool check rules`."""
    rules = [{"alert": f"T{i}", "expr": "up", "annotations": {"a": text}} for i, text in enumerate(templates)]
    path = tmp_path / "templates.yml"
    path.write_text(json.dumps({"groups": [{"name": "g", "rules": rules}]}))  # JSON is YAML
    result = subprocess.run([PROMTOOL, "check", "rules", str(path)], capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    errors = {int(m.group(1)): m.group(2) for m in re.finditer(r'"T(\d+)": annotation "a": (.*)', output)}
    assert result.returncode == (1 if errors else 0), output
    return [errors.get(i) for i in range(len(templates))]


@pytest.mark.skipif(not PROMTOOL, reason="promtool not installed")
def test_handpicked_verdicts_match_promtool(tmp_path):
    templates = [text for text, _ in CASES]
    verdicts = _promtool_verdicts(templates, tmp_path)
    # The table states promtool's verdicts, so a reader sees them without running promtool.
    assert [(text, error is None) for text, error in zip(templates, verdicts)] == CASES
    mine = [(text, template_error(text) is None) for text in templates]
    assert mine == CASES
    # Not only the verdict: mostly the very words (Go: "template: NAME:LINE: MESSAGE").
    same_words = sum(
        1
        for text, error in zip(templates, verdicts)
        if error is not None and error.endswith(f":{template_error(text).line}: {template_error(text).message}")
    )
    assert same_words >= 0.9 * sum(1 for error in verdicts if error is not None)


@pytest.mark.skipif(not PROMTOOL, reason="promtool not installed")
def test_random_templates_get_promtools_verdict(tmp_path):
    templates = _random_templates(1500)
    verdicts = _promtool_verdicts(templates, tmp_path)
    disagreements = [
        (text, error, template_error(text))
        for text, error in zip(templates, verdicts)
        if (error is None) != (template_error(text) is None)
    ]
    assert disagreements == []
    valid = sum(error is None for error in verdicts)
    assert 0.2 * len(templates) < valid < 0.8 * len(templates)  # both kinds well represented


@pytest.mark.skipif(not PROMTOOL, reason="promtool not installed")
def test_labels_are_checked_like_annotations_and_recording_rule_labels_not_at_all(tmp_path):
    broken = "{{ $labels.job "
    path = tmp_path / "rules.yml"
    path.write_text(
        json.dumps(
            {
                "groups": [
                    {
                        "name": "g",
                        "rules": [
                            {"alert": "A", "expr": "up", "labels": {"team": broken}},
                            {"record": "job:up:sum", "expr": "sum by (job) (up)", "labels": {"team": broken}},
                        ],
                    }
                ]
            }
        )
    )
    result = subprocess.run([PROMTOOL, "check", "rules", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert '"A": label "team": template: __alert_A:1: unclosed action' in result.stdout + result.stderr
    assert "job:up:sum" not in result.stdout + result.stderr
    assert str(template_error(broken)) == "line 1: unclosed action"
