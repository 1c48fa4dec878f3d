"""Regressions found by linting files mcg had not seen: real-world mixins and dashboards, bad input,
and the output formats CI systems parse. Each test names what broke before its fix."""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_mcg

from monitoring_codegen.lint.examples import lint_example
from monitoring_codegen.lint.registry import find_rule


def _write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def bare(tmp_path):
    """A folder without definitions: PATHs are linted with name conventions only."""
    (tmp_path / "pyproject.toml").write_text("[tool.mcg]\n")
    return tmp_path


def _lint_json(folder, *args):
    result = run_mcg("lint", "--no-definitions", "--format", "json", *args, cwd=folder)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return json.loads(result.stdout)["findings"]


def record_file(expr: str) -> str:
    return f"groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: {json.dumps(expr)}\n"


# --- PQL002: functions the target Prometheus does not have ---------------------------------------


@pytest.mark.parametrize(
    "expr, version, flagged",
    [
        # promql-parser knows all of these; promtool 2.42 refuses them ("unknown function").
        ('sort_by_label(up, "job")', "2.42", True),
        ('sort_by_label(up, "job")', "3.0", False),
        ("limitk(2, up)", "2.42", True),
        ("limitk(2, up)", "3.0", False),
        ("info(up)", "2.55", True),
        ("info(up)", "3.0", False),
        ("histogram_avg(rate(x[5m]))", "2.42", True),
        ("mad_over_time(up[5m])", "2.42", True),
        ("histogram_count(rate(x[5m]))", "2.42", False),
        ("holt_winters(up[5m], 0.5, 0.5)", "2.42", False),
        ("holt_winters(up[5m], 0.5, 0.5)", "3.0", True),
        # Prometheus 3 quotes UTF-8 names; 2.x refuses the syntax.
        ('sum by ("k8s.pod") (up)', "2.42", True),
        ('{"http.requests", job="x"}', "2.42", True),
        ('sum by ("k8s.pod") ({"http.requests"})', "3.0", False),
        ('sum by (pod) (up{job="x"})', "2.42", False),
    ],
)
def test_function_availability_follows_the_target_version(expr, version, flagged):
    from monitoring_codegen.lint.engine import LintInput, run
    from monitoring_codegen.lint.inputs.rule_files import load_rule_file
    from monitoring_codegen.lint.settings import load_settings
    from monitoring_codegen.promql.catalog import catalog_from_specs

    inputs = LintInput(catalog=catalog_from_specs([]), rule_files=[load_rule_file(record_file(expr), "r.yaml")])
    findings = run(inputs, load_settings({"prometheus_version": version}), rules=(find_rule("PQL002"),))
    assert bool(findings) is flagged, findings


# --- dashboards: Loki and other non-PromQL targets are skipped, whatever names their datasource ---


def _panel(pid, expr, datasource, kind="timeseries", y=0):
    panel = {
        "id": pid,
        "type": kind,
        "title": f"p{pid}",
        "gridPos": {"x": 0, "y": y, "w": 24, "h": 8},
        "fieldConfig": {"defaults": {"unit": "short"}},
        "targets": [{"refId": "A", "expr": expr}],
    }
    if datasource is not None:
        panel["datasource"] = datasource
    return panel


LOGQL = '{app="$app"} |= "error" | logfmt | level=~"$level"'


def test_loki_targets_are_not_parsed_as_promql(bare):
    """Before: a string datasource ("Loki", "$loki_datasource", "${DS_LOKI}") or a uid-only one in a
    logs panel had no `type`, so LogQL was parsed as PromQL and reported as a syntax error."""
    board = {
        "title": "Logs",
        "uid": "logs",
        "templating": {
            "list": [
                {"name": "datasource", "type": "datasource", "query": "prometheus"},
                {"name": "loki_datasource", "type": "datasource", "query": "loki"},
                {"name": "app", "type": "query", "datasource": "$loki_datasource", "query": "label_values(app)"},
                {"name": "level", "type": "custom", "query": "info,error"},
            ]
        },
        "panels": [
            _panel(1, LOGQL, "Loki"),
            _panel(2, f"sum(count_over_time({LOGQL} [$__interval]))", "$loki_datasource", y=8),
            _panel(3, LOGQL, {"uid": "${loki_datasource}"}, y=16),
            _panel(4, LOGQL, "${DS_LOKI}", y=24),
            _panel(5, LOGQL, {"uid": "P8E80F9AEF21F6940"}, kind="logs", y=32),
            # Still PromQL, through the Prometheus datasource variable: linted (fixed range reported).
            _panel(6, 'sum(rate(http_requests_total{app="$app"}[5m]))', "$datasource", y=40),
        ],
    }
    _write(bare, "logs.json", json.dumps(board))
    findings = _lint_json(bare, "logs.json")
    assert not [f for f in findings if f["rule"] == "PQL001"], findings
    assert [f["object"] for f in findings if f["rule"] == "DSH006"] == ["Logs / p6"]


