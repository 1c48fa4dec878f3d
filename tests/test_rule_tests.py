"""Rule tests: the Python API, checks at build time, rendering for promtool, `mcg test`.

Everything that claims promtool compatibility is checked with the real promtool.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, run_mcg, snapshot, write_project

PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(not PROMTOOL, reason="promtool not installed (make test-tools)")

CATALOG = """
    from monitoring_codegen import Metric
    REQS = Metric(name="app_requests_total", type="counter", help="requests", labels=("route", "status"))
    UP = Metric(name="up", type="gauge", help="scrape ok")
"""

RULES = """
    from monitoring_codegen import AlertRule, AlertTest, Firing, RecordingRule, RecordTest, RuleGroup

    OK = 'app_requests_total{route="/a", status="200"}'
    ERR = 'app_requests_total{route="/a", status="500"}'

    GROUP = RuleGroup(name="app", rules=[
        RecordingRule(
            record="route:app_requests:rate5m",
            expr="sum by (route) (rate(app_requests_total[5m]))",
            tests=[RecordTest(series={OK: "0+30x20", ERR: "0+30x20"}, at="10m", expect=[({"route": "/a"}, 1)])],
        ),
        AlertRule(
            alert="AppErrors", for_="5m",
            expr='sum by (route) (rate(app_requests_total{status="500"}[5m])) / sum by (route) (rate(app_requests_total[5m])) > {{ ratio }}',
            params={"ratio": 0.1},
            labels={"severity": "critical"},
            annotations={"summary": "{{ $labels.route }} fails {{ $value | humanizePercentage }}"},
            tests=[
                AlertTest("half fail", series={OK: "0+30x20", ERR: "0+30x20"}, at="10m",
                          fires=[Firing({"route": "/a"}, value=0.5)]),
                AlertTest("none fail", series={OK: "0+30x20", ERR: "0x20"}, at="10m", fires=False),
            ],
        ),
    ])
