"""The queries dashboards draw from detectors and forecasts, and period-over-period comparisons.

Panels themselves are built by the dashboard code (definitions/_panels.py has helpers), so a
board's own defaults apply; these functions only say what to query.
"""

from __future__ import annotations

from monitoring_codegen.anomaly.rules import BASELINE, LEVEL, LOWER, UPPER, VALUE


def band_queries(detector) -> dict[str, str]:
    """role -> query: the value, its baseline, the upper and lower band, the level in band widths."""
    return band_queries_for(detector.selector)


def band_queries_for(matchers: str) -> dict[str, str]:
    """band_queries of the detectors `matchers` select (`anomaly_name=~"$detector"` on a dashboard)."""
    return {
        role: f"{record}{{{matchers}}}"
        for role, record in (
            ("value", VALUE),
            ("baseline", BASELINE),
            ("upper", UPPER),
            ("lower", LOWER),
            ("level", LEVEL),
        )
    }


def shifted(expr: str, offset: str) -> str:
    """`expr` as it was `offset` ago: a plain selector takes `offset`; anything else is read
    through a subquery (`last_over_time((expr)[5m:1m] offset 1d)`), which any expression allows."""
    from monitoring_codegen.model.durations import parse_duration
    from monitoring_codegen.promql.ast import Selector, convert
    from monitoring_codegen.promql.parse import parse_expr

    parse_duration(offset)
    node = convert(parse_expr(expr))
    if isinstance(node, Selector) and node.range is None and not node.offset and not node.at:
        return f"{expr.strip()} offset {offset}"
    return f"last_over_time(({expr.strip()})[5m:1m] offset {offset})"


def period_over_period(expr: str, offset: str = "1d") -> dict[str, str]:
    """'ratio' (now / then: 1.2 is 20% more) and 'delta' (now - then) of `expr` against `offset` ago."""
    then = shifted(expr, offset)
    return {"ratio": f"({expr.strip()})\n/\n({then})", "delta": f"({expr.strip()})\n-\n({then})"}
