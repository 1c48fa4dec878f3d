"""Environments. `dev` scrapes fast and alerts early; `prod` runs an HA pair with longer
`for` durations and production thresholds."""

from monitoring_codegen import AlertOverride, Environment

DEV = Environment(
    name="dev",
    scrape_interval="15s",
    evaluation_interval="15s",
    external_labels={"cluster": "dev", "environment": "dev"},
    retention_time="2d",
    alert_overrides={
        # Dev traffic is thin: a few failures are a large share; alert later, react sooner.
        "HighAgentErrorRate": AlertOverride(params={"threshold": 0.25}, for_="2m"),
        "HighOperationalCost": AlertOverride(params={"dollars_per_hour": 5}),
        "LowUserEngagement": AlertOverride(params={"sessions": 0}),
    },
)

PROD = Environment(
    name="prod",
    scrape_interval="30s",
    evaluation_interval="30s",
    external_labels={"cluster": "prod-eu-1", "environment": "prod"},
    replicas=2,
    retention_time="30d",
    retention_size="200GB",
    alert_overrides={
        "HighAgentErrorRate": AlertOverride(params={"threshold": 0.05}, for_="10m"),
        "HighHTTPErrorRate": AlertOverride(params={"threshold": 0.02}, for_="10m"),
        "HighOperationalCost": AlertOverride(params={"dollars_per_hour": 200}, labels={"team": "finops"}),
        "DatabaseConnectionsHigh": AlertOverride(params={"connections": 160}),
    },
)