"""


def make_project(tmp_path: Path, rules: str = RULES, extra: dict[str, str] | None = None) -> Path:
    return write_project(tmp_path / "proj", {"catalog.py": CATALOG, "rules.py": rules, **(extra or {})})


def build_error(tmp_path: Path, rules: str, extra: dict[str, str] | None = None) -> str:
    root = make_project(tmp_path, rules, extra)
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert snapshot(root / "out") == {}, "nothing may be written when a test is invalid"
    return result.stderr


# --- rendering and the shipped definitions -------------------------------------------------

@needs_promtool
def test_promtool_passes_on_committed_out_from_anywhere():
    # The committed out/ is what `mcg build` renders (mcg check guards that); promtool finds
    # the rule files relative to each test file, from the repository top and from the folder.
    tests = sorted((REPO / "out/prometheus/tests").glob("*.yaml"))
    assert len(tests) >= 4
    from_top = subprocess.run([PROMTOOL, "test", "rules", *[str(t.relative_to(REPO)) for t in tests]],
                              cwd=REPO, capture_output=True, text=True)
    assert from_top.returncode == 0, from_top.stdout + from_top.stderr
    inside = subprocess.run([PROMTOOL, "test", "rules", *[t.name for t in tests]],
                            cwd=REPO / "out/prometheus/tests", capture_output=True, text=True)
    assert inside.returncode == 0, inside.stdout + inside.stderr


def test_committed_tests_are_what_the_definitions_render():
    from monitoring_codegen.pipeline import render_from

    build = render_from(str(REPO / "definitions"), str(REPO / "out"), start=REPO)
    rendered = {p: c for p, c in build.rendered.items() if p.startswith("prometheus/tests/")}
    on_disk = {p.relative_to(REPO / "out").as_posix(): p.read_bytes()
               for p in (REPO / "out/prometheus/tests").glob("*.yaml")}
    assert rendered == on_disk


def test_every_shipped_rule_has_tests():
    from monitoring_codegen.pipeline import render_from
    from monitoring_codegen.tools.rule_tests import coverage

    build = render_from(str(REPO / "definitions"), str(REPO / "out"), start=REPO)
    report = coverage(build.model)
    assert [r.key for r in report.untested] == []
    assert [r.key for r in report.no_firing] == []
    assert [r.key for r in report.no_silent] == []


def _shipped_cases():
    from monitoring_codegen.pipeline import render_from
    from monitoring_codegen.render.rule_tests import collect_cases

    build = render_from(str(REPO / "definitions"), str(REPO / "out"), start=REPO)
    return build, collect_cases(build.model)


@needs_promtool
@pytest.mark.parametrize("kind", ["alert", "record"])
def test_a_rule_that_never_matches_fails_its_tests(tmp_path, kind):
    """Replace each shipped rule's expression with one that never returns anything: the
    promtool run of its tests must fail, for every rule."""
    from monitoring_codegen.render.rule_tests import rule_test_files
    from monitoring_codegen.yamlio import dump_yaml, load_yaml

    build, cases = _shipped_cases()
    documents = rule_test_files(build.model, cases)
    names = sorted({c.rule_name for c in cases if (c.rule.kind == "AlertRule") == (kind == "alert")})
    assert names
    survivors = []
    for name in names:
        folder = tmp_path / name.replace(":", "_")
        for rel, content in build.rendered.items():
            if rel.startswith("prometheus/rules/"):
                data = load_yaml(content)
                for group in data["groups"]:
                    for rule in group["rules"]:
                        if rule.get("alert", rule.get("record")) == name:
                            rule["expr"] = "vector(0) > 1"
                content = dump_yaml(data)
            if rel.startswith("prometheus/"):
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(content)
        test_files = sorted({c.test_file for c in cases if c.rule_name == name})
        assert all(f in documents for f in test_files)
        result = subprocess.run([PROMTOOL, "test", "rules", *test_files], cwd=folder, capture_output=True, text=True)
        if result.returncode == 0:
            survivors.append(name)
    assert survivors == [], f"these rules' tests pass even when the rule never matches: {survivors}"


def test_rendered_test_file_layout(tmp_path):
    root = make_project(tmp_path)
    assert run_mcg("build", cwd=root).returncode == 0
    from monitoring_codegen.yamlio import load_yaml

    doc = load_yaml((root / "out/prometheus/tests/app.yaml").read_bytes())
    assert doc["rule_files"] == ["../rules/app.yaml"]
    names = [t["name"] for t in doc["tests"]]
    assert names == ["route:app_requests:rate5m: records at 10m", "AppErrors: half fail", "AppErrors: none fail"]
    fires = doc["tests"][1]["alert_rule_test"][0]
    assert fires["eval_time"] == "10m"
    assert fires["exp_alerts"] == [{
        "exp_labels": {"route": "/a", "severity": "critical"},
        "exp_annotations": {"summary": "/a fails 50%"},
    }]
    assert doc["tests"][2]["alert_rule_test"][0]["exp_alerts"] == []
    record = doc["tests"][0]["promql_expr_test"][0]
    assert record["exp_samples"] == [{"labels": 'route:app_requests:rate5m{route="/a"}', "value": 1.0}]


def test_standalone_test_names_its_alert(tmp_path):
    root = make_project(tmp_path, extra={"more_tests.py": """
        from monitoring_codegen import AlertTest, Firing
        BURST = AlertTest("all fail", alert="AppErrors",
                          series={'app_requests_total{route="/b", status="500"}': "0+60x20"},
                          at="10m", fires=[Firing({"route": "/b"}, value=1)])
    """})
    assert run_mcg("build", cwd=root).returncode == 0
    text = (root / "out/prometheus/tests/app.yaml").read_text()
    assert "AppErrors: all fail" in text and "/b fails 100%" in text


# --- bad input: clear errors at build time, nothing written ---------------------------------

def test_unknown_alert_in_a_test(tmp_path):
    err = build_error(tmp_path, RULES, {"more_tests.py": """
        from monitoring_codegen import AlertTest
        T = AlertTest(alert="AppError", series={'app_requests_total{route="/a", status="500"}': "0+1x5"},
                      at="10m", fires=False)
    """})
    assert "definitions/more_tests.py:2: error: AlertTest 'AppError': names unknown alert 'AppError'" in err
    assert "did you mean 'AppErrors'" in err


def test_unknown_record_in_a_test(tmp_path):
    err = build_error(tmp_path, RULES, {"more_tests.py": """
        from monitoring_codegen import RecordTest
        T = RecordTest(record="route:app_requests:rate1m", series={'app_requests_total{route="/a", status="500"}': "0+1x5"},
                       at="10m", expect=[])
    """})
    assert "more_tests.py:2" in err and "names unknown recording rule 'route:app_requests:rate1m'" in err


@pytest.mark.parametrize("values, bad_item", [("0+10x", "0+10x"), ("1 2 x3", "x3"), ("0+10x2.5", "0+10x2.5"),
                                               ("abc", "abc"), ("1,2,3", "1,2,3")])
def test_malformed_series_notation(tmp_path, values, bad_item):
    rules = RULES.replace('series={OK: "0+30x20", ERR: "0+30x20"}, at="10m",\n', f'series={{OK: "{values}", ERR: "0+30x20"}}, at="10m",\n', 1)
    assert rules != RULES
    err = build_error(tmp_path, rules)
    assert "definitions/rules.py:" in err and "AlertTest" in err
    assert f"{bad_item!r} is not a value" in err and "e.g. '0+10x20'" in err


def test_expectation_on_a_label_the_rule_drops(tmp_path):
    rules = RULES.replace('fires=[Firing({"route": "/a"}, value=0.5)]', 'fires=[Firing({"route": "/a", "status": "500"}, value=0.5)]')
    err = build_error(tmp_path, rules)
    assert "expects an alert with label status, which AlertRule 'AppErrors' never produces" in err
    assert "its result has route, severity" in err
    line = RULES.splitlines().index('                AlertTest("half fail", series={OK: "0+30x20", ERR: "0+30x20"}, at="10m",')
    assert f"definitions/rules.py:{line}:" in err  # the test's own line (dedented file starts one line earlier)


def test_record_expectation_on_a_dropped_label(tmp_path):
    rules = RULES.replace('expect=[({"route": "/a"}, 1)]', 'expect=[({"route": "/a", "status": "200"}, 1)]')
    err = build_error(tmp_path, rules)
    assert "expects a sample with label status, which RecordingRule 'route:app_requests:rate5m' never produces" in err


def test_evaluation_before_for_proves_nothing(tmp_path):
    rules = RULES.replace('ERR: "0x20"}, at="10m", fires=False', 'ERR: "0x20"}, at="3m", fires=False')
    err = build_error(tmp_path, rules)
    assert "at=3m is before the alert can fire (for: 5m)" in err


def test_input_series_the_rule_does_not_read(tmp_path):
    rules = RULES.replace('ERR: "0x20"}, at="10m", fires=False', 'ERR: "0x20", "app_request_total": "1x5"}, at="10m", fires=False')
    err = build_error(tmp_path, rules)
    assert "input series 'app_request_total': AlertRule 'AppErrors' does not read 'app_request_total'" in err


def test_input_series_label_not_in_catalog(tmp_path):
    rules = RULES.replace("ERR = 'app_requests_total{route=\"/a\", status=\"500\"}'",
                          "ERR = 'app_requests_total{route=\"/a\", statuss=\"500\"}'")
    err = build_error(tmp_path, rules)
    assert "app_requests_total has no label statuss in the catalog" in err


def test_value_needed_for_annotation(tmp_path):
    rules = RULES.replace('fires=[Firing({"route": "/a"}, value=0.5)]', 'fires=[Firing({"route": "/a"})]')
    err = build_error(tmp_path, rules)
    assert "give the expected value, Firing(..., value=...)" in err


def test_fires_true_is_rejected(tmp_path):
    rules = RULES.replace('fires=[Firing({"route": "/a"}, value=0.5)]', "fires=True")
    err = build_error(tmp_path, rules)
    assert "fires=True cannot be checked" in err


# --- series notation agrees with promtool ---------------------------------------------------

NOTATIONS = ["1", "0+10x20", "1x5", "-2-1x3", "+1", "1e3x2", "_", "_x3 1", "stale", "1 _ stale 2", "Inf NaN -Inf",
             ".5+.5x4", "0x0", "0+10x", "1 2 x", "abc", "0+10x2.5", "1,2", "x5", "1+x3", "1+2", "1--1x2", "1..2"]


@needs_promtool
@pytest.mark.parametrize("values", NOTATIONS)
def test_series_notation_check_agrees_with_promtool(tmp_path, values):
    from monitoring_codegen.model.rule_tests import check_series_values

    try:
        check_series_values(values)
        ours = True
    except ValueError:
        ours = False
    (tmp_path / "t.yaml").write_text(
        "tests:\n- interval: 1m\n  input_series:\n  - series: 'm'\n"
        f"    values: '{values}'\n  promql_expr_test:\n  - expr: vector(1)\n    eval_time: 0m\n"
        "    exp_samples:\n    - value: 1\n")
    result = subprocess.run([PROMTOOL, "test", "rules", "t.yaml"], cwd=tmp_path, capture_output=True, text=True)
    theirs = "parse error" not in result.stdout + result.stderr
    assert ours == theirs, result.stdout + result.stderr


# --- mcg test ------------------------------------------------------------------------------

@needs_promtool
def test_mcg_test_passes_and_reports(tmp_path):
    root = make_project(tmp_path)
    result = run_mcg("test", "-v", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mcg test: 3 tests of 2 rules: 3 passed, 0 failed" in result.stdout
    assert "ok   AppErrors: half fail  (definitions/rules.py:" in result.stdout
    assert not (root / "out").exists(), "mcg test renders in memory"


@needs_promtool
def test_mcg_test_names_the_failing_test(tmp_path):
    # A plausible mistake: the expected value is wrong, so the summary text differs.
    rules = RULES.replace("value=0.5", "value=0.25")
    root = make_project(tmp_path, rules)
    result = run_mcg("test", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(i for i, text in enumerate(rules.splitlines()) if 'AlertTest("half fail"' in text)
    assert f"FAIL AppErrors: half fail  (definitions/rules.py:{line}; AlertRule at definitions/rules.py:" in result.stdout
    assert "/a fails 25%" in result.stdout and "/a fails 50%" in result.stdout  # promtool's exp and got
    assert "1 failed (1 rules)" in result.stdout
    assert "none fail" not in result.stdout


@needs_promtool
def test_mcg_test_catches_a_broken_threshold(tmp_path):
    # The rule is wrong (threshold 0.6, so half failing never fires); the test catches it.
    root = make_project(tmp_path, RULES.replace('params={"ratio": 0.1}', 'params={"ratio": 0.6}'))
    result = run_mcg("test", cwd=root)
    assert result.returncode == 1
    assert "FAIL AppErrors: half fail" in result.stdout and "got:[]" in result.stdout


def test_mcg_test_without_promtool(tmp_path):
    root = make_project(tmp_path)
    env = {"PATH": str(tmp_path / "empty-bin")}
    result = run_mcg("test", cwd=root, env=env)
    assert result.returncode == 2
    assert "promtool is not installed" in result.stderr and "apt-get install prometheus" in result.stderr


@needs_promtool
def test_mcg_test_coverage(tmp_path):
    rules = RULES.replace("""    ])
