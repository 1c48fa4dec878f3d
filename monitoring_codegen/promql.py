"""PromQL parsing shared by the model (early validation) and the linter."""

from __future__ import annotations

import functools


class PromQLSyntaxError(ValueError):
    def __init__(self, expr: str, message: str, column: int | None = None) -> None:
        self.expr = expr
        self.reason = message
        self.column = column
        text = f"PromQL does not parse: {message}: {expr}"
        super().__init__(text)


@functools.lru_cache(maxsize=65536)
def parse_expr(expr: str):
    """The promql-parser AST of `expr`; PromQLSyntaxError when it does not parse."""
    import promql_parser

    try:
        return promql_parser.parse(expr)
    except ValueError as exc:
        raise PromQLSyntaxError(expr, str(exc)) from None
