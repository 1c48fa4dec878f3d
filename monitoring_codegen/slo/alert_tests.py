"""promtool tests of an SLO's burn-rate alerts, written for the user.

For each alert condition (a short and a long window with a burn-rate factor) two scenarios:
steady traffic, and an error ratio of 1.05 x the condition's threshold (it fires) or 0.95 x
(it stays silent) during the last `long + 10m`, which both windows of the condition see
whole. With a traffic guard, a third: 1.5 x the threshold on too little traffic stays silent.
A last test, below every threshold (nothing of the alert's name fires), is left out for the
severity whose 0.95 x scenario of the lowest threshold already is that test.

The outcome of every scenario is worked out over all four conditions (page and ticket
share one alert name, and promtool compares every alert of that name), and a scenario
whose outcome depends on an error ratio within 3% of some threshold is left out, so no
test rests on how rate() extrapolates at a window's edge. A firing scenario is, where a
history of up to a day allows it, one in which no other condition of the alert burns, so
that it fires because of the tested threshold; a silent one has enough traffic for the
guard, so that it stays silent because of the threshold.

Cost: promtool evaluates every loaded rule at every evaluation step of a test's history.
Every history is the shortest that gives the outcome, in whole `_GRID_MINUTES`, and every
evaluation time is its end: the burn-rate alerts have no `for` and read only recording
rules evaluated at the same step (rule_tests.py orders the groups), so a test file of these
tests is evaluated every `_GRID_MINUTES` (render/rule_tests.py, `evaluation_step`), not
every minute. Input samples stay a minute apart, which the 5m window needs.
"""

from __future__ import annotations

import math
import re
from typing import Any

from monitoring_codegen.model.durations import parse_duration
from monitoring_codegen.slo.rules import SLORules

# Every history and evaluation time is a multiple of this; promtool evaluates the rules of
# an SLO test file once per grid step (see the module doc).
_GRID_MINUTES = 30
_MARGIN_MINUTES = 10
_TRAFFIC = 1000  # events per minute
_ABOVE, _BELOW, _GUARDED = 1.05, 0.95, 1.5
# A firing scenario looks this far for a history in which no other condition burns.
_PURE_FIRING_MINUTES = 24 * 60
# Label values tried for regex and negative matchers, in order.
_CANDIDATES = ("500", "200", "503", "429", "error", "success", "ok", "failure", "timeout", "5xx", "2xx", "x")


def evaluation_step(test) -> int:
    """Seconds between rule evaluations a generated SLO test needs: any step that lands on
    its evaluation times, as the alerts have no `for` and the records it checks are of a
    steady error ratio (the largest such step: their greatest common divisor)."""
    return math.gcd(*(round(parse_duration(at)) for at in test.at))


def generated_tests(model) -> set[int]:
    """ids of the tests mcg generated for the model's SLOs (what `evaluation_step` is for)."""
    return {id(test) for slo in model.slos for group in slo.rule_groups for rule in group.rules for test in rule.tests}


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

    def test(name: str, found: tuple[int, int, dict], traffic: float, ratio: float, fires: bool):
        errors_for, history, outcome = found
        # promtool compares every alert of the name: the other severity's, when it shares it, too.
        firing = [
            Firing({**expected, "sloth_severity": fired})
            for fired in ("page", "ticket")
            if _fires(outcome, fired) and (fired == severity or _same_name(rules))
        ]
        return AlertTest(
            name=name,
            series=_notation(series, history, errors_for, traffic, ratio, step),
            interval=f"{step}m",
            at=[f"{history}m"],
            fires=firing,
        )

    tests = []
    for key in (f"{severity}_quick", f"{severity}_slow"):
        pair = pairs[key]
        factor = pair.factor(rules.period)
        what = f"{pair.budget_percent:g}% of the budget in {pair.long} ({pair.short}/{pair.long})"
        for multiple, traffic in _scenarios(rules, key):
            ratio = multiple * factor * budget
            if ratio >= 1:
                continue  # an objective so low that the threshold is unreachable
            found = _scenario(rules, key, ratio, traffic, multiple)
            if found is None:
                continue
            fires = multiple == _ABOVE
            guard = " on too little traffic" if multiple == _GUARDED else ""
            name = (
                f"{severity}: error ratio {multiple:g}x burn rate {factor:g}{guard} "
                f"({what}) {'fires' if fires else 'stays silent'}"
            )
            tests.append(test(name, found, traffic, ratio, fires))
    # Below every threshold, the other alert's too: nothing of that name fires. The 0.95x
    # scenario of the lowest threshold is that test when its errors fill the whole history:
    # then only the other severity (whose tests all expect the lowest one firing) needs it.
    lowest_key = min(pairs, key=lambda k: pairs[k].factor(rules.period))
    lowest = pairs[lowest_key].factor(rules.period)
    ratio = _BELOW * lowest * budget
    traffic = _busy(rules, lowest_key)
    below = _scenario(rules, lowest_key, ratio, traffic, _BELOW) if lowest_key.startswith(severity) else None
    if below is not None and below[0] == below[1] and not any(_fires(below[2], s) for s in ("page", "ticket")):
        return tests
    found = _scenario(rules, lowest_key, ratio, traffic, _BELOW, whole=True)
    if found is not None and not any(_fires(found[2], s) for s in ("page", "ticket")):
        tests.append(
            test(
                f"{severity}: error ratio {_BELOW:g}x the lowest burn rate {lowest:g} stays silent",
                found,
                traffic,
                ratio,
                False,
            )
        )
    return tests


