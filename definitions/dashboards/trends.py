"""Trends and anomalies: values inside their recorded bands, today against yesterday and last
week, and the forecasts of queue depth and monthly spend."""

from monitoring_codegen import Dashboard

from .._panels import band_timeseries, dashboard, period_over_period, stat, target, timeseries
from ..anomalies import AGENT_ERRORS, LLM_COST, LLM_MONTHLY_SPEND, TASK_QUEUE, TOKEN_USAGE

TRENDS = Dashboard(
    folder="AI Agents",
    board=dashboard(
        title="Trends and anomalies",
        uid="trends-anomalies",
        description=(
            "Recorded baselines and bands (prometheus/rules/anomaly-*.yaml): a value outside the shaded band "
            "is an anomaly. Bands need a day of history before they mean anything."
        ),
        tags=["ai-platform", "anomalies", "capacity"],
        variables=[],
        panels=[
            stat(
                "Detectors outside their band",
                "count(abs(anomaly:level:bands) > 1) or vector(0)",
                "short",
                "Detector series whose level is beyond one band width now.",
            ),
            stat(
                "Projected LLM spend this month",
                LLM_MONTHLY_SPEND.series("forecast:spend:month_projected"),
                "currencyUSD",
                f"At the last {LLM_MONTHLY_SPEND.lookback}'s pace; the budget is {LLM_MONTHLY_SPEND.budget:g} USD.",
            ),
            band_timeseries("Token usage in its band", TOKEN_USAGE, "short", "Tokens per second against yesterday."),
            band_timeseries("LLM cost in its band", LLM_COST, "currencyUSD", "Spend per second, median and MAD."),
            band_timeseries("Agent errors in their band", AGENT_ERRORS, "short", "Failed operations per second."),
            timeseries(
                "Anomaly level",
                [target("anomaly:level:bands", "{{anomaly_name}} {{provider}}{{agent_type}}")],
                "short",
                "Distance from the baseline in band widths: beyond +/-1 is outside the band.",
            ),
            period_over_period(
                "Token usage vs a day and a week ago",
                TOKEN_USAGE.series("anomaly:value:current"),
                "{{provider}}",
                "short",
                "Tokens per second now over the same time a day and a week ago.",
            ),
            period_over_period(
                "LLM spend vs a day and a week ago",
                f"sum({LLM_COST.series('anomaly:value:current')})",
                "spend",
                "currencyUSD",
                "Change in spend per second against a day and a week ago.",
                ratio=False,
            ),
            timeseries(
                "Task queue depth and its forecast",
                [
                    target(TASK_QUEUE.series("forecast:usage:current"), "{{queue_type}} now", "A"),
                    target(
                        TASK_QUEUE.series("forecast:usage:predicted"),
                        f"{{{{queue_type}}}} in {TASK_QUEUE.horizon}",
                        "B",
                    ),
                ],
                "short",
                f"predict_linear over {TASK_QUEUE.lookback}; capacity {TASK_QUEUE.capacity:g}.",
            ),
        ],
    ),
)
