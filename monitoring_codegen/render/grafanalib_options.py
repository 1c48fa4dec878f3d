"""What a user set on grafanalib objects, and whether the rendered JSON can carry it.

grafanalib writes every attribute, set or not, with its own defaults (`maxDataPoints: 100`,
`noValue: "none"`), and some of what it writes has no place in Grafana 10/11's JSON (an
Angular heatmap's `highlightCards`, a graph tooltip's `sort`). The JSON alone cannot tell a
user's choice from grafanalib's default, so this module looks at the objects themselves:
an attribute differs from its declared default exactly when the user set it. The renderer
then leaves grafanalib's defaults to Grafana, and refuses, with the attribute's name, an
option that would otherwise vanish between the definition and the JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attr

# (grafanalib class name, attribute) -> why the rendered JSON cannot carry it. Looked up along
# the class's MRO, so an entry for `Panel` covers every panel type. Dotted names are attributes
# of a nested grafanalib object (`tooltip.sort`: Heatmap(tooltip=Tooltip(sort=...))).
UNSUPPORTED: dict[tuple[str, str], str] = {
    ("Panel", "editable"): "Grafana has no per-panel `editable` since schemaVersion 14; set it on the dashboard",
    ("Panel", "error"): "`error` is state Grafana 4 kept in the JSON; it has no meaning in a definition",
    ("Panel", "minSpan"): "`minSpan` belongs to the row layout Grafana 5 replaced with gridPos",
    ("BarGauge", "thresholdLabels"): "the bar gauge panel has no threshold labels (they are a gauge option)",
    ("BarGauge", "thresholdMarkers"): "the bar gauge panel has no threshold markers (they are a gauge option)",
    ("BarGauge", "rangeMaps"): "grafanalib does not write BarGauge.rangeMaps; give `mappings` in extraJson fieldConfig",
    (
        "GaugePanel",
        "rangeMaps",
    ): "grafanalib does not write GaugePanel.rangeMaps; give `mappings` in extraJson fieldConfig",
    ("Table", "columns"): "`columns` configures the Angular table; the table panel of Grafana 8+ shows every field",
    ("Table", "fontSize"): "`fontSize` configures the Angular table; the table panel of Grafana 8+ has no font size",
    ("Heatmap", "highlightCards"): "the heatmap panel of Grafana 9+ always highlights the hovered cell",
    ("Heatmap", "xAxis"): "the heatmap panel of Grafana 9+ always shows its time axis",
    ("Heatmap", "tooltip.shared"): "a heatmap tooltip shows one cell; `shared` is a graph tooltip setting",
    ("Heatmap", "tooltip.sort"): "a heatmap tooltip shows one cell; `sort` is a graph tooltip setting",
    ("Heatmap", "tooltip.valueType"): "`valueType` is a graph tooltip setting the heatmap panel does not read",
    ("Heatmap", "tooltip.msResolution"): "`msResolution` is a graph tooltip setting the heatmap panel does not read",
    ("Row", "editable"): "Grafana has no per-row `editable`; set it on the dashboard",
    ("Row", "height"): "a legacy row's height does not size its panels in Grafana 5+; give each panel gridPos",
    ("Row", "showTitle"): "a row panel always shows its title",
    ("Graph", "alert"): "Grafana 11 has no dashboard (legacy) alerts; declare an AlertRule instead",
    ("Graph", "alertThreshold"): "a legacy alert's threshold line; Grafana 11 has no dashboard alerts",
    ("Graph", "align"): "the timeseries panel cannot align two y axes at a level",
    ("Graph", "alignLevel"): "the timeseries panel cannot align two y axes at a level",
    ("Graph", "fillGradient"): "grafanalib does not write Graph.fillGradient; use TimeSeries(gradientMode='opacity')",
    ("Graph", "legend.hideEmpty"): "the timeseries legend lists every series; hide empty ones with a transformation",
    ("Graph", "legend.hideZero"): "the timeseries legend lists every series; hide zero ones with a transformation",
    ("Graph", "grid"): "graph grid thresholds are not converted; use `thresholds` (they become threshold steps)",
    ("Graph", "isNew"): "`isNew` is editor state of Grafana 4",
    ("Graph", "renderer"): "the timeseries panel renders one way (`renderer` chose flot or png)",
    (
        "Graph",
        "xAxis",
    ): "the timeseries panel's x axis is time; use the barchart or histogram panel for series or buckets",
    ("Graph", "tooltip.msResolution"): "`msResolution` is an Angular graph tooltip setting",
    ("Graph", "tooltip.valueType"): "`valueType` (cumulative/individual) is an Angular graph tooltip setting",
    ("SingleStat", "gauge"): "a singlestat gauge becomes a stat here; use GaugePanel for a gauge",
    ("SingleStat", "mappingType"): "value and range maps both apply in the stat panel; `mappingType` chose one",
    ("SingleStat", "mappingTypes"): "value and range maps both apply in the stat panel; `mappingTypes` listed them",
    ("SingleStat", "nullPointMode"): "the stat panel reduces the series itself; `nullPointMode` has no equivalent",
    ("SingleStat", "prefix"): "the stat panel has no prefix; use a custom unit (`format='prefix:$'`)",
    ("SingleStat", "postfix"): "the stat panel has no postfix; use a custom unit (`format='suffix: req'`)",
    ("SingleStat", "prefixFontSize"): "the stat panel sizes its text to fit",
    ("SingleStat", "postfixFontSize"): "the stat panel sizes its text to fit",
    ("SingleStat", "valueFontSize"): "the stat panel sizes its text to fit",
    ("SingleStat", "sparkline.fillColor"): "the stat sparkline takes the value's colour",
    ("SingleStat", "sparkline.lineColor"): "the stat sparkline takes the value's colour",
    ("SingleStat", "sparkline.full"): "the stat sparkline always fills the panel's width",
    ("Target", "step"): "`step` is Grafana 4's query resolution; set `interval` (the minimum step) instead",
    ("Target", "metric"): "`metric` is a Graphite-era field the Prometheus query does not read",
    ("Target", "target"): "`target` is a Graphite query; a Prometheus target has `expr`",
    ("Template", "useTags"): "tag-based variables were removed in Grafana 8",
    ("Template", "tagsQuery"): "tag-based variables were removed in Grafana 8",
    ("Template", "tagValuesQuery"): "tag-based variables were removed in Grafana 8",
    ("Dashboard", "id"): "a dashboard's numeric id belongs to one Grafana database; mcg writes null (the uid names it)",
    ("Dashboard", "schemaVersion"): "mcg writes schemaVersion 39, the JSON it converts every board to",
    ("Dashboard", "timePicker.timeOptions"): "the time picker's `time_options` list was removed in Grafana 7",
    ("Dashboard", "hideControls"): "`hideControls` was removed in Grafana 5 (hide variables with `hide=2`)",
    ("Dashboard", "style"): "Grafana 7+ has no per-dashboard theme; each user picks one",
    ("Dashboard", "inputs"): "`__inputs` is written by Grafana's export for import; provisioned files have none",
    ("Dashboard", "gnetId"): "`gnetId` marks a dashboard imported from grafana.com; a definition is not one",
}
# Attributes of interval variables only: on another variable type the renderer drops them.
_INTERVAL_ONLY = ("auto", "autoCount", "autoMin")
# What a row panel (RowPanel) carries into Grafana's JSON: a row shows a title and holds panels.
_ROW_PANEL_OPTIONS = ("title", "collapsed", "panels", "id", "gridPos", "repeat")


def _default_of(field: attr.Attribute) -> Any:
    default: Any = field.default
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            return attr.NOTHING
        return default.factory()
    return default


_DEFAULTS: dict[Any, dict[str, Any]] = {}


def _defaults(cls: Any) -> dict[str, Any]:
    """Attribute name -> grafanalib's default, per class (made once: only ever compared)."""
    if cls not in _DEFAULTS:
        _DEFAULTS[cls] = {field.name: _default_of(field) for field in attr.fields(cls) if field.init}
    return _DEFAULTS[cls]


