"""Grafana dashboard JSON -> a Python module: a grafanalib Dashboard inside an mcg Dashboard.

Panels grafanalib has a class for become that class, with the settings it models as
arguments and the rest of the panel's JSON, as written, in `extraJson` (grafanalib merges it
into its output). Panels, queries and variables it cannot express stay plain dicts. Datasource
references to Prometheus become the project's (no reference: mcg's renderer fills in the
project's Prometheus datasource); references to the dashboard's own datasource variable stay.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from monitoring_codegen.importer.layout import grid_rect, shown_positions
from monitoring_codegen.importer.notes import Notes
from monitoring_codegen.importer.pycode import Code, call, literal
from monitoring_codegen.model.names import slugify, validate_uid
from monitoring_codegen.promql.dashboard_queries import variable_promql

# Panel type -> grafanalib class (its to_json_data writes this type).
PANEL_CLASSES = {
    "bargauge": "BarGauge",
    "barchart": "BarChart",
    "dashlist": "DashboardList",
    "gauge": "GaugePanel",
    "graph": "Graph",
    "heatmap": "Heatmap",
    "histogram": "Histogram",
    "logs": "Logs",
    "news": "News",
    "piechart": "PieChartv2",
    "row": "RowPanel",
    "singlestat": "SingleStat",
    "stat": "Stat",
    "state-timeline": "StateTimeline",
    "table": "Table",
    "text": "Text",
    "timeseries": "TimeSeries",
}
# Panel keys grafanalib's Panel takes as arguments, with the JSON types it accepts.
_PANEL_ARGS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "description": (str,),
    "id": (int,),
    "interval": (str,),
    "maxDataPoints": (int,),
    "timeFrom": (str,),
    "timeShift": (str,),
    "transparent": (bool,),
    "links": (list,),
    "transformations": (list,),
    "span": (int, float),
    "minSpan": (int, float),
}
# Keys Grafana writes that carry nothing a dashboard means (versions, editor state).
_PANEL_NOISE = {"pluginVersion", "isNew", "editable", "error", "datasource", "targets", "type", "gridPos", "panels"}
_TARGET_ARGS: dict[str, tuple[type, ...]] = {
    "expr": (str,),
    "legendFormat": (str,),
    "refId": (str,),
    "instant": (bool,),
    "format": (str,),
    "interval": (str,),
    "hide": (bool,),
}
_TARGET_DEFAULTS = {"format": "time_series", "hide": False, "legendFormat": "", "interval": "", "instant": False}
# The query editor's state and keys Grafana's Prometheus plugin no longer reads.
_TARGET_NOISE = {"editorMode", "range", "intervalFactor", "step", "metric", "query", "datasource", "key"}
# Keys G.Target does not model, at the value that means "off": nothing to keep.
_TARGET_OFF = {"exemplar": False}
_VARIABLE_ARGS: dict[str, tuple[str, tuple[type, ...]]] = {
    "name": ("name", (str,)),
    "label": ("label", (str,)),
    "type": ("type", (str,)),
    "allValue": ("allValue", (str,)),
    "includeAll": ("includeAll", (bool,)),
    "multi": ("multi", (bool,)),
    "regex": ("regex", (str,)),
    "refresh": ("refresh", (int,)),
    "hide": ("hide", (int,)),
    "sort": ("sort", (int,)),
    "auto": ("auto", (bool,)),
    "auto_count": ("autoCount", (int,)),
    "auto_min": ("autoMin", (str,)),
}
# grafanalib's Template defaults, left out of the code.
_VARIABLE_DEFAULTS = {
    "label": "",
    "type": "query",
    "allValue": "",
    "includeAll": False,
    "multi": False,
    "regex": "",
    "refresh": 1,
    "hide": 0,
    "sort": 1,
    "auto": False,
    "auto_count": 30,
    "auto_min": "10s",
}
_VARIABLE_NOISE = {
    "current",
    "options",
    "definition",
    "datasource",
    "query",
    "tags",
    "tagsQuery",
    "tagValuesQuery",
    "useTags",
    "error",
    "index",
    "id",
    "skipUrlSync",
    "queryValue",
}
# Dashboard keys that are Grafana's bookkeeping, or legacy ones mcg's renderer converts.
_DASHBOARD_NOISE = {
    "id",
    "version",
    "iteration",
    "schemaVersion",
    "gnetId",
    "__inputs",
    "__requires",
    "__elements",
    "style",
    "hideControls",
    "sharedCrosshair",
    "timepicker",
}
_DASHBOARD_DEFAULTS: dict[str, Any] = {"fiscalYearStartMonth": 0, "liveNow": False, "weekStart": "", "nowDelay": ""}
_BUILTIN_DATASOURCES = {"-- Grafana --", "-- Mixed --", "-- Dashboard --", "grafana"}
_VARIABLE_REF_RE = re.compile(r"^\$\{?([A-Za-z0-9_]+)(?::[^}]*)?\}?$")
_INPUT_RE = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


def unwrap(data: Any) -> Any:
    """The dashboard inside what Grafana's HTTP API returns (`{"dashboard": ..., "meta": ...}`)."""
    if (
        isinstance(data, dict)
        and isinstance(data.get("dashboard"), dict)
        and "panels" not in data
        and "rows" not in data
    ):
        return data["dashboard"]
    return data


