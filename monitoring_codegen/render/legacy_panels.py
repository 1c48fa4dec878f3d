"""Angular-era panels (graph, singlestat) converted to their modern replacements.

Grafana 11 no longer runs Angular panels; it migrates them on load, in the browser,
every time. Converting at build time gives the JSON Grafana would keep, reviewed in git.
"""

from __future__ import annotations

import copy
from typing import Any

_GRAPH_KEYS = (
    "aliasColors",
    "bars",
    "dashLength",
    "dashes",
    "fill",
    "fillGradient",
    "grid",
    "hiddenSeries",
    "isNew",
    "legend",
    "lines",
    "linewidth",
    "nullPointMode",
    "percentage",
    "pointradius",
    "points",
    "renderer",
    "seriesOverrides",
    "spaceLength",
    "stack",
    "steppedLine",
    "thresholds",
    "timeRegions",
    "tooltip",
    "xaxis",
    "yaxes",
    "yaxis",
    "decimals",
)
_SINGLESTAT_KEYS = (
    "colorBackground",
    "colorValue",
    "colors",
    "decimals",
    "format",
    "gauge",
    "mappingType",
    "mappingTypes",
    "nullPointMode",
    "nullText",
    "postfix",
    "postfixFontSize",
    "prefix",
    "prefixFontSize",
    "rangeMaps",
    "sparkline",
    "tableColumn",
    "thresholds",
    "valueFontSize",
    "valueMaps",
    "valueName",
)
# singlestat's valueName -> the reducer id of the stat panel
_REDUCERS = {
    "avg": "mean",
    "current": "lastNotNull",
    "max": "max",
    "min": "min",
    "total": "sum",
    "first": "firstNotNull",
    "delta": "delta",
    "diff": "diff",
    "range": "range",
    "name": "lastNotNull",
}


def convert_legacy_panel(panel: dict[str, Any]) -> dict[str, Any]:
    kind = panel.get("type")
    if kind == "graph":
        return _graph_to_timeseries(panel)
    if kind == "singlestat":
        return _singlestat_to_stat(panel)
    if kind == "heatmap":
        return _heatmap_options(panel)
    if kind == "table":
        return _table_field_config(panel)
    return panel


# The Angular heatmap's settings; the heatmap panel of Grafana 9+ reads `options` only.
_HEATMAP_KEYS = (
    "cards",
    "color",
    "dataFormat",
    "heatmap",
    "hideZeroBuckets",
    "highlightCards",
    "legend",
    "reverseYBuckets",
    "tooltip",
    "tooltipDecimals",
    "xAxis",
    "xBucketNumber",
    "xBucketSize",
    "yAxis",
    "yBucketBound",
    "yBucketNumber",
    "yBucketSize",
)


def _dict_at(panel: dict[str, Any], key: str) -> dict[str, Any]:
    """`panel[key]` when it is an object, else an empty one."""
    value = panel.get(key)
    return value if isinstance(value, dict) else {}


def _heatmap_options(panel: dict[str, Any]) -> dict[str, Any]:
    """grafanalib's Heatmap writes the Angular heatmap's keys and `options: []`.

    Grafana converts such a panel in the browser on every load, and only when `options` is
    empty; here it is converted at build time the same way. When `options` are given too
    (grafanalib's extraJson), the Angular settings that differ from grafanalib's defaults are
    converted beneath them: the given options win, and no setting is lost, as Grafana would
    lose `hideZeroBuckets=True` beside any `options`."""
    panel = dict(panel)
    converted = _angular_heatmap_options(panel)
    given = panel.get("options")
    if isinstance(given, dict) and given:
        options = copy.deepcopy(given)
        untouched = _angular_heatmap_options(_grafanalib_heatmap())
        for path, value in _leaves(converted):
            if _lookup(untouched, path) != value and _lookup(options, path) is _MISSING:
                _assign(options, path, value)
    else:
        options = converted
    tooltip = options.get("tooltip")
    if isinstance(tooltip, dict) and "show" in tooltip:
        # Grafana 9's `tooltip.show`; Grafana 10+ reads `tooltip.mode`.
        tooltip = dict(tooltip)
        show = tooltip.pop("show")
        tooltip.setdefault("mode", "single" if show else "none")
        options["tooltip"] = tooltip
    panel["options"] = options
    for key in _HEATMAP_KEYS:
        panel.pop(key, None)
    return panel


