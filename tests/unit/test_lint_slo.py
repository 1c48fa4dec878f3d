"""The slo/ lint checks on SLO definitions and on sloth / OpenSLO spec files."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitoring_codegen import SLO, Metric
from monitoring_codegen.lint.engine import run
from monitoring_codegen.lint.inputs.slo_specs import load_slo_spec, looks_like_slo_spec
from monitoring_codegen.lint.inputs.sources import input_for_model, input_for_paths
from monitoring_codegen.lint.settings import load_settings
from monitoring_codegen.model.project import build_model
from monitoring_codegen.model.registry import collecting
from monitoring_codegen.promql.catalog import SeriesCatalog

SLOTH = Path(__file__).resolve().parents[1] / "corpus" / "sloth"


def _lint_definitions(make):
    with collecting() as collected:
        Metric(name="http_requests_total", type="counter", help="Requests.", labels=("status_code",))
        Metric(name="queue_depth", type="gauge", help="Jobs waiting.")
        Metric(
            name="request_duration_seconds", type="histogram", help="Latency.", labels=("route",), buckets=(1, 2.5, 5)
        )
        make()
    model = build_model(Path.cwd(), None, collected)
    findings = run(input_for_model(model), load_settings({}))
    return [(f.rule, f.object, f.message) for f in findings if f.rule.startswith("SLO")]


def test_definitions_gauge_ratio_threshold_objective_and_untested():
    def make():
        SLO(
            service="jobs", name="queue", objective=99, sli=SLO.ratio(errors="queue_depth", total="http_requests_total")
        )
        SLO(
            service="api",
            name="latency",
            objective=0.99,
            sli=SLO.latency(histogram="request_duration_seconds", threshold=2),
            tests=False,
        )
        SLO(
            service="api",
            name="fine",
            objective=99.9,
            sli=SLO.ratio(errors='http_requests_total{status_code="500"}', total="http_requests_total"),
        )

    found = _lint_definitions(make)
    rules = sorted((rule, obj) for rule, obj, _ in found)
    assert rules == [
        ("SLO001", "SLO jobs-queue"),
        ("SLO002", "SLO api-latency"),
        ("SLO003", "SLO api-latency"),
        ("SLO004", "SLO api-latency"),
        ("SLO004", "SLO jobs-queue"),  # two metrics: mcg cannot tell which total series hold the errors
    ]
    messages = {rule: message for rule, obj, message in found if obj != "SLO jobs-queue" or rule != "SLO004"}
    assert "queue_depth, a gauge" in messages["SLO001"]
    assert "write 99" in messages["SLO002"]
    assert "nearest: 1, 2.5" in messages["SLO003"]
    assert "tests=False" in messages["SLO004"]


def test_lint_ignore_on_the_slo():
    def make():
        SLO(
            service="api",
            name="raw",
            objective=99,
            sli=SLO.raw("1 - avg_over_time(queue_depth[{{ window }}])"),
            lint_ignore={"SLO001": "queue depth is the SLI we agreed on", "SLO004": "tested by hand"},
        )

    assert _lint_definitions(make) == []


SPEC = """\
version: prometheus/v1
service: api
slos:
  - name: ok
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{status_code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting: {name: A}
  - name: all-buckets
    objective: 100
    sli:
      events:
        error_query: sum(rate(request_duration_seconds_bucket[{{.window}}]))
        total_query: sum(rate(request_duration_seconds_count[{{.window}}]))
    alerting: {name: B}
---
apiVersion: openslo/v1alpha
kind: SLO
metadata: {name: lat}
spec:
  service: api
  objectives:
    - ratioMetrics:
        good: {source: prometheus, queryType: promql, query: 'sum(rate(request_duration_seconds_bucket{le="2"}[{{.window}}]))'}
        total: {source: prometheus, queryType: promql, query: 'sum(rate(request_duration_seconds_count[{{.window}}]))'}
      target: 0.99
"""


def test_spec_files_report_at_each_slos_line(tmp_path):
    from monitoring_codegen.promql.catalog import catalog_from_specs

    spec = tmp_path / "slos.yml"
    spec.write_text(SPEC)
    catalog = catalog_from_specs(
        [
            {"name": "http_requests_total", "type": "counter", "labels": ["status_code"]},
            {"name": "request_duration_seconds", "type": "histogram", "buckets": [1, 2.5, 5]},
        ]
    )
    inputs = input_for_paths([str(tmp_path)], catalog, None)
    assert [(s.object, s.line) for s in inputs.slos] == [
        ("SLO api-ok", 4),
        ("SLO api-all-buckets", 11),
        ("SLO api-lat-0", 25),
    ]
    found = sorted((f.rule, f.line) for f in run(inputs, load_settings({})) if f.rule.startswith("SLO"))
    # all-buckets: objective 100, every bucket summed, untestable; lat-0: le="2" between 1 and 2.5.
    assert found == [("SLO001", 11), ("SLO002", 11), ("SLO003", 25), ("SLO004", 11)]


def test_spec_detection_is_sloths():
    assert looks_like_slo_spec('version: "prometheus/v1"\nservice: x\n')
    assert looks_like_slo_spec("apiVersion: openslo/v1alpha\nkind: SLO\n")
    assert not looks_like_slo_spec("groups: []\n# version: prometheus/v1\n")


@pytest.mark.parametrize("example", ["getting-started", "kubernetes-apiserver", "openslo-getting-started"])
def test_sloths_examples_read_without_sli_problems(example):
    slos = load_slo_spec((SLOTH / f"{example}.yml").read_text(), "x.yml")
    assert slos and all(s.sli is not None for s in slos)
    findings = run(input_for_paths([str(SLOTH / f"{example}.yml")], SeriesCatalog(), None), load_settings({}))
    assert {f.rule for f in findings if f.rule.startswith("SLO")} <= {"SLO004"}
