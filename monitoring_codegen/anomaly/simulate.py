"""A detector's rules evaluated in Python over a synthetic input, as Prometheus evaluates them.

tests.py chooses its scenarios with this: a spike that fires, one that stays inside the band,
a drop, the traffic guard. Each outcome is required under both range semantics Prometheus
has had (2.x selects `[t - range, t]`, 3.x `(t - range, t]`) and with a margin from the
threshold, so no generated test rests on a window edge or a rounding.

Input: one number per minute, from minute 0: a counter's rate per second during the minute
before (a counter's samples are their running sum), or a gauge's value. Records are
evaluated every `step` seconds from 0, each rule of the group in order, reading the samples
recorded at earlier steps and the ones above it at this step.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from monitoring_codegen.anomaly.rules import MAD_SCALE, windows
from monitoring_codegen.model.durations import parse_duration


@dataclass
class Evaluation:
    """What the alert sees at one step: level (None when any record is missing) and guard."""

    level: float | None
    traffic: float | None


def _quantile(values: list[float], q: float) -> float:
    # Prometheus' quantile(): linear interpolation between the closest ranks.
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    weight = rank - low
    return ordered[low] * (1 - weight) + ordered[high] * weight


def _stddev(values: list[float]) -> float:
    # Population standard deviation, as stddev_over_time (statistics.pstdev is exact but slow).
    mean = sum(values) / len(values)
    return math.sqrt(max(sum((v - mean) ** 2 for v in values) / len(values), 0.0))


def _rate(per_minute: list[float], minute: int, window_minutes: int, left_open: bool) -> float | None:
    """rate() of a counter whose per-second rate in minute m is per_minute[m], sampled every minute."""
    first = minute - window_minutes + (1 if left_open else 0)
    first = max(first, 0)
    if minute - first < 1:
        return None
    # The running sum's increase between the first and the last sample, extrapolated to the window
    # (samples a minute apart: the mean of the per-minute rates covered).
    return sum(per_minute[first + 1 : minute + 1]) / (minute - first)


def evaluate(
    detector,
    values: list[float],
    traffic: list[float] | None,
    counter: bool,
    step: int,
    left_open: bool,
    times,
) -> dict[int, Evaluation]:
    """Evaluation time (seconds) -> what the alert reads, at each of `times` (multiples of `step`).

    Records are computed on demand at the steps some window reads, which is what every step
    of a multi-day history would give for them, at a fraction of the cost."""
    rate_minutes = round(parse_duration(detector.rate_window) / 60)
    win = windows(detector)
    window = round(parse_duration(detector.window))
    robust = detector.strategy == "robust"
    last_minute = len(values) - 1

    def steps_in(end: int, length: int) -> range:
        """The evaluation steps a range selector `[length]` ending at `end` sees."""
        start = end - length
        first = -(-start // step) * step
        if left_open and first == start:
            first += step
        return range(max(first, 0), min(end, last_minute * 60) + 1, step)

    memo: dict[tuple[str, int], float | None] = {}

    def value(t: int) -> float | None:
        key = ("value", t)
        if key not in memo:
            minute = t // 60
            memo[key] = _rate(values, minute, rate_minutes, left_open) if counter else values[minute]
        return memo[key]

    def traffic_rate(t: int) -> float | None:
        key = ("traffic", t)
        if key not in memo:
            memo[key] = _rate(traffic, t // 60, rate_minutes, left_open) if traffic is not None else None
        return memo[key]

    def absdev(t: int) -> float | None:
        key = ("absdev", t)
        if key not in memo:
            now = value(t)
            last = [v for s in steps_in(t, window) if (v := value(s)) is not None]
            memo[key] = abs(now - _quantile(last, 0.5)) if now is not None and last else None
        return memo[key]

    def over(series, t: int, length_offset: tuple[int, int]) -> list[float]:
        length, offset = length_offset
        return [v for s in steps_in(t - offset, length) if (v := series(s)) is not None]

    out: dict[int, Evaluation] = {}
    for t in times:
        now = value(t)
        base_in = over(value, t, win["baseline"])
        baseline = (_quantile(base_in, 0.5) if robust else statistics.fmean(base_in)) if base_in else None
        spread_in = over(absdev if robust else value, t, win["spread"])
        spread = (MAD_SCALE * _quantile(spread_in, 0.5) if robust else _stddev(spread_in)) if spread_in else None
        level = None
        if now is not None and baseline is not None and spread is not None:
            half = detector.width * spread + detector.margin * abs(baseline)
            if half > 0:
                level = (now - baseline) / half
        guard_in = over(traffic_rate if traffic is not None else value, t, (window, 0))
        out[t] = Evaluation(level, statistics.fmean(guard_in) if guard_in else None)
    return out
