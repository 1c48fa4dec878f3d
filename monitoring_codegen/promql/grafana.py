"""Grafana template syntax inside dashboard queries: the one expansion, for lint, smoke and instrumentation.

`$__rate_interval`, `$__interval`, `$__range`, `$var`, `${var}`, `${var:format}` and
`[[var]]` are found by one regex and replaced by one walk over the query; what each becomes
is the caller's choice (`substitute`):

- `placeholder` (the linter): parseable PromQL that keeps what the query means. Inside a
  range `[...]` sentinel durations (so checks can tell them from fixed ranges), numbers
  where a number must stand, and otherwise identifiers with a reserved prefix that checks
  never report. Quoted strings are left as they are: Grafana interpolates them but PromQL
  does not care. The walk also records where each replacement came from, so findings point
  at the query as written.
- `concrete(...)` (smoke and instrumentation): the query as Grafana sends it with every
  variable set to All (`.*`) and the interval macros set to real durations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from monitoring_codegen.promql.labels import PLACEHOLDER_PREFIX

# Grafana's variable syntaxes: $name, ${name}, ${name:format}, [[name]], [[name:format]].
VARIABLE_RE = re.compile(
    r"\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}|\[\[(?P<bracketed>[A-Za-z_][A-Za-z0-9_]*)(?::[^\]]*)?\]\]"
    r"|\$(?P<plain>[A-Za-z_][A-Za-z0-9_]*)"
)


def variable_name(match: re.Match) -> str:
    return match.group("braced") or match.group("bracketed") or match.group("plain")


# Sentinel ranges, in milliseconds: odd values nobody writes by hand.
RATE_INTERVAL_MS = 3_600_001
INTERVAL_MS = 3_600_002
RANGE_MS = 3_600_003
VARIABLE_MS = 3_600_004
SENTINEL_SECONDS = {
    RATE_INTERVAL_MS / 1000: "$__rate_interval",
    INTERVAL_MS / 1000: "$__interval",
    RANGE_MS / 1000: "$__range",
    VARIABLE_MS / 1000: "a variable",
}
# A number variable glued to a unit (`[${__range_s}s]`, `[${__interval_ms}ms]`) becomes this number,
# so the range is one of these: still recognised as a variable, not a fixed range.
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
SENTINEL_SECONDS.update({VARIABLE_MS * factor: "a variable" for factor in _UNIT_SECONDS.values()})
_GLUED_UNIT_RE = re.compile(r"(?:ms|s|m|h|d|w|y)(?![A-Za-z0-9_])")
_DURATION_MACROS = {
    "__rate_interval": RATE_INTERVAL_MS,
    "__interval": INTERVAL_MS,
    "__range": RANGE_MS,
    "__auto": INTERVAL_MS,
}
# $__from/$__to are epoch milliseconds (`${__to:date:seconds}` seconds): numbers too.
_NUMBER_MACROS = {"__interval_ms", "__range_s", "__range_ms", "__rate_interval_ms", "__from", "__to"}
_NUMBER_CONTEXT_RE = re.compile(
    r"(?:topk|bottomk|limitk|limit_ratio|quantile|quantile_over_time|"
    r"histogram_quantile|predict_linear|clamp_min|clamp_max|clamp|round|vector)\s*\(\s*$"
    r"|[,*/%^+<>=-]\s*$"
)

_STRING_RE = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`')


def variable_names(text: str) -> list[str]:
    """Every variable referenced in `text`, builtins (`__interval`) included, in order."""
    if "$" not in text and "[[" not in text:
        return []
    return [variable_name(m) for m in VARIABLE_RE.finditer(text)]


def is_sentinel_range(seconds: float | None) -> bool:
    return seconds is not None and seconds in SENTINEL_SECONDS


@dataclass(frozen=True)
class Reference:
    """One macro or variable in a query, with what a substitution may look at."""

    name: str  # the variable's name, built-ins (`__rate_interval`) included
    text: str  # as written: `$x`, `${x:regex}`, `[[x]]`
    prefix: str  # the query before it, already expanded, trailing blanks stripped
    after: str  # the query after it, as written, leading blanks stripped
    in_string: bool  # inside a quoted PromQL string


# What a reference becomes; None leaves it as written.
Substitute = Callable[[Reference], "str | None"]


def placeholder(ref: Reference) -> str | None:
    """The linter's substitution: something PromQL parses, in the role the reference plays."""
    if ref.in_string:
        return None  # Grafana interpolates it, PromQL reads a string
    return _replacement(ref.name, ref.prefix, ref.after)


# Grafana's built-in interval macros, by name, and a value that works with any scrape interval.
_MACRO_VALUES = {
    "__interval": "15s",
    "__interval_ms": "15000",
    "__range": "1h",
    "__range_s": "3600",
    "__range_ms": "3600000",
}


def concrete(rate_interval: str = "1m", variables: dict[str, str] | None = None) -> Substitute:
    """The substitution of smoke and instrumentation: given variables their value, every other
    variable All (`.*`), the interval macros real durations."""
    values = {**_MACRO_VALUES, "__rate_interval": rate_interval, **(variables or {})}
    return lambda ref: values.get(ref.name, ".*")


