"""`mcg import`: kinds told from content, the code it writes, the inferred catalog, refusals.

The whole-corpus round trip is tests/integration/test_import_roundtrip.py."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import run_mcg, snapshot, write_project

from monitoring_codegen.importer.catalog import UsageCollector

DATASOURCES = {
    "datasources.py": """
        from monitoring_codegen import Datasource
        PROM = Datasource(name="Prometheus", type="prometheus", uid="prom", url="http://127.0.0.1:9090", is_default=True)
    """
}

EXPORTED_DASHBOARD = {
    "__inputs": [
        {"name": "DS_PROMETHEUS", "type": "datasource", "pluginId": "prometheus", "label": "Prometheus"},
        {"name": "DS_LOKI", "type": "datasource", "pluginId": "loki", "label": "Loki"},
        {"name": "VAR_JOB", "type": "constant", "value": "api-server"},
    ],
    "__requires": [{"type": "grafana", "id": "grafana", "version": "10.0.0"}],
    "title": "Exported",
    "uid": "exported",
    "schemaVersion": 38,
    "panels": [
        {
            "type": "timeseries",
            "title": "Requests",
            "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
            "datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
            "targets": [
                {
                    "datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
                    "expr": 'sum by (route) (rate(http_requests_total{job="${VAR_JOB}"}[$__rate_interval]))',
                    "legendFormat": "{{route}}",
                    "refId": "A",
                }
            ],
            "fieldConfig": {"defaults": {"unit": "reqps"}, "overrides": []},
        },
        {
            "type": "logs",
            "title": "Logs",
            "gridPos": {"h": 8, "w": 12, "x": 12, "y": 0},
            "datasource": {"type": "loki", "uid": "${DS_LOKI}"},
            "targets": [{"expr": '{job="api"}', "refId": "A"}],
        },
        {
            "type": "graph",
            "title": "Latency",
            "gridPos": {"h": 8, "w": 24, "x": 0, "y": 8},
            "targets": [
                {
                    "expr": "histogram_quantile(0.99,\n  sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
                    "refId": "A",
                }
            ],
        },
    ],
    "templating": {
        "list": [
            {
                "name": "instance",
                "type": "query",
                "datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
                "query": {
                    "query": "label_values(up, instance)",
                    "refId": "PrometheusVariableQueryEditor-VariableQuery",
                },
                "refresh": 2,
            }
        ]
    },
}

RULES = """\
groups:
  - name: EmbeddedExporter
    interval: 1m
    rules:
      - alert: QueueBacklog
        expr: |
          sum by (queue) (jobs_waiting)
            > 100
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: "Queue {{ $labels.queue }} is backed up"
      - alert: QueueBacklog
        expr: |
          sum by (queue) (jobs_waiting)
            > 100
        for: 5m
        labels:
          severity: warning
        annotations:
          summary: "Queue {{ $labels.queue }} is backed up"
      - record: queue:jobs_done:rate5m
        expr: sum by (queue) (rate(jobs_done_total[5m]))
"""

PROMETHEUS_RULE = """\
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: first
spec:
  groups:
    - name: EmbeddedExporter
      rules:
        - alert: WorkerDown
          expr: up{job="worker"} == 0
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
data: {}
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: second
spec:
  groups:
    - name: second-group
      rules:
        - record: job:rpc_latency_seconds:p99
          expr: histogram_quantile(0.99, sum by (job, le) (rate(rpc_latency_seconds_bucket[5m])))
"""

MIMIR_NAMESPACE = """\
namespace: tenant-a
groups:
  - name: EmbeddedExporter
    source_tenants: [a, b]
    rules:
      - alert: SlowRequests
        expr: rpc_duration_seconds{quantile="0.9"} > 1
