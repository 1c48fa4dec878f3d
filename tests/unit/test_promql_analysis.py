"""The PromQL analysis layer, Grafana expansion, syntax columns and rule-file line numbers."""

from __future__ import annotations

import pytest

from monitoring_codegen.lint.examples import EXAMPLE_CATALOG
from monitoring_codegen.lint.inputs.rule_files import load_rule_file
from monitoring_codegen.promql.analysis import raw_counter_selectors, value_kind
from monitoring_codegen.promql.ast import convert
from monitoring_codegen.promql.catalog import catalog_from_specs
from monitoring_codegen.promql.grafana import expand, variable_names
from monitoring_codegen.promql.labels import labels_of
from monitoring_codegen.promql.parse import PromQLSyntaxError, parse_expr
from monitoring_codegen.promql.syntax import error_column

CATALOG = catalog_from_specs(EXAMPLE_CATALOG)
HTTP = {"method", "route", "status_code", "job", "instance"}


def node(expr):
    return convert(parse_expr(expr))


@pytest.mark.parametrize(
    "expr, labels, open_",
    [
        ("http_requests_total", HTTP, False),
        ("rate(http_requests_total[5m])", HTTP, False),
        ("sum by (route) (rate(http_requests_total[5m]))", {"route"}, False),
        ("sum(rate(http_requests_total[5m])) by (route, nope)", {"route"}, False),
        ("sum without (instance) (http_requests_total)", HTTP - {"instance"}, False),
        ("sum(http_requests_total)", set(), False),
        ("topk(3, http_requests_total)", HTTP, False),
        ('count_values("v", agent_queue_depth)', {"v"}, False),
        (
            "histogram_quantile(0.9, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m])))",
            {"route"},
            False,
        ),
        (
            'label_replace(sum by (route) (http_requests_total), "path", "$1", "route", "(.*)")',
            {"route", "path"},
            False,
        ),
        (
            "sum by (route) (http_requests_total) / on (route) group_left (queue) agent_queue_depth",
            {"route", "queue"},
            False,
        ),
        ("http_requests_total / on (route) agent_queue_depth", {"route"}, False),
        ("http_requests_total / ignoring (method) http_requests_total", HTTP - {"method"}, False),
        ("http_requests_total > 5", HTTP, False),
        ("sum by (job) (http_requests_total) and on (job) up", {"job"}, False),
        ('absent(http_requests_total{job="api", route=~"/a.*"})', {"job"}, False),
        ("vector(1)", set(), False),
        ('unknown_metric{team="a"}', {"team"}, True),
        ("sum by (a) (unknown_metric)", {"a"}, False),
        ("rate(unknown_total[5m]) * on (x) group_left unknown_info", set(), True),
    ],
)
def test_labels_kept(expr, labels, open_):
    result = labels_of(node(expr), CATALOG)
    assert set(result.known) == labels and result.open is open_


@pytest.mark.parametrize(
    "expr, kind",
    [
        ("http_requests_total", "counter"),
        ("sum by (route) (http_requests_total)", "counter"),
        ("rate(http_requests_total[5m])", "gauge"),
        ("agent_queue_depth", "gauge"),
        ("count(http_requests_total)", "gauge"),
        ("http_requests_total * 8", "counter"),
        ("unknown_total", "counter"),
        ("unknown_count", None),
        ("node:unknown_total:sum", None),
    ],
)
def test_value_kind(expr, kind):
    assert value_kind(node(expr), CATALOG) == kind


@pytest.mark.parametrize(
    "expr, raw",
    [
        ("http_requests_total > 5", ["http_requests_total"]),
        ("sum(rate(http_requests_total[5m])) > 5", []),
        ("count(http_requests_total) > 5", []),
        ("absent(http_requests_total)", []),
        ("agent_queue_depth > 5 and on () http_requests_total", []),
        ("http_requests_total - http_requests_total offset 1h > 5", []),
        ("max_over_time(http_requests_total[1h:1m]) > 1", ["http_requests_total"]),
        ("timestamp(http_requests_total)", []),
    ],
)
def test_raw_counter_selectors(expr, raw):
    assert [s.name for s in raw_counter_selectors(node(expr), CATALOG)] == raw


@pytest.mark.parametrize(
    "query, parses_as",
    [
        ("rate(x[$__rate_interval])", "rate(x[3600001ms])"),
        ("rate(x[${__interval}])", "rate(x[3600002ms])"),
        ('sum(rate(x{job=~"$job"}[5m]))', 'sum(rate(x{job=~"$job"}[5m]))'),
        ("rate(x[$interval])", "rate(x[3600004ms])"),
        ("sum by ($group) (x)", "sum by (__mcg_var_group) (x)"),
        ("sum by ([[group]]) (x)", "sum by (__mcg_var_group) (x)"),
        ("x > $threshold", "x > 1"),
        ("topk($n, x)", "topk(1, x)"),
        ("x / $__range_s", "x / 60"),
        ('x{a="${var:regex}"}', 'x{a="${var:regex}"}'),
        ("node_${metric}_total", "node___mcg_var_metric_total"),
    ],
)
def test_grafana_expansion(query, parses_as):
    assert expand(query) == parses_as
    parse_expr(expand(query))


