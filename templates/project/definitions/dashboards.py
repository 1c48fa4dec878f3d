"""Dashboards: a grafanalib Dashboard (or dashboard JSON as a dict) in a Grafana folder.

`mcg build` writes out/grafana/dashboards/<folder>/<uid>.json for Grafana 10/11: datasources
by uid, panels laid out in rows of two. Units come from the catalog, so a panel and the
metric it shows cannot disagree.
"""

from grafanalib import core as G

from monitoring_codegen import Dashboard

from .catalog import HTTP_REQUEST_DURATION
from .datasources import PROMETHEUS

# Every query filters on the dashboard's variables; `mcg lint` reports a variable nothing uses.
SELECTOR = 'job=~"$job", route=~"$route"'


def timeseries(title: str, expr: str, legend: str, unit: str, description: str) -> G.TimeSeries:
    return G.TimeSeries(
        title=title,
        description=description,
        dataSource=PROMETHEUS.name,
        targets=[G.Target(expr=expr, legendFormat=legend, refId="A")],
        unit=unit,
        tooltipMode="multi",
    )


def variable(name: str, query: str) -> G.Template:
    # allValue ".*" keeps `label=~"$var"` matching every series when "All" is selected.
    return G.Template(
        name=name,
        query=query,
        dataSource=PROMETHEUS.name,
        includeAll=True,
        multi=True,
        allValue=".*",
        refresh=2,
        sort=1,
    )


SERVICE = Dashboard(
    folder="Services",
    board=G.Dashboard(
        title="Service overview",
        uid="service-overview",
        description="Traffic, errors and latency of the HTTP services in the catalog.",
        tags=["http"],
        timezone="browser",
        time=G.Time("now-6h", "now"),
        refresh="30s",
        templating=G.Templating(
            list=[
                variable("job", "label_values(http_requests_total, job)"),
                variable("route", 'label_values(http_requests_total{job=~"$job"}, route)'),
            ]
        ),
        panels=[
            timeseries(
                "Requests / s by route",
                f"sum by (route) (rate(http_requests_total{{{SELECTOR}}}[$__rate_interval]))",
                "{{route}}",
                "reqps",
                "Requests served per second.",
            ),
            timeseries(
                "Error ratio by route",
                f'sum by (route) (rate(http_requests_total{{{SELECTOR}, status_code=~"5.."}}[$__rate_interval]))\n'
                f"/\nsum by (route) (rate(http_requests_total{{{SELECTOR}}}[$__rate_interval]))",
                "{{route}}",
                "percentunit",
                "Share of requests answered with a 5xx status (the HTTPHighErrorRate alert watches it).",
            ),
            timeseries(
                "Latency p95 by route",
                "histogram_quantile(0.95, sum by (le, route) "
                f"(rate(http_request_duration_seconds_bucket{{{SELECTOR}}}[$__rate_interval])))",
                "{{route}}",
                HTTP_REQUEST_DURATION.grafana_unit,
                "95th percentile request latency.",
            ),
        ],
    ),
)