def test_exported_dashboard_inputs_name_the_datasource_type(bare):
    board = {
        "__inputs": [{"name": "DS_LOGS", "type": "datasource", "pluginId": "loki"}],
        "title": "Export",
        "panels": [_panel(1, LOGQL, "${DS_LOGS}")],
    }
    _write(bare, "export.json", json.dumps(board))
    assert not [f for f in _lint_json(bare, "export.json") if f["rule"] == "PQL001"]


@pytest.mark.parametrize(
    "expr",
    [
        'sum by (instance) (up{job="$job"} @ ${__to:date:seconds})',
        "up @ $__from / 1000",
        "timestamp(up) < $__to / 1000 - 300",
    ],
)
def test_grafana_time_macros_are_numbers(bare, expr):
    """Before: `@ ${__to:date:seconds}` became an identifier and the query a syntax error."""
    board = {
        "title": "T",
        "templating": {"list": [{"name": "job", "type": "custom", "query": "a"}]},
        "panels": [_panel(1, expr, {"type": "prometheus", "uid": "p"})],
    }
    _write(bare, "t.json", json.dumps(board))
    assert not [f for f in _lint_json(bare, "t.json") if f["rule"] == "PQL001"]


def test_findings_quote_the_variable_not_its_placeholder(bare):
    board = {
        "title": "M",
        "templating": {"list": [{"name": "metric", "type": "custom", "query": "up"}]},
        "panels": [_panel(1, "rate(${metric}[5m])", {"type": "prometheus", "uid": "p"})],
    }
    _write(bare, "m.json", json.dumps(board))
    messages = [f["message"] for f in _lint_json(bare, "m.json") if f["rule"] == "DSH006"]
    assert messages and "rate($metric[5m])" in messages[0] and "__mcg" not in messages[0]


# --- rule files Prometheus refuses ---------------------------------------------------------------


@pytest.mark.parametrize(
    "rule, message",
    [
        ("- record: a:b:c\n        expr: up\n        for: 5m", "a recording rule cannot have `for`"),
        (
            "- record: a:b:c\n        expr: up\n        annotations: {summary: x}",
            "a recording rule cannot have `annotations`",
        ),
        ("- alert: A\n        expr: up == 0\n        labels: [severity]", "`labels` must be a mapping"),
        ("- alert: A\n        expr: up == 0\n        annotations: just text", "`annotations` must be a mapping"),
        ("- alert: A\n        expr: up == 0\n        labels: {team: {nested: x}}", "`labels` must be a mapping"),
    ],
)
def test_rules_promtool_refuses_are_invalid(rule, message):
    text = f"groups:\n  - name: g\n    rules:\n      {rule}\n"
    found = [f.message for f in lint_example(find_rule("RUL004"), text) if f.rule == "RUL004"]
    assert any(message in m for m in found), found


def test_zero_values_promtool_accepts_on_a_recording_rule_are_fine():
    text = (
        "groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: up\n        for: 0s\n"
        "        annotations: {}\n        labels: ~\n"
    )
    assert not [f for f in lint_example(find_rule("RUL004"), text) if f.rule == "RUL004"]


# --- bad input and output formats ----------------------------------------------------------------