def test_variable_names():
    assert variable_names('x{a=~"$a", b="${b:csv}"}[[c]] $__interval $1') == ["a", "b", "c", "__interval"]


@pytest.mark.parametrize(
    "expr, column",
    [
        ("sum(rate(x[5m])", 4),
        ("sum by (a b) (x)", 11),
        ("foo bar", 5),
        ("sum(rate(x[5m]))) + 1", 17),
        ("rate(x)", 1),
        ('x{a="b" c="d"}', 9),
        ("x + ", 4),  # ends too early: the column after the last token
    ],
)
def test_syntax_error_column(expr, column):
    with pytest.raises(PromQLSyntaxError) as info:
        parse_expr(expr)
    assert error_column(expr, info.value.reason) == column


def test_rule_file_lines_and_prometheusrule_documents():
    text = """\
# leading comment
groups:
  - name: a
    rules:
      - alert: First
        expr: up == 0
      - record: job:up:sum
        expr: |
          sum by (job) (up)
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: x}
spec:
  groups:
    - name: b
      rules:
        - alert: Third
          expr: up == 0
          labels: {severity: 1}
"""
    rule_file = load_rule_file(text, "f.yaml")
    assert [(g.name, g.line) for g in rule_file.groups] == [("a", 3), ("b", 16)]
    assert [(r.kind, r.name, r.line) for r in rule_file.rules()] == [
        ("alert", "First", 5),
        ("record", "job:up:sum", 7),
        ("alert", "Third", 18),
    ]
    assert rule_file.rules()[1].expr == "sum by (job) (up)\n"
    assert rule_file.rules()[2].labels == {"severity": "1"}


def test_ignore_comments_apply_to_their_rule_only():
    text = """\
groups:
  - name: a
    rules:
      # mcg: ignore=PQL007 the raw total is the point here
      - alert: One
        expr: x_total > 1
      - alert: Two  # mcg: ignore=alert/for,ALR003 instant alert
        expr: x_total > 1
      # mcg: ignore=PQL013 belongs to Three
      - alert: Three
        expr: x_total > 1
"""
    rules = load_rule_file(text, "f.yaml").rules()
    assert rules[0].ignores == {"PQL007": "the raw total is the point here"}
    assert rules[1].ignores == {"alert/for": "instant alert", "ALR003": "instant alert"}
    assert rules[2].ignores == {"PQL013": "belongs to Three"}


def test_syntax_error_column_points_into_the_query_as_written():
    from monitoring_codegen.lint.inputs.linted import Query

    text = 'rate(x{job=~"$job"}[$__rate_interval]) +* 1'
    query = Query(text, "d.json", 1, "panel", "panel").analyse()
    assert query.error is not None
    assert text[query.error_column - 1] == "*"


def test_syntax_errors_in_block_expressions_point_at_the_file_line():
    from monitoring_codegen.lint.engine import LintInput, run
    from monitoring_codegen.lint.registry import find_rule
    from monitoring_codegen.lint.settings import LintSettings

    text = """\
groups:
  - name: g
    rules:
      - record: a:b:c
        expr: |
          sum by (job) (
            rate(x_total[5m]
          )
      - record: a:b:d
        expr: sum(rate(x_total[5m]) by (job
"""
    rule_file = load_rule_file(text, "f.yaml")
    findings = run(LintInput(rule_files=[rule_file]), LintSettings(), rules=(find_rule("PQL001"),))
    lines = text.splitlines()
    assert [f.line for f in findings] == [6, 10]
    assert "sum by (job) (" in lines[findings[0].line - 1]


@pytest.mark.parametrize(
    "expr, non_negative",
    [
        ("rate(x[5m])", True),
        ("increase(x_total[1h]) / 60", True),
        ("count(x)", True),
        ("abs(x - y)", True),
        ("x_total", True),
        ("x", False),
        ("deriv(x[5m])", False),
        ("rate(a_total[5m]) - rate(b_total[5m])", False),
        ("clamp_min(x, 0)", True),
        ("clamp_min(x, -1)", False),
        ("clamp(x, 0, 10)", True),
        ("max_over_time(x_total[1h])", True),
        ("quantile(0.9, rate(x_total[5m]))", True),
        ("stddev(x)", True),
        ("sum(x)", False),
        ("x > 5", False),
        ("rate(x_total[5m]) > 5", True),
        ("x > bool 5", True),
        ("1 - rate(x_total[5m])", False),
        ("rate(x_total[5m]) % 3", True),
        ("-rate(x_total[5m])", False),
        ("label_replace(rate(x_total[5m]), 'a', 'b', 'c', 'd')", True),
        ("histogram_quantile(0.9, rate(x_bucket[5m]))", False),
    ],
)
def test_is_non_negative(expr, non_negative):
    from monitoring_codegen.promql.analysis import is_non_negative
    from monitoring_codegen.promql.catalog import SeriesCatalog
    from monitoring_codegen.promql.parse import parse_node

    assert is_non_negative(parse_node(expr), SeriesCatalog()) is non_negative
