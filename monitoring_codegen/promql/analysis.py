"""Questions the checks ask about a PromQL expression, answered from the AST and the catalog.

- value_kind: is the result still a raw counter value;
- raw_counter_selectors: counters used without rate()/increase() around them;
- uses_rate, has_comparison, selectors, calls: small structural questions.
Which labels a result carries is labels.py's question, asked from here too.
"""

from __future__ import annotations

from monitoring_codegen.promql.ast import (
    COUNTER_FUNCTIONS,
    Aggregate,
    Binary,
    Call,
    Node,
    Number,
    Selector,
    Subquery,
    Unary,
)
from monitoring_codegen.promql.catalog import SeriesCatalog
from monitoring_codegen.promql.labels import first_vector_arg, is_scalar

# Aggregations whose result is still a sum-like value of their input.
_VALUE_KEEPING_AGGREGATIONS = frozenset({"sum", "min", "max", "topk", "bottomk", "limitk", "limit_ratio"})


def value_kind(node: Node, catalog: SeriesCatalog) -> str | None:
    """'counter' when the result is still a raw counter value, 'gauge' otherwise, None if unknown."""
    if isinstance(node, Selector):
        if node.range is not None:
            return None
        return catalog.counter_kind(node.name)
    if isinstance(node, (Unary, Subquery)):
        return value_kind(node.expr, catalog)
    if isinstance(node, Aggregate):
        return value_kind(node.expr, catalog) if node.op in _VALUE_KEEPING_AGGREGATIONS else "gauge"
    if isinstance(node, Call):
        if node.func in (
            "label_replace",
            "label_join",
            "sort",
            "sort_desc",
            "sort_by_label",
            "sort_by_label_desc",
            "clamp_min",
            "clamp_max",
            "clamp",
            "abs",
            "round",
        ):
            arg = first_vector_arg(node)
            return value_kind(arg, catalog) if arg is not None else None
        return "gauge"
    if isinstance(node, Binary):
        if node.is_set_op:
            if node.op == "or":
                kinds = {value_kind(node.lhs, catalog), value_kind(node.rhs, catalog)}
                return "counter" if kinds == {"counter"} else None
            return value_kind(node.lhs, catalog)
        if node.is_comparison:
            return "gauge" if node.return_bool else value_kind(node.lhs, catalog)
        if is_scalar(node.rhs):
            return value_kind(node.lhs, catalog)
        if is_scalar(node.lhs):
            return value_kind(node.rhs, catalog) if node.op in ("+", "*") else "gauge"
        if node.op == "+":
            kinds = {value_kind(node.lhs, catalog), value_kind(node.rhs, catalog)}
            return "counter" if kinds == {"counter"} else None
        # The difference of two counters (started - finished: in flight; x - x offset 1h: an
        # increase) goes up and down: a level, not a counter.
        return "gauge"
    return None


# Calls and aggregations under which a raw counter value is fine: they count series,
# look at timestamps or presence, or are rate-like themselves.
_COUNTER_SAFE_CALLS = COUNTER_FUNCTIONS | frozenset(
    {
        "changes",
        "absent",
        "absent_over_time",
        "present_over_time",
        "count_over_time",
        "timestamp",
        "histogram_quantile",
        "histogram_fraction",
        "histogram_count",
        "histogram_sum",
        "last_over_time",
        "label_values",
    }
)
_COUNTER_SAFE_AGGREGATIONS = frozenset({"count", "group", "count_values"})


# `x_total` beside `x_free`/`x_used`: "total" means capacity there (node_filesystem style), a gauge.
_CAPACITY_SIBLINGS = ("_free", "_used", "_avail", "_available", "_active", "_usage", "_size")
# Aggregations through which a level stays a level (a sum of gauges is a gauge).
_LEVEL_AGGREGATIONS = frozenset({"sum", "min", "max", "avg", "topk", "bottomk"})


def _capacity_totals(root: Node, catalog: SeriesCatalog) -> set[str]:
    """Names ending in _total that the expression reads as a capacity, not a counter: beside a
    _free/_used sibling, or as the whole a level is measured against (`healthy / x_total`,
    `x_total - used`): a counter there would make the ratio or the remainder meaningless."""
    names = {n.name for n in root.walk() if isinstance(n, Selector) and n.name}
    found = {
        name
        for name in names
        if name.endswith("_total") and any(name[: -len("_total")] + suffix in names for suffix in _CAPACITY_SIBLINGS)
    }
    for node in root.walk():
        if not isinstance(node, Binary) or node.op not in ("/", "-") or node.is_set_op:
            continue
        whole, part = (node.rhs, node.lhs) if node.op == "/" else (node.lhs, node.rhs)
        if _is_raw_level(part, catalog):
            found.update(_raw_selector_names(whole))
    return found


