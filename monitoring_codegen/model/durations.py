"""Prometheus durations (`5m`, `1h30m`, `500ms`), as Prometheus' model.ParseDuration accepts them."""

from __future__ import annotations

import re

_UNITS = (("y", 365 * 86400), ("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1), ("ms", 0.001))
_UNIT_MS = {
    "y": 365 * 86_400_000,
    "w": 7 * 86_400_000,
    "d": 86_400_000,
    "h": 3_600_000,
    "m": 60_000,
    "s": 1000,
    "ms": 1,
}
# ASCII digits only, and nothing after the last unit (Python's `$` would let a trailing newline through).
_DURATION_RE = re.compile(
    r"(?:(?P<y>[0-9]+)y)?(?:(?P<w>[0-9]+)w)?(?:(?P<d>[0-9]+)d)?(?:(?P<h>[0-9]+)h)?"
    r"(?:(?P<m>[0-9]+)m)?(?:(?P<s>[0-9]+)s)?(?:(?P<ms>[0-9]+)ms)?"
)
# Prometheus keeps a duration as Go's time.Duration, int64 nanoseconds: model.ParseDuration
# fails with "duration out of range" beyond 2^63-1 ns (292y24w3d23h47m16s854ms).
MAX_DURATION_MS = ((1 << 63) - 1) // 1_000_000


# Durations parsed so far (a build parses the same few thousands of times: SLO windows, `for`).
_PARSED: dict[str, float] = {}


def parse_duration(text: str) -> float:
    """Seconds in a Prometheus duration; ValueError with a hint when it is not one."""
    found = _PARSED.get(text) if isinstance(text, str) else None
    if found is not None:
        return found
    seconds = _parse_duration(text)
    if len(_PARSED) < 100_000:
        _PARSED[text] = seconds
    return seconds


def _parse_duration(text: str) -> float:
    if not isinstance(text, str):
        raise ValueError(f"duration must be a string like '5m', got {text!r}")
    if text == "0":
        return 0.0
    match = _DURATION_RE.fullmatch(text)
    if not text or match is None:
        raise ValueError(f"{text!r} is not a Prometheus duration (use units y w d h m s ms, e.g. '5m', '1h30m', '30s')")
    ms = sum(int(match.group(unit)) * factor for unit, factor in _UNIT_MS.items() if match.group(unit))
    if ms > MAX_DURATION_MS:
        raise ValueError(
            f"{text!r} is out of range: Prometheus durations end at about 292 years "
            f"({format_duration(MAX_DURATION_MS / 1000)})"
        )
    return ms / 1000


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