def _angular_heatmap_options(panel: dict[str, Any]) -> dict[str, Any]:
    """The Grafana 10 heatmap options for an Angular heatmap's keys (Grafana's own migration)."""
    y_axis = _dict_at(panel, "yAxis")
    cards = _dict_at(panel, "cards")
    color = _dict_at(panel, "color")
    tooltip = _dict_at(panel, "tooltip")
    legend = _dict_at(panel, "legend")
    calculate = panel.get("dataFormat") != "tsbuckets"
    options: dict[str, Any] = {
        "calculate": calculate,
        "cellGap": int(cards["cardPadding"]) if cards.get("cardPadding") is not None else 1,
        "color": {
            "mode": "opacity" if color.get("mode") == "opacity" else "scheme",
            "scheme": str(color.get("colorScheme") or "interpolateOranges").replace("interpolate", ""),
            "fill": color.get("cardColor") or "dark-orange",
            "scale": "linear" if color.get("colorScale") == "linear" else "exponential",
            "exponent": color.get("exponent", 0.5),
            "steps": 128,
            "reverse": False,
        },
        "legend": {"show": bool(legend.get("show"))},
        "tooltip": {
            "mode": "single" if tooltip.get("show", True) else "none",
            "yHistogram": bool(tooltip.get("showHistogram")),
        },
        "yAxis": {
            "axisPlacement": "left" if y_axis.get("show", True) else "hidden",
            "reverse": bool(panel.get("reverseYBuckets")),
        },
        "rowsFrame": {
            "layout": {"upper": "ge", "lower": "le", "middle": "unknown"}.get(
                panel.get("yBucketBound") or "auto", "auto"
            )
        },
        "showValue": "never",
    }
    if cards.get("cardRound") is not None:
        options["cellRadius"] = float(cards["cardRound"])
    for key, target in (
        ("format", "unit"),
        ("decimals", "decimals"),
        ("min", "min"),
        ("max", "max"),
        ("label", "axisLabel"),
    ):
        value = y_axis.get(key)
        if value is not None and value != "":
            options["yAxis"][target] = float(value) if target in ("min", "max") else value
    if (y_axis.get("logBase") or 1) > 1:
        options["yAxis"]["scaleDistribution"] = {"type": "log", "log": y_axis["logBase"]}
    for key in ("min", "max"):
        if color.get(key) is not None:
            options["color"][key] = float(color[key])
    if panel.get("hideZeroBuckets"):
        options["filterValues"] = {"le": 1e-9}
    calculation: dict[str, Any] = {}
    for axis in ("x", "y"):
        size, number = panel.get(f"{axis}BucketSize"), panel.get(f"{axis}BucketNumber")
        if size not in (None, ""):
            calculation[f"{axis}Buckets"] = {"mode": "size", "value": str(size)}
        elif number not in (None, ""):
            calculation[f"{axis}Buckets"] = {"mode": "count", "value": str(number)}
    if calculation:
        options["calculation"] = calculation
    return options


_GRAFANALIB_HEATMAP: list[dict[str, Any]] = []


def _grafanalib_heatmap() -> dict[str, Any]:
    """The JSON of grafanalib's Heatmap() with nothing set: what "not set by the user" looks like."""
    if not _GRAFANALIB_HEATMAP:
        import json

        from grafanalib import core as G
        from grafanalib._gen import DashboardEncoder

        _GRAFANALIB_HEATMAP.append(json.loads(json.dumps(G.Heatmap().to_json_data(), cls=DashboardEncoder)))
    return _GRAFANALIB_HEATMAP[0]


_MISSING = object()


def _leaves(tree: dict[str, Any], prefix: tuple[str, ...] = ()):
    for key, value in tree.items():
        if isinstance(value, dict) and value:
            yield from _leaves(value, (*prefix, key))
        else:
            yield (*prefix, key), value


