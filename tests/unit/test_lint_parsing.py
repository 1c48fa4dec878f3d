"""The linter's parse (placeholders for matcher values, lint/inputs/parsing.py) gives exactly
promql.parse.parse_node's tree, or its error, on real and adversarial expressions."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring_codegen.lint.inputs import parsing
from monitoring_codegen.promql import parse as promql_parse
from monitoring_codegen.promql.ast import Node


def _canonical(value):
    if isinstance(value, Node):
        slots = [slot for cls in type(value).__mro__ for slot in getattr(cls, "__slots__", ())]
        return type(value).__name__, tuple((slot, _canonical(getattr(value, slot))) for slot in slots)
    if isinstance(value, tuple):
        return tuple(_canonical(item) for item in value)
    text = repr(value)
    if " object at 0x" in text:  # promql-parser objects (the @ modifier): by their attributes
        return type(value).__name__, tuple((k, repr(getattr(value, k))) for k in dir(value) if not k.startswith("_"))
    return text


def _outcome(parse, expr):
    try:
        return "tree", _canonical(parse(expr))
    except Exception as exc:  # noqa: BLE001 - the errors must be the same too
        return "error", type(exc).__name__, str(exc), getattr(exc, "column", None)


def _assert_same(expr):
    ours = _outcome(parsing.parse_query, expr)
    promql_parse._NODES.clear()  # the reference parses from scratch
    reference = _outcome(promql_parse.parse_node, expr)
    assert ours == reference, expr


def _corpus_expressions() -> list[str]:
    found: set[str] = set()

    def walk(value, keys):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in keys and isinstance(item, str):
                    found.add(item)
                walk(item, keys)
        elif isinstance(value, list):
            for item in value:
                walk(item, keys)

    for path in sorted((CORPUS / "rules").rglob("*.y*ml")):
        try:
            for document in yaml.safe_load_all(path.read_text()):
                walk(document, {"expr"})
        except yaml.YAMLError:
            continue
    for path in sorted((CORPUS / "dashboards").rglob("*.json")):
        walk(json.loads(path.read_text()), {"expr"})
    return sorted(found)


EDGE_CASES = [
    # What the parser checks about matchers: one must not match the empty string.
    '{a=~".*"}',
    '{a=~".+"}',
    '{a!~".*"}',
    '{a!~"x"}',
    'x{a=~".*"}',
    '{a=~"x|"}',
    '{a=""}',
    '{a!=""}',
    '{a="x"}',
    '{__name__=~".*"}',
    '{__name__=~"x.*"}',
    '{__name__="x"}',
    'x{__name__="y"}',
    '{a="" or b="x"}',
    '{a=~"x" or b=~".*"}',
    '{a=~".*" or b=~"y"}',
    '{a="x" or a="x"}',
    # Regexes that do not compile, escapes, quotes.
    'x{a=~"("}',
    '{a=~"(", b="x"}',
    'x{a=~"\\\\d+"}',
    'x{a=~"\\\\p{L}"}',
    'x{a=~"[[:alpha:]]"}',
    'x{a=~"(?P<n>x)"}',
    "x{a=~'5..'}",
    "x{a=~`5..`}",
    'x{a =~ "5.."}',
    'x{a="\\\\xff"}',
    'x{a="\\\\u00e9"}',
    "x{a='é'}",
    'x{a="\\\\n"}',
    'x{job="a\\\\"b"}',
    "x{a=`b`}",
    'x{a="b",}',
    'x{a="b" c="d"}',
    'x{a="b"}}',
    'x{a=="b"}',
    'x{a=~"5.."',
    # Matcher-like text that is no matcher.
    'x{a="=~\\"q\\""}',
    'x{a=~"5.."} # =~ "zz"\n+ y',
    '1 == "a"',
    '"a"',
    'x{a="b"} != "c"',
    'x{"a"="b"}',
    'label_replace(x{a=~"5.."}, "b", "$1", "a", "(.*)")',
    'count_values("a", x{b="c"})',
    'x{a="__mcg_value_0__"}',
    'x{a=~"__mcg_value_0__"}',
    # Modifiers around masked selectors.
    'x{a=~"5.."}[5m] offset 1h',
    'x{a="b"} @ 100',
    'rate(x{a=~"5.."}[5m:1m])',
    'sum(x{a=~"a|"}) by (a)',
    'x{a=~"5..",b!~"4.."} / y{c=~"5.."}',
    'x{a=~"5.."} and on(a) y{b!~"z"}',
    '-x{a=~"y"}',
    'sum by (job) (rate(http_requests_total{job="a",code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total{job="a"}[5m]))',
]


@pytest.mark.parametrize("expr", EDGE_CASES)
def test_edge_cases_parse_as_written(expr):
    _assert_same(expr)


def test_corpus_expressions_parse_as_written():
    expressions = _corpus_expressions()
    assert len(expressions) > 500
    for expr in expressions:
        _assert_same(expr)
    # Grafana queries are linted after their variables are expanded.
    from monitoring_codegen.promql.grafana import expand

    for expr in expressions:
        if "$" in expr or "[[" in expr:
            _assert_same(expand(expr))


def test_expressions_differing_in_values_share_one_parse():
    promql_parse.parse_expr.cache_clear()
    for i in range(50):
        parsing.parse_query(f'sum(rate(x{{job="svc{i}",code=~"5.."}}[5m])) / sum(rate(x{{job="svc{i}"}}[5m]))')
    assert promql_parse.parse_expr.cache_info().currsize < 10


_PIECES = [
    "x",
    "{",
    "}",
    "a",
    "b",
    "__name__",
    "=~",
    "!~",
    "=",
    "!=",
    '"5.."',
    '".*"',
    '""',
    '"("',
    '"x"',
    "`y`",
    "'z'",
    ",",
    " ",
    "or",
    "[5m]",
    "sum(",
    ")",
    "/",
    "#c\n",
    "==",
    "1",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join))
def test_generated_expressions_parse_as_written(expr):
    _assert_same(expr)


def test_only_matcher_values_are_masked():
    text = 'label_replace(up{job="a"}, "dst", "$1", "src", "(.*)") == 1 # x="y"'
    spans = [m.group("value") for m in parsing._TOKENS.finditer(text) if m.group("value")]
    assert spans == ['"a"']
    assert re.search(parsing._MARK, text) is None


def test_first_second_and_later_expressions_of_a_shape():
    # The first is restored in place, the second keeps a tree to copy, later ones copy it.
    for i in range(4):
        _assert_same(f'sum by (job) (rate(x{{job="j{i}",code=~"{i}.."}}[5m])) / on (job) y{{job!="j{i}"}} > {i}')
        _assert_same(f'{{__name__=~"m{i}.*", a=~".*{i}"}} or z{{b=""}}')
