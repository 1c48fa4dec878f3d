"""Regexes as Prometheus and Alertmanager read them: Go's RE2 syntax, not Python's.

Python's `re` accepts lookarounds (`(?!db)`), backreferences (`\\1`), `(?x)` and possessive
quantifiers, which Go refuses ("invalid or unsupported Perl syntax"): a matcher or relabel
regex checked with `re` alone renders a config that promtool and amtool reject. RE2 (the
`google-re2` bindings) is the same syntax Go implements; where it is missing, the Perl-only
constructs are refused by pattern.
"""

from __future__ import annotations

import functools
import re

# `(?<name>...)` is RE2 syntax but Go only reads it from 1.22 on (Prometheus 2.51, Alertmanager
# 0.27); the servers mcg targets are older, so only `(?P<name>...)` is allowed.
_GO_UNSUPPORTED_RE = re.compile(r"\(\?<(?![=!])")
# Perl-only constructs, for when RE2 itself is not installed.
_PERL_ONLY_RE = re.compile(r"\(\?(?:[=!>(#]|<[=!]|P=|x|[aLu])|\\[1-9]|\\[ZG]|[*+?}][+]")


@functools.lru_cache(maxsize=1)
def _re2():
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency
        return None, None
    options = re2.Options()
    options.log_errors = False  # RE2 would log every refused pattern to stderr
    return re2, options


@functools.lru_cache(maxsize=4096)
def go_regex_error(regex: str) -> str | None:
    """Why Go's regexp refuses `regex`, or None."""
    if _GO_UNSUPPORTED_RE.search(regex):
        return "named groups are written (?P<name>...) in Go before 1.22"
    re2, options = _re2()
    if re2 is not None:
        try:
            re2.compile(regex, options)
        except re2.error as exc:
            reason = exc.args[0] if exc.args else str(exc)
            return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        return None
    if _PERL_ONLY_RE.search(regex):
        return "lookarounds, backreferences and possessive quantifiers are Perl syntax Go does not support"
    try:
        re.compile(regex)
    except re.error as exc:
        return str(exc)
    return None


def check_go_regex(regex: str, what: str) -> str:
    """`regex` when Prometheus and Alertmanager can compile it; ValueError naming `what` otherwise."""
    reason = go_regex_error(regex)
    if reason:
        raise ValueError(
            f"{what}: {regex!r} does not compile as the Go RE2 regex Prometheus and Alertmanager read: {reason}"
        )
    return regex


@functools.lru_cache(maxsize=4096)
def _anchored(regex: str):
    """`regex` compiled as Prometheus and Alertmanager apply a matcher: anchored at both ends."""
    re2, options = _re2()
    anchored = f"^(?:{regex})$"
    if re2 is not None:
        return re2.compile(anchored, options)
    return re.compile(anchored)  # pragma: no cover - google-re2 is a dependency


def go_fullmatch(regex: str, value: str) -> bool:
    """Whether a `=~` matcher with `regex` accepts `value` (the whole value, as Go anchors it)."""
    return _anchored(regex).search(value) is not None