""", """        AlertRule(alert="Down", expr="up == 0", for_="5m", labels={"severity": "warning"}),
    ])
""")
    root = make_project(tmp_path, rules)
    result = run_mcg("test", "--coverage", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "coverage: 2 of 3 rules have tests" in result.stdout
    assert "untested        AlertRule 'Down'  definitions/rules.py:" in result.stdout


def test_standalone_test_of_an_alert_declared_twice(tmp_path):
    rules = RULES.replace("""    ])
""", """        AlertRule(alert="AppErrors", for_="5m", labels={"severity": "warning"},
                  expr='sum by (route) (rate(app_requests_total{status="500"}[5m])) > 0'),
    ])
""")
    err = build_error(tmp_path, rules, {"more_tests.py": """
        from monitoring_codegen import AlertTest
        T = AlertTest(alert="AppErrors", series={'app_requests_total{route="/a", status="500"}': "0x20"},
                      at="10m", fires=False)
    """})
    assert "more_tests.py:2" in err and "'AppErrors' is declared by 2 rules" in err
    assert "put the test in the tests=[...] of the one it tests" in err


def test_same_named_alerts_each_with_their_own_tests(tmp_path):
    # warning and critical variants of one alert: promtool sees both, so the warning test
    # states the critical alert as well; its severity says which rule's annotations apply.
    rules = RULES.replace("""    ])
