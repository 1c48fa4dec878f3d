"""PromQL parsing, the one entry point: bounded, cached, and shared by every consumer.

The model (early validation), the renderers, the linter, `mcg test`, `mcg promql` and smoke
all parse here, so each distinct expression is parsed and converted to mcg's AST once per
process, and the size guard applies on every path.
"""

from __future__ import annotations

import functools
import re
import sys


class PromQLSyntaxError(ValueError):
    def __init__(self, expr: str, message: str, column: int | None = None) -> None:
        self.expr = expr
        self.reason = message
        self.column = column
        text = f"PromQL does not parse: {message}: {expr}"
        super().__init__(text)


# promql-parser recurses on the native stack (a chain of ~5,000 `+` overflows it and the process
# dies with SIGSEGV) and the AST conversion and the checks recurse in Python: expressions with
# more operators and parentheses than this are refused before they reach the parser (no rule
# file in the wild comes near).
MAX_OPERATORS = 1500
_OPERATOR_RE = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`)|[-+*/%^(<>=!]|\b(?:and|or|unless)\b""")
# Room for the Python side of MAX_OPERATORS-deep expressions (3.11+ recursion is heap, not C stack).
if sys.getrecursionlimit() < 10_000:
    sys.setrecursionlimit(10_000)


class ExpressionTooComplex(ValueError):
    """Not a syntax error (promtool may accept it): more than mcg analyses."""

    def __init__(self, operators: int) -> None:
        super().__init__(f"{operators} operators and parentheses: more than the {MAX_OPERATORS} mcg analyses")
        self.operators = operators


def too_complex(expr: str) -> int:
    """The operator count of `expr` when it is past MAX_OPERATORS, else 0 (short texts: at once)."""
    if len(expr) <= MAX_OPERATORS:
        return 0
    count = 0
    for match in _OPERATOR_RE.finditer(expr):
        if match.group(1) is None:  # quoted strings hold regexes, not operators
            count += 1
    return count if count > MAX_OPERATORS else 0


@functools.lru_cache(maxsize=1)
def _parser():
    """promql_parser, knowing the functions of Prometheus 2.x that promql-parser dropped.

    `holt_winters` was renamed `double_exponential_smoothing` in Prometheus 3; both parse
    here and the linter's promql/function-version check says which one the target lacks.
    """
    import promql_parser

    try:
        promql_parser.register_extra_functions(
            [
                promql_parser.Function(
                    "holt_winters",
                    [promql_parser.ValueType.Matrix, promql_parser.ValueType.Scalar, promql_parser.ValueType.Scalar],
                    promql_parser.ValueType.Vector,
                )
            ]
        )
    except (AttributeError, ValueError):  # an older parser, or one that knows it already
        pass
    return promql_parser


@functools.lru_cache(maxsize=65536)
def parse_expr(expr: str):
    """The promql-parser AST of `expr`; PromQLSyntaxError when it does not parse,
    ExpressionTooComplex when it is past the size guard."""
    operators = too_complex(expr)
    if operators:
        raise ExpressionTooComplex(operators)
    promql_parser = _parser()
    try:
        return promql_parser.parse(expr)
    except ValueError as exc:
        raise PromQLSyntaxError(expr, str(exc)) from None


_NODES: dict = {}


def parse_node(expr: str):
    """mcg's AST (promql.ast) of `expr`, converted once per distinct expression."""
    from monitoring_codegen.promql.ast import convert

    node = _NODES.get(expr)
    if node is None:
        node = convert(parse_expr(expr))
        if len(_NODES) < 100_000:
            _NODES[expr] = node
    return node


_INDEX: dict = {}


def node_index(node) -> tuple[list, dict]:
    """(every node parents first, node class -> nodes of that class), computed once per node."""
    entry = _INDEX.get(id(node))
    if entry is None or entry[0] is not node:
        flat = node.walk()
        kinds: dict[type, list] = {}
        for item in flat:
            kinds.setdefault(type(item), []).append(item)
        entry = (node, flat, kinds)
        if len(_INDEX) < 100_000:
            _INDEX[id(node)] = entry
    return entry[1], entry[2]
