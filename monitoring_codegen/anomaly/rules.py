"""The rules of an anomaly detector: one group, records in the order they read each other.

Every series carries `anomaly_name="<detector>"` beside the kept labels, so the records of
all detectors share names and one query draws any of them:

    anomaly:value:current          the watched value
    anomaly:traffic:rate           the events behind it (only with traffic=)
    anomaly:value:abs_deviation    |value - median of the last window| (robust only)
    anomaly:value:baseline         mean (adaptive) or median (robust) of the value over the
                                   `window` that ended `for` ago, or over the same window a day
                                   / a week ago
    anomaly:value:spread           standard deviation, or 1.4826 x the median absolute deviation
    anomaly:band:upper / :lower    baseline +/- (width x spread + margin x |baseline|)
    anomaly:level:bands            (value - baseline) / half the band: beyond +/-1 is outside

Each record reads only records above it, never its own name (the lint rule
rules/record-reads-itself checks any rule file for that), and all share one label set, so
every binary operation matches one to one. A seasonal window is centred on the same time a
period ago: `[1h] offset 23h30m` averages 23h30m..24h30m ago.
"""

from __future__ import annotations

from typing import Any

from monitoring_codegen.model.durations import parse_duration
from monitoring_codegen.slo.windows import prometheus_duration

VALUE = "anomaly:value:current"
TRAFFIC = "anomaly:traffic:rate"
ABS_DEVIATION = "anomaly:value:abs_deviation"
BASELINE = "anomaly:value:baseline"
SPREAD = "anomaly:value:spread"
UPPER = "anomaly:band:upper"
LOWER = "anomaly:band:lower"
LEVEL = "anomaly:level:bands"
# Scales the median absolute deviation to a standard deviation of normal data.
MAD_SCALE = 1.4826


def _num(value: float) -> str:
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))


def _by(labels: tuple[str, ...]) -> str:
    return f"sum by ({', '.join(labels)})" if labels else "sum"


def _with_matcher(selector: str, extra: str) -> str:
    name, matchers = _split(selector)
    inner = ", ".join(part for part in (matchers, extra) if part)
    return f"{name}{{{inner}}}" if inner else name


def _split(selector: str) -> tuple[str, str]:
    if "{" not in selector:
        return selector.strip(), ""
    name, rest = selector.split("{", 1)
    return name.strip(), rest.rsplit("}", 1)[0].strip()


def is_counter_metric(detector) -> bool:
    """Whether metric= is rated: requests and errors always, resource when named like a counter."""
    name = _split(detector.metric)[0]
    return detector.detects in ("requests", "errors") or (detector.detects == "resource" and name.endswith("_total"))


def value_expr(detector) -> str:
    if detector.expr is not None:
        return detector.expr.strip()
    window = detector.rate_window
    if detector.detects == "latency":
        name, matchers = _split(detector.metric)
        bucket = f"{name}_bucket" + (f"{{{matchers}}}" if matchers else "")
        return f"histogram_quantile({_num(detector.quantile)}, {_by(('le', *detector.by))} (rate({bucket}[{window}])))"
    if is_counter_metric(detector):
        return f"{_by(detector.by)} (rate({detector.metric}[{window}]))"
    return f"{_by(detector.by)} ({detector.metric})"


def traffic_expr(detector) -> str | None:
    if detector.traffic is None:
        return None
    return f"{_by(detector.by)} (rate({detector.traffic}[{detector.rate_window}]))"


def guard_series(detector) -> str:
    """The recorded series the traffic guard averages: the traffic, or the value itself."""
    return detector.series(TRAFFIC if detector.traffic is not None else VALUE)


def windows(detector) -> dict[str, tuple[int, int]]:
    """role -> (range, offset) in seconds: the baseline's and the spread's windows."""
    window = round(parse_duration(detector.window))
    period = detector.period_seconds()
    if period:
        offset = period - window // 2
        return {"baseline": (window, offset), "spread": (window, offset)}
    # Without a season, the windows end `for` ago: an anomaly must last `for` to alert, and
    # inside its own baseline it would pull the baseline along and never get there.
    recent = round(parse_duration(detector.for_))
    return {"baseline": (window, recent), "spread": (round(parse_duration(detector.history)), recent)}