def _lookup(tree: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(tree, dict) or key not in tree:
            return _MISSING
        tree = tree[key]
    return tree


def _assign(tree: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        child = tree.get(key)
        if not isinstance(child, dict):
            child = tree[key] = {}
        tree = child
    tree[path[-1]] = copy.deepcopy(value)


# The table's old `displayMode` (still in grafanalib) -> `cellOptions`, as Grafana's table
# migration converts it; schemaVersion 39 files are no longer migrated, so it is done here.
_CELL_OPTIONS = {
    "basic": {"type": "gauge", "mode": "basic"},
    "lcd-gauge": {"type": "gauge", "mode": "lcd"},
    "gradient-gauge": {"type": "gauge", "mode": "gradient"},
    "color-background": {"type": "color-background", "mode": "gradient"},
    "color-background-solid": {"type": "color-background", "mode": "basic"},
}


def cell_options(display_mode: Any) -> dict[str, Any]:
    if isinstance(display_mode, str) and display_mode in _CELL_OPTIONS:
        return dict(_CELL_OPTIONS[display_mode])
    return {"type": display_mode if isinstance(display_mode, str) and display_mode else "auto"}


def _table_field_config(panel: dict[str, Any]) -> dict[str, Any]:
    """grafanalib's Table puts value mappings and the colour mode at the top level, where the
    table panel of Grafana 8+ does not read them, beside the Angular table's `columns`/`fontSize`."""
    panel = dict(panel)
    defaults = _defaults(panel)
    mappings = panel.pop("mappings", None)
    if mappings and not defaults.get("mappings"):
        defaults["mappings"] = mappings
    color = panel.pop("color", None)
    if isinstance(color, dict) and color.get("mode") and "color" not in defaults:
        defaults["color"] = color
    for key in ("columns", "fontSize", "styles", "transform", "scroll", "sort"):
        panel.pop(key, None)
    custom = defaults.get("custom")
    if isinstance(custom, dict) and "displayMode" in custom:
        custom = dict(custom)
        mode = custom.pop("displayMode")
        custom.setdefault("cellOptions", cell_options(mode))
        defaults["custom"] = custom
    for override in panel["fieldConfig"].get("overrides") or []:
        for prop in override.get("properties") or [] if isinstance(override, dict) else []:
            if isinstance(prop, dict) and prop.get("id") == "custom.displayMode":
                prop["id"], prop["value"] = "custom.cellOptions", cell_options(prop.get("value"))
    return panel


def _defaults(panel: dict[str, Any]) -> dict[str, Any]:
    field_config = panel.setdefault("fieldConfig", {})
    field_config.setdefault("overrides", [])
    return field_config.setdefault("defaults", {})


def _graph_to_timeseries(panel: dict[str, Any]) -> dict[str, Any]:
    panel = dict(panel)
    yaxes = panel.get("yaxes") or [{}]
    left = yaxes[0] if yaxes and isinstance(yaxes[0], dict) else {}
    legend = panel.get("legend") or {}
    tooltip = panel.get("tooltip") or {}
    stacking = "percent" if panel.get("percentage") else "normal" if panel.get("stack") else "none"
    defaults = _defaults(panel)
    if left.get("format") and not defaults.get("unit"):
        defaults["unit"] = left["format"]
    for key in ("min", "max", "decimals"):
        value = left.get(key) if key != "decimals" else panel.get("decimals", left.get("decimals"))
        if value is not None and value != "":
            defaults.setdefault(key, float(value) if key != "decimals" else int(value))
    defaults["custom"] = {
        # Bars win over lines, as Grafana's graph migration decides; neither: points alone.
        "drawStyle": "bars" if panel.get("bars") else "line" if panel.get("lines", True) else "points",
        "lineWidth": int(panel.get("linewidth", 1) or 1),
        "fillOpacity": min(100, int(panel.get("fill", 1) or 0) * 10),
        "showPoints": "always"
        if panel.get("points") or not (panel.get("bars") or panel.get("lines", True))
        else "never",
        "gradientMode": "opacity" if (panel.get("fillGradient") or 0) > 0 else "none",
        "lineInterpolation": "stepAfter" if panel.get("steppedLine") else "linear",
        "spanNulls": panel.get("nullPointMode") == "connected",
        "stacking": {"mode": stacking, "group": "A"},
        "axisPlacement": "auto",
        **({"pointSize": float(panel["pointradius"]) * 2} if _is_number(panel.get("pointradius")) else {}),
        "scaleDistribution": {"type": "log", "log": left["logBase"]}
        if (left.get("logBase") or 1) > 1
        else {"type": "linear"},
    }
    calcs = [
        calc
        for key, calc in (("avg", "mean"), ("current", "lastNotNull"), ("max", "max"), ("min", "min"), ("total", "sum"))
        if legend.get(key)
    ]
    panel["options"] = {
        "legend": {
            "showLegend": bool(legend.get("show", True)),
            "displayMode": "table" if legend.get("alignAsTable") else "list",
            "placement": "right" if legend.get("rightSide") else "bottom",
            "calcs": calcs,
            **_legend_sort_and_width(legend, calcs),
        },
        "tooltip": {
            "mode": "multi" if tooltip.get("shared", True) else "single",
            "sort": {0: "none", 1: "asc", 2: "desc"}.get(tooltip.get("sort", 0), "none"),
        },
    }
    overrides = _graph_overrides(panel, yaxes)
    if overrides:
        panel["fieldConfig"]["overrides"] = [*panel["fieldConfig"].get("overrides", []), *overrides]
    steps = _graph_threshold_steps(panel.get("thresholds"))
    if steps:
        defaults["thresholds"] = {"mode": "absolute", "steps": steps}
        defaults["custom"]["thresholdsStyle"] = {
            "mode": "line+area" if any(t.get("fill") for t in panel["thresholds"] if isinstance(t, dict)) else "line"
        }
    for key in _GRAPH_KEYS:
        panel.pop(key, None)
    panel["type"] = "timeseries"
    return panel


# The graph legend's sort keys -> the timeseries legend's column names (the calcs' display names).
_LEGEND_SORT = {"avg": "Mean", "current": "Last *", "max": "Max", "min": "Min", "total": "Total"}


def _legend_sort_and_width(legend: dict[str, Any], calcs: list[str]) -> dict[str, Any]:
    """A graph legend's `sort`/`sortDesc` and `sideWidth`, in the timeseries legend's terms."""
    out: dict[str, Any] = {}
    if legend.get("sort") in _LEGEND_SORT:
        out["sortBy"] = _LEGEND_SORT[legend["sort"]]
        out["sortDesc"] = bool(legend.get("sortDesc"))
    if _is_number(legend.get("sideWidth")):
        out["width"] = legend["sideWidth"]
    return out


def _matcher(alias: str) -> dict[str, Any]:
    if len(alias) > 1 and alias.startswith("/") and alias.endswith("/"):
        return {"id": "byRegexp", "options": alias[1:-1]}
    return {"id": "byName", "options": alias}


def _graph_overrides(panel: dict[str, Any], yaxes: list) -> list[dict[str, Any]]:
    """aliasColors and seriesOverrides as field overrides, the way Grafana's own migration does,
    so a converted graph keeps its colours, right axis, dashes and hidden series."""
    overrides: list[dict[str, Any]] = []
    for alias, color in sorted((panel.get("aliasColors") or {}).items()):
        overrides.append(
            {
                "matcher": {"id": "byName", "options": alias},
                "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": color}}],
            }
        )
    right = yaxes[1] if len(yaxes) > 1 and isinstance(yaxes[1], dict) else {}
    for series in panel.get("seriesOverrides") or []:
        if not isinstance(series, dict) or not series.get("alias"):
            continue
        props: list[dict[str, Any]] = []
        for key, value in series.items():
            if key == "yaxis" and value == 2:
                props.append({"id": "custom.axisPlacement", "value": "right"})
                if right.get("format"):
                    props.append({"id": "unit", "value": right["format"]})
            elif key == "color":
                props.append({"id": "color", "value": {"mode": "fixed", "fixedColor": value}})
            elif key == "fill":
                props.append({"id": "custom.fillOpacity", "value": min(100, int(value) * 10)})
            elif key == "linewidth":
                props.append({"id": "custom.lineWidth", "value": int(value)})
            elif key == "dashes" and value:
                props.append({"id": "custom.lineStyle", "value": {"fill": "dash", "dash": [10, 10]}})
            elif key == "bars" and value:
                props.append({"id": "custom.drawStyle", "value": "bars"})
            elif key == "points":
                props.append({"id": "custom.showPoints", "value": "always" if value else "never"})
            elif key == "stack":
                props.append(
                    {
                        "id": "custom.stacking",
                        "value": {
                            "mode": "normal" if value else "none",
                            "group": str(value) if value not in (True, False) else "A",
                        },
                    }
                )
            elif key == "transform" and value == "negative-Y":
                props.append({"id": "custom.transform", "value": "negative-Y"})
            elif key in ("legend", "hideTooltip", "hiddenSeries"):
                hide = {
                    "legend": key == "legend" and value is False,
                    "tooltip": key == "hideTooltip" and bool(value),
                    "viz": key == "hiddenSeries" and bool(value),
                }
                if any(hide.values()):
                    props.append({"id": "custom.hideFrom", "value": hide})
        if props:
            overrides.append({"matcher": _matcher(str(series["alias"])), "properties": props})
    return overrides


