"""End to end, with the real programs on 127.0.0.1:

demo app (generated instrumentation) -> Prometheus (generated rules) -> `mcg smoke` finds
data for every dashboard query -> the app's agent error rate rises -> HighAgentErrorRate
fires -> Alertmanager -> a webhook receiver in this test.

Every program runs from what `mcg build` generates: the app from the instrumentation
module, Prometheus from env/e2e/prometheus.yml (+ prometheus.args) and its rule files,
Alertmanager from env/e2e/alertmanager.yml. The `e2e` Environment that makes them
(loopback targets, 1s intervals, a webhook receiver, HighAgentErrorRate's `for` cut to
5s) is added to a copy of the shipped definitions: the shipped values stay as they are.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, TESTS, PortInUse, Servers, run_mcg_process, write_project

PROMETHEUS = shutil.which("prometheus")
PROMTOOL = shutil.which("promtool")
ALERTMANAGER = shutil.which("alertmanager") or shutil.which("prometheus-alertmanager")

pytestmark = pytest.mark.skipif(
    not PROMETHEUS or not ALERTMANAGER or not PROMTOOL,
    reason="needs prometheus, promtool and alertmanager (make test-tools installs them)",
)

E2E_ENVIRONMENT = """
from monitoring_codegen import (AlertmanagerTargets, AlertOverride, AlertRouting, Environment, Receiver, Route,
                                ScrapeJob, StaticTargets, WebhookConfig)

# Test-only: everything on loopback, scrape and evaluate every second, deliver at once,
# and let HighAgentErrorRate fire after 5s instead of 5m.
E2E = Environment(
    name="e2e",
    scrape_interval="1s",
    scrape_timeout="1s",
    evaluation_interval="1s",
    external_labels={{"environment": "e2e"}},
    scrape_jobs=[
        # Like dev, the job labels its series with the deployment's namespace (a target label).
        ScrapeJob(job_name="agent-platform",
                  static=[StaticTargets(targets=["127.0.0.1:{app}"], labels={{"namespace": "e2e"}})]),
        ScrapeJob(job_name="prometheus", static=[StaticTargets(targets=["127.0.0.1:{prometheus}"])]),
        ScrapeJob(job_name="alertmanager", static=[StaticTargets(targets=["127.0.0.1:{alertmanager}"])]),
        # Nothing listens here: up{{job="grafana"}} exists and is 0, as when Grafana is down.
        ScrapeJob(job_name="grafana", static=[StaticTargets(targets=["127.0.0.1:{closed}"])]),
    ],
    alertmanagers=AlertmanagerTargets(static=["127.0.0.1:{alertmanager}"]),
    routing=AlertRouting(
        name="e2e",
        receivers=[Receiver(name="webhook", webhook=[WebhookConfig(url="http://127.0.0.1:{webhook}/alerts",
                                                                   send_resolved=False)])],
        route=Route(receiver="webhook", group_by=["alertname"], group_wait="1s", group_interval="1s",
                    repeat_interval="1h"),
    ),
    alert_overrides={{"HighAgentErrorRate": AlertOverride(for_="5s")}},
)
"""


BROKEN_DASHBOARD = """
from grafanalib import core as G
from monitoring_codegen import Dashboard

def panel(title, expr):
    return G.TimeSeries(title=title, targets=[G.Target(expr=expr, refId="A")])