def _busy(rules: SLORules, key: str) -> float:
    """Events per minute that pass the traffic guard of condition `key` with room to spare."""
    if rules.min_events is None:
        return _TRAFFIC
    return max(_TRAFFIC, 2 * rules.min_events[1] / _minutes(rules.windows.pairs()[key].long))


def _scenarios(rules: SLORules, key: str) -> list[tuple[float, float]]:
    """(multiple of the threshold, events per minute) of condition `key`'s scenarios."""
    busy = _busy(rules, key)
    scenarios = [(_ABOVE, busy), (_BELOW, busy)]
    if rules.min_events is not None:
        long = _minutes(rules.windows.pairs()[key].long)
        scenarios.append((_GUARDED, rules.min_events[1] / long / 2))
    return scenarios


def _scenario(
    rules: SLORules, key: str, ratio: float, traffic: float, multiple: float, whole: bool = False
) -> tuple[int, int, dict] | None:
    """(minutes of errors, minutes of history, outcome) of the shortest history, in whole
    `_GRID_MINUTES` up to the longest window and an hour, in which condition `key` does what the scenario is about:
    above, it fires (because of `key` alone when some history allows); below, it stays silent
    on traffic the guard lets through; guarded, it burns but the guard holds it back. None
    when no history does. Errors come during the last `long + 10m` (`whole`: the whole
    history), which both of `key`'s windows then see whole. Staying silent below the ticket's
    2h/1d threshold needs the 3d window to see two quiet days, so the longest histories are
    a little over three days (at 30m steps, 150 evaluations)."""
    budget = rules.error_budget_ratio()
    longest = max(_minutes(pair.long) for pair in rules.windows.pairs().values())
    severity = key.split("_")[0]
    long = _minutes(rules.windows.pairs()[key].long)
    fires = multiple == _ABOVE
    shared = None
    for history in range(_GRID_MINUTES, longest + 2 * _GRID_MINUTES + 1, _GRID_MINUTES):
        if shared is not None and history > _PURE_FIRING_MINUTES:
            break
        errors = history if whole else min(long + _MARGIN_MINUTES, history)
        outcome = _outcome(rules, budget, ratio, errors, history, traffic)
        if outcome is None or _fires(outcome, severity) != fires:
            continue
        burning, enough = outcome[key]
        if multiple == _GUARDED and not (burning and not enough):
            continue
        if multiple == _BELOW and not enough:
            continue
        if fires:
            if not (burning and enough):
                continue
            others = [k for k in outcome if k != key and k.startswith(severity) and all(outcome[k])]
            if others:
                shared = shared or (errors, history, outcome)
                continue
        return errors, history, outcome
    return shared


def _fires(outcome: dict, severity: str) -> bool:
    return any(burning and enough for key, (burning, enough) in outcome.items() if key.startswith(severity))


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


def _conditions(rules: SLORules) -> list[tuple[str, float, int, int]]:
    """(condition, threshold error ratio, short and long window in minutes) of each condition,
    worked out once per SLO (the scenario search asks for them thousands of times)."""
    table = getattr(rules, "_test_conditions", None)
    if table is None:
        budget = rules.error_budget_ratio()
        table = [
            (key, pair.factor(rules.period) * budget, _minutes(pair.short), _minutes(pair.long))
            for key, pair in rules.windows.pairs().items()
        ]
        rules._test_conditions = table  # type: ignore[attr-defined]
    return table


def _outcome(
    rules: SLORules, budget: float, ratio: float, errors_for: int, history: int, traffic: float
) -> dict | None:
    """condition -> (both windows over its threshold, enough events for its guard), for
    errors at `ratio` during the last `errors_for` of `history` minutes (a window longer
    than the history sees the history: both counters start at 0, so rate() does not
    extrapolate); None when a window's ratio is within 3% of its threshold or the events
    within 10% of the guard's minimum."""
    out = {}
    minimum = rules.min_events[1] if rules.min_events is not None else None
    for key, threshold, short, long in _conditions(rules):
        burning = True
        for window in (short, long):
            seen_for = min(window, history)
            seen = ratio * min(errors_for, seen_for) / seen_for
            if abs(seen - threshold) < 0.03 * threshold:
                return None
            burning = burning and seen > threshold
        enough = True
        if minimum is not None:
            events = traffic * min(long, history)
            if abs(events - minimum) < 0.1 * minimum:
                return None
            enough = events >= minimum
        out[key] = (burning, enough)
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
    key = sli.model_dump_json()  # SLIs are frozen: the same text is the same SLI
    found = _INPUT_SERIES.get(key, _MISSING)
    if found is _MISSING:
        found = _input_series(sli)
        if len(_INPUT_SERIES) < 100_000:
            _INPUT_SERIES[key] = found
    return None if found is None else list(found)


