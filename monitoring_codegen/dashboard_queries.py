"""The PromQL a dashboard runs: every panel target and query variable, from its JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator


@dataclass(frozen=True)
class PanelQuery:
    dashboard: str  # uid
    panel: str  # panel title ("variable $x" for template variables)
    ref: str  # refId or variable name
    expr: str


def iter_panels(board: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every panel, including those inside collapsed rows and legacy `rows`."""
    stack = list(board.get("panels") or [])
    for row in board.get("rows") or []:
        stack.extend(row.get("panels") or [])
    while stack:
        panel = stack.pop(0)
        yield panel
        stack[0:0] = list(panel.get("panels") or [])


def dashboard_queries(uid: str, board: dict[str, Any]) -> list[PanelQuery]:
    queries = []
    for panel in iter_panels(board):
        for target in panel.get("targets") or []:
            expr = target.get("expr")
            if isinstance(expr, str) and expr.strip() and not target.get("hide"):
                queries.append(PanelQuery(uid, panel.get("title") or "", target.get("refId") or "", expr))
    return queries


_LABEL_VALUES_RE = re.compile(r"^\s*label_values\(\s*(?P<selector>.+?)\s*,\s*(?P<label>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$", re.S)
_QUERY_RESULT_RE = re.compile(r"^\s*query_result\((?P<expr>.*)\)\s*$", re.S)


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
            out.append(PanelQuery(uid, f"variable ${variable.get('name')}", variable.get("name") or "",
                                  match.group("selector")))
            continue
        match = _QUERY_RESULT_RE.match(query)
        if match:
            out.append(PanelQuery(uid, f"variable ${variable.get('name')}", variable.get("name") or "",
                                  match.group("expr")))
    return out


# Grafana's built-in interval macros and a value that works with any scrape interval.
_MACROS = {
    "$__rate_interval": "1m",
    "${__rate_interval}": "1m",
    "$__interval_ms": "15000",
    "$__interval": "15s",
    "${__interval}": "15s",
    "$__range_s": "3600",
    "$__range_ms": "3600000",
    "$__range": "1h",
    "${__range}": "1h",
}
_VARIABLE_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?\}|\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]|\$([A-Za-z_][A-Za-z0-9_]*)")


def expand_grafana(expr: str, rate_interval: str = "1m", variables: dict[str, str] | None = None) -> str:
    """The query as Grafana would send it with every variable set to All (`.*`)."""
    macros = dict(_MACROS)
    macros["$__rate_interval"] = macros["${__rate_interval}"] = rate_interval
    for macro in sorted(macros, key=len, reverse=True):
        expr = expr.replace(macro, macros[macro])
    values = variables or {}

    def variable(match: re.Match) -> str:
        name = match.group(1) or match.group(2) or match.group(3)
        return values.get(name, ".*")

    return _VARIABLE_RE.sub(variable, expr)