def without_ignored_sizes(board: dict[str, Any]) -> dict[str, Any]:
    """The board as Grafana lays it out: without the legacy `height` and `span` of panels placed
    by a gridPos (ignored there; exports carry leftovers such as `"height": ""`), rows across
    the whole grid."""

    def clean(panels: Any) -> Any:
        if not isinstance(panels, list):
            return panels
        out = []
        for panel in panels:
            if isinstance(panel, dict) and isinstance(panel.get("gridPos"), dict):
                panel = {k: v for k, v in panel.items() if k not in ("height", "span")}
                if panel.get("type") == "row":
                    # A row spans the grid whatever its saved size (grafonnet writes w: 0).
                    panel["gridPos"] = {**panel["gridPos"], "x": 0, "w": 24, "h": 1}
            if isinstance(panel, dict) and isinstance(panel.get("panels"), list):
                panel = {**panel, "panels": clean(panel["panels"])}
            out.append(panel)
        return out

    if isinstance(board.get("panels"), list):
        return {**board, "panels": clean(board["panels"])}
    return board


def is_dashboard(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("panels"), list) or isinstance(data.get("rows"), list):
        return True
    return isinstance(data.get("title"), str) and ("schemaVersion" in data or "templating" in data)


class DashboardImport:
    """One dashboard's module; `queries` are the PromQL texts its panels and variables hold."""

    def __init__(self, data: dict[str, Any], display: str, folder: str, notes: Notes) -> None:
        self.display = display
        self.notes = notes
        self.folder = folder
        self.queries: list[str] = []
        # (PromQL, the label `label_values` lists) of each query variable
        self.variable_queries: list[tuple[str, str | None]] = []
        self.title: str | None = None  # the title to write, when it is not the dashboard's own
        inputs: list[Any] = data["__inputs"] if isinstance(data.get("__inputs"), list) else []
        self.input_types = {
            i["name"]: str(i.get("pluginId") or "")
            for i in inputs
            if isinstance(i, dict) and i.get("type") == "datasource" and isinstance(i.get("name"), str)
        }
        constants = {
            i["name"]: str(i.get("value", ""))
            for i in inputs
            if isinstance(i, dict) and i.get("type") == "constant" and isinstance(i.get("name"), str)
        }
        self.data = _fill_constants(data, constants) if constants else data
        templating: dict[str, Any] = self.data["templating"] if isinstance(self.data.get("templating"), dict) else {}
        self.variables = [v for v in (templating.get("list") or []) if isinstance(v, dict)]
        self.datasource_variables = {
            v["name"] for v in self.variables if v.get("type") == "datasource" and isinstance(v.get("name"), str)
        }

    # --- datasources -------------------------------------------------------------------------

    def datasource(self, ref: Any, where: str) -> Any:
        """The reference to write, or None for the project's Prometheus datasource."""
        if ref is None or ref == "":
            return None
        if isinstance(ref, str):
            return self._by_text(ref, ref, where)
        if isinstance(ref, dict):
            uid, kind = ref.get("uid"), ref.get("type")
            if isinstance(uid, str) and _VARIABLE_REF_RE.match(uid):
                return self._by_text(uid, ref, where)
            if kind == "prometheus" or (kind is None and not isinstance(uid, str)):
                return None
            if kind in ("datasource", "grafana") or uid in _BUILTIN_DATASOURCES:
                return ref
            self.notes.add(
                self.display, where, f"datasource {ref} is not Prometheus: kept as written (declare it in the project)"
            )
            return ref
        return None

    def _by_text(self, text: str, ref: Any, where: str) -> Any:
        if text in _BUILTIN_DATASOURCES:
            return ref
        match = _VARIABLE_REF_RE.match(text)
        if match is None:
            return None  # a datasource name: the project's Prometheus datasource
        name = match.group(1)
        if name in self.datasource_variables:
            return ref
        if name in self.input_types:
            if self.input_types[name] in ("prometheus", ""):
                return None
            self.notes.add(
                self.display,
                where,
                f"datasource input ${{{name}}} ({self.input_types[name]}) has no counterpart in the project: "
                "kept as written",
            )
            return ref
        return None  # `${DS_PROMETHEUS}` without __inputs: what exported dashboards reference

    # --- panels ------------------------------------------------------------------------------

    def panel(self, panel: Any, where: str) -> Any:
        if not isinstance(panel, dict):
            return panel
        kind = panel.get("type")
        title = panel.get("title")
        where = f"{where} ({title!r})" if isinstance(title, str) and title else where
        cls = PANEL_CLASSES.get(kind) if isinstance(kind, str) else None
        datasource = self.datasource(panel.get("datasource"), f"{where}.datasource")
        targets = [self.target(t, f"{where}.targets[{i}]") for i, t in enumerate(_list(panel.get("targets")))]
        inside = _expanded_positions(panel) if kind == "row" else _list(panel.get("panels"))
        children = [self.panel(p, f"{where}.panels[{i}]") for i, p in enumerate(inside)]
        if cls is None:
            out = {k: v for k, v in panel.items() if k not in ("datasource", "targets", "panels")}
            if datasource is not None:
                out["datasource"] = datasource
            if targets:
                out["targets"] = targets
            if children:
                out["panels"] = children
            return out
        args: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in panel.items():
            accepted = _PANEL_ARGS.get(key)
            if (
                accepted is not None
                and isinstance(value, accepted)
                and not (bool in accepted) ^ isinstance(value, bool)
            ):
                if value in ("", None) or (key in ("links", "transformations") and not value):
                    continue
                if key == "transparent" and value is False:
                    continue
                args[key] = value
            elif key not in _PANEL_NOISE and value is not None:
                if key in ("height",) and kind != "row":
                    extra[key] = value
                elif key == "collapsed" and kind == "row":
                    if value:
                        args["collapsed"] = True
                else:
                    extra[key] = value
        if "maxDataPoints" not in args and kind != "row":
            args["maxDataPoints"] = None  # grafanalib's default of 100 is not Grafana's
        ordered: dict[str, Any] = {}
        if "title" in args:
            ordered["title"] = args.pop("title")
        if datasource is not None and kind != "row":  # a row panel has no datasource of its own
            ordered["dataSource"] = datasource
        if targets:
            ordered["targets"] = targets
        grid = panel.get("gridPos")
        if isinstance(grid, dict):
            grid = {"x": 0, "y": 0, **grid}  # Grafana's defaults for a missing x or y
        if isinstance(grid, dict) and all(isinstance(grid.get(k), (int, float)) for k in ("h", "w", "x", "y")):
            ordered["gridPos"] = call("G.GridPos", **{k: _number(grid[k]) for k in ("h", "w", "x", "y")})
        elif grid is not None:
            extra["gridPos"] = grid
        ordered.update(args)
        if children:
            ordered["panels"] = children
        extra = beyond_defaults(extra, _class_output(cls))
        if extra and kind == "row":  # Grafana's row holds a title and panels, nothing more
            for key in sorted(extra):
                self.notes.add(self.display, f"{where}.{key}", "not imported (a row panel has no such setting)")
        elif extra:
            ordered["extraJson"] = extra
        return call(f"G.{cls}", **ordered)

    def target(self, target: Any, where: str) -> Any:
        if not isinstance(target, dict):
            return target
        expr = target.get("expr")
        if isinstance(expr, str) and expr.strip():
            self.queries.append(expr)
        datasource = self.datasource(target.get("datasource"), f"{where}.datasource")
        unknown = [
            k
            for k in target
            if k not in _TARGET_ARGS
            and k not in _TARGET_NOISE
            and target[k] is not None
            and _TARGET_OFF.get(k, object()) != target[k]
        ]
        wrong = [k for k, kinds in _TARGET_ARGS.items() if k in target and not _is(target[k], kinds)]
        if unknown or wrong or not isinstance(expr, str):
            out = {k: v for k, v in target.items() if k != "datasource"}
            if datasource is not None:
                out["datasource"] = datasource
            return out
        args: dict[str, Any] = {}
        for key in _TARGET_ARGS:
            if key in target and target[key] != _TARGET_DEFAULTS.get(key, object()):
                args[key] = target[key]
        if datasource is not None:
            args["datasource"] = datasource
        return call("G.Target", **args)

    # --- variables and annotations -----------------------------------------------------------

    def variable(self, variable: dict[str, Any], index: int) -> Any:
        where = f"templating.list[{index}] (${variable.get('name')})"
        query = variable.get("query")
        if (
            isinstance(query, dict)
            and isinstance(query.get("query"), str)
            and set(query) <= {"query", "refId", "qryType"}
        ):
            query = query["query"]  # the Prometheus variable editor's form of the same query
        if isinstance(query, str) and variable.get("type") in (None, "query"):
            runs = variable_promql(query)
            if runs is not None:
                self.variable_queries.append(runs)
        datasource = self.datasource(variable.get("datasource"), f"{where}.datasource")
        representable = all(
            key in _VARIABLE_ARGS and _is(value, _VARIABLE_ARGS[key][1])
            for key, value in variable.items()
            if key not in _VARIABLE_NOISE and value is not None
        )
        if not representable or not isinstance(variable.get("name"), str) or variable.get("skipUrlSync"):
            out = {k: v for k, v in variable.items() if k not in ("datasource", "current", "options")}
            if variable.get("type") in ("custom", "interval") and "options" in variable:
                out["options"] = variable["options"]
            if datasource is not None:
                out["datasource"] = datasource
            return out
        args: dict[str, Any] = {"name": variable["name"], "query": query if query is not None else ""}
        for key, (arg, _kinds) in _VARIABLE_ARGS.items():
            if key == "name" or key not in variable or variable[key] is None:
                continue
            if variable[key] != _VARIABLE_DEFAULTS.get(key, object()):
                args[arg] = variable[key]
        if "sort" not in variable:
            args["sort"] = 0  # Grafana's default, not grafanalib's
        if datasource is not None:
            args["dataSource"] = datasource
        current = variable.get("current")
        if (
            variable.get("type") in ("custom", "constant", "textbox", "interval")
            and isinstance(current, dict)
            and isinstance(current.get("value"), str)
            and current["value"] != "$__all"
        ):
            args["default"] = current["value"]
        return call("G.Template", **args)

    def annotation(self, annotation: Any, index: int) -> Any:
        if not isinstance(annotation, dict):
            return annotation
        out = {k: v for k, v in annotation.items() if k != "datasource"}
        datasource = self.datasource(annotation.get("datasource"), f"annotations.list[{index}].datasource")
        if datasource is not None:
            out["datasource"] = datasource
        if isinstance(annotation.get("expr"), str):
            self.queries.append(annotation["expr"])
        return out

    # --- the dashboard -----------------------------------------------------------------------

    def board(self, uid: str) -> Code:
        data = self.data
        args: dict[str, Any] = {"title": self.title or str(data.get("title") or ""), "uid": uid}
        if isinstance(data.get("description"), str) and data["description"]:
            args["description"] = data["description"]
        if isinstance(data.get("tags"), list) and data["tags"]:
            args["tags"] = data["tags"]
        if isinstance(data.get("panels"), list) and data["panels"]:
            for index, (x, y, _w, _h) in sorted(shown_positions(data["panels"]).items()):
                self.notes.add(
                    self.display,
                    f"panels[{index}].gridPos",
                    f"overlaps another panel: placed where Grafana shows it (x={x}, y={y})",
                )
            args["panels"] = [self.panel(p, f"panels[{i}]") for i, p in enumerate(_shown_layout(data["panels"]))]
        if isinstance(data.get("rows"), list) and data["rows"]:
            args["rows"] = [self.row(r, i) for i, r in enumerate(data["rows"])]
        variables = [self.variable(v, i) for i, v in enumerate(self.variables)]
        if variables:
            args["templating"] = call("G.Templating", list=variables)
        annotations = (data.get("annotations") or {}).get("list") if isinstance(data.get("annotations"), dict) else []
        kept = [
            self.annotation(a, i)
            for i, a in enumerate(annotations or [])
            if not (isinstance(a, dict) and a.get("builtIn") == 1)
        ]
        if kept:
            args["annotations"] = call("G.Annotations", list=kept)
        time = data.get("time")
        if isinstance(time, dict) and isinstance(time.get("from"), str) and isinstance(time.get("to"), str):
            if (time["from"], time["to"]) != ("now-1h", "now"):
                args["time"] = call("G.Time", time["from"], time["to"])
        elif time is None:
            args["time"] = call("G.Time", "now-6h", "now")  # Grafana's default, not grafanalib's
        refresh = data.get("refresh")
        if refresh != "10s":
            args["refresh"] = refresh if isinstance(refresh, str) else ""
        timezone = data.get("timezone")
        if timezone != "utc":
            args["timezone"] = timezone if isinstance(timezone, str) else ""
        tooltip = data.get("graphTooltip")
        if isinstance(tooltip, int) and tooltip:
            args["graphTooltip"] = tooltip
        elif data.get("sharedCrosshair") is True:
            args["graphTooltip"] = 1
        if data.get("editable") is False:
            args["editable"] = False
        if isinstance(data.get("links"), list) and data["links"]:
            args["links"] = data["links"]
        handled = {"title", "uid", "description", "tags", "panels", "rows", "templating", "annotations", "time"}
        handled |= {"refresh", "timezone", "graphTooltip", "editable", "links"}
        for key in sorted(set(data) - handled - _DASHBOARD_NOISE):
            if _DASHBOARD_DEFAULTS.get(key, object()) != data[key]:
                self.notes.add(self.display, key, "not imported (grafanalib's Dashboard has no such setting)")
        return call("G.Dashboard", **args)

    def row(self, row: Any, index: int) -> Any:
        where = f"rows[{index}]"
        if not isinstance(row, dict):
            return row
        args: dict[str, Any] = {}
        if isinstance(row.get("title"), str):
            args["title"] = row["title"]
        if row.get("collapse") is True:
            args["collapse"] = True
        # A legacy row's height and a hidden title have no place in Grafana 5+'s row panel (the
        # build refuses them): its panels keep their own heights, and the title shows.
        pixels = _pixels(row.get("height"))
        if pixels is not None and pixels != 250:
            self.notes.add(self.display, f"{where}.height", "not imported (a row panel is sized by its panels)")
        if row.get("showTitle") is False:
            self.notes.add(self.display, f"{where}.showTitle", "not imported (a row panel always shows its title)")
        if isinstance(row.get("repeat"), str) and row["repeat"]:
            args["repeat"] = row["repeat"]
        # Grafana lays out a row's panels from their span and height; a gridPos there is ignored.
        panels = [
            {k: v for k, v in p.items() if k != "gridPos"} if isinstance(p, dict) else p
            for p in _list(row.get("panels"))
        ]
        args["panels"] = [self.panel(p, f"{where}.panels[{i}]") for i, p in enumerate(panels)]
        return call("G.Row", **args)


