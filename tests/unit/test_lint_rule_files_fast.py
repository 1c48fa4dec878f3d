"""The line reader for plain rule files (lint/inputs/rule_files_fast.py) builds exactly what
libyaml's composer builds, or leaves the file to it."""

from __future__ import annotations

import textwrap

import pytest
from conftest import CORPUS, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring_codegen.errors import UsageError
from monitoring_codegen.lint.inputs.rule_files import NotARuleFile, compose_rule_file
from monitoring_codegen.lint.inputs.rule_files_fast import read_rule_file
from monitoring_codegen.yamlio import dump_yaml


def _shape(rule_file):
    return [
        (
            g.name,
            g.path,
            g.line,
            g.interval,
            g.ignores,
            g.structure,
            [
                (
                    r.kind,
                    r.name,
                    r.expr,
                    r.path,
                    r.line,
                    r.for_,
                    r.keep_firing_for,
                    r.labels,
                    r.annotations,
                    r.ignores,
                    r.structure,
                    r.expr_line,
                    r.group is g,
                )
                for r in g.rules
            ],
        )
        for g in rule_file.groups
    ]


def _reference(text):
    try:
        return _shape(compose_rule_file(text, "f.yaml"))
    except (UsageError, NotARuleFile) as exc:
        return type(exc).__name__


def _check(text, *, fast_expected=None):
    fast = read_rule_file(text, "f.yaml")
    if fast_expected is not None:
        assert (fast is not None) == fast_expected, text
    if fast is not None:
        assert _shape(fast) == _reference(text), text
    return fast


def test_corpus_and_shipped_rule_files():
    paths = sorted((CORPUS / "rules").rglob("*.y*ml")) + sorted((REPO / "out").rglob("prometheus/rules/*.yaml"))
    read = 0
    for path in paths:
        read += _check(path.read_text()) is not None
    assert read >= 10  # the reader is used on real files, not only on its own


def test_what_mcg_build_writes_is_read_line_by_line():
    rules = [
        {
            "alert": "A",
            "expr": 'sum(rate(x{job="a",code=~"5.."}[5m])) > 0.1',
            "for": "5m",
            "labels": {"severity": "page"},
            "annotations": {"summary": "{{ $labels.job }} is down", "description": "line one\nline two\n"},
        },
        {"record": "job:x:rate5m", "expr": "sum by (job) (\n  rate(x[5m])\n)", "labels": {"team": "a"}},
    ]
    text = dump_yaml({"groups": [{"name": "g", "interval": "1m", "rules": rules}]}).decode()
    _check(text, fast_expected=True)


