"""Server configs on the large workload: environments, Kubernetes, Mimir, the secret scan.

The synthetic project (300 dashboards, 10,000 alerts, 2,000 records) gets three
environments like the shipped ones (dev static, staging Kubernetes, prod HA pair with
remote write, Kubernetes and Mimir). Figures: each server renderer in-process, the
secret scan over every rendered artifact (the build runs it before writing), and the
peer: the real `promtool check config` on the prod config, which loads every rule file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, synthetic_project, work_dir

ENVIRONMENTS = """
from monitoring_codegen import (AlertmanagerTargets, AlertRouting, BasicAuth, Environment, KubernetesPods,
                                KubernetesTarget, MimirTarget, Receiver, RemoteWrite, Route, RoutingTest,
                                ScrapeJob, SlackConfig, StaticTargets)

ROUTING = AlertRouting(
    name="bench", slack_api_url_file="/run/secrets/slack_api_url",
    receivers=[Receiver(name="slack", slack=[SlackConfig(channel="#alerts")]), Receiver(name="null")],
    route=Route(receiver="slack", group_by=["alertname"], routes=[Route(match={"severity": "info"}, receiver="null")]),
    tests=[RoutingTest(labels={"severity": "info"}, receivers=["null"])],
)
DEV = Environment(name="dev", local_stack=True, routing=ROUTING, alertmanagers=AlertmanagerTargets(static=["alertmanager:9093"]),
                  scrape_jobs=[ScrapeJob(job_name="prometheus", static=[StaticTargets(targets=["localhost:9090"])])])
STAGING = Environment(name="staging", routing=ROUTING, kubernetes=KubernetesTarget(),
                      scrape_jobs=[ScrapeJob(job_name="pods", kubernetes_pods=KubernetesPods())])
PROD = Environment(name="prod", replicas=2, routing=ROUTING, kubernetes=KubernetesTarget(), mimir=MimirTarget(),
                   external_labels={"cluster": "prod"},
                   scrape_jobs=[ScrapeJob(job_name="pods", kubernetes_pods=KubernetesPods())],
                   remote_write=[RemoteWrite(name="mimir", url="https://mimir.example.com/api/v1/push",
                                             basic_auth=BasicAuth(username="u", password_file="/run/secrets/mimir"))])
"""


def best(func, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    source = synthetic_project()
    root = work_dir() / "servers"
    if not (root / "definitions" / "zz_environments.py").is_file():
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(source, root, ignore=shutil.ignore_patterns("out", ".git"))
        (root / "definitions" / "zz_environments.py").write_text(ENVIRONMENTS)
    sys.path.insert(0, str(REPO))
    from monitoring_codegen.config import load_config
    from monitoring_codegen.pipeline import load_model
    from monitoring_codegen.render import render_all
    from monitoring_codegen.render.compose import render_compose
    from monitoring_codegen.render.kubernetes import render_kubernetes
    from monitoring_codegen.render.mimir import render_mimir_rules
    from monitoring_codegen.render.servers import render_alertmanager_configs, render_prometheus_configs
    from monitoring_codegen.secrets import scan_rendered

    model = load_model(load_config(start=root))
    alerts = len(model.alerts())
    print(
        f"workload: {alerts} alerts, {len(model.records())} records, {len(model.dashboards)} dashboards, "
        f"{len(model.environments)} environments"
    )
    total_render, rendered = best(lambda: (model.cache.clear(), render_all(model))[1], 1)
    size = sum(len(v) for v in rendered.values())
    print(f"  render_all (everything)          {total_render:6.2f} s  {len(rendered)} files, {size / 1e6:.1f} MB")
    for name, fn in [
        ("prometheus.yml + args", render_prometheus_configs),
        ("alertmanager.yml", render_alertmanager_configs),
        ("kubernetes (rules + dashboards)", render_kubernetes),
        ("mimir namespaces", render_mimir_rules),
        ("compose", render_compose),
    ]:
        seconds, part = best(lambda fn=fn: (model.cache.clear(), fn(model))[1])
        print(f"  {name:32s} {seconds:6.2f} s  {len(part)} files")
    scan, findings = best(lambda: scan_rendered(rendered))
    print(f"  secret scan of every artifact    {scan:6.2f} s  ({size / 1e6 / scan:.0f} MB/s, {len(findings)} findings)")

    promtool = shutil.which("promtool")
    if promtool:
        with tempfile.TemporaryDirectory() as tmp:
            for rel, content in rendered.items():
                if rel.startswith(("env/", "prometheus/")):
                    (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
                    (Path(tmp) / rel).write_bytes(content)
            # Debian's promtool lacks Kubernetes SD: the staging/prod configs would stop at that,
            # so the peer checks dev's, which loads the same 10,000 alerts.
            peer, _ = best(
                lambda: subprocess.run(
                    [promtool, "check", "config", "env/dev/prometheus.yml"], cwd=tmp, capture_output=True
                ),
                1,
            )
        ours, _ = best(lambda: render_prometheus_configs(model))
        print(
            f"  peer: promtool check config (loads all rules) {peer:6.2f} s; "
            f"rendering every environment's prometheus.yml is x{ours / peer:.3f} of it"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
