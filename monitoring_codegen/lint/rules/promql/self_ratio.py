"""PQL010 promql/self-ratio: a ratio that divides each series by itself."""

from monitoring_codegen.lint.rule import LintRule, Problem
from monitoring_codegen.promql.ast import (
    LABEL_KEEPING_FUNCTIONS,
    RANGE_FUNCTIONS,
    Aggregate,
    Binary,
    Call,
    Number,
    Selector,
    String,
    Unary,
)
from monitoring_codegen.promql.labels import is_scalar, labels_of


def _chain(node):
    """(shape, selector) when `node` is one selector under single-argument wrappers, else None."""
    shape = []
    while True:
        if isinstance(node, Selector):
            shape.append(("selector", node.name, node.range, node.offset))
            return tuple(shape), node
        if isinstance(node, Unary):
            shape.append(("neg",))
            node = node.expr
        elif isinstance(node, Call) and (node.func in RANGE_FUNCTIONS or node.func in LABEL_KEEPING_FUNCTIONS):
            vectors = [a for a in node.args if not isinstance(a, (Number, String))]
            if len(vectors) != 1:
                return None
            params = tuple(a.value for a in node.args if isinstance(a, (Number, String)))
            shape.append(("call", node.func, params))
            node = vectors[0]
        elif isinstance(node, Aggregate):
            param = node.param.value if isinstance(node.param, (Number, String)) else None
            shape.append(("aggregate", node.op, node.by, node.without, param))
            node = node.expr
        else:
            return None


def _matchers(selector: Selector) -> set:
    return {m for m in selector.matchers if m[0] != "__name__"}


class SelfRatio(LintRule):
    id = "PQL010"
    name = "promql/self-ratio"
    severity = "error"
    summary = "A ratio of a metric to itself where each series is divided by itself (always 1)."
    details = (
        '`rate(x{status="error"}[5m]) / rate(x[5m])` looks like an error ratio but is not: the division '
        "matches series with identical labels, so each error series is divided by itself and the result is "
        "1 for every series that has errors (and nothing otherwise). The label the numerator filters on must "
        'be aggregated away before dividing: `sum(rate(x{status="error"}[5m])) / sum(rate(x[5m]))`, or '
        "`sum by (route) (...) / sum by (route) (...)`, or ignore it with `/ ignoring(status)`."
    )
    bad = """\
groups:
  - name: example
    rules:
      - alert: AgentErrorRate
        expr: rate(agent_operations_total{status="error"}[5m]) / rate(agent_operations_total[5m]) > 0.1
"""
    good = """\
groups:
  - name: example
    rules:
      - alert: AgentErrorRate
        expr: >
          sum by (agent_type) (rate(agent_operations_total{status="error"}[5m]))
          / sum by (agent_type) (rate(agent_operations_total[5m])) > 0.1
"""

    def check_query(self, query, ctx):
        for node in query.nodes_of(Binary):
            if not (node.op == "/") or is_scalar(node.lhs) or is_scalar(node.rhs):
                continue
            lhs, rhs = _chain(node.lhs), _chain(node.rhs)
            if lhs is None or rhs is None or lhs[0] != rhs[0]:
                continue
            lsel, rsel = lhs[1], rhs[1]
            lm, rm = _matchers(lsel), _matchers(rsel)
            if lm == rm:
                yield Problem(
                    query, f"{lsel.name} is divided by exactly itself: the result is always 1", expr=query.text
                )
                continue
            if lm > rm:
                extra = {m[0] for m in lm - rm}
            elif rm > lm:
                extra = {m[0] for m in rm - lm}
            else:
                continue
            lhs_labels, rhs_labels = labels_of(node.lhs, ctx.catalog), labels_of(node.rhs, ctx.catalog)
            kept = [
                label
                for label in sorted(extra)
                if lhs_labels.has(label)
                and rhs_labels.has(label)
                and (node.on is None or label in node.on)
                and (node.ignoring is None or label not in node.ignoring)
            ]
            if kept and len(kept) == len(extra):
                labels = ", ".join(kept)
                yield Problem(
                    query,
                    f"each {lsel.name} series is divided by itself: both sides keep {labels}, "
                    f"so the ratio is 1 wherever the numerator has data; aggregate {labels} away "
                    f"(sum by (...) on both sides) or divide with ignoring({labels})",
                    expr=query.text,
                )


RULE = SelfRatio()
