"""Rendered dashboards validate against Grafana 11.6's own JSON schemas (tests/grafana_schemas.py):
every dashboard in out/, and a varied set built with the shipped helpers and grafanalib's panel
types, legacy ones included."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import REPO, write_project
from grafana_schemas import dashboard_problems, panel_types

from monitoring_codegen.model.loader import load_definitions
from monitoring_codegen.render import render_all

OUT_BOARDS = sorted((REPO / "out/grafana/dashboards").rglob("*.json"))


def _panels(board):
    for panel in board.get("panels") or []:
        yield panel
        yield from panel.get("panels") or []


def test_out_has_the_shipped_dashboards():
    assert len(OUT_BOARDS) >= 5


@pytest.mark.parametrize("path", OUT_BOARDS, ids=lambda p: p.stem)
def test_every_rendered_dashboard_in_out_validates(path):
    board = json.loads(path.read_text(encoding="utf-8"))
    assert list(_panels(board)), "nothing to validate"
    assert dashboard_problems(board) == []


@pytest.mark.parametrize("path", OUT_BOARDS, ids=lambda p: p.stem)
def test_stat_gauge_and_bar_gauge_values_are_coloured_and_say_nothing_odd(path):
    board = json.loads(path.read_text(encoding="utf-8"))
    for panel in _panels(board):
        if panel["type"] == "row":
            assert set(panel) <= {"collapsed", "gridPos", "id", "panels", "title", "type", "datasource", "repeat"}
            continue
        assert "maxDataPoints" not in panel, panel["title"]  # Grafana's default: one point per pixel
        defaults = panel["fieldConfig"]["defaults"]
        assert defaults.get("noValue") != "none", panel["title"]
        if panel["type"] in ("stat", "gauge", "bargauge"):
            steps = defaults["thresholds"]["steps"]
            assert steps and steps[0]["value"] is None and steps[0]["color"], panel["title"]
        if panel["type"] == "stat":
            # A sparkline needs a range query; an instant one gives one point.
            sparkline = panel["options"]["graphMode"] != "none"
            for t in panel["targets"]:
                assert t["range"] is sparkline and bool(t.get("instant")) is not sparkline, panel["title"]


# Faults the renderer used to write: the validator must see each of them.
FAULTS = {
    "axisSoftMin null": lambda b: _first(b, "timeseries")["fieldConfig"]["defaults"]["custom"].update(axisSoftMin=None),
    "row with panel keys": lambda b: _first(b, "row").update(maxDataPoints=100, targets=[]),
    "heatmap tooltip.show": lambda b: _first(b, "heatmap")["options"].update(tooltip={"show": True}),
    "gauge options on a bar gauge": lambda b: _first(b, "bargauge")["options"].update(showThresholdLabels=False),
    "table custom.displayMode": lambda b: _first(b, "table")["fieldConfig"]["defaults"]["custom"].update(
        displayMode="color-background"
    ),
    "empty threshold steps are fine, a base step without colour is not": lambda b: _first(b, "stat")["fieldConfig"][
        "defaults"
    ]["thresholds"].update(steps=[{"value": None}]),
    "unknown stat option": lambda b: _first(b, "stat")["options"].update(sparkline=True),
    "prometheus query with a legacy key": lambda b: _first(b, "stat")["targets"][0].update(step=10),
}


def _first(board, kind):
    return next(p for p in _panels(board) if p["type"] == kind)


@pytest.fixture(scope="module")
def all_kinds_board():
    """The first shipped panel of each kind on one board: a valid base for each fault."""
    boards = [json.loads(p.read_text(encoding="utf-8")) for p in OUT_BOARDS]
    merged = copy.deepcopy(boards[0])
    first: dict[str, dict] = {}
    for board in boards:
        for panel in board["panels"]:
            first.setdefault(panel["type"], panel)
    merged["panels"] = list(first.values())
    return merged


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_validator_reports_each_known_fault(all_kinds_board, fault):
    board = copy.deepcopy(all_kinds_board)
    assert dashboard_problems(board) == []
    FAULTS[fault](board)
    assert dashboard_problems(board), fault


VARIED = """
from grafanalib import core as G
from monitoring_codegen import Dashboard, Datasource
from ._panels import bargauge, dashboard, gauge, heatmap, piechart, query_variable, stat, table, target, timeseries

Datasource(name="Prometheus", type="prometheus", uid="prom-a", url="http://127.0.0.1:9090", is_default=True)
Datasource(name="Other", type="prometheus", uid="prom-b", url="http://127.0.0.1:9091")

T = [G.Target(expr="sum(rate(x_total[$__rate_interval]))", refId="A")]