@functools.cache
def _class_output_text(cls: str) -> str:
    from grafanalib import core as G
    from grafanalib._gen import DashboardEncoder

    return json.dumps(getattr(G, cls)().to_json_data(), cls=DashboardEncoder)


def _class_output(cls: str) -> dict[str, Any]:
    """What grafanalib writes for a panel of this class given nothing: its defaults."""
    return json.loads(_class_output_text(cls))


def beyond_defaults(extra: dict[str, Any], emitted: dict[str, Any]) -> dict[str, Any]:
    """The part of `extraJson` that changes grafanalib's output: keys whose value it writes
    anyway are left out (grafanalib merges extraJson into its output, dicts key by key)."""
    out: dict[str, Any] = {}
    for key, value in extra.items():
        if key in emitted and emitted[key] == value:
            continue
        if isinstance(value, dict) and isinstance(emitted.get(key), dict):
            inner = beyond_defaults(value, emitted[key])
            if inner:
                out[key] = inner
            continue
        out[key] = value
    return out


def _shown_layout(panels: list[Any]) -> list[Any]:
    """The panels at the positions Grafana shows them: overlapping ones moved down as it does."""
    moved = shown_positions(panels)
    if not moved:
        return panels
    out = list(panels)
    for index, (x, y, w, h) in moved.items():
        out[index] = {**out[index], "gridPos": {**out[index]["gridPos"], "x": x, "y": y, "w": w, "h": h}}
    return out