BROKEN = Dashboard(folder="Broken", board=G.Dashboard(title="Broken", uid="broken", panels=[
    panel("Typo in the metric", "sum(rate(agent_operation_total[$__rate_interval]))"),
    panel("No such status", 'sum(rate(agent_operations_total{status="exploded"}[$__rate_interval])) / sum(rate(agent_operations_total[$__rate_interval]))'),
    panel("Filtered out", "sum(rate(agent_operations_total[5m])) > 1e12"),
    # Newer than this Prometheus: an error, not an empty result.
    panel("New function", 'sort_by_label(up, "job")'),
]))
"""


def wait_until(check, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except OSError as exc:  # not listening yet
            last = exc
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what} (last: {last!r})")


class Webhook(http.server.BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length", 0))
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def bring_up(tmp_path: Path, servers: Servers, webhook_port: int, attempts: int = 3):
    """Build the e2e project for reserved ports and start the app, Alertmanager and Prometheus on them.

    The ports are written into the generated configs, so if one turns out to be taken (a
    process outside this test run got it) everything is stopped and built again for new ports."""
    for attempt in range(1, attempts + 1):
        ports = {name: servers.port() for name in ("app", "prometheus", "alertmanager", "closed")}
        project = tmp_path / f"proj-{attempt}"
        shutil.copytree(REPO / "definitions", project / "definitions", ignore=shutil.ignore_patterns("__pycache__"))
        (project / "pyproject.toml").write_text(
            '[tool.mcg]\ndefinitions = "definitions"\nout = "out"\ndocs_url = "https://docs.example.com"\n'
        )
        (project / "definitions" / "e2e_environment.py").write_text(
            E2E_ENVIRONMENT.format(
                app=ports["app"],
                prometheus=ports["prometheus"],
                alertmanager=ports["alertmanager"],
                closed=ports["closed"],
                webhook=webhook_port,
            )
        )
        build = run_mcg_process("build", cwd=project)
        assert build.returncode == 0, build.stderr
        out = project / "out"
        env = out / "env" / "e2e"
        assert "for: 5s" in (env / "prometheus/rules/agent-platform-alerts.yaml").read_text()

        # Every process runs from generated files: instrumentation, rules, both server configs.
        app = servers.launch(
            "demo-app",
            [
                sys.executable,
                str(TESTS / "e2e/demo_app.py"),
                "--metrics-module",
                str(out / "instrumentation/metrics.py"),
                "--port",
                str(ports["app"]),
            ],
            ports["app"],
        )
        am = servers.launch(
            "alertmanager",
            [
                ALERTMANAGER,
                f"--config.file={env / 'alertmanager.yml'}",
                f"--storage.path={tmp_path / f'am-data-{attempt}'}",
                f"--web.listen-address=127.0.0.1:{ports['alertmanager']}",
                "--cluster.listen-address=",
            ],
            ports["alertmanager"],
        )
        args = [line for line in (env / "prometheus.args").read_text().splitlines() if line.strip()]
        prom = servers.launch(
            "prometheus",
            [
                PROMETHEUS,
                f"--config.file={env / 'prometheus.yml'}",
                *args,
                f"--storage.tsdb.path={tmp_path / f'prom-data-{attempt}'}",
                f"--web.listen-address=127.0.0.1:{ports['prometheus']}",
            ],
            ports["prometheus"],
        )
        try:
            servers.wait(prom)
            servers.wait(am)
            servers.wait(app, ready="/metrics")
        except PortInUse:
            if attempt == attempts:
                raise
            servers.stop_all()
            continue
        servers.check_alive()
        return project, app, prom
    raise AssertionError("unreachable")


def test_alert_travels_from_app_to_webhook(tmp_path, servers):
    started = time.monotonic()
    # Webhook receiver: where Alertmanager delivers.
    Webhook.received = []
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        project, app, prometheus = bring_up(tmp_path, servers, receiver.server_address[1])
        out = project / "out"
        prom = prometheus.url

        # After a few scrapes every dashboard query and rule expression has data.
        from monitoring_codegen.pipeline import render_from
        from monitoring_codegen.tools.smoke import PrometheusAPI, collect_queries, run_smoke

        model_build = render_from(str(project / "definitions"), str(out), start=project)
        queries = collect_queries(model_build.model, model_build.rendered)
        api = PrometheusAPI(prom)

        def smoke_clean():
            servers.check_alive()
            return all(r.ok for r in run_smoke(api, queries))

        wait_until(smoke_clean, 45, "every smoke query to return data", interval=1)
        smoke_clean_at = time.monotonic() - started

        # The app's labels survive the scrape: its agent_namespace beside the job's namespace, no
        # exported_* anywhere (mcg lint's CAT002 would have refused a colliding catalog label).
        with urllib.request.urlopen(f"{prom}/api/v1/query?query=agent_memory_usage_bytes", timeout=5) as response:
            memory = [r["metric"] for r in json.loads(response.read())["data"]["result"]]
        assert memory and all(m["namespace"] == "e2e" and m["agent_namespace"] == "agents" for m in memory)
        with urllib.request.urlopen(f"{prom}/api/v1/labels", timeout=5) as response:
            assert not [n for n in json.loads(response.read())["data"] if n.startswith("exported_")]
        # What the generated instrumentation exposes passes promtool's metric naming checks.
        with urllib.request.urlopen(f"{app.url}/metrics", timeout=5) as response:
            exposition = response.read()
        checked = subprocess.run([PROMTOOL, "check", "metrics"], input=exposition, capture_output=True, timeout=30)
        assert checked.returncode == 0 and b"agents_active" in exposition, checked.stdout + checked.stderr
        smoke = run_mcg_process("smoke", "--prometheus-url", prom, cwd=project)
        assert smoke.returncode == 0, smoke.stdout + smoke.stderr
        dashboards = sum(1 for q in queries if q.kind == "dashboard")
        assert dashboards >= 40 and f"{len(queries)} queries" in smoke.stdout

        # The same Prometheus against broken queries: each problem is found and explained.
        broken = write_project(tmp_path / "broken", {"boards.py": BROKEN_DASHBOARD})
        smoke = run_mcg_process("smoke", "--prometheus-url", prom, cwd=broken)
        assert smoke.returncode == 1, smoke.stdout + smoke.stderr
        assert "selector matches no series: agent_operation_total" in smoke.stdout
        assert 'selector matches no series: agent_operations_total{status="exploded"}' in smoke.stdout
        assert "selector matches no series: agent_operations_total\n" not in smoke.stdout
        assert "ERROR dashboard broken panel 'New function' (A)" in smoke.stdout
        assert "the expression itself filters everything out" in smoke.stdout
        assert "4 queries (4 dashboard)" in smoke.stdout and "0 fine, 3 empty, 1 errors" in smoke.stdout

        # Nothing fires yet; then the agents start failing.
        assert not [
            a for a in Webhook.received for x in a["alerts"] if x["labels"]["alertname"] == "HighAgentErrorRate"
        ]
        os.kill(app.pid, signal.SIGUSR1)
        raised_at = time.monotonic()

        def firing_in_prometheus():
            with urllib.request.urlopen(f"{prom}/api/v1/alerts", timeout=2) as response:
                alerts = json.loads(response.read())["data"]["alerts"]
            return [a for a in alerts if a["labels"]["alertname"] == "HighAgentErrorRate" and a["state"] == "firing"]

        firing = wait_until(firing_in_prometheus, 60, "HighAgentErrorRate to fire in Prometheus")
        assert {a["labels"]["severity"] for a in firing} == {"critical"}

        def delivered():
            servers.check_alive()
            return [
                x
                for payload in Webhook.received
                for x in payload["alerts"]
                if x["labels"]["alertname"] == "HighAgentErrorRate" and x["status"] == "firing"
            ]

        alerts = wait_until(delivered, 30, "the alert to reach the webhook receiver")
        print(
            f"e2e: every query had data {smoke_clean_at:.1f}s after start; "
            f"alert delivered {time.monotonic() - raised_at:.1f}s after the error rate rose"
        )
        labels = alerts[0]["labels"]
        assert labels["team"] == "agent-platform" and labels["agent_type"] and labels["provider"]
        assert "fail" in alerts[0]["annotations"]["summary"]
        # Its generated runbook page, under [tool.mcg] docs_url.
        assert alerts[0]["annotations"]["runbook_url"] == "https://docs.example.com/alerts/HighAgentErrorRate.html"
    finally:
        receiver.shutdown()
        receiver.server_close()
    assert time.monotonic() - started < 120
