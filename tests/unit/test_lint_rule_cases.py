"""Cases beyond each rule's documented examples: the edges where a wrong implementation shows."""

from __future__ import annotations

import json

import pytest

from monitoring_codegen.lint.examples import lint_example
from monitoring_codegen.lint.registry import find_rule


def alert_file(expr: str, annotations: str = "") -> str:
    text = (
        "groups:\n  - name: g\n    rules:\n      - alert: A\n"
        f"        expr: {json.dumps(expr)}\n        for: 5m\n        labels: {{severity: warning}}\n"
    )
    return text + (f"        annotations: {annotations}\n" if annotations else "")


def flagged(rule_id: str, text: str) -> list[str]:
    rule = find_rule(rule_id)
    return [f.message for f in lint_example(rule, text) if f.rule == rule_id]


@pytest.mark.parametrize(
    "rule_id, expr, expected",
    [
        # self-ratio: only when the filtered label survives on both sides and in the matching.
        (
            "PQL010",
            'rate(http_requests_total{status_code="500"}[5m]) / ignoring (status_code) rate(http_requests_total[5m])',
            0,
        ),
        (
            "PQL010",
            'sum by (status_code) (rate(http_requests_total{status_code="500"}[5m])) / sum by (status_code) (rate(http_requests_total[5m]))',
            1,
        ),
        (
            "PQL010",
            'sum by (route) (rate(http_requests_total{status_code="500"}[5m])) / on (route) sum by (route, status_code) (rate(http_requests_total[5m]))',
            0,
        ),
        ("PQL010", "rate(http_requests_total[5m]) / rate(http_requests_total[5m])", 1),
        ("PQL010", 'rate(unknown_total{code="5xx"}[5m]) / rate(unknown_total[5m])', 1),
        (
            "PQL010",
            'rate(http_requests_total{status_code="500"}[5m]) / rate(http_requests_total{status_code="200"}[5m])',
            0,
        ),
        # vector matching: different label sets with no on/ignoring never match.
        (
            "PQL011",
            "sum by (route) (rate(http_requests_total[5m])) / sum by (route) (rate(http_requests_total[5m]))",
            0,
        ),
        (
            "PQL011",
            "sum by (route) (rate(http_requests_total[5m])) / on (route) sum by (route, method) (rate(http_requests_total[5m]))",
            0,
        ),
        (
            "PQL011",
            "sum by (route) (rate(http_requests_total[5m])) or sum by (method) (rate(http_requests_total[5m]))",
            0,
        ),
        (
            "PQL011",
            "sum by (route) (rate(http_requests_total[5m])) and sum by (method) (rate(http_requests_total[5m]))",
            1,
        ),
        ("PQL011", "sum(rate(http_requests_total[5m])) / sum by (route) (rate(unknown_total[5m]))", 1),
        ("PQL011", "rate(http_requests_total[5m]) / rate(unknown_total[5m])", 0),
        # unknown labels in groupings and vector matching, not only in matchers.
        ("PQL004", "sum by (queue) (rate(http_requests_total[5m])) > 1", 1),
        ("PQL004", "sum without (queue) (rate(http_requests_total[5m])) > 1", 1),
        (
            "PQL004",
            "sum by (route) (rate(http_requests_total[5m])) / on (queue) sum by (route) (rate(http_requests_total[5m]))",
            1,
        ),
        ("PQL004", 'rate(http_requests_total{route=""}[5m]) > 1', 0),
        ("PQL004", 'rate(unknown_total{whatever="x"}[5m]) > 1', 0),
        # histogram_quantile
        ("PQL009", "histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m])) > 1", 0),
        ("PQL009", "histogram_quantile(0.9, sum(rate(http_request_duration_seconds_bucket[5m]))) > 1", 1),
        ("PQL009", "histogram_quantile(0.9, sum by (le) (http_request_duration_seconds_bucket)) > 1", 1),
        ("PQL009", "histogram_quantile(0.9, sum by (le) (rate(agent_queue_depth[5m]))) > 1", 1),
        ("PQL009", "histogram_quantile(0.9, sum by (le) (rate(native_histogram[5m]))) > 1", 0),
        # rate before aggregation, and records aggregating counters
        ("PQL008", "rate(sum(http_requests_total)[5m:]) > 1", 1),
        ("PQL008", "sum(rate(http_requests_total[5m])) > 1", 0),
        # counters
        ("PQL007", "http_requests_total > 0", 0),
        ("PQL007", "http_requests_total > 10", 1),
        ("PQL007", "http_requests_total - http_requests_total offset 1h > 10", 0),
        ("PQL007", "pg_stat_activity_count > 10", 0),
        ("PQL007", "x_count > 10 and rate(x_count[5m]) > 0", 1),
        ("PQL007", "(disk_bytes_total - disk_bytes_used) / disk_bytes_total < 0.1", 0),
        ("PQL005", "increase(process_resident_memory_bytes[1h]) > 1e9", 1),
        ("PQL005", "rate(unknown_gauge[5m]) > 1", 0),
        ("PQL006", "predict_linear(agent_queue_depth[1h], 3600) > 100", 0),
        ("PQL006", "deriv(http_requests_total[10m]) > 1", 1),
        # comparisons
        ("ALR001", 'absent(up{job="api"})', 0),
        ("ALR001", "up unless on () vector(1)", 0),
        ("ALR001", "up == bool 0", 1),
        ("ALR001", "vector(1)", 0),
        # ranges
        ("PQL012", "rate(http_requests_total[1m]) > 1", 0),
        ("PQL012", "rate(http_requests_total[59s]) > 1", 1),
        ("PQL012", "max_over_time(rate(http_requests_total[5m])[30m:15s]) > 1", 0),
        # regexes
        ("PQL013", 'rate(http_requests_total{route=~"/api/v1"}[5m]) > 1', 1),
        ("PQL013", 'rate(http_requests_total{route=~"/api/.*"}[5m]) > 1', 0),
        ("PQL013", 'rate(http_requests_total{route=~"$route"}[5m]) > 1', 0),
        # high cardinality
        ("PQL014", "topk by (route) (5, rate(http_requests_total[5m])) > 1", 0),
        ("PQL014", "sum by (user_email) (rate(http_requests_total[5m])) > 1", 1),
        ("PQL014", "sum by (email) (rate(http_requests_total[5m])) > 1", 1),
        ("PQL014", "sum by (request_path) (rate(http_requests_total[5m])) > 1", 1),
        ("PQL014", "sum by (route, method) (rate(http_requests_total[5m])) > 1", 0),
        ("PQL014", "sum by (session_id) (rate(http_requests_total[5m])) > 1", 1),
    ],
)
def test_rule_on_expression(rule_id, expr, expected):
    assert len(flagged(rule_id, alert_file(expr))) == expected


