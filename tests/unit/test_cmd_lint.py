"""`mcg lint` and `mcg explain` as a user runs them: exit codes, formats, config, ignores, bad input."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import run_mcg, write_project

from monitoring_codegen.lint.registry import all_rules

CLEAN_RULES = """\
groups:
  - name: app
    rules:
      - alert: AppDown
        expr: up{job="app"} == 0
        for: 5m
        labels: {severity: critical}
        annotations: {summary: "app is down"}
"""
WARNING_RULES = CLEAN_RULES.replace("        for: 5m\n", "")  # ALR002 only
ERROR_RULES = CLEAN_RULES.replace('up{job="app"} == 0', 'rate(x_total{code="500"}[5m]) / rate(x_total[5m]) > 0.1')

CATALOG = {
    "catalog.py": """
        from monitoring_codegen import Metric, Datasource
        REQS = Metric(name="app_requests_total", type="counter", help="requests", labels=("route", "status"))
        QUEUE = Metric(name="app_queue_depth", type="gauge", help="queue", labels=("queue",))
        PROM = Datasource(name="Prometheus", type="prometheus", uid="prom", url="http://127.0.0.1:9090", is_default=True)
    """,
}


def _write(folder, name, text):
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def bare(tmp_path):
    """A folder without definitions: PATHs are linted with name conventions only."""
    (tmp_path / "pyproject.toml").write_text("[tool.mcg]\n")
    return tmp_path


def test_exit_codes(bare):
    _write(bare, "clean.yaml", CLEAN_RULES)
    _write(bare, "warn.yaml", WARNING_RULES)
    _write(bare, "err.yaml", ERROR_RULES)
    assert run_mcg("lint", "clean.yaml", cwd=bare).returncode == 0
    warned = run_mcg("lint", "warn.yaml", cwd=bare)
    assert warned.returncode == 0 and "ALR002" in warned.stdout
    assert run_mcg("lint", "--strict", "warn.yaml", cwd=bare).returncode == 1
    errored = run_mcg("lint", "err.yaml", cwd=bare)
    assert errored.returncode == 1
    assert "err.yaml:4: error [PQL010 promql/self-ratio] AppDown:" in errored.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe\x00binary", "not UTF-8"),
        (b"groups: [unclosed\n", "not valid YAML"),
        (b"apiVersion: v1\nkind: ConfigMap\n", "not a Prometheus rule file"),
    ],
)
def test_unreadable_input_exits_2_without_traceback(bare, content, message):
    (bare / "bad.yaml").write_bytes(content)
    result = run_mcg("lint", "bad.yaml", cwd=bare)
    assert result.returncode == 2
    assert message in result.stderr and "bad.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_json_and_missing_path_exit_2(bare):
    (bare / "board.json").write_text('{"panels": [')
    result = run_mcg("lint", "board.json", cwd=bare)
    assert result.returncode == 2 and "board.json:1: not valid JSON" in result.stderr
    missing = run_mcg("lint", "nope.yaml", cwd=bare)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert "Traceback" not in result.stderr + missing.stderr


def test_json_format(bare):
    _write(bare, "err.yaml", ERROR_RULES)
    result = run_mcg("lint", "--format", "json", "err.yaml", cwd=bare)
    data = json.loads(result.stdout)
    finding = next(f for f in data["findings"] if f["rule"] == "PQL010")
    assert {k: finding[k] for k in ("rule", "severity", "path", "line", "object")} == {
        "rule": "PQL010",
        "severity": "error",
        "path": "err.yaml",
        "line": 4,
        "object": "AppDown",
    }
    assert finding["message"]
    assert data["summary"]["error"] == 1 and data["summary"]["by_rule"]["PQL010"] == 1


def test_github_format(bare):
    _write(bare, "err.yaml", ERROR_RULES)
    lines = run_mcg("lint", "--format", "github", "err.yaml", cwd=bare).stdout.splitlines()
    assert lines == [next(line for line in lines if line.startswith("::error file=err.yaml,line=4,"))]
    assert "title=PQL010 promql/self-ratio" in lines[0] and "::AppDown: " in lines[0]


def test_sarif_format(bare):
    _write(bare, "warn.yaml", WARNING_RULES)
    log = json.loads(run_mcg("lint", "--format", "sarif", "warn.yaml", cwd=bare).stdout)
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {r.id for r in all_rules()}
    (result,) = run["results"]
    assert result["ruleId"] == "ALR002" and result["level"] == "warning"
    location = result["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "warn.yaml"}, "region": {"startLine": 4}}


def test_syntax_error_shows_a_caret_and_keeps_going(bare):
    _write(bare, "syntax.yaml", CLEAN_RULES.replace('up{job="app"} == 0', "sum by (job (up) == 0"))
    result = run_mcg("lint", "syntax.yaml", cwd=bare)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    index = next(i for i, line in enumerate(lines) if "[PQL001 promql/syntax]" in line)
    assert lines[index + 1].strip() == "sum by (job (up) == 0"
    assert lines[index + 2].strip() == "^"


def test_list_rules_and_explain(bare):
    listed = run_mcg("lint", "--list-rules", cwd=bare)
    assert listed.returncode == 0
    for rule in all_rules():
        assert rule.id in listed.stdout and rule.name in listed.stdout
    explained = run_mcg("explain", "promql/self-ratio", cwd=bare)
    assert explained.returncode == 0
    assert "PQL010" in explained.stdout and 'agent_operations_total{status="error"}' in explained.stdout
    unknown = run_mcg("explain", "PQL999", cwd=bare)
    assert unknown.returncode == 2 and "unknown lint rule" in unknown.stderr


def test_config_disables_and_changes_severity(bare):
    _write(bare, "warn.yaml", WARNING_RULES)
    (bare / "pyproject.toml").write_text('[tool.mcg.lint]\nseverity = { "alert/for" = "error" }\n')
    assert run_mcg("lint", "warn.yaml", cwd=bare).returncode == 1
    (bare / "pyproject.toml").write_text('[tool.mcg.lint]\ndisable = ["ALR002"]\n')
    result = run_mcg("lint", "--strict", "warn.yaml", cwd=bare)
    assert result.returncode == 0 and "ALR002" not in result.stdout
    (bare / "pyproject.toml").write_text(
        '[tool.mcg.lint]\nallowed_severities = ["page", "ticket"]\nrequired_annotations = ["summary", "runbook_url"]\n'
    )
    result = run_mcg("lint", "warn.yaml", cwd=bare)
    assert "severity 'critical' is not one of: page, ticket" in result.stdout
    assert "missing annotation(s): runbook_url" in result.stdout
    (bare / "pyproject.toml").write_text('[tool.mcg.lint]\ndisable = ["NOPE1"]\n')
    bad = run_mcg("lint", "warn.yaml", cwd=bare)
    assert bad.returncode == 2 and "unknown lint rule 'NOPE1'" in bad.stderr


def test_scrape_interval_setting(bare):
    rules = CLEAN_RULES.replace('up{job="app"} == 0', "rate(x_total[1m]) > 1")
    _write(bare, "r.yaml", rules)
    assert "PQL012" not in run_mcg("lint", "r.yaml", cwd=bare).stdout
    (bare / "pyproject.toml").write_text('[tool.mcg.lint]\nscrape_interval = "1m"\n')
    assert (
        "range [1m] of x_total is shorter than two scrape intervals (2m)" in run_mcg("lint", "r.yaml", cwd=bare).stdout
    )


def test_target_prometheus_version(bare):
    rules = CLEAN_RULES.replace('up{job="app"} == 0', "holt_winters(queue_depth[10m], 0.3, 0.3) > 10")
    _write(bare, "hw.yaml", rules)
    old = run_mcg("lint", "--prometheus-version", "2.42", "hw.yaml", cwd=bare)
    assert old.returncode == 0 and "PQL00" not in old.stdout
    new = run_mcg("lint", "--prometheus-version", "3.0", "hw.yaml", cwd=bare)
    assert new.returncode == 1 and "PQL002" in new.stdout and "PQL001" not in new.stdout
    (bare / "pyproject.toml").write_text('[tool.mcg.lint]\nprometheus_version = "2.53"\n')
    assert run_mcg("lint", "hw.yaml", cwd=bare).returncode == 0


def test_yaml_ignore_comment(bare):
    text = WARNING_RULES.replace(
        "      - alert: AppDown", "      # mcg: ignore=ALR002 instant on purpose\n      - alert: AppDown"
    )
    _write(bare, "r.yaml", text)
    assert run_mcg("lint", "--strict", "r.yaml", cwd=bare).returncode == 0


def test_definitions_lint_points_at_python_and_honours_lint_ignore(tmp_path):
    root = write_project(
        tmp_path / "proj",
        {
            **CATALOG,
            "rules.py": """
        from monitoring_codegen import AlertRule, RuleGroup
        GROUP = RuleGroup(name="app", rules=[
            AlertRule(alert="QueueGrowing", for_="5m", labels={"severity": "warning"},
                      annotations={"summary": "queue grows"},
                      expr="rate(app_queue_depth[5m]) > 1"),
            AlertRule(alert="Accepted", for_="5m", labels={"severity": "warning"},
                      annotations={"summary": "queue grows"}, lint_ignore={"PQL005": "measured as a counter here"},
                      expr="rate(app_queue_depth[10m]) > 1"),
            AlertRule(alert="UnknownThings", for_="5m", labels={"severity": "warning"},
                      annotations={"summary": "x"},
                      expr='sum by (route) (rate(app_requests_total{stauts="500"}[5m])) > 1 or app_reqs_total > 1'),
        ])
    """,
        },
    )
    result = run_mcg("lint", "--format", "json", cwd=root)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    by_object = {}
    for finding in findings:
        by_object.setdefault(finding["object"], []).append(finding)
    (rate,) = [f for f in by_object["QueueGrowing"] if f["rule"] == "PQL005"]
    assert rate["path"] == "definitions/rules.py" and rate["line"] == 3
    assert "Accepted" not in by_object
    unknown = {f["rule"] for f in by_object["UnknownThings"]}
    assert {"PQL003", "PQL004"} <= unknown


def test_paths_use_the_definitions_catalog_and_datasources(tmp_path):
    root = write_project(tmp_path / "proj", CATALOG)
    _write(root, "r.yaml", CLEAN_RULES.replace('up{job="app"} == 0', "rate(app_queue_depth[5m]) > 1"))
    (root / "board.json").write_text(
        json.dumps(
            {
                "title": "B",
                "panels": [
                    {
                        "id": 1,
                        "type": "timeseries",
                        "title": "P",
                        "datasource": "Old",
                        "fieldConfig": {"defaults": {"unit": "short"}},
                        "targets": [{"expr": "sum(rate(app_requests_total[$__rate_interval]))"}],
                    }
                ],
            }
        )
    )
    result = run_mcg("lint", "--format", "json", "r.yaml", "board.json", cwd=root)
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert {"PQL005", "DSH008"} <= rules
    without = run_mcg("lint", "--no-definitions", "--format", "json", "r.yaml", "board.json", cwd=root)
    assert not {"PQL005", "DSH008"} & {f["rule"] for f in json.loads(without.stdout)["findings"]}


def test_recording_rules_are_known_metrics_with_their_labels(bare):
    _write(
        bare,
        "r.yaml",
        """\
groups:
  - name: app
    rules:
      - record: route:x_requests:rate5m
        expr: sum by (route) (rate(x_requests_total[5m]))
      - alert: RouteSlow
        expr: rate(route:x_requests:rate5m[5m]) > 1
        for: 5m
        labels: {severity: warning}
        annotations: {summary: "{{ $labels.route }} on {{ $labels.instance }}"}
""",
    )
    out = run_mcg("lint", "--format", "json", "r.yaml", cwd=bare).stdout
    found = {(f["rule"], f["object"]) for f in json.loads(out)["findings"]}
    assert ("PQL005", "RouteSlow") in found  # rate() of a recorded rate (a gauge)
    assert ("ALR005", "RouteSlow") in found  # $labels.instance: the record keeps only route