""", """        AlertRule(alert="AppErrors", for_="5m", labels={"severity": "warning"},
                  expr='sum by (route) (rate(app_requests_total{status="500"}[5m])) > 0',
                  tests=[AlertTest("any error", series={ERR: "0+30x20", OK: "0+30x20"}, at="10m",
                                   fires=[Firing({"route": "/a"}),
                                          Firing({"route": "/a", "severity": "critical"}, value=0.5)])]),
    ])
""")
    rules = rules.replace('fires=[Firing({"route": "/a"}, value=0.5)]',
                          'fires=[Firing({"route": "/a"}, value=0.5), Firing({"route": "/a", "severity": "warning"})]')
    root = make_project(tmp_path, rules)
    assert run_mcg("build", cwd=root).returncode == 0
    if shutil.which("promtool"):
        result = run_mcg("test", cwd=root)
        assert result.returncode == 0, result.stdout


@needs_promtool
def test_alert_on_a_recorded_series_from_another_file(tmp_path):
    # mcg test loads only what a case needs: the alert and, from the other file, the record it reads.
    root = make_project(tmp_path, RULES, {"slo.py": """
        from monitoring_codegen import AlertRule, AlertTest, Firing, RuleGroup
        SLO = RuleGroup(name="slo", file="slo", rules=[
            AlertRule(alert="NoTraffic", expr="sum(route:app_requests:rate5m) < 0.5", for_="2m",
                      labels={"severity": "info"},
                      tests=[AlertTest("quiet", series={'app_requests_total{route="/a", status="200"}': "0+6x20"},
                                       at="10m", fires=[Firing({})]),
                             AlertTest("busy", series={'app_requests_total{route="/a", status="200"}': "0+600x20"},
                                       at="10m", fires=False)]),
        ])
    """})
    result = run_mcg("test", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 tests of 3 rules: 5 passed" in result.stdout
    assert run_mcg("build", cwd=root).returncode == 0
    from monitoring_codegen.yamlio import load_yaml

    doc = load_yaml((root / "out/prometheus/tests/slo.yaml").read_bytes())
    assert doc["rule_files"] == ["../rules/app.yaml", "../rules/slo.yaml"]
    done = subprocess.run([PROMTOOL, "test", "rules", "slo.yaml"], cwd=root / "out/prometheus/tests",
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@needs_promtool
def test_mcg_test_github_annotations(tmp_path):
    rules = RULES.replace("value=0.5", "value=0.25")
    root = make_project(tmp_path, rules)
    result = run_mcg("test", "--format", "github", cwd=root)
    assert result.returncode == 1
    line = next(i for i, text in enumerate(rules.splitlines()) if 'AlertTest("half fail"' in text)
    annotation = [l for l in result.stdout.splitlines() if l.startswith("::error ")]
    assert len(annotation) == 1
    assert annotation[0].startswith(f"::error file=definitions/rules.py,line={line},title=mcg test::AppErrors: half fail failed:%0A")
