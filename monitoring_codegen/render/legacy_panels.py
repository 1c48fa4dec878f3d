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
            if value is not None and key != "title":
                defaults.setdefault(key, value)
        if legacy.get("mappings"):
            defaults.setdefault("mappings", legacy["mappings"])
        if legacy.get("thresholds") and not (defaults.get("thresholds") or {}).get("steps"):
            defaults["thresholds"] = {"mode": "absolute", "steps": legacy["thresholds"]}
        options["reduceOptions"] = {"calcs": legacy.get("calcs") or ["lastNotNull"], "fields": "",
                                    "values": bool(legacy.get("values"))}
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
        defaults = field_config.get("defaults")
        if isinstance(defaults, dict):
            for key in ("title", "decimals", "min", "max"):
                if defaults.get(key) is None:
                    defaults.pop(key, None)
            thresholds = defaults.get("thresholds")
            if isinstance(thresholds, dict) and isinstance(thresholds.get("steps"), list):
                defaults["thresholds"] = {"mode": thresholds.get("mode", "absolute"), "steps": _steps(thresholds["steps"])}
            if defaults.get("custom") == {} and kind in ("stat", "gauge", "bargauge"):
                defaults.pop("custom")
        field_config.setdefault("overrides", [])
    return panel
