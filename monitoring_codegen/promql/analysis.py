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
        if node.op in ("+", "-"):
            kinds = {value_kind(node.lhs, catalog), value_kind(node.rhs, catalog)}
            return "counter" if kinds == {"counter"} else None
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


def _capacity_totals(root: Node) -> set[str]:
    names = {n.name for n in root.walk() if isinstance(n, Selector) and n.name}
    return {
        name
        for name in names
        if name.endswith("_total") and any(name[: -len("_total")] + suffix in names for suffix in _CAPACITY_SIBLINGS)
    }


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
            if node.op == "-" and _is_offset_difference(node):
                # x - x offset 1h: a hand-written increase.
                continue
            if node.is_comparison and (_is_zero(node.rhs) or _is_zero(node.lhs)):
                continue
        elif isinstance(node, Selector):
            if node.range is None and catalog.counter_kind(node.name) == "counter":
                if catalog.lookup(node.name) is None:  # a counter by its name only
                    if capacity is None:
                        capacity = _capacity_totals(root)
                    if node.name in capacity or "uptime" in node.name:
                        continue
                found.append(node)
            continue
        stack.extend(node.children())
    return found


def _is_offset_difference(node: Binary) -> bool:
    lhs, rhs = node.lhs, node.rhs
    return (
        isinstance(lhs, Selector)
        and isinstance(rhs, Selector)
        and lhs.name == rhs.name
        and (lhs.offset or 0) != (rhs.offset or 0)
    )


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
