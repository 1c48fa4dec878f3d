"""Which labels a PromQL expression's result can carry, worked out from the catalog.

Rule tests use this to reject expectations on labels a rule can never produce (an
aggregation dropped them) before promtool runs. The answer is `None` when it cannot
be known offline (a metric outside the catalog, an unusual function): callers then
skip the check rather than guess.
"""

from __future__ import annotations

from typing import Callable

from monitoring_codegen.promql.ast import Aggregate, Binary, Call, Node, Number, Selector, String, Subquery, Unary, convert
from monitoring_codegen.promql.parse import parse_expr

Labels = frozenset[str] | None

# Functions whose result keeps the labels of their (first vector) argument.
_KEEP_LABELS = frozenset({
    "abs", "ceil", "floor", "round", "exp", "ln", "log2", "log10", "sqrt", "sgn", "clamp", "clamp_max",
    "clamp_min", "sort", "sort_desc", "timestamp", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos",
    "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad", "rate", "irate", "increase", "delta", "idelta",
    "deriv", "predict_linear", "resets", "changes", "avg_over_time", "min_over_time", "max_over_time",
    "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time",
    "last_over_time", "present_over_time", "holt_winters", "absent_over_time",
})
# Functions returning a vector without labels.
_NO_LABELS = frozenset({"vector", "time", "scalar", "pi", "day_of_month", "day_of_week", "day_of_year",
                        "days_in_month", "hour", "minute", "month", "year"})


def output_labels(expr: str, series_labels: Callable[[str], Labels]) -> Labels:
    """Label names the result of `expr` can have; `series_labels(name)` answers for a series name."""
    try:
        node = convert(parse_expr(expr))
    except (ValueError, TypeError):
        return None
    return _labels(node, series_labels)


def selected_names(expr: str) -> set[str]:
    """Metric names the expression selects."""
    try:
        node = convert(parse_expr(expr))
    except (ValueError, TypeError):
        return set()
    names = set()
    for item in node.walk():
        if isinstance(item, Selector):
            if item.name:
                names.add(item.name)
            for label, op, value in item.matchers:
                if label == "__name__" and op == "=":
                    names.add(value)
    return names


def _labels(node: Node, lookup: Callable[[str], Labels]) -> Labels:
    if isinstance(node, (Number, String)):
        return frozenset()
    if isinstance(node, Selector):
        name = node.name or next((v for label, op, v in node.matchers if label == "__name__" and op == "="), None)
        return lookup(name) if name else None
    if isinstance(node, (Unary, Subquery)):
        return _labels(node.expr, lookup)
    if isinstance(node, Aggregate):
        if node.by is not None:
            return frozenset(node.by)
        inner = _labels(node.expr, lookup)
        if node.op in ("topk", "bottomk", "limitk", "limit_ratio"):
            # These select series and keep all of their labels.
            return inner if node.without is None else (None if inner is None else inner - set(node.without))
        if node.without is not None:
            return None if inner is None else inner - set(node.without)
        if node.op == "count_values" and isinstance(node.param, String):
            return frozenset({node.param.value})
        return frozenset()
    if isinstance(node, Call):
        return _call_labels(node, lookup)
    if isinstance(node, Binary):
        return _binary_labels(node, lookup)
    return None


def _call_labels(node: Call, lookup: Callable[[str], Labels]) -> Labels:
    func = node.func
    if func in _NO_LABELS:
        return frozenset()
    vectors = [a for a in node.args if not isinstance(a, (Number, String))]
    if func == "histogram_quantile" and len(node.args) == 2:
        inner = _labels(node.args[1], lookup)
        return None if inner is None else inner - {"le"}
    if func in ("label_replace", "label_join") and node.args and len(node.args) >= 2:
        inner = _labels(node.args[0], lookup)
        target = node.args[1]
        if inner is None or not isinstance(target, String):
            return None
        return inner | {target.value}
    if func in ("absent", "absent_over_time") and node.args:
        # absent() returns the labels of the selector's equality matchers.
        arg = node.args[0]
        if isinstance(arg, Selector):
            return arg.equal_labels()
        return None
    if func in _KEEP_LABELS and vectors:
        return _labels(vectors[0], lookup)
    return None


def _binary_labels(node: Binary, lookup: Callable[[str], Labels]) -> Labels:
    lhs = _labels(node.lhs, lookup)
    rhs = _labels(node.rhs, lookup)
    lhs_scalar = isinstance(node.lhs, Number)
    rhs_scalar = isinstance(node.rhs, Number)
    if lhs_scalar and rhs_scalar:
        return frozenset()
    if lhs_scalar:
        return rhs
    if rhs_scalar:
        return lhs
    if node.op == "or":
        return None if lhs is None or rhs is None else lhs | rhs
    if node.op in ("and", "unless"):
        return lhs
    if node.card == "one-to-many":
        # group_right: the right side's labels, plus the listed ones from the left.
        return None if rhs is None else rhs | set(node.group_labels)
    if lhs is None:
        return None
    if node.card == "many-to-one":
        return lhs | set(node.group_labels)
    if node.on is not None:
        return lhs & set(node.on)
    if node.ignoring is not None:
        return lhs - set(node.ignoring)
    return lhs
