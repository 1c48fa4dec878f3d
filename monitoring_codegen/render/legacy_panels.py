"""Angular-era panels (graph, singlestat) converted to their modern replacements.

Grafana 11 no longer runs Angular panels; it migrates them on load, in the browser,
every time. Converting at build time gives the JSON Grafana would keep, reviewed in git.
"""

from __future__ import annotations

from typing import Any

_GRAPH_KEYS = (
    "aliasColors", "bars", "dashLength", "dashes", "fill", "fillGradient", "grid", "hiddenSeries", "isNew",
    "legend", "lines", "linewidth", "nullPointMode", "percentage", "pointradius", "points", "renderer",
    "seriesOverrides", "spaceLength", "stack", "steppedLine", "thresholds", "timeRegions", "tooltip",
    "xaxis", "yaxes", "yaxis", "decimals",
)
_SINGLESTAT_KEYS = (
    "colorBackground", "colorValue", "colors", "decimals", "format", "gauge", "mappingType", "mappingTypes",
    "nullPointMode", "nullText", "postfix", "postfixFontSize", "prefix", "prefixFontSize", "rangeMaps",
    "sparkline", "tableColumn", "thresholds", "valueFontSize", "valueMaps", "valueName",
)
# singlestat's valueName -> the reducer id of the stat panel
_REDUCERS = {"avg": "mean", "current": "lastNotNull", "max": "max", "min": "min", "total": "sum",
             "first": "firstNotNull", "delta": "delta", "diff": "diff", "range": "range", "name": "lastNotNull"}


def convert_legacy_panel(panel: dict[str, Any]) -> dict[str, Any]:
    kind = panel.get("type")
    if kind == "graph":
        return _graph_to_timeseries(panel)
    if kind == "singlestat":
        return _singlestat_to_stat(panel)
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
        "drawStyle": "bars" if panel.get("bars") and not panel.get("lines", True) else "line",
        "lineWidth": int(panel.get("linewidth", 1) or 1),
        "fillOpacity": min(100, int(panel.get("fill", 1) or 0) * 10),
        "showPoints": "always" if panel.get("points") else "never",
        "lineInterpolation": "stepAfter" if panel.get("steppedLine") else "linear",
        "spanNulls": panel.get("nullPointMode") == "connected",
        "stacking": {"mode": stacking, "group": "A"},
        "axisPlacement": "auto",
        "scaleDistribution": {"type": "log", "log": left["logBase"]} if (left.get("logBase") or 1) > 1
        else {"type": "linear"},
    }
    calcs = [calc for key, calc in (("avg", "mean"), ("current", "lastNotNull"), ("max", "max"), ("min", "min"),
                                    ("total", "sum")) if legend.get(key)]
    panel["options"] = {
        "legend": {
            "showLegend": bool(legend.get("show", True)),
            "displayMode": "table" if legend.get("alignAsTable") else "list",
            "placement": "right" if legend.get("rightSide") else "bottom",
            "calcs": calcs,
        },
        "tooltip": {"mode": "multi" if tooltip.get("shared", True) else "single",
                    "sort": {0: "none", 1: "asc", 2: "desc"}.get(tooltip.get("sort", 0), "none")},
    }
    for key in _GRAPH_KEYS:
        panel.pop(key, None)
    panel["type"] = "timeseries"
    return panel


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
    defaults["thresholds"] = {"mode": "absolute", "steps": steps}
    sparkline = panel.get("sparkline") or {}
    panel["options"] = {
        "reduceOptions": {"calcs": [_REDUCERS.get(panel.get("valueName", "avg"), "mean")], "fields": "",
                          "values": False},
        "colorMode": "background" if panel.get("colorBackground") else "value",
        "graphMode": "area" if sparkline.get("show") else "none",
        "justifyMode": "auto",
        "orientation": "auto",
        "textMode": "auto",
    }
    for key in _SINGLESTAT_KEYS:
        panel.pop(key, None)
    panel["type"] = "stat"
    return panel
