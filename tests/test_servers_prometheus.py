"""The dev environment's rendered prometheus.yml and prometheus.args in a real Prometheus on
127.0.0.1: rule files resolve relative to the config, flags apply, dev thresholds load."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import REPO
from monitoring_codegen.yamlio import load_yaml

PROMETHEUS = shutil.which("prometheus")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)["data"]


@pytest.mark.skipif(not PROMETHEUS, reason="prometheus not installed (make test-tools)")
def test_dev_config_runs_in_a_real_prometheus(tmp_path):
    from monitoring_codegen.pipeline import render_from

    build = render_from(str(REPO / "definitions"), str(REPO / "out"), start=REPO)
    out = tmp_path / "out"
    for rel, content in build.rendered.items():
        if rel.startswith(("env/", "prometheus/")):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(content)
    args = build.rendered["env/dev/prometheus.args"].decode().split()
    port = _free_port()
    log = (tmp_path / "prometheus.log").open("wb")
    # Started from elsewhere: only the config's own folder may anchor the rule paths.
    proc = subprocess.Popen(
        [PROMETHEUS, f"--config.file={out / 'env/dev/prometheus.yml'}", *args,
         f"--storage.tsdb.path={tmp_path / 'data'}", f"--web.listen-address=127.0.0.1:{port}"],
        cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        groups = None
        while time.monotonic() < deadline:
            try:
                groups = _get(base + "/api/v1/rules")["groups"]
                if groups:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        assert groups, (tmp_path / "prometheus.log").read_text()
        flags = _get(base + "/api/v1/status/flags")
        config = load_yaml(_get(base + "/api/v1/status/config")["yaml"])
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()
    dev = next(e for e in build.model.environments if e.name == "dev")
    assert flags["storage.tsdb.retention.time"] == dev.retention_time
    assert config["global"]["external_labels"] == dev.external_labels
    assert {job["job_name"] for job in config["scrape_configs"]} == {job.job_name for job in dev.scrape_jobs}
    rules = {r["name"]: r for g in groups for r in g["rules"]}
    expected = sum(len(g.rules) for g in build.model.rule_groups)
    assert len(rules) == expected
    override = dev.alert_overrides["HighAgentErrorRate"]
    assert rules["HighAgentErrorRate"]["query"].rstrip().endswith(f"> {override.params['threshold']}")
    from monitoring_codegen.durations import parse_duration

    assert rules["HighAgentErrorRate"]["duration"] == parse_duration(override.for_)
