"""Alertmanager routing: routing tests through the real amtool, a wrong expectation failing,
and inhibition and file-based credentials checked against a real Alertmanager on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import run_mcg, write_project

AMTOOL = shutil.which("amtool")
ALERTMANAGER = shutil.which("alertmanager") or shutil.which("prometheus-alertmanager")
needs_amtool = pytest.mark.skipif(not AMTOOL, reason="amtool not installed (make test-tools)")
needs_alertmanager = pytest.mark.skipif(not ALERTMANAGER, reason="alertmanager not installed (make test-tools)")


@needs_amtool
def test_shipped_routing_tests_pass_with_amtool(shipped):
    from monitoring_codegen.tools.server_checks import run_routing_tests

    results = run_routing_tests(shipped)
    envs = {r.environment for r in results}
    assert {"dev", "staging", "prod"} <= envs
    failures = [r.describe() + "\n" + r.output for r in results if not r.passed]
    assert not failures, "\n".join(failures)
    for result in results:
        assert result.actual == result.expected


@needs_amtool
def test_a_wrong_expectation_fails(shipped):
    from monitoring_codegen.tools.server_checks import run_routing_tests

    prod = next(e for e in shipped.model.environments if e.name == "prod")
    test = next(t for t in prod.routing.tests if t.labels.get("severity") == "critical")
    original = list(test.receivers)
    try:
        test.receivers = ["slack-agent-platform"]  # the pager is missing: amtool must disagree
        results = [r for r in run_routing_tests(shipped, ["prod"]) if r.name == test.describe()]
    finally:
        test.receivers = original
    assert len(results) == 1 and not results[0].passed
    assert results[0].actual == original


ROUTING_PROJECT = {
    "routing.py": """
        from monitoring_codegen import (AlertRouting, Environment, InhibitRule, PagerDutyConfig, Receiver,
                                        Route, RoutingTest, SlackConfig)

        ROUTING = AlertRouting(
            name="team",
            receivers=[
                Receiver(name="slack", slack=[SlackConfig(channel="#ops", api_url_file="/run/secrets/slack")]),
                Receiver(name="pager", pagerduty=[PagerDutyConfig(routing_key_file="/run/secrets/pd")]),
            ],
            route=Route(receiver="slack", group_by=["alertname"],
                        routes=[Route(match={"severity": "critical"}, receiver="pager")]),
            tests=[
                RoutingTest(labels={"severity": "critical"}, receivers=["pager"]),
                RoutingTest(labels={"severity": "critical", "alertname": "X"},
                            receivers=["slack"]),
            ],
        )
        ENV = Environment(name="dev", routing=ROUTING)
    """,
}


@needs_amtool
def test_mcg_routes_reports_the_failing_test_with_file_and_line(tmp_path):
    root = write_project(tmp_path / "proj", ROUTING_PROJECT)
    result = run_mcg("routes", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 passed, 1 failed" in result.stdout
    fail = next(line for line in result.stdout.splitlines() if line.startswith("FAIL"))
    assert "expected slack; got pager" in fail
    assert "definitions/routing.py:14" in fail  # the RoutingTest with the wrong expectation
    assert not (root / "out").exists()  # mcg routes renders in memory only


@needs_amtool
def test_mcg_routes_passes_and_checks_configs(tmp_path):
    files = {"routing.py": ROUTING_PROJECT["routing.py"].replace('receivers=["slack"]),', 'receivers=["pager"]),')}
    root = write_project(tmp_path / "proj", files)
    result = run_mcg("routes", "--check-configs", "-v", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   amtool env/dev/alertmanager.yml" in result.stdout
    assert "ok   promtool env/dev/prometheus.yml" in result.stdout
    assert "2 passed, 0 failed" in result.stdout


def test_routing_tests_must_name_declared_receivers(tmp_path):
    files = {"routing.py": ROUTING_PROJECT["routing.py"].replace('receivers=["slack"]),', 'receivers=["nobody"]),')}
    root = write_project(tmp_path / "proj", files)
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2
    assert "definitions/routing.py:4: error: AlertRouting 'team'" in result.stderr
    assert "undeclared receivers ['nobody']" in result.stderr


# --- a real Alertmanager ------------------------------------------------------------------------


class _Alertmanager:
    """A real Alertmanager on a loopback port, started through the `servers` fixture."""

    def __init__(self, servers, config: Path, workdir: Path) -> None:
        self.server = servers.start(
            "alertmanager",
            lambda port: [
                ALERTMANAGER,
                f"--config.file={config}",
                f"--storage.path={workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",
            ],
        )
        self.url = self.server.url

    def post(self, alerts: list[dict]) -> None:
        request = urllib.request.Request(
            self.url + "/api/v2/alerts",
            data=json.dumps(alerts).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200

    def alerts(self) -> list[dict]:
        with urllib.request.urlopen(self.url + "/api/v2/alerts", timeout=5) as response:
            return json.load(response)

    def stop(self) -> None:
        self.server.stop()


@needs_alertmanager
def test_inhibit_rules_mute_what_they_should_in_a_real_alertmanager(shipped, tmp_path, servers):
    config = tmp_path / "alertmanager.yml"
    config.write_bytes(shipped.rendered["env/prod/alertmanager.yml"])
    am = _Alertmanager(servers, config, tmp_path)
    try:
        common = {"cluster": "prod-eu-1", "job": "api"}
        am.post(
            [
                {"labels": {**common, "alertname": "TargetDown", "instance": "a:1", "severity": "critical"}},
                {"labels": {**common, "alertname": "HighHTTPErrorRate", "instance": "a:1", "severity": "critical"}},
                {"labels": {**common, "alertname": "HighHTTPErrorRate", "instance": "b:1", "severity": "critical"}},
                {"labels": {**common, "alertname": "DiskFilling", "instance": "c:1", "severity": "critical"}},
                {"labels": {**common, "alertname": "DiskFilling", "instance": "d:1", "severity": "warning"}},
                {"labels": {**common, "alertname": "QueueBacklog", "instance": "e:1", "severity": "warning"}},
            ]
        )
        status = {
            (a["labels"]["alertname"], a["labels"]["instance"]): bool(a["status"]["inhibitedBy"]) for a in am.alerts()
        }
    finally:
        am.stop()
    assert status == {
        ("TargetDown", "a:1"): False,
        ("HighHTTPErrorRate", "a:1"): True,  # its target is down
        ("HighHTTPErrorRate", "b:1"): False,  # another instance
        ("DiskFilling", "c:1"): False,
        ("DiskFilling", "d:1"): True,  # the critical DiskFilling mutes the warning
        ("QueueBacklog", "e:1"): False,  # no critical of the same alertname
    }


@needs_alertmanager
def test_webhook_credentials_are_read_from_the_file(tmp_path, servers):
    """End to end: the rendered config makes Alertmanager send the token it reads from the file."""
    received: list[tuple[str, dict]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers.get("Authorization", ""), json.loads(body)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    token_file = tmp_path / "oncall_token"
    token_file.write_text("token-from-file-123\n")
    root = write_project(
        tmp_path / "proj",
        {
            "routing.py": f"""
        from monitoring_codegen import AlertRouting, Environment, Receiver, Route, WebhookConfig

        ROUTING = AlertRouting(
            name="hook",
            receivers=[Receiver(name="oncall", webhook=[WebhookConfig(
                url="http://127.0.0.1:{server.server_port}/alerts", bearer_token_file="{token_file}")])],
            route=Route(receiver="oncall", group_by=["alertname"], group_wait="0s", group_interval="1s"),
        )
        ENV = Environment(name="dev", routing=ROUTING)
    """
        },
    )
    try:
        assert run_mcg("build", cwd=root).returncode == 0
        am = _Alertmanager(servers, root / "out/env/dev/alertmanager.yml", tmp_path)
        try:
            am.post([{"labels": {"alertname": "Boom", "severity": "critical"}}])
            deadline = time.monotonic() + 15
            while not received and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            am.stop()
    finally:
        server.shutdown()
        server.server_close()
    assert received, "alertmanager sent nothing to the webhook"
    authorization, payload = received[0]
    assert authorization == "Bearer token-from-file-123"
    assert payload["commonLabels"]["alertname"] == "Boom"
    assert "token-from-file-123" not in (root / "out/env/dev/alertmanager.yml").read_text()