# Looked up with the raw JSON value of `colorMode`, whatever its type.
_THRESHOLD_COLORS: dict[object, str] = {"critical": "red", "warning": "orange", "ok": "green"}


def _graph_threshold_steps(raw: Any) -> list[dict[str, Any]]:
    """Graph thresholds (`value`, `op: gt`, `colorMode`) as threshold steps above a transparent base."""
    steps: list[dict[str, Any]] = []
    for threshold in raw if isinstance(raw, list) else []:
        if not isinstance(threshold, dict) or threshold.get("op", "gt") != "gt":
            continue
        try:
            value = float(threshold["value"])
        except (KeyError, TypeError, ValueError):
            continue
        color = threshold.get("lineColor") if threshold.get("colorMode") == "custom" else None
        steps.append({"color": color or _THRESHOLD_COLORS.get(threshold.get("colorMode"), "red"), "value": value})
    if not steps:
        return []
    return [{"color": "transparent", "value": None}, *sorted(steps, key=lambda s: s["value"])]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _singlestat_mappings(panel: dict[str, Any]) -> list[dict[str, Any]]:
    """singlestat's value and range maps (`valueMaps`, `rangeMaps`) as field value mappings."""
    mappings: list[dict[str, Any]] = []
    for item in panel.get("valueMaps") or []:
        if isinstance(item, dict) and item.get("value") not in (None, "") and item.get("text") is not None:
            mappings.append({"type": "value", "options": {str(item["value"]): {"text": str(item["text"])}}})
    for item in panel.get("rangeMaps") or []:
        if isinstance(item, dict) and item.get("text") is not None:
            bounds = {}
            for key in ("from", "to"):
                try:
                    bounds[key] = float(item[key])
                except (KeyError, TypeError, ValueError):
                    continue
            if bounds:
                mappings.append({"type": "range", "options": {**bounds, "result": {"text": str(item["text"])}}})
    return mappings


