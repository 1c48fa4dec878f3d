"""Which labels an expression's result can carry: the basis of "the rule never produces that label"."""

from __future__ import annotations

import pytest

from monitoring_codegen.promql.labels_legacy import output_labels, selected_names

SERIES = {
    "req_total": frozenset({"job", "instance", "route", "status"}),
    "lat_bucket": frozenset({"job", "instance", "route", "le"}),
    "limits": frozenset({"job", "instance", "route", "team"}),
}


def labels(expr):
    result = output_labels(expr, SERIES.get)
    return None if result is None else sorted(result)


@pytest.mark.parametrize("expr, expected", [
    ("req_total", ["instance", "job", "route", "status"]),
    ("sum(rate(req_total[5m]))", []),
    ("sum by (route) (rate(req_total[5m])) > 0.1", ["route"]),
    ("sum without (instance) (req_total)", ["job", "route", "status"]),
    ("topk(3, req_total)", ["instance", "job", "route", "status"]),
    ("histogram_quantile(0.9, sum by (le, route) (rate(lat_bucket[5m])))", ["route"]),
    ('label_replace(sum by (route) (req_total), "path", "$1", "route", "(.*)")', ["path", "route"]),
    ('absent(req_total{job="api", route=~"/x.*"})', ["job"]),
    ("sum by (route) (req_total) / on (route) group_left (team) limits", ["route", "team"]),
    ("req_total / on (route, job) limits", ["job", "route"]),
    ("req_total / ignoring (status) limits", ["instance", "job", "route"]),
    ("sum by (route) (req_total) or sum by (job) (req_total)", ["job", "route"]),
    ("sum by (route) (req_total) unless sum by (job) (req_total)", ["route"]),
    ("vector(1)", []),
    ("2 * sum by (status) (req_total)", ["status"]),
    ('count_values("value", req_total)', ["value"]),
    ("unknown_metric", None),
    ("sum by (route) (unknown_metric)", ["route"]),
    ("some_function_mcg_does_not_know(req_total)", None),
])
def test_output_labels(expr, expected):
    assert labels(expr) == expected


def test_selected_names():
    assert selected_names('sum(rate(a_total[5m])) / on() group_left count({__name__="b"}) + vector(1)') == {"a_total", "b"}
