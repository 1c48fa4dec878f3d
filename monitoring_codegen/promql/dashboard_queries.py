"""The PromQL a dashboard runs: every panel target and query variable, from its JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Grafana's variable syntax and its one expansion live in grafana.py (for lint, smoke and
# instrumentation alike); VARIABLE_RE and variable_name are re-exported for older imports.
from monitoring_codegen.promql.grafana import VARIABLE_RE, concrete, expand, variable_name  # noqa: F401


@dataclass(frozen=True)
class PanelQuery:
    dashboard: str  # uid
    panel: str  # panel title ("variable $x" for template variables)
    ref: str  # refId or variable name
    expr: str


def _as_list(value: Any) -> list:
    # Hand-edited JSON holds anything anywhere.
    return value if isinstance(value, list) else []


def _walk_panels(panels: Any, row: str) -> Iterator[tuple[dict[str, Any], str]]:
    for panel in _as_list(panels):
        if not isinstance(panel, dict):
            continue
        yield panel, row
        if panel.get("type") == "row" or isinstance(panel.get("panels"), list):
            title = panel.get("title")
            yield from _walk_panels(panel.get("panels"), title if isinstance(title, str) and title else row)


def all_panels(board: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """(panel, row title) for every panel, rows' nested panels and legacy `rows` included, in
    document order."""
    yield from _walk_panels(board.get("panels"), "")
    for row in _as_list(board.get("rows")):
        if isinstance(row, dict):
            title = row.get("title")
            yield from _walk_panels(row.get("panels"), title if isinstance(title, str) else "")


def iter_panels(board: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every panel, including those inside collapsed rows and legacy `rows`."""
    return (panel for panel, _ in all_panels(board))


def dashboard_queries(uid: str, board: dict[str, Any]) -> list[PanelQuery]:
    queries = []
    for panel in iter_panels(board):
        for target in panel.get("targets") or []:
            expr = target.get("expr")
            if isinstance(expr, str) and expr.strip() and not target.get("hide"):
                queries.append(PanelQuery(uid, panel.get("title") or "", target.get("refId") or "", expr))
    return queries


_LABEL_VALUES_RE = re.compile(
    r"^\s*label_values\(\s*(?P<selector>.+?)\s*,\s*(?P<label>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$", re.S
)
_QUERY_RESULT_RE = re.compile(r"^\s*query_result\((?P<expr>.*)\)\s*$", re.S)


def variable_promql(query: str) -> tuple[str, str | None] | None:
    """(the PromQL a query variable runs, the label `label_values` reads) or None."""
    match = _LABEL_VALUES_RE.match(query)
    if match:
        return match.group("selector"), match.group("label")
    match = _QUERY_RESULT_RE.match(query)
    if match:
        return match.group("expr"), None
    return None


def variable_queries(uid: str, board: dict[str, Any]) -> list[PanelQuery]:
    """PromQL behind query variables: `label_values(sel, label)` runs `sel`, `query_result(e)` runs `e`."""
    out = []
    for variable in (board.get("templating") or {}).get("list") or []:
        if variable.get("type") != "query":
            continue
        query = variable.get("query")
        if isinstance(query, dict):
            query = query.get("query")
        if not isinstance(query, str):
            continue
        match = _LABEL_VALUES_RE.match(query)
        if match:
            out.append(
                PanelQuery(
                    uid, f"variable ${variable.get('name')}", variable.get("name") or "", match.group("selector")
                )
            )
            continue
        match = _QUERY_RESULT_RE.match(query)
        if match:
            out.append(
                PanelQuery(uid, f"variable ${variable.get('name')}", variable.get("name") or "", match.group("expr"))
            )
    return out


def expand_grafana(expr: str, rate_interval: str = "1m", variables: dict[str, str] | None = None) -> str:
    """The query as Grafana would send it with every variable set to All (`.*`): grafana.py's
    expansion with concrete values, ready for a real Prometheus."""
    return expand(expr, concrete(rate_interval, variables))
