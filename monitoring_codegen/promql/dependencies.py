"""Which series an expression reads, and which recording rules it depends on.

Rule tests load the recording rules an alert reads (directly or through other records);
instrumentation and `mcg promql` list the metrics a query reads. All ask here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from monitoring_codegen.promql.ast import Node, Selector


def selected_names(node: Node) -> set[str]:
    """Metric names the expression selects (by name or by a `__name__="..."` matcher)."""
    names: set[str] = set()
    for item in node.walk():
        if isinstance(item, Selector):
            if item.name:
                names.add(item.name)
            for label, op, value in item.matchers:
                if label == "__name__" and op == "=":
                    names.add(value)
    return names


def expr_names(expr: str) -> set[str]:
    """selected_names of an expression given as text; empty when it does not parse."""
    from monitoring_codegen.promql.parse import parse_node

    try:
        return selected_names(parse_node(expr))
    except (ValueError, TypeError):
        return set()


def record_dependencies(exprs: Iterable[str], records: Callable[[str], Iterable[str]]) -> tuple[set[str], set[str]]:
    """(every series name read, the recorded names among them) for `exprs`, following
    recording rules transitively; `records(name)` gives the expressions recording `name`
    (empty for a scraped metric). Cycles end where a name was seen before."""
    seen_records: set[str] = set()
    names: set[str] = set()
    todo = list(exprs)
    while todo:
        for name in expr_names(todo.pop()):
            if name in names:
                continue
            names.add(name)
            recorded = list(records(name))
            if recorded:
                seen_records.add(name)
                todo.extend(recorded)
    return names, seen_records
