"""Which series an expression reads, and which recording rules it depends on.

Rule tests load the recording rules an alert reads (directly or through other records);
instrumentation and `mcg promql` list the metrics a query reads. All ask here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

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


class RecordIndex:
    """Recording rules by name, and, for names many rules record (sloth's `slo:*` names, one
    rule per SLO), by the value of a label they set: `x{sloth_id="a"}` then looks at the rules
    that can agree with it instead of at every rule of the name (1,000 SLOs: 1 rule, not 1,000)."""

    _NARROW_FROM = 16

    def __init__(self, records: Mapping[str, Sequence[Any]]) -> None:
        self.records = records
        # (name, label) -> label value (None: the rule does not set it) -> [(position, rule)]
        self._by_label: dict[tuple[str, str], dict[str | None, list[tuple[int, Any]]]] = {}

    def candidates(self, name: str, matchers) -> Sequence[Any]:
        """The rules of `name` that can agree with the selector's equality matchers, in order."""
        rules = self.records.get(name, ())
        if len(rules) < self._NARROW_FROM:
            return rules
        best: list[tuple[int, Any]] | None = None
        for label, op, value in matchers:
            if op != "=" or label == "__name__":
                continue
            index = self._by_label.get((name, label))
            if index is None:
                index = {}
                for position, rule in enumerate(rules):
                    index.setdefault(rule.labels.get(label), []).append((position, rule))
                self._by_label[(name, label)] = index
            # Rules that do not set the label agree with any value of it.
            found = index.get(value, []) + index.get(None, [])
            if best is None or len(found) < len(best):
                best = found
        if best is None:
            return rules
        return [rule for _, rule in sorted(best, key=lambda item: item[0])]


def recording_rules_read(expr: str, records: Mapping[str, Sequence[Any]] | RecordIndex) -> list | None:
    """The recording rules (`records`: name -> rules with `.labels` and `.rendered_expr()`) that
    `expr` reads, directly or through other records: those of a name it selects whose own labels
    agree with the selector. A rule's labels overwrite its result's, so `x{id="a"}` never reads a
    rule of x that sets id="b" (another SLO's records of sloth's shared names). None when an
    expression does not parse."""
    index = records if isinstance(records, RecordIndex) else RecordIndex(records)
    found: dict[int, Any] = {}
    todo = [expr]
    while todo:
        direct = records_read_directly(todo.pop(), index)
        if direct is None:
            return None
        for rule in direct:
            if id(rule) not in found:
                found[id(rule)] = rule
                todo.append(rule.rendered_expr())
    return list(found.values())


def records_read_directly(expr: str, records: Mapping[str, Sequence[Any]] | RecordIndex) -> list | None:
    """The recording rules `expr` itself selects (see recording_rules_read), in the order its
    selectors name them; None when it does not parse."""
    from monitoring_codegen.promql.parse import parse_node

    try:
        nodes = parse_node(expr).walk()
    except (ValueError, TypeError):
        return None
    index = records if isinstance(records, RecordIndex) else RecordIndex(records)
    found: dict[int, Any] = {}
    for node in nodes:
        if not isinstance(node, Selector):
            continue
        names = {node.name} | {v for label, op, v in node.matchers if label == "__name__" and op == "="}
        for name in sorted(names - {None}):
            for rule in index.candidates(name, node.matchers):
                if id(rule) not in found and (node.or_groups or _agrees(rule.labels, node.matchers)):
                    found[id(rule)] = rule
    return list(found.values())


def record_cycle(start: Any, records: Mapping[str, Sequence[Any]] | RecordIndex) -> list | None:
    """The shortest chain of recording rules from `start` back to `start` (`start` first, each
    reading the next, the last reading `start`), or None when `start` never reads its own output.
    Asked for many rules, pass one RecordIndex: it is what keeps many rules of a name cheap."""
    records = records if isinstance(records, RecordIndex) else RecordIndex(records)
    parents: dict[int, Any] = {}
    queue = [start]
    seen = {id(start)}
    while queue:
        rule = queue.pop(0)
        for read in records_read_directly(rule.rendered_expr(), records) or []:
            if read is start:
                chain = [rule]
                while chain[-1] is not start:
                    chain.append(parents[id(chain[-1])])
                return chain[::-1]
            if id(read) not in seen:
                seen.add(id(read))
                parents[id(read)] = rule
                queue.append(read)
    return None


def _agrees(labels: Mapping[str, str], matchers) -> bool:
    """Whether a series with these labels can match every matcher on them (an unknown regex: yes)."""
    for label, op, value in matchers:
        if label not in labels:
            continue
        have = labels[label]
        if op in ("=", "!="):
            if (have == value) != (op == "="):
                return False
            continue
        try:
            matched = re.fullmatch(value, have) is not None
        except re.error:
            continue
        if matched != (op == "=~"):
            return False
    return True


def history_needed(expr: str, records: Mapping[str, Sequence[Any]]) -> float:
    """Seconds of history before `expr` can return anything: the largest `offset` it reads,
    through the recording rules it reads too (`x offset 1d` is empty for Prometheus' first day,
    and so is a record of it, and whatever reads that record). 0 when no offset is involved."""
    from monitoring_codegen.promql.ast import Subquery
    from monitoring_codegen.promql.parse import parse_node

    memo: dict[int, float] = {}

    def need(text: str, seen: frozenset[int]) -> float:
        try:
            nodes = parse_node(text).walk()
        except (ValueError, TypeError):
            return 0.0
        found = 0.0
        for node in nodes:
            if isinstance(node, Subquery) and node.offset:
                found = max(found, float(node.offset))
            if not isinstance(node, Selector):
                continue
            own = float(node.offset or 0)
            found = max(found, own)
            for rule in records_read_directly(_selector_text(node), records) or []:
                if id(rule) in seen:
                    continue
                if id(rule) not in memo:
                    memo[id(rule)] = need(rule.rendered_expr(), seen | {id(rule)})
                found = max(found, own + memo[id(rule)])
        return found

    return need(expr, frozenset())


def _selector_text(node: Selector) -> str:
    import json

    inner = ",".join(f"{label}{op}{json.dumps(value)}" for label, op, value in node.matchers if label != "__name__")
    name = node.name or ""
    if not name:
        inner = ",".join(f"{label}{op}{json.dumps(value)}" for label, op, value in node.matchers)
    return f"{name}{{{inner}}}"
