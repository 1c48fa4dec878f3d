"""What CAT002 catalog/target-label-collision claims, shown by a real Prometheus: it scrapes a tiny
exporter whose metric carries labels that the scrape jobs' target labels also set, and the app's
label comes back as `exported_<label>` exactly where the rule reports a collision."""

from __future__ import annotations

import json
import shutil
import sys
import time
import urllib.parse
import urllib.request

import pytest

from monitoring_codegen import ScrapeJob, StaticTargets
from monitoring_codegen.lint.engine import LintInput, run
from monitoring_codegen.lint.inputs.linted import CatalogEntry, LintedScrapeJob
from monitoring_codegen.lint.registry import find_rule
from monitoring_codegen.lint.settings import load_settings
from monitoring_codegen.yamlio import dump_yaml

PROMETHEUS = shutil.which("prometheus")
LABELS = ("namespace", "kind", "tier", "region")

EXPORTER = """
import http.server, sys
BODY = (b"# HELP app_memory_bytes Memory.\\n# TYPE app_memory_bytes gauge\\n"
        b'app_memory_bytes{namespace="app",kind="app",tier="app",region="app"} 42\\n')
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def _jobs(target: str) -> list[dict]:
    """Scrape jobs, each setting target labels a different way; two as mcg renders ScrapeJobs."""
    static = ScrapeJob(
        job_name="static-label", static=[StaticTargets(targets=[target], labels={"namespace": "deploy"})]
    ).to_prometheus()
    honored = ScrapeJob(
        job_name="honored",
        honor_labels=True,
        static=[StaticTargets(targets=[target], labels={"namespace": "deploy", "region": "eu"})],
    ).to_prometheus()
    relabel = {
        "job_name": "relabel",
        "static_configs": [{"targets": [target]}],
        "relabel_configs": [{"target_label": "kind", "replacement": "relabeled", "action": "replace"}],
    }
    labelmap = {
        "job_name": "labelmap",
        "static_configs": [{"targets": [target], "labels": {"__tmp_tier": "mapped", "__tmp_other": "x"}}],
        "relabel_configs": [
            {"regex": "__tmp_(.+)", "replacement": "$1", "action": "labelmap"},
            {"regex": "other", "action": "labeldrop"},
        ],
    }
    removed = {
        "job_name": "removed",
        "static_configs": [{"targets": [target], "labels": {"namespace": "deploy", "region": "eu"}}],
        # An empty replacement removes a label; labeldrop too.
        "relabel_configs": [
            {"target_label": "namespace", "replacement": "", "action": "replace"},
            {"regex": "reg.*", "action": "labeldrop"},
        ],
    }
    return [static, honored, relabel, labelmap, removed]


def _flagged(config: dict) -> set[str]:
    """Labels CAT002 reports for the metric when `config` is an environment's only job."""
    inputs = LintInput(
        catalog_entries=[CatalogEntry("app_memory_bytes", "gauge", LABELS, "catalog.py", 3)],
        scrape_jobs=[LintedScrapeJob(config["job_name"], config, "environments.py", 7)],
    )
    rule = find_rule("CAT002")
    findings = run(inputs, load_settings({}), rules=(rule,))
    assert all("exported_" in f.message and config["job_name"] in f.message for f in findings)
    return {f.message.split("'")[1] for f in findings}


def _query(url: str, expr: str) -> list[dict]:
    with urllib.request.urlopen(f"{url}/api/v1/query?query={urllib.parse.quote(expr)}", timeout=5) as response:
        return json.load(response)["data"]["result"]


@pytest.mark.skipif(not PROMETHEUS, reason="prometheus not installed (make test-tools)")
def test_exported_labels_appear_exactly_where_the_rule_says(tmp_path, servers):
    script = tmp_path / "exporter.py"
    script.write_text(EXPORTER)
    exporter = servers.start("exporter", lambda port: [sys.executable, str(script), str(port)], ready="/metrics")
    jobs = _jobs(f"127.0.0.1:{exporter.port}")
    config = tmp_path / "prometheus.yml"
    config.write_bytes(dump_yaml({"global": {"scrape_interval": "1s"}, "scrape_configs": jobs}))
    prometheus = servers.start(
        "prometheus",
        lambda port: [
            PROMETHEUS,
            f"--config.file={config}",
            f"--storage.tsdb.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
    )
    deadline = time.monotonic() + 30
    series: list[dict] = []
    while time.monotonic() < deadline and len(series) < len(jobs):
        series = _query(prometheus.url, "app_memory_bytes")
        time.sleep(0.3)
    assert len(series) == len(jobs), prometheus.log()
    by_job = {s["metric"]["job"]: s["metric"] for s in series}

    for job in jobs:
        labels = by_job[job["job_name"]]
        exported = {name.removeprefix("exported_") for name in labels if name.startswith("exported_")}
        assert exported == _flagged(job), (job["job_name"], labels)
        for name in exported:
            assert labels[f"exported_{name}"] == "app"  # the application's value, moved aside
            assert labels[name] != "app"  # the target's value in its place
    # The rule is not vacuous: three jobs collide, each on its own label; honor_labels keeps the app's.
    assert {job["job_name"]: _flagged(job) for job in jobs} == {
        "static-label": {"namespace"},
        "honored": set(),
        "relabel": {"kind"},
        "labelmap": {"tier"},
        "removed": set(),
    }
    assert by_job["honored"]["namespace"] == "app" and by_job["honored"]["region"] == "app"
