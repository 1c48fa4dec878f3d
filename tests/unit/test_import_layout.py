"""importer/layout.py (where Grafana shows overlapping panels) and extraJson pruning."""

from __future__ import annotations

from monitoring_codegen.importer.dashboards import beyond_defaults
from monitoring_codegen.importer.layout import compact, overlaps, shown_positions


def _panel(x, y, w, h):
    return {"type": "timeseries", "gridPos": {"x": x, "y": y, "w": w, "h": h}}


def test_panels_that_do_not_overlap_stay_where_they_are():
    panels = [_panel(0, 0, 12, 8), _panel(12, 0, 12, 8), _panel(0, 20, 24, 8)]  # a gap above the third
    assert shown_positions(panels) == {}


def test_a_colliding_panel_moves_below_the_one_it_hits():
    # kube-prometheus' multicluster board: full-width panels one row apart, 7 high.
    rects = [(0, 0, 4, 3), (4, 0, 4, 3), (0, 1, 24, 7), (0, 2, 24, 7)]
    assert overlaps(rects)
    assert compact(rects) == [(0, 0, 4, 3), (4, 0, 4, 3), (0, 3, 24, 7), (0, 10, 24, 7)]
    assert not overlaps(compact(rects))


def test_moved_panels_are_reported_by_index():
    panels = [_panel(0, 0, 24, 8), _panel(0, 4, 12, 8), {"type": "text"}]
    assert shown_positions(panels) == {1: (0, 8, 12, 8)}


def test_extra_json_keeps_only_what_changes_the_output():
    emitted = {"fieldConfig": {"defaults": {"unit": "", "decimals": None}, "overrides": []}, "fill": 1}
    extra = {"fieldConfig": {"defaults": {"unit": "s", "decimals": None}, "overrides": []}, "fill": 1, "new": 2}
    assert beyond_defaults(extra, emitted) == {"fieldConfig": {"defaults": {"unit": "s"}}, "new": 2}
    # An empty object where grafanalib writes none is kept: it would be missing otherwise.
    assert beyond_defaults({"options": {}}, {}) == {"options": {}}
