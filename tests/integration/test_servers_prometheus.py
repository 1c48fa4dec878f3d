"""The dev environment's rendered prometheus.yml and prometheus.args in a real Prometheus on
127.0.0.1: rule files resolve relative to the config, flags apply, dev thresholds load."""

from __future__ import annotations

import json
import shutil
import time
import urllib.request

import pytest

from monitoring_codegen.yamlio import load_yaml

PROMETHEUS = shutil.which("prometheus")


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)["data"]


@pytest.mark.skipif(not PROMETHEUS, reason="prometheus not installed (make test-tools)")
def test_dev_config_runs_in_a_real_prometheus(tmp_path, servers, shipped):
    build = shipped
    out = tmp_path / "out"
    for rel, content in build.rendered.items():
        if rel.startswith(("env/", "prometheus/")):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(content)
    args = build.rendered["env/dev/prometheus.args"].decode().split()
    # Started from elsewhere: only the config's own folder may anchor the rule paths.
    prometheus = servers.start(
        "prometheus",
        lambda port: [
            PROMETHEUS,
            f"--config.file={out / 'env/dev/prometheus.yml'}",
            *args,
            f"--storage.tsdb.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 30
        groups = None
        while time.monotonic() < deadline:
            try:
                groups = _get(prometheus.url + "/api/v1/rules")["groups"]
                if groups:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        assert groups, prometheus.log()
        flags = _get(prometheus.url + "/api/v1/status/flags")
        config = load_yaml(_get(prometheus.url + "/api/v1/status/config")["yaml"])
    finally:
        prometheus.stop()
    dev = next(e for e in build.model.environments if e.name == "dev")
    assert flags["storage.tsdb.retention.time"] == dev.retention_time
    assert config["global"]["external_labels"] == dev.external_labels
    assert {job["job_name"] for job in config["scrape_configs"]} == {job.job_name for job in dev.scrape_jobs}
    # Counted per group: SLO groups of different services reuse sloth's record names.
    loaded = sum(len(g["rules"]) for g in groups)
    expected = sum(len(g.rules) for g in build.model.rule_groups)
    assert loaded == expected
    rules = {r["name"]: r for g in groups for r in g["rules"]}
    override = dev.alert_overrides["HighAgentErrorRate"]
    assert rules["HighAgentErrorRate"]["query"].rstrip().endswith(f"> {override.params['threshold']}")
    from monitoring_codegen.model.durations import parse_duration

    assert rules["HighAgentErrorRate"]["duration"] == parse_duration(override.for_)


@pytest.mark.skipif(not PROMETHEUS, reason="prometheus not installed (make test-tools)")
def test_ha_pair_servers_expand_their_own_replica_label(tmp_path, servers, shipped):
    """Both servers of prod's pair load the same file; REPLICA in each one's environment names it."""
    build = shipped
    prod = load_yaml(build.rendered["env/prod/prometheus.yml"])
    args = [a for a in build.rendered["env/prod/prometheus.args"].decode().split() if "retention.size" not in a]
    # Debian's prometheus has no Kubernetes SD: run prod's global section, which is what differs.
    config = tmp_path / "prometheus.yml"
    config.write_text(json.dumps({"global": prod["global"], "scrape_configs": []}))
    seen = {}
    try:
        for replica in ("prometheus-0", "prometheus-1"):
            server = servers.start(
                replica,
                lambda port: [
                    PROMETHEUS,
                    f"--config.file={config}",
                    *args,
                    f"--storage.tsdb.path={tmp_path / replica}",
                    f"--web.listen-address=127.0.0.1:{port}",
                ],
                cwd=tmp_path,
                env={"REPLICA": replica, "PATH": "/usr/bin:/bin"},
            )
            loaded = load_yaml(_get(server.url + "/api/v1/status/config")["yaml"])
            seen[replica] = loaded["global"]["external_labels"]
    finally:
        servers.stop_all()
    assert seen["prometheus-0"]["replica"] == "prometheus-0"
    assert seen["prometheus-1"]["replica"] == "prometheus-1"
    same = {k: v for k, v in prod["global"]["external_labels"].items() if k != "replica"}
    assert {k: v for k, v in seen["prometheus-0"].items() if k != "replica"} == same
