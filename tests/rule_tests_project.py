"""The small project with rule tests that tests/unit/test_rule_tests.py and
tests/integration/test_rule_tests_promtool.py build on."""

from __future__ import annotations

from pathlib import Path

from conftest import write_project

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
