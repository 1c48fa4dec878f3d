"""Parsing for the linter: target-version functions, and a best-effort column for errors.

promql-parser reports errors without a position ("invalid promql query"). The column
is found by parsing growing prefixes of the expression: the first prefix that cannot
be completed into a valid query ends at the offending token.
"""

from __future__ import annotations

import re

from monitoring_codegen.promql.parse import PromQLSyntaxError, parse_expr

_TOKEN_BOUNDARY_RE = re.compile(r"\w+|\s+|\"(?:\\.|[^\"\\])*\"?|'(?:\\.|[^'\\])*'?|`[^`]*`?|.", re.S)
_FUNCTION_IN_MESSAGE_RE = re.compile(r"(?:function with name|to function|call to) '([A-Za-z_][A-Za-z0-9_]*)'")
_MIDDLES = ("", '"b"', " x", " 1", " (x)", "5m", "x", "[5m]", "x[5m]", '="b"', 'a="b"', " by (x) (x)")
_TAILS = ("", " (x)", " x")
_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_PARSED_MARKERS = (
    "unexpected end of input",
    "expected type",
    "argument(s) in call",
    "binary expression must contain only",
    "no arguments for aggregate expression",
)


def parse(expr: str):
    """The promql-parser AST; PromQLSyntaxError (with .column when found) otherwise."""
    try:
        return parse_expr(expr)
    except PromQLSyntaxError as exc:
        if exc.column is None:
            exc.column = error_column(expr, exc.reason)
        raise


def _open_state(prefix: str) -> tuple[str, str]:
    """(quote closing an unterminated string or "", closers for the open brackets)."""
    stack: list[str] = []
    quote = ""
    index = 0
    while index < len(prefix):
        char = prefix[index]
        if quote:
            if char == "\\" and quote != "`":
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif char in ")]}" and stack and stack[-1] == char:
            stack.pop()
        index += 1
    return quote, "".join(reversed(stack))


def _viable(prefix: str) -> bool:
    """Some completion of `prefix` parses: the error, if any, lies further right."""
    quote, closers = _open_state(prefix)
    if quote:
        prefix += quote
    for middle in _MIDDLES:
        for tail in _TAILS:
            try:
                parse_expr(prefix + middle + closers + tail)
                return True
            except PromQLSyntaxError as exc:
                # Type errors mean the text parsed: the completion was only semantically wrong.
                if any(marker in exc.reason for marker in _PARSED_MARKERS):
                    return True
    return False


def error_column(expr: str, reason: str) -> int | None:
    """1-based column of the token that makes `expr` invalid, or None."""
    match = _FUNCTION_IN_MESSAGE_RE.search(reason)
    if match:
        found = re.search(r"\b" + re.escape(match.group(1)) + r"\s*\(", expr)
        if found:
            return found.start() + 1
    if len(expr) > 4000:
        return None
    if "unclosed left" in reason:
        return _unclosed_open(expr)
    tokens = [(m.start(), m.end()) for m in _TOKEN_BOUNDARY_RE.finditer(expr)]
    for start, end in tokens:
        if expr[start:end].isspace():
            continue
        if not _viable(expr[:end]):
            return start + 1
    # Every prefix could still be completed: the expression ends too early.
    stripped = expr.rstrip()
    return len(stripped) + 1 if stripped else None


def _unclosed_open(expr: str) -> int | None:
    stack: list[int] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    in_string = None
    for index, char in enumerate(expr):
        if in_string:
            if char == in_string and expr[index - 1] != "\\":
                in_string = None
            continue
        if char in "\"'`":
            in_string = char
        elif char in "([{":
            stack.append(index)
        elif char in pairs and stack and expr[stack[-1]] == pairs[char]:
            stack.pop()
    return stack[-1] + 1 if stack else None


def caret(expr: str, column: int) -> tuple[str, str]:
    """The line of `expr` holding `column` and a caret under it."""
    offset = column - 1
    line_start = expr.rfind("\n", 0, offset) + 1
    line_end = expr.find("\n", offset)
    line = expr[line_start : line_end if line_end != -1 else len(expr)]
    return line, " " * (offset - line_start) + "^"
