"""Expand the common subset of Prometheus alert templates the way Prometheus does.

promtool compares the annotations of a firing alert exactly, so a rule test must state
the expanded text. Writing `"planner agents on openai fail 20% of operations"` by hand
in every test is tedious; mcg expands `{{ $labels.x }}`, `{{ $value }}` and the
humanize functions itself, and promtool then checks that expansion against Go's.
Anything else (conditionals, queries, printf) is reported, and the test states that
annotation's text explicitly.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

_ACTION_RE = re.compile(r"\{\{(-?)\s*(.*?)\s*(-?)\}\}", re.S)
_LABEL_RE = re.compile(r"^(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)$")
_INDEX_RE = re.compile(r'^index\s+(?:\$labels|\.Labels)\s+"([^"]+)"$')
_VALUE_NAMES = ("$value", ".Value")


class TemplateNotSupported(ValueError):
    pass


def uses_value(template: str) -> bool:
    return any(action.split("|")[0].strip() in _VALUE_NAMES for _, action, _ in _ACTION_RE.findall(template))


def expand(template: str, labels: dict[str, str], value: float | None) -> str:
    """The text Prometheus renders for `template` with these labels and value."""

    def action(match: re.Match) -> str:
        body = match.group(2)
        parts = [p.strip() for p in body.split("|")]
        head, funcs = parts[0], parts[1:]
        label = _LABEL_RE.match(head) or _INDEX_RE.match(head)
        if label:
            # Prometheus runs alert templates with missingkey=zero: a missing label is "".
            result: object = labels.get(label.group(1), "")
        elif head in _VALUE_NAMES:
            if value is None:
                raise TemplateNotSupported("uses {{ $value }}: give the expected value, Firing(..., value=...)")
            result = float(value)
        else:
            raise TemplateNotSupported(f"uses {{{{ {body} }}}}, which mcg does not expand")
        for func in funcs:
            result = _apply(func, result, body)
        return go_value(result)

    text = template
    # `{{-` / `-}}` trim the whitespace next to the action, as in Go.
    out = []
    pos = 0
    for match in _ACTION_RE.finditer(text):
        before = text[pos : match.start()]
        if match.group(1):
            before = before.rstrip()
        out.append(before)
        out.append(action(match))
        pos = match.end()
        if match.group(3):
            rest = text[pos:]
            pos += len(rest) - len(rest.lstrip())
    out.append(text[pos:])
    return "".join(out)


def _apply(func: str, value: object, body: str) -> object:
    if func in ("humanize", "humanizePercentage", "humanizeDuration", "humanize1024"):
        number = _to_float(value, func)
        return {
            "humanize": humanize,
            "humanizePercentage": humanize_percentage,
            "humanizeDuration": humanize_duration,
            "humanize1024": humanize_1024,
        }[func](number)
    if func == "toUpper":
        return str(value).upper()
    if func == "toLower":
        return str(value).lower()
    if func == "title":
        return str(value).title()
    raise TemplateNotSupported(f"uses {{{{ {body} }}}}: the function {func!r} is not expanded by mcg")


def _to_float(value: object, func: str) -> float:
    if isinstance(value, float):
        return value
    try:
        return float(str(value))
    except ValueError:
        raise TemplateNotSupported(f"{func} of {value!r}, which is not a number") from None


def go_value(value: object) -> str:
    """Go's `fmt.Sprint` of a template value: strings as is, float64 as %v."""
    if isinstance(value, float):
        return go_float_v(value)
    return str(value)


def go_float_v(value: float) -> str:
    """Go's %v for a float64: shortest digits, exponent form below 1e-4 and from 1e6 on."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    sign = "-" if value < 0 else ""
    digits, exponent = _shortest(abs(value))
    # strconv's 'g' with shortest precision switches to %e when exp < -4 || exp >= 6.
    if exponent < -4 or exponent >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    point = exponent + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _shortest(value: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits of a positive float, and the exponent of the first digit."""
    _, digits, exp = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exp, int)  # a finite value: 'n', 'N' and 'F' are NaN, sNaN and Infinity
    return "".join(str(d) for d in digits), exp + len(digits) - 1


def go_g4(value: float) -> str:
    """Go's %.4g (the same rules as C's, which Python follows)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return "%.4g" % value  # noqa: UP031 - the %g of Go's fmt, which Prometheus' humanize uses


def humanize(value: float) -> str:
    if value == 0 or math.isnan(value) or math.isinf(value):
        return go_g4(value)
    if abs(value) >= 1:
        prefix = ""
        for p in ("k", "M", "G", "T", "P", "E", "Z", "Y"):
            if abs(value) < 1000:
                break
            prefix = p
            value /= 1000
        return go_g4(value) + prefix
    prefix = ""
    for p in ("m", "u", "n", "p", "f", "a", "z", "y"):
        if abs(value) >= 1:
            break
        prefix = p
        value *= 1000
    return go_g4(value) + prefix


def humanize_1024(value: float) -> str:
    if abs(value) <= 1 or math.isnan(value) or math.isinf(value):
        return go_g4(value)
    prefix = ""
    for p in ("ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"):
        if abs(value) < 1024:
            break
        prefix = p
        value /= 1024
    return go_g4(value) + prefix


def humanize_percentage(value: float) -> str:
    return go_g4(value * 100) + "%"


def humanize_duration(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        return go_g4(value)
    if value == 0:
        return go_g4(value) + "s"
    if abs(value) >= 1:
        sign = "-" if value < 0 else ""
        value = abs(value)
        # Go's int64(v) saturates to the minimum on amd64 when v does not fit; mimic it, and Go's
        # truncating division, so even absurd values expand as Prometheus expands them.
        duration = int(value) if value < 2**63 else -(2**63)
        seconds = _go_mod(duration, 60)
        minutes = _go_mod(_go_div(duration, 60), 60)
        hours = _go_mod(_go_div(_go_div(duration, 60), 60), 24)
        days = _go_div(_go_div(_go_div(duration, 60), 60), 24)
        if days:
            return f"{sign}{days}d {hours}h {minutes}m {seconds}s"
        if hours:
            return f"{sign}{hours}h {minutes}m {seconds}s"
        if minutes:
            return f"{sign}{minutes}m {seconds}s"
        return f"{sign}{go_g4(value)}s"
    prefix = ""
    for p in ("m", "u", "n", "p", "f", "a", "z", "y"):
        if abs(value) >= 1:
            break
        prefix = p
        value *= 1000
    return f"{go_g4(value)}{prefix}s"


def _go_div(a: int, b: int) -> int:
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b > 0) else -quotient


def _go_mod(a: int, b: int) -> int:
    return a - _go_div(a, b) * b
