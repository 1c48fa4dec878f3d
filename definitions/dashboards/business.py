"""Business Metrics & KPIs: usage, outcomes and unit economics."""

from grafanalib import core as G

from monitoring_codegen import Dashboard

from .._panels import bargauge, dashboard, gauge, piechart, query_variable, stat, target, timeseries

# Every KPI series carries `job`: the one filter that applies to every panel here.
JOB = 'job=~"$job"'

BUSINESS = Dashboard(
    folder="Business",
    board=dashboard(
        title="Business Metrics & KPIs",
        uid="business-kpis",
        description="Active sessions, feature adoption, success rate and cost per operation.",
        tags=["ai-platform", "business"],
        variables=[query_variable("job", "label_values(feature_usage_total, job)", "Job")],
        panels=[
            stat("Active sessions", f"sum(user_sessions_active{{{JOB}}})", "short", "Signed-in user sessions now."),
            stat(
                "Cost per operation",
                f"sum(rate(agent_cost_total{{{JOB}}}[$__rate_interval]))"
                f" / sum(rate(agent_operations_total{{{JOB}}}[$__rate_interval]))",
                "currencyUSD",
                "Average spend of one agent operation.",
            ),
            gauge(
                "Operation success rate",
                f'sum(rate(agent_operations_total{{{JOB}, status="success"}}[$__rate_interval]))'
                f" / sum(rate(agent_operations_total{{{JOB}}}[$__rate_interval]))",
                "percentunit",
                "Share of agent operations that succeeded.",
                thresholds=[G.Threshold("red", 0, 0.0), G.Threshold("orange", 1, 0.9), G.Threshold("green", 2, 0.97)],
            ),
            stat(
                "Task success rate",
                f'sum(rate(task_executions_total{{{JOB}, status="success"}}[$__rate_interval]))'
                f" / sum(rate(task_executions_total{{{JOB}}}[$__rate_interval]))",
                "percentunit",
                "Share of tasks that completed.",
            ),
            bargauge(
                "Feature usage (last 24h)",
                f"sort_desc(sum by (feature) (increase(feature_usage_total{{{JOB}}}[1d])))",
                "{{feature}}",
                "short",
                "Invocations per feature over the last day.",
            ),
            piechart(
                "Feature usage by user type",
                f"sum by (user_type) (increase(feature_usage_total{{{JOB}}}[1d]))",
                "{{user_type}}",
                "short",
                "Who uses the product.",
            ),
            timeseries(
                "Feature usage rate",
                [
                    target(f"sum by (feature) (rate(feature_usage_total{{{JOB}}}[$__rate_interval]))", "{{feature}}"),
                ],
                "ops",
                "Feature invocations per second.",
                stacked=True,
            ),
            timeseries(
                "Active sessions",
                [
                    target(f"sum(user_sessions_active{{{JOB}}})", "sessions"),
                ],
                "short",
                "Signed-in sessions over time (alert below 10).",
            ),
        ],
    ),
)