def _raw_selector_names(node: Node) -> set[str]:
    """Names of the instant selectors `node` is made of through level-keeping aggregations."""
    node = _through_level_aggregations(node)
    return {node.name} if isinstance(node, Selector) and node.range is None and node.name else set()


def _through_level_aggregations(node: Node) -> Node:
    """The selector under sums and scalings of it: `100 * sum by (job) (x)` -> x."""
    while True:
        if isinstance(node, Aggregate) and node.op in _LEVEL_AGGREGATIONS:
            node = node.expr
        elif isinstance(node, Binary) and node.op in ("*", "/") and is_scalar(node.rhs):
            node = node.lhs
        elif isinstance(node, Binary) and node.op == "*" and is_scalar(node.lhs):
            node = node.rhs
        else:
            return node


def _is_raw_level(node: Node, catalog: SeriesCatalog) -> bool:
    """A gauge read as it is (possibly summed): `x_healthy`, `sum by (job) (x_used_bytes)`."""
    node = _through_level_aggregations(node)
    return (
        isinstance(node, Selector)
        and node.range is None
        and bool(node.name)
        and catalog.counter_kind(node.name) not in ("counter", "summary")
    )


def _is_zero(node: Node) -> bool:
    return isinstance(node, Number) and node.value == 0


def raw_counter_selectors(root: Node, catalog: SeriesCatalog) -> list[Selector]:
    """Instant selectors of counters whose value is used as is (compared, plotted, divided).

    Not reported: a comparison with 0 (`x_total > 0`: "has it ever happened", a deliberate
    question), and, when only the name says "counter", capacity totals beside their
    free/used sibling and uptime counters, which are meant to be read as they are.
    """
    found: list[Selector] = []
    capacity = None
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Call):
            if node.func in _COUNTER_SAFE_CALLS:
                continue
        elif isinstance(node, Aggregate):
            if node.op in _COUNTER_SAFE_AGGREGATIONS:
                continue
        elif isinstance(node, Binary):
            if node.op in ("and", "unless"):
                # The right side of and/unless only selects which series pass.
                stack.append(node.lhs)
                continue
            if node.op == "-" and value_kind(node.lhs, catalog) == "counter" == value_kind(node.rhs, catalog):
                # x - x offset 1h: a hand-written increase; started - handled: how many are in
                # flight (counters of one process reset together, so the difference survives).
                continue
            if node.is_comparison and (_is_zero(node.rhs) or _is_zero(node.lhs)):
                continue
            if node.is_comparison and _is_below_threshold(node):
                # `x_total < 300`: only true shortly after the counter started (uptime-style
                # counters, "restarted in the last five minutes"): the raw value is the question.
                continue
        elif isinstance(node, Selector):
            if node.range is None and catalog.counter_kind(node.name) == "counter":
                if catalog.lookup(node.name) is None:  # a counter by its name only
                    if capacity is None:
                        capacity = _capacity_totals(root, catalog)
                    if node.name in capacity or "uptime" in node.name.lower():
                        continue
                found.append(node)
            continue
        stack.extend(node.children())
    return found


def _is_below_threshold(node: Binary) -> bool:
    """`x < N` / `x <= N` (or `N > x`) with x one counter, possibly summed or scaled (`x / 60`):
    its value asked to be small. A ratio of two series below a threshold is not this."""
    if node.op in ("<", "<=") and number_value(node.rhs) is not None:
        side = node.lhs
    elif node.op in (">", ">=") and number_value(node.lhs) is not None:
        side = node.rhs
    else:
        return False
    return isinstance(_through_level_aggregations(side), Selector)


def selectors(root: Node) -> list[Selector]:
    return [n for n in root.walk() if isinstance(n, Selector)]


def uses_rate(root: Node, catalog: SeriesCatalog | None = None) -> bool:
    """The expression applies rate/irate/increase, itself or through a recorded series."""
    for node in root.walk():
        if isinstance(node, Call) and node.func in ("rate", "irate", "increase"):
            return True
        if catalog is not None and isinstance(node, Selector):
            info = catalog.lookup(node.name)
            if info is not None and info.rated:
                return True
    return False


def has_comparison(root: Node) -> bool:
    """A filtering comparison (not `bool`) or a filtering set operation somewhere."""
    for node in root.walk():
        if isinstance(node, Binary) and ((node.is_comparison and not node.return_bool) or node.op in ("and", "unless")):
            return True
    return False


def calls(root: Node, names) -> list[Call]:
    return [n for n in root.walk() if isinstance(n, Call) and n.func in names]