"""


def _project(tmp_path, inputs: dict[str, str | bytes]):
    root = write_project(tmp_path / "proj", DATASOURCES)
    for name, content in inputs.items():
        path = root / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def test_import_of_every_kind_builds_and_keeps_groups_apart(tmp_path):
    root = _project(
        tmp_path,
        {
            "exported.json": json.dumps(EXPORTED_DASHBOARD),
            "api.json": json.dumps({"dashboard": {**EXPORTED_DASHBOARD, "uid": "wrapped", "__inputs": []}, "meta": {}}),
            "queue.rules.yml": RULES,
            "manifest.yaml": PROMETHEUS_RULE,
            "tenant-a.yaml": MIMIR_NAMESPACE,
        },
    )
    result = run_mcg("import", "in", cwd=root)
    assert result.returncode == 0, result.stderr
    imported = root / "definitions/imported"
    assert sorted(p.name for p in imported.glob("*.py")) == [
        "__init__.py",
        "api.py",
        "catalog.py",
        "exported.py",
        "manifest.py",
        "queue_rules.py",
        "tenant_a.py",
    ]
    # What could not be mapped is named with its file and place.
    assert "in/tenant-a.yaml: group 'EmbeddedExporter' (line 3): `source_tenants` is not imported" in result.stdout
    assert "in/exported.json: panels[1] ('Logs').datasource: datasource input ${DS_LOKI} (loki)" in result.stdout
    assert (
        "in/exported.json: title: 'Exported' is the title of another dashboard in 'Imported': renamed 'Exported (2)'"
        in (result.stdout)
    )

    build = run_mcg("build", cwd=root)
    assert build.returncode == 0, build.stderr
    rules = root / "out/prometheus/rules"
    # Three files each have a group `EmbeddedExporter`: three files, three groups.
    assert sorted(p.name for p in rules.glob("*.yaml")) == ["manifest.yaml", "queue-rules.yaml", "tenant-a.yaml"]
    queue = (rules / "queue-rules.yaml").read_text()
    assert queue.count("alert: QueueBacklog") == 2  # the exact repeat is kept, as Prometheus keeps it
    assert "interval: 1m" in queue

    board = json.loads((root / "out/grafana/dashboards/Imported/exported.json").read_text())
    requests, logs, latency = board["panels"]
    # ${DS_PROMETHEUS} became the project's Prometheus, the constant input its value.
    # (or the datasource variable mcg's renderer gives dashboards that have none of their own)
    assert requests["datasource"] in (
        {"type": "prometheus", "uid": "prom"},
        {"type": "prometheus", "uid": "${datasource}"},
    )
    assert requests["targets"][0]["expr"] == (
        'sum by (route) (rate(http_requests_total{job="api-server"}[$__rate_interval]))'
    )
    assert logs["datasource"] == {"type": "loki", "uid": "${DS_LOKI}"}
    assert latency["type"] == "timeseries"  # graph, converted by the renderer
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["instance"]["query"] == "label_values(up, instance)"
    # The Prometheus the panels use is the dashboard's datasource variable, first in the list.
    assert [v["name"] for v in board["templating"]["list"]] == ["datasource", "instance"]
    assert (root / "out/grafana/dashboards/Imported/wrapped.json").exists()


def test_generated_code_reads_like_the_project(tmp_path):
    root = _project(tmp_path, {"exported.json": json.dumps(EXPORTED_DASHBOARD), "queue.yml": RULES})
    assert run_mcg("import", "in", cwd=root).returncode == 0
    rules = (root / "definitions/imported/queue.py").read_text()
    # Multi-line PromQL stays multi-line, as written.
    assert 'expr="""\\\nsum by (queue) (jobs_waiting)\n  > 100\n"""' in rules
    assert "from monitoring_codegen import AlertRule, RecordingRule, RuleGroup" in rules
    assert 'for_="5m"' in rules
    board = (root / "definitions/imported/exported.py").read_text()
    assert "G.TimeSeries(" in board and "G.Graph(" in board and "G.Target(" in board
    assert "G.GridPos(h=8, w=12, x=0, y=0)" in board
    assert "DS_PROMETHEUS" not in board  # mapped to the project's datasource
    # Defaults are left out: no refId-less noise, no hide=False, no format="time_series".
    assert "hide=False" not in board and 'format="time_series"' not in board


def test_import_is_deterministic(tmp_path):
    """Byte-identical modules across processes with different hash seeds."""
    outputs = []
    for seed in ("1", "2"):
        root = _project(tmp_path / seed, {"exported.json": json.dumps(EXPORTED_DASHBOARD), "queue.yml": RULES})
        assert run_mcg("import", "in", cwd=root, env={"PYTHONHASHSEED": seed}).returncode == 0
        outputs.append(snapshot(root / "definitions/imported"))
    assert outputs[0] == outputs[1]


def test_catalog_is_inferred_from_use(tmp_path):
    root = _project(tmp_path, {"exported.json": json.dumps(EXPORTED_DASHBOARD), "queue.yml": RULES})
    assert run_mcg("import", "in", cwd=root).returncode == 0
    catalog = (root / "definitions/imported/catalog.py").read_text()
    assert "inferred=True" in catalog
    assert 'name="http_requests_total",\n    type="counter"' in catalog
    assert 'name="http_request_duration_seconds",\n    type="histogram"' in catalog
    assert 'name="jobs_waiting",\n    type="gauge"' in catalog
    assert 'labels=("queue",)' in catalog
    # The series a recording rule of the import writes is not a catalog metric.
    assert "queue:jobs_done" not in catalog
    lint = run_mcg("lint", "--format", "json", cwd=root)
    rules = {finding["rule"] for finding in json.loads(lint.stdout)["findings"]}
    assert "PQL003" not in rules  # promql/unknown-metric


def test_known_metrics_are_not_inferred_again(tmp_path):
    root = _project(tmp_path, {"queue.yml": RULES})
    (root / "definitions/catalog.py").write_text(
        textwrap.dedent(
            """
            from monitoring_codegen import Metric
            WAITING = Metric(name="jobs_waiting", type="gauge", help="waiting", labels=("queue",))
            """
        )
    )
    assert run_mcg("import", "in", cwd=root).returncode == 0
    catalog = (root / "definitions/imported/catalog.py").read_text()
    assert "jobs_waiting" not in catalog and "jobs_done_total" in catalog


@pytest.mark.parametrize(
    ("expr", "name", "kind", "labels"),
    [
        ("rate(requests[5m])", "requests", "counter", ()),
        ("sum by (code) (increase(http_total[1h]))", "http_total", "counter", ("code",)),
        (
            "histogram_quantile(0.9, sum by (le, svc) (rate(lat_seconds_bucket[5m])))",
            "lat_seconds",
            "histogram",
            ("svc",),
        ),
        ("rate(rpc_seconds_sum[5m]) / rate(rpc_seconds_count[5m])", "rpc_seconds", "summary", ()),
        ('temperature_celsius{room="kitchen"} > 30', "temperature_celsius", "gauge", ("room",)),
        ("a_bytes / on (pod) group_left (node) kube_pod_info", "kube_pod_info", "gauge", ("node", "pod")),
    ],
)
def test_metric_type_and_labels_from_use(expr, name, kind, labels):
    usage = UsageCollector()
    usage.add_query(expr)
    metrics = {m.name: m for m in usage.infer(known=())}
    assert metrics[name].type == kind
    assert metrics[name].labels == labels


def test_grafana_variables_are_not_labels_or_metrics():
    usage = UsageCollector()
    usage.add_query('sum by ($group) (rate(x_total{job=~"$job"}[$__rate_interval]))', grafana=True)
    metrics = usage.infer(known=())
    assert [(m.name, m.labels) for m in metrics] == [("x_total", ())]


# --- refusals: one line naming the file, exit 2, nothing written ----------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", '{"title": "x", "panels": [', "in/broken.json: not valid JSON"),
        ("broken.yaml", "groups:\n  - name: [unclosed\n", "in/broken.yaml:3: neither JSON nor YAML"),
        ("other.json", '{"apiVersion": 1, "datasources": []}', "in/other.json: JSON that is neither"),
        ("notes.yaml", "just: some\nsettings: here\n", "in/notes.yaml: neither a Grafana dashboard nor"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "in/image.png: a binary file"),
        ("latin1.yaml", "name: caf\xe9".encode("latin-1"), "in/latin1.yaml: not UTF-8 text"),
        ("empty.yaml", "", "in/empty.yaml: empty"),
    ],
)
def test_bad_input_is_refused(tmp_path, name, content, message):
    root = _project(tmp_path, {"good.yml": RULES, name: content})
    before = snapshot(root)
    result = run_mcg("import", "in/good.yml", f"in/{name}", cwd=root)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(root) == before


def test_missing_path_and_target_in_out_are_refused(tmp_path):
    root = _project(tmp_path, {"good.yml": RULES})
    before = snapshot(root)
    missing = run_mcg("import", "in/nope.json", cwd=root)
    assert missing.returncode == 2 and "in/nope.json: no such file or folder" in missing.stderr
    into_out = run_mcg("import", "in/good.yml", "--to", "out/imported", cwd=root)
    assert into_out.returncode == 2 and "inside the output folder" in into_out.stderr
    assert snapshot(root) == before


def test_existing_modules_are_not_overwritten_without_force(tmp_path):
    root = _project(tmp_path, {"good.yml": RULES})
    assert run_mcg("import", "in/good.yml", cwd=root).returncode == 0
    good = root / "definitions/imported/good.py"
    good.write_text(good.read_text() + "# edited by hand\n")
    before = snapshot(root)
    again = run_mcg("import", "in/good.yml", cwd=root)
    assert again.returncode == 2
    assert "definitions/imported/good.py already exists" in again.stderr and "--force" in again.stderr
    assert snapshot(root) == before
    forced = run_mcg("import", "in/good.yml", "--force", cwd=root)
    assert forced.returncode == 0, forced.stderr
    assert "edited by hand" not in (root / "definitions/imported/good.py").read_text()
    # The catalog is written again with the same metrics, not emptied because they were known.
    assert "jobs_waiting" in (root / "definitions/imported/catalog.py").read_text()


def test_folder_inputs_skip_files_that_are_neither(tmp_path):
    root = _project(tmp_path, {"good.yml": RULES, "kustomization.yaml": "resources: [a.yaml]\n"})
    result = run_mcg("import", "in", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "in/kustomization.yaml: neither a Grafana dashboard nor a Prometheus rule file (skipped)" in result.stdout


def test_exact_duplicate_rule_is_linted_once(tmp_path):
    root = _project(tmp_path, {"queue.yml": RULES})
    assert run_mcg("import", "in", cwd=root).returncode == 0
    assert run_mcg("build", cwd=root).returncode == 0
    result = run_mcg("lint", "--format", "json", "out/prometheus/rules/queue.yaml", cwd=root)
    ids = [finding["rule"] for finding in json.loads(result.stdout)["findings"]]
    assert ids.count("RUL005") == 1, ids
    assert "RUL002" not in ids


def test_dashboards_of_the_project_keep_their_uid_and_title(tmp_path):
    root = _project(tmp_path, {"exported.json": json.dumps(EXPORTED_DASHBOARD)})
    (root / "definitions/mine.py").write_text(
        "from grafanalib import core as G\n"
        "from monitoring_codegen import Dashboard\n"
        'MINE = Dashboard(folder="Imported", board=G.Dashboard(title="Exported", uid="exported"))\n'
    )
    result = run_mcg("import", "in", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "'exported' is taken or not a valid uid: imported as 'exported-2'" in result.stdout
    assert "renamed 'Exported (2)'" in result.stdout
    assert run_mcg("build", cwd=root).returncode == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "rules.yaml",
            "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum(rate(x[5m])\n",
            "in/rules.yaml: alert 'A' (line 4): value: PromQL does not parse",
        ),
        (
            "rules.yaml",
            "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    for: soon\n",
            "in/rules.yaml: alert 'A' (line 4): for: 'soon' is not a Prometheus duration",
        ),
        (
            "board.json",
            json.dumps({"title": "A", "panels": [{"type": "stat", "gridPos": {"h": "8", "w": 1, "x": 0, "y": 0}}]}),
            "in/board.json: not a dashboard Grafana reads: panels[0].gridPos.h must be a whole number",
        ),
    ],
)
def test_input_the_model_refuses_is_refused_at_import(tmp_path, name, content, message):
    root = _project(tmp_path, {name: content})
    before = snapshot(root)
    result = run_mcg("import", f"in/{name}", cwd=root)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert snapshot(root) == before


def test_module_constants_do_not_shadow_grafanalib(tmp_path):
    root = _project(tmp_path, {"g.json": json.dumps({**EXPORTED_DASHBOARD, "uid": "g", "title": "G"})})
    assert run_mcg("import", "in", cwd=root).returncode == 0
    source = (root / "definitions/imported/g.py").read_text()
    assert "\nG_2 = Dashboard(" in source
    assert run_mcg("build", cwd=root).returncode == 0


def test_force_never_replaces_a_module_import_did_not_write(tmp_path):
    root = _project(tmp_path, {"datasources.yml": RULES})
    before = snapshot(root)
    # --to the definitions folder: `datasources.py` there is the project's own module.
    result = run_mcg("import", "in/datasources.yml", "--to", "definitions", "--force", cwd=root)
    assert result.returncode == 2
    assert "definitions/datasources.py was not written by mcg import: not replaced, even with --force" in result.stderr
    assert snapshot(root) == before