def _same(value: Any, default: Any) -> bool:
    try:
        return bool(value == default)
    except Exception:  # objects whose __eq__ refuses a comparison: count them as set
        return False


def set_options(obj: Any, prefix: str = "", against: Any = None) -> Iterator[tuple[str, Any]]:
    """(attribute, value) for every attribute of a grafanalib object that differs from its default
    (or, for a nested object, from the same attribute of its default object, `against`).

    Nested grafanalib objects whose default is an object of the same class are compared
    attribute by attribute (`tooltip.sort`), so one changed setting names itself."""
    if not attr.has(type(obj)):
        return
    for name, default in _defaults(type(obj)).items():
        if against is not None:
            default = getattr(against, name, attr.NOTHING)
        value = getattr(obj, name)
        if default is attr.NOTHING or _same(value, default):
            continue
        if attr.has(type(value)) and type(value) is type(default) and not hasattr(value, "panels"):
            yield from set_options(value, f"{prefix}{name}.", default)
        else:
            yield f"{prefix}{name}", value


def is_set(obj: Any, name: str) -> bool:
    """Whether the user gave attribute `name` (dotted: of a nested object) a value other than
    grafanalib's default."""
    head, _, rest = name.partition(".")
    if not attr.has(type(obj)):
        return obj is not None
    defaults = _defaults(type(obj))
    if head not in defaults:
        return True
    value, default = getattr(obj, head, None), defaults[head]
    if rest:
        # A nested object's attribute: set when it differs from that of the nested default
        # object (TimePicker's own attributes have no defaults; grafanalib's default picker does).
        if _same(value, default):
            return False
        if attr.has(type(default)) and type(value) is type(default):
            return not _same(_at_dotted(value, rest), _at_dotted(default, rest))
        return is_set(value, rest)
    return default is attr.NOTHING or not _same(value, default)


