"""Dashboard modernisation: legacy grafanalib output becomes current Grafana JSON."""

from __future__ import annotations

import json

import pytest
from conftest import write_project

from monitoring_codegen.errors import DefinitionErrors
from monitoring_codegen.model.loader import load_definitions
from monitoring_codegen.render import render_all

HEADER = """
from grafanalib import core as G
from monitoring_codegen import Dashboard, Datasource
DS = Datasource(name="Prom", type="prometheus", uid="prom-uid", url="http://127.0.0.1:9090")
"""


def render(tmp_path, body: str) -> dict[str, dict]:
    root = write_project(tmp_path / "p", {"boards.py": HEADER + body})
    model = load_definitions(root / "definitions", root)
    return {path: json.loads(content) for path, content in render_all(model).items() if path.endswith(".json")}


def rects(panels):
    return [(p["gridPos"]["x"], p["gridPos"]["y"], p["gridPos"]["w"], p["gridPos"]["h"]) for p in panels]


def assert_no_overlap(panels):
    boxes = rects(panels)
    for i, (ax, ay, aw, ah) in enumerate(boxes):
        assert 0 <= ax and ax + aw <= 24
        for bx, by, bw, bh in boxes[i + 1 :]:
            assert not (ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah), (boxes, i)


def test_legacy_rows_graph_and_singlestat_are_modernised(tmp_path):
    boards = render(
        tmp_path,
        """
D = Dashboard(board=G.Dashboard(title="Legacy", uid="legacy", sharedCrosshair=True, rows=[
    G.Row(title="Traffic", panels=[
        G.Graph(title="Requests", dataSource="Prom", stack=True,
                targets=[G.Target(expr="sum(rate(x_total[5m]))"), G.Target(expr="sum(rate(y_total[5m]))")],
                yAxes=G.YAxes(left=G.YAxis(format="reqps"))),
        G.SingleStat(title="Errors", format="percentunit", thresholds="0.01,0.05", targets=[G.Target(expr="e")]),
    ]),
]))
""",
    )
    board = boards["grafana/dashboards/legacy.json"]
    assert board["schemaVersion"] >= 36
    assert "rows" not in board and "sharedCrosshair" not in board
    assert board["graphTooltip"] == 1
    types = [p["type"] for p in board["panels"]]
    assert types == ["row", "timeseries", "stat"]
    graph, stat = board["panels"][1], board["panels"][2]
    assert graph["fieldConfig"]["defaults"]["unit"] == "reqps"
    assert graph["fieldConfig"]["defaults"]["custom"]["stacking"]["mode"] == "normal"
    assert "yaxes" not in graph and "legend" not in graph
    assert [t["refId"] for t in graph["targets"]] == ["A", "B"]
    assert stat["fieldConfig"]["defaults"]["unit"] == "percentunit"
    steps = stat["fieldConfig"]["defaults"]["thresholds"]["steps"]
    assert [s["value"] for s in steps] == [None, 0.01, 0.05]
    assert all(p["datasource"] == {"type": "prometheus", "uid": "${datasource}"} for p in board["panels"][1:])
    assert board["templating"]["list"][0]["current"]["value"] == "prom-uid"
    assert_no_overlap(board["panels"])


def test_auto_layout_flows_around_fixed_panels_and_keeps_given_ids(tmp_path):
    boards = render(
        tmp_path,
        """
D = Dashboard(board=G.Dashboard(title="Mixed", uid="mixed", panels=[
    G.TimeSeries(title="fixed", gridPos=G.GridPos(h=8, w=12, x=6, y=0), targets=[G.Target(expr="up")]),
    G.Stat(title="s1", targets=[G.Target(expr="up")]),
    G.Stat(title="s2", id=1, targets=[G.Target(expr="up")]),
    G.TimeSeries(title="t1", targets=[G.Target(expr="up")]),
    G.TimeSeries(title="t2", targets=[G.Target(expr="up")]),
    G.Table(title="wide", targets=[G.Target(expr="up")]),
]))
""",
    )
    panels = boards["grafana/dashboards/mixed.json"]["panels"]
    assert panels[0]["gridPos"] == {"h": 8, "w": 12, "x": 6, "y": 0}
    assert_no_overlap(panels)
    ids = [p["id"] for p in panels]
    assert ids[2] == 1 and len(set(ids)) == len(ids)