def expand(query: str, substitute: Substitute = placeholder) -> str:
    """`query` with every Grafana macro and variable substituted (by default: something PromQL parses)."""
    return expand_with_offsets(query, substitute)[0]


def expand_with_offsets(
    query: str, substitute: Substitute = placeholder
) -> tuple[str, list[tuple[int, int, int, int]]]:
    """(expanded query, [(expanded start, expanded length, original start, original length)])."""
    if "$" not in query and "[[" not in query:
        return query, []
    strings = [m.span() for m in _STRING_RE.finditer(query)]
    out: list[str] = []
    shifts: list[tuple[int, int, int, int]] = []
    pos = 0
    length = 0
    for match in VARIABLE_RE.finditer(query):
        before = query[pos : match.start()]
        out.append(before)
        length += len(before)
        pos = match.start()
        ref = Reference(
            variable_name(match),
            match.group(),
            "".join(out).rstrip(),
            query[match.end() :].lstrip(),
            any(s <= match.start() < e for s, e in strings),
        )
        replacement = substitute(ref)
        if replacement is None:
            continue  # left as written, with the text that follows
        shifts.append((length, len(replacement), match.start(), match.end() - match.start()))
        out.append(replacement)
        length += len(replacement)
        pos = match.end()
    out.append(query[pos:])
    return "".join(out), shifts


def original_column(column: int, shifts: list[tuple[int, int, int, int]]) -> int:
    """The 1-based column in the query as written of a column in its expansion."""
    offset = column - 1
    original = offset
    for expanded_start, expanded_length, original_start, original_length in shifts:
        if offset < expanded_start:
            break
        if offset < expanded_start + expanded_length:
            return original_start + 1  # inside a replacement: point at the variable
        original = original_start + original_length + (offset - expanded_start - expanded_length)
    return original + 1


def _inside_braces(prefix: str) -> bool:
    text = _STRING_RE.sub("", prefix)
    return text.count("{") > text.count("}")


_AGGREGATION_MODIFIER_RE = re.compile(r"(?:by|without)\s*\(")


def _function_stand_in(after: str) -> str | None:
    """A real function or aggregation for a variable in their place (`$agg by (job) (up)`,
    `$agg(up) by (job)`, `$fn(x[5m])`), so the rest of the query is still parsed and checked."""
    if _AGGREGATION_MODIFIER_RE.match(after):
        return "sum"
    if not after.startswith("("):
        return None
    depth, close, top_level = 0, None, []
    for index, char in enumerate(after):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                close = index
                break
        elif depth == 1:
            top_level.append(char)
    if close is None:
        return None
    if _AGGREGATION_MODIFIER_RE.match(after[close + 1 :].lstrip()):
        return "sum"
    if "," in top_level:
        return None  # several arguments: no stand-in fits every shape
    inner = after[1:close]
    # A range selector at the top of the argument (`x[5m]`, not `rate(x[5m])`): a range function.
    # Neutral stand-ins: no check reports last_over_time() or abs() on a gauge or a counter.
    if re.search(r"[\w}]\s*\[[^\]]*\]\s*$", inner) and not _nested_call(inner):
        return "last_over_time"
    return "abs"


def _nested_call(inner: str) -> bool:
    return bool(re.match(r"\s*[A-Za-z_]\w*\s*\(", inner))


def _replacement(name: str, prefix: str, after: str) -> str:
    last = prefix[-1:] if prefix else ""
    if _GLUED_UNIT_RE.match(after[:3]) and after[:1].isalpha() and last in ("[", ":"):
        # `[${__range_s}s]`: the variable is the number of a duration.
        return str(VARIABLE_MS)
    if last in ("{", ",") and after[:1] in ("}", ",") and _inside_braces(prefix):
        # `up{$filter}`, `{job="x", $filters}`: a variable holding whole label matchers.
        return f'{PLACEHOLDER_PREFIX}{name}=""'
    in_range = last in ("[", ":") and "]" in after.split("\n", 1)[0][:40] or prefix.endswith("offset")
    if name in _DURATION_MACROS or in_range:
        if in_range or last == "[":
            return f"{_DURATION_MACROS.get(name, VARIABLE_MS)}ms"
        return "60"
    if name in _NUMBER_MACROS or last == "@":
        # `@` takes a timestamp: `up @ ${__to:date:seconds}`.
        return "60"
    glued = bool(prefix) and (prefix[-1].isalnum() or prefix[-1] in "_:") and not prefix.endswith(" ")
    if not glued:
        function = _function_stand_in(after)
        if function:
            return function
    following = after[:1]
    if (
        not glued
        and _NUMBER_CONTEXT_RE.search(prefix)
        and not (following.isalpha() or (following and following in "_{"))
    ):
        # `> $threshold`, `topk($n, ...)`: a number stands here.
        return "1"
    return f"{PLACEHOLDER_PREFIX}{name}"
