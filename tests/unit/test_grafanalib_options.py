"""Every option a user sets on a grafanalib object reaches the rendered dashboard JSON, or the
build refuses it naming the option (render/grafanalib_options.py).

"Reaches" is tested by difference: the dashboard is rendered once as declared and once with the
option back at grafanalib's default; the two JSON documents must differ. The options come from
the shipped definitions and the README's examples (found by walking the loaded objects), and
from every plain attribute of grafanalib's current panel types, targets and variables."""

from __future__ import annotations

import re
from typing import Any

import attr
import pytest
from conftest import REPO, write_project
from grafanalib import core as G

from monitoring_codegen import Dashboard
from monitoring_codegen.errors import DefinitionErrors
from monitoring_codegen.model.loader import load_definitions
from monitoring_codegen.render import render_all
from monitoring_codegen.render.dashboards import dashboard_json
from monitoring_codegen.render.grafanalib_options import _default_of, panel_objects, set_options


def _objects(board) -> list[Any]:
    """The grafanalib objects of a board whose options reach its JSON: itself, its panels (rows
    included), their targets and the variables."""
    found: list[Any] = [board]
    for panel, _where in panel_objects(board):
        found.append(panel)
        found.extend(t for t in getattr(panel, "targets", None) or [] if attr.has(type(t)))
    found.extend(v for v in board.templating.list if attr.has(type(v)))
    return found


def _swap(value: Any, old: Any, new: Any) -> Any:
    """`value` with the object `old` replaced by `new`, rebuilt through attr.evolve (so derived
    state, like a variable's `current`, follows)."""
    if value is old:
        return new
    if isinstance(value, list):
        items = [_swap(item, old, new) for item in value]
        return items if any(a is not b for a, b in zip(items, value)) else value
    if attr.has(type(value)):
        changes = {}
        for field in attr.fields(type(value)):
            if field.init:
                child = getattr(value, field.name)
                swapped = _swap(child, old, new)
                if swapped is not child:
                    changes[field.name.lstrip("_")] = swapped
        return attr.evolve(value, **changes) if changes else value
    return value


def _with(obj: Any, name: str, value: Any) -> Any:
    """`obj` with attribute `name` (dotted for nested objects) set to `value`."""
    head, _, rest = name.partition(".")
    if rest:
        return attr.evolve(obj, **{head: _with(getattr(obj, head), rest, value)})
    return attr.evolve(obj, **{name.lstrip("_"): value})


def _default(obj: Any, name: str) -> Any:
    """grafanalib's default for `name`; for a nested attribute, that of the default object."""
    head, _, rest = name.partition(".")
    default = _default_of(getattr(attr.fields(type(obj)), head))
    for part in rest.split(".") if rest else []:
        default = getattr(default, part)
    return default


def _render(model, dashboard: Dashboard, board) -> dict | str:
    """The dashboard JSON, or the build's refusal as text."""
    variant = Dashboard(
        board=board,
        folder=dashboard.folder,
        datasource_variable=dashboard.datasource_variable,
        datasource=dashboard.datasource,
    )
    try:
        return dashboard_json(variant, model)
    except ValueError as exc:
        return str(exc)


def _set_options_of(model) -> list[tuple[Dashboard, int, str, str]]:
    """(dashboard, object index, object class, option) for every option set in the model's boards."""
    found = []
    seen: set[tuple[str, str]] = set()
    for dashboard in model.dashboards:
        if isinstance(dashboard.board, dict):
            continue
        for index, obj in enumerate(_objects(dashboard.board)):
            for name, _value in set_options(obj):
                if index == 0 and name == "uid":
                    continue  # the dashboard's key: its file name, and required
                # Each (class, option) once, where it first appears: the helpers repeat them.
                key = (type(obj).__name__, name)
                if key not in seen:
                    seen.add(key)
                    found.append((dashboard, index, type(obj).__name__, name))
    return found


def _field(obj: Any, name: str) -> attr.Attribute:
    *parents, last = name.split(".")
    for parent in parents:
        obj = getattr(obj, parent)
    return getattr(attr.fields(type(obj)), last)


def _assert_each_option_reaches_the_json(model, options) -> None:
    lost = []
    declared: dict[str, Any] = {}
    for dashboard, index, kind, name in options:
        board = dashboard.board
        obj = _objects(board)[index]
        if dashboard.uid not in declared:
            declared[dashboard.uid] = _render(model, dashboard, board)
        as_declared = declared[dashboard.uid]
        assert isinstance(as_declared, dict), as_declared
        without = _render(model, dashboard, _swap(board, obj, _with(obj, name, _default(obj, name))))
        if as_declared != without:
            continue
        # The value set means what the default means (dataSource="Prometheus", the default
        # datasource; refId="A", the first free one): then another value must show.
        other = _other(kind, _field(obj, name))
        if other is not attr.NOTHING:
            changed = _render(model, dashboard, _swap(board, obj, _with(obj, name, other)))
            if changed != as_declared:
                continue
        lost.append(f"{dashboard.uid}: {kind}.{name}")
    assert not lost, f"options that do not reach the JSON: {lost}"