@pytest.mark.parametrize(
    "expr, annotations, expected",
    [
        ("sum by (route) (rate(http_requests_total[5m])) > 1", '{summary: "{{ $labels.route }}"}', 0),
        ("sum by (route) (rate(http_requests_total[5m])) > 1", '{summary: "{{ .Labels.method }}"}', 1),
        ("sum by (route) (rate(http_requests_total[5m])) > 1", "{summary: '{{ index $labels \"job\" }}'}", 1),
        ("rate(http_requests_total[5m]) > 1", '{summary: "{{ $labels.method }} {{ $labels.instance }}"}', 0),
        (
            'label_replace(sum by (route) (rate(http_requests_total[5m])), "path", "$1", "route", "(.*)") > 1',
            '{summary: "{{ $labels.path }}"}',
            0,
        ),
        ("sum by (route) (rate(unknown_total[5m])) > 1", '{summary: "{{ $labels.instance }}"}', 1),
        ("rate(unknown_total[5m]) > 1", '{summary: "{{ $labels.instance }}"}', 0),
    ],
)
def test_template_labels(expr, annotations, expected):
    assert len(flagged("ALR005", alert_file(expr, annotations))) == expected


def dashboard(panels, variables=()):
    return json.dumps({"title": "D", "templating": {"list": list(variables)}, "panels": panels})


def test_panels_inside_rows_count():
    nested = {
        "id": 2,
        "type": "row",
        "title": "R",
        "collapsed": True,
        "gridPos": {"x": 0, "y": 8, "w": 24, "h": 1},
        "panels": [
            {"id": 1, "type": "singlestat", "title": "S", "gridPos": {"x": 0, "y": 9, "w": 6, "h": 4}},
            {"id": 3, "type": "text", "title": "T", "gridPos": {"x": 3, "y": 9, "w": 6, "h": 4}},
        ],
    }
    top = {"id": 1, "type": "text", "title": "Top", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8}}
    text = dashboard([top, nested])
    assert len(flagged("DSH004", text)) == 1  # id 1 twice, one inside the collapsed row
    assert len(flagged("DSH003", text)) == 1  # singlestat inside the row
    # The collapsed row's panels overlap each other, not the visible ones.
    assert [m for m in flagged("DSH005", text)] == [m for m in flagged("DSH005", text) if "'S'" in m]
    assert len(flagged("DSH005", text)) == 1


def test_variables_used_by_other_variables_repeats_and_datasources():
    variables = [
        {"name": "datasource", "type": "datasource", "query": "prometheus"},
        {"name": "cluster", "type": "query", "query": "label_values(up, cluster)"},
        {"name": "namespace", "type": "query", "query": 'label_values(up{cluster="$cluster"}, namespace)'},
        {"name": "pod", "type": "query", "query": "label_values(up, pod)"},
        {"name": "filters", "type": "adhoc"},
        {"name": "unused", "type": "custom", "query": "a,b"},
    ]
    panels = [
        {
            "id": 1,
            "type": "text",
            "title": "t",
            "repeat": "pod",
            "datasource": {"uid": "${datasource}"},
            "targets": [{"expr": 'up{namespace=~"$namespace"}'}],
        }
    ]
    messages = flagged("DSH001", dashboard(panels, variables))
    assert messages == ["variable $unused is declared but no query, title or other variable uses it"]


