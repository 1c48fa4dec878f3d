"""One dashboard per audience, linked to each other and to the runbooks (out/docs/):

- developers: their service's latency and errors, route by route, with drill-downs;
- operators: fleet health, alerts firing, capacity;
- executives: KPIs, cost and SLO status (from the SLO recording rules `slo:*`).
"""

from monitoring_codegen import Dashboard

from .._panels import (
    DOCS_URL,
    bargauge,
    dashboard,
    dashboard_links,
    data_link,
    query_variable,
    stat,
    table,
    target,
    timeseries,
)

DEVELOPER = ("developer-view", "Developer view")
OPERATOR = ("operator-view", "Operator view")
EXECUTIVE = ("executive-view", "Executive view")

# The service is the scrape job; every series carries it (a target label).
SERVICE = 'job=~"$job"'
ROUTE = SERVICE
RATE = "[$__rate_interval]"


def _runbook(alert: str) -> dict:
    return data_link(f"Runbook: {alert}", f"{DOCS_URL}/alerts/{alert}.html")


def _drill(uid: str, title: str) -> dict:
    # Grafana keeps the time range and the variables of the same name across dashboards.
    return data_link(f"Drill down: {title}", f"/d/{uid}?${{__url_time_range}}&${{job:queryparam}}")


DEVELOPER_VIEW = Dashboard(
    folder="Audiences",
    board=dashboard(
        title="Developer view",
        uid=DEVELOPER[0],
        description="Latency and errors of one service, route by route, and of what it calls (LLMs, database, agents).",
        tags=["ai-platform", "audience", "developer"],
        links=dashboard_links(OPERATOR, EXECUTIVE),
        variables=[
            query_variable("job", "label_values(http_requests_total, job)", "Service"),
        ],
        panels=[
            timeseries(
                "Requests by route",
                [target(f"sum by (route) (rate(http_requests_total{{{ROUTE}}}{RATE}))", "{{route}}")],
                "reqps",
                "Requests per second served by each route.",
                links=[_drill("system-health", "System Health")],
            ),
            timeseries(
                "Server error ratio by route",
                [
                    target(
                        f'sum by (route) (rate(http_requests_total{{{ROUTE}, status_code=~"5.."}}{RATE}))'
                        f" / sum by (route) (rate(http_requests_total{{{ROUTE}}}{RATE}))",
                        "{{route}}",
                    )
                ],
                "percentunit",
                "Share of requests answered with a 5xx.",
                links=[_runbook("HighHTTPErrorRate"), _drill("system-health", "System Health")],
            ),
            timeseries(
                "p95 latency by route",
                [
                    target(
                        f"histogram_quantile(0.95, sum by (le, route) "
                        f"(rate(http_request_duration_seconds_bucket{{{ROUTE}}}{RATE})))",
                        "{{route}}",
                    )
                ],
                "s",
                "95th percentile request latency.",
            ),
            timeseries(
                "p99 latency by route",
                [
                    target(
                        f"histogram_quantile(0.99, sum by (le, route) "
                        f"(rate(http_request_duration_seconds_bucket{{{ROUTE}}}{RATE})))",
                        "{{route}}",
                    )
                ],
                "s",
                "99th percentile request latency: the slowest requests users see.",
            ),
            timeseries(
                "LLM p95 latency by provider",
                [
                    target(
                        f"histogram_quantile(0.95, sum by (le, provider) "
                        f"(rate(llm_request_duration_seconds_bucket{{{SERVICE}}}{RATE})))",
                        "{{provider}}",
                    )
                ],
                "s",
                "How long LLM providers take to answer this service.",
                links=[_runbook("HighLLMLatency"), _drill("llm-overview", "LLM Overview")],
            ),
            timeseries(
                "LLM errors by provider",
                [
                    target(
                        f'sum by (provider) (rate(llm_requests_total{{{SERVICE}, status="error"}}{RATE}))',
                        "{{provider}}",
                    )
                ],
                "reqps",
                "Failed LLM requests per second.",
                links=[_drill("llm-overview", "LLM Overview")],
            ),
            timeseries(
                "Agent operation errors by agent type",
                [
                    target(
                        f'sum by (agent_type) (rate(agent_operations_total{{{SERVICE}, status="error"}}{RATE}))',
                        "{{agent_type}}",
                    )
                ],
                "ops",
                "Failed agent operations per second.",
                links=[_runbook("HighAgentErrorRate"), _drill("ai-agent-overview", "AI Agent Overview")],
            ),
            timeseries(
                "Database query p95 by table",
                [
                    target(
                        f"histogram_quantile(0.95, sum by (le, table) "
                        f"(rate(database_query_duration_seconds_bucket{{{SERVICE}}}{RATE})))",
                        "{{table}}",
                    )
                ],
                "s",
                "95th percentile database query latency.",
                links=[_runbook("SlowDatabaseQueries")],
            ),
        ],
    ),
)

