"""SLO dashboards generated from SLO definitions: one board per service, a row per SLO, every
query served by the SLO's own rules, and the SLO's own alert thresholds drawn."""

from __future__ import annotations

from pathlib import Path

from monitoring_codegen import SLO, BurnWindow, BurnWindows, slo_dashboards
from monitoring_codegen.model.project import build_model
from monitoring_codegen.model.registry import collecting
from monitoring_codegen.promql.ast import Selector, convert
from monitoring_codegen.promql.grafana import expand
from monitoring_codegen.promql.parse import parse_expr
from monitoring_codegen.render.dashboards import modernize_dashboard

RATIO = SLO.ratio(errors='http_requests_total{status_code=~"5.."}', total="http_requests_total")


def _board(dashboard, slos):
    with collecting() as collected:
        pass
    model = build_model(Path.cwd(), None, [*collected, *slos, dashboard])
    return modernize_dashboard(dashboard.raw_json(), model)


def _queries(board):
    for panel in board["panels"]:
        for target in panel.get("targets", []):
            yield panel, target["expr"]


def test_one_board_per_service_with_a_row_per_slo():
    slos = [
        SLO(service="api", name="latency", objective=99, sli=RATIO),
        SLO(service="api", name="availability", objective=99.9, sli=RATIO),
        SLO(service="worker.jobs", name="success", objective=95, sli=RATIO),
    ]
    boards = slo_dashboards(slos, folder="Reliability")
    assert [(b.uid, b.folder, b.title) for b in boards] == [
        ("slo-api", "Reliability", "SLOs: api"),
        ("slo-worker-jobs", "Reliability", "SLOs: worker.jobs"),
    ]
    rows = [p.title for p in boards[0].board.panels if type(p).__name__ == "RowPanel"]
    assert rows == ["availability: 99.9% over 30d", "latency: 99% over 30d"]


def test_long_service_names_get_a_short_stable_uid():
    slo = SLO(service="s" * 60, name="x1", objective=99, sli=RATIO)
    uid = slo_dashboards([slo])[0].uid
    assert len(uid) == 40 and uid == slo_dashboards([slo])[0].uid


def test_every_query_reads_the_slos_own_records_or_its_alerts():
    slo = SLO(service="api", name="availability", objective=99.9, sli=RATIO)
    [dashboard] = slo_dashboards([slo])
    board = _board(dashboard, [slo])
    recorded = {r.record: r.labels for g in slo.rule_groups for r in g.records()}
    count = 0
    for _, expr in _queries(board):
        node = convert(parse_expr(expand(expr)))
        for selector in (n for n in node.walk() if isinstance(n, Selector)):
            count += 1
            matchers = {label: value for label, op, value in selector.matchers if op == "="}
            assert matchers.get("sloth_id") == "api-availability", expr
            if selector.name != "ALERTS":
                assert selector.name in recorded, expr
                assert recorded[selector.name]["sloth_id"] == "api-availability"
    assert count >= 15


def _thresholds(board, title):
    [panel] = [p for p in board["panels"] if p["title"] == title]
    return [s["value"] for s in panel["fieldConfig"]["defaults"]["thresholds"]["steps"][1:]]


def test_the_slos_own_burn_rates_and_budget_levels_are_drawn():
    windows = BurnWindows(
        page_quick=BurnWindow(budget_percent=4, short="5m", long="1h"),
        page_slow=BurnWindow(budget_percent=10, short="30m", long="6h"),
        ticket_quick=BurnWindow(budget_percent=20, short="2h", long="1d"),
        ticket_slow=BurnWindow(budget_percent=20, short="6h", long="3d"),
    )
    slo = SLO(service="api", name="a1", objective=99, sli=RATIO, windows=windows, budget_alerts={"levels": (70, 20)})
    board = _board(slo_dashboards([slo])[0], [slo])
    assert _thresholds(board, "Burn rate by window") == [2.0, 6.0, 12.0, 28.8]
    assert _thresholds(board, "Error budget left of the 30d") == [0.2, 0.7]
    assert _thresholds(board, "SLI over 30d") == [0.99]
    default = SLO(service="api", name="a2", objective=99.5, sli=RATIO)
    board = _board(slo_dashboards([default])[0], [default])
    assert _thresholds(board, "Burn rate by window") == [1.0, 3.0, 6.0, 14.4]
    assert _thresholds(board, "Error budget left") == [0.25, 0.5]
