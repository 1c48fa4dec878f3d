"""The naming conventions `promtool check metrics` applies to exposed metrics.

promtool runs client_golang's promlint on exposition text. Each function here is one of its
checks, on a catalog metric's name, type and label names, and returns the problems in
promtool's own words, so a catalog entry and the series the application exposes are judged
alike. The catalog's lint rules (lint/rules/catalog/) report them; the model refuses the
counter `_total` cases outright.

One difference on purpose: promlint looks for units in an unordered map and reports the first
unit it meets, so `x_hours_seconds` passes or fails from run to run. Here every unit word is
judged, in the order of the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The unit words promlint knows, each with its base unit (client_golang promlint `units`).
UNITS = {
    # Base units.
    "amperes": "amperes",
    "bytes": "bytes",
    "celsius": "celsius",
    "grams": "grams",
    "joules": "joules",
    "kelvin": "kelvin",
    "meters": "meters",
    "metres": "metres",
    "seconds": "seconds",
    "volts": "volts",
    # Not base units.
    "minutes": "seconds",
    "hours": "seconds",
    "days": "seconds",
    "weeks": "seconds",
    "kelvins": "kelvin",
    "fahrenheit": "celsius",
    "rankine": "celsius",
    "inches": "meters",
    "yards": "meters",
    "miles": "meters",
    "bits": "bytes",
    "calories": "joules",
    "pounds": "grams",
    "ounces": "grams",
}
UNIT_PREFIXES = (
    "pico",
    "nano",
    "micro",
    "milli",
    "centi",
    "deci",
    "deca",
    "hecto",
    "kilo",
    "kibi",
    "mega",
    "mibi",
    "giga",
    "gibi",
    "tera",
    "tebi",
    "peta",
    "pebi",
)
UNIT_ABBREVIATIONS = ("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d")
# The metric types promlint finds in names ("gauge_histogram" is an OpenMetrics type).
TYPE_NAMES = ("counter", "gauge", "summary", "histogram", "gauge_histogram")
_CAMEL_CASE = re.compile(r"[a-z][A-Z]")

# Every unit word with a prefix ("milliseconds") -> (unit as written, base unit).
_UNIT_WORDS = {prefix + unit: (prefix + unit, base) for unit, base in UNITS.items() for prefix in ("", *UNIT_PREFIXES)}


def counter_suffix(name: str, type_: str) -> list[str]:
    if type_ == "counter" and not name.endswith("_total"):
        return ['counter metrics should have "_total" suffix']
    if type_ != "counter" and name.endswith("_total"):
        return ['non-counter metrics should not have "_total" suffix']
    return []


def reserved_suffixes(name: str, type_: str) -> list[str]:
    """`_bucket` belongs to histograms, `_count` and `_sum` to histograms and summaries."""
    problems = []
    if type_ != "histogram" and name.endswith("_bucket"):
        problems.append('non-histogram metrics should not have "_bucket" suffix')
    if type_ not in ("histogram", "summary"):
        for suffix in ("_count", "_sum"):
            if name.endswith(suffix):
                problems.append(f'non-histogram and non-summary metrics should not have "{suffix}" suffix')
    return problems


def reserved_labels(type_: str, labels: Iterable[str]) -> list[str]:
    """`le` belongs to histogram buckets, `quantile` to summary quantiles."""
    problems = []
    if type_ != "histogram" and "le" in labels:
        problems.append('non-histogram metrics should not have "le" label')
    if type_ != "summary" and "quantile" in labels:
        problems.append('non-summary metrics should not have "quantile" label')
    return problems


def non_base_units(name: str) -> list[str]:
    """Unit words that are not base units (`milliseconds`, `kilobytes`, `hours`)."""
    problems = []
    for word in name.split("_"):
        unit = _UNIT_WORDS.get(word)
        if unit is not None and unit[0] != unit[1]:
            problems.append(f'use base unit "{unit[1]}" instead of "{unit[0]}"')
    return list(dict.fromkeys(problems))


def base_unit_of(problem: str) -> str:
    """The base unit a non_base_units problem asks for."""
    return problem.split('"')[1]


def abbreviated_units(name: str) -> list[str]:
    return ["metric names should not contain abbreviated units"] if abbreviations_in(name) else []


def abbreviations_in(name: str) -> list[str]:
    """Abbreviated units as words of the name (`_ms`, `_kb`, `_s_`), case-insensitively."""
    words = name.lower().split("_")[1:]  # promlint looks for "_" + abbreviation: never the first word
    return [abbreviation for abbreviation in UNIT_ABBREVIATIONS if abbreviation in words]


def type_in_name(name: str) -> list[str]:
    lowered = name.lower()
    return [
        f"metric name should not include type '{type_name}'"
        for type_name in TYPE_NAMES
        if f"_{type_name}_" in lowered or lowered.endswith(f"_{type_name}")
    ]


def colons(name: str) -> list[str]:
    return ["metric names should not contain ':'"] if ":" in name else []


def camel_case(name: str, labels: Iterable[str]) -> list[str]:
    problems = []
    if _CAMEL_CASE.search(name):
        problems.append("metric names should be written in 'snake_case' not 'camelCase'")
    if any(_CAMEL_CASE.search(label) for label in labels):
        problems.append("label names should be written in 'snake_case' not 'camelCase'")
    return problems


def snake_case(name: str) -> str:
    """`agentActiveCount` -> `agent_active_count`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


# Not a promlint check: Prometheus' naming documentation lists `ratio` (0 to 1) as the base unit of shares.
PERCENT_WORDS = ("percent", "percentage", "percents", "pct")


def percent_words(name: str) -> list[str]:
    """Words of the name that say percent (case-insensitively)."""
    return [word for word in name.split("_") if word.lower() in PERCENT_WORDS]
