"""Rules and promtool tests of capacity and spend forecasts (definitions in model/forecast.py).

Capacity, one group `forecast-<name>`:

    forecast:usage:current    sum by (...) (gauge)
    forecast:usage:predicted  sum by (...) (predict_linear(gauge[lookback], horizon))
    alert                     predicted >= capacity and current >= fill x capacity, for `for`

(a sum of linear predictions is the linear prediction of the sum). Its tests: a steady fill
past the fill level that runs out within the horizon fires; a flat gauge at the same level,
the same fill still below the fill level, and a fill too slow to run out within the horizon
stay silent. Every input is exactly linear, so predict_linear is exact.

Spend:

    forecast:spend:month_projected   sum by (...) (rate(cost[lookback])) x 86400 x days in this month
    alert                            projected > budget, for `for`

Its tests: a steady spend at 1.2x the budget's pace fires, 0.8x stays silent. promtool's
clock starts at 1970-01-01, so the month is January (31 days); the tests compute it.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from monitoring_codegen.model.durations import parse_duration
from monitoring_codegen.slo.windows import prometheus_duration

CURRENT = "forecast:usage:current"
PREDICTED = "forecast:usage:predicted"
PROJECTED = "forecast:spend:month_projected"
MAX_STEP = 15 * 60
INPUT_STEP = 5 * 60


def _num(value: float) -> str:
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))


def _sum(by: tuple[str, ...]) -> str:
    return f"sum by ({', '.join(by)})" if by else "sum"


def evaluation_step(forecast) -> int:
    step = math.gcd(MAX_STEP, round(parse_duration(forecast.for_)))
    return max(step - step % 60, 60)


def rules(forecast) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from monitoring_codegen.model.forecast import NAME_LABEL, CapacityForecast

    labels = {NAME_LABEL: forecast.name}
    lookback = prometheus_duration(parse_duration(forecast.lookback))
    where = ", ".join(f"{label}={{{{ $labels.{label} }}}}" for label in forecast.by)
    if isinstance(forecast, CapacityForecast):
        horizon = round(parse_duration(forecast.horizon))
        records = [
            {"record": CURRENT, "expr": f"{_sum(forecast.by)} ({forecast.metric})", "labels": dict(labels)},
            {
                "record": PREDICTED,
                "expr": f"{_sum(forecast.by)} (predict_linear({forecast.metric}[{lookback}], {horizon}))",
                "labels": dict(labels),
            },
        ]
        expr = (
            f"{forecast.series(PREDICTED)} >= {_num(forecast.capacity)}\nand\n"
            f"{forecast.series(CURRENT)} >= {_num(forecast.fill * forecast.capacity)}"
        )
        summary = f"{forecast.name} will reach its capacity of {_num(forecast.capacity)} within {forecast.horizon}"
    else:
        records = [
            {
                "record": PROJECTED,
                "expr": f"{_sum(forecast.by)} (rate({forecast.metric}[{lookback}])) * 86400 * scalar(days_in_month())",
                "labels": dict(labels),
            }
        ]
        expr = f"{forecast.series(PROJECTED)} > {_num(forecast.budget)}"
        summary = f"{forecast.name} is on course to spend more than {_num(forecast.budget)} this month"
    annotations = {
        "summary": summary + (f" ({where})" if where else ""),
        "description": (forecast.description + " " if forecast.description else "")
        + f"Projected from the last {forecast.lookback}.",
        **forecast.alert_annotations,
    }
    alert = {
        "alert": forecast.alert_name,
        "expr": expr,
        "for": forecast.for_,
        "labels": dict(sorted({"severity": forecast.severity, **forecast.alert_labels}.items())),
        "annotations": dict(sorted(annotations.items())),
    }
    return records, alert


def forecast_group(forecast):
    from monitoring_codegen.model.rules import AlertRule, RecordingRule, RuleGroup

    records, alert = rules(forecast)
    built: list[Any] = [
        RecordingRule(**record, tests=record_tests(forecast, record) if forecast.tests else []) for record in records
    ]
    built.append(AlertRule(**alert, tests=alert_tests(forecast) if forecast.tests else []))
    return RuleGroup(name=f"forecast-{forecast.name}", rules=built, file=f"forecast-{forecast.name}")


def _linear(start: float, slope_per_step: float, samples: int) -> str:
    from monitoring_codegen.slo.alert_tests import _num as num

    if slope_per_step < 0:
        return f"{num(start)}-{num(-slope_per_step)}x{samples - 1}"
    return f"{num(start)}+{num(slope_per_step)}x{samples - 1}"


def alert_tests(forecast) -> list:
    """Scenarios whose outcome holds at every evaluation of `for` with a 10% margin."""
    from monitoring_codegen.anomaly.tests import _series
    from monitoring_codegen.model.forecast import CapacityForecast
    from monitoring_codegen.model.rule_tests import AlertTest, Firing

    found = _series(forecast.metric, forecast.by)
    if found is None:
        return []
    text, labels = found
    firing = [Firing({**{k: v for k, v in labels.items() if k in forecast.by}, "forecast_name": forecast.name})]
    step = evaluation_step(forecast)
    for_ = math.ceil(parse_duration(forecast.for_) / step) * step
    lookback = round(parse_duration(forecast.lookback))
    at = math.ceil((lookback + for_ + step) / step) * step
    samples = at // INPUT_STEP + 1

    def test(name: str, values: str, fires: bool):
        return AlertTest(
            name=name,
            series={text: values},
            interval=f"{INPUT_STEP // 60}m",
            at=[f"{at // 60}m"],
            fires=firing if fires else [],
        )

    if isinstance(forecast, CapacityForecast):
        capacity, fill = forecast.capacity, forecast.fill
        horizon = parse_duration(forecast.horizon)
        # Halfway between the fill level and capacity from the first evaluation of `for` on,
        # heading for 1.3x capacity within the horizon.
        level = (1 + fill) / 2 * capacity
        slope = (1.3 * capacity - level) / horizon  # per second

        def linear(end: float, per_second: float) -> str:
            # exactly linear, `end` at the first evaluation of `for`
            return _linear(end - per_second * (at - for_), per_second * INPUT_STEP, samples)

        tests = [
            test(f"a fill reaching capacity within {forecast.horizon} fires", linear(level, slope), True),
            test("a flat level past the fill level stays silent", linear(level, 0), False),
        ]
        if fill > 0:
            # Still at 0.8x the fill level at the end, yet heading for 1.3x capacity: the guard holds it.
            steep = (1.3 * capacity - 0.8 * fill * capacity) / horizon
            tests.append(
                test(
                    "a fill still below the fill level stays silent",
                    linear(0.8 * fill * capacity - steep * for_, steep),
                    False,
                )
            )
        if level < 0.8 * capacity:
            # reaches only 0.9x capacity by the horizon of the last evaluation
            slow = (0.9 * capacity - level) / (horizon + for_)
            tests.append(
                test(
                    f"a fill too slow to reach capacity within {forecast.horizon} stays silent",
                    linear(level, slow),
                    False,
                )
            )
        return tests
    days = _days_in_month(at)
    pace = forecast.budget / (86400 * days)  # per second: exactly the budget by the month's end
    return [
        test("spending at 1.2x the budget's pace fires", _linear(0, 1.2 * pace * INPUT_STEP, samples), True),
        test("spending at 0.8x the budget's pace stays silent", _linear(0, 0.8 * pace * INPUT_STEP, samples), False),
    ]


def _days_in_month(seconds: int) -> int:
    """Days in the month of promtool's clock at `seconds` (it starts at the Unix epoch)."""
    day = datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    following = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return (following - day.replace(day=1)).days