def test_duplicate_panel_ids_and_unknown_datasource_are_errors(tmp_path):
    with pytest.raises(DefinitionErrors) as info:
        render(
            tmp_path,
            """
D = Dashboard(board=G.Dashboard(title="Dup", uid="dup", panels=[
    G.Stat(title="a", id=3, targets=[G.Target(expr="up")]),
    G.Stat(title="b", id=3, targets=[G.Target(expr="up")]),
]))
E = Dashboard(board=G.Dashboard(title="Unknown DS", uid="unknown-ds", panels=[
    G.Stat(title="c", dataSource="Nope", targets=[G.Target(expr="up")]),
]))
""",
        )
    text = info.value.format()
    assert "both have id 3" in text
    assert "datasource 'Nope' is not declared" in text
    assert "definitions/boards.py:5" in text.replace(str(tmp_path / "p") + "/", "")


def test_overlapping_fixed_gridpos_is_an_error(tmp_path):
    with pytest.raises(DefinitionErrors) as info:
        render(
            tmp_path,
            """
D = Dashboard(board=G.Dashboard(title="Overlap", uid="overlap", panels=[
    G.Stat(title="a", gridPos=G.GridPos(h=4, w=12, x=0, y=0), targets=[G.Target(expr="up")]),
    G.Stat(title="b", gridPos=G.GridPos(h=4, w=12, x=6, y=2), targets=[G.Target(expr="up")]),
]))
""",
        )
    assert "overlaps" in info.value.format()


def test_plain_dict_dashboard_and_datasource_variable(tmp_path):
    boards = render(
        tmp_path,
        """
D = Dashboard(folder="Imported", board={
    "title": "From JSON", "uid": "from-json", "schemaVersion": 16,
    "templating": {"list": [{"name": "ds", "type": "datasource", "query": "prometheus"}]},
    "panels": [{"type": "timeseries", "title": "x", "datasource": "$ds",
                "targets": [{"expr": "up", "refId": "A"}]}],
})
""",
    )
    board = boards["grafana/dashboards/Imported/from-json.json"]
    assert board["schemaVersion"] >= 36
    assert board["panels"][0]["datasource"] == {"type": "prometheus", "uid": "$ds"}
    assert board["panels"][0]["gridPos"]["w"] > 0


def test_gauge_and_bargauge_settings_move_to_field_config(tmp_path):
    boards = render(
        tmp_path,
        """
D = Dashboard(board=G.Dashboard(title="Gauges", uid="gauges", panels=[
    G.GaugePanel(title="g", format="percentunit", min=0, max=1, calc="lastNotNull", targets=[G.Target(expr="up")],
                 thresholds=[G.Threshold("green", 0, 0.0), G.Threshold("red", 1, 0.9)]),
    G.BarGauge(title="b", format="s", calc="max", targets=[G.Target(expr="up")]),
]))
""",
    )
    gauge, bar = boards["grafana/dashboards/gauges.json"]["panels"]
    for panel in (gauge, bar):
        defaults = panel["fieldConfig"]["defaults"]
        steps = defaults["thresholds"]["steps"]
        assert steps[0] == {"color": "green", "value": None}
        assert all(set(step) == {"color", "value"} for step in steps)
        assert "fieldOptions" not in panel.get("options", {})
        assert "calcs" not in defaults and "override" not in defaults
        assert panel["fieldConfig"]["overrides"] == []
    assert gauge["fieldConfig"]["defaults"]["unit"] == "percentunit"
    assert gauge["options"]["reduceOptions"]["calcs"] == ["lastNotNull"]
    assert bar["fieldConfig"]["defaults"]["unit"] == "s"
    assert bar["options"]["reduceOptions"]["calcs"] == ["max"]


DATASOURCES = """
Other = Datasource(name="Secondary", type="prometheus", uid="prom-other", url="http://127.0.0.1:9091")
Loki = Datasource(name="Loki", type="loki", uid="loki", url="http://127.0.0.1:3100")
T = [G.Target(expr="sum(up)", refId="A")]
V = G.Templating(list=[G.Template(name="job", query="label_values(up, job)", dataSource="Prom")])
"""


def _datasource_variables(board):
    return [v for v in board["templating"]["list"] if v["type"] == "datasource"]


def test_panels_and_query_variables_read_the_datasource_variable(tmp_path):
    boards = render(
        tmp_path,
        DATASOURCES
        + """
D = Dashboard(board=G.Dashboard(title="d", uid="d", templating=V, panels=[
    G.TimeSeries(title="default", targets=T),
    G.TimeSeries(title="by name", dataSource="Prom", targets=T),
    G.TimeSeries(title="other", dataSource="Secondary", targets=T),
    G.Logs(title="logs", dataSource="Loki", targets=[G.Target(expr='{job="x"}', refId="A")]),
]))
""",
    )
    board = boards["grafana/dashboards/d.json"]
    (variable,) = _datasource_variables(board)
    assert board["templating"]["list"][0] is not None and board["templating"]["list"][0]["name"] == "datasource"
    assert variable["query"] == "prometheus" and variable["current"]["value"] == "prom-uid"
    refs = {p["title"]: p["datasource"] for p in board["panels"]}
    assert refs["default"] == refs["by name"] == {"type": "prometheus", "uid": "${datasource}"}
    assert refs["other"] == {"type": "prometheus", "uid": "prom-other"}  # another Prometheus stays pinned
    assert refs["logs"] == {"type": "loki", "uid": "loki"}
    job = next(v for v in board["templating"]["list"] if v["name"] == "job")
    assert job["datasource"] == {"type": "prometheus", "uid": "${datasource}"}


