"""Alerts of the AI-agent platform.

Thresholds are `params`, so environments can override them (see environments.py).
The design document's error-rate alerts divided each series by itself
(`rate(x{status="error"}[5m]) / rate(x[5m])`, always 1 once errors exist); here both
sides are aggregated by the same labels, so the ratio is errors over all operations.
"""

from monitoring_codegen import RuleGroup

from ._alerting import alert

AGENT_ALERTS = RuleGroup(
    name="agent-platform.agents",
    file="agent-platform-alerts",
    rules=[
        alert(
            "HighAgentErrorRate",
            'sum by (agent_type, provider) (rate(agent_operations_total{status="error"}[5m]))\n'
            "/\n"
            "sum by (agent_type, provider) (rate(agent_operations_total[5m]))\n"
            "> {{ threshold }}",
            params={"threshold": 0.1},
            severity="critical",
            summary="{{ $labels.agent_type }} agents on {{ $labels.provider }} fail {{ $value | humanizePercentage }} of operations",
            description="More than 10% of operations of {{ $labels.agent_type }} agents using {{ $labels.provider }} "
                        "ended in error over the last 5 minutes.",
        ),
        alert(
            "AgentExecutionTimeout",
            "histogram_quantile(0.95, sum by (le, agent_type) (rate(agent_execution_duration_seconds_bucket[5m])))\n"
            "> {{ seconds }}",
            params={"seconds": 60},
            severity="warning",
            summary="{{ $labels.agent_type }} agents take {{ $value | humanizeDuration }} at p95",
            description="The 95th percentile execution time of {{ $labels.agent_type }} agents is above the "
                        "timeout budget; tasks are likely timing out.",
        ),
        alert(
            "HighTokenUsage",
            "sum by (agent_type, provider) (rate(agent_token_usage_total[5m])) * 60 > {{ tokens_per_minute }}",
            params={"tokens_per_minute": 100000},
            severity="warning",
            summary="{{ $labels.agent_type }} agents use {{ $value | humanize }} tokens/min on {{ $labels.provider }}",
            description="Token consumption is above the expected budget; check for loops or oversized prompts.",
        ),
        alert(
            "HighOperationalCost",
            "sum(rate(agent_cost_total[1h])) * 3600 > {{ dollars_per_hour }}",
            params={"dollars_per_hour": 50},
            for_="15m",
            severity="warning",
            summary="Agent spend is {{ $value | humanize }} USD per hour",
            description="The platform's agents spend more per hour than the budget allows.",
        ),
    ],
)

PLATFORM_ALERTS = RuleGroup(
    name="agent-platform.platform",
    file="agent-platform-alerts",
    rules=[
        alert(
            "HighHTTPErrorRate",
            'sum by (route) (rate(http_requests_total{status_code=~"5.."}[5m]))\n'
            "/\n"
            "sum by (route) (rate(http_requests_total[5m]))\n"
            "> {{ threshold }}",
            params={"threshold": 0.05},
            severity="critical",
            summary="{{ $labels.route }} answers {{ $value | humanizePercentage }} of requests with 5xx",
            description="More than 5% of HTTP requests to {{ $labels.route }} failed with a server error.",
        ),
        alert(
            "DatabaseConnectionsHigh",
            "sum by (database, pool) (database_connections_active) > {{ connections }}",
            params={"connections": 80},
            severity="warning",
            summary="{{ $labels.pool }} on {{ $labels.database }} holds {{ $value }} connections",
            description="The connection pool is close to exhaustion; requests will start to queue.",
        ),
        alert(
            "SlowDatabaseQueries",
            "histogram_quantile(0.95, sum by (le, operation) (rate(database_query_duration_seconds_bucket[5m])))\n"
            "> {{ seconds }}",
            params={"seconds": 1},
            severity="warning",
            summary="{{ $labels.operation }} queries take {{ $value | humanizeDuration }} at p95",
            description="Database queries are slow at the 95th percentile.",
        ),
        alert(
            "LowUserEngagement",
            "sum(user_sessions_active) < {{ sessions }}",
            params={"sessions": 10},
            for_="30m",
            severity="info",
            summary="Only {{ $value }} active user sessions",
            description="Fewer users than usual are signed in; check sign-in and the front end.",
        ),
    ],
)

LLM_ALERTS = RuleGroup(
    name="agent-platform.llm",
    file="agent-platform-alerts",
    rules=[
        alert(
            "HighLLMLatency",
            "histogram_quantile(0.95, sum by (le, provider, model) (rate(llm_request_duration_seconds_bucket[5m])))\n"
            "> {{ seconds }}",
            params={"seconds": 20},
            severity="warning",
            summary="{{ $labels.model }} on {{ $labels.provider }} answers in {{ $value | humanizeDuration }} at p95",
            description="LLM requests are slow; agents will time out or users will wait.",
        ),
        alert(
            "HighLLMHallucinationRate",
            "sum by (provider, model) (rate(llm_hallucination_flags_total[15m]))\n"
            "/\n"
            "sum by (provider, model) (rate(llm_requests_total[15m]))\n"
            "> {{ ratio }}",
            params={"ratio": 0.05},
            for_="15m",
            severity="warning",
            summary="{{ $value | humanizePercentage }} of {{ $labels.model }} answers are flagged as hallucinations",
            description="Hallucination detectors flag an unusual share of responses of this model.",
        ),
    ],
)