OPERATOR_VIEW = Dashboard(
    folder="Audiences",
    board=dashboard(
        title="Operator view",
        uid=OPERATOR[0],
        description="Fleet health, alerts firing and capacity of the monitoring stack and the platform.",
        tags=["ai-platform", "audience", "operator"],
        links=dashboard_links(DEVELOPER, EXECUTIVE),
        variables=[query_variable("job", "label_values(up, job)", "Job")],
        panels=[
            stat("Targets down", f"sum(1 - up{{{SERVICE}}})", "short", "Scrape targets whose last scrape failed."),
            stat(
                "Alerts firing",
                f'sum(alertmanager_alerts{{{SERVICE}, state="active"}})',
                "short",
                "Active alerts held by Alertmanager.",
            ),
            stat(
                "Rule evaluation failures",
                f"sum(rate(prometheus_rule_evaluation_failures_total{{{SERVICE}}}{RATE}))",
                "ops",
                "Rule evaluations failing per second; any is a bug.",
            ),
            stat(
                "Head series",
                f"sum(prometheus_tsdb_head_series{{{SERVICE}}})",
                "short",
                "Series in memory: the first capacity limit of a Prometheus.",
            ),
            timeseries(
                "Targets up by job",
                [target(f"sum by (job) (up{{{SERVICE}}})", "{{job}}")],
                "short",
                "Healthy scrape targets per job.",
                links=[_runbook("TargetDown")],
            ),
            timeseries(
                "Alerts by state",
                [target(f"sum by (state) (alertmanager_alerts{{{SERVICE}}})", "{{state}}")],
                "short",
                "Alerts in Alertmanager: active, suppressed (silenced or inhibited), unprocessed.",
            ),
            timeseries(
                "Notifications failing by integration",
                [
                    target(
                        f"sum by (integration) (rate(alertmanager_notifications_failed_total{{{SERVICE}}}{RATE}))",
                        "{{integration}}",
                    )
                ],
                "ops",
                "Notifications Alertmanager could not deliver.",
                links=[_runbook("AlertmanagerNotificationsFailing")],
            ),
            timeseries(
                "Agent memory by namespace",
                [target(f"sum by (namespace) (agent_memory_usage_bytes{{{SERVICE}}})", "{{namespace}}")],
                "bytes",
                "Memory held by agents.",
            ),
            timeseries(
                "Database connections in use",
                [
                    target(
                        f"sum by (database, pool) (database_connections_active{{{SERVICE}}})", "{{database}} {{pool}}"
                    )
                ],
                "short",
                "Open connections per pool.",
                links=[_runbook("DatabaseConnectionsHigh")],
            ),
            timeseries(
                "Task queue depth",
                [target(f"sum by (queue_type) (task_queue_depth{{{SERVICE}}})", "{{queue_type}}")],
                "short",
                "Tasks waiting, per queue.",
            ),
        ],
    ),
)

SLO = "sloth_service, sloth_slo"

EXECUTIVE_VIEW = Dashboard(
    folder="Audiences",
    board=dashboard(
        title="Executive view",
        uid=EXECUTIVE[0],
        description="Service levels, usage and spend at a glance.",
        tags=["ai-platform", "audience", "executive"],
        links=dashboard_links(DEVELOPER, OPERATOR),
        variables=[],
        refresh="5m",
        panels=[
            stat("Active sessions", "sum(user_sessions_active)", "short", "Signed-in user sessions now."),
            stat(
                "LLM spend (24h)",
                "sum(increase(llm_cost_dollars_total[1d]))",
                "currencyUSD",
                "Money spent on LLM providers over the last day.",
            ),
            stat(
                "Agent cost (24h)",
                "sum(increase(agent_cost_total[1d]))",
                "currencyUSD",
                "Cost of agent work over the last day.",
            ),
            stat(
                "Task success rate",
                f'sum(rate(task_executions_total{{status="success"}}{RATE})) / sum(rate(task_executions_total{RATE}))',
                "percentunit",
                "Share of tasks that completed.",
            ),
            table(
                "SLO status",
                f"max by ({SLO}) (slo:period_error_budget_remaining:ratio)",
                "percentunit",
                "Error budget left in each SLO's period (1 = untouched, 0 = spent).",
            ),
            bargauge(
                "Error budget remaining",
                f"max by ({SLO}) (slo:period_error_budget_remaining:ratio)",
                "{{sloth_service}} {{sloth_slo}}",
                "percentunit",
                "Error budget left per SLO.",
            ),
            timeseries(
                "Error budget burn rate",
                [target(f"max by ({SLO}) (slo:current_burn_rate:ratio)", "{{sloth_service}} {{sloth_slo}}")],
                "short",
                "How fast each SLO spends its budget (1 = exactly on budget).",
                links=[data_link("Runbooks", f"{DOCS_URL}/alerts/index.html")],
            ),
            timeseries(
                "Spend per hour by provider",
                [target(f"sum by (provider) (rate(llm_cost_dollars_total{RATE})) * 3600", "{{provider}}")],
                "currencyUSD",
                "LLM spend per hour.",
                links=[_runbook("HighOperationalCost")],
            ),
        ],
    ),
)
