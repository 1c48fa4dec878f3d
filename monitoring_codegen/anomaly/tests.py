"""promtool tests of a detector's alert, written from its parameters.

The input is a synthetic multi-day series with a daily pattern (hourly levels from half to
one and a half times a base), the shortest history that holds every window the detector
reads (a day and a bit for daily seasonality, a week and a bit for weekly). The pattern
peaks in its last hour, and each test evaluates once, half an hour into that peak:

- the normal peak stays silent;
- a spike during the last `for` (plus the steps the rate and the baseline need) fires, at the
  smallest of a few factors that fires with room; a smaller rise stays inside the band;
- for a lower band, a drop fires;
- with a traffic guard, the firing scenario on too little traffic stays silent.

The factors are chosen by evaluating the rules in Python (simulate.py) under both range
semantics and with a 15% margin from the band, so no test rests on a window edge. Records
are evaluated every `step` (15 minutes, or less when a window or `for` needs it): promtool
evaluates every rule of a test file at every step, and multi-day histories at a minute
would cost minutes; input samples stay a minute apart, which rate() needs.
"""

from __future__ import annotations

import functools
import itertools
import math

from monitoring_codegen.anomaly.rules import is_counter_metric, windows
from monitoring_codegen.anomaly.simulate import evaluate
from monitoring_codegen.model.durations import parse_duration
from monitoring_codegen.slo.alert_tests import _concrete, _matches, _num

MAX_STEP = 15 * 60
# The evaluation is half an hour into the peak hour.
INTO_PEAK = 30 * 60
MARGIN = 0.15
SPIKES = (1.5, 2, 3, 5, 10, 20, 50, 100)
INSIDE = (2, 1.5, 1.3, 1.2, 1.1, 1.05, 1.02)
DROPS = (0.5, 0.25, 0.1, 0)
GUARD_SCALES = (0.25, 0.1, 0.01, 0.001)


def shape(hour: int, peak: int) -> float:
    """The daily pattern: 1.5 at the peak hour, 0.5 twelve hours from it."""
    return 1 + 0.5 * math.cos(2 * math.pi * (hour - peak) / 24)


def evaluation_step(detector) -> int:
    """Seconds between evaluations: 15 minutes, or a divisor that lands on every window and `for`."""
    parts = [MAX_STEP, round(parse_duration(detector.for_))]
    for length, offset in windows(detector).values():
        parts += [length, offset]
    step = math.gcd(*[p for p in parts if p])
    return max(step - step % 60, 60) if step % 60 else step


def _series(selector: str, by: tuple[str, ...], avoid=()) -> tuple[str, dict[str, str]] | None:
    from monitoring_codegen.model.rule_tests import parse_series_selector
    from monitoring_codegen.model.slo import parse_selector

    name, matchers = parse_selector(selector, "metric")
    constrained = {label for label, _, _ in matchers}
    extra = [(label, "=", f"{label}-a") for label in by if label not in constrained]
    text = _concrete(name, [*matchers, *extra], avoid=avoid)
    if text is None:
        return None
    return text, parse_series_selector(text)[1]