def _range(series: str, seconds: tuple[int, int]) -> str:
    length, offset = seconds
    text = f"{series}[{prometheus_duration(length)}]"
    return f"{text} offset {prometheus_duration(offset)}" if offset else text


def records(detector) -> list[dict[str, Any]]:
    """The recording rules, each as {record, expr, labels}, in evaluation order."""
    value = detector.series(VALUE)
    win = windows(detector)
    robust = detector.strategy == "robust"
    rules = [(VALUE, value_expr(detector))]
    traffic = traffic_expr(detector)
    if traffic is not None:
        rules.append((TRAFFIC, traffic))
    if robust:
        last = (round(parse_duration(detector.window)), 0)
        rules.append((ABS_DEVIATION, f"abs({value} - quantile_over_time(0.5, {_range(value, last)}))"))
        baseline = f"quantile_over_time(0.5, {_range(value, win['baseline'])})"
        spread = f"{MAD_SCALE} * quantile_over_time(0.5, {_range(detector.series(ABS_DEVIATION), win['spread'])})"
    else:
        baseline = f"avg_over_time({_range(value, win['baseline'])})"
        spread = f"stddev_over_time({_range(value, win['spread'])})"
    rules += [(BASELINE, baseline), (SPREAD, spread)]
    base, spr = detector.series(BASELINE), detector.series(SPREAD)
    half = f"{_num(detector.width)} * {spr}"
    if detector.margin:
        half += f" + {_num(detector.margin)} * abs({base})"
    rules += [
        (UPPER, f"{base} + ({half})"),
        (LOWER, f"{base} - ({half})"),
        (LEVEL, f"({value} - {base})\n/\n({detector.series(UPPER)} - {base})"),
    ]
    labels = {"anomaly_name": detector.name}
    return [{"record": name, "expr": expr, "labels": dict(labels)} for name, expr in rules]


def alert_expr(detector) -> str:
    level = detector.series(LEVEL)
    condition = {"up": f"{level} > 1", "down": f"{level} < -1", "both": f"abs({level}) > 1"}[detector.alert_direction]
    if detector.min_traffic is None:
        return condition
    guard = f"avg_over_time({guard_series(detector)}[{detector.window}]) >= {_num(detector.min_traffic)}"
    return f"({condition})\nand\n{guard}"


def alert_rule(detector) -> dict[str, Any]:
    side = {"up": "above", "down": "below", "both": "outside"}[detector.alert_direction]
    where = ", ".join(f"{label}={{{{ $labels.{label} }}}}" for label in detector.by)
    annotations = {
        "summary": f"{detector.name} is {side} its usual band" + (f" ({where})" if where else ""),
        "description": (
            f"{detector.description + ' ' if detector.description else ''}The {detector.detects} value left its "
            f"{detector.seasonality if detector.seasonality != 'none' else 'recent'} baseline by more than "
            f"{_num(detector.width)} {'standard deviations' if detector.strategy == 'adaptive' else 'scaled MADs'} "
            f"for {detector.for_}."
        ),
        **detector.alert_annotations,
    }
    return {
        "alert": detector.alert_name,
        "expr": alert_expr(detector),
        "for": detector.for_,
        "labels": dict(sorted({"severity": detector.severity, **detector.alert_labels}.items())),
        "annotations": dict(sorted(annotations.items())),
    }


def detector_group(detector):
    """The RuleGroup of a detector, its alert with generated tests."""
    from monitoring_codegen.anomaly.tests import alert_tests, record_tests
    from monitoring_codegen.model.rules import AlertRule, RecordingRule, RuleGroup

    built: list[Any] = [
        RecordingRule(**rule, tests=record_tests(detector, rule) if detector.tests else [])
        for rule in records(detector)
    ]
    rule = alert_rule(detector)
    tests = alert_tests(detector) if detector.tests else []
    built.append(AlertRule(**rule, tests=tests))
    return RuleGroup(name=f"anomaly-{detector.name}", rules=built, file=f"anomaly-{detector.name}")