def test_every_option_the_shipped_definitions_set_reaches_the_json(shipped):
    options = _set_options_of(shipped.model)
    kinds = {kind for _d, _i, kind, _n in options}
    # The enumeration found the helpers' panels, targets and variables, not a handful of options.
    assert {"Dashboard", "TimeSeries", "Stat", "GaugePanel", "BarGauge", "PieChartv2", "Table", "Heatmap"} <= kinds
    assert {"Target", "Template", "RowPanel"} <= kinds
    assert ("Heatmap", "hideZeroBuckets") in {(k, n) for _d, _i, k, n in options}
    assert len({(k, n) for _d, _i, k, n in options}) >= 40
    _assert_each_option_reaches_the_json(shipped.model, options)


def _readme_dashboard_modules() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    return [b for b in blocks if "grafanalib" in b and "Dashboard(" in b]


def test_every_option_the_readme_sets_reaches_the_json(tmp_path):
    modules = _readme_dashboard_modules()
    assert modules, "the README shows no dashboard example"
    root = write_project(tmp_path / "readme", {f"readme_{i}.py": m for i, m in enumerate(modules)})
    model = load_definitions(root / "definitions", root)
    options = _set_options_of(model)
    assert {("TimeSeries", "unit"), ("Target", "legendFormat")} <= {(k, n) for _d, _i, k, n in options}
    _assert_each_option_reaches_the_json(model, options)


# --- every plain attribute of grafanalib's current panel types ------------------------------------

T = [G.Target(expr="sum(rate(x_total[$__rate_interval]))", refId="A")]
BASES = {
    G.TimeSeries: lambda **kw: G.TimeSeries(title="p", targets=T, **kw),
    G.Stat: lambda **kw: G.Stat(title="p", targets=T, **kw),
    G.GaugePanel: lambda **kw: G.GaugePanel(title="p", targets=T, **kw),
    G.BarGauge: lambda **kw: G.BarGauge(title="p", targets=T, **kw),
    G.PieChartv2: lambda **kw: G.PieChartv2(title="p", targets=T, **kw),
    G.Table: lambda **kw: G.Table(title="p", targets=T, **kw),
    G.Heatmap: lambda **kw: G.Heatmap(title="p", targets=T, **kw),
    G.Text: lambda **kw: G.Text(title="p", **kw),
    G.RowPanel: lambda **kw: G.RowPanel(title="p", **kw),
    # Angular panels, converted to timeseries and stat.
    G.Graph: lambda **kw: G.Graph(title="p", targets=T, **kw),
    G.SingleStat: lambda **kw: G.SingleStat(title="p", targets=T, **kw),
}
# Another meaningful value where adding to the default would mean the same to Grafana.
OTHER_VALUE: dict[tuple[str, str], Any] = {
    ("*", "dataSource"): "Loki",
    ("Target", "refId"): "Z",
    ("Heatmap", "dataFormat"): "tsbuckets",
    ("Target", "format"): "table",
    # grafanalib's Stat defaults thresholds to "" (no steps); steps are what a user gives.
    ("Stat", "thresholds"): [G.Threshold("green", 0, 0.0), G.Threshold("red", 1, 5.0)],
    ("SingleStat", "thresholds"): "10,20",
    ("*", "thresholdType"): "percentage",
    ("SingleStat", "valueName"): "max",
    ("SingleStat", "valueMaps"): [{"op": "=", "text": "up", "value": "1"}],
    ("SingleStat", "rangeMaps"): [{"from": "0", "to": "1", "text": "low"}],
    ("SingleStat", "nullText"): "no data",
}


def _other(kind: str, field: attr.Attribute) -> Any:
    for key in ((kind, field.name), ("*", field.name)):
        if key in OTHER_VALUE:
            return OTHER_VALUE[key]
    default = _default_of(field)
    options = getattr(field.validator, "options", None)
    if options:
        return next((o for o in options if o != default), attr.NOTHING)
    if isinstance(default, bool):
        return not default
    if isinstance(default, int):
        return default + 3
    if isinstance(default, float):
        return default + 0.25
    if isinstance(default, str):
        return default + "x" if default else "custom"
    return attr.NOTHING  # None, lists, dicts: no value to guess


