"""Rule tests: the Python API, checks at build time, rendering for promtool, `mcg test`
without promtool.

Everything that claims promtool compatibility is checked with the real promtool in
tests/integration/test_rule_tests_promtool.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, run_mcg, snapshot
from rule_tests_project import RULES, make_project


def build_error(tmp_path: Path, rules: str, extra: dict[str, str] | None = None) -> str:
    root = make_project(tmp_path, rules, extra)
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert snapshot(root / "out") == {}, "nothing may be written when a test is invalid"
    return result.stderr


# --- rendering and the shipped definitions -------------------------------------------------


def test_committed_tests_are_what_the_definitions_render(shipped):
    build = shipped
    rendered = {p: c for p, c in build.rendered.items() if p.startswith("prometheus/tests/")}
    on_disk = {
        p.relative_to(REPO / "out").as_posix(): p.read_bytes() for p in (REPO / "out/prometheus/tests").glob("*.yaml")
    }
    assert rendered == on_disk


def test_every_shipped_rule_has_tests(shipped):
    from monitoring_codegen.tools.rule_tests import coverage

    build = shipped
    report = coverage(build.model)
    assert [r.key for r in report.untested] == []
    assert [r.key for r in report.no_firing] == []
    assert [r.key for r in report.no_silent] == []


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
    assert fires["exp_alerts"] == [
        {
            "exp_labels": {"route": "/a", "severity": "critical"},
            "exp_annotations": {"summary": "/a fails 50%"},
        }
    ]
    assert doc["tests"][2]["alert_rule_test"][0]["exp_alerts"] == []
    record = doc["tests"][0]["promql_expr_test"][0]
    assert record["exp_samples"] == [{"labels": 'route:app_requests:rate5m{route="/a"}', "value": 1.0}]


def test_standalone_test_names_its_alert(tmp_path):
    root = make_project(
        tmp_path,
        extra={
            "more_tests.py": """
        from monitoring_codegen import AlertTest, Firing
        BURST = AlertTest("all fail", alert="AppErrors",
                          series={'app_requests_total{route="/b", status="500"}': "0+60x20"},
                          at="10m", fires=[Firing({"route": "/b"}, value=1)])
    """
        },
    )
    assert run_mcg("build", cwd=root).returncode == 0
    text = (root / "out/prometheus/tests/app.yaml").read_text()
    assert "AppErrors: all fail" in text and "/b fails 100%" in text


# --- bad input: clear errors at build time, nothing written ---------------------------------


def test_unknown_alert_in_a_test(tmp_path):
    err = build_error(
        tmp_path,
        RULES,
        {
            "more_tests.py": """
        from monitoring_codegen import AlertTest
        T = AlertTest(alert="AppError", series={'app_requests_total{route="/a", status="500"}': "0+1x5"},
                      at="10m", fires=False)
    """
        },
    )
    assert "definitions/more_tests.py:2: error: AlertTest 'AppError': names unknown alert 'AppError'" in err
    assert "did you mean 'AppErrors'" in err


def test_unknown_record_in_a_test(tmp_path):
    err = build_error(
        tmp_path,
        RULES,
        {
            "more_tests.py": """
        from monitoring_codegen import RecordTest
        T = RecordTest(record="route:app_requests:rate1m", series={'app_requests_total{route="/a", status="500"}': "0+1x5"},
                       at="10m", expect=[])
    """
        },
    )
    assert "more_tests.py:2" in err and "names unknown recording rule 'route:app_requests:rate1m'" in err


@pytest.mark.parametrize(
    "values, bad_item",
    [("0+10x", "0+10x"), ("1 2 x3", "x3"), ("0+10x2.5", "0+10x2.5"), ("abc", "abc"), ("1,2,3", "1,2,3")],
)
def test_malformed_series_notation(tmp_path, values, bad_item):
    rules = RULES.replace(
        'series={OK: "0+30x20", ERR: "0+30x20"}, at="10m",\n',
        f'series={{OK: "{values}", ERR: "0+30x20"}}, at="10m",\n',
        1,
    )
    assert rules != RULES
    err = build_error(tmp_path, rules)
    assert "definitions/rules.py:" in err and "AlertTest" in err
    assert f"{bad_item!r} is not a value" in err and "e.g. '0+10x20'" in err


def test_expectation_on_a_label_the_rule_drops(tmp_path):
    rules = RULES.replace(
        'fires=[Firing({"route": "/a"}, value=0.5)]', 'fires=[Firing({"route": "/a", "status": "500"}, value=0.5)]'
    )
    err = build_error(tmp_path, rules)
    assert "expects an alert with label status, which AlertRule 'AppErrors' never produces" in err
    assert "its result has route, severity" in err
    line = RULES.splitlines().index(
        '                AlertTest("half fail", series={OK: "0+30x20", ERR: "0+30x20"}, at="10m",'
    )
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
    rules = RULES.replace(
        'ERR: "0x20"}, at="10m", fires=False', 'ERR: "0x20", "app_request_total": "1x5"}, at="10m", fires=False'
    )
    err = build_error(tmp_path, rules)
    assert "input series 'app_request_total': AlertRule 'AppErrors' does not read 'app_request_total'" in err


def test_input_series_label_not_in_catalog(tmp_path):
    rules = RULES.replace(
        'ERR = \'app_requests_total{route="/a", status="500"}\'',
        'ERR = \'app_requests_total{route="/a", statuss="500"}\'',
    )
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


# --- mcg test ------------------------------------------------------------------------------


def test_mcg_test_without_promtool(tmp_path):
    root = make_project(tmp_path)
    env = {"PATH": str(tmp_path / "empty-bin")}
    result = run_mcg("test", cwd=root, env=env)
    assert result.returncode == 2
    assert "promtool is not installed" in result.stderr and "apt-get install prometheus" in result.stderr


def test_standalone_test_of_an_alert_declared_twice(tmp_path):
    rules = RULES.replace(
        """    ])
""",
        """        AlertRule(alert="AppErrors", for_="5m", labels={"severity": "warning"},
                  expr='sum by (route) (rate(app_requests_total{status="500"}[5m])) > 0'),
    ])
""",
    )
    err = build_error(
        tmp_path,
        rules,
        {
            "more_tests.py": """
        from monitoring_codegen import AlertTest
        T = AlertTest(alert="AppErrors", series={'app_requests_total{route="/a", status="500"}': "0x20"},
                      at="10m", fires=False)
    """
        },
    )
    assert "more_tests.py:2" in err and "'AppErrors' is declared by 2 rules" in err
    assert "put the test in the tests=[...] of the one it tests" in err
