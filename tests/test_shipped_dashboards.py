"""The shipped dashboards are the showcase: modern panels, units, and variables that filter."""

from __future__ import annotations

import json

import pytest

from conftest import REPO

BOARDS = sorted((REPO / "out/grafana/dashboards").rglob("*.json"))
MODERN = {"timeseries", "stat", "heatmap", "piechart", "bargauge", "table", "gauge", "row", "text"}


def test_the_five_dashboards_exist():
    titles = {json.loads(p.read_text())["title"] for p in BOARDS}
    assert {"AI Agent Overview", "System Health & Performance", "Business Metrics & KPIs"} <= titles
    assert any("LLM" in t for t in titles) and any("Monitoring" in t for t in titles)


@pytest.mark.parametrize("path", BOARDS, ids=lambda p: p.stem)
def test_every_panel_filters_on_every_variable_and_has_a_unit(path):
    board = json.loads(path.read_text())
    variables = [v["name"] for v in board["templating"]["list"]]
    assert variables, "a shipped dashboard without variables cannot be filtered"
    for panel in board["panels"]:
        assert panel["type"] in MODERN, panel["title"]
        if panel["type"] == "row":
            continue
        queries = " ".join(t["expr"] for t in panel["targets"])
        unused = [v for v in variables if f"${v}" not in queries]
        assert not unused, f"{panel['title']!r} ignores ${', $'.join(unused)}"
        unit = panel["fieldConfig"]["defaults"].get("unit")
        assert unit, f"{panel['title']!r} has no unit"
        for target in panel["targets"]:
            if "rate(" in target["expr"] or "increase(" in target["expr"]:
                assert "[$__rate_interval]" in target["expr"] or "[1d]" in target["expr"], target["expr"]
