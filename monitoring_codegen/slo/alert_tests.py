"""promtool tests of an SLO's burn-rate alerts, written for the user.

For each alert condition (a short and a long window with a burn-rate factor) two scenarios:
steady traffic for longer than every alert window, and an error ratio of 1.05 x the
condition's threshold (it fires) or 0.95 x (it stays silent) during the last `long + 10m`.
With a traffic guard, a third: 1.5 x the threshold on too little traffic stays silent.

The outcome of every scenario is worked out over all four conditions (page and ticket
share one alert name, and promtool compares every alert of that name), and a scenario
whose outcome depends on an error ratio within 3% of some threshold is left out, so no
test rests on how rate() extrapolates at a window's edge.
"""

from __future__ import annotations

import re
from typing import Any

from monitoring_codegen.model.durations import parse_duration
from monitoring_codegen.slo.rules import SLORules

_MARGIN_MINUTES = 10
_TRAFFIC = 1000  # events per minute
_ABOVE, _BELOW, _GUARDED = 1.05, 0.95, 1.5
_MAX_HISTORY_MINUTES = 24 * 60 + _MARGIN_MINUTES
# Label values tried for regex and negative matchers, in order.
_CANDIDATES = ("500", "200", "503", "429", "error", "success", "ok", "failure", "timeout", "5xx", "2xx", "x")


def alert_tests(slo, rules: SLORules, severity: str) -> list:
    """The AlertTests of `severity`'s alert, or [] when mcg cannot write the SLI's input series."""
    from monitoring_codegen.model.rule_tests import AlertTest, Firing

    series = input_series(slo.sli)
    if series is None:
        return []
    pairs = rules.windows.pairs()
    budget = rules.error_budget_ratio()
    expected = {**rules.id_labels(), **rules.labels}
    own = [p for k, p in pairs.items() if k.startswith(severity)]
    # Input samples every minute when the alert reads a window under an hour, else every 5m.
    step = 1 if min(_minutes(p.short) for p in own) < 60 else 5
    tests = []
    for key in (f"{severity}_quick", f"{severity}_slow"):
        pair = pairs[key]
        factor = pair.factor(rules.period)
        long = _minutes(pair.long)
        scenarios = [(_ABOVE, True, _TRAFFIC), (_BELOW, False, _TRAFFIC)]
        if rules.min_events is not None:
            minimum = rules.min_events[1]
            busy = max(_TRAFFIC, 2 * minimum / long)
            scenarios = [(_ABOVE, True, busy), (_BELOW, False, busy), (_GUARDED, False, minimum / long / 2)]
        for multiple, fires, traffic in scenarios:
            ratio = multiple * factor * budget
            if ratio >= 1:
                continue  # an objective so low that the threshold is unreachable
            found = _scenario(rules, severity, budget, ratio, long + _MARGIN_MINUTES, traffic, fires)
            if found is None:
                continue
            errors_for, history, outcome = found
            what = f"{pair.budget_percent:g}% of the budget in {pair.long} ({pair.short}/{pair.long})"
            guard = " on too little traffic" if multiple == _GUARDED else ""
            name = (
                f"{severity}: error ratio {multiple:g}x burn rate {factor:g}{guard} "
                f"({what}) {'fires' if fires else 'stays silent'}"
            )
            # promtool compares every alert of the name: the other severity's, when it shares it, too.
            firing = [
                Firing({**expected, "sloth_severity": fired})
                for fired in ("page", "ticket")
                if outcome[fired] and (fired == severity or _same_name(rules))
            ]
            tests.append(
                AlertTest(
                    name,
                    series=_notation(series, history, errors_for, traffic, ratio, step),
                    interval=f"{step}m",
                    at=f"{history}m",
                    fires=firing or False,
                )
            )
    # Below every threshold, the other alert's too: nothing of that name fires.
    lowest = min(p.factor(rules.period) for p in pairs.values())
    history = max(_minutes(p.short) for p in pairs.values()) + _MARGIN_MINUTES
    ratio = _BELOW * lowest * budget
    outcome = _outcome(rules, budget, ratio, history, history, _TRAFFIC * 10)
    if outcome == {"page": False, "ticket": False}:
        tests.append(
            AlertTest(
                f"{severity}: error ratio {_BELOW:g}x the lowest burn rate {lowest:g} stays silent",
                series=_notation(series, history, history, _TRAFFIC * 10, ratio, step),
                interval=f"{step}m",
                at=f"{history}m",
                fires=False,
            )
        )
    return tests


