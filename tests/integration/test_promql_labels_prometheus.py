"""promql/labels.py against the real Prometheus engine.

Every expression below is evaluated by the installed `promtool test rules` over synthetic
series of a small catalog: one test file, one promtool run, every `promql_expr_test`
deliberately failing (its expected sample never exists) so that promtool prints what the
engine actually returned. For each expression, the union of the label names of the
returned series (the metric name excluded) must be what `result_labels` infers offline,
and the result must not be empty (an empty result would prove nothing).

Every input series carries every label of its metric, so "labels a result series may
carry" and "labels the returned series carry" are the same set here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from monitoring_codegen.promql import functions
from monitoring_codegen.promql.catalog import catalog_from_specs
from monitoring_codegen.promql.labels import result_labels

PROMTOOL = shutil.which("promtool")

# job and instance come with every catalog metric (target labels), as in tests/test_promql_labels.py.
CATALOG = catalog_from_specs(
    [
        {"name": "req_total", "type": "counter", "labels": ["route", "status"]},
        {"name": "lat", "type": "histogram", "labels": ["route"]},
        {"name": "limits", "type": "gauge", "labels": ["route", "team"]},
        {"name": "job_last_success_timestamp_seconds", "type": "gauge", "labels": ["task"]},
    ]
)

# Every catalog series with all of its labels, one sample a minute for an hour.
INPUT_SERIES = [
    ('req_total{route="/a", status="200", job="api", instance="i1"}', "0+10x60"),
    ('req_total{route="/a", status="500", job="api", instance="i1"}', "0+1x60"),
    ('req_total{route="/b", status="200", job="web", instance="i2"}', "0+5x60"),
    ('lat_bucket{route="/a", le="0.1", job="api", instance="i1"}', "0+1x60"),
    ('lat_bucket{route="/a", le="1", job="api", instance="i1"}', "0+3x60"),
    ('lat_bucket{route="/a", le="+Inf", job="api", instance="i1"}', "0+4x60"),
    ('lat_bucket{route="/b", le="0.1", job="web", instance="i2"}', "0+2x60"),
    ('lat_bucket{route="/b", le="1", job="web", instance="i2"}', "0+2x60"),
    ('lat_bucket{route="/b", le="+Inf", job="web", instance="i2"}', "0+5x60"),
    ('lat_sum{route="/a", job="api", instance="i1"}', "0+2x60"),
    ('lat_sum{route="/b", job="web", instance="i2"}', "0+3x60"),
    ('lat_count{route="/a", job="api", instance="i1"}', "0+4x60"),
    ('lat_count{route="/b", job="web", instance="i2"}', "0+5x60"),
    ('limits{route="/a", team="t1", job="cfg", instance="c1"}', "1+1x60"),
    ('limits{route="/b", team="t2", job="cfg", instance="c1"}', "2+0x60"),
    ('job_last_success_timestamp_seconds{task="backup", job="cron", instance="c1"}', "1700000000+60x60"),
    ('job_last_success_timestamp_seconds{task="report", job="cron", instance="c1"}', "1700003600+0x60"),
]
EVAL_TIME = "30m"

EXPRESSIONS = [
    # selectors, offset, @, unary minus
    "req_total",
    'req_total{status="200"}',
    "req_total offset 5m",
    "req_total @ 600",
    "rate(req_total[5m] offset 1m)",
    "-req_total",
    "lat_bucket",
    # aggregations with by/without
    "sum(req_total)",
    "sum by (route) (req_total)",
    "sum(req_total) by (route, status)",
    "sum without (instance) (req_total)",
    "sum by () (req_total)",
    "sum by (zz) (req_total)",
    "sum by (zz, route) (req_total)",
    "avg by (job) (req_total)",
    "min without (status) (req_total)",
    "max by (route, job) (limits)",
    "count by (status) (req_total)",
    "count without (route, status, job, instance) (req_total)",
    "group by (route) (req_total)",
    "group without (le) (lat_bucket)",
    "stddev by (route) (req_total)",
    "stdvar without (instance, job) (req_total)",
    "quantile(0.5, req_total)",
    "quantile by (route) (0.9, req_total)",
    "quantile without (status) (0.9, req_total)",
    "topk(1, req_total)",
    "topk by (route) (1, req_total)",
    "topk without (status) (1, req_total)",
    "bottomk(2, sum by (route) (req_total))",
    "bottomk by (job) (1, req_total)",
    'count_values("value", req_total)',
    'count_values by (route) ("value", req_total)',
    'count_values without (instance) ("value", req_total)',
    'count_values("route", req_total)',
    'count_values without (v) ("v", req_total)',
    'count_values by (route) ("route", req_total)',
    "sum by (__name__) (req_total)",
    "topk(1, req_total) by (route)",
    # one-to-one matching: on/ignoring, arithmetic and comparisons (filtering and bool)
    'req_total{status="200"} / on (route) limits',
    'req_total{status="200"} >= on (route, __name__) req_total{status="200"}',
    "sum(req_total) / on () sum(limits)",
    'req_total{status="200"} / on (route, zz) limits',
    'req_total{status="500"} / ignoring (status) req_total{status="200"}',
    "sum by (route, status) (req_total) / ignoring (status) group_left sum by (route) (limits)",
    "req_total > req_total - 1",
    "req_total >= bool req_total",
    'req_total{status="200"} > on (route) limits',
    'req_total{status="200"} > bool on (route) limits',
    'req_total{status="200"} < ignoring (status, team, job, instance) limits * 1000',
    "sum by (route) (req_total) / sum by (route) (limits)",
    "sum by (route) (req_total) / on () group_left sum(limits)",
    # many-to-one and one-to-many, with and without copied labels
    "sum by (route) (req_total) / on (route) group_left (team) limits",
    "req_total / on (route) group_left (team) limits",
    "req_total / on (route) group_left sum by (route) (limits)",
    "req_total / on (route) group_left (team, zz) limits",
    'req_total{status="200"} * on (route) group_left (status) sum by (route) (limits)',
    "req_total > on (route) group_left limits",
    "limits * on (route) group_right (team) req_total",
    "sum by (route) (limits) * on (route) group_right req_total",
    'sum by (route) (limits) * on (route) group_right (status) req_total{status="200"}',
    "limits * ignoring (team, job, instance, status) group_right (team) req_total",
    "vector(1) + on () group_right sum by (route) (req_total)",
    # set operators
    "req_total and req_total > 50",
    "sum by (route) (req_total) and on (route) limits",
    "req_total and on () vector(1)",
    "sum by (route) (req_total) or sum by (job) (req_total)",
    'sum by (route) (req_total{route="/a"}) or on (route) limits',
    "req_total or limits",
    "sum by (route) (req_total) unless sum by (job) (req_total)",
    'req_total unless on (route) limits{route="/a"}',
    # label_replace / label_join
    'label_replace(sum by (route) (req_total), "path", "$1", "route", "(.*)")',
    'label_replace(req_total, "route", "x", "route", ".*")',
    'label_replace(req_total, "route", "", "route", ".*")',
    'label_replace(req_total, "route", "", "status", "500")',
    'label_replace(req_total, "dst", "$1x", "route", "(.*)")',
    'label_replace(req_total, "dst", "${1}x", "route", "(.*)")',
    'label_replace(req_total, "dst", "$2", "route", "(.*)")',
    'label_replace(req_total, "dst", "$r", "route", "(?P<r>.*)")',
    'label_replace(req_total, "dst", "$$", "route", "/a")',
    'label_replace(req_total, "dst", "$1-$2", "zz", "(a)?(b)?")',
    'label_replace(req_total, "dst", "$1$2", "zz", "(a)?(b)?")',
    'label_replace(limits, "team", "", "zz", "")',
    'label_replace(req_total, "dst", "$1", "zz", "(.*)")',
    'label_replace(req_total, "dst", "fixed", "zz", "")',
    'label_replace(req_total, "dst", "fixed", "zz", ".+")',
    'label_replace(req_total, "dst", "$1", "__name__", "(.*)")',
    'label_replace(req_total, "__name__", "renamed", "route", ".*")',
    'label_join(req_total, "dst", "-", "route", "status")',
    'label_join(req_total, "dst", "-", "zz")',
    'label_join(req_total, "dst", "-", "zz", "yy")',
    'label_join(req_total, "route", "-")',
    'label_join(req_total, "dst", "", "zz", "route")',
    'label_join(req_total, "__name__", "-", "route")',
    'label_join(sum by (route) (req_total), "dst", "", "zz", "yy")',
    # absent / absent_over_time
    'absent(req_total{job="nope"})',
    'absent(req_total{job="nope", route=~"/x.*"})',
    'absent(req_total{job=~"nope"})',
    'absent(req_total{job="nope", job!="x"})',
    'absent(req_total{job="a", job="b"})',
    'absent(req_total{job=""})',
    'absent(req_total{job="", job="x"})',
    'absent(req_total{job="x", job=""})',
    'absent(req_total{job="x", job="x"})',
    'absent(req_total{job!="a", job="x"})',
    'absent(req_total{job="", route="r"})',
    'absent(nonexistent_metric{job=""})',
    'absent(nonexistent_metric{job="x", team="y"})',
    'absent((req_total{job="nope"}))',
    'absent(req_total{job="nope"} offset 5m)',
    "absent(sum(nonexistent_metric))",
    'absent(rate(req_total{job="nope"}[5m]))',
    'absent_over_time(req_total{job="nope"}[5m])',
    'absent_over_time(req_total{job="nope", route=~"/a"}[5m])',
    'absent_over_time(req_total{job=~"nope", status="1"}[5m])',
    # histogram_quantile
    "histogram_quantile(0.9, sum by (le, route) (rate(lat_bucket[5m])))",
    "histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])))",
    "histogram_quantile(0.9, rate(lat_bucket[5m]))",
    "histogram_quantile(0.5, sum without (instance) (rate(lat_bucket[5m])))",
    # date functions, with and without argument
    "day_of_month(job_last_success_timestamp_seconds)",
    "day_of_month(job_last_success_timestamp_seconds) > 0",
    "day_of_week(job_last_success_timestamp_seconds)",
    "day_of_year(job_last_success_timestamp_seconds)",
    "days_in_month(job_last_success_timestamp_seconds)",
    "hour(job_last_success_timestamp_seconds)",
    "minute(timestamp(req_total))",
    "month(job_last_success_timestamp_seconds)",
    "year(job_last_success_timestamp_seconds)",
    "hour()",
    "day_of_month()",
    "year()",
    # scalar / vector / time
    "scalar(sum(req_total))",
    "vector(1)",
    "vector(scalar(sum(req_total)))",
    "time()",
    "pi()",
    "1 + 2",
    "time() - timestamp(req_total)",
    "scalar(sum(limits)) * req_total",
    "req_total - time()",
    "time() > bool 5",
    # range functions
    "rate(req_total[5m])",
    "irate(req_total[5m])",
    "increase(req_total[10m])",
    "resets(req_total[10m])",
    "changes(limits[10m])",
    "delta(limits[10m])",
    "idelta(limits[10m])",
    "deriv(limits[10m])",
    "predict_linear(limits[10m], 3600)",
    "holt_winters(limits[10m], 0.5, 0.5)",
    "avg_over_time(limits[5m])",
    "min_over_time(limits[5m])",
    "max_over_time(limits[5m])",
    "sum_over_time(limits[5m])",
    "count_over_time(req_total[5m])",
    "quantile_over_time(0.9, limits[5m])",
    "stddev_over_time(limits[5m])",
    "stdvar_over_time(limits[5m])",
    "last_over_time(limits[5m])",
    "present_over_time(limits[5m])",
    # value functions
    "abs(limits)",
    "ceil(limits)",
    "floor(limits)",
    "round(limits)",
    "round(limits, 0.5)",
    "clamp(limits, 0, 10)",
    "clamp_min(limits, 1)",
    "clamp_max(limits, 1)",
    "exp(limits)",
    "ln(limits)",
    "log2(limits)",
    "log10(limits)",
    "sqrt(limits)",
    "sgn(limits)",
    "sin(limits)",
    "atan(limits)",
    "acos(limits / 100)",
    "acosh(limits)",
    "asin(limits / 100)",
    "asinh(limits)",
    "atanh(limits / 100)",
    "cos(limits)",
    "cosh(limits)",
    "sinh(limits)",
    "tan(limits)",
    "tanh(limits)",
    "deg(limits)",
    "rad(limits)",
    "sort(sum by (route) (req_total))",
    "sort_desc(req_total)",
    "timestamp(req_total)",
    "timestamp(sum by (route) (req_total))",
    # subqueries
    "max_over_time(rate(req_total[5m])[10m:1m])",
    "max_over_time(sum by (route) (rate(req_total[5m]))[10m:1m] offset 1m)",
    "rate(sum by (route) (req_total)[10m:1m])",
    "avg_over_time(histogram_quantile(0.9, sum by (le, route) (rate(lat_bucket[5m])))[10m:])",
    # scalar-vector arithmetic and comparisons
    "2 * sum by (status) (req_total)",
    "req_total * 2",
    "req_total > 1",
    "1 < req_total",
    "req_total > bool 1",
    "sum by (route) (req_total) / 60 > 0",
    "(req_total + 1) / 2",
]


def _input_yaml() -> str:
    return "\n".join(
        f"      - series: {json.dumps(series)}\n        values: {json.dumps(values)}" for series, values in INPUT_SERIES
    )


def _tests_yaml(expressions: list[str]) -> str:
    # exp_samples names a series no expression returns: every test fails and promtool prints its result.
    return "\n".join(
        f"      - expr: {json.dumps(expr)}\n        eval_time: {EVAL_TIME}\n"
        f"        exp_samples:\n          - labels: '{{__mcg_never__=\"1\"}}'\n            value: 0"
        for expr in expressions
    )


_HEADER_RE = re.compile(r'^    expr: (".*"), time: [^,]*,(?: err: (.*))?$')
_SERIES_RE = re.compile(r'\{((?:[^"}]|"(?:\\.|[^"\\])*")*)\} (\S+)(?:, |$)')
_LABEL_RE = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)="(?:\\.|[^"\\])*"(?:, |$)')


def _label_names(text: str) -> frozenset[str]:
    names = []
    pos = 0
    while pos < len(text):
        match = _LABEL_RE.match(text, pos)
        assert match, f"unparseable labels from promtool: {text!r}"
        names.append(match.group(1))
        pos = match.end()
    return frozenset(names)


def parse_promtool_output(output: str) -> dict[str, list[frozenset[str]] | str]:
    """expr -> the label-name sets of the series promtool got, or its error message."""
    results: dict[str, list[frozenset[str]] | str] = {}
    lines = output.splitlines()
    for index, line in enumerate(lines):
        header = _HEADER_RE.match(line)
        if not header:
            continue
        expr = json.loads(header.group(1))  # Go's %q of printable ASCII reads as JSON
        if header.group(2) is not None:
            results[expr] = header.group(2)
            continue
        got = lines[index + 2]
        assert got.startswith("        got: "), f"unexpected promtool output after {line!r}: {got!r}"
        text = got[len("        got: ") :]
        if text == "nil":
            results[expr] = []
            continue
        series = []
        pos = 0
        while pos < len(text):
            match = _SERIES_RE.match(text, pos)
            assert match, f"unparseable series from promtool at {text[pos:]!r}"
            series.append(_label_names(match.group(1)) - {"__name__"})
            pos = match.end()
        results[expr] = series
    return results


def evaluate(expressions: list[str], workdir: Path) -> dict[str, list[frozenset[str]] | str]:
    """Each expression's result from the real engine, in one promtool run."""
    test_file = workdir / "labels_test.yml"
    test_file.write_text(
        textwrap.dedent("""\
        rule_files: []
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
        """)
        + _input_yaml()
        + "\n    promql_expr_test:\n"
        + _tests_yaml(expressions)
        + "\n"
    )
    assert PROMTOOL is not None
    proc = subprocess.run(
        [PROMTOOL, "test", "rules", test_file.name],
        cwd=workdir,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"every promql_expr_test is meant to fail:\n{output}"
    results = parse_promtool_output(output)
    missing = [expr for expr in expressions if expr not in results]
    assert not missing, f"promtool said nothing about {missing}:\n{output[:3000]}"
    return results


@pytest.fixture(scope="module")
def engine_results(tmp_path_factory):
    if PROMTOOL is None:
        pytest.skip("promtool is not installed")
    return evaluate(EXPRESSIONS, tmp_path_factory.mktemp("promtool"))


def test_expressions_are_distinct():
    assert len(set(EXPRESSIONS)) == len(EXPRESSIONS) >= 60


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_inferred_labels_match_the_engine(expr, engine_results):
    got = engine_results[expr]
    assert not isinstance(got, str), f"Prometheus refused {expr!r}: {got}"
    assert got, f"{expr!r} returned nothing over the test series: the comparison would prove nothing"
    engine = sorted(frozenset().union(*got))
    inferred = result_labels(expr, CATALOG)
    assert not inferred.open, f"{expr!r}: labels.py cannot tell offline"
    assert inferred.names() == engine, f"{expr!r}: labels.py says {inferred.names()}, Prometheus returns {engine}"


def _promtool_version() -> tuple[int, int]:
    out = subprocess.run([PROMTOOL, "--version"], capture_output=True, text=True, timeout=30, check=False).stdout
    match = re.search(r"version (\d+)\.(\d+)", out)
    assert match, f"no version in {out!r}"
    return int(match.group(1)), int(match.group(2))


def test_function_table_matches_the_installed_prometheus(tmp_path):
    """promql/functions.py against the installed Prometheus: a function the tables name parses
    there exactly when AVAILABILITY says that version has it. Arity is not the point: only
    "unknown function" errors count."""
    if PROMTOOL is None:
        pytest.skip("promtool is not installed")
    version = _promtool_version()
    names = sorted(
        functions.COUNTER_FUNCTIONS
        | functions.GAUGE_FUNCTIONS
        | functions.LABEL_KEEPING_FUNCTIONS
        | functions.RANGE_FUNCTIONS
        | set(functions.AVAILABILITY)
    )
    rules = "\n".join(f"      - record: r{i}\n        expr: {json.dumps(f'{name}(x)')}" for i, name in enumerate(names))
    (tmp_path / "rules.yml").write_text(f"groups:\n  - name: functions\n    rules:\n{rules}\n")
    proc = subprocess.run(
        [PROMTOOL, "check", "rules", "rules.yml"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    unknown = set(re.findall(r'unknown function with name "(\w+)"', proc.stdout + proc.stderr))
    for name in names:
        entry = functions.AVAILABILITY.get(name)
        expected = entry is None or (
            (entry.since is None or version >= entry.since) and (entry.until is None or version < entry.until)
        )
        assert (name not in unknown) == expected, (
            f"{name}: Prometheus {version[0]}.{version[1]} {'lacks' if name in unknown else 'has'} it, "
            f"promql/functions.py says otherwise"
        )
