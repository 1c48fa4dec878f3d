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

import bisect
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
    return statistics.pstdev(values)


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
) -> dict[int, Evaluation]:
    """Evaluation time (seconds) -> what the alert reads, for every step of the input."""
    rate_minutes = round(parse_duration(detector.rate_window) / 60)
    win = windows(detector)
    window = round(parse_duration(detector.window))
    robust = detector.strategy == "robust"
    # series -> (times, values), appended in time order
    recorded: dict[str, tuple[list[int], list[float]]] = {k: ([], []) for k in ("value", "traffic", "absdev")}

    def record(series: str, t: int, v: float) -> None:
        recorded[series][0].append(t)
        recorded[series][1].append(v)

    def in_range(series: str, t: int, length_offset: tuple[int, int]) -> list[float]:
        length, offset = length_offset
        end = t - offset
        start = end - length
        times, vals = recorded[series]
        first = bisect.bisect_right(times, start) if left_open else bisect.bisect_left(times, start)
        return vals[first : bisect.bisect_right(times, end)]

    out: dict[int, Evaluation] = {}
    last_minute = len(values) - 1
    for t in range(0, last_minute * 60 + 1, step):
        minute = t // 60
        if counter:
            value = _rate(values, minute, rate_minutes, left_open)
        else:
            value = values[minute]
        if value is not None:
            record("value", t, value)
        if traffic is not None:
            rate = _rate(traffic, minute, rate_minutes, left_open)
            if rate is not None:
                record("traffic", t, rate)
        if robust and value is not None:
            last = in_range("value", t, (window, 0))
            record("absdev", t, abs(value - _quantile(last, 0.5)))
        base_in = in_range("value", t, win["baseline"])
        baseline = (_quantile(base_in, 0.5) if robust else statistics.fmean(base_in)) if base_in else None
        spread_in = in_range("absdev" if robust else "value", t, win["spread"])
        spread = (MAD_SCALE * _quantile(spread_in, 0.5) if robust else _stddev(spread_in)) if spread_in else None
        level = None
        if value is not None and baseline is not None and spread is not None:
            half = detector.width * spread + detector.margin * abs(baseline)
            if half > 0:
                level = (value - baseline) / half
        guard_in = in_range("traffic" if traffic is not None else "value", t, (window, 0))
        out[t] = Evaluation(level, statistics.fmean(guard_in) if guard_in else None)
    return out
