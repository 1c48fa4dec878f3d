"""Alerts, with the promtool tests that prove they fire (and stay silent) as intended.

`mcg build` writes out/prometheus/rules/<file>.yaml and out/prometheus/tests/<file>.yaml;
`mcg test` runs every test with the real promtool and reports failures at the test's line.
"""

from monitoring_codegen import AlertRule, AlertTest, Firing, RuleGroup

# Input series in promtool notation: `0+6x20` starts at 0 and adds 6 per minute for 20 more
# samples. Whole-number increments give exact rates (6 per minute = 0.1/s).
REQUESTS = 'http_requests_total{job="api", method="GET", route="/orders", status_code="%s"}'

HTTP_ALERTS = RuleGroup(
    name="http",
    rules=[
        AlertRule(
            alert="HTTPHighErrorRate",
            # Both sides aggregate by the same labels: errors over all requests of a route.
            expr='sum by (job, route) (rate(http_requests_total{status_code=~"5.."}[5m]))\n'
            "/\n"
            "sum by (job, route) (rate(http_requests_total[5m]))\n"
            "> {{ threshold }}",
            # Environments may override params (see Environment in the mcg README).
            params={"threshold": 0.05},
            for_="10m",
            labels={"severity": "critical"},
            annotations={
                "summary": "{{ $labels.job }} {{ $labels.route }}: {{ $value | humanizePercentage }} of requests fail",
                "description": "More than 5% of the requests to {{ $labels.route }} were answered with a 5xx "
                "status over the last 5 minutes.",
                "runbook_url": "https://runbooks.example.com/alerts/httphigherrorrate",
            },
            tests=[
                AlertTest(
                    "a tenth of the requests fail",
                    series={REQUESTS % "500": "0+6x20", REQUESTS % "200": "0+54x20"},
                    at="15m",
                    fires=[Firing({"job": "api", "route": "/orders"}, value=0.1)],
                ),
                AlertTest(
                    "2% errors stay below the threshold",
                    series={REQUESTS % "500": "0+1x20", REQUESTS % "200": "0+49x20"},
                    at="15m",
                    fires=False,
                ),
            ],
        ),
    ],
)
