"""Prometheus durations (`5m`, `1h30m`, `500ms`), as Prometheus' model.ParseDuration accepts them."""

from __future__ import annotations

import re

_UNITS = (("y", 365 * 86400), ("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1), ("ms", 0.001))
_DURATION_RE = re.compile(
    r"^(?:(?P<y>\d+)y)?(?:(?P<w>\d+)w)?(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?"
    r"(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?(?:(?P<ms>\d+)ms)?$"
)


def parse_duration(text: str) -> float:
    """Seconds in a Prometheus duration; ValueError with a hint when it is not one."""
    if not isinstance(text, str):
        raise ValueError(f"duration must be a string like '5m', got {text!r}")
    if text == "0":
        return 0.0
    match = _DURATION_RE.match(text)
    if not text or match is None:
        raise ValueError(
            f"{text!r} is not a Prometheus duration (use units y w d h m s ms, e.g. '5m', '1h30m', '30s')"
        )
    return float(sum(int(match.group(unit)) * factor for unit, factor in _UNITS if match.group(unit)))


def format_duration(seconds: float) -> str:
    """The shortest Prometheus form of a number of seconds (`90` -> `1m30s`)."""
    if seconds == 0:
        return "0s"
    ms = round(seconds * 1000)
    parts = []
    for unit, factor in _UNITS:
        factor_ms = round(factor * 1000)
        if ms >= factor_ms:
            count, ms = divmod(ms, factor_ms)
            parts.append(f"{count}{unit}")
    return "".join(parts)


def validate_duration(text: str) -> str:
    parse_duration(text)
    return text
