"""Recording rules for the heavy dashboard queries, named `level:metric:operations`."""

from monitoring_codegen import RecordingRule, RuleGroup

AGENT_RECORDS = RuleGroup(
    name="agent-platform.records",
    file="agent-platform-records",
    interval="30s",
    rules=[
        RecordingRule(
            record="agent_type_provider_status:agent_operations:rate5m",
            expr="sum by (agent_type, provider, status) (rate(agent_operations_total[5m]))",
        ),
        RecordingRule(
            record="le_agent_type:agent_execution_duration_seconds_bucket:rate5m",
            expr="sum by (le, agent_type) (rate(agent_execution_duration_seconds_bucket[5m]))",
        ),
        RecordingRule(
            record="provider_token_type:agent_token_usage:rate5m",
            expr="sum by (provider, token_type) (rate(agent_token_usage_total[5m]))",
        ),
        RecordingRule(
            record="agent_type_provider:agent_cost:rate1h",
            expr="sum by (agent_type, provider) (rate(agent_cost_total[1h]))",
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
        ),
        RecordingRule(
            record="le_route:http_request_duration_seconds_bucket:rate5m",
            expr="sum by (le, route) (rate(http_request_duration_seconds_bucket[5m]))",
        ),
        RecordingRule(
            record="le_operation:database_query_duration_seconds_bucket:rate5m",
            expr="sum by (le, operation) (rate(database_query_duration_seconds_bucket[5m]))",
        ),
        RecordingRule(
            record="le_provider_model:llm_request_duration_seconds_bucket:rate5m",
            expr="sum by (le, provider, model) (rate(llm_request_duration_seconds_bucket[5m]))",
        ),
        RecordingRule(
            record="provider_model:llm_cost_dollars:rate1h",
            expr="sum by (provider, model) (rate(llm_cost_dollars_total[1h]))",
        ),
    ],
)
