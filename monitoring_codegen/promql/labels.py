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

import functools
import re
from typing import NamedTuple

from monitoring_codegen.promql.ast import (
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
from monitoring_codegen.promql.functions import LABEL_KEEPING_FUNCTIONS, RANGE_FUNCTIONS

# Functions returning a scalar (no labels) or a vector without labels.
SCALAR_FUNCTIONS = frozenset({"scalar", "time", "pi"})
# Aggregations that select series and keep all of their labels, whatever `by`/`without` say.
SELECTING_AGGREGATIONS = frozenset({"topk", "bottomk", "limitk", "limit_ratio"})
# Grafana placeholders become names with this prefix (see grafana.py): never reported.
PLACEHOLDER_PREFIX = "__mcg_var_"
# The metric name: never one of a LabelSet's names.
METRIC_NAME = "__name__"


class LabelSet(NamedTuple):
    known: frozenset[str]
    # True when the result may carry labels we do not know of.
    open: bool
    # Labels an open set surely lacks: removed by `without (...)`, `ignoring (...)`, histogram_quantile's le.
    excluded: frozenset[str] = frozenset()

    def has(self, label: str) -> bool:
        return label in self.known or (self.open and label not in self.excluded)

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
        # An unknown series: at least the labels its matchers require, those that refuse the
        # empty value (`x=""`, `x!="a"` and `x=~".*"` also select series without x).
        matched = frozenset(
            label for label, op, value in node.matchers if label != METRIC_NAME and requires_label(op, value)
        )
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


@functools.lru_cache(maxsize=4096)
def requires_label(op: str, value: str) -> bool:
    """The matcher refuses a series that lacks the label (Prometheus matches a missing label as "")."""
    if op == "=":
        return value != ""
    if op == "!=":
        return value == ""
    if _TEMPLATED_RE.search(value):
        return False  # a Grafana variable may expand to anything
    try:
        matches_empty = re.fullmatch(value, "") is not None
    except (re.error, OverflowError, RecursionError):
        return False  # Go syntax Python does not read: nothing is certain
    return not matches_empty if op == "=~" else matches_empty


def _aggregate_labels(node: Aggregate, catalog: SeriesCatalog) -> LabelSet:
    inner = labels_of(node.expr, catalog)
    if node.op in SELECTING_AGGREGATIONS:
        return inner
    extra: frozenset[str] = frozenset()
    if node.op == "count_values":
        if not isinstance(node.param, String):
            return UNKNOWN
        # The value label is set on each input series before grouping: `by` keeps it, and
        # `without` drops it when listed there.
        extra = frozenset({node.param.value}) - {METRIC_NAME}
    if node.by is not None:
        by = frozenset(node.by) - {METRIC_NAME}
        # Only the grouping labels a series has survive; on an open input any of them may.
        return LabelSet((by if inner.open else by & inner.known) | extra, False)
    if node.without is not None:
        without = frozenset(node.without)
        return LabelSet((inner.known | extra) - without, inner.open, (inner.excluded | without) - extra)
    return LabelSet(extra, False)


def _call_labels(node: Call, catalog: SeriesCatalog) -> LabelSet:
    func = node.func
    if func in SCALAR_FUNCTIONS or func == "vector":
        return EMPTY
    if func in ("absent", "absent_over_time"):
        arg = node.args[0] if node.args else None
        return absent_labels(arg) if isinstance(arg, Selector) else EMPTY
    arg = first_vector_arg(node)
    if arg is None:
        # Date functions without an argument read vector(time()): no labels.
        return EMPTY if func in LABEL_KEEPING_FUNCTIONS else UNKNOWN
    inner = labels_of(arg, catalog)
    if func in ("label_replace", "label_join"):
        strings: list[str] = [a.value for a in node.args[1:] if isinstance(a, String)]
        if len(strings) != len(node.args) - 1 or len(strings) < 2 or (func == "label_replace" and len(strings) != 4):
            return UNKNOWN
        if func == "label_replace":
            return _label_replace(inner, *strings)
        return _label_join(inner, strings[0], strings[1], strings[2:])
    if func == "histogram_quantile":
        return LabelSet(inner.known - {"le"}, inner.open, inner.excluded | {"le"})
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
        return LabelSet(lhs.known | rhs.known, lhs.open or rhs.open, _excluded_by_both(lhs, rhs))
    group = frozenset(node.group_labels)
    if node.card == "many-to-one":
        return _group_labels(lhs, rhs, group)
    if node.card == "one-to-many":
        return _group_labels(rhs, lhs, group)
    if node.on is not None:
        # Prometheus keeps only the `on` labels, for filtering comparisons too.
        on = frozenset(node.on) - {METRIC_NAME}
        return LabelSet(on if lhs.open else on & lhs.known, False)
    if node.ignoring is not None:
        ignoring = frozenset(node.ignoring)
        return LabelSet(lhs.known - ignoring, lhs.open, lhs.excluded | ignoring)
    return lhs


def _excluded_by_both(lhs: LabelSet, rhs: LabelSet) -> frozenset[str]:
    """Labels no series of `lhs or rhs` has: surely absent on both sides."""

    def lacks(side: LabelSet, label: str) -> bool:
        return label in side.excluded if side.open else label not in side.known

    return frozenset(label for label in lhs.excluded | rhs.excluded if lacks(lhs, label) and lacks(rhs, label))


def _group_labels(many: LabelSet, one: LabelSet, group: frozenset[str]) -> LabelSet:
    """group_left/group_right: the "many" side's labels, the listed ones taken from the "one"
    side (and dropped from the result where the "one" side lacks them)."""
    if one.open:
        return LabelSet(many.known | group, many.open)
    return LabelSet((many.known - group) | (group & one.known), many.open)


def absent_labels(selector: Selector) -> LabelSet:
    """absent()/absent_over_time() of a selector that matches nothing: one series whose labels
    come from the selector's matchers (Prometheus' createLabelsForAbsentFunction). In order:
    the first `=` on a label sets it (`=""` sets nothing), any later or other matcher on the
    same label removes it again."""
    seen: set[str] = set()
    present: set[str] = set()
    for label, op, value in selector.matchers:
        if label == METRIC_NAME:
            continue
        if op == "=" and label not in seen:
            seen.add(label)
            if value:
                present.add(label)
        else:
            present.discard(label)
    return LabelSet(frozenset(present), False)


def _label_replace(inner: LabelSet, dst: str, replacement: str, src: str, regex: str) -> LabelSet:
    """label_replace(v, dst, replacement, src, regex): where the anchored regex matches the value
    of `src`, `dst` becomes the expanded replacement (an empty one removes `dst`); elsewhere the
    series is unchanged."""
    if dst == METRIC_NAME:
        return inner
    try:
        compiled = None if _TEMPLATED_RE.search(regex) else re.compile(regex)
    except (re.error, OverflowError, RecursionError):
        compiled = None
    if compiled is None:
        # A Grafana variable, or Go syntax Python does not read: it may well set `dst`.
        return LabelSet(inner.known | {dst}, inner.open)
    literal, dynamic = _expansion(replacement, compiled)
    if _surely_absent(inner, src):
        # `src` is on no series: the regex sees "" and every group captures "".
        if compiled.fullmatch("") is None:
            return inner
        sets = bool(literal)
        return LabelSet(inner.known | {dst} if sets else inner.known - {dst}, False)
    unchanged_possible = regex not in _MATCH_EVERYTHING
    set_possible = bool(literal or dynamic)
    keeps_dst = set_possible or (unchanged_possible and dst in inner.known)
    return LabelSet(inner.known | {dst} if keeps_dst else inner.known - {dst}, inner.open)


def _label_join(inner: LabelSet, dst: str, separator: str, sources: list[str]) -> LabelSet:
    """label_join(v, dst, separator, src...): `dst` becomes the sources' values joined, and is
    removed when that is empty."""
    if dst == METRIC_NAME:
        return inner
    if all(_surely_absent(inner, s) for s in sources) and (len(sources) <= 1 or not separator):
        return LabelSet(inner.known - {dst}, False)
    return LabelSet(inner.known | {dst}, inner.open)


def _surely_absent(inner: LabelSet, label: str) -> bool:
    """True when no series of `inner` carries `label` (the metric name may always be there, and a
    Grafana variable may become any label)."""
    return not inner.open and label != METRIC_NAME and label not in inner.known and not _TEMPLATED_RE.search(label)


# Regexes that match every label value (label_replace anchors them: ^(?:regex)$).
_MATCH_EVERYTHING = frozenset({".*", "(.*)", "^.*$", "^(.*)$", ".*?", "(.*?)"})
# A Grafana variable in a dashboard query's string: `$var`, `${var}`, `[[var]]` (not `$1`).
_TEMPLATED_RE = re.compile(r"\$[A-Za-z_{]|\[\[[A-Za-z_]")
_GO_NAME_RE = re.compile(r"\w+")


def _expansion(template: str, regex: re.Pattern) -> tuple[str, list[str]]:
    """(literal text, references that may expand to something) of a label_replace replacement, as
    Go's Regexp.Expand reads it: `$$` is a `$`, `$name` takes the longest run of letters, digits
    and `_` (`$1x` is the group named "1x", not group 1 then "x"), `${name}` is braced, a `$`
    starting no name stays as it is, and a reference to no group expands to "". A name that is
    no group but could be a Grafana variable (`$env` in a dashboard) counts as a reference."""
    literal: list[str] = []
    dynamic: list[str] = []
    pos = 0
    while True:
        dollar = template.find("$", pos)
        if dollar < 0:
            literal.append(template[pos:])
            break
        literal.append(template[pos:dollar])
        rest = dollar + 1
        if template.startswith("$", rest):
            literal.append("$")
            pos = rest + 1
            continue
        brace = template.startswith("{", rest)
        match = _GO_NAME_RE.match(template, rest + brace)
        if match is None or (brace and not template.startswith("}", match.end())):
            literal.append("$")  # malformed: the `$` is kept as text
            pos = rest
            continue
        name = match.group()
        pos = match.end() + brace
        if name.isascii() and name.isdigit() and not (name[0] == "0" and len(name) > 1):
            if int(name) <= regex.groups:
                dynamic.append(name)
        elif name in regex.groupindex or not name[0].isdigit():
            dynamic.append(name)
    return "".join(literal), dynamic


def fixed_values(node: Node, catalog: SeriesCatalog, recorded=None) -> dict[str, str]:
    """Labels whose value is the same on every result series of `node`: set by `label="v"`
    matchers, or by the static labels of the recording rules a selector reads (`recorded(selector)`
    gives them, {} when it knows none). A value of "" means the label is absent. Only what is
    certain is returned: a label missing here may have any value."""
    fixed = _fixed_values(node, catalog, recorded)
    labels = labels_of(node, catalog)
    if labels.open:
        return fixed
    return {k: v for k, v in fixed.items() if k in labels.known or v == ""}


def _fixed_values(node: Node, catalog: SeriesCatalog, recorded) -> dict[str, str]:
    if isinstance(node, Selector):
        values = {label: value for label, op, value in node.matchers if op == "=" and label != METRIC_NAME}
        if recorded is not None:
            values.update(recorded(node))
        return values
    if isinstance(node, (Unary, Subquery)):
        return fixed_values(node.expr, catalog, recorded)
    if isinstance(node, Aggregate):
        inner = fixed_values(node.expr, catalog, recorded)
        if node.op in SELECTING_AGGREGATIONS:
            return inner
        if node.by is not None:
            return {k: v for k, v in inner.items() if k in node.by}
        if node.without is not None:
            return {k: v for k, v in inner.items() if k not in node.without}
        return {}
    if isinstance(node, Call):
        arg = first_vector_arg(node)
        if arg is None:
            return {}
        inner = fixed_values(arg, catalog, recorded)
        if node.func in ("label_replace", "label_join"):
            target = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], String) else None
            return {k: v for k, v in inner.items() if target is not None and k != target}
        if node.func == "histogram_quantile" or node.func in RANGE_FUNCTIONS or node.func in LABEL_KEEPING_FUNCTIONS:
            return inner
        return {}
    if isinstance(node, Binary):
        if is_scalar(node.rhs):
            return fixed_values(node.lhs, catalog, recorded)
        if is_scalar(node.lhs):
            return fixed_values(node.rhs, catalog, recorded)
        lhs = fixed_values(node.lhs, catalog, recorded)
        if node.op in ("and", "unless"):
            return lhs
        rhs = fixed_values(node.rhs, catalog, recorded)
        if node.op == "or":
            return {k: v for k, v in lhs.items() if rhs.get(k) == v}
        many, one = (rhs, lhs) if node.card == "one-to-many" else (lhs, rhs)
        out = dict(many)
        for label in node.group_labels:
            out.pop(label, None)
            if label in one:
                out[label] = one[label]
        return out
    return {}


def never_matching(node: Binary, catalog: SeriesCatalog, recorded=None) -> tuple[str, str, str] | None:
    """(label, left value, right value) of a label the two sides of `node` must agree on but never
    can: fixed to different values, or fixed on one side and surely absent on the other; None
    when the sides can match (or when nothing certain is known). `""` stands for absent."""
    if node.op == "or" or is_scalar(node.lhs) or is_scalar(node.rhs):
        return None
    left, right = fixed_values(node.lhs, catalog, recorded), fixed_values(node.rhs, catalog, recorded)
    lhs_labels, rhs_labels = labels_of(node.lhs, catalog), labels_of(node.rhs, catalog)
    if node.on is not None:
        matched = [label for label in node.on if label != METRIC_NAME]
    else:
        ignored = set(node.ignoring or ()) | {METRIC_NAME}
        matched = sorted((set(left) | set(right)) - ignored)
    for label in matched:
        lv = left.get(label, None if lhs_labels.open or label in lhs_labels.known else "")
        rv = right.get(label, None if rhs_labels.open or label in rhs_labels.known else "")
        if lv is not None and rv is not None and lv != rv:
            return label, lv, rv
    return None
