"""Where Grafana shows panels whose saved gridPos overlap.

Grafana's grid (react-grid-layout, vertical compaction) never shows two panels on the same
cells: it moves a panel that collides below the one it hits. Exported dashboards sometimes
carry such overlaps; mcg's renderer refuses them, so the import writes the positions Grafana
shows, the same layout by meaning.
"""

from __future__ import annotations

from typing import Any

Rect = tuple[int, int, int, int]  # x, y, w, h


def _collides(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def overlaps(rects: list[Rect]) -> bool:
    return any(_collides(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def compact(rects: list[Rect]) -> list[Rect]:
    """react-grid-layout's vertical compaction: in (y, x) order each panel rises as far as it
    can, then moves below whatever it still collides with. Returns the rects in input order."""
    order = sorted(range(len(rects)), key=lambda i: (rects[i][1], rects[i][0]))
    placed: list[Rect] = []
    out: list[Rect | None] = [None] * len(rects)
    for index in order:
        x, y, w, h = rects[index]
        bottom = max((r[1] + r[3] for r in placed), default=0)
        y = min(bottom, y)
        while y > 0 and not any(_collides((x, y - 1, w, h), r) for r in placed):
            y -= 1
        while True:
            hit = next((r for r in placed if _collides((x, y, w, h), r)), None)
            if hit is None:
                break
            y = hit[1] + hit[3]
        placed.append((x, y, w, h))
        out[index] = (x, y, w, h)
    return [r for r in out if r is not None]


def grid_rect(panel: Any) -> Rect | None:
    grid = panel.get("gridPos") if isinstance(panel, dict) else None
    if not isinstance(grid, dict):
        return None
    values = [grid.get(k) for k in ("x", "y", "w", "h")]
    numbers = [int(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(numbers) != 4:
        return None
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def shown_positions(panels: list[Any]) -> dict[int, Rect]:
    """Index -> the gridPos Grafana shows, for the panels it moves (none when nothing overlaps)."""
    indexed = [(i, r) for i, p in enumerate(panels) if (r := grid_rect(p)) is not None]
    rects = [r for _, r in indexed]
    if not overlaps(rects):
        return {}
    moved = compact(rects)
    return {i: new for (i, old), new in zip(indexed, moved, strict=True) if new != old}
