"""Anomaly detectors and forecasts against the real promtool: over every strategy and season,
the tests mcg writes from a definition's parameters pass; they fail once the alert can never
fire, once the band is made much wider (the spike no longer leaves it) and once it is made
much narrower (a rise the band should hold leaves it). The simulator chose the scenarios;
these runs show that promtool agrees with it. (The shipped detectors' committed tests run
with every other test file in test_rule_tests_promtool.py, which also replaces each shipped
alert's expression and expects its tests to fail.)"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import write_project

PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(not PROMTOOL, reason="promtool not installed (make test-tools)")

DEFINITIONS = {
    "catalog.py": """
        from monitoring_codegen import Metric
        REQS = Metric(name="app_requests_total", type="counter", help="h", labels=("route", "status"))
        FDS = Metric(name="app_open_files", type="gauge", help="h", labels=("pod",))
        QUEUE = Metric(name="app_queue_depth", type="gauge", help="h", labels=("queue",))
        COST = Metric(name="app_cost_dollars_total", type="counter", help="h", labels=("team",))
    """,
    "anomalies.py": """
        from monitoring_codegen import AnomalyDetector, CapacityForecast, SpendForecast
        A = AnomalyDetector(name="adaptive-none", kind="requests", metric="app_requests_total", by=("route",),
                            direction="both", min_traffic=2)
        B = AnomalyDetector(name="adaptive-daily", kind="requests", metric="app_requests_total", by=("route",),
                            seasonality="daily", min_traffic=2)
        C = AnomalyDetector(name="robust-weekly", kind="requests", metric="app_requests_total",
                            strategy="robust", seasonality="weekly", width=2, margin=0.2, **{"for": "30m"})
        D = AnomalyDetector(name="robust-errors", kind="errors", metric='app_requests_total{status="500"}',
                            by=("route",), strategy="robust", seasonality="daily",
                            traffic="app_requests_total", min_traffic=1)
        E = AnomalyDetector(name="files", kind="resource", metric="app_open_files", by=("pod",),
                            seasonality="daily", direction="down", severity="critical")
        Q = CapacityForecast(name="queue", metric="app_queue_depth", by=("queue",), capacity=500, fill=0.6,
                             lookback="2h", horizon="1h", **{"for": "15m"})
        S = SpendForecast(name="spend", metric="app_cost_dollars_total", by=("team",), budget=900, lookback="6h")
    """,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from monitoring_codegen.pipeline import render_from

    root = write_project(tmp_path_factory.mktemp("anomaly") / "proj", DEFINITIONS)
    return render_from(str(root / "definitions"), str(root / "out"), start=root)


def _cases(build):
    from monitoring_codegen.render.rule_tests import collect_cases

    return collect_cases(build.model)


def _mutated(rendered: dict[str, bytes], change) -> dict[str, bytes]:
    from monitoring_codegen.yamlio import dump_yaml, load_yaml

    out = dict(rendered)
    for path, content in rendered.items():
        if path.startswith("prometheus/rules/anomaly-") or path.startswith("prometheus/rules/forecast-"):
            data = load_yaml(content)
            for group in data["groups"]:
                for rule in group["rules"]:
                    rule["expr"] = change(rule)
            out[path] = dump_yaml(data)
    return out


def _run(build, rendered, cases):
    from monitoring_codegen.tools.rule_tests import run_rule_tests

    return run_rule_tests(build.model, rendered, PROMTOOL, cases=cases)


@needs_promtool
def test_generated_tests_pass_and_cover_every_scenario(built):
    cases = _cases(built)
    alerts = {c.rule_name for c in cases if c.rule.kind == "AlertRule"}
    assert alerts == {
        "AdaptiveNoneAnomaly",
        "AdaptiveDailyAnomaly",
        "RobustWeeklyAnomaly",
        "RobustErrorsAnomaly",
        "FilesAnomaly",
        "QueueWillRunOut",
        "SpendOverBudget",
    }
    names = [c.name for c in cases]
    for detector in ("AdaptiveDaily", "RobustWeekly", "RobustErrors"):
        own = [n for n in names if n.startswith(detector)]
        assert any("normal daily peak stays silent" in n for n in own), own
        assert any("spike" in n and n.endswith("fires") for n in own), own
    assert any(n.startswith("FilesAnomaly") and "drop" in n and n.endswith("fires") for n in names)
    assert any(n.startswith("RobustErrors") and "too little traffic" in n for n in names)
    results = _run(built, built.rendered, cases)
    failed = [(r.case.name, r.output[-600:]) for r in results if not r.passed]
    assert not failed, failed


@needs_promtool
def test_firing_tests_fail_when_the_alert_can_never_fire(built):
    cases = [c for c in _cases(built) if c.rule.kind == "AlertRule" and c.test.fires]
    assert len(cases) >= 8
    neutered = _mutated(built.rendered, lambda rule: "vector(0) > 1" if "alert" in rule else rule["expr"])
    passed = [r.case.name for r in _run(built, neutered, cases) if r.passed]
    assert not passed, f"these tests pass although the alert can never fire: {passed}"


def _scale_band(factor: float):
    def change(rule):
        if rule.get("record") not in ("anomaly:band:upper", "anomaly:band:lower"):
            return rule["expr"]
        # width x spread + margin x |baseline|: both terms scaled
        return re.sub(
            r"\(([\d.]+) \* (.*?) \+ ([\d.]+) \*",
            lambda m: f"({float(m.group(1)) * factor} * {m.group(2)} + {float(m.group(3)) * factor} *",
            rule["expr"],
        )

    return change


@needs_promtool
def test_a_much_wider_band_fails_the_spike_tests(built):
    cases = [c for c in _cases(built) if c.rule.kind == "AlertRule" and c.test.fires and "Anomaly" in c.rule_name]
    passed = [r.case.name for r in _run(built, _mutated(built.rendered, _scale_band(10)), cases) if r.passed]
    assert not passed, f"these tests pass although the band is ten times as wide: {passed}"


@needs_promtool
def test_a_much_narrower_band_fails_the_inside_the_band_tests(built):
    cases = [c for c in _cases(built) if "inside the band" in c.name]
    assert len(cases) >= 3
    passed = [r.case.name for r in _run(built, _mutated(built.rendered, _scale_band(0.1)), cases) if r.passed]
    assert not passed, f"these tests pass although the band is a tenth as wide: {passed}"
