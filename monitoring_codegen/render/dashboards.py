"""Grafana dashboard JSON that Grafana 10/11 loads without migrating it.

grafanalib emits schemaVersion 12 with legacy keys (`rows`, `sharedCrosshair`,
`hideControls`, `style`) and datasources as names. Here the JSON is brought to the
current schema: legacy keys dropped, panel ids stable, datasource references by
uid, and a gridPos for every panel, laid out without overlaps.
"""

from __future__ import annotations

import json
import re
from typing import Any

from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model.names import case_collisions
from monitoring_codegen.model.project import Model
from monitoring_codegen.render.legacy_panels import convert_legacy_panel, normalize_field_config

DASHBOARDS_DIR = "grafana/dashboards"
SCHEMA_VERSION = 39
GRID_WIDTH = 24

# `__inputs`, `__requires`, `__elements`: what Grafana's export adds for import, not for provisioning.
_LEGACY_DASHBOARD_KEYS = (
    "rows",
    "sharedCrosshair",
    "hideControls",
    "style",
    "gnetId",
    "__inputs",
    "__requires",
    "__elements",
)
_LEGACY_PANEL_KEYS = ("span", "height", "minSpan", "error", "editable", "nullPointMode", "isNew")
_LEGACY_TARGET_KEYS = ("step", "metric", "target", "query")
# What a row panel holds (Grafana's RowPanel); grafanalib gives rows every panel key.
_ROW_KEYS = ("collapsed", "datasource", "gridPos", "id", "panels", "repeat", "title", "type")
# The variable panels and query variables read their Prometheus datasource from (Grafana's
# own exports do the same), so one JSON works in any Grafana, whatever its Prometheus uid.
DATASOURCE_VARIABLE = "datasource"
_LEGACY_VARIABLE_KEYS = ("tags", "tagsQuery", "tagValuesQuery", "useTags")
_SPECIAL_DATASOURCES = {
    "-- Grafana --": {"type": "datasource", "uid": "grafana"},
    "-- Mixed --": {"type": "datasource", "uid": "-- Mixed --"},
    "-- Dashboard --": {"type": "datasource", "uid": "-- Dashboard --"},
}
# Default sizes (w, h) on Grafana's 24-column grid when the definition gives none.
_DEFAULT_SIZE = {
    "row": (24, 1),
    "stat": (6, 4),
    "gauge": (6, 6),
    "bargauge": (12, 8),
    "piechart": (8, 8),
    "table": (24, 8),
    "text": (24, 3),
    "logs": (24, 10),
}
_FALLBACK_SIZE = (12, 8)


# Grafana's root pseudo-folder. Grafana refuses to create a folder of this name (any case), so
# a `General/` directory makes file provisioning with foldersFromFilesStructure fail (and stop
# provisioning the dashboards after it); files at the top of the dashboards path land there.
GENERAL_FOLDER = "general"


def dashboard_path(dashboard) -> str:
    if dashboard.folder.casefold() == GENERAL_FOLDER:
        return f"{DASHBOARDS_DIR}/{dashboard.uid}.json"
    return f"{DASHBOARDS_DIR}/{dashboard.folder}/{dashboard.uid}.json"


def render_dashboards(model: Model) -> dict[str, bytes]:
    rendered: dict[str, bytes] = {}
    errors: list[DefinitionError] = []
    for dashboard in model.dashboards:
        try:
            rendered[dashboard_path(dashboard)] = model.memo(
                ("dashboard-json", dashboard.uid), lambda dashboard=dashboard: _render_dashboard(dashboard, model)
            )
        except _LayoutError as exc:
            errors.append(dashboard.error(str(exc)))
        except _DashboardProblems as exc:
            errors.extend(dashboard.error(problem) for problem in exc.problems)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            # The model checks the JSON's shape (model/dashboards.py); a value it lets through and
            # the conversion of a legacy panel still trips on is the dashboard's to fix, not a crash.
            errors.append(
                dashboard.error(
                    f"cannot be converted to Grafana's current dashboard JSON ({type(exc).__name__}: {exc}); "
                    "check the panel settings it names or use the keys Grafana writes"
                )
            )
    if errors:
        raise DefinitionErrors(errors)
    return rendered


