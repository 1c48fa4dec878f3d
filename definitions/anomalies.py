"""Anomalies and forecasts of the AI-agent platform.

Each detector becomes recorded bands and an alert in prometheus/rules/anomaly-<name>.yaml,
each forecast a projection and an alert in prometheus/rules/forecast-<name>.yaml; mcg writes
their promtool tests from the parameters (a synthetic daily pattern, spikes, drops, fills).
The bands mean something only after a full season of history: a day for daily seasonality.
"""

from monitoring_codegen import AnomalyDetector, CapacityForecast, SpendForecast

TOKEN_USAGE = AnomalyDetector(
    name="llm-token-usage",
    description="Tokens sent to and received from LLM providers.",
    kind="requests",
    metric="llm_tokens_total",
    by=("provider",),
    seasonality="daily",
    # Fewer than 5 tokens a second is a quiet night, not a pattern.
    min_traffic=5,
    alert="LLMTokenUsageAnomaly",
    severity="warning",
    alert_labels={"team": "agents"},
)

LLM_COST = AnomalyDetector(
    name="llm-cost",
    description="LLM spend per provider.",
    kind="resource",
    metric="llm_cost_dollars_total",
    by=("provider",),
    seasonality="daily",
    strategy="robust",
    # Cost per request is what matters: a spend spike on a handful of requests is not one.
    min_traffic=0.5,
    traffic="llm_requests_total",
    alert="LLMCostAnomaly",
    severity="warning",
    alert_labels={"team": "agents"},
)

AGENT_ERRORS = AnomalyDetector(
    name="agent-errors",
    description="Failed agent operations.",
    kind="errors",
    metric='agent_operations_total{status="error"}',
    by=("agent_type",),
    seasonality="daily",
    min_traffic=1,
    traffic="agent_operations_total",
    alert="AgentErrorRateAnomaly",
    severity="warning",
    alert_labels={"team": "agents"},
)

TASK_QUEUE = CapacityForecast(
    name="task-queue",
    description="Tasks waiting per queue; a queue holds at most 10000.",
    metric="task_queue_depth",
    by=("queue_type",),
    capacity=10000,
    fill=0.5,
    lookback="6h",
    horizon="4h",
    alert="TaskQueueWillFill",
    severity="warning",
    alert_labels={"team": "platform"},
)

LLM_MONTHLY_SPEND = SpendForecast(
    name="llm-monthly-spend",
    description="LLM spend at the last day's pace against the monthly budget.",
    metric="llm_cost_dollars_total",
    budget=20000,
    lookback="1d",
    alert="LLMMonthlySpendOverBudget",
    severity="warning",
    alert_labels={"team": "finance"},
)
