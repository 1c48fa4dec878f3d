"""`mcg promql EXPR`: result labels, metrics read, recording-rule dependencies and lint
findings of one query, against a small project's catalog; bad input exits 2 in one line."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from conftest import run_mcg, write_project

from monitoring_codegen.cli import main

PROJECT = {
    "catalog.py": """
        from monitoring_codegen import Metric
        REQS = Metric(name="app_requests_total", type="counter", help="requests", labels=("route", "status"))
        QUEUE = Metric(name="app_queue_depth", type="gauge", help="queue", labels=("queue",))
        LAT = Metric(name="app_latency_seconds", type="histogram", help="latency", labels=("route",))
        INFO = Metric(name="app_build_info", type="gauge", help="build", labels=("version",))
    """,
    "records.py": """
        from monitoring_codegen import RecordingRule, RuleGroup
        RECORDS = RuleGroup(name="app.records", rules=[
            RecordingRule(record="route_status:app_requests:rate5m",
                          expr="sum by (route, status) (rate(app_requests_total[5m]))"),
            RecordingRule(record="route:app_requests:rate5m",
                          expr="sum by (route) (route_status:app_requests:rate5m)"),
        ])
    """,
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = write_project(tmp_path / "proj", PROJECT)
    monkeypatch.chdir(root)
    return root


def promql(*args: str):
    return CliRunner().invoke(main, ["promql", *args])


def explain(expr: str, *args: str) -> dict:
    result = promql(expr, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)  # nothing but the JSON document on stdout


@pytest.mark.parametrize(
    "expr, labels",
    [
        ("app_requests_total", ["instance", "job", "route", "status"]),
        ("sum by (route) (rate(app_requests_total[5m]))", ["route"]),
        ("sum without (instance) (rate(app_requests_total[5m]))", ["job", "route", "status"]),
        ("sum(app_queue_depth)", []),
        ("histogram_quantile(0.9, sum by (le, route) (rate(app_latency_seconds_bucket[5m])))", ["route"]),
        # one-to-one match: the left side's labels; group_left copies `version` from the one side
        ("sum by (job) (rate(app_requests_total[5m])) / on (job) sum by (job) (app_queue_depth)", ["job"]),
        (
            (
                "sum by (job, route) (rate(app_requests_total[5m])) * on (job) group_left (version) "
                "max by (job, version) (app_build_info)"
            ),
            ["job", "route", "version"],
        ),
        ('label_replace(app_queue_depth, "q", "$1", "queue", "(.*)")', ["instance", "job", "q", "queue"]),
        ("route:app_requests:rate5m", ["route"]),
    ],
)
def test_labels_through_aggregations_and_joins(project, expr, labels):
    assert explain(expr)["labels"] == labels


def test_labels_are_null_for_an_unknown_metric(project):
    data = explain("mystery_total / ignoring (queue) app_queue_depth")
    assert data["labels"] is None
    assert {
        "name": "mystery_total",
        "type": None,
        "source": "unknown",
        "metric": None,
        "where": None,
        "direct": True,
    } in data["metrics"]
    assert explain("sum by (code) (rate(mystery_total[5m]))")["labels"] == ["code"]


def test_json_keys_metrics_and_histogram_base(project):
    data = explain("histogram_quantile(0.9, sum by (le) (rate(app_latency_seconds_bucket[5m])))")
    assert list(data) == ["expr", "labels", "metrics", "recording_rules", "findings"]
    assert data["metrics"] == [
        {
            "name": "app_latency_seconds_bucket",
            "type": "histogram",
            "source": "catalog",
            "metric": "app_latency_seconds",
            "where": "definitions/catalog.py:4",
            "direct": True,
        }
    ]
    assert data["recording_rules"] == [] and data["findings"] == []


def test_recording_rule_dependency_chain(project):
    data = explain("route:app_requests:rate5m > 1")
    assert [r["name"] for r in data["recording_rules"]] == [
        "route:app_requests:rate5m",
        "route_status:app_requests:rate5m",
    ]
    assert data["recording_rules"][0] == {
        "name": "route:app_requests:rate5m",
        "expr": "sum by (route) (route_status:app_requests:rate5m)",
        "where": "definitions/records.py:5",
    }
    by_name = {m["name"]: m for m in data["metrics"]}
    assert by_name["route:app_requests:rate5m"]["source"] == "recording"
    assert by_name["route:app_requests:rate5m"]["where"] == "definitions/records.py:5"
    assert by_name["route:app_requests:rate5m"]["direct"] is True
    # read through the records, not by the query itself
    assert by_name["route_status:app_requests:rate5m"]["direct"] is False
    assert by_name["app_requests_total"] == {
        "name": "app_requests_total",
        "type": "counter",
        "source": "catalog",
        "metric": "app_requests_total",
        "where": "definitions/catalog.py:2",
        "direct": False,
    }
    assert data["findings"] == []


@pytest.mark.parametrize(
    "expr, rule",
    [
        ("rate(app_queue_depth[5m])", "PQL005"),  # rate() on a gauge
        ("sum by (tenant) (rate(app_requests_total[5m]))", "PQL004"),  # unknown label
        ("sum(rate(mystery_total[5m]))", "PQL003"),  # unknown metric
        ("app_requests_total", "PQL007"),  # counter without rate
        ('rate(app_requests_total{status="500"}[5m]) / rate(app_requests_total[5m])', "PQL010"),  # self-ratio
    ],
)
def test_findings_on_the_query(project, expr, rule):
    data = explain(expr)
    found = [f for f in data["findings"] if f["rule"] == rule]
    assert found, data["findings"]
    assert set(found[0]) == {"rule", "name", "severity", "message"}
    text = promql(expr)
    assert text.exit_code == 0  # findings do not fail the command: it explains
    assert f"[{rule} {found[0]['name']}]" in text.stdout


def test_grafana_macros_are_expanded(project):
    data = explain("sum by (route) (rate(app_requests_total[$__rate_interval])) / $scale")
    assert data["labels"] == ["route"] and data["findings"] == []
    assert [m["name"] for m in data["metrics"]] == ["app_requests_total"]
    # a dashboard query: a fixed rate range is reported as lint reports panel targets
    fixed = explain('sum(rate(app_requests_total{route=~"$route"}[5m]))')
    assert [f["rule"] for f in fixed["findings"]] == ["DSH006"]


def test_text_sections(project):
    result = promql("route:app_requests:rate5m / on (route) sum by (route) (rate(app_queue_depth[5m]))")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for section in ("query: ", "labels: route", "metrics:", "recording rules:", "findings:"):
        assert section in out
    assert (
        "route:app_requests:rate5m = sum by (route) (route_status:app_requests:rate5m)  "
        "(definitions/records.py:5)" in out
    )
    assert re.search(r"^  app_queue_depth +gauge in the catalog  definitions/catalog.py:3$", out, re.MULTILINE)
    assert re.search(
        r"^  app_requests_total +counter in the catalog  definitions/catalog.py:2  "
        r"\[through a recording rule\]$",
        out,
        re.MULTILINE,
    )
    assert "error [PQL005 promql/rate-on-non-counter]" in out


@pytest.mark.parametrize(
    "expr, column",
    [
        ("sum(rate(app_requests_total[5m])", "column 4"),
        ("sum(rate(app_requests_total[5m])) by", "column 37 (at the end)"),
        ("sumx(app_queue_depth)", "column 1"),
        ("sum(app_queue_depth)\n / sum(rate(x[5m])", "line 2, column 7"),
    ],
)
def test_syntax_error_exits_2_in_one_line(project, expr, column):
    for fmt in ("text", "json"):
        result = promql(expr, "--format", fmt)
        assert result.exit_code == 2
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: PromQL does not parse at "), lines
        assert column in lines[0]
        assert "Traceback" not in result.stderr


def test_too_complex_and_empty_exit_2(project):
    huge = " + ".join(["app_queue_depth"] * 2000)
    result = promql(huge)
    assert result.exit_code == 2 and result.stderr.startswith("error: PromQL too complex")
    assert len(result.stderr.splitlines()) == 1
    empty = promql("  ")
    assert empty.exit_code == 2 and empty.stderr == "error: empty PromQL expression\n"


def test_without_a_project_the_catalog_is_empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no pyproject, no definitions/
    data = explain("sum by (route) (rate(app_requests_total[5m]))")
    assert data["labels"] == ["route"]
    assert data["metrics"][0]["source"] == "unknown" and data["recording_rules"] == []
    assert data["findings"] == []  # without a catalog unknown names are never findings
    assert explain("rate(app_requests_total[5m])")["labels"] is None


def test_definitions_option_points_to_another_folder(tmp_path, monkeypatch):
    other = write_project(tmp_path / "other", PROJECT)
    here = tmp_path / "here"
    here.mkdir()
    (here / "pyproject.toml").write_text("[tool.mcg]\n")
    monkeypatch.chdir(here)
    assert explain("rate(app_requests_total[5m])")["labels"] is None
    data = explain("rate(app_requests_total[5m])", "--definitions", str(other / "definitions"))
    assert data["labels"] == ["instance", "job", "route", "status"]
    assert data["metrics"][0]["source"] == "catalog"
    missing = promql("up", "--definitions", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and missing.stderr.startswith("error: definitions folder not found")


def test_as_a_user_runs_it(tmp_path):
    """The real `mcg` process: JSON alone on stdout, exit 0 with findings."""
    root = write_project(tmp_path / "proj", PROJECT)
    result = run_mcg("promql", "--format", "json", "rate(app_queue_depth[5m])", cwd=root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["labels"] == ["instance", "job", "queue"]
    assert [f["rule"] for f in data["findings"]] == ["PQL005"]
    bad = run_mcg("promql", "rate(app_queue_depth[5m]", cwd=root)
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1