def _render_dashboard(dashboard, model: Model) -> bytes:
    data = dashboard_json(dashboard, model)
    problems = query_problems(data, model)
    if problems:
        raise _DashboardProblems(problems)
    return dump_dashboard_json(data)


class _DashboardProblems(ValueError):
    """Problems of one dashboard, each reported at its definition's line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def dashboard_json(dashboard, model: Model) -> dict[str, Any]:
    """The dashboard as `mcg build` writes it, as data: grafanalib's own defaults left to
    Grafana, legacy keys converted, the datasource variable in place. Raises (a ValueError)
    when an option set on a grafanalib object would not reach the JSON."""
    raw = dashboard.raw_json()
    if not isinstance(dashboard.board, dict):
        problems = apply_grafanalib_choices(dashboard.board, raw)
        if problems:
            raise _DashboardProblems(problems)
    return modernize_dashboard(
        raw, model, datasource_variable=dashboard.datasource_variable, datasource=dashboard.datasource
    )


def apply_grafanalib_choices(board: Any, raw: dict[str, Any]) -> list[str]:
    """Tell grafanalib's defaults from the user's choices in `raw` (the board's JSON, changed in
    place): a default Grafana would not write is dropped (`maxDataPoints: 100`, a stat's
    `noValue: "none"`, a target's `intervalFactor: 2`), so Grafana's own applies. Returns what
    was set but cannot reach the JSON (see grafanalib_options)."""
    from monitoring_codegen.render.grafanalib_options import at, board_problems, is_set, panel_objects

    problems = board_problems(board)
    for obj, where in panel_objects(board):
        panel = at(raw, where)
        if not isinstance(panel, dict):
            continue
        if not is_set(obj, "maxDataPoints"):
            panel.pop("maxDataPoints", None)
        defaults = at(panel, ("fieldConfig", "defaults"))
        if isinstance(defaults, dict) and hasattr(obj, "noValue") and not is_set(obj, "noValue"):
            defaults.pop("noValue", None)
        targets = [t for t in getattr(obj, "targets", None) or []]
        for index, target in enumerate(targets):
            written = at(panel, ("targets", index))
            if isinstance(written, dict) and hasattr(target, "intervalFactor") and not is_set(target, "intervalFactor"):
                written.pop("intervalFactor", None)
        options = panel.get("options")
        if type(obj).__name__ == "Stat" and isinstance(options, dict) and options.get("graphMode", "none") != "none":
            if targets and all(getattr(t, "instant", False) for t in targets):
                if is_set(obj, "graphMode"):
                    problems.append(
                        f"Stat {getattr(obj, 'title', '')!r}: graphMode={obj.graphMode!r} draws a sparkline, but "
                        "every target is instant=True (one point, no sparkline appears): drop instant=True or "
                        "set graphMode='none'"
                    )
                else:  # grafanalib's default "area" over instant queries: an empty sparkline area
                    options["graphMode"] = "none"
    return problems


def _datasource_variables(data: dict[str, Any]) -> dict[str, str]:
    """Datasource template variable name -> the plugin it selects (`prometheus`, `loki`)."""
    out: dict[str, str] = {}
    templating = data.get("templating")
    if not isinstance(templating, dict):
        templating = {}
    for variable in templating.get("list") or []:
        if not isinstance(variable, dict) or variable.get("type") != "datasource":
            continue
        if isinstance(variable.get("name"), str):
            out[variable["name"]] = str(variable.get("query") or "")
    return out


_DATASOURCE_VARIABLE_RE = re.compile(r"^\$\{?([A-Za-z0-9_]+)(?::[^}]*)?\}?$")


def _datasource_type(ref: Any, model: Model, variables: dict[str, str]) -> str:
    """The plugin type behind a (modernized) datasource reference; "" when it cannot be told.
    No reference at all means the default datasource: Prometheus."""
    if ref is None:
        return "prometheus"
    if not isinstance(ref, dict):
        return ""
    uid = ref.get("uid")
    if isinstance(uid, str):
        variable = _DATASOURCE_VARIABLE_RE.match(uid)
        if variable and variables.get(variable.group(1)):
            return variables[variable.group(1)]
    kind = ref.get("type")
    if isinstance(kind, str) and kind:
        return kind
    if isinstance(uid, str):
        declared = model.datasource_by_name_or_uid(uid)
        if declared is not None:
            return declared.type
    return ""


def _all_panels(panels: list[Any]):
    for panel in panels:
        if isinstance(panel, dict):
            yield panel
            yield from _all_panels(panel.get("panels") or [])


def query_problems(data: dict[str, Any], model: Model) -> list[str]:
    """Prometheus panel queries that do not parse once Grafana's variables and macros are
    filled in (the expansion lint uses, promql/grafana.py): Prometheus would answer every
    refresh of the panel with a parse error. Queries of other datasources are not PromQL."""
    from monitoring_codegen.promql.grafana import expand_with_offsets, original_column
    from monitoring_codegen.promql.parse import ExpressionTooComplex, PromQLSyntaxError, parse_expr
    from monitoring_codegen.promql.syntax import error_column

    problems: list[str] = []
    variables = _datasource_variables(data)
    for panel in _all_panels(data.get("panels") or []):
        for target in panel.get("targets") or []:
            expr = target.get("expr")
            if not isinstance(expr, str) or not expr.strip() or target.get("hide") is True:
                continue
            ds_type = _datasource_type(target.get("datasource"), model, variables)
            if ds_type != "prometheus" and not ds_type.endswith("-prometheus-datasource"):
                continue
            expanded, shifts = expand_with_offsets(expr)
            try:
                parse_expr(expanded)
            except ExpressionTooComplex:
                continue  # not a syntax error: more than mcg analyses
            except PromQLSyntaxError as exc:
                column = exc.column or error_column(expanded, exc.reason)
                where = f" at column {original_column(column, shifts) if shifts else column}" if column else ""
                shown = expr if len(expr) <= 200 else expr[:197] + "..."
                problems.append(
                    f"panel {panel.get('title', '')!r}, query {target.get('refId', '?')}: "
                    f"PromQL does not parse{where}: {exc.reason}: {shown}"
                )
    return problems


def check_dashboard_uids(model: Model) -> dict[str, bytes]:
    """Renders nothing; rejects uids that differ only in case.

    Kept apart from `render_dashboards` so the dashboards still render for the outputs that
    embed them (which report their own collisions, e.g. Kubernetes object names)."""
    errors: list[DefinitionError] = []
    # `c.json` and `C.json` are one file on macOS and Windows, and one dashboard in a Grafana
    # whose database compares uids without case (MySQL's default collation).
    for pair in case_collisions(model.dashboards, lambda d: d.key):  # the key is the (validated) uid
        first, second = sorted(pair, key=lambda d: d.source or ())
        errors.append(
            DefinitionError(
                f"uid {second.uid!r} differs only in case from the uid {first.uid!r} of dashboard "
                f"{first.title!r}; that breaks on case-insensitive file systems and databases",
                kind=second.kind,
                name=second.uid,
                location=second.source,
                related=[first.source] if first.source else [],
            )
        )
    if errors:
        raise DefinitionErrors(errors)
    return {}


def dump_dashboard_json(data: dict[str, Any]) -> bytes:
    """Pretty, key-sorted JSON. orjson does it ~10x faster than json's pure-Python indenting encoder."""
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS) + b"\n"
    except TypeError:  # values orjson refuses (e.g. integers beyond 64 bits)
        return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class _LayoutError(ValueError):
    pass


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}


