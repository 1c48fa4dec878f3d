"""Real-world rules and dashboards (tests/corpus): no crash, and the findings a maintainer would
agree with (no syntax error on what promtool accepts: tests/integration/test_lint_corpus_promtool.py)."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from monitoring_codegen.lint.runner import lint

RULE_FILES = sorted(p for p in (CORPUS / "rules").rglob("*.y*ml"))
DASHBOARDS = sorted((CORPUS / "dashboards").rglob("*.json"))


@pytest.fixture(scope="module")
def rule_findings():
    return lint([str(CORPUS / "rules")], use_definitions=False, prometheus_version="2.42", start=CORPUS)


@pytest.fixture(scope="module")
def dashboard_findings():
    return lint([str(CORPUS / "dashboards")], use_definitions=False, start=CORPUS)


def test_corpus_is_there():
    assert len(RULE_FILES) > 80 and len(DASHBOARDS) >= 15


def test_every_rule_and_dashboard_is_read(rule_findings, dashboard_findings):
    assert rule_findings.checked["rules"] > 900
    assert dashboard_findings.checked["dashboards"] == len(DASHBOARDS)
    assert dashboard_findings.checked["queries"] > 700


def test_no_syntax_error_in_dashboard_queries(dashboard_findings):
    # Grafana macros ($__rate_interval, $var, ${var:regex}) are expanded before parsing.
    assert not [f for f in dashboard_findings.findings if f.rule == "PQL001"]


def test_known_real_problems_are_found(rule_findings, dashboard_findings):
    def has(result, rule, obj):
        return any(f.rule == rule and f.object == obj for f in result.findings)

    # kube-prometheus: the description says "{{ $labels.job }}" after `min by (namespace, service, integration)`.
    assert has(rule_findings, "ALR005", "AlertmanagerClusterFailedToSendAlerts")
    # awesome-prometheus-alerts: `sum by (job)` then "(instance {{ $labels.instance }})".
    assert has(rule_findings, "ALR005", "ThanosCompactorMultipleRunning")
    # `device!~'rootfs'`: a regex with no metacharacters.
    assert any(f.rule == "PQL013" and "node-exporter-full" in f.path for f in dashboard_findings.findings)


def test_no_false_alarms_on_known_good_patterns(rule_findings):
    objects = {(f.rule, f.object) for f in rule_findings.findings}
    # Records of one name writing disjoint series (one per status code class) are fine.
    assert not [o for o in objects if o[0] == "RUL002" and o[1].startswith("code_verb:")]
    # A deliberate always-firing watchdog needs no `for`.
    assert ("ALR002", "Watchdog") not in objects
    # Gauges ending in _count (pg_stat_activity_count) are not taken for counters.
    assert not [o for o in objects if o[0] == "PQL007" and o[1] == "PostgresqlTooManyConnections"]
    # Nothing in the corpus aggregates before rate(); the self-ratio and the vector mismatches it
    # holds are real (judged in tests/corpus/verdicts.yaml, measured in test_lint_precision.py).
    assert not [o for o in objects if o[0] == "PQL008"]
    assert {o for o in objects if o[0] in ("PQL010", "PQL011")} == {
        ("PQL010", "CortexKVStoreFailure"),
        ("PQL011", "GitLabHigh5xxResponses"),
        ("PQL011", "GitLabHigh4xxResponses"),
    }
