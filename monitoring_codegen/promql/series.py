"""The series a catalog metric produces once scraped: names, value kinds and label names.

A histogram `x` is scraped as `x_bucket` (with `le`), `x_sum` and `x_count`; a summary as
`x` (with `quantile`), `x_sum` and `x_count`. Every scraped series also carries the
target labels Prometheus adds. The model's Metric and the linter's catalog both ask here.
"""

from __future__ import annotations

from collections.abc import Iterable

# Labels every scraped series carries, added by Prometheus' target labels.
TARGET_LABELS = ("job", "instance")


def metric_series(name: str, type_: str, labels: Iterable[str]) -> dict[str, tuple[str, frozenset[str]]]:
    """Series name -> (value kind: "counter", "gauge" or "summary", label names)."""
    base = frozenset(labels) | frozenset(TARGET_LABELS)
    if type_ == "histogram":
        return {
            f"{name}_bucket": ("counter", base | {"le"}),
            f"{name}_sum": ("counter", base),
            f"{name}_count": ("counter", base),
        }
    if type_ == "summary":
        return {
            name: ("summary", base | {"quantile"}),
            f"{name}_sum": ("counter", base),
            f"{name}_count": ("counter", base),
        }
    return {name: ("counter" if type_ == "counter" else "gauge", base)}