def _singlestat_to_stat(panel: dict[str, Any]) -> dict[str, Any]:
    panel = dict(panel)
    defaults = _defaults(panel)
    if panel.get("format") and not defaults.get("unit"):
        defaults["unit"] = panel["format"]
    if panel.get("decimals") is not None:
        defaults["decimals"] = int(panel["decimals"])
    thresholds = [t.strip() for t in str(panel.get("thresholds") or "").split(",") if t.strip()]
    colors = panel.get("colors") or ["green", "orange", "red"]
    steps = [{"color": colors[0], "value": None}]
    for index, value in enumerate(thresholds[:2], start=1):
        try:
            steps.append({"color": colors[min(index, len(colors) - 1)], "value": float(value)})
        except ValueError:
            break
    given = defaults.get("thresholds")
    mode = given.get("mode") if isinstance(given, dict) else None
    defaults["thresholds"] = {"mode": mode if mode in ("absolute", "percentage") else "absolute", "steps": steps}
    if isinstance(panel.get("nullText"), str) and panel["nullText"]:
        defaults.setdefault("noValue", panel["nullText"])
    mappings = _singlestat_mappings(panel)
    if mappings and not defaults.get("mappings"):
        defaults["mappings"] = mappings
    sparkline = panel.get("sparkline") or {}
    panel["options"] = {
        "reduceOptions": {
            "calcs": [_REDUCERS.get(panel.get("valueName", "avg"), "mean")],
            "fields": "",
            "values": False,
        },
        "colorMode": "background" if panel.get("colorBackground") else "value" if panel.get("colorValue") else "none",
        "graphMode": "area" if sparkline.get("show") else "none",
        "justifyMode": "auto",
        "orientation": "auto",
        "textMode": "auto",
    }
    for key in _SINGLESTAT_KEYS:
        panel.pop(key, None)
    panel["type"] = "stat"
    return panel


