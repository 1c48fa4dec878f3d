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


@functools.lru_cache(maxsize=1)
def _parser():
    """promql_parser, knowing the functions of Prometheus 2.x that promql-parser dropped.

    `holt_winters` was renamed `double_exponential_smoothing` in Prometheus 3; both parse
    here and the linter's promql/function-version check says which one the target lacks.
    """
    import promql_parser

    try:
        promql_parser.register_extra_functions([promql_parser.Function(
            "holt_winters",
            [promql_parser.ValueType.Matrix, promql_parser.ValueType.Scalar, promql_parser.ValueType.Scalar],
            promql_parser.ValueType.Vector)])
    except (AttributeError, ValueError):  # an older parser, or one that knows it already
        pass
    return promql_parser


@functools.lru_cache(maxsize=65536)
def parse_expr(expr: str):
    """The promql-parser AST of `expr`; PromQLSyntaxError when it does not parse."""
    promql_parser = _parser()

    try:
        return promql_parser.parse(expr)
    except ValueError as exc:
        raise PromQLSyntaxError(expr, str(exc)) from None
