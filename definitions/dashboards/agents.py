"""AI Agent Overview: is the agent fleet healthy, fast and affordable right now?"""

from grafanalib import core as G

from monitoring_codegen import Dashboard

from .._panels import dashboard, heatmap, query_variable, stat, target, timeseries

# Every panel filters on both variables.
SEL = 'agent_type=~"$agent_type", provider=~"$provider"'

AGENT_OVERVIEW = Dashboard(
    folder="AI Agents",
    board=dashboard(
        title="AI Agent Overview",
        uid="ai-agent-overview",
        description="Agent fleet: activity, outcomes, latency, tokens and cost.",
        tags=["agents", "ai-platform"],
        variables=[
            query_variable("agent_type", "label_values(agent_operations_total, agent_type)", "Agent type"),
            query_variable(
                "provider", 'label_values(agent_operations_total{agent_type=~"$agent_type"}, provider)', "Provider"
            ),
        ],
        panels=[
            G.RowPanel(title="Activity"),
            stat("Active agents", f"sum(agents_active{{{SEL}}})", "short", "Agents running now."),
            stat(
                "Operations / s",
                f"sum(rate(agent_operations_total{{{SEL}}}[$__rate_interval]))",
                "ops",
                "All agent operations per second.",
            ),
            stat(
                "Success rate",
                f'sum(rate(agent_operations_total{{{SEL}, status="success"}}[$__rate_interval]))'
                f" / sum(rate(agent_operations_total{{{SEL}}}[$__rate_interval]))",
                "percentunit",
                "Share of operations that succeeded.",
            ),
            stat(
                "Cost / hour",
                f"sum(rate(agent_cost_total{{{SEL}}}[$__rate_interval])) * 3600",
                "currencyUSD",
                "Current spend rate of the selected agents.",
            ),
            timeseries(
                "Operations rate by operation",
                [
                    target(
                        f"sum by (operation) (rate(agent_operations_total{{{SEL}}}[$__rate_interval]))", "{{operation}}"
                    ),
                ],
                "ops",
                "Operations per second, by kind of operation.",
                stacked=True,
            ),
            timeseries(
                "Error ratio by agent type",
                [
                    target(
                        f'sum by (agent_type) (rate(agent_operations_total{{{SEL}, status="error"}}[$__rate_interval]))'
                        f" / sum by (agent_type) (rate(agent_operations_total{{{SEL}}}[$__rate_interval]))",
                        "{{agent_type}}",
                    ),
                ],
                "percentunit",
                "Errors over all operations, per agent type (alert threshold 10%).",
            ),
            G.RowPanel(title="Latency"),
            heatmap(
                "Execution duration",
                f"sum by (le) (increase(agent_execution_duration_seconds_bucket{{{SEL}}}[$__rate_interval]))",
                "s",
                "Distribution of agent execution time.",
            ),
            timeseries(
                "Execution duration p50 / p95",
                [
                    target(
                        f"histogram_quantile(0.5, sum by (le) (rate(agent_execution_duration_seconds_bucket{{{SEL}}}[$__rate_interval])))",
                        "p50",
                        "A",
                    ),
                    target(
                        f"histogram_quantile(0.95, sum by (le) (rate(agent_execution_duration_seconds_bucket{{{SEL}}}[$__rate_interval])))",
                        "p95",
                        "B",
                    ),
                ],
                "s",
                "Median and 95th percentile execution time.",
            ),
            G.RowPanel(title="Tokens and cost"),
            timeseries(
                "Token usage by provider",
                [
                    target(
                        f"sum by (provider, token_type) (rate(agent_token_usage_total{{{SEL}}}[$__rate_interval]))",
                        "{{provider}} {{token_type}}",
                    ),
                ],
                "short",
                "Tokens per second, by provider and token type.",
                stacked=True,
            ),
            timeseries(
                "Cost per hour by provider",
                [
                    target(
                        f"sum by (provider) (rate(agent_cost_total{{{SEL}}}[$__rate_interval])) * 3600", "{{provider}}"
                    ),
                ],
                "currencyUSD",
                "Spend rate in USD per hour.",
                stacked=True,
            ),
        ],
    ),
)
