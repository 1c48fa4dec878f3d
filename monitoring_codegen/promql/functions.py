"""PromQL functions: what each one does with counters and labels, and which Prometheus versions have it.

The one home of these tables: label inference (labels.py), the counter/gauge checks and
promql/function-version all read them here (ast.py re-exports the first four).
"""

from __future__ import annotations

from typing import NamedTuple

# Functions whose first (range-vector) argument must be a counter to make sense.
COUNTER_FUNCTIONS = frozenset({"rate", "irate", "increase", "resets"})
# Functions that assume a gauge: on a counter they measure resets, not change.
GAUGE_FUNCTIONS = frozenset(
    {"delta", "idelta", "deriv", "predict_linear", "holt_winters", "double_exponential_smoothing"}
)
# Functions that keep the labels of their vector argument.
LABEL_KEEPING_FUNCTIONS = frozenset(
    {
        "abs",
        "ceil",
        "floor",
        "round",
        "exp",
        "ln",
        "log2",
        "log10",
        "sqrt",
        "sgn",
        "clamp",
        "clamp_max",
        "clamp_min",
        "sort",
        "sort_desc",
        "sort_by_label",
        "sort_by_label_desc",
        "timestamp",
        "acos",
        "acosh",
        "asin",
        "asinh",
        "atan",
        "atanh",
        "cos",
        "cosh",
        "sin",
        "sinh",
        "tan",
        "tanh",
        "deg",
        "rad",
        "day_of_month",
        "day_of_week",
        "day_of_year",
        "days_in_month",
        "hour",
        "minute",
        "month",
        "year",
        "histogram_count",
        "histogram_sum",
        "histogram_avg",
        "histogram_stddev",
        "histogram_stdvar",
        "histogram_fraction",
        "info",
    }
)
# Functions over a range vector whose output keeps the input labels (minus the metric name).
RANGE_FUNCTIONS = frozenset(
    {
        "rate",
        "irate",
        "increase",
        "delta",
        "idelta",
        "deriv",
        "predict_linear",
        "resets",
        "changes",
        "avg_over_time",
        "min_over_time",
        "max_over_time",
        "sum_over_time",
        "count_over_time",
        "quantile_over_time",
        "stddev_over_time",
        "stdvar_over_time",
        "last_over_time",
        "present_over_time",
        "mad_over_time",
        "holt_winters",
        "double_exponential_smoothing",
        "ts_of_max_over_time",
        "ts_of_min_over_time",
        "ts_of_last_over_time",
        "first_over_time",
        "ts_of_first_over_time",
    }
)

Version = tuple[int, int]


class Availability(NamedTuple):
    """The Prometheus versions that have a function (or aggregation)."""

    # The first version that has it; None: every version mcg targets.
    since: Version | None
    # The first version that no longer has it (it has it up to the release before); None: still there.
    until: Version | None
    # Why, or what to use instead: shown with a finding.
    note: str


EXPERIMENTAL = "experimental: needs --enable-feature=promql-experimental-functions"

# Functions and aggregations that some Prometheus versions lack; every other one is in every
# version mcg targets. promql-parser knows every one of them, so without this table a rule using
# a function its server lacks would pass the linter and fail to load ("unknown function"). The
# "since" versions are the releases that introduced them; where unsure, the earlier candidate,
# so a valid rule is never refused.
AVAILABILITY: dict[str, Availability] = {
    "holt_winters": Availability(None, (3, 0), "renamed double_exponential_smoothing in Prometheus 3.0"),
    "double_exponential_smoothing": Availability(
        (3, 0), None, "called holt_winters before Prometheus 3.0; " + EXPERIMENTAL
    ),
    "histogram_stddev": Availability((2, 44), None, "native histogram function"),
    "histogram_stdvar": Availability((2, 44), None, "native histogram function"),
    "sort_by_label": Availability((2, 49), None, EXPERIMENTAL),
    "sort_by_label_desc": Availability((2, 49), None, EXPERIMENTAL),
    "mad_over_time": Availability((2, 49), None, EXPERIMENTAL),
    "histogram_avg": Availability((2, 50), None, "native histogram function"),
    "limitk": Availability((2, 54), None, EXPERIMENTAL),
    "limit_ratio": Availability((2, 54), None, EXPERIMENTAL),
    "info": Availability((3, 0), None, EXPERIMENTAL),
    "ts_of_max_over_time": Availability((3, 5), None, EXPERIMENTAL),
    "ts_of_min_over_time": Availability((3, 5), None, EXPERIMENTAL),
    "ts_of_last_over_time": Availability((3, 5), None, EXPERIMENTAL),
    "first_over_time": Availability((3, 7), None, EXPERIMENTAL),
    "ts_of_first_over_time": Availability((3, 7), None, EXPERIMENTAL),
}