def _scenario(
    rules: SLORules,
    severity: str,
    budget: float,
    ratio: float,
    errors_for: int,
    traffic: float,
    fires: bool,
) -> tuple[int, int, dict] | None:
    """(minutes of errors, minutes of history, outcome) of the shortest history that gives the
    outcome unambiguously; None when none up to a day does. promtool evaluates every rule each
    minute of the history, so a test that needs the 3d window filled (a minute of CPU) is left out."""
    # Errors during the last `errors_for` minutes (the long window and a margin) when the history
    # is that long, else during the whole history, which a longer window then sees whole. The
    # shortest history, in steps of 10 minutes, that gives the outcome unambiguously.
    for history in range(_MARGIN_MINUTES * 2, _MAX_HISTORY_MINUTES + 1, _MARGIN_MINUTES):
        errors = min(errors_for, history)
        outcome = _outcome(rules, budget, ratio, errors, history, traffic)
        if outcome is not None and outcome[severity] == fires:
            return errors, history, outcome
    return None


def _same_name(rules: SLORules) -> bool:
    return rules.page is not None and rules.ticket is not None and rules.page.name == rules.ticket.name


def _meta(rules: SLORules, severity: str):
    return rules.page if severity == "page" else rules.ticket


def _other(severity: str) -> str:
    return "ticket" if severity == "page" else "page"


def rules_has(rules: SLORules, severity: str) -> bool:
    return _meta(rules, severity) is not None


def _minutes(duration: str) -> int:
    return round(parse_duration(duration) / 60)


def _outcome(
    rules: SLORules, budget: float, ratio: float, errors_for: int, history: int, traffic: float
) -> dict | None:
    """severity -> fires, for errors at `ratio` during the last `errors_for` of `history` minutes
    (a window longer than the history sees the history: both counters start at 0, so rate()
    does not extrapolate); None when a window's ratio is within 3% of its threshold."""
    out = {"page": False, "ticket": False}
    for key, pair in rules.windows.pairs().items():
        threshold = pair.factor(rules.period) * budget
        burning = True
        for window in (_minutes(pair.short), _minutes(pair.long)):
            seen_for = min(window, history)
            seen = ratio * min(errors_for, seen_for) / seen_for
            if abs(seen - threshold) < 0.03 * threshold:
                return None
            burning = burning and seen > threshold
        if rules.min_events is not None:
            events = traffic * min(_minutes(pair.long), history)
            if abs(events - rules.min_events[1]) < 0.1 * rules.min_events[1]:
                return None
            burning = burning and events >= rules.min_events[1]
        if burning:
            out[key.split("_")[0]] = True
    return out


def _num(value: float) -> str:
    rounded = round(value, 9)
    return str(int(rounded)) if rounded == int(rounded) else repr(rounded)


def _notation(
    series: list[tuple[str, str]], history: int, errors_for: int, traffic: float, ratio: float, step: int
) -> dict[str, str]:
    """promtool series, a sample every `step` minutes: `traffic` events a minute for `history`
    minutes, a share `ratio` of them errors during the last `errors_for` minutes."""
    quiet, loud, samples = (history - errors_for) // step, errors_for // step, history // step
    total = traffic * step
    errors = total * ratio
    good = total - errors
    values = {
        "total": f"0+{_num(total)}x{samples}",
        "errors": f"0x{quiet} {_num(errors)}+{_num(errors)}x{loud - 1}",
        "good": f"0+{_num(total)}x{quiet} {_num(quiet * total + good)}+{_num(good)}x{loud - 1}",
    }
    return {selector: values[role] for selector, role in series}