class _DatasourceResolver:
    """Datasource references as Grafana 10 writes them: `{type, uid}`. The dashboard's Prometheus
    (the default one, or the one it names) is `${datasource}` when the dashboard has the variable;
    `variable_used` tells whether anything refers to it."""

    def __init__(self, model: Model, variable: str | None = None, datasource: str | None = None) -> None:
        self.model = model
        self.pinned: dict[str, Any] | None
        if datasource is not None:
            chosen = model.datasource_by_name_or_uid(datasource)
            if chosen is None and model.datasources:
                known = ", ".join(sorted(d.name for d in model.datasources if d.type == "prometheus"))
                raise _LayoutError(
                    f"datasource {datasource!r} is not declared (Prometheus datasources: {known or 'none'})"
                )
            if (
                chosen is not None
                and chosen.type != "prometheus"
                and not chosen.type.endswith("-prometheus-datasource")
            ):
                raise _LayoutError(f"datasource {datasource!r} is a {chosen.type} datasource, not Prometheus")
            self.pinned = (
                {"type": chosen.type, "uid": chosen.uid} if chosen else {"type": "prometheus", "uid": datasource}
            )
            self.chosen = chosen
        else:
            self.chosen = model.default_datasource("prometheus")
            self.pinned = {"type": self.chosen.type, "uid": self.chosen.uid} if self.chosen else None
        self.variable = variable
        self.variable_used = False
        self.default = {"type": "prometheus", "uid": f"${{{variable}}}"} if variable else self.pinned

    def _is_chosen(self, name_or_uid: Any) -> bool:
        chosen = self.chosen
        if chosen is None:
            return self.pinned is not None and name_or_uid == self.pinned.get("uid")
        return name_or_uid in (chosen.name, chosen.uid)

    # Names of an export's Prometheus `__inputs` (`${DS_PROMETHEUS}`): Grafana fills them in on
    # import only; a provisioned file keeps them, unresolved, so they become the dashboard's own.
    export_inputs: frozenset[str] = frozenset()

    def _is_export_input(self, value: Any) -> bool:
        uid = value.get("uid") if isinstance(value, dict) else value
        match = _DATASOURCE_VARIABLE_RE.match(uid) if isinstance(uid, str) else None
        return bool(match and match.group(1) in self.export_inputs)

    def _default(self) -> Any:
        if self.variable:
            self.variable_used = True
        return dict(self.default) if self.default else None

    def ref(self, value: Any, where: str) -> Any:
        if value is None or self._is_export_input(value):
            return self._default()
        if isinstance(value, dict):
            if self.variable and self._is_chosen(value.get("uid")) and value.get("type") in (None, "prometheus"):
                return self._default()
            return value
        if not isinstance(value, str):
            raise _LayoutError(f"{where}: datasource must be a name, uid or reference, got {value!r}")
        if value in _SPECIAL_DATASOURCES:
            return dict(_SPECIAL_DATASOURCES[value])
        if value.startswith("$"):
            # A datasource template variable; the type is the one of the default datasource.
            return {"type": (self.pinned or {}).get("type", "prometheus"), "uid": value}
        if self.variable and self._is_chosen(value):
            return self._default()
        ds = self.model.datasource_by_name_or_uid(value)
        if ds is None:
            if not self.model.datasources:
                return {"uid": value}
            known = ", ".join(sorted(d.name for d in self.model.datasources))
            raise _LayoutError(f"{where}: datasource {value!r} is not declared (known: {known})")
        return {"type": ds.type, "uid": ds.uid}


