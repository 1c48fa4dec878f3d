"""The shipped dashboards are the showcase: modern panels, units, and variables that filter."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

OUT = REPO / "out"
BOARDS = sorted((OUT / "grafana/dashboards").rglob("*.json"))
MODERN = {"timeseries", "stat", "heatmap", "piechart", "bargauge", "table", "gauge", "row", "text", "state-timeline"}


def _rendered_boards(shipped) -> dict[str, bytes]:
    return {p: c for p, c in shipped.rendered.items() if p.startswith("grafana/dashboards/") and p.endswith(".json")}


def test_out_holds_every_dashboard_the_definitions_declare(shipped):
    """The checks below read out/: an empty or stale out/ must fail here, not pass for want of files."""
    rendered = _rendered_boards(shipped)
    assert len(rendered) == len(shipped.model.dashboards) >= 5
    on_disk = {p.relative_to(OUT).as_posix(): p.read_bytes() for p in BOARDS}
    assert sorted(on_disk) == sorted(rendered), "out/ is not what the definitions render: run `make build`"
    assert on_disk == rendered, "out/ is not what the definitions render: run `make build`"


def test_the_five_dashboards_exist(shipped):
    titles = {json.loads(content)["title"] for content in _rendered_boards(shipped).values()}
    assert {"AI Agent Overview", "System Health & Performance", "Business Metrics & KPIs"} <= titles
    assert any("LLM" in t for t in titles) and any("Monitoring" in t for t in titles)


@pytest.mark.parametrize("path", BOARDS, ids=lambda p: p.stem)
def test_every_panel_filters_on_every_variable_and_has_a_unit(path):
    board = json.loads(path.read_text())
    variables = [v["name"] for v in board["templating"]["list"] if v["type"] != "datasource"]
    # The executive view is one fixed picture of the whole platform (KPIs, spend, every SLO);
    # every other shipped dashboard filters.
    assert variables or board["uid"] == "executive-view", "a shipped dashboard without variables cannot be filtered"
    for panel in board["panels"]:
        assert panel["type"] in MODERN, panel["title"]
        if panel["type"] == "row":
            continue
        # The datasource variable selects where every query runs.
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
        queries = " ".join(t["expr"] for t in panel["targets"])
        unused = [v for v in variables if f"${v}" not in queries]
        assert not unused, f"{panel['title']!r} ignores ${', $'.join(unused)}"
        unit = panel["fieldConfig"]["defaults"].get("unit")
        assert unit, f"{panel['title']!r} has no unit"
        for target in panel["targets"]:
            if "rate(" in target["expr"] or "increase(" in target["expr"]:
                assert "[$__rate_interval]" in target["expr"] or "[1d]" in target["expr"], target["expr"]
