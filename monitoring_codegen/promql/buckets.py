"""How a histogram bucket's upper bound is spelt in its `le` label.

Client libraries disagree: Go's client_golang writes `strconv.FormatFloat(b, 'g', -1, 64)`
(`2`, `0.25`, `1e+06`), Python's prometheus_client writes `repr` until Go would switch to an
exponent (`2.0`, `0.25`, `1e+06`), and Prometheus 2.x stores the label as written. A
selector of one bucket has to accept every spelling or it silently matches nothing.
"""

from __future__ import annotations

from decimal import Decimal


def go_float(value: float) -> str:
    """Go's `%g` / `%v` of a float64: the shortest digits that read back as the same float,
    with an exponent when the decimal exponent is below -4 or from 6 up (`0.0009999999999999432`,
    `14.4`, `1e-05`, `1e+06`). Go programs (client_golang, sloth) print numbers this way."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    sign, digit_tuple, exponent = Decimal(repr(float(value))).as_tuple()
    digits = "".join(map(str, digit_tuple))
    point = len(digits) + int(exponent)
    digits = digits.rstrip("0") or "0"
    exp = point - 1
    prefix = "-" if sign else ""
    if exp < -4 or exp >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{prefix}{digits}{'0' * (point - len(digits))}"
    return f"{prefix}{digits[:point]}.{digits[point:]}"


def _python_client(value: float) -> str:
    # prometheus_client.utils.floatToGoString
    text = repr(float(value))
    dot = text.find(".")
    if value > 0 and dot > 6:
        mantissa = f"{text[0]}.{text[1:dot]}{text[dot + 1 :]}".rstrip("0.")
        return f"{mantissa}e+0{dot - 1}"
    return text


def le_spellings(bound: float) -> list[str]:
    """Every spelling of `bound` in an `le` label, the Python client's (mcg's instrumentation) first."""
    return list(dict.fromkeys([_python_client(bound), go_float(bound)]))


def le_matcher(bound: float) -> str:
    """`le="0.25"` when all clients agree, else a regex accepting each spelling (`le=~"2[.]0|2"`)."""
    spellings = le_spellings(bound)
    if len(spellings) == 1:
        return f'le="{spellings[0]}"'
    return 'le=~"' + "|".join(s.replace(".", "[.]").replace("+", "[+]") for s in spellings) + '"'
