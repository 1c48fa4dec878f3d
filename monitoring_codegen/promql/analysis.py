"""Questions the checks ask about a PromQL expression, answered from the AST and the catalog.

- labels_of: which labels the result keeps, through aggregations, functions and vector matching;
- value_kind: is the result still a raw counter value;
- raw_counter_selectors: counters used without rate()/increase() around them.
Answers are conservative: when a metric is unknown the label set is "open" and no
check reports a missing label.
"""

from __future__ import annotations

from typing import NamedTuple

from monitoring_codegen.promql.ast import COUNTER_FUNCTIONS, LABEL_KEEPING_FUNCTIONS, RANGE_FUNCTIONS, Aggregate, Binary, Call, Node, Number, Selector, String, Subquery, Unary
from monitoring_codegen.promql.catalog import LintCatalog

_SCALAR_FUNCTIONS = frozenset({"scalar", "time", "pi"})
# Aggregations whose result is still a sum-like value of their input.
_VALUE_KEEPING_AGGREGATIONS = frozenset({"sum", "min", "max", "topk", "bottomk", "limitk", "limit_ratio"})
_LABEL_KEEPING_AGGREGATIONS = frozenset({"topk", "bottomk", "limitk", "limit_ratio"})
# Grafana placeholders become names with this prefix (see grafana.py): never reported.
PLACEHOLDER_PREFIX = "__mcg_var_"


class LabelSet(NamedTuple):
    known: frozenset[str]
    # True when the result may carry labels we do not know of.
    open: bool

    def has(self, label: str) -> bool:
        return self.open or label in self.known


EMPTY = LabelSet(frozenset(), False)


def is_scalar(node: Node) -> bool:
    if isinstance(node, (Number, String)):
        return True
    if isinstance(node, Call):
        return node.func in _SCALAR_FUNCTIONS
    if isinstance(node, Unary):
        return is_scalar(node.expr)
    if isinstance(node, Binary):
        return is_scalar(node.lhs) and is_scalar(node.rhs)
    return False


def first_vector_arg(call: Call) -> Node | None:
    for arg in call.args:
        if not isinstance(arg, (Number, String)):
            return arg
    return None


def is_placeholder(name: str | None) -> bool:
    return bool(name) and PLACEHOLDER_PREFIX in name


def shown_name(name: str | None, default: str = "selector") -> str:
    """A selector's name as the user wrote it: `$metric` rather than its parse placeholder."""
    if not name:
        return default
    return name.replace(PLACEHOLDER_PREFIX, "$") if is_placeholder(name) else name


def labels_of(node: Node, catalog: LintCatalog) -> LabelSet:
    """The labels the result of `node` carries (metric name excluded); memoised per run."""
    memo = catalog.labels_memo
    hit = memo.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    result = _labels_of(node, catalog)
    memo[id(node)] = (node, result)
    return result


def _labels_of(node: Node, catalog: LintCatalog) -> LabelSet:
    if isinstance(node, Selector):
        known = catalog.labels_of_series(node.name)
        if known is not None and not is_placeholder(node.name):
            return LabelSet(known, False)
        matched = frozenset(m[0] for m in node.matchers if m[0] != "__name__" and not (m[1] == "=" and m[2] == ""))
        return LabelSet(matched, True)
    if isinstance(node, (Number, String)):
        return EMPTY
    if isinstance(node, Unary):
        return labels_of(node.expr, catalog)
    if isinstance(node, Subquery):
        return labels_of(node.expr, catalog)
    if isinstance(node, Aggregate):
        inner = labels_of(node.expr, catalog)
        if node.op in _LABEL_KEEPING_AGGREGATIONS:
            return inner
        extra = frozenset()
        if node.op == "count_values" and isinstance(node.param, String):
            extra = frozenset({node.param.value})
        if node.by is not None:
            by = frozenset(node.by)
            return LabelSet((by if inner.open else by & inner.known) | extra, False)
        if node.without is not None:
            return LabelSet((inner.known - frozenset(node.without)) | extra, inner.open)
        return LabelSet(extra, False)
    if isinstance(node, Call):
        return _call_labels(node, catalog)
    if isinstance(node, Binary):
        return _binary_labels(node, catalog)
    return LabelSet(frozenset(), True)


