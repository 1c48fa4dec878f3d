"""Panel and variable builders shared by the dashboards: one place for datasource, units
and the modern panel options, so every dashboard reads like a list of questions."""

from grafanalib import core as G

DATASOURCE = "Prometheus"


def target(expr: str, legend: str = "", ref: str = "A", **kwargs) -> G.Target:
    return G.Target(expr=expr, legendFormat=legend, refId=ref, **kwargs)


def timeseries(title: str, targets: list, unit: str, description: str = "", stacked: bool = False, **kwargs):
    return G.TimeSeries(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=targets,
        unit=unit,
        fillOpacity=20 if stacked else 10,
        stacking={"mode": "normal"} if stacked else {},
        legendDisplayMode="table",
        legendCalcs=["mean", "max", "lastNotNull"],
        tooltipMode="multi",
        **kwargs,
    )


def stat(title: str, expr: str, unit: str, description: str = "", thresholds=None, **kwargs):
    # A range query, so the sparkline under the value shows the trend; the value is its last point.
    return G.Stat(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=[target(expr)],
        format=unit,
        reduceCalc="lastNotNull",
        graphMode="area",
        thresholds=thresholds or [],
        **kwargs,
    )


def gauge(title: str, expr: str, unit: str, description: str = "", min_=0, max_=1, thresholds=None):
    return G.GaugePanel(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=[target(expr, instant=True)],
        format=unit,
        min=min_,
        max=max_,
        calc="lastNotNull",
        thresholds=thresholds or [],
    )


def bargauge(title: str, expr: str, legend: str, unit: str, description: str = "", thresholds=None):
    # One colour unless thresholds are given (grafanalib's default turns bars red above 80).
    return G.BarGauge(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=[target(expr, legend, instant=True)],
        format=unit,
        calc="lastNotNull",
        displayMode="gradient",
        orientation="horizontal",
        allValues=False,
        max=None,
        thresholds=thresholds or [G.Threshold("green", 0, 0.0)],
    )


def piechart(title: str, expr: str, legend: str, unit: str, description: str = ""):
    return G.PieChartv2(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=[target(expr, legend, instant=True)],
        unit=unit,
        pieType="donut",
        reduceOptionsCalcs=["lastNotNull"],
        legendDisplayMode="table",
        legendPlacement="right",
    )


def table(title: str, expr: str, unit: str, description: str = ""):
    return G.Table(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=[target(expr, format="table", instant=True)],
        unit=unit,
    )


def heatmap(title: str, expr: str, unit: str, description: str = ""):
    # Grafana 10's heatmap reads pre-bucketed Prometheus histograms when the target format
    # is "heatmap" and calculation is off (dataFormat="tsbuckets").
    return G.Heatmap(
        title=title,
        description=description,
        dataSource=DATASOURCE,
        targets=[target(expr, "{{le}}", format="heatmap")],
        dataFormat="tsbuckets",
        hideZeroBuckets=True,
        extraJson={
            "options": {
                "yAxis": {"unit": unit},
                "cellValues": {"unit": "short"},
                "color": {"mode": "scheme", "scheme": "Spectral", "steps": 64},
                "tooltip": {"mode": "single", "yHistogram": True},
            },
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        },
    )


def query_variable(name: str, query: str, label: str = "") -> G.Template:
    # allValue ".*" keeps `label=~"$var"` matching series whose label is empty too.
    return G.Template(
        name=name,
        label=label or name,
        query=query,
        dataSource=DATASOURCE,
        includeAll=True,
        multi=True,
        allValue=".*",
        refresh=2,
        sort=1,
    )


def dashboard(
    title: str,
    uid: str,
    panels: list,
    variables: list,
    tags: list,
    description: str = "",
    refresh: str = "30s",
    links: list | None = None,
) -> G.Dashboard:
    return G.Dashboard(
        links=links or [],
        title=title,
        uid=uid,
        description=description,
        tags=sorted(tags),
        panels=panels,
        templating=G.Templating(list=variables),
        timezone="browser",
        refresh=refresh,
        time=G.Time("now-6h", "now"),
        graphTooltip=1,
    )


def band_timeseries(title: str, detector, unit: str, description: str = "", legend: str = "", **kwargs):
    """A detector's value drawn inside its band: the area between the lower and the upper band
    is filled, the value and the baseline are lines. `detector` is an AnomalyDetector or the
    matchers of recorded detector series (`anomaly_name=~"$detector"`)."""
    from monitoring_codegen.anomaly.panels import band_queries_for

    queries = band_queries_for(detector if isinstance(detector, str) else detector.selector)
    legend = legend or ("" if isinstance(detector, str) else detector.legend())
    prefix = f"{legend} " if legend else ""
    targets = [
        target(queries["value"], f"{prefix}value", "A"),
        target(queries["baseline"], f"{prefix}baseline", "B"),
        target(queries["upper"], f"{prefix}upper band", "C"),
        target(queries["lower"], f"{prefix}lower band", "D"),
    ]
    overrides = [
        {
            "matcher": {"id": "byFrameRefID", "options": "C"},
            "properties": [
                {"id": "custom.fillBelowTo", "value": f"{prefix}lower band"},
                {"id": "custom.lineWidth", "value": 0},
                {"id": "custom.fillOpacity", "value": 20},
            ],
        },
        {
            "matcher": {"id": "byFrameRefID", "options": "D"},
            "properties": [{"id": "custom.lineWidth", "value": 0}],
        },
        {
            "matcher": {"id": "byFrameRefID", "options": "B"},
            "properties": [{"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [10, 10]}}],
        },
    ]
    return timeseries(title, targets, unit, description, overrides=overrides, **kwargs)


def period_over_period(title: str, expr: str, legend: str, unit: str, description: str = "", ratio: bool = True):
    """Now against a day and a week ago: as a ratio (1 = the same) or as a difference."""
    from monitoring_codegen.anomaly.panels import period_over_period as compare

    key = "ratio" if ratio else "delta"
    day, week = compare(expr, "1d")[key], compare(expr, "1w")[key]
    return timeseries(
        title,
        [target(day, f"{legend} vs a day ago", "A"), target(week, f"{legend} vs a week ago", "B")],
        "percentunit" if ratio else unit,
        description,
    )


# --- links between dashboards and to the runbooks ---------------------------------------------
# Where out/docs/ is published: the same URL as [tool.mcg] docs_url in pyproject.toml.
DOCS_URL = "https://docs.agents.example.com/monitoring"


def dashboard_links(*uids_and_titles: tuple[str, str], runbooks: bool = True) -> list[G.DashboardLink]:
    """Links in the dashboard's header: other dashboards (time range and variables kept) and the runbooks."""
    links = [
        G.DashboardLink(title=title, type="link", uri=f"/d/{uid}", keepTime=True, includeVars=True, icon="dashboard")
        for uid, title in uids_and_titles
    ]
    if runbooks:
        links.append(
            G.DashboardLink(
                title="Runbooks", type="link", uri=f"{DOCS_URL}/alerts/index.html", targetBlank=True, icon="doc"
            )
        )
    return links


def data_link(title: str, url: str) -> dict:
    """A link in a panel's header, e.g. a drill-down to another dashboard or a runbook.

    Grafana reads `title`, `url` and `targetBlank`; its schema types panel links as dashboard
    links, so the rest of that shape is written too (the values Grafana would assume)."""
    external = url.startswith(("http://", "https://"))
    return {
        "asDropdown": False,
        "icon": "external link",
        "includeVars": False,
        "keepTime": False,
        "tags": [],
        "targetBlank": external,
        "title": title,
        "tooltip": "",
        "type": "link",
        "url": url,
    }
