"""A light, pure-Python view of promql-parser's AST.

promql-parser hands out Rust-backed objects whose attributes are rebuilt on every
access; the linter converts each expression once into these small nodes and every
check reads them. Parentheses are dropped: they never change meaning.
"""

from __future__ import annotations

# The function tables live in functions.py; re-exported for the modules that import them from here.
from monitoring_codegen.promql.functions import (  # noqa: F401
    COUNTER_FUNCTIONS,
    GAUGE_FUNCTIONS,
    LABEL_KEEPING_FUNCTIONS,
    RANGE_FUNCTIONS,
)


class Node:
    __slots__ = ()
    kind = "node"

    def children(self) -> tuple[Node, ...]:
        return ()

    def walk(self) -> list[Node]:
        """This node and every node below it, depth first, parents before children."""
        out: list[Node] = []
        stack = [self]
        pop, push, append = stack.pop, stack.extend, out.append
        while stack:
            node = pop()
            append(node)
            children = node.children()
            if children:
                push(children[::-1])
        return out


class Selector(Node):
    """A vector selector, or a matrix selector when `range` is set (seconds)."""

    __slots__ = ("name", "matchers", "range", "offset", "at", "or_groups")
    kind = "selector"

    def __init__(self, name, matchers, range_, offset, at, or_groups=()):
        self.name = name  # None for `{__name__=~"..."}` selectors
        self.matchers = matchers  # tuple of (label, op, value); op in = != =~ !~
        self.range = range_
        self.offset = offset
        self.at = at
        self.or_groups = or_groups

    def label_matchers(self):
        return [m for m in self.matchers if m[0] != "__name__"]

    def equal_labels(self) -> frozenset[str]:
        return frozenset(m[0] for m in self.matchers if m[1] == "=" and m[0] != "__name__")


class Call(Node):
    __slots__ = ("func", "args")
    kind = "call"

    def __init__(self, func, args):
        self.func = func
        self.args = args

    def children(self):
        return self.args


class Aggregate(Node):
    __slots__ = ("op", "by", "without", "expr", "param")
    kind = "aggregate"

    def __init__(self, op, by, without, expr, param):
        self.op = op
        self.by = by  # tuple of labels, or None
        self.without = without  # tuple of labels, or None
        self.expr = expr
        self.param = param

    def children(self):
        return (self.param, self.expr) if self.param is not None else (self.expr,)


class Binary(Node):
    __slots__ = ("op", "lhs", "rhs", "return_bool", "card", "on", "ignoring", "group_labels")
    kind = "binary"

    def __init__(self, op, lhs, rhs, return_bool, card, on, ignoring, group_labels):
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.return_bool = return_bool
        self.card = card  # "one-to-one", "many-to-one", "one-to-many", "many-to-many"
        self.on = on
        self.ignoring = ignoring
        self.group_labels = group_labels

    def children(self):
        return (self.lhs, self.rhs)

    @property
    def is_comparison(self) -> bool:
        return self.op in COMPARISON_OPS

    @property
    def is_set_op(self) -> bool:
        return self.op in SET_OPS


class Unary(Node):
    __slots__ = ("expr",)
    kind = "unary"

    def __init__(self, expr):
        self.expr = expr

    def children(self):
        return (self.expr,)


class Subquery(Node):
    __slots__ = ("expr", "range", "step", "offset")
    kind = "subquery"

    def __init__(self, expr, range_, step, offset):
        self.expr = expr
        self.range = range_
        self.step = step
        self.offset = offset

    def children(self):
        return (self.expr,)


class Number(Node):
    __slots__ = ("value",)
    kind = "number"

    def __init__(self, value):
        self.value = value


class String(Node):
    __slots__ = ("value",)
    kind = "string"

    def __init__(self, value):
        self.value = value


COMPARISON_OPS = frozenset({"==", "!=", ">", "<", ">=", "<="})
SET_OPS = frozenset({"and", "or", "unless"})
_MATCH_OPS = {"MatchOp.Equal": "=", "MatchOp.NotEqual": "!=", "MatchOp.Re": "=~", "MatchOp.NotRe": "!~"}
_CARD = {
    "VectorMatchCardinality.OneToOne": "one-to-one",
    "VectorMatchCardinality.ManyToOne": "many-to-one",
    "VectorMatchCardinality.OneToMany": "one-to-many",
    "VectorMatchCardinality.ManyToMany": "many-to-many",
}


def _seconds(delta) -> float | None:
    return None if delta is None else delta.total_seconds()


def _matchers(vs) -> tuple[tuple[tuple[str, str, str], ...], tuple]:
    matchers = vs.matchers
    plain = tuple((m.name, _MATCH_OPS.get(str(m.op), "="), m.value) for m in matchers.matchers)
    ors = tuple(
        tuple((m.name, _MATCH_OPS.get(str(m.op), "="), m.value) for m in group) for group in matchers.or_matchers
    )
    return plain, ors


def convert(expr) -> Node:
    """Our node for a promql-parser expression."""
    cls = type(expr).__name__
    if cls == "ParenExpr":
        return convert(expr.expr)
    if cls == "VectorSelector":
        plain, ors = _matchers(expr)
        if ors and not plain:
            plain = ors[0]
        return Selector(expr.name, plain, None, _seconds(expr.offset), expr.at, ors)
    if cls == "MatrixSelector":
        vs = expr.vector_selector
        plain, ors = _matchers(vs)
        if ors and not plain:
            plain = ors[0]
        return Selector(vs.name, plain, _seconds(expr.range), _seconds(vs.offset), vs.at, ors)
    if cls == "Call":
        return Call(expr.func.name, tuple(convert(a) for a in expr.args))
    if cls == "AggregateExpr":
        modifier = expr.modifier
        by = without = None
        if modifier is not None:
            labels = tuple(modifier.labels)
            if str(modifier.type).endswith("By"):
                by = labels
            else:
                without = labels
        param = expr.param
        return Aggregate(str(expr.op), by, without, convert(expr.expr), convert(param) if param is not None else None)
    if cls == "BinaryExpr":
        modifier = expr.modifier
        return_bool = False
        card = "one-to-one"
        on = ignoring = None
        group_labels: tuple[str, ...] = ()
        op = str(expr.op)
        if modifier is not None:
            return_bool = bool(modifier.return_bool)
            card = _CARD.get(str(modifier.card), "one-to-one")
            matching = modifier.matching
            if matching is not None:
                labels = tuple(matching.labels)
                if str(matching.type).endswith("Include"):
                    on = labels
                else:
                    ignoring = labels
            group_labels = tuple(modifier.group_labels or ())
        if op in SET_OPS:
            card = "many-to-many"
        return Binary(op, convert(expr.lhs), convert(expr.rhs), return_bool, card, on, ignoring, group_labels)
    if cls == "UnaryExpr":
        return Unary(convert(expr.expr))
    if cls == "SubqueryExpr":
        return Subquery(convert(expr.expr), _seconds(expr.range), _seconds(expr.step), _seconds(expr.offset))
    if cls == "NumberLiteral":
        return Number(expr.val)
    if cls == "StringLiteral":
        return String(expr.val)
    raise TypeError(f"unknown PromQL node {cls}")


def unwrap(node: Node) -> Node:
    """The node under unary minus and label-keeping wrappers that do not change its nature."""
    while isinstance(node, Unary):
        node = node.expr
    return node
