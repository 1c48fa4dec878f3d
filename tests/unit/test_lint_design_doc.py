"""The design document's original alerts and dashboard, kept verbatim, are flagged."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, REPO

from monitoring_codegen.lint.runner import lint

LINT_FIXTURES = FIXTURES / "lint"


@pytest.fixture(params=["no catalog", "shipped catalog"])
def findings(request):
    use = request.param == "shipped catalog"
    if use and not (REPO / "definitions").is_dir():
        pytest.skip("no shipped definitions")
    return lint(
        [str(LINT_FIXTURES / "design_doc_alerts.yaml"), str(LINT_FIXTURES / "design_doc_dashboard.json")],
        use_definitions=use,
        start=REPO,
    ).findings


def _by(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_both_error_rate_alerts_divide_each_series_by_itself(findings):
    self_ratio = {(f.object, f.severity) for f in _by(findings, "PQL010") if f.path.endswith(".yaml")}
    assert self_ratio == {("HighAgentErrorRate", "error"), ("HighHTTPErrorRate", "error")}


def test_the_findings_point_at_the_rule_lines(findings):
    text = (LINT_FIXTURES / "design_doc_alerts.yaml").read_text().splitlines()
    for finding in _by(findings, "PQL010"):
        if finding.path.endswith(".yaml"):
            assert text[finding.line - 1].strip() == f"- alert: {finding.object}"


def test_unused_agent_type_and_provider_variables(findings):
    messages = " ".join(f.message for f in _by(findings, "DSH001"))
    assert "$agent_type" in messages and "$provider" in messages


def test_deprecated_graph_panels(findings):
    assert len(_by(findings, "DSH003")) == 3
    assert all("'graph'" in f.message for f in _by(findings, "DSH003"))


def test_high_cardinality_agent_id(findings):
    flagged = _by(findings, "PQL014")
    assert [f.object for f in flagged] == ["AI Agent Overview / Token Usage by Agent"]
    assert "agent_id" in flagged[0].message
    # The query is quoted as written.
    assert flagged[0].expr == "sum(rate(agent_token_usage_total[5m])) by (agent_id)"


def test_the_dashboard_error_ratio_is_a_self_ratio_too(findings):
    assert [f.object for f in _by(findings, "PQL010") if f.path.endswith(".json")] == [
        "AI Agent Overview / Agent Error Rate"
    ]
