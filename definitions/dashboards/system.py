"""System Health & Performance: HTTP, database and task pipeline of the platform."""

from grafanalib import core as G

from monitoring_codegen import Dashboard

from .._panels import dashboard, gauge, query_variable, target, timeseries

# Every series carries `job`; filtering on it works for HTTP, database and task panels alike.
JOB = 'job=~"$job"'

SYSTEM_HEALTH = Dashboard(
    folder="Platform",
    board=dashboard(
        title="System Health & Performance",
        uid="system-health",
        description="HTTP traffic and latency, database pools and queries, task queues.",
        tags=["ai-platform", "system"],
        variables=[query_variable("job", "label_values(http_requests_total, job)", "Job")],
        panels=[
            G.RowPanel(title="HTTP"),
            timeseries(
                "HTTP request rate by route",
                [
                    target(f"sum by (route) (rate(http_requests_total{{{JOB}}}[$__rate_interval]))", "{{route}}"),
                ],
                "reqps",
                "Requests per second, by route.",
                stacked=True,
            ),
            timeseries(
                "HTTP latency p50 / p95",
                [
                    target(
                        f"histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{{{JOB}}}[$__rate_interval])))",
                        "p50",
                        "A",
                    ),
                    target(
                        f"histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{{{JOB}}}[$__rate_interval])))",
                        "p95",
                        "B",
                    ),
                ],
                "s",
                "Median and 95th percentile request latency.",
            ),
            timeseries(
                "HTTP 5xx ratio by route",
                [
                    target(
                        f'sum by (route) (rate(http_requests_total{{{JOB}, status_code=~"5.."}}[$__rate_interval]))'
                        f" / sum by (route) (rate(http_requests_total{{{JOB}}}[$__rate_interval]))",
                        "{{route}}",
                    ),
                ],
                "percentunit",
                "Server errors over all requests (alert threshold 5%).",
            ),
            G.RowPanel(title="Database"),
            timeseries(
                "DB connections in use",
                [
                    target(f"sum by (database, pool) (database_connections_active{{{JOB}}})", "{{database}}/{{pool}}"),
                ],
                "short",
                "Open connections per pool (alert threshold 80).",
            ),
            timeseries(
                "DB query p95 by operation",
                [
                    target(
                        f"histogram_quantile(0.95, sum by (le, operation) (rate(database_query_duration_seconds_bucket{{{JOB}}}[$__rate_interval])))",
                        "{{operation}}",
                    ),
                ],
                "s",
                "95th percentile query latency.",
            ),
            gauge(
                "DB pool saturation",
                f"max(database_connections_active{{{JOB}}}) / 100",
                "percentunit",
                "Busiest pool against its size of 100 connections.",
                thresholds=[G.Threshold("green", 0, 0.0), G.Threshold("orange", 1, 0.7), G.Threshold("red", 2, 0.9)],
            ),
            G.RowPanel(title="Tasks"),
            timeseries(
                "Task queue depth",
                [
                    target(f"sum by (queue_type, priority) (task_queue_depth{{{JOB}}})", "{{queue_type}} {{priority}}"),
                ],
                "short",
                "Tasks waiting, by queue and priority.",
            ),
            timeseries(
                "Task executions by status",
                [
                    target(f"sum by (status) (rate(task_executions_total{{{JOB}}}[$__rate_interval]))", "{{status}}"),
                ],
                "ops",
                "Task executions per second, by outcome.",
                stacked=True,
            ),
            timeseries(
                "Agent memory by agent namespace",
                [
                    target(
                        f"sum by (agent_namespace, agent_type) (agent_memory_usage_bytes{{{JOB}}})",
                        "{{agent_namespace}} {{agent_type}}",
                    ),
                ],
                "bytes",
                "Memory held by agents, per agent namespace (the application's, not the deployment's) and agent type.",
            ),
            timeseries(
                "Dependency resolution and context retrieval p95",
                [
                    target(
                        f"histogram_quantile(0.95, sum by (le) (rate(task_dependency_resolution_duration_seconds_bucket{{{JOB}}}[$__rate_interval])))",
                        "dependency resolution",
                        "A",
                    ),
                    target(
                        f"histogram_quantile(0.95, sum by (le) (rate(context_retrieval_duration_seconds_bucket{{{JOB}}}[$__rate_interval])))",
                        "context retrieval",
                        "B",
                    ),
                ],
                "s",
                "95th percentile of the steps before an agent can start.",
            ),
        ],
    ),
)