def _steps(raw: Any) -> list[dict[str, Any]]:
    """Grafana threshold steps: `{color, value}`, the first (base) step with value null.

    grafanalib writes graph-era threshold objects (`op`, `yaxis`, `line`, `index`, and the
    string "null"); Grafana 10 ignores them or draws no base colour."""
    steps = []
    for index, step in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(step, dict):
            continue
        value = step.get("value")
        if index == 0 or value in (None, "null", ""):
            value = None
        else:
            try:
                value = float(value)
            except (TypeError, ValueError):
                continue
        steps.append({"color": step.get("color", "green"), "value": value})
    if steps:
        steps[0]["value"] = None
    return steps


# The base threshold step Grafana gives a new panel: values below any threshold are green.
BASE_STEP = {"color": "green", "value": None}


def normalize_field_config(panel: dict[str, Any]) -> dict[str, Any]:
    """Put grafanalib's misplaced gauge/bar gauge settings where Grafana 10 reads them."""
    kind = panel.get("type")
    field_config = panel.get("fieldConfig")
    options = panel.get("options")
    if kind == "bargauge" and isinstance(options, dict) and isinstance(options.get("fieldOptions"), dict):
        options = dict(options)
        legacy = options.pop("fieldOptions")
        defaults = _defaults(panel)
        for key, value in (legacy.get("defaults") or {}).items():
            if value is not None:
                defaults.setdefault(key, value)
        # Threshold labels and markers are gauge options; the bar gauge has neither (an
        # explicit choice is refused earlier, in grafanalib_options).
        options.pop("showThresholdLabels", None)
        options.pop("showThresholdMarkers", None)
        if legacy.get("mappings"):
            defaults.setdefault("mappings", legacy["mappings"])
        if legacy.get("thresholds") and not (defaults.get("thresholds") or {}).get("steps"):
            defaults["thresholds"] = {"mode": "absolute", "steps": legacy["thresholds"]}
        options["reduceOptions"] = {
            "calcs": legacy.get("calcs") or ["lastNotNull"],
            "fields": "",
            "values": bool(legacy.get("values")),
        }
        if legacy.get("limit") is not None:
            options["reduceOptions"]["limit"] = legacy["limit"]
        panel["options"] = options
    elif kind == "gauge" and isinstance(field_config, dict):
        defaults = _defaults(panel)
        options = dict(options or {})
        reduce = options.setdefault("reduceOptions", {"fields": ""})
        reduce["calcs"] = defaults.pop("calcs", None) or reduce.get("calcs") or ["lastNotNull"]
        reduce["values"] = bool(defaults.pop("values", reduce.get("values", False)))
        limit = defaults.pop("limit", None)
        if limit is not None:
            reduce["limit"] = limit
        for key in ("showThresholdLabels", "showThresholdMarkers"):
            if key in field_config:
                options[key] = field_config.pop(key)
        defaults.pop("override", None)
        panel["options"] = options
    field_config = panel.get("fieldConfig")
    if isinstance(field_config, dict):
        field_defaults = field_config.get("defaults")
        if isinstance(field_defaults, dict):
            for key in ("title", "decimals", "min", "max"):
                if field_defaults.get(key) is None:
                    field_defaults.pop(key, None)
            title = field_defaults.pop("title", None)
            if isinstance(title, str) and title and "displayName" not in field_defaults:
                # grafanalib's gauge `label` is Grafana 6's field title, now the display name.
                field_defaults["displayName"] = title
            thresholds = field_defaults.get("thresholds")
            if isinstance(thresholds, dict) and isinstance(thresholds.get("steps"), (list, str)):
                field_defaults["thresholds"] = {
                    "mode": thresholds.get("mode", "absolute"),
                    # Without a base step Grafana colours every value in its fallback grey.
                    "steps": _steps(thresholds["steps"]) or [dict(BASE_STEP)],
                }
            for mapping in field_defaults.get("mappings") or []:
                results = mapping.get("options") if isinstance(mapping, dict) else None
                for result in results.values() if isinstance(results, dict) else []:
                    if isinstance(result, dict) and result.get("index", 0) is None:
                        del result["index"]  # grafanalib's StatValueMappingItem writes `index: null`
            custom = field_defaults.get("custom")
            if isinstance(custom, dict):
                # grafanalib writes `axisSoftMin: null` and the like for unset options; Grafana
                # writes nothing, and its schema types them as numbers.
                custom = {key: value for key, value in custom.items() if value is not None}
                field_defaults["custom"] = custom
            if field_defaults.get("custom") == {} and kind in ("stat", "gauge", "bargauge"):
                field_defaults.pop("custom")
        field_config.setdefault("overrides", [])
    return panel