_INPUT_SERIES: dict[str, Any] = {}
_MISSING = object()


def _input_series(sli) -> list[tuple[str, str]] | None:
    from monitoring_codegen.model.slo import EventsSLI, LatencySLI, RatioSLI, parse_selector
    from monitoring_codegen.promql.buckets import le_spellings

    if isinstance(sli, EventsSLI):
        sli = events_as_ratio(sli)
    if isinstance(sli, RatioSLI):
        total = parse_selector(sli.total, "total")
        if sli.errors is not None:
            part, role, rest = parse_selector(sli.errors, "errors"), "errors", "good"
        else:
            assert sli.good is not None  # RatioSLI has errors= or good=
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


def events_as_ratio(sli):
    """An events SLI that is `sum(rate(errors[w])) / sum(rate(total[w]))` of plain selectors (as
    sloth's examples are), as the RatioSLI it is, so mcg can write its input series; else None."""
    from monitoring_codegen.model.slo import RatioSLI, _selector_text, fill_window
    from monitoring_codegen.promql.ast import Aggregate, Call, Selector, convert
    from monitoring_codegen.promql.parse import parse_expr

    def selector(query: str) -> str | None:
        try:
            node = convert(parse_expr(fill_window(query, "5m")))
        except (ValueError, TypeError):
            return None
        if not (isinstance(node, Aggregate) and node.op == "sum" and not node.by and not node.without):
            return None
        call = node.expr
        if not (isinstance(call, Call) and call.func == "rate" and len(call.args) == 1):
            return None
        inner = call.args[0]
        if not isinstance(inner, Selector) or not inner.name or inner.offset or inner.at or inner.or_groups:
            return None
        return _selector_text(inner.name, inner.label_matchers())

    errors, total = selector(sli.error_query()), selector(sli.total_query())
    if errors is None or total is None:
        return None
    try:
        return RatioSLI(errors=errors, total=total)
    except ValueError:
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
    """One RecordTest of an SLO recording rule: a steady error ratio for an hour, which every
    window (the period's too) sees whole, and the budget numbers derived from it."""
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
    # Two grid steps: the period's ratio (the mean of the 5m ratio over the evaluations) then
    # averages two recorded samples, so a missing division by their count shows.
    history = 2 * _GRID_MINUTES
    return [
        RecordTest(
            name=f"a steady {_RECORD_RATIO:.0%} error ratio",
            series=_notation(series, history, history, _TRAFFIC, _RECORD_RATIO, 1),
            at=[f"{history}m"],
            expect=[Sample(labels, value)],
        )
    ]


def _prom(duration: str) -> str:
    from monitoring_codegen.slo.windows import prometheus_duration

    return prometheus_duration(parse_duration(duration))


# How far from a level the budget-left tests put the budget left (a share of the budget).
_BUDGET_MARGIN = 0.02


def budget_tests(slo, rules: SLORules, rule: dict[str, Any]) -> list:
    """AlertTests of one level of the error budget policy: the budget left just below the level
    (its alert fires) and just above it (its alert stays silent; the next higher level's fires
    when there is one). A steady error ratio from the start spends `ratio / budget` of the
    budget: what the period's mean error ratio is while the history is shorter than the period."""
    from monitoring_codegen.model.rule_tests import AlertTest, Firing
    from monitoring_codegen.slo.rules import BUDGET_LEVEL_LABEL, BudgetMeta

    series = input_series(slo.sli)
    policy = rules.budget
    if series is None or policy is None:
        return []
    budget = rules.error_budget_ratio()
    bands = policy.bands()
    level = next(lvl for lvl, _ in bands if policy.level_name(lvl) == rule["labels"][BUDGET_LEVEL_LABEL])
    expected = {**rules.id_labels(), **rules.labels}
    history = 2 * _GRID_MINUTES
    tests = []
    for side, remaining in (("just below", level - _BUDGET_MARGIN), ("just above", level + _BUDGET_MARGIN)):
        ratio = budget * (1 - remaining)
        if not 0 < ratio < 1:
            continue  # an objective so low that this budget left cannot be reached
        fired = (
            BudgetMeta.level_name(fired_level)
            if (fired_level := BudgetMeta.band_of(remaining, bands)) is not None
            else None
        )
        firing = [Firing({**expected, BUDGET_LEVEL_LABEL: fired})] if fired is not None else []
        what = "0 (exhausted)" if level == 0 else f"{level:.0%}"
        outcome = f"fires {fired}" if fired is not None else "stays silent"
        tests.append(
            AlertTest(
                name=f"budget left {remaining:.0%}, {side} {what}: {outcome}",
                series=_notation(series, history, history, _TRAFFIC, ratio, 1),
                at=[f"{history}m"],
                fires=firing,
            )
        )
    return tests
