"""Service level objectives of the AI-agent platform.

Each SLO becomes sloth-compatible rules in prometheus/rules/slo-<service>.yaml: error ratios
over the burn-rate windows, budget metadata, and a page and a ticket alert, with promtool
tests that each alert fires just above its burn thresholds and stays silent just below, and
error budget alerts (less than 50% or 25% of the month's budget left, or none) routed like
tickets. One dashboard per service (folder "SLOs") shows each SLO's SLI, burn rates, budget
and alerts.
"""

from monitoring_codegen import SLO, slo_dashboards

AGENT_OPERATIONS = SLO(
    service="agent-platform",
    name="agent-operations-success",
    description="Agent operations that succeed.",
    objective=99.5,
    period="30d",
    sli=SLO.ratio(good='agent_operations_total{status="success"}', total="agent_operations_total"),
    labels={"team": "agents"},
    alert="AgentOperationsErrorBudgetBurn",
    # Error budget policy: a ticket when less than 50% or 25% of the month's budget is left, and when none is.
    budget_alerts={"alert": "AgentOperationsErrorBudgetLow", "levels": (50, 25, 0)},
    alert_annotations={"summary": "Agent operations are failing fast enough to spend the monthly error budget."},
    page={"labels": {"severity": "critical"}},
    ticket={"labels": {"severity": "warning"}},
    # Overnight a handful of failed operations is not worth a page.
    min_events=100,
)

LLM_LATENCY = SLO(
    service="agent-platform",
    name="llm-latency",
    description="LLM requests answered within 8 seconds.",
    objective=99,
    period="30d",
    sli=SLO.latency(histogram="llm_request_duration_seconds", threshold=8),
    labels={"team": "agents"},
    alert="LLMLatencyErrorBudgetBurn",
    # Error budget policy: a ticket when less than 50% or 25% of the month's budget is left, and when none is.
    budget_alerts={"alert": "LLMLatencyErrorBudgetLow", "levels": (50, 25, 0)},
    alert_annotations={"summary": "Too many LLM requests take longer than 8s."},
    page={"labels": {"severity": "critical"}},
    ticket={"labels": {"severity": "warning"}},
)

API_AVAILABILITY = SLO(
    service="api",
    name="availability",
    description="HTTP requests served without a server error.",
    objective=99.9,
    period="30d",
    sli=SLO.ratio(errors='http_requests_total{status_code=~"5.."}', total="http_requests_total"),
    labels={"team": "platform"},
    alert="APIAvailabilityErrorBudgetBurn",
    # Error budget policy: a ticket when less than 50% or 25% of the month's budget is left, and when none is.
    budget_alerts={"alert": "APIAvailabilityErrorBudgetLow", "levels": (50, 25, 0)},
    alert_annotations={"summary": "The API answers with 5xx fast enough to spend the monthly error budget."},
    page={"labels": {"severity": "critical"}},
    ticket={"labels": {"severity": "warning"}},
)

# One board per service: uids slo-agent-platform and slo-api.
SLO_DASHBOARDS = slo_dashboards([AGENT_OPERATIONS, LLM_LATENCY, API_AVAILABILITY], folder="SLOs")