def test_a_dashboard_opts_out_or_pins_another_prometheus(tmp_path):
    boards = render(
        tmp_path,
        DATASOURCES
        + """
OFF = Dashboard(datasource_variable=False, board=G.Dashboard(title="off", uid="off", templating=V,
                panels=[G.TimeSeries(title="p", targets=T)]))
PINNED = Dashboard(datasource_variable=False, datasource="Secondary", board=G.Dashboard(title="pinned", uid="pinned",
                   panels=[G.TimeSeries(title="p", targets=T)]))
STARTS = Dashboard(datasource="prom-other", board=G.Dashboard(title="starts", uid="starts",
                   panels=[G.TimeSeries(title="p", targets=T)]))
TEXT = Dashboard(board=G.Dashboard(title="text", uid="text", panels=[G.Text(title="t", content="hi")]))
""",
    )
    off = boards["grafana/dashboards/off.json"]
    assert not _datasource_variables(off)
    assert off["panels"][0]["datasource"] == {"type": "prometheus", "uid": "prom-uid"}
    assert off["templating"]["list"][0]["datasource"] == {"type": "prometheus", "uid": "prom-uid"}
    pinned = boards["grafana/dashboards/pinned.json"]
    assert pinned["panels"][0]["datasource"] == {"type": "prometheus", "uid": "prom-other"}
    starts = boards["grafana/dashboards/starts.json"]
    assert _datasource_variables(starts)[0]["current"] == {
        "selected": False,
        "text": "Secondary",
        "value": "prom-other",
    }
    assert starts["panels"][0]["datasource"]["uid"] == "${datasource}"
    assert not _datasource_variables(boards["grafana/dashboards/text.json"])  # nothing would use it


def test_an_own_datasource_variable_is_used_not_doubled(tmp_path):
    boards = render(
        tmp_path,
        """
D = Dashboard(board=G.Dashboard(title="d", uid="d", panels=[G.TimeSeries(title="p", targets=[G.Target(expr="up", refId="A")])],
    templating=G.Templating(list=[G.Template(name="ds", type="datasource", query="prometheus")])))
""",
    )
    board = boards["grafana/dashboards/d.json"]
    assert [v["name"] for v in _datasource_variables(board)] == ["ds"]
    assert board["panels"][0]["datasource"] == {"type": "prometheus", "uid": "${ds}"}


@pytest.mark.parametrize(
    "body, message",
    [
        ('D = Dashboard(datasource="Loki", board=G.Dashboard(title="d", uid="d", panels=[]))', "is a loki datasource"),
        (
            'D = Dashboard(datasource="nope", board=G.Dashboard(title="d", uid="d", panels=[]))',
            "'nope' is not declared",
        ),
        (
            'D = Dashboard(board=G.Dashboard(title="d", uid="d", panels=[G.TimeSeries(title="p", targets=T)],\n'
            '    templating=G.Templating(list=[G.Template(name="datasource", query="label_values(up, job)")])))',
            "datasource_variable=False",
        ),
    ],
)
def test_datasource_mistakes_are_errors_at_the_dashboard_line(tmp_path, body, message):
    with pytest.raises(DefinitionErrors) as caught:
        render(tmp_path, DATASOURCES + body + "\n")
    (error,) = caught.value.errors
    assert message in str(error)
    assert "definitions/boards.py:" in caught.value.format(tmp_path / "p")


def test_an_exports_prometheus_input_becomes_the_datasource_variable(tmp_path):
    """Grafana's export writes `${DS_PROMETHEUS}` and `__inputs`, filled in only on import."""
    boards = render(
        tmp_path,
        """
D = Dashboard(board={"title": "x", "uid": "x",
    "__inputs": [{"name": "DS_PROMETHEUS", "type": "datasource", "pluginId": "prometheus"}],
    "panels": [{"type": "timeseries", "title": "p", "datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
                "targets": [{"refId": "A", "expr": "up", "datasource": "${DS_PROMETHEUS}"}]}]})
""",
    )
    board = boards["grafana/dashboards/x.json"]
    assert "__inputs" not in board
    panel = board["panels"][0]
    assert panel["datasource"] == panel["targets"][0]["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
    assert [v["name"] for v in board["templating"]["list"]] == ["datasource"]
