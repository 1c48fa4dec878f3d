"""DSH005 dashboard/overlapping-panels: two panels whose gridPos overlap."""

import math

from monitoring_codegen.lint.rule import LintRule, Problem


def _rect(panel_data):
    pos = panel_data.get("gridPos")
    if not isinstance(pos, dict):
        return None
    try:
        return (float(pos.get("x", 0)), float(pos.get("y", 0)), float(pos.get("w", 0)), float(pos.get("h", 0)))
    except (TypeError, ValueError):
        return None


class OverlappingPanels(LintRule):
    id = "DSH005"
    name = "dashboard/overlapping-panels"
    severity = "warning"
    summary = "Two panels whose gridPos rectangles overlap."
    details = (
        "Grafana resolves overlaps on load by pushing panels down, so the layout you see is not the one "
        "in the JSON, and it changes as soon as someone saves. Give every panel its own place on the "
        "24-column grid."
    )
    example_format = "dashboard"
    bad = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "text", "title": "About", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 4}},
    {"id": 2, "type": "text", "title": "Links", "gridPos": {"x": 6, "y": 2, "w": 12, "h": 4}}
  ]
}
"""
    good = """\
{
  "title": "HTTP",
  "panels": [
    {"id": 1, "type": "text", "title": "About", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 4}},
    {"id": 2, "type": "text", "title": "Links", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 4}}
  ]
}
"""

    def check_dashboard(self, dashboard, ctx):
        # Visible panels share one grid; the panels of each collapsed row share another.
        top = dashboard.data.get("panels")
        layers = [[p for p in top if isinstance(p, dict)] if isinstance(top, list) else []]
        for panel in layers[0]:
            if panel.get("type") == "row" and panel.get("collapsed") and isinstance(panel.get("panels"), list):
                layers.append([p for p in panel["panels"] if isinstance(p, dict)])
        by_data = {id(p.data): p for p in dashboard.panels}
        for layer in layers:
            for data, other in _overlaps(layer):
                panel = by_data.get(id(data))
                if panel is not None:
                    other_title = other.get("title") or f"panel {other.get('id', '?')}"
                    yield Problem(
                        panel, f"gridPos {data.get('gridPos')} overlaps panel {other_title!r}", line=panel.line
                    )


# Grid rows a panel may span before the index gives up on it and scans every placed panel.
_MAX_INDEXED_ROWS = 256


def _overlaps(layer):
    """(panel, first earlier panel it overlaps) for each overlapping panel, in document order.

    Panels are indexed by the grid rows they cover, so each one is compared with the panels
    sharing its rows only: a dashboard of thousands of panels stays linear, not quadratic."""
    # Imported here: the renderer pulls in the model; linting rule files alone never needs it.
    from monitoring_codegen.render.dashboards import rects_overlap

    placed: list[tuple[dict, tuple]] = []
    by_row: dict[int, list[int]] = {}
    tall: list[int] = []  # placed panels too tall to index: always compared
    for data in layer:
        rect = _rect(data)
        if rect is None:
            continue
        top, bottom = rect[1], rect[1] + rect[3]
        # JSON read by Python may hold NaN and Infinity: such panels are compared with every other.
        indexable = math.isfinite(top) and math.isfinite(bottom) and bottom - top <= _MAX_INDEXED_ROWS
        first, last = (int(top // 1), int(bottom // 1)) if indexable else (0, -1)
        if indexable:
            candidates = {i for row in range(first, last + 1) for i in by_row.get(row, ())}
            candidates.update(tall)
            order = sorted(candidates)
        else:
            order = range(len(placed))
        for index in order:
            other, other_rect = placed[index]
            if rects_overlap(rect, other_rect):
                yield data, other
                break
        position = len(placed)
        placed.append((data, rect))
        if indexable:
            for row in range(first, last + 1):
                by_row.setdefault(row, []).append(position)
        else:
            tall.append(position)


RULE = OverlappingPanels()