def _expanded_positions(row: dict[str, Any]) -> list[Any]:
    """A collapsed row's panels at the positions Grafana gives them when the row opens: right
    below it, each keeping its offset from the first panel (DashboardModel.toggleRow)."""
    children = _list(row.get("panels"))
    row_rect = (
        grid_rect({"gridPos": {"x": 0, "y": 0, **row["gridPos"]}}) if isinstance(row.get("gridPos"), dict) else None
    )
    first = (
        grid_rect({"gridPos": {"x": 0, "y": 0, **children[0]["gridPos"]}})
        if children and isinstance(children[0], dict) and isinstance(children[0].get("gridPos"), dict)
        else None
    )
    if row_rect is None or first is None:
        return children
    shift = row_rect[1] + row_rect[3] - first[1]
    out = []
    for child in children:
        if isinstance(child, dict) and isinstance(child.get("gridPos"), dict):
            pos = {"x": 0, "y": 0, **child["gridPos"]}
            if isinstance(pos["y"], (int, float)) and not isinstance(pos["y"], bool):
                child = {**child, "gridPos": {**pos, "y": pos["y"] + shift}}
        out.append(child)
    return _shown_layout(out)


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _is(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def _number(value: int | float) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _pixels(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str) and value.rstrip("px").strip().isdigit():
        return int(value.rstrip("px").strip())
    return None


def _fill_constants(value: Any, constants: dict[str, str]) -> Any:
    """`${VAR_X}` of an exported dashboard's constant inputs replaced by their values, as
    Grafana's import does."""
    if isinstance(value, str):
        return _INPUT_RE.sub(lambda m: constants.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [_fill_constants(v, constants) for v in value]
    if isinstance(value, dict):
        return {k: _fill_constants(v, constants) for k, v in value.items()}
    return value


def dashboard_uid(data: dict[str, Any], taken: set[str]) -> str:
    """The dashboard's uid when valid, else one made from its title; unique among `taken`."""
    uid = data.get("uid")
    try:
        validate_uid(uid)  # type: ignore[arg-type]
    except ValueError:
        uid = None
    if not isinstance(uid, str):
        uid = slugify(str(data.get("title") or "dashboard"))[:40].strip("-") or "dashboard"
    base, n = uid, 2
    while uid.casefold() in taken:
        suffix = f"-{n}"
        uid, n = base[: 40 - len(suffix)] + suffix, n + 1
    taken.add(uid.casefold())
    return uid


def dashboard_module(imported: DashboardImport, uid: str, constant: str) -> str:
    board = imported.board(uid)
    definition = call("Dashboard", folder=imported.folder, board=board)
    title = str(imported.data.get("title") or uid)
    return (
        f'"""Dashboard {_docstring_text(title)} imported by `mcg import` from '
        f'{_docstring_text(imported.display)}."""\n\n'
        "from grafanalib import core as G\n\n"
        "from monitoring_codegen import Dashboard\n\n"
        f"{constant} = {literal(definition)}\n"
    )


def _docstring_text(text: str) -> str:
    return text.replace("\\", "/").replace('"""', "'''").replace("\n", " ")
