"""Which labels an expression's result can carry: the basis of "the rule never produces that label"."""

from __future__ import annotations

import pytest

from monitoring_codegen.promql.catalog import catalog_from_specs
from monitoring_codegen.promql.dependencies import expr_names as selected_names
from monitoring_codegen.promql.labels import result_labels

# job and instance come with every catalog metric (target labels).
CATALOG = catalog_from_specs(
    [
        {"name": "req_total", "type": "counter", "labels": ["route", "status"]},
        {"name": "lat", "type": "histogram", "labels": ["route"]},
        {"name": "limits", "type": "gauge", "labels": ["route", "team"]},
        {"name": "job_last_success_timestamp_seconds", "type": "gauge", "labels": ["task"]},
    ]
)


def labels(expr):
    return result_labels(expr, CATALOG).names()


@pytest.mark.parametrize(
    "expr, expected",
    [
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
        # The two copies of label inference disagreed on these (issue 9); one answer now.
        ("day_of_month(job_last_success_timestamp_seconds) == 1", ["instance", "job", "task"]),
        ("day_of_month()", []),
        ("sum by (zz) (req_total)", []),
        ("sum by (zz, route) (req_total)", ["route"]),
        ("histogram_avg(rate(lat_bucket[5m]))", ["instance", "job", "le", "route"]),
        ("topk by (route) (3, req_total)", ["instance", "job", "route", "status"]),
        ("absent(sum(req_total))", []),
        ('sort_by_label(req_total, "route")', ["instance", "job", "route", "status"]),
        # Found by tests/integration/test_promql_labels_prometheus.py against Prometheus 2.42.
        ('count_values without (v) ("v", req_total)', ["instance", "job", "route", "status"]),
        ('absent(req_total{job="nope", job!="x"})', []),
        ('absent(req_total{job!="x", job="nope"})', ["job"]),
        ('absent(req_total{job="", route="r"})', ["route"]),
        ('absent(nonexistent{job=""})', []),
        ('label_replace(req_total, "route", "", "route", ".*")', ["instance", "job", "status"]),
        ('label_replace(req_total, "route", "", "status", "500")', ["instance", "job", "route", "status"]),
        ('label_replace(req_total, "dst", "$1", "zz", "(.*)")', ["instance", "job", "route", "status"]),
        ('label_replace(req_total, "dst", "x", "zz", "")', ["dst", "instance", "job", "route", "status"]),
        ('label_replace(req_total, "dst", "x", "zz", ".+")', ["instance", "job", "route", "status"]),
        ('label_replace(req_total, "dst", "$1x", "route", "(.*)")', ["instance", "job", "route", "status"]),
        ('label_replace(req_total, "dst", "${1}x", "route", "(.*)")', ["dst", "instance", "job", "route", "status"]),
        ('label_replace(req_total, "dst", "$2", "route", "(.*)")', ["instance", "job", "route", "status"]),
        ('label_replace(req_total, "__name__", "x", "route", ".*")', ["instance", "job", "route", "status"]),
        ('label_join(req_total, "dst", "-", "zz")', ["instance", "job", "route", "status"]),
        ('label_join(req_total, "route", "-")', ["instance", "job", "status"]),
        ('label_join(req_total, "dst", "-", "zz", "yy")', ["dst", "instance", "job", "route", "status"]),
        ('label_join(req_total, "dst", "", "zz", "yy")', ["instance", "job", "route", "status"]),
        # Grafana variables in a dashboard's strings may become anything: never "not produced".
        ('label_replace(req_total, "dst", "$env", "route", ".*")', ["dst", "instance", "job", "route", "status"]),
        ('label_replace(req_total, "dst", "$1", "$src", "(.*)")', ["dst", "instance", "job", "route", "status"]),
        ('label_join(req_total, "dst", "-", "${src}")', ["dst", "instance", "job", "route", "status"]),
    ],
)
def test_output_labels(expr, expected):
    assert labels(expr) == expected


def test_selected_names():
    assert selected_names('sum(rate(a_total[5m])) / on() group_left count({__name__="b"}) + vector(1)') == {
        "a_total",
        "b",
    }


@pytest.mark.parametrize(
    "expr, surely_has, maybe",
    [
        # A metric outside the catalog carries at least the labels its matchers refuse to miss.
        ('unknown_metric{job="a"}', {"job"}, True),
        ('unknown_metric{job=""}', set(), True),
        ('unknown_metric{job!="a"}', set(), True),
        ('unknown_metric{job!=""}', {"job"}, True),
        ('unknown_metric{job=~".*"}', set(), True),
        ('unknown_metric{job=~".+"}', {"job"}, True),
        ('unknown_metric{job=~"a|"}', set(), True),
        ('unknown_metric{job!~".*"}', {"job"}, True),
        ('unknown_metric{job=~"$job"}', set(), True),
    ],
)
def test_open_selector_labels_are_the_required_ones(expr, surely_has, maybe):
    from monitoring_codegen.promql.catalog import SeriesCatalog
    from monitoring_codegen.promql.labels import result_labels

    found = result_labels(expr, SeriesCatalog())
    assert set(found.known) == surely_has and found.open is maybe


@pytest.mark.parametrize(
    "expr, label, has",
    [
        ("sum without (rcode) (rate(unknown_total[5m]))", "rcode", False),
        ("sum without (rcode) (rate(unknown_total[5m]))", "job", True),
        ("histogram_quantile(0.9, rate(unknown_bucket[5m]))", "le", False),
        ("rate(a_total[5m]) / ignoring (code) rate(b_total[5m])", "code", False),
        ("sum without (x) (a_total) or sum without (x) (b_total)", "x", False),
        ("sum without (x) (a_total) or b_total", "x", True),
        ('sum without (x) (a_total) or sum by (y) (b_total{x="1"})', "x", False),
    ],
)
def test_labels_an_open_set_surely_lacks(expr, label, has):
    from monitoring_codegen.promql.catalog import SeriesCatalog
    from monitoring_codegen.promql.labels import result_labels

    assert result_labels(expr, SeriesCatalog()).has(label) is has