def _at_dotted(obj: Any, name: str) -> Any:
    for part in name.split("."):
        obj = getattr(obj, part, None)
    return obj


_WATCHED: dict[Any, tuple[tuple[str, str], ...]] = {}


def _watched(cls: Any) -> tuple[tuple[str, str], ...]:
    """(attribute, reason) of the class that no rendered JSON carries, checked on every object."""
    if cls not in _WATCHED:
        _WATCHED[cls] = _find_watched(cls)
    return _WATCHED[cls]


def _find_watched(cls: Any) -> tuple[tuple[str, str], ...]:
    names = [c.__name__ for c in cls.__mro__]
    watched: dict[str, str] = {}
    if "RowPanel" in names:
        reason = "a row panel holds a title and panels; Grafana's row has no such setting"
        for field in attr.fields(cls):
            if field.init and field.name not in _ROW_PANEL_OPTIONS:
                watched[field.name] = reason
        watched["repeat.direction"] = watched["repeat.maxPerRow"] = reason
    for (owner, name), reason in UNSUPPORTED.items():
        if owner in names:
            watched.setdefault(name, reason)
    return tuple(sorted(watched.items()))


def unsupported_options(obj: Any) -> list[tuple[str, str]]:
    """(attribute, reason) for what the user set on `obj` that no rendered JSON carries."""
    found = [(name, reason) for name, reason in _watched(type(obj)) if is_set(obj, name)]
    if type(obj).__name__ == "Template" and getattr(obj, "type", "") != "interval":
        for name in _INTERVAL_ONLY:
            if is_set(obj, name):
                found.append((name, f"`{name}` applies to interval variables only; this one is {obj.type!r}"))
    return found


def panel_objects(board: Any) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """(grafanalib panel object, its place in the board's JSON) for every panel of a grafanalib
    Dashboard, rows and their panels included, in the order grafanalib writes them."""
    if board.rows:
        for r, row in enumerate(board.rows):
            yield row, ("rows", r)
            for p, panel in enumerate(getattr(row, "panels", None) or []):
                yield panel, ("rows", r, "panels", p)
        return  # grafanalib writes `panels: []` when a board has rows (see board_problems)
    for p, panel in enumerate(board.panels):
        yield panel, ("panels", p)
        for c, child in enumerate(getattr(panel, "panels", None) or []):
            yield child, ("panels", p, "panels", c)


def _describe(obj: Any) -> str:
    title = getattr(obj, "title", None) or getattr(obj, "name", None)
    kind = type(obj).__name__
    return f"{kind} {title!r}" if title else kind


def board_problems(board: Any) -> list[str]:
    """Every option set on a grafanalib Dashboard, its panels, targets and variables that the
    rendered JSON would not carry, one message each naming the object and the attribute."""
    problems: list[str] = []
    if board.rows and board.panels:
        problems.append(
            "has both `rows` and `panels`: grafanalib writes only the rows and drops the panels; "
            "use RowPanel(...) inside `panels` instead of rows"
        )
    objects: list[tuple[Any, str]] = [(board, "Dashboard")]
    for panel, _where in panel_objects(board):
        objects.append((panel, _describe(panel)))
        for index, target in enumerate(getattr(panel, "targets", None) or []):
            if attr.has(type(target)):
                ref = getattr(target, "refId", "") or f"#{index + 1}"
                objects.append((target, f"{_describe(panel)}, target {ref}"))
    templating = getattr(board, "templating", None)
    for variable in getattr(templating, "list", None) or []:
        if attr.has(type(variable)):
            objects.append((variable, f"variable ${getattr(variable, 'name', '')}"))
    for obj, described in objects:
        for name, reason in unsupported_options(obj):
            problems.append(f"{described}: option `{name}` does not reach the dashboard JSON: {reason}")
    return problems


def at(data: Any, where: tuple[Any, ...]) -> Any:
    """The value at a path of keys and indexes, or None when the JSON has no such place."""
    for key in where:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data