def _datasource_variable_name(raw: dict[str, Any]) -> str:
    """The board's own Prometheus datasource variable when it has one, else `datasource`."""
    templating = raw.get("templating")
    variables = templating.get("list") if isinstance(templating, dict) else None
    for variable in variables if isinstance(variables, list) else []:
        if (
            isinstance(variable, dict)
            and variable.get("type") == "datasource"
            and variable.get("query") == "prometheus"
        ):
            if isinstance(variable.get("name"), str) and variable["name"]:
                return variable["name"]
    for variable in variables if isinstance(variables, list) else []:
        if isinstance(variable, dict) and variable.get("name") == DATASOURCE_VARIABLE:
            raise _LayoutError(
                f"a variable named {DATASOURCE_VARIABLE!r} exists and is not a Prometheus datasource variable; "
                "rename it, or give the Dashboard datasource_variable=False"
            )
    return DATASOURCE_VARIABLE


def _datasource_variable(name: str, resolver: _DatasourceResolver) -> dict[str, Any]:
    """A `datasource` variable as Grafana writes it, starting on the dashboard's Prometheus."""
    variable: dict[str, Any] = {
        "hide": 0,
        "includeAll": False,
        "label": "Data source",
        "multi": False,
        "name": name,
        "options": [],
        "query": "prometheus",
        "refresh": 1,
        "regex": "",
        "type": "datasource",
    }
    if resolver.chosen is not None:
        variable["current"] = {"selected": False, "text": resolver.chosen.name, "value": resolver.chosen.uid}
    elif resolver.pinned:
        variable["current"] = {"selected": False, "text": resolver.pinned["uid"], "value": resolver.pinned["uid"]}
    return variable


