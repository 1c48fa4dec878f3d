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
    ("Target", "step"): "`step` is Grafana 4's query resolution; set `interval` (the minimum step) instead",
    ("Target", "metric"): "`metric` is a Graphite-era field the Prometheus query does not read",
    ("Target", "target"): "`target` is a Graphite query; a Prometheus target has `expr`",
    ("Template", "useTags"): "tag-based variables were removed in Grafana 8",
    ("Template", "tagsQuery"): "tag-based variables were removed in Grafana 8",
    ("Template", "tagValuesQuery"): "tag-based variables were removed in Grafana 8",
    ("Dashboard", "hideControls"): "`hideControls` was removed in Grafana 5 (hide variables with `hide=2`)",
    ("Dashboard", "style"): "Grafana 7+ has no per-dashboard theme; each user picks one",
    ("Dashboard", "inputs"): "`__inputs` is written by Grafana's export for import; provisioned files have none",
    ("Dashboard", "gnetId"): "`gnetId` marks a dashboard imported from grafana.com; a definition is not one",
}
# Attributes of interval variables only: on another variable type the renderer drops them.
_INTERVAL_ONLY = ("auto", "autoCount", "autoMin")


def _default_of(field: attr.Attribute) -> Any:
    default: Any = field.default
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            return attr.NOTHING
        return default.factory()
    return default


def _same(value: Any, default: Any) -> bool:
    try:
        return bool(value == default)
    except Exception:  # objects whose __eq__ refuses a comparison: count them as set
        return False


def set_options(obj: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(attribute, value) for every attribute of a grafanalib object that differs from its default.

    Nested grafanalib objects whose default is an object of the same class are compared
    attribute by attribute (`tooltip.sort`), so one changed setting names itself."""
    if not attr.has(type(obj)):
        return
    for field in attr.fields(type(obj)):
        if not field.init:
            continue
        value = getattr(obj, field.name)
        default = _default_of(field)
        if default is attr.NOTHING or _same(value, default):
            continue
        name = f"{prefix}{field.name}"
        if attr.has(type(value)) and type(value) is type(default) and not hasattr(value, "panels"):
            yield from set_options(value, f"{name}.")
        else:
            yield name, value


def is_set(obj: Any, name: str) -> bool:
    """Whether the user gave attribute `name` a value other than grafanalib's default."""
    if not attr.has(type(obj)):
        return True
    field = getattr(attr.fields(type(obj)), name, None)
    if field is None:
        return True
    default = _default_of(field)
    return default is attr.NOTHING or not _same(getattr(obj, name), default)


def unsupported_options(obj: Any) -> list[tuple[str, str]]:
    """(attribute, reason) for what the user set on `obj` that no rendered JSON carries."""
    classes = [cls.__name__ for cls in type(obj).__mro__]
    found: list[tuple[str, str]] = []
    for name, _value in set_options(obj):
        for cls in classes:
            reason = UNSUPPORTED.get((cls, name))
            if reason:
                found.append((name, reason))
                break
        else:
            if "Template" in classes and name in _INTERVAL_ONLY and getattr(obj, "type", "") != "interval":
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
    objects: list[Any] = [board]
    for panel, _where in panel_objects(board):
        objects.append(panel)
        objects.extend(t for t in getattr(panel, "targets", None) or [] if attr.has(type(t)))
    templating = getattr(board, "templating", None)
    objects.extend(v for v in getattr(templating, "list", None) or [] if attr.has(type(v)))
    for obj in objects:
        for name, reason in unsupported_options(obj):
            problems.append(f"{_describe(obj)}: option `{name}` does not reach the dashboard JSON: {reason}")
    return problems


def at(data: Any, where: tuple[Any, ...]) -> Any:
    """The value at a path of keys and indexes, or None when the JSON has no such place."""
    for key in where:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data