def test_undeclared_variables_ignore_builtins_and_regex_groups():
    panels = [
        {
            "id": 1,
            "type": "timeseries",
            "title": "t",
            "targets": [
                {"expr": 'label_replace(rate(up[$__rate_interval]), "a", "$1", "b", "(.*)") + $__interval_ms * 0'},
                {"expr": 'up{job="$job", x="[[x]]"}'},
            ],
        }
    ]
    messages = flagged("DSH002", dashboard(panels))
    assert sorted(messages) == [
        "query uses $job, which the dashboard does not declare",
        "query uses $x, which the dashboard does not declare",
    ]


def test_fixed_rate_range_ignores_variables_and_increase():
    panels = [
        {
            "id": 1,
            "type": "timeseries",
            "title": "t",
            "targets": [
                {"expr": "sum(rate(http_requests_total[$interval]))"},
                {"expr": "sum(increase(http_requests_total[1h]))"},
                {"expr": "sum(irate(http_requests_total[2m]))"},
            ],
        }
    ]
    variables = [{"name": "interval", "type": "interval", "query": "1m,5m"}]
    assert flagged("DSH006", dashboard(panels, variables)) == [
        "irate(http_requests_total[2m]) uses a fixed range: use [$__rate_interval]"
    ]


def test_loki_targets_are_not_parsed_as_promql():
    from monitoring_codegen.lint.inputs.dashboard_files import load_dashboard_file

    panels = [
        {
            "id": 1,
            "type": "logs",
            "title": "t",
            "datasource": {"type": "loki", "uid": "loki"},
            "targets": [{"expr": '{app="x"} |= "error"'}],
        },
        {"id": 2, "type": "timeseries", "title": "p", "targets": [{"expr": "sum(rate(x[5m]) "}]},
    ]
    board = load_dashboard_file(dashboard(panels), "d.json")
    assert [q.text for q in board.queries()] == ["sum(rate(x[5m]) "]
    assert board.queries()[0].error is not None


# --- rules/record-reads-itself and rules/labels-never-match -----------------------------------


def _records_file(*rules: tuple[str, str, dict]) -> str:
    lines = ["groups:", "  - name: g", "    rules:"]
    for kind, name_expr, labels in rules:
        name, expr = name_expr.split("=", 1)
        lines += [f"      - {kind}: {name}", f"        expr: {json.dumps(expr)}"]
        if kind == "alert":
            lines += ["        for: 5m", "        labels: {severity: warning}"]
        if labels:
            lines.append(f"        labels: {json.dumps(labels)}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "rules, expected",
    [
        # a cycle through two records: both are reported, each naming the other
        ((("record", "a:x:sum=b:x:sum + 1", {}), ("record", "b:x:sum=a:x:sum * 2", {})), 2),
        # one name, two label sets: the record of id="b" reads the one of id="a", not itself
        (
            (
                ("record", "a:x:sum=sum(rate(http_requests_total[5m]))", {"id": "a"}),
                ("record", 'a:x:sum=a:x:sum{id="a"} * 2', {"id": "b"}),
            ),
            0,
        ),
        # ... but a selector without the label reads both, its own rule too
        (
            (
                ("record", "a:x:sum=sum(rate(http_requests_total[5m]))", {"id": "a"}),
                ("record", "a:x:sum=a:x:sum * 2", {"id": "b"}),
            ),
            1,
        ),
        ((("record", "a:x:sum=sum(rate(http_requests_total[5m]))", {}),), 0),
    ],
)
def test_record_reads_itself_follows_chains_and_labels(rules, expected):
    messages = flagged("RUL007", _records_file(*rules))
    assert len(messages) == expected, messages
    if expected == 2:
        assert "through b:x:sum" in messages[0] and "through a:x:sum" in messages[1]


@pytest.mark.parametrize(
    "expr, expected",
    [
        ('up{job="a"} > up{job="b"}', 1),
        ('up{job="a"} > ignoring(job) up{job="b"}', 0),
        ('up{job="a"} > on(instance) up{job="b"}', 0),
        ('up{job="a"} > on(job) up{job="b"}', 1),
        ('up{job="a"} > on(job) up', 0),
        # on() a label one side has fixed and the other surely lacks
        ('sum by (job) (up{job="a"}) > on(job) sum(up)', 1),
        ('up{job="a"} or up{job="b"}', 0),
        ('up{job="a"} > 1', 0),
        ('sum by (instance) (up{job="a"}) > sum by (instance) (up{job="b"})', 0),
    ],
)
def test_labels_never_match_on_fixed_values(expr, expected):
    assert len(flagged("RUL006", alert_file(expr))) == expected, expr


def test_labels_never_match_reads_static_labels_of_records():
    records = (
        ("record", "job:v:current=sum by (job) (rate(http_requests_total[5m]))", {"anomaly_name": "a"}),
        ("record", "job:v:upper=job:v:current * 2", {"anomaly_name": "b"}),
    )
    bad = _records_file(*records, ("alert", "Above=job:v:current > job:v:upper", {}))
    assert flagged("RUL006", bad)
    good = _records_file(*records, ("alert", "Above=job:v:current > ignoring(anomaly_name) job:v:upper", {}))
    assert not flagged("RUL006", good)
