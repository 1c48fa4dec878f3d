"""Recording rules for the heavy dashboard queries, named `level:metric:operations`.

Each has a test: input series in promtool notation and the samples it must record.
Counters that grow by whole numbers per minute give exact rates (30/min over 5m = 0.1/s)."""

from monitoring_codegen import RecordingRule, RecordTest, RuleGroup

AGENT_RECORDS = RuleGroup(
    name="agent-platform.records",
    file="agent-platform-records",
    interval="30s",
    rules=[
        RecordingRule(
            record="agent_type_provider_status:agent_operations:rate5m",
            expr="sum by (agent_type, provider, status) (rate(agent_operations_total[5m]))",
            tests=[
                RecordTest(
                    series={
                        'agent_operations_total{agent_id="a-1", agent_type="planner", operation="plan", provider="openai", status="success"}': "0+30x20",
                        'agent_operations_total{agent_id="a-2", agent_type="planner", operation="act", provider="openai", status="success"}': "0+120x20",
                        'agent_operations_total{agent_id="a-2", agent_type="planner", operation="act", provider="openai", status="error"}': "0+6x20",
                    },
                    at="10m",
                    expect=[
                        ({"agent_type": "planner", "provider": "openai", "status": "success"}, 2.5),
                        ({"agent_type": "planner", "provider": "openai", "status": "error"}, 0.1),
                    ],
                )
            ],
        ),
        RecordingRule(
            record="le_agent_type:agent_execution_duration_seconds_bucket:rate5m",
            expr="sum by (le, agent_type) (rate(agent_execution_duration_seconds_bucket[5m]))",
            tests=[
                RecordTest(
                    series={
                        'agent_execution_duration_seconds_bucket{agent_id="a-1", agent_type="coder", le="10"}': "0+30x20",
                        'agent_execution_duration_seconds_bucket{agent_id="a-2", agent_type="coder", le="10"}': "0+30x20",
                        'agent_execution_duration_seconds_bucket{agent_id="a-1", agent_type="coder", le="+Inf"}': "0+60x20",
                    },
                    at="10m",
                    expect=[({"agent_type": "coder", "le": "10"}, 1), ({"agent_type": "coder", "le": "+Inf"}, 1)],
                )
            ],
        ),
        RecordingRule(
            record="provider_token_type:agent_token_usage:rate5m",
            expr="sum by (provider, token_type) (rate(agent_token_usage_total[5m]))",
            tests=[
                RecordTest(
                    series={
                        'agent_token_usage_total{agent_id="a-1", agent_type="coder", provider="anthropic", token_type="input"}': "0+6000x20",
                        'agent_token_usage_total{agent_id="a-2", agent_type="planner", provider="anthropic", token_type="input"}': "0+3000x20",
                    },
                    at="10m",
                    expect=[({"provider": "anthropic", "token_type": "input"}, 150)],
                )
            ],
        ),
        RecordingRule(
            record="agent_type_provider:agent_cost:rate1h",
            expr="sum by (agent_type, provider) (rate(agent_cost_total[1h]))",
            tests=[
                RecordTest(
                    series={'agent_cost_total{agent_id="a-1", agent_type="coder", provider="openai"}': "0+6x90"},
                    at="80m",
                    expect=[({"agent_type": "coder", "provider": "openai"}, 0.1)],
                )
            ],
        ),
    ],
)

PLATFORM_RECORDS = RuleGroup(
    name="platform.records",
    file="platform-records",
    interval="30s",
    rules=[
        RecordingRule(
            record="route_status_code:http_requests:rate5m",
            expr="sum by (route, status_code) (rate(http_requests_total[5m]))",
            tests=[
                RecordTest(
                    series={
                        'http_requests_total{method="GET", route="/api/agents", status_code="200"}': "0+60x20",
                        'http_requests_total{method="POST", route="/api/agents", status_code="200"}': "0+30x20",
                        'http_requests_total{method="POST", route="/api/agents", status_code="503"}': "0+3x20",
                    },
                    at="10m",
                    expect=[
                        ({"route": "/api/agents", "status_code": "200"}, 1.5),
                        ({"route": "/api/agents", "status_code": "503"}, 0.05),
                    ],
                )
            ],
        ),
        RecordingRule(
            record="le_route:http_request_duration_seconds_bucket:rate5m",
            expr="sum by (le, route) (rate(http_request_duration_seconds_bucket[5m]))",
            tests=[
                RecordTest(
                    series={
                        'http_request_duration_seconds_bucket{method="GET", route="/api/agents", le="0.1"}': "0+30x20",
                        'http_request_duration_seconds_bucket{method="POST", route="/api/agents", le="0.1"}': "0+30x20",
                    },
                    at="10m",
                    expect=[({"route": "/api/agents", "le": "0.1"}, 1)],
                )
            ],
        ),
        RecordingRule(
            record="le_operation:database_query_duration_seconds_bucket:rate5m",
            expr="sum by (le, operation) (rate(database_query_duration_seconds_bucket[5m]))",
            tests=[
                RecordTest(
                    series={
                        'database_query_duration_seconds_bucket{operation="select", table="tasks", le="0.01"}': "0+12x20",
                        'database_query_duration_seconds_bucket{operation="select", table="agents", le="0.01"}': "0+18x20",
                    },
                    at="10m",
                    expect=[({"operation": "select", "le": "0.01"}, 0.5)],
                )
            ],
        ),
        RecordingRule(
            record="le_provider_model:llm_request_duration_seconds_bucket:rate5m",
            expr="sum by (le, provider, model) (rate(llm_request_duration_seconds_bucket[5m]))",
            tests=[
                RecordTest(
                    series={
                        'llm_request_duration_seconds_bucket{provider="openai", model="gpt-4o", le="2"}': "0+60x20"
                    },
                    at="10m",
                    expect=[({"provider": "openai", "model": "gpt-4o", "le": "2"}, 1)],
                )
            ],
        ),
        RecordingRule(
            record="provider_model:llm_cost_dollars:rate1h",
            expr="sum by (provider, model) (rate(llm_cost_dollars_total[1h]))",
            tests=[
                RecordTest(
                    series={
                        'llm_cost_dollars_total{provider="openai", model="gpt-4o"}': "0+3x90",
                        'llm_cost_dollars_total{provider="openai", model="gpt-4o-mini"}': "0+0.25x90",
                    },
                    at="80m",
                    expect=[
                        ({"provider": "openai", "model": "gpt-4o"}, 0.05),
                        ({"provider": "openai", "model": "gpt-4o-mini"}, 0.25 / 60),
                    ],
                )
            ],
        ),
    ],
)