def record_tests(forecast, record: dict) -> list:
    """One RecordTest of a forecast's recording rule: a flat gauge (now and predicted: its
    level), or a cost counter at 1 a second (the month: 86400 x its days)."""
    from monitoring_codegen.anomaly.tests import _series
    from monitoring_codegen.model.forecast import CapacityForecast
    from monitoring_codegen.model.rule_tests import RecordTest, Sample

    found = _series(forecast.metric, forecast.by)
    if found is None:
        return []
    text, labels = found
    step = evaluation_step(forecast)
    at = math.ceil((parse_duration(forecast.lookback) + step) / step) * step
    samples = at // INPUT_STEP
    if isinstance(forecast, CapacityForecast):
        level = float(round(forecast.capacity / 2))
        values, expected, what = f"{_num(level)}x{samples}", level, "a flat level is its own forecast"
    else:
        values = f"0+{INPUT_STEP}x{samples}"
        expected = 86400.0 * _days_in_month(at)
        what = "a steady 1 a second is 86400 a day for every day of the month"
    kept = {k: v for k, v in labels.items() if k in forecast.by}
    return [
        RecordTest(
            name=what,
            series={text: values},
            interval=f"{INPUT_STEP // 60}m",
            at=[f"{at // 60}m"],
            expect=[Sample(kept, expected)],
        )
    ]
