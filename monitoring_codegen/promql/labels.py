"""Which labels each result series of a PromQL expression carries: the one label inference.

Every consumer asks here: lint rules (unknown labels, vector matching, `$labels` in
templates), build-time checks of rule tests, `mcg promql`, smoke and instrumentation.
The rules follow Prometheus' engine (promql/engine.go and functions.go) and are tested
against a real Prometheus: tests/integration/test_promql_labels_prometheus.py.

A LabelSet is `known` label names (the metric name never counts) and `open`: True when
the result may carry labels nobody can know offline (a metric outside the catalog, a
function mcg does not model). Consumers never report a missing label on an open set.
"""

from __future__ import annotations

from typing import NamedTuple

from monitoring_codegen.promql.ast import (
    LABEL_KEEPING_FUNCTIONS,
    RANGE_FUNCTIONS,
    Aggregate,
    Binary,
    Call,
    Node,
    Number,
    Selector,
    String,
    Subquery,
    Unary,
)
from monitoring_codegen.promql.catalog import SeriesCatalog

# Functions returning a scalar (no labels) or a vector without labels.
SCALAR_FUNCTIONS = frozenset({"scalar", "time", "pi"})
# Aggregations that select series and keep all of their labels, whatever `by`/`without` say.
SELECTING_AGGREGATIONS = frozenset({"topk", "bottomk", "limitk", "limit_ratio"})
# Grafana placeholders become names with this prefix (see grafana.py): never reported.
PLACEHOLDER_PREFIX = "__mcg_var_"


class LabelSet(NamedTuple):
    known: frozenset[str]
    # True when the result may carry labels we do not know of.
    open: bool

    def has(self, label: str) -> bool:
        return self.open or label in self.known

    def names(self) -> list[str] | None:
        """Sorted label names, or None when they cannot be known offline."""
        return None if self.open else sorted(self.known)


EMPTY = LabelSet(frozenset(), False)
UNKNOWN = LabelSet(frozenset(), True)


def is_scalar(node: Node) -> bool:
    if isinstance(node, (Number, String)):
        return True
    if isinstance(node, Call):
        return node.func in SCALAR_FUNCTIONS
    if isinstance(node, Unary):
        return is_scalar(node.expr)
    if isinstance(node, Binary):
        return is_scalar(node.lhs) and is_scalar(node.rhs)
    return False


def first_vector_arg(call: Call) -> Node | None:
    for arg in call.args:
        if not is_scalar(arg):
            return arg
    return None


def is_placeholder(name: str | None) -> bool:
    return bool(name) and PLACEHOLDER_PREFIX in name  # type: ignore[operator]


def shown_name(name: str | None, default: str = "selector") -> str:
    """A selector's name as the user wrote it: `$metric` rather than its parse placeholder."""
    if not name:
        return default
    return name.replace(PLACEHOLDER_PREFIX, "$") if is_placeholder(name) else name


def result_labels(expr: str, catalog: SeriesCatalog) -> LabelSet:
    """The labels of `expr`'s result series; UNKNOWN when it does not parse."""
    from monitoring_codegen.promql.parse import parse_node

    try:
        node = parse_node(expr)
    except ValueError:
        return UNKNOWN
    return labels_of(node, catalog)


def labels_of(node: Node, catalog: SeriesCatalog) -> LabelSet:
    """The labels the result of `node` carries (metric name excluded); memoised per catalog."""
    memo = catalog.labels_memo
    hit = memo.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    result = _labels_of(node, catalog)
    memo[id(node)] = (node, result)
    return result


def _labels_of(node: Node, catalog: SeriesCatalog) -> LabelSet:
    if isinstance(node, Selector):
        known = catalog.labels_of_series(node.name)
        if known is not None and not is_placeholder(node.name):
            return LabelSet(known, False)
        # An unknown series: at least the labels its matchers require (`x=""` means absent).
        matched = frozenset(m[0] for m in node.matchers if m[0] != "__name__" and not (m[1] == "=" and m[2] == ""))
        return LabelSet(matched, True)
    if isinstance(node, (Number, String)):
        return EMPTY
    if isinstance(node, (Unary, Subquery)):
        return labels_of(node.expr, catalog)
    if isinstance(node, Aggregate):
        return _aggregate_labels(node, catalog)
    if isinstance(node, Call):
        return _call_labels(node, catalog)
    if isinstance(node, Binary):
        return _binary_labels(node, catalog)
    return UNKNOWN


def _aggregate_labels(node: Aggregate, catalog: SeriesCatalog) -> LabelSet:
    inner = labels_of(node.expr, catalog)
    if node.op in SELECTING_AGGREGATIONS:
        return inner
    extra: frozenset[str] = frozenset()
    if node.op == "count_values":
        if not isinstance(node.param, String):
            return UNKNOWN
        extra = frozenset({node.param.value})
    if node.by is not None:
        by = frozenset(node.by)
        # Only the grouping labels a series has survive; on an open input any of them may.
        return LabelSet((by if inner.open else by & inner.known) | extra, False)
    if node.without is not None:
        return LabelSet((inner.known - frozenset(node.without)) | extra, inner.open)
    return LabelSet(extra, False)


def _call_labels(node: Call, catalog: SeriesCatalog) -> LabelSet:
    func = node.func
    if func in SCALAR_FUNCTIONS or func == "vector":
        return EMPTY
    if func in ("absent", "absent_over_time"):
        # Prometheus builds the result from the selector's equality matchers; a label
        # matched twice with `=` is left out. Anything but a selector gives no labels.
        arg = node.args[0] if node.args else None
        if not isinstance(arg, Selector):
            return EMPTY
        equal = [m[0] for m in arg.matchers if m[1] == "=" and m[0] != "__name__"]
        return LabelSet(frozenset(label for label in equal if equal.count(label) == 1), False)
    arg = first_vector_arg(node)
    if arg is None:
        # Date functions without an argument read vector(time()): no labels.
        return EMPTY if func in LABEL_KEEPING_FUNCTIONS else UNKNOWN
    inner = labels_of(arg, catalog)
    if func in ("label_replace", "label_join"):
        target = node.args[1] if len(node.args) > 1 else None
        if not isinstance(target, String):
            return UNKNOWN
        return LabelSet(inner.known | {target.value}, inner.open)
    if func == "histogram_quantile":
        return LabelSet(inner.known - {"le"}, inner.open)
    if func in RANGE_FUNCTIONS or func in LABEL_KEEPING_FUNCTIONS:
        return inner
    # A function we do not model: keep what we know, admit what we do not.
    return LabelSet(inner.known, True)


def _binary_labels(node: Binary, catalog: SeriesCatalog) -> LabelSet:
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
        return _group_labels(lhs, rhs, group)
    if node.card == "one-to-many":
        return _group_labels(rhs, lhs, group)
    if node.on is not None:
        on = frozenset(node.on)
        return LabelSet(on if lhs.open else on & lhs.known, False)
    if node.ignoring is not None:
        return LabelSet(lhs.known - frozenset(node.ignoring), lhs.open)
    return lhs


def _group_labels(many: LabelSet, one: LabelSet, group: frozenset[str]) -> LabelSet:
    """group_left/group_right: the "many" side's labels, the listed ones taken from the "one"
    side (and dropped from the result where the "one" side lacks them)."""
    if one.open:
        return LabelSet(many.known | group, many.open)
    return LabelSet((many.known - group) | (group & one.known), many.open)
