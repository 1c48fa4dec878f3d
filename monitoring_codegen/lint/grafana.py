"""Grafana template syntax inside dashboard queries, expanded to parseable PromQL.

`$__rate_interval`, `$__interval`, `$__range`, `$var`, `${var}`, `${var:format}` and
`[[var]]` are replaced before parsing: inside a range `[...]` by sentinel durations
(so checks can tell them from fixed ranges), as numbers where a number must stand,
and otherwise by identifiers with a reserved prefix that checks never report.
Quoted strings are left as they are: Grafana interpolates them but PromQL does not care.
"""

from __future__ import annotations

import re

from .analysis import PLACEHOLDER_PREFIX

# Sentinel ranges, in milliseconds: odd values nobody writes by hand.
RATE_INTERVAL_MS = 3_600_001
INTERVAL_MS = 3_600_002
RANGE_MS = 3_600_003
VARIABLE_MS = 3_600_004
SENTINEL_SECONDS = {RATE_INTERVAL_MS / 1000: "$__rate_interval", INTERVAL_MS / 1000: "$__interval",
                    RANGE_MS / 1000: "$__range", VARIABLE_MS / 1000: "a variable"}
_DURATION_MACROS = {"__rate_interval": RATE_INTERVAL_MS, "__interval": INTERVAL_MS, "__range": RANGE_MS,
                    "__auto": INTERVAL_MS}
_NUMBER_MACROS = {"__interval_ms", "__range_s", "__range_ms", "__rate_interval_ms"}
_NUMBER_CONTEXT_RE = re.compile(r"(?:topk|bottomk|limitk|limit_ratio|quantile|quantile_over_time|"
                                r"histogram_quantile|predict_linear|clamp_min|clamp_max|clamp|round)\s*\(\s*$"
                                r"|[,*/%^+<>=-]\s*$")

# $name, ${name}, ${name:format}, [[name]], [[name:format]]
VARIABLE_RE = re.compile(
    r"\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}|\[\[(?P<bracketed>[A-Za-z_][A-Za-z0-9_]*)(?::[^\]]*)?\]\]"
    r"|\$(?P<plain>[A-Za-z_][A-Za-z0-9_]*)"
)
_STRING_RE = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`')


def variable_names(text: str) -> list[str]:
    """Every variable referenced in `text`, builtins (`__interval`) included, in order."""
    if "$" not in text and "[[" not in text:
        return []
    return [m.group("braced") or m.group("bracketed") or m.group("plain") for m in VARIABLE_RE.finditer(text)]


def is_sentinel_range(seconds: float | None) -> bool:
    return seconds is not None and seconds in SENTINEL_SECONDS


def expand(query: str) -> str:
    """`query` with every Grafana macro and variable replaced by something PromQL parses."""
    if "$" not in query and "[[" not in query:
        return query
    out: list[str] = []
    pos = 0
    for string in _STRING_RE.finditer(query):
        out.append(_expand_code(query[pos:string.start()], "".join(out)))
        out.append(string.group(0))
        pos = string.end()
    out.append(_expand_code(query[pos:], "".join(out)))
    return "".join(out)


def _expand_code(code: str, before: str) -> str:
    if "$" not in code and "[[" not in code:
        return code
    parts: list[str] = []
    pos = 0
    for match in VARIABLE_RE.finditer(code):
        parts.append(code[pos:match.start()])
        name = match.group("braced") or match.group("bracketed") or match.group("plain")
        prefix = (before + "".join(parts)).rstrip()
        after = code[match.end():].lstrip()
        parts.append(_replacement(name, prefix, after))
        pos = match.end()
    parts.append(code[pos:])
    return "".join(parts)


def _replacement(name: str, prefix: str, after: str) -> str:
    last = prefix[-1:] if prefix else ""
    in_range = last in ("[", ":") and "]" in after.split("\n", 1)[0][:40] or prefix.endswith("offset")
    if name in _DURATION_MACROS or in_range:
        if in_range or last == "[":
            return f"{_DURATION_MACROS.get(name, VARIABLE_MS)}ms"
        return "60"
    if name in _NUMBER_MACROS:
        return "60"
    glued = bool(prefix) and (prefix[-1].isalnum() or prefix[-1] in "_:") and not prefix.endswith(" ")
    following = after[:1]
    if not glued and _NUMBER_CONTEXT_RE.search(prefix) and not (following.isalpha() or (following and following in "_{")):
        # `> $threshold`, `topk($n, ...)`: a number stands here.
        return "1"
    return f"{PLACEHOLDER_PREFIX}{name}"