class _Plan:
    """Everything a scenario needs: the input series, the times, the base level."""

    def __init__(self, detector) -> None:
        self.detector = detector
        self.counter = is_counter_metric(detector)
        self.step = evaluation_step(detector)
        self.for_ = math.ceil(parse_duration(detector.for_) / self.step) * self.step
        self.onset = max(self.step, math.ceil(parse_duration(detector.rate_window) / self.step) * self.step)
        reach = max(length + offset for length, offset in windows(detector).values())
        need = reach + self.for_ + self.onset + self.step
        # The shortest history that holds every window, its last hour the daily peak.
        self.at = max(0, math.ceil((need - INTO_PEAK) / 3600)) * 3600 + INTO_PEAK
        self.peak = (self.at // 3600) % 24
        self.minutes = self.at // 60
        minimum = detector.min_traffic or 0
        self.base = max(10.0, 4 * minimum) if detector.traffic is None else 10.0
        self.busy = max(10.0, 4 * minimum)

        # the alert's evaluations that decide a test: the last `for` up to the evaluation time
        self.times = range(self.at - self.for_, self.at + 1, self.step)

    @functools.cached_property
    def shape(self) -> list[float]:
        """The daily pattern per minute (minute m covers the minute before it: 1..60 is hour 0)."""
        hourly = [shape(hour, self.peak) for hour in range(24)]
        return [0.0] + [hourly[((m - 1) // 60) % 24] for m in range(1, self.minutes + 1)]

    def pattern(self, factor: float, scale: float = 1.0) -> list[float]:
        """Per-minute values: the daily pattern, times `factor` from the anomaly's onset."""
        start = (self.at - self.for_ - self.onset) // 60
        level = self.base * scale
        values = [level * s for s in self.shape[: start + 1]] + [level * factor * s for s in self.shape[start + 1 :]]
        values[0] = 0.0
        if self.counter and scale == 1:
            # whole events a minute at the normal scale, so the running sum stays exact
            return [round(v * 60) / 60 for v in values]
        return [round(v, 6) for v in values]


def _counter_notation(rates: list[float]) -> str:
    """A counter whose per-second rate in minute m is rates[m], one sample a minute from 0."""
    items, total = ["0"], 0.0
    for rate, run in itertools.groupby(rates[1:]):
        count = sum(1 for _ in run)
        inc = round(rate * 60, 6)
        items.append(f"{_num(total + inc)}+{_num(inc)}x{count - 1}")
        total = round(total + inc * count, 6)
    return " ".join(items)


def _gauge_notation(values: list[float]) -> str:
    return " ".join(f"{_num(value)}x{sum(1 for _ in run) - 1}" for value, run in itertools.groupby(values))


def alert_tests(detector) -> list:
    """The AlertTests of the detector's alert, or [] when mcg cannot write its input series
    (an expression, or a latency histogram)."""
    from monitoring_codegen.model.rule_tests import AlertTest, Firing
    from monitoring_codegen.model.slo import parse_selector

    if detector.metric is None or detector.detects == "latency":
        return []
    found = _series(detector.metric, detector.by)
    if found is None:
        return []
    value_text, labels = found
    plan = _Plan(detector)
    traffic_text = None
    traffic_adds_value = False
    if detector.traffic is not None:
        name, matchers = parse_selector(detector.metric, "metric")
        t_name, t_matchers = parse_selector(detector.traffic, "traffic")
        avoid = [m for m in matchers if m not in t_matchers] if t_name == name else ()
        if t_name == name and not avoid:
            return []  # the traffic is the value's own series: nothing separate to write
        traffic_found = _series(detector.traffic, detector.by, avoid=avoid)
        if traffic_found is None:
            return []
        traffic_text = traffic_found[0]
        # The traffic selector also sums the value's series when it matches it.
        traffic_adds_value = t_name == name and all(
            _matches(labels.get(label, ""), op, v) for label, op, v in t_matchers
        )

    def run(factor: float, scale: float = 1.0, traffic_level: float | None = None):
        """(outcome under each range semantics, a function writing the input series)."""
        values = plan.pattern(factor, scale)
        traffic = None
        level = plan.busy if traffic_level is None else traffic_level
        if detector.traffic is not None:
            traffic = [0.0] + [level] * plan.minutes
            if traffic_adds_value:
                traffic = [a + b for a, b in zip(traffic, values)]
        outcomes = [
            evaluate(detector, values, traffic, plan.counter, plan.step, left_open, plan.times)
            for left_open in (False, True)
        ]

        def series() -> dict[str, str]:
            written = {value_text: (_counter_notation if plan.counter else _gauge_notation)(values)}
            if traffic_text is not None:
                written[traffic_text] = _counter_notation([0.0] + [level] * plan.minutes)
            return written

        return outcomes, series

    direction = detector.alert_direction
    minimum = detector.min_traffic

    def beyond(level: float | None, sign: int) -> bool:
        if level is None:
            return False
        return level * sign >= 1 + MARGIN

    def fires(outcomes, sign: int, guarded: bool = True) -> bool:
        times = plan.times
        for outcome in outcomes:
            for t in times:
                seen = outcome.get(t)
                if seen is None or not beyond(seen.level, sign):
                    return False
                if guarded and minimum is not None and (seen.traffic is None or seen.traffic < minimum * 1.1):
                    return False
        return True

    def silent(outcomes) -> bool:
        for outcome in outcomes:
            seen = outcome.get(plan.at)
            if seen is None or seen.level is None:
                return False
            level = seen.level
            if direction == "up" and level > 1 - MARGIN:
                return False
            if direction == "down" and level < -(1 - MARGIN):
                return False
            if direction == "both" and abs(level) > 1 - MARGIN:
                return False
            if minimum is not None and (seen.traffic is None or seen.traffic < minimum * 1.1):
                return False  # silent because of the guard would prove nothing about the band
        return True

    def guard_holds(outcomes, sign: int) -> bool:
        return fires(outcomes, sign, guarded=False) and all(
            (seen := outcome.get(plan.at)) is not None and seen.traffic is not None and seen.traffic <= minimum * 0.9
            for outcome in outcomes
        )

    firing_labels = {**labels, "anomaly_name": detector.name}
    firing_labels = {k: v for k, v in firing_labels.items() if k in (*detector.by, "anomaly_name")}
    duration = plan.for_ + plan.onset
    tests = []

    def test(name: str, series, fired: bool):
        return AlertTest(
            name=name,
            series=series(),
            interval="1m",
            at=[f"{plan.at // 60}m"],
            fires=[Firing(firing_labels)] if fired else [],
        )

    outcomes, series = run(1)
    if silent(outcomes):
        tests.append(test("the normal daily peak stays silent", series, False))
    anomalies: list[tuple[float, int]] = []
    if direction in ("up", "both"):
        spike = None
        for factor in SPIKES:
            outcomes, series = run(factor)
            if fires(outcomes, 1):
                spike = factor
                tests.append(test(f"a {factor:g}x spike for {duration // 60}m at the daily peak fires", series, True))
                anomalies.append((factor, 1))
                break
        for factor in INSIDE:
            if spike is None or factor >= spike:
                continue
            outcomes, series = run(factor)
            if silent(outcomes):
                tests.append(test(f"a {factor:g}x rise at the daily peak stays inside the band", series, False))
                break
    if direction in ("down", "both"):
        for factor in DROPS:
            outcomes, series = run(factor)
            if fires(outcomes, -1):
                tests.append(test(f"a drop to {factor:g}x for {duration // 60}m at the daily peak fires", series, True))
                anomalies.append((factor, -1))
                break
    if minimum is not None and anomalies:
        factor, sign = anomalies[0]
        for scale in GUARD_SCALES:
            if detector.traffic is not None:
                # the value's own events count as traffic when the selector matches them: scale both
                own = minimum * scale / plan.base if traffic_adds_value else 1.0
                outcomes, series = run(factor, scale=own, traffic_level=minimum * scale)
            else:
                outcomes, series = run(factor, scale=minimum * scale / plan.base)
            if guard_holds(outcomes, sign):
                tests.append(
                    test(
                        f"the same {factor:g}x {'spike' if sign > 0 else 'drop'} on too little traffic stays silent",
                        series,
                        False,
                    )
                )
                break
    return tests


def _definitions(model) -> list:
    return [
        *getattr(model, "anomaly_detectors", []),
        *getattr(model, "capacity_forecasts", []),
        *getattr(model, "spend_forecasts", []),
    ]


def refuted_tests(model) -> set[int]:
    """ids of the tests generated for definitions the catalog refutes (their inputs are moot)."""
    from monitoring_codegen.render.anomaly_rules import detector_problems, forecast_problems

    found: set[int] = set()
    for definition in _definitions(model):
        check = detector_problems if definition.kind == "AnomalyDetector" else forecast_problems
        if check(definition, model):
            found |= {id(test) for group in definition.rule_groups for rule in group.rules for test in rule.tests}
    return found


def generated_steps(model) -> dict[int, int]:
    """id of each test mcg generated for a detector or forecast -> its evaluation step (seconds)."""
    from monitoring_codegen.anomaly.forecast import evaluation_step as forecast_step

    steps: dict[int, int] = {}
    for detector in getattr(model, "anomaly_detectors", []):
        step = evaluation_step(detector)
        for group in detector.rule_groups:
            for rule in group.rules:
                for test in rule.tests:
                    steps[id(test)] = step
    for forecast in [*getattr(model, "capacity_forecasts", []), *getattr(model, "spend_forecasts", [])]:
        for group in forecast.rule_groups:
            for rule in group.rules:
                for test in rule.tests:
                    steps[id(test)] = forecast_step(forecast)
    return steps


__all__ = ["alert_tests", "evaluation_step", "generated_steps", "shape"]


def record_tests(detector, record: dict) -> list:
    """One RecordTest of a detector's recording rule: steady traffic over the whole history,
    where the value is its baseline, the spread is 0 and the band is the margin. Every
    number along the way is exact in floating point, as promtool compares recorded values;
    the expected band is computed in the order the rule computes it."""
    from monitoring_codegen.anomaly import rules as names
    from monitoring_codegen.model.rule_tests import RecordTest, Sample
    from monitoring_codegen.model.slo import parse_selector

    if detector.metric is None or detector.detects == "latency":
        return []
    found = _series(detector.metric, detector.by)
    if found is None:
        return []
    value_text, labels = found
    plan = _Plan(detector)
    base = 10.0
    series = {value_text: ("0+600x" if plan.counter else "10x") + str(plan.minutes)}
    traffic = None
    if detector.traffic is not None:
        name, matchers = parse_selector(detector.metric, "metric")
        t_name, t_matchers = parse_selector(detector.traffic, "traffic")
        avoid = [m for m in matchers if m not in t_matchers] if t_name == name else ()
        traffic_found = _series(detector.traffic, detector.by, avoid=avoid) if t_name != name or avoid else None
        if traffic_found is None:
            return []
        adds = t_name == name and all(_matches(labels.get(label, ""), op, v) for label, op, v in t_matchers)
        traffic = 20.0 + (base if adds else 0.0)
        if record["record"] == names.TRAFFIC:
            # only the series the record reads (the value's too, when the selector sums it)
            series = {**(series if adds else {}), traffic_found[0]: f"0+1200x{plan.minutes}"}
    half = detector.width * 0.0 + detector.margin * abs(base) if detector.margin else detector.width * 0.0
    values = {
        names.VALUE: base,
        names.TRAFFIC: traffic,
        names.ABS_DEVIATION: 0.0,
        names.BASELINE: base,
        names.SPREAD: 0.0,
        names.UPPER: base + half,
        names.LOWER: base - half,
        names.LEVEL: (base - base) / ((base + half) - base) if half else None,
    }
    value = values[record["record"]]
    if value is None:
        return []  # 0 / 0: no test of a NaN level
    kept = {k: v for k, v in labels.items() if k in detector.by}
    return [
        RecordTest(
            name="steady traffic: the value is its baseline, the band its margin",
            series=series,
            interval="1m",
            at=[f"{plan.at // 60}m"],
            expect=[Sample(kept, value)],
        )
    ]
