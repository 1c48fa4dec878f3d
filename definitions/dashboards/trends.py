"""Trends and anomalies: each detector's value inside its recorded band (one panel per
detector chosen), how far outside the bands they are, and today against yesterday and last
week. The rules are in prometheus/rules/anomaly-*.yaml (definitions/anomalies.py)."""

from grafanalib.core import Repeat

from monitoring_codegen import Dashboard

from .._panels import band_timeseries, dashboard, period_over_period, query_variable, stat, target, timeseries

SEL = 'anomaly_name=~"$detector"'

TRENDS = Dashboard(
    folder="AI Agents",
    board=dashboard(
        title="Trends and anomalies",
        uid="trends-anomalies",
        description=(
            "Recorded baselines and bands: a value outside the shaded band is an anomaly. "
            "Bands need a full season of history (a day for daily seasonality) before they mean anything."
        ),
        tags=["ai-platform", "anomalies"],
        variables=[query_variable("detector", "label_values(anomaly:level:bands, anomaly_name)", "Detector")],
        panels=[
            stat(
                "Series outside their band",
                f"count(abs(anomaly:level:bands{{{SEL}}}) > 1) or vector(0)",
                "short",
                "Detector series whose level is beyond one band width now.",
            ),
            timeseries(
                "Anomaly level",
                [target(f"anomaly:level:bands{{{SEL}}}", "{{anomaly_name}} {{provider}}{{agent_type}}")],
                "short",
                "Distance from the baseline in band widths: beyond +1 or -1 is outside the band.",
            ),
            band_timeseries(
                "$detector in its band",
                SEL,
                "short",
                "The value, its baseline (dashed) and the band (shaded).",
                legend="{{provider}}{{agent_type}}",
                repeat=Repeat(direction="h", variable="detector", maxPerRow=2),
            ),
            period_over_period(
                "Now vs a day and a week ago",
                f"anomaly:value:current{{{SEL}}}",
                "{{anomaly_name}} {{provider}}{{agent_type}}",
                "short",
                "The watched value now over the same time a day and a week ago (1 = the same).",
            ),
            period_over_period(
                "Change since a day and a week ago",
                f"sum by (anomaly_name) (anomaly:value:current{{{SEL}}})",
                "{{anomaly_name}}",
                "short",
                "The watched value now minus the same time a day and a week ago.",
                ratio=False,
            ),
        ],
    ),
)

FSEL = 'forecast_name=~"$forecast"'

# The forecasts carry forecast_name, not anomaly_name: a board of their own, filtered on it.
FORECASTS = Dashboard(
    folder="AI Agents",
    board=dashboard(
        title="Capacity and spend forecasts",
        uid="forecasts",
        description=(
            "predict_linear projections of the task queues and the month's LLM spend at the current pace "
            "(prometheus/rules/forecast-*.yaml, definitions/anomalies.py); the alerts fire before the limit is reached."
        ),
        tags=["ai-platform", "forecasts"],
        variables=[query_variable("forecast", "label_values(forecast_name)", "Forecast")],
        panels=[
            stat(
                "Forecast alerts firing",
                f'count(ALERTS{{alertstate="firing", {FSEL}}}) or vector(0)',
                "short",
                "Forecast alerts firing now: a queue that will fill within its horizon, spend over budget.",
            ),
            stat(
                "Projected spend this month",
                f"sum(forecast:spend:month_projected{{{FSEL}}})",
                "currencyUSD",
                "The month's LLM spend at the last day's pace (rate of the cost counter x days in the month).",
            ),
            timeseries(
                "Queue depth now and at the horizon",
                [
                    target(f"forecast:usage:current{{{FSEL}}}", "{{queue_type}} now"),
                    target(f"forecast:usage:predicted{{{FSEL}}}", "{{queue_type}} projected"),
                ],
                "short",
                "Tasks waiting per queue, and where predict_linear puts them at the forecast's horizon.",
            ),
            timeseries(
                "Projected monthly spend",
                [target(f"forecast:spend:month_projected{{{FSEL}}}", "{{forecast_name}}")],
                "currencyUSD",
                "The projection over time: a rising line is spend accelerating.",
            ),
        ],
    ),
)