def _plain_options(cls) -> list[tuple[str, Any]]:
    out = []
    for field in attr.fields(cls):
        if field.init and field.name not in ("title", "targets", "id"):
            value = _other(cls.__name__, field)
            if value is not attr.NOTHING:
                out.append((field.name, value))
    return out


CASES = [(cls, name, value) for cls in BASES for name, value in _plain_options(cls)]
CASES += [(G.Target, name, value) for name, value in _plain_options(G.Target) if name not in ("expr", "refId")]
CASES += [(G.Template, name, value) for name, value in _plain_options(G.Template) if name not in ("name", "query")]
CASES += [(G.Dashboard, name, value) for name, value in _plain_options(G.Dashboard) if name not in ("uid",)]


def _board(cls, **options):
    if cls is G.Target:
        panel = G.TimeSeries(title="p", targets=[G.Target(expr="sum(up)", refId="A", **options)])
        return G.Dashboard(title="d", uid="d", panels=[panel])
    if cls is G.Dashboard:
        options = {"title": "d", "uid": "d", **options}
        return G.Dashboard(panels=[G.TimeSeries(title="p", targets=T)], **options)
    if cls is G.Template:
        options.setdefault("dataSource", "Prometheus")
        variable = G.Template(name="job", query="label_values(up, job)", **options)
        panel = G.TimeSeries(title="p", targets=[G.Target(expr='sum(up{job=~"$job"})', refId="A")])
        return G.Dashboard(title="d", uid="d", panels=[panel], templating=G.Templating(list=[variable]))
    return G.Dashboard(title="d", uid="d", panels=[BASES[cls](**options)])


@pytest.mark.parametrize("cls, name, value", CASES, ids=[f"{c.__name__}.{n}" for c, n, _v in CASES])
def test_every_plain_option_of_a_panel_type_reaches_the_json_or_is_refused(shipped, cls, name, value):
    holder = Dashboard(board=_board(cls))
    base = _render(shipped.model, holder, holder.board)
    assert isinstance(base, dict), base
    changed = _render(shipped.model, holder, _board(cls, **{name.lstrip("_"): value}))
    if isinstance(changed, str):
        assert f"`{name}`" in changed, changed  # refused, naming the option
    else:
        assert changed != base, f"{cls.__name__}({name}={value!r}) does not reach the JSON"


def test_a_refused_option_is_a_build_error_at_the_dashboard_line(tmp_path):
    root = write_project(
        tmp_path / "p",
        {
            "boards.py": "from grafanalib import core as G\nfrom monitoring_codegen import Dashboard\n\n"
            "D = Dashboard(board=G.Dashboard(title='d', uid='d', panels=[\n"
            "    G.BarGauge(title='bars', thresholdLabels=True, targets=[G.Target(expr='up', refId='A')])]))\n"
        },
    )
    model = load_definitions(root / "definitions", root)
    with pytest.raises(DefinitionErrors) as caught:
        render_all(model)
    text = caught.value.format(root)
    assert "boards.py:4" in text and "BarGauge 'bars'" in text and "`thresholdLabels`" in text


def test_a_sparkline_over_instant_queries_is_refused_when_asked_for_and_dropped_when_not(shipped):
    def stat(**kw):
        return G.Dashboard(
            title="d", uid="d", panels=[G.Stat(title="s", targets=[G.Target(expr="up", refId="A", instant=True)], **kw)]
        )

    holder = Dashboard(board=stat())
    asked = _render(shipped.model, holder, stat(graphMode="line"))
    assert isinstance(asked, str) and "graphMode='line'" in asked and "instant=True" in asked
    default = _render(shipped.model, holder, stat())
    assert isinstance(default, dict) and default["panels"][0]["options"]["graphMode"] == "none"


def test_nested_legend_settings_of_a_graph_convert_or_are_refused(shipped):
    def graph(legend):
        return G.Dashboard(title="d", uid="d", panels=[G.Graph(title="g", targets=T, legend=legend)])

    holder = Dashboard(board=graph(G.Legend()))
    board = _render(shipped.model, holder, graph(G.Legend(max=True, sort="max", sortDesc=True, sideWidth=200)))
    assert isinstance(board, dict)
    legend = board["panels"][0]["options"]["legend"]
    assert legend["calcs"] == ["max"] and legend["sortBy"] == "Max" and legend["sortDesc"] is True
    assert legend["width"] == 200
    refused = _render(shipped.model, holder, graph(G.Legend(hideZero=True)))
    assert isinstance(refused, str) and "`legend.hideZero`" in refused
