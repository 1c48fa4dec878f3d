"""The linter's parse: promql.parse.parse_node's tree and errors, with far fewer parses.

Rule files repeat a few expression shapes over thousands of rules that differ in their
label values (`job="checkout-api"`) and regexes (`status_code=~"5.."`). promql-parser
compiles every `=~`/`!~` regex with Rust's regex crate as it parses (~150 us for `"5..",
most of the parse of a typical SLO expression), and parses each text anew.

So the values of label matchers are replaced by placeholders before parsing: expressions
that differ only in them share one promql-parser result (parse_expr's cache), and a regex
is compiled once per distinct literal. Each expression still gets a tree of its own
(converted from the shared result), whose matchers then get their values back.

What the parser checks about a matcher is kept: each distinct literal is parsed once on
its own (`x{a=~<literal>}`: does it compile, what is its value) and its placeholder matches
the empty string exactly when it does (`{a=~".*"}` has no non-empty matcher, `{a=~".+"}`
has one); empty values and `__name__` are left as written. Anything else (a literal that
does not parse, a text holding the placeholder's marker, a masked text that does not parse,
a placeholder that did not come back in a matcher) is parsed as written, so every error,
and its column, is the parser's own. tests/unit/test_lint_parsing.py compares both.
"""

from __future__ import annotations

import re

from monitoring_codegen.promql.ast import Node, Number, Selector, String, convert
from monitoring_codegen.promql.parse import parse_expr, parse_node

_LITERAL = r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`"""
# String literals and comments are skipped whole; `label op "value"` is a matcher.
_TOKENS = re.compile(
    rf"""(?:{_LITERAL})|\#[^\n]*"""
    rf"""|(?<![A-Za-z0-9_:])(?P<label>[A-Za-z_][A-Za-z0-9_]*)[ \t]*(?P<op>=~|!~|!=|=(?!=))[ \t]*(?P<value>{_LITERAL})"""
)
_MARK = "__mcg_value_"
_MAX_FACTS = 100_000
_MAX_TEMPLATES = 10_000

# (literal as written, is a regex) -> (its value, whether it matches ""), or None: parse as written.
_facts: dict[tuple[str, bool], tuple[str, bool] | None] = {}
# Masked text -> its tree, copied for each expression (faster than converting it again).
_templates: dict[str, Node] = {}
_seen: set[str] = set()  # masked texts parsed once (their tree went to that expression)


def parse_query(expr: str) -> Node:
    """parse_node(expr): the same tree, the same errors."""
    if "=" not in expr or _MARK in expr:
        return parse_node(expr)
    parts: list[str] = []
    values: dict[str, str] = {}
    position = 0
    for match in _TOKENS.finditer(expr):
        literal = match.group("value")
        if literal is None or match.group("label") == "__name__":
            continue
        regex = match.group("op") in ("=~", "!~")
        facts = _literal_facts(literal, regex)
        if facts is None:
            return parse_node(expr)
        value, matches_empty = facts
        if not regex and matches_empty:
            continue  # `a=""`: left as written
        placeholder = f"{_MARK}{len(values)}__"
        if matches_empty:
            placeholder = f"(?:{placeholder})?"
        values[placeholder] = value
        parts += [expr[position : match.start("value")], '"', placeholder, '"']
        position = match.end("value")
    if not values:
        return parse_node(expr)
    parts.append(expr[position:])
    masked = "".join(parts)
    restored: set[str] = set()
    template = _templates.get(masked)
    if template is not None:  # a shape seen before: copy its tree, the values put back
        node = _copy(template, values, restored)
    else:
        try:
            node = convert(parse_expr(masked))  # parse_expr keeps promql-parser's result
        except Exception:  # whatever it is, the text as written says it best
            return parse_node(expr)
        if masked in _seen:  # a second expression of this shape: keep a tree to copy from
            if len(_templates) < _MAX_TEMPLATES:
                _templates[masked] = node
            node = _copy(node, values, restored)
        else:  # maybe the only one: its own tree, the values put back in place
            if len(_seen) < _MAX_TEMPLATES:
                _seen.add(masked)
            node = node if _restore(node, values, restored) else None
    if node is None or len(restored) != len(values):  # each placeholder must come back in a matcher
        return parse_node(expr)
    return node


def _restore(node: Node, values: dict[str, str], restored: set[str]) -> bool:
    """_copy, in place on a tree of this expression's own; False where _copy gives None."""
    for item in node.walk():
        if isinstance(item, Selector):
            if item.name and _MARK in item.name:
                return False
            item.matchers = _matchers(item.matchers, values, restored)
            if item.or_groups:
                item.or_groups = tuple(_matchers(group, values, restored) for group in item.or_groups)
        elif isinstance(item, String) and _MARK in item.value:
            return False
    return True


def _copy(node: Node, values: dict[str, str], restored: set[str]) -> Node | None:
    """This expression's own tree: the masked text's tree with the matcher values back in.
    None when a placeholder shows up anywhere else than in a matcher's value."""
    if isinstance(node, Selector):
        if node.name and _MARK in node.name:
            return None
        return Selector(
            node.name,
            _matchers(node.matchers, values, restored),
            node.range,
            node.offset,
            node.at,
            tuple(_matchers(group, values, restored) for group in node.or_groups),
        )
    if isinstance(node, Number):
        return Number(node.value)
    if isinstance(node, String):
        return None if _MARK in node.value else String(node.value)
    cls = type(node)
    copy = cls.__new__(cls)
    for slot in _slots(cls):
        value = getattr(node, slot)
        if isinstance(value, Node):
            value = _copy(value, values, restored)
            if value is None:
                return None
        elif type(value) is tuple and value and isinstance(value[0], Node):
            value = tuple(_copy(item, values, restored) for item in value)
            if None in value:
                return None
        setattr(copy, slot, value)
    return copy


_SLOTS: dict[type, tuple[str, ...]] = {}


def _slots(cls: type) -> tuple[str, ...]:
    slots = _SLOTS.get(cls)
    if slots is None:
        slots = _SLOTS[cls] = tuple(name for klass in cls.__mro__ for name in getattr(klass, "__slots__", ()))
    return slots


def _literal_facts(literal: str, regex: bool) -> tuple[str, bool] | None:
    key = (literal, regex)
    try:
        return _facts[key]
    except KeyError:
        pass
    facts: tuple[str, bool] | None = None
    if not regex and "\\" not in literal:
        value = literal[1:-1]  # nothing to unescape
        facts = (value, value == "")
    else:
        op = "=~" if regex else "="
        try:
            node = parse_node(f"x{{a{op}{literal}}}")
        except Exception:
            node = None
        if isinstance(node, Selector) and len(node.matchers) == 1 and node.matchers[0][:2] == ("a", op):
            value = node.matchers[0][2]
            if not regex:
                facts = (value, value == "")
            else:
                try:
                    parse_node(f"{{a=~{literal}}}")
                    facts = (value, False)
                except Exception as exc:
                    if "non-empty matcher" in str(exc):
                        facts = (value, True)
    if len(_facts) < _MAX_FACTS:
        _facts[key] = facts
    return facts


def _matchers(matchers: tuple, values: dict[str, str], restored: set[str]) -> tuple:
    if not any(value in values for _, _, value in matchers):
        return matchers
    out = []
    for label, op, value in matchers:
        if value in values:
            restored.add(value)
            value = values[value]
        out.append((label, op, value))
    return tuple(out)