EDGE_CASES = [
    # Indented sequences (kube-prometheus style), comments anywhere, trailing spaces.
    """
    # header
    groups:
      - name: g{trailing}
        # a comment
        rules:
          - alert: A
            expr: up == 0
            for: 5m
            labels:
              severity: page
    """.replace("{trailing}", "   "),
    # Plain scalars that go on to the next line, or hold `: ` / ` #`, or end with `:`.
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum(x)\n      / sum(y)\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0 # comment\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels:\n      a: b: c\n",
    "groups:\n- name: g\n  rules:\n  - alert: 'A'\n    expr: x:\n",
    # Quotes, escapes, empty strings.
    "groups:\n- name: g\n  rules:\n  - alert: 'it''s'\n    expr: \"up\"\n    annotations:\n      s: ''\n",
    'groups:\n- name: g\n  rules:\n  - alert: "a\\tb"\n    expr: up\n',
    "groups:\n- name: g\n  rules:\n  - alert: 'a' 'b'\n    expr: up\n",
    'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: "up{job=\\"a\\"} > 0"\n    annotations:\n'
    '      d: "line\\nVALUE = {{ $value }}\\n  LABELS = {{ $labels }}\\\\ \\/ \\_ \\N"\n',
    'groups:\n- name: g\n  rules:\n  - alert: "a\\x41\\u00e9"\n    expr: up\n',
    'groups:\n- name: g\n  rules:\n  - alert: "a\\q"\n    expr: up\n',
    'groups:\n- name: g\n  rules:\n  - alert: "a\\"\n    expr: up\n',
    'groups:\n- name: g\n  rules:\n  - alert: "a\\\\"\n    expr: up\n',
    'groups:\n- name: g\n  rules:\n  - alert: "a\\\\" b"\n    expr: up\n',
    'groups:\n- name: g\n  rules:\n  - alert: "a" # c\n    expr: up\n',
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: '\n      up'\n",
    # Literal blocks: chomping, blank lines inside and after, less indented comments, EOF.
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      sum(x)\n\n      / sum(y)\n\n\n    for: 5m\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |-\n      sum(x)\n    # note\n      / 2\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |-\n      sum(x)\n        # more indented\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      up",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |+\n      up\n\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |2-\n        up\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      up\n      \n      x\n",
    # Shapes the linter reports: left to libyaml's reading.
    "groups:\n- name: g\n  rules:\n  - alert: A\n    record: b\n    expr: up\n",
    "groups:\n- name: g\n  rules:\n  - record: a:b:c\n    expr: up\n    for: 5m\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n",
    "groups:\n- name: g\n  rules:\n",
    "groups:\n- name: g\n  rules: []\n",
    "groups:\n- rules:\n  - alert: A\n    expr: up\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels: {a: b}\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels:\n      a:\n        b: c\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    expr: down\n",
    # Other keys, documents, anchors, flow, odd indentation, tabs, other breaks.
    "groups:\n- name: g\n  limit: 5\n  rules:\n  - alert: A\n    expr: up\n",
    "namespace: x\ngroups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n",
    "---\ngroups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n",
    "groups:\n- name: &n g\n  rules:\n  - alert: A\n    expr: up\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n   for: 5m\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n\tfor: 5m\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\u2028\n",
    "groups:\n- name: g\n  rules:\n  -   alert: A\n      expr: up\n",
    "groups:\n-\n  name: g\n  rules:\n  - alert: A\n    expr: up\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up # mcg: ignore=PQL003 fine\n",
    "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n- name: g\n  rules:\n  - alert: A\n    expr: up\n",
    'groups:\n- name: g\n  rules:\n  - alert: é\n    expr: up{a="\u00a0"}\n',
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text):
    _check(textwrap.dedent(text).lstrip("\n") if text.startswith("\n") else text)


_PIECES = [
    "a",
    "b",
    " ",
    "  ",
    ":",
    ": ",
    "#",
    " #",
    "'",
    '"',
    "\\",
    "|",
    "-",
    "{",
    "}",
    "[",
    "]",
    "&",
    "*",
    "!",
    "%",
    "@",
    "`",
    ",",
    "?",
    ">",
    "\n",
    "\n\n",
    "é",
    "\u00a0",
    "5m",
    "0",
    "yes",
    "null",
    "~",
    "{{ $labels.x }}",
]
texts = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), st.text(max_size=10))
names = st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True)
rules = st.fixed_dictionaries(
    {"alert": texts, "expr": texts},
    optional={
        "for": texts,
        "labels": st.dictionaries(names, texts, max_size=3),
        "annotations": st.dictionaries(names, texts, max_size=3),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.fixed_dictionaries({"name": texts, "rules": st.lists(rules, min_size=1, max_size=3)}), min_size=1, max_size=3
    )
)
def test_generated_rule_files(groups):
    _check(dump_yaml({"groups": groups}).decode())
    # The same text re-indented the way people write it (sequences indented under their key).
    indented = (
        dump_yaml({"groups": groups})
        .decode()
        .replace("\n- ", "\n  - ")
        .replace("\n  rules:\n  - ", "\n    rules:\n    - ")
    )
    _check(indented)