def input_series(sli) -> list[tuple[str, str]] | None:
    """(exact series, role: errors | good | total) that feed the SLI, or None when unknown."""
    from monitoring_codegen.model.slo import LatencySLI, RatioSLI, parse_selector
    from monitoring_codegen.promql.buckets import le_spellings

    if isinstance(sli, RatioSLI):
        total = parse_selector(sli.total, "total")
        if sli.errors is not None:
            part, role, rest = parse_selector(sli.errors, "errors"), "errors", "good"
        else:
            part, role, rest = parse_selector(sli.good, "good"), "good", "errors"
        if part[0] != total[0]:
            return None  # two metrics: mcg cannot tell which of total's series the part holds
        inside = _concrete(part[0], [*total[1], *part[1]])
        outside = _concrete(total[0], list(total[1]), avoid=part[1])
        if inside is None or outside is None:
            return None
        return [(inside, role), (outside, rest)]
    if isinstance(sli, LatencySLI):
        matchers = list(parse_selector(f"x{{{sli.selector}}}", "selector")[1]) if sli.selector else []
        count = _concrete(f"{sli.histogram}_count", matchers)
        bucket = _concrete(f"{sli.histogram}_bucket", [*matchers, ("le", "=", le_spellings(sli.threshold)[0])])
        if count is None or bucket is None:
            return None
        return [(count, "total"), (bucket, "good")]
    return None


def _matches(value: str, op: str, pattern: str) -> bool:
    if op == "=":
        return value == pattern
    if op == "!=":
        return value != pattern
    try:
        found = re.fullmatch(pattern, value) is not None
    except re.error:
        return False
    return found if op == "=~" else not found


def _concrete(name: str, matchers: list, avoid: Any = ()) -> str | None:
    """An input series of `name` matching every matcher and failing at least one of `avoid`."""
    labels: dict[str, str] = {}
    by_label: dict[str, list] = {}
    for label, op, value in matchers:
        by_label.setdefault(label, []).append((op, value))
    avoid = [m for m in avoid if m not in matchers]
    flip = avoid[0] if avoid else None
    for label in sorted({*by_label, *([flip[0]] if flip else [])}):
        rules = by_label.get(label, [])
        exact = [v for op, v in rules if op == "="]
        options = exact or list(_CANDIDATES)
        found = None
        for option in options:
            if not all(_matches(option, op, v) for op, v in rules):
                continue
            if flip and label == flip[0] and _matches(option, flip[1], flip[2]):
                continue
            found = option
            break
        if found is None:
            return None
        if found or rules:
            labels[label] = found
    if flip is not None and flip[0] not in labels:
        return None
    from monitoring_codegen.render.rule_tests import series_notation

    return series_notation(name, labels)


# Errors over all events in the record tests: half, so that every rate and ratio along the way is
# exact in floating point (promtool compares recorded values exactly).
_RECORD_RATIO = 0.5


def record_tests(slo, rules: SLORules, record: dict[str, Any]) -> list:
    """One RecordTest of an SLO recording rule: a steady error ratio for 20 minutes, which
    every window (the period's too) sees whole, and the budget numbers derived from it."""
    from monitoring_codegen.model.rule_tests import RecordTest, Sample

    series = input_series(slo.sli)
    if series is None:
        return []
    budget = 1 - rules.objective / 100  # as the error_budget record computes it
    burn = _RECORD_RATIO / budget
    name = record["record"]
    labels: dict[str, str] = {}
    if name.startswith("slo:sli_error:ratio_rate"):
        value = _RECORD_RATIO
    elif name in (
        "slo:current_burn_rate:ratio",
        "slo:period_burn_rate:ratio",
        "slo:period_error_budget_remaining:ratio",
    ):
        # The division keeps the SLI series' labels, its window included.
        short = rules.windows.page_quick.short
        window = short if name == "slo:current_burn_rate:ratio" else rules.period
        labels = {"sloth_window": _prom(window)}
        value = 1 - burn if name.endswith("remaining:ratio") else burn
    else:
        value = {
            "slo:objective:ratio": rules.objective / 100,
            "slo:error_budget:ratio": budget,
            "slo:time_period:days": parse_duration(rules.period) / 86400,
            "sloth_slo_info": 1.0,
        }[name]
    history = 2 * _MARGIN_MINUTES
    return [
        RecordTest(
            f"a steady {_RECORD_RATIO:.0%} error ratio",
            series=_notation(series, history, history, _TRAFFIC, _RECORD_RATIO, 1),
            at=f"{history}m",
            expect=[Sample(labels, value)],
        )
    ]


def _prom(duration: str) -> str:
    from monitoring_codegen.slo.windows import prometheus_duration

    return prometheus_duration(parse_duration(duration))