def modernize_dashboard(
    raw: dict[str, Any], model: Model, datasource_variable: bool = True, datasource: str | None = None
) -> dict[str, Any]:
    """Grafana's current JSON for a board. `datasource_variable`: Prometheus panels and query
    variables read `${datasource}` (added when something uses it), whose default is `datasource`
    (a declared name or uid; the default Prometheus when None); False pins that datasource's uid."""
    variable_name = _datasource_variable_name(raw) if datasource_variable else None
    resolver = _DatasourceResolver(model, variable_name, datasource)
    resolver.export_inputs = frozenset(
        item["name"]
        for item in raw.get("__inputs") or []
        if isinstance(item, dict) and item.get("pluginId") == "prometheus" and isinstance(item.get("name"), str)
    )
    data = dict(raw)
    shared = data.get("sharedCrosshair")
    panels = list(data.get("panels") or [])
    for row in data.get("rows") or []:  # legacy rows become row panels
        collapsed = bool(row.get("collapse"))
        row_panels = list(row.get("panels") or [])
        # Grafana keeps a collapsed row's panels inside it; an open row's panels follow it.
        panels.append(
            {
                "type": "row",
                "title": row.get("title", ""),
                "collapsed": collapsed,
                "panels": row_panels if collapsed else [],
                **({"repeat": row["repeat"]} if isinstance(row.get("repeat"), str) and row["repeat"] else {}),
            }
        )
        if not collapsed:
            panels.extend(row_panels)
    for key in _LEGACY_DASHBOARD_KEYS:
        data.pop(key, None)
    if shared and not data.get("graphTooltip"):
        data["graphTooltip"] = 1
    data["schemaVersion"] = SCHEMA_VERSION
    data["id"] = None
    timepicker = data.get("timepicker")
    if isinstance(timepicker, dict):
        timepicker.pop("time_options", None)
        data["timepicker"] = _drop_none(timepicker)

    panels = [_modernize_panel(p, resolver) for p in _hoist_open_row_panels(panels)]
    _assign_ids(panels)
    _layout(panels)
    data["panels"] = panels

    templating = data.get("templating") or {}
    variables = []
    for variable in templating.get("list") or []:
        variable = _drop_none(dict(variable))
        for key in _LEGACY_VARIABLE_KEYS:
            variable.pop(key, None)
        if variable.get("type") != "interval":
            for key in ("auto", "auto_count", "auto_min"):
                variable.pop(key, None)
        current = variable.get("current")
        if isinstance(current, dict) and current.get("value") is None:
            # Start on "All" when offered, so a fresh dashboard shows every series.
            if variable.get("includeAll"):
                variable["current"] = {"selected": True, "text": ["All"], "value": ["$__all"]}
            else:
                variable.pop("current")
        if variable.get("type") == "query":
            variable["datasource"] = resolver.ref(variable.get("datasource"), f"variable {variable.get('name')!r}")
            if isinstance(variable.get("query"), str):
                variable.setdefault("definition", variable["query"])
        variables.append(variable)

    annotations = (data.get("annotations") or {}).get("list") or []
    data["annotations"] = {
        "list": [
            {**_drop_none(a), "datasource": resolver.ref(a.get("datasource"), f"annotation {a.get('name')!r}")}
            for a in annotations
        ]
    }
    if variable_name and resolver.variable_used and not any(v.get("name") == variable_name for v in variables):
        variables.insert(0, _datasource_variable(variable_name, resolver))
    data["templating"] = {"list": variables}
    return data