# Functions whose result is never negative, whatever their input (rate() and increase() add back
# what a reset took away; the others count, measure or take an absolute value).
_NON_NEGATIVE_CALLS = frozenset(
    {
        "rate",
        "irate",
        "increase",
        "resets",
        "changes",
        "count_over_time",
        "present_over_time",
        "absent",
        "absent_over_time",
        "abs",
        "sqrt",
        "exp",
        "time",
        "histogram_count",
        "histogram_fraction",
        "stddev_over_time",
        "stdvar_over_time",
        "day_of_month",
        "day_of_week",
        "day_of_year",
        "days_in_month",
        "hour",
        "minute",
        "month",
        "year",
    }
)
# Functions that keep the sign of their (first vector) argument's values.
_SIGN_KEEPING_CALLS = frozenset(
    {
        "label_replace",
        "label_join",
        "sort",
        "sort_desc",
        "sort_by_label",
        "sort_by_label_desc",
        "round",
        "ceil",
        "floor",
        "scalar",
        "vector",
        "avg_over_time",
        "min_over_time",
        "max_over_time",
        "sum_over_time",
        "last_over_time",
        "quantile_over_time",
    }
)
_NON_NEGATIVE_AGGREGATIONS = frozenset({"count", "count_values", "group", "stddev", "stdvar"})
_SIGN_KEEPING_AGGREGATIONS = frozenset(
    {"sum", "min", "max", "avg", "topk", "bottomk", "limitk", "limit_ratio", "quantile"}
)


def number_value(node: Node) -> float | None:
    """The value of a number literal (`-1` included), else None."""
    sign = 1.0
    while isinstance(node, Unary):
        node, sign = node.expr, -sign
    return sign * node.value if isinstance(node, Number) else None


def is_non_negative(node: Node, catalog: SeriesCatalog) -> bool:
    """True only when no value of `node` can be below zero (NaN aside, which compares false)."""
    value = number_value(node)
    if value is not None:
        return value >= 0
    if isinstance(node, Selector):
        # A counter's value (a range selector's samples, for *_over_time) only grows from zero.
        return catalog.counter_kind(node.name) == "counter"
    if isinstance(node, Call):
        if node.func in _NON_NEGATIVE_CALLS:
            return True
        if node.func == "clamp_min" or node.func == "clamp":
            low = number_value(node.args[1]) if len(node.args) > 1 else None
            return low is not None and low >= 0
        if node.func in _SIGN_KEEPING_CALLS:
            arg = first_vector_arg(node) if node.func not in ("scalar", "vector") else node.args[0]
            return arg is not None and is_non_negative(arg, catalog)
        return False
    if isinstance(node, Aggregate):
        if node.op in _NON_NEGATIVE_AGGREGATIONS:
            return True
        return node.op in _SIGN_KEEPING_AGGREGATIONS and is_non_negative(node.expr, catalog)
    if isinstance(node, Subquery):
        return is_non_negative(node.expr, catalog)
    if isinstance(node, Binary):
        if node.is_comparison:
            if node.return_bool:
                return True
            # A filter keeps the vector side's values (the left one between two vectors).
            kept = node.rhs if is_scalar(node.lhs) and not is_scalar(node.rhs) else node.lhs
            return is_non_negative(kept, catalog)
        if node.op in ("and", "unless"):
            return is_non_negative(node.lhs, catalog)
        if node.op in ("or", "+", "*", "/", "%", "^"):
            # Go's math.Mod takes the dividend's sign; a non-negative base to any power stays so.
            if node.op in ("%", "^"):
                return is_non_negative(node.lhs, catalog)
            return is_non_negative(node.lhs, catalog) and is_non_negative(node.rhs, catalog)
    return False


def never_true_comparison(node: Binary, catalog: SeriesCatalog) -> tuple[Node, float] | None:
    """(the never-negative side, the bound) when a comparison of that side with a number at or
    below zero can never hold: `rate(x[5m]) < 0`, `count(x) <= -1`, `-1 == abs(x)`."""
    if not node.is_comparison or not (isinstance(node.lhs, (Number, Unary)) or isinstance(node.rhs, (Number, Unary))):
        return None
    for side, other, op in ((node.lhs, node.rhs, node.op), (node.rhs, node.lhs, _MIRRORED.get(node.op, ""))):
        bound = number_value(other)
        if bound is None or number_value(side) is not None:
            continue
        if (op == "<" and bound <= 0) or (op in ("<=", "==") and bound < 0):
            if is_non_negative(side, catalog):
                return side, bound
    return None


# `N op x` read as `x op' N`.
_MIRRORED = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}
