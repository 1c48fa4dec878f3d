"""The metric catalog: every metric your services expose, with its type, labels and unit.

`mcg lint` checks every query against it offline (is this a counter, does this label exist),
and `mcg build` writes out/instrumentation/metrics.py, typed helpers that expose exactly these
metrics from a Python service. Prometheus adds the target labels `job` and `instance`.
"""

from monitoring_codegen import Metric

HTTP_REQUESTS = Metric(
    name="http_requests_total",
    type="counter",
    help="HTTP requests served, by route and status code.",
    labels=("method", "route", "status_code"),
)
HTTP_REQUEST_DURATION = Metric(
    name="http_request_duration_seconds",
    type="histogram",
    unit="seconds",
    grafana_unit="s",
    help="Time to serve an HTTP request.",
    labels=("method", "route"),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
