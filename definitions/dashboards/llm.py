"""LLM: latency, reliability, tokens, cost and answer quality per provider and model."""

from monitoring_codegen import Dashboard

from .._panels import dashboard, query_variable, stat, table, target, timeseries

SEL = 'provider=~"$provider", model=~"$model"'

LLM = Dashboard(
    folder="AI Agents",
    board=dashboard(
        title="LLM Performance & Cost",
        uid="llm-overview",
        description="Requests to LLM providers: latency, errors, tokens, spend and hallucination flags.",
        tags=["ai-platform", "llm"],
        variables=[
            query_variable("provider", "label_values(llm_requests_total, provider)", "Provider"),
            query_variable("model", 'label_values(llm_requests_total{provider=~"$provider"}, model)', "Model"),
        ],
        panels=[
            stat("Requests / s", f"sum(rate(llm_requests_total{{{SEL}}}[$__rate_interval]))", "reqps"),
            stat(
                "p95 latency",
                f"histogram_quantile(0.95, sum by (le) (rate(llm_request_duration_seconds_bucket{{{SEL}}}[$__rate_interval])))",
                "s",
            ),
            stat("Spend / hour", f"sum(rate(llm_cost_dollars_total{{{SEL}}}[$__rate_interval])) * 3600", "currencyUSD"),
            stat(
                "Error ratio",
                f'sum(rate(llm_requests_total{{{SEL}, status="error"}}[$__rate_interval]))'
                f" / sum(rate(llm_requests_total{{{SEL}}}[$__rate_interval]))",
                "percentunit",
            ),
            timeseries(
                "Latency p50 / p95 by model",
                [
                    target(
                        f"histogram_quantile(0.5, sum by (le, model) (rate(llm_request_duration_seconds_bucket{{{SEL}}}[$__rate_interval])))",
                        "p50 {{model}}",
                        "A",
                    ),
                    target(
                        f"histogram_quantile(0.95, sum by (le, model) (rate(llm_request_duration_seconds_bucket{{{SEL}}}[$__rate_interval])))",
                        "p95 {{model}}",
                        "B",
                    ),
                ],
                "s",
                "Response time per model.",
            ),
            timeseries(
                "Requests by status",
                [
                    target(f"sum by (status) (rate(llm_requests_total{{{SEL}}}[$__rate_interval]))", "{{status}}"),
                ],
                "reqps",
                "Outcomes of LLM requests.",
                stacked=True,
            ),
            timeseries(
                "Tokens by model",
                [
                    target(
                        f"sum by (model, token_type) (rate(llm_tokens_total{{{SEL}}}[$__rate_interval]))",
                        "{{model}} {{token_type}}",
                    ),
                ],
                "short",
                "Tokens per second, prompt and completion.",
                stacked=True,
            ),
            timeseries(
                "Spend per hour by model",
                [
                    target(
                        f"sum by (model) (rate(llm_cost_dollars_total{{{SEL}}}[$__rate_interval])) * 3600", "{{model}}"
                    ),
                ],
                "currencyUSD",
                "USD per hour.",
                stacked=True,
            ),
            timeseries(
                "Hallucination flag ratio",
                [
                    target(
                        f"sum by (model) (rate(llm_hallucination_flags_total{{{SEL}}}[$__rate_interval]))"
                        f" / sum by (model) (rate(llm_requests_total{{{SEL}}}[$__rate_interval]))",
                        "{{model}}",
                    ),
                ],
                "percentunit",
                "Share of responses flagged by detectors (alert above 5%).",
            ),
            table(
                "Spend by provider and model (24h)",
                f"sort_desc(sum by (provider, model) (increase(llm_cost_dollars_total{{{SEL}}}[1d])))",
                "currencyUSD",
                "Where the money went over the last day.",
            ),
        ],
    ),
)