def _call_labels(node: Call, catalog: LintCatalog) -> LabelSet:
    func = node.func
    if func in _SCALAR_FUNCTIONS or func == "vector":
        return EMPTY
    if func in ("absent", "absent_over_time"):
        arg = node.args[0] if node.args else None
        if isinstance(arg, Selector):
            return LabelSet(frozenset(m[0] for m in arg.matchers if m[1] == "=" and m[0] != "__name__"), False)
        return LabelSet(frozenset(), True)
    arg = first_vector_arg(node)
    inner = labels_of(arg, catalog) if arg is not None else EMPTY
    if func in ("label_replace", "label_join") and len(node.args) > 1 and isinstance(node.args[1], String):
        return LabelSet(inner.known | {node.args[1].value}, inner.open)
    if func == "histogram_quantile":
        return LabelSet(inner.known - {"le"}, inner.open)
    if func in RANGE_FUNCTIONS or func in LABEL_KEEPING_FUNCTIONS:
        return inner
    # A function we do not model: keep what we know, admit what we do not.
    return LabelSet(inner.known, True)


def _binary_labels(node: Binary, catalog: LintCatalog) -> LabelSet:
    lhs_scalar, rhs_scalar = is_scalar(node.lhs), is_scalar(node.rhs)
    if lhs_scalar and rhs_scalar:
        return EMPTY
    if rhs_scalar:
        return labels_of(node.lhs, catalog)
    if lhs_scalar:
        return labels_of(node.rhs, catalog)
    lhs = labels_of(node.lhs, catalog)
    if node.op in ("and", "unless"):
        return lhs
    rhs = labels_of(node.rhs, catalog)
    if node.op == "or":
        return LabelSet(lhs.known | rhs.known, lhs.open or rhs.open)
    group = frozenset(node.group_labels)
    if node.card == "many-to-one":
        return LabelSet(lhs.known | group, lhs.open or (rhs.open and bool(group)))
    if node.card == "one-to-many":
        return LabelSet(rhs.known | group, rhs.open or (lhs.open and bool(group)))
    if node.on is not None:
        on = frozenset(node.on)
        return LabelSet(on if lhs.open else on & lhs.known, False)
    if node.ignoring is not None:
        return LabelSet(lhs.known - frozenset(node.ignoring), lhs.open)
    return lhs


def value_kind(node: Node, catalog: LintCatalog) -> str | None:
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
        if node.func in ("label_replace", "label_join", "sort", "sort_desc", "sort_by_label",
                         "sort_by_label_desc", "clamp_min", "clamp_max", "clamp", "abs", "round"):
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
_COUNTER_SAFE_CALLS = COUNTER_FUNCTIONS | frozenset({
    "changes", "absent", "absent_over_time", "present_over_time", "count_over_time", "timestamp",
    "histogram_quantile", "histogram_fraction", "histogram_count", "histogram_sum", "last_over_time",
    "label_values",
})
_COUNTER_SAFE_AGGREGATIONS = frozenset({"count", "group", "count_values"})


# `x_total` beside `x_free`/`x_used`: "total" means capacity there (node_filesystem style), a gauge.
_CAPACITY_SIBLINGS = ("_free", "_used", "_avail", "_available", "_active", "_usage", "_size")


def _capacity_totals(root: Node) -> set[str]:
    names = {n.name for n in root.walk() if isinstance(n, Selector) and n.name}
    return {name for name in names if name.endswith("_total")
            and any(name[:-len("_total")] + suffix in names for suffix in _CAPACITY_SIBLINGS)}


def _is_zero(node: Node) -> bool:
    return isinstance(node, Number) and node.value == 0


def raw_counter_selectors(root: Node, catalog: LintCatalog) -> list[Selector]:
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
    return (isinstance(lhs, Selector) and isinstance(rhs, Selector) and lhs.name == rhs.name
            and (lhs.offset or 0) != (rhs.offset or 0))


def selectors(root: Node) -> list[Selector]:
    return [n for n in root.walk() if isinstance(n, Selector)]


def uses_rate(root: Node, catalog: LintCatalog | None = None) -> bool:
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
        if isinstance(node, Binary) and ((node.is_comparison and not node.return_bool) or
                                         node.op in ("and", "unless")):
            return True
    return False


def calls(root: Node, names) -> list[Call]:
    return [n for n in root.walk() if isinstance(n, Call) and n.func in names]