HELPERS = Dashboard(folder="Varied", board=dashboard(
    title="Helpers", uid="helpers", tags=["b", "a"], description="every shipped helper",
    variables=[query_variable("job", "label_values(up, job)", "Job")],
    panels=[
        G.RowPanel(title="Numbers"),
        stat("S", 'sum(up{job=~"$job"})', "short", "d", thresholds=[G.Threshold("green", 0, 0.0), G.Threshold("red", 1, 5.0)]),
        stat("S2", 'sum(up{job=~"$job"})', "percentunit", colorMode="background", textMode="value_and_name"),
        gauge("G", 'avg(up{job=~"$job"})', "percentunit", min_=0, max_=1),
        bargauge("B", 'sum by (job) (up{job=~"$job"})', "{{job}}", "short"),
        piechart("P", 'sum by (job) (up{job=~"$job"})', "{{job}}", "short"),
        table("Tb", 'up{job=~"$job"}', "bool_on_off"),
        G.RowPanel(title="Series", collapsed=True, panels=[
            timeseries("TS", [target('sum(up{job=~"$job"})', "up")], "short", stacked=True),
            heatmap("H", 'sum by (le) (increase(h_bucket{job=~"$job"}[$__rate_interval]))', "s"),
        ]),
    ],
))

PANEL_TYPES = Dashboard(folder="Varied", datasource="Other", board=G.Dashboard(
    title="Panel types", uid="panel-types", sharedCrosshair=True,
    templating=G.Templating(list=[
        G.Template(name="job", query="label_values(up, job)", dataSource="Other", includeAll=True, multi=True),
        G.Template(name="window", query="1m,5m,1h", type="interval", auto=True),
        G.Template(name="env", query="dev,prod", type="custom", default="dev"),
    ]),
    panels=[
        G.TimeSeries(title="log axis", targets=T, unit="s", scaleDistributionType="log", scaleDistributionLog=10,
                     axisSoftMin=0, axisSoftMax=10, valueMin=0, valueDecimals=2, lineInterpolation="smooth",
                     stacking={"mode": "percent", "group": "A"}, thresholdsStyleMode="line",
                     thresholds=[G.Threshold("green", 0, 0.0), G.Threshold("red", 1, 80.0)], maxDataPoints=500,
                     legendPlacement="right", legendDisplayMode="table", legendCalcs=["max"], tooltipSort="desc",
                     overrides=[{"matcher": {"id": "byName", "options": "a"},
                                 "properties": [{"id": "custom.axisPlacement", "value": "right"}]}]),
        G.Stat(title="stat mapped", targets=T, format="ops", colorMode="background", graphMode="none", decimals=1,
               noValue="no data", reduceCalc="max", mappings=[G.StatValueMappings(G.StatValueMappingItem("up", "1", "green"))]),
        G.GaugePanel(title="gauge", targets=T, format="percent", label="Used", thresholdLabels=True,
                     calc="max", limit=5, allValues=True, decimals=1),
        G.BarGauge(title="bars", targets=T, format="short", displayMode="lcd", orientation="vertical",
                   label="Per job", limit=10, allValues=True),
        G.PieChartv2(title="pie", targets=T, pieType="pie", legendValues=["percent"], tooltipMode="multi"),
        G.Table(title="table lcd", targets=T, displayMode="lcd-gauge", filterable=True, align="left",
                sortBy=[G.TableSortByField(displayName="Value", desc=True)]),
        G.Table(title="table colour", targets=T, displayMode="color-background-solid"),
        G.Table(title="table text", targets=T, displayMode="color-text", colorMode="fixed"),
        G.Heatmap(title="heatmap calculated", targets=T, legend={"show": True}, hideZeroBuckets=True,
                  color=G.HeatmapColor(mode="opacity", colorScale="linear", cardColor="#ff0000", min=0, max=10),
                  cards={"cardPadding": 2, "cardRound": 3}, reverseYBuckets=True, yBucketBound="upper",
                  yAxis=G.YAxis(format="s", decimals=1, min=0, max=10, logBase=2), xBucketSize="1m", yBucketNumber=10),
        G.Text(title="notes", content="# Notes", mode="markdown"),
        G.Logs(title="logs", dataSource="Loki", targets=[G.Target(expr='{job="x"}', refId="A")]),
        G.RowPanel(title="collapsed", collapsed=True, panels=[G.TimeSeries(title="inside", targets=T, unit="short")]),
    ],
))