def _hoist_open_row_panels(panels: list[Any]) -> list[Any]:
    """An expanded row's panels follow it at the top level; Grafana shows nothing kept inside it.

    grafanalib's `RowPanel(panels=[...])` without `collapsed=True` nests them anyway."""
    flat: list[Any] = []
    for panel in panels:
        if (
            isinstance(panel, dict)
            and panel.get("type") == "row"
            and not panel.get("collapsed")
            and panel.get("panels")
        ):
            flat.append({**panel, "panels": []})
            flat.extend(panel["panels"])
        else:
            flat.append(panel)
    return flat


def _modernize_panel(panel: dict[str, Any], resolver: _DatasourceResolver) -> dict[str, Any]:
    panel = normalize_field_config(convert_legacy_panel(_drop_none(dict(panel))))
    span = panel.get("span")
    height = panel.get("height")
    for key in _LEGACY_PANEL_KEYS:
        panel.pop(key, None)
    title = panel.get("title", "")
    if panel.get("type") == "row":
        panel["panels"] = [_modernize_panel(p, resolver) for p in panel.get("panels") or []]
        panel.setdefault("collapsed", False)
        # A row holds its title, place and (collapsed) panels, nothing a panel shows.
        return {key: panel[key] for key in _ROW_KEYS if key in panel and key != "datasource"}
    if "gridPos" not in panel and (span or height):
        # grafanalib's legacy sizing hints: span in 12ths of the width, height in pixels.
        w, h = _DEFAULT_SIZE.get(panel.get("type", ""), _FALLBACK_SIZE)
        if span:
            w = max(1, min(GRID_WIDTH, int(round(float(span) * 2))))
        if height:
            h = max(1, int(round(int(str(height).rstrip("px")) / 30)))
        panel["_size"] = (w, h)
    targets = panel.get("targets")
    needs_datasource = bool(targets) or "datasource" in panel
    if needs_datasource and panel.get("type") != "text":
        panel["datasource"] = resolver.ref(panel.get("datasource"), f"panel {title!r}")
    if targets:
        new_targets: list[dict[str, Any]] = []
        used_ref_ids = {t.get("refId") for t in targets if t.get("refId")}
        free_ref_ids = (chr(c) for c in range(ord("A"), ord("Z") + 1) if chr(c) not in used_ref_ids)
        for target in targets:
            if not target.get("refId"):
                # Grafana needs a unique refId per query of a panel; grafanalib defaults to "".
                target = {**target, "refId": next(free_ref_ids, f"Q{len(new_targets)}")}
            target = _drop_none(dict(target))
            if target.get("query") == target.get("expr"):
                for key in _LEGACY_TARGET_KEYS:
                    target.pop(key, None)
            elif isinstance(target.get("expr"), str):
                # Grafana 4's `step` (now `interval`) and Graphite's `metric` on a PromQL query.
                target.pop("step", None)
                target.pop("metric", None)
            target["datasource"] = (
                resolver.ref(target.get("datasource"), f"panel {title!r}")
                if target.get("datasource")
                else panel.get("datasource")
            )
            if "expr" in target:
                target.setdefault("editorMode", "code")
                target["range"] = not target.get("instant", False)
            new_targets.append(target)
        panel["targets"] = new_targets
    defaults = (panel.get("fieldConfig") or {}).get("defaults")
    if isinstance(defaults, dict):
        panel["fieldConfig"]["defaults"] = _drop_none(defaults)
    return panel


