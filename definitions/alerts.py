"""Alerts of the AI-agent platform.

Thresholds are `params`, so environments can override them (see environments.py).
The design document's error-rate alerts divided each series by itself
(`rate(x{status="error"}[5m]) / rate(x[5m])`, always 1 once errors exist); here both
sides are aggregated by the same labels, so the ratio is errors over all operations.
"""

from monitoring_codegen import AlertTest, Firing, RuleGroup

from ._alerting import alert

# Input series for the tests below, in promtool notation: `0+12x20` starts at 0 and adds 12
# per interval (1m) for 20 more samples; `90x20` holds 90. Counters growing by whole numbers
# per minute give exact rates (12/min over 5m = 0.2/s).
PLANNER_OPS = (
    'agent_operations_total{agent_id="a-1", agent_type="planner", operation="plan", provider="openai", status="%s"}'
)
EXEC_BUCKET = 'agent_execution_duration_seconds_bucket{agent_type="researcher", le="%s"}'

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
            runbook="""\
1. Open the *Developer view* for the failing agent type and provider: is it one provider (an outage,
   rate limiting: check the provider's status page) or every provider (our code: check the last deploy)?
2. Look at the errors by operation on the *AI Agent Overview*; a single operation failing points at one tool.
3. If one provider fails, switch the agent type to its fallback provider; if a deploy caused it, roll back.
""",
            severity="critical",
            summary="{{ $labels.agent_type }} agents on {{ $labels.provider }} fail {{ $value | humanizePercentage }} of operations",
            description="The share of failed operations of {{ $labels.agent_type }} agents using "
            "{{ $labels.provider }} over the last 5 minutes is above this environment's threshold.",
            tests=[
                AlertTest(
                    "a fifth of planner operations fail",
                    series={PLANNER_OPS % "error": "0+12x20", PLANNER_OPS % "success": "0+48x20"},
                    at="10m",
                    fires=[Firing({"agent_type": "planner", "provider": "openai"}, value=0.2)],
                ),
                AlertTest(
                    "5% errors stay below the threshold",
                    series={PLANNER_OPS % "error": "0+3x20", PLANNER_OPS % "success": "0+57x20"},
                    at="10m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "AgentExecutionTimeout",
            "histogram_quantile(0.95, sum by (le, agent_type) (rate(agent_execution_duration_seconds_bucket[5m])))\n"
            "> {{ seconds }}",
            params={"seconds": 60},
            runbook="""\
1. Check the LLM latency of the agent type's provider (*LLM Overview*): slow answers make slow agents.
2. Check the task queue depth and database latency on the *Operator view*: waiting for resources looks the same.
3. Raise the timeout budget only with the owning team; otherwise scale the agent workers.
""",
            severity="warning",
            summary="{{ $labels.agent_type }} agents take {{ $value | humanizeDuration }} at p95",
            description="The 95th percentile execution time of {{ $labels.agent_type }} agents is above the "
            "timeout budget; tasks are likely timing out.",
            tests=[
                # A third of executions finish within 60s, the rest within 120s: p95 is 115.5s.
                AlertTest(
                    "most executions take between one and two minutes",
                    series={
                        EXEC_BUCKET % "60": "0+10x20",
                        EXEC_BUCKET % "120": "0+30x20",
                        EXEC_BUCKET % "+Inf": "0+30x20",
                    },
                    at="10m",
                    fires=[Firing({"agent_type": "researcher"}, value=115.5)],
                ),
                AlertTest(
                    "executions within 30s",
                    series={
                        EXEC_BUCKET % "30": "0+30x20",
                        EXEC_BUCKET % "60": "0+30x20",
                        EXEC_BUCKET % "+Inf": "0+30x20",
                    },
                    at="10m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "HighTokenUsage",
            "sum by (agent_type, provider) (rate(agent_token_usage_total[5m])) * 60 > {{ tokens_per_minute }}",
            params={"tokens_per_minute": 100000},
            severity="warning",
            summary="{{ $labels.agent_type }} agents use {{ $value | humanize }} tokens/min on {{ $labels.provider }}",
            description="Token consumption is above the expected budget; check for loops or oversized prompts.",
            tests=[
                AlertTest(
                    "150k tokens per minute",
                    series={
                        'agent_token_usage_total{agent_type="coder", provider="anthropic", token_type="output"}': "0+150000x20"
                    },
                    at="10m",
                    fires=[Firing({"agent_type": "coder", "provider": "anthropic"}, value=150000)],
                ),
                AlertTest(
                    "50k tokens per minute",
                    series={
                        'agent_token_usage_total{agent_type="coder", provider="anthropic", token_type="output"}': "0+50000x20"
                    },
                    at="10m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "HighOperationalCost",
            "sum(rate(agent_cost_total[1h])) * 3600 > {{ dollars_per_hour }}",
            params={"dollars_per_hour": 50},
            for_="15m",
            runbook="""\
1. Find the provider and model that spend most on the *Executive view* (cost by provider).
2. Compare token usage per agent type: a prompt or loop change multiplies tokens.
3. Cap the offending agent type's concurrency, then find the change with its owners.
""",
            severity="warning",
            summary="Agent spend is {{ $value | humanize }} USD per hour",
            description="The platform's agents spend more per hour than the budget allows.",
            tests=[
                # $1.50 a minute is $90 an hour; rate over 1h needs an hour of samples.
                AlertTest(
                    "$90 per hour",
                    series={'agent_cost_total{agent_type="coder", provider="openai"}': "0+1.5x90"},
                    at="80m",
                    fires=[Firing({}, value=90)],
                ),
                AlertTest(
                    "$30 per hour",
                    series={'agent_cost_total{agent_type="coder", provider="openai"}': "0+0.5x90"},
                    at="80m",
                    fires=False,
                ),
            ],
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
            runbook="""\
1. Open the *Developer view* for the service: which routes fail, and since when?
2. Check the latest deploy and the database and LLM dependencies of those routes.
3. Roll back when a deploy started it; otherwise page the owners of the failing dependency.
""",
            severity="critical",
            summary="{{ $labels.route }} answers {{ $value | humanizePercentage }} of requests with 5xx",
            description="The share of HTTP requests to {{ $labels.route }} failing with a server error is above "
            "this environment's threshold.",
            tests=[
                AlertTest(
                    "one request in ten fails",
                    series={
                        'http_requests_total{method="POST", route="/api/tasks", status_code="500"}': "0+6x20",
                        'http_requests_total{method="POST", route="/api/tasks", status_code="200"}': "0+54x20",
                    },
                    at="10m",
                    fires=[Firing({"route": "/api/tasks"}, value=0.1)],
                ),
                AlertTest(
                    "4xx are not server errors",
                    series={
                        'http_requests_total{method="POST", route="/api/tasks", status_code="404"}': "0+30x20",
                        'http_requests_total{method="POST", route="/api/tasks", status_code="200"}': "0+30x20",
                    },
                    at="10m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "DatabaseConnectionsHigh",
            "sum by (database, pool) (database_connections_active) > {{ connections }}",
            params={"connections": 80},
            runbook="""\
1. Check slow queries (*System Health*, query latency by table): slow queries hold connections.
2. Look for a connection leak: connections that grow without traffic growing.
3. Raise the pool limit only when the database has headroom; otherwise scale readers or shed load.
""",
            severity="warning",
            summary="{{ $labels.pool }} on {{ $labels.database }} holds {{ $value }} connections",
            description="The connection pool is close to exhaustion; requests will start to queue.",
            tests=[
                AlertTest(
                    "90 connections held",
                    series={'database_connections_active{database="agents", pool="primary"}': "90x20"},
                    at="10m",
                    fires=[Firing({"database": "agents", "pool": "primary"}, value=90)],
                ),
                AlertTest(
                    "40 connections held",
                    series={'database_connections_active{database="agents", pool="primary"}': "40x20"},
                    at="10m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "SlowDatabaseQueries",
            "histogram_quantile(0.95, sum by (le, operation) (rate(database_query_duration_seconds_bucket[5m])))\n"
            "> {{ seconds }}",
            params={"seconds": 1},
            severity="warning",
            summary="{{ $labels.operation }} queries take {{ $value | humanizeDuration }} at p95",
            description="Database queries are slow at the 95th percentile.",
            tests=[
                # A quarter of the selects within 1s, the rest within 2.5s: p95 is 2.4s.
                AlertTest(
                    "slow selects",
                    series={
                        'database_query_duration_seconds_bucket{operation="select", le="1"}': "0+10x20",
                        'database_query_duration_seconds_bucket{operation="select", le="2.5"}': "0+40x20",
                        'database_query_duration_seconds_bucket{operation="select", le="+Inf"}': "0+40x20",
                    },
                    at="10m",
                    fires=[Firing({"operation": "select"}, value=2.4)],
                ),
                AlertTest(
                    "selects within 100ms",
                    series={
                        'database_query_duration_seconds_bucket{operation="select", le="0.1"}': "0+40x20",
                        'database_query_duration_seconds_bucket{operation="select", le="+Inf"}': "0+40x20",
                    },
                    at="10m",
                    fires=False,
                ),
            ],
        ),
        alert(
            "LowUserEngagement",
            "sum(user_sessions_active) < {{ sessions }}",
            params={"sessions": 10},
            for_="30m",
            severity="info",
            summary="Only {{ $value }} active user sessions",
            description="Fewer users than usual are signed in; check sign-in and the front end.",
            tests=[
                AlertTest(
                    "three sessions for half an hour",
                    series={"user_sessions_active": "3x40"},
                    at="35m",
                    fires=[Firing({}, value=3)],
                ),
                AlertTest("25 sessions", series={"user_sessions_active": "25x40"}, at="35m", fires=False),
            ],
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
            tests=[
                # A quarter of the requests within 15s, the rest within 30s: p95 is 29s.
                AlertTest(
                    "slow gpt-4o answers",
                    series={
                        'llm_request_duration_seconds_bucket{provider="openai", model="gpt-4o", le="15"}': "0+10x20",
                        'llm_request_duration_seconds_bucket{provider="openai", model="gpt-4o", le="30"}': "0+40x20",
                        'llm_request_duration_seconds_bucket{provider="openai", model="gpt-4o", le="+Inf"}': "0+40x20",
                    },
                    at="10m",
                    fires=[Firing({"provider": "openai", "model": "gpt-4o"}, value=29)],
                ),
                AlertTest(
                    "answers within 4s",
                    series={
                        'llm_request_duration_seconds_bucket{provider="openai", model="gpt-4o", le="4"}': "0+40x20",
                        'llm_request_duration_seconds_bucket{provider="openai", model="gpt-4o", le="+Inf"}': "0+40x20",
                    },
                    at="10m",
                    fires=False,
                ),
            ],
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
            tests=[
                AlertTest(
                    "one answer in ten flagged",
                    series={
                        'llm_hallucination_flags_total{provider="openai", model="gpt-4o", detector="selfcheck"}': "0+2x40",
                        'llm_requests_total{provider="openai", model="gpt-4o", status="success"}': "0+20x40",
                    },
                    at="35m",
                    fires=[Firing({"provider": "openai", "model": "gpt-4o"}, value=0.1)],
                ),
                AlertTest(
                    "one answer in a hundred flagged",
                    series={
                        'llm_hallucination_flags_total{provider="openai", model="gpt-4o", detector="selfcheck"}': "0+1x40",
                        'llm_requests_total{provider="openai", model="gpt-4o", status="success"}': "0+100x40",
                    },
                    at="35m",
                    fires=False,
                ),
            ],
        ),
    ],
)