LEGACY = Dashboard(folder="Varied", datasource_variable=False, board=G.Dashboard(
    title="Legacy", uid="legacy", rows=[
        G.Row(title="Old", panels=[
            G.Graph(title="graph", targets=T, stack=True, percentage=True, bars=True, lines=False, points=True,
                    yAxes=G.YAxes(left=G.YAxis(format="reqps", logBase=10, min=0)),
                    seriesOverrides=[{"alias": "/err/", "yaxis": 2, "color": "red", "dashes": True}],
                    aliasColors={"ok": "green"},
                    thresholds=[G.GraphThreshold(value=5.0, colorMode="critical")]),
            G.SingleStat(title="singlestat", targets=T, format="percentunit", thresholds="0.1,0.5",
                         colors=["green", "orange", "red"], sparkline=G.SparkLine(show=True), valueName="max",
                         colorBackground=True),
        ]),
    ],
))
"""

LOKI = """
from monitoring_codegen import Datasource
Datasource(name="Loki", type="loki", uid="loki", url="http://127.0.0.1:3100")
"""


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    root = write_project(
        tmp_path_factory.mktemp("varied"),
        {"_panels.py": (REPO / "definitions/_panels.py").read_text(), "boards.py": VARIED, "loki.py": LOKI},
    )
    model = load_definitions(root / "definitions", root)
    rendered = render_all(model)
    return {p: json.loads(c) for p, c in rendered.items() if p.startswith("grafana/dashboards/")}


def test_the_varied_set_covers_every_panel_type_it_means_to(varied):
    kinds = {p["type"] for board in varied.values() for p in _panels(board)}
    assert kinds >= {"row", "timeseries", "stat", "gauge", "bargauge", "piechart", "table", "heatmap", "text", "logs"}
    assert kinds - {"row"} <= panel_types()


@pytest.mark.parametrize("uid", ["helpers", "panel-types", "legacy"])
def test_varied_dashboards_validate(varied, uid):
    (board,) = [b for b in varied.values() if b["uid"] == uid]
    assert dashboard_problems(board) == []


def test_varied_settings_arrive_in_their_current_shape(varied):
    boards = {b["uid"]: b for b in varied.values()}
    panels = {p["title"]: p for p in _panels(boards["panel-types"])}
    assert panels["log axis"]["maxDataPoints"] == 500  # set by the user: kept
    assert panels["stat mapped"]["fieldConfig"]["defaults"]["noValue"] == "no data"
    assert panels["gauge"]["fieldConfig"]["defaults"]["displayName"] == "Used"
    assert panels["bars"]["fieldConfig"]["defaults"]["displayName"] == "Per job"
    assert panels["bars"]["options"]["reduceOptions"] == {"calcs": ["mean"], "fields": "", "values": True, "limit": 10}
    assert panels["table lcd"]["fieldConfig"]["defaults"]["custom"]["cellOptions"] == {"type": "gauge", "mode": "lcd"}
    assert panels["table colour"]["fieldConfig"]["defaults"]["custom"]["cellOptions"] == {
        "type": "color-background",
        "mode": "basic",
    }
    heat = panels["heatmap calculated"]["options"]
    assert heat["filterValues"] == {"le": 1e-9} and heat["legend"] == {"show": True}
    assert heat["calculation"] == {
        "xBuckets": {"mode": "size", "value": "1m"},
        "yBuckets": {"mode": "count", "value": "10"},
    }
    assert heat["yAxis"]["scaleDistribution"] == {"type": "log", "log": 2} and heat["yAxis"]["reverse"] is True
    assert heat["cellGap"] == 2 and heat["cellRadius"] == 3 and heat["color"]["mode"] == "opacity"
    # The pinned datasource of the board, and another datasource's panel, keep their uids.
    assert panels["log axis"]["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
    (ds_var,) = [v for v in boards["panel-types"]["templating"]["list"] if v["type"] == "datasource"]
    assert ds_var["current"]["value"] == "prom-b"
    assert panels["logs"]["datasource"] == {"type": "loki", "uid": "loki"}
    legacy = list(_panels(boards["legacy"]))
    assert {p["datasource"]["uid"] for p in legacy if p["type"] != "row"} == {"prom-a"}
    assert not [v for v in boards["legacy"]["templating"]["list"] if v["type"] == "datasource"]


def test_lint_reads_the_datasource_variable_like_grafana(tmp_path):
    """`${datasource}` in every panel: no unknown datasource, no unused variable, and every query
    still read as PromQL (as many as with the uid pinned), with and without definitions."""
    from conftest import run_mcg

    pinned = tmp_path / "pinned"
    pinned.mkdir()
    for path in OUT_BOARDS:
        text = path.read_text(encoding="utf-8").replace("${datasource}", "prometheus")
        (pinned / path.name).write_text(text, encoding="utf-8")
    for extra in ([], ["--no-definitions"]):
        result = run_mcg("lint", "--strict", "--format", "json", *extra, "out/grafana/dashboards", cwd=REPO)
        assert result.returncode == 0, result.stdout + result.stderr
        report = json.loads(result.stdout)
        assert not report["findings"], report["findings"]
        baseline = json.loads(run_mcg("lint", "--format", "json", *extra, str(pinned), cwd=REPO).stdout)
        assert report["summary"]["checked"]["queries"] == baseline["summary"]["checked"]["queries"] > 0