def _assign_ids(panels: list[dict[str, Any]]) -> None:
    """Keep ids the user gave; number the rest 1, 2, ... in panel order, skipping taken ones."""
    flat = [p for panel in panels for p in [panel, *panel.get("panels", [])]] if panels else []
    taken: dict[int, str] = {}
    for panel in flat:
        pid = panel.get("id")
        if pid is not None:
            if pid in taken:
                raise _LayoutError(f"panels {taken[pid]!r} and {panel.get('title', '')!r} both have id {pid}")
            taken[pid] = panel.get("title", "")
    next_id = 1
    for panel in flat:
        if panel.get("id") is None:
            while next_id in taken:
                next_id += 1
            panel["id"] = next_id
            taken[next_id] = panel.get("title", "")


def rects_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two (x, y, w, h) gridPos rectangles share any cell."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def _layout(panels: list[dict[str, Any]]) -> None:
    """Flow layout left to right, top to bottom, around panels that carry their own gridPos."""
    fixed: list[tuple[int, int, int, int]] = []
    for panel in panels:
        pos = panel.get("gridPos")
        if pos:
            rect = (int(pos.get("x", 0)), int(pos.get("y", 0)), int(pos.get("w", 12)), int(pos.get("h", 8)))
            if rect[0] < 0 or rect[2] < 1 or rect[0] + rect[2] > GRID_WIDTH:
                raise _LayoutError(f"panel {panel.get('title', '')!r}: gridPos {pos} does not fit the 24-column grid")
            for other in fixed:
                if rects_overlap(rect, other):
                    raise _LayoutError(f"panel {panel.get('title', '')!r}: gridPos {pos} overlaps another panel")
            fixed.append(rect)
    x = y = line_height = 0
    for panel in panels:
        size = panel.pop("_size", None)
        if panel.get("gridPos"):
            _layout_children(panel, panel["gridPos"]["y"] + panel["gridPos"].get("h", 1))
            continue
        w, h = size or _DEFAULT_SIZE.get(panel.get("type", ""), _FALLBACK_SIZE)
        if panel.get("type") == "row" and x > 0:  # rows always start a line
            x, y, line_height = 0, y + line_height, 0
        while True:
            if x + w > GRID_WIDTH:
                x, y, line_height = 0, y + line_height, 0
            rect = (x, y, w, h)
            blocker = next((f for f in fixed if rects_overlap(rect, f)), None)
            if blocker is None:
                break
            x = blocker[0] + blocker[2]
            if x + w > GRID_WIDTH:
                x, y, line_height = 0, y + max(line_height, 1), 0
        panel["gridPos"] = {"h": h, "w": w, "x": x, "y": y}
        fixed.append(rect)
        x += w
        line_height = max(line_height, h)
        if panel.get("type") == "row":
            x, y, line_height = 0, y + h, 0
        _layout_children(panel, y)


def _layout_children(row: dict[str, Any], top: int) -> None:
    """Panels inside a collapsed row: the positions they take below the row when it is expanded.

    Grafana shifts what follows the row down when it opens, so the children are laid out
    among themselves (same flow and overlap rules as the top level), starting at `top`.
    """
    children = row.get("panels") or []
    if not children:
        return
    # Work in coordinates relative to the row, so unplaced children flow from its top and
    # children the user placed (in absolute coordinates) stay where they were put.
    for child in children:
        pos = child.get("gridPos")
        if pos and int(pos.get("y", 0)) >= top:
            child["gridPos"] = {**pos, "y": int(pos.get("y", 0)) - top}
    _layout(children)
    for child in children:
        child["gridPos"] = {**child["gridPos"], "y": child["gridPos"]["y"] + top}