def test_a_folder_with_nothing_to_lint_is_a_usage_error(bare):
    (bare / "empty").mkdir()
    _write(bare, "other/kustomization.yaml", "resources: [a.yaml]\n")
    result = run_mcg("lint", "--no-definitions", "empty", "other", cwd=bare)
    assert result.returncode == 2
    assert "no Prometheus rule file, Grafana dashboard or SLO spec found" in result.stderr
    assert "Traceback" not in result.stderr


def test_sarif_locations_are_uri_references(bare):
    _write(bare, "my rules/100% #1 ü.yaml", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n")
    result = run_mcg("lint", "--no-definitions", "--format", "sarif", "my rules", cwd=bare)
    assert result.returncode == 0, result.stderr
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert run["results"]
    for result_ in run["results"]:
        assert result_["message"]["text"]
        assert result_["level"] in ("none", "note", "warning", "error")
        assert rule_ids[result_["ruleIndex"]] == result_["ruleId"]
        location = result_["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri == "my%20rules/100%25%20%231%20%C3%BC.yaml"
        assert re.fullmatch(r"[A-Za-z0-9\-._~%/:]+", uri)
        assert location["region"]["startLine"] >= 1


def test_github_annotations_escape_data_and_properties(bare):
    _write(bare, "a,b:c.yaml", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n")
    result = run_mcg("lint", "--no-definitions", "--format", "github", "a,b:c.yaml", cwd=bare)
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    for line in lines:
        properties, message = line.split("::")[1], "::".join(line.split("::")[2:])
        assert "file=a%2Cb%3Ac.yaml," in properties
        assert "\n" not in message


# --- sizes that used to crash the process -------------------------------------------------------


@pytest.mark.parametrize(
    "expr",
    [
        # Before: promql-parser overflowed the native stack (SIGSEGV, no message) on the first and the
        # Python conversion hit the recursion limit (a false syntax error) on the other two.
        " + ".join(["up"] * 5000) + " > 0",
        "(" * 3000 + "up" + ")" * 3000 + " > 0",
        " or ".join(f'up{{job="j{i}"}}' for i in range(1200)) + " == 0",
    ],
)
def test_huge_expressions_neither_crash_nor_count_as_syntax_errors(bare, expr):
    _write(
        bare,
        "big.yaml",
        f"groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: {json.dumps(expr)}\n        for: 5m\n",
    )
    findings = _lint_json(bare, "big.yaml")
    assert not [f for f in findings if f["rule"] == "PQL001"], findings


def test_deeply_nested_dashboard_json_is_read_or_refused_cleanly(bare):
    depth = 20000
    text = (
        '{"title": "Deep", "panels": ['
        + '{"type": "row", "panels": [' * depth
        + '{"id": 1, "type": "timeseries", "targets": [{"refId": "A", "expr": "up"}]}'
        + "]}" * depth
        + "]}"
    )
    _write(bare, "deep.json", text)
    result = run_mcg("lint", "--no-definitions", "deep.json", cwd=bare)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "nested too deeply" in result.stderr and "Traceback" not in result.stderr


def test_overlap_index_agrees_with_comparing_every_pair():
    """The row index (added when a 5,000-panel dashboard took 4 s in this rule) finds exactly the
    overlaps a pairwise comparison finds, tall and fractional panels included."""
    import random

    from monitoring_codegen.lint.rules.dashboard.overlapping_panels import _overlaps, _rect
    from monitoring_codegen.render.dashboards import rects_overlap as _overlap

    rng = random.Random(7)
    for _ in range(200):
        layer = [
            {
                "id": i,
                "gridPos": {
                    "x": rng.randint(0, 20),
                    "y": rng.choice([rng.randint(0, 40), rng.random() * 40]),
                    "w": rng.randint(1, 12),
                    "h": rng.choice([rng.randint(1, 9), 300, 0.5]),
                },
            }
            for i in range(rng.randint(0, 25))
        ]
        expected = []
        placed = []
        for data in layer:
            rect = _rect(data)
            other = next((o for o, r in placed if _overlap(rect, r)), None)
            if other is not None:
                expected.append((data["id"], other["id"]))
            placed.append((data, rect))
        assert [(d["id"], o["id"]) for d, o in _overlaps(layer)] == expected


def test_variables_a_library_panel_may_use_are_not_reported_unused(bare):
    """Before: a variable used only by a library panel (its queries live in Grafana) was 'unused'."""
    board = {
        "title": "Lib",
        "templating": {"list": [{"name": "job", "type": "custom", "query": "a"}]},
        "panels": [
            {
                "id": 1,
                "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
                "libraryPanel": {"uid": "shared-cpu", "name": "Shared CPU"},
            }
        ],
    }
    _write(bare, "lib.json", json.dumps(board))
    assert not [f for f in _lint_json(bare, "lib.json") if f["rule"] == "DSH001"]
    board["panels"][0] = _panel(1, "up", {"type": "prometheus", "uid": "p"})
    _write(bare, "plain.json", json.dumps(board))
    assert [f["rule"] for f in _lint_json(bare, "plain.json") if f["rule"] == "DSH001"] == ["DSH001"]


@pytest.mark.parametrize(
    "expr",
    [
        # Before each of these was reported as a syntax error (or, for the first two, a fixed range).
        "sum(rate(http_requests_total[${__interval_ms}ms]))",
        "sum(rate(http_requests_total[${__range_s}s]))",
        "max_over_time(up[${__range_s}s:${__interval_ms}ms])",
        "up{$filter}",
        'sum by (job) (up{job="x", $filters})',
        "up unless on() vector($enabled) == 0",
        # A variable naming the function or aggregation (Grafana's query_result examples do this).
        '$fn({job="node"}[5m])',
        "$agg by (job) (up)",
        "$agg(rate(http_requests_total[$__rate_interval])) by (job)",
    ],
)
def test_more_grafana_variable_placements(bare, expr):
    board = {
        "title": "V",
        "templating": {
            "list": [{"name": n, "type": "custom", "query": "1"} for n in ("filter", "filters", "enabled", "fn", "agg")]
        },
        "panels": [_panel(1, expr, {"type": "prometheus", "uid": "p"})],
    }
    _write(bare, "v.json", json.dumps(board))
    findings = _lint_json(bare, "v.json")
    assert not [f for f in findings if f["rule"] in ("PQL001", "DSH006")], findings


def test_json_rule_files_are_linted_like_promtool_reads_them(bare):
    """Before: any .json was taken for a dashboard, and a JSON rule file (which promtool accepts)
    was refused as 'not a Grafana dashboard'."""
    rules = {"groups": [{"name": "g", "rules": [{"alert": "B", "expr": "sum(up", "for": "5m"}]}]}
    _write(bare, "rules.json", json.dumps(rules))
    assert [f["rule"] for f in _lint_json(bare, "rules.json") if f["rule"] == "PQL001"] == ["PQL001"]
    _write(bare, "other.json", '{"name": "x", "version": "1.0.0"}')
    result = run_mcg("lint", "--no-definitions", "other.json", cwd=bare)
    assert result.returncode == 2 and "neither a Grafana dashboard" in result.stderr


def test_text_findings_stay_on_one_line(bare):
    """Before: a panel title holding a line break split its finding over several lines."""
    board = {"title": "T\nX", "panels": [_panel(1, "up", {"type": "prometheus", "uid": "p"}, kind="graph")]}
    board["panels"][0]["title"] = "line1\nline2"
    _write(bare, "nl.json", json.dumps(board))
    result = run_mcg("lint", "--no-definitions", "nl.json", cwd=bare)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("nl.json:") and "T\\nX / line1\\nline2" in lines[0]
    assert all(line.startswith(("nl.json:", "mcg lint:", "    ")) for line in lines)


def test_kubectl_lists_of_prometheus_rules_are_linted(bare):
    """Before: `kubectl get prometheusrules -o yaml` output (a `kind: List`) was 'not a rule file'."""
    text = """apiVersion: v1
kind: List
items:
- apiVersion: monitoring.coreos.com/v1
  kind: PrometheusRule
  metadata: {name: a}
  spec:
    groups:
    - name: a
      rules:
      - alert: Bad
        expr: sum(up
"""
    _write(bare, "list.yaml", text)
    findings = _lint_json(bare, "list.yaml")
    assert [(f["rule"], f["line"]) for f in findings if f["rule"] == "PQL001"] == [("PQL001", 12)]
