"""Server configs of the shipped environments: rule paths, HA replicas, prod overrides,
Kubernetes, Mimir and compose outputs (real promtool and amtool on them:
tests/integration/test_servers_configs_tools.py)."""

from __future__ import annotations

import posixpath
import re

from conftest import REPO

from monitoring_codegen.yamlio import load_yaml


def test_every_environment_has_server_configs(shipped):
    envs = {env.name: env for env in shipped.model.environments}
    assert {"dev", "staging", "prod"} <= set(envs)
    for name, env in envs.items():
        configs = [p for p in shipped.rendered if re.match(rf"^env/{name}/prometheus[^/]*\.yml$", p)]
        assert configs == [f"env/{name}/prometheus.yml"], configs
        assert f"env/{name}/prometheus.args" in shipped.rendered
        assert f"env/{name}/alertmanager.yml" in shipped.rendered


def test_rule_files_resolve_relative_to_the_config(shipped):
    for rel, content in shipped.rendered.items():
        if not re.match(r"^env/[^/]+/prometheus(-\d+)?\.yml$", rel):
            continue
        config = load_yaml(content)
        assert config["rule_files"], rel
        for rule_file in config["rule_files"]:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), rule_file))
            assert resolved in shipped.rendered, f"{rel} names {rule_file} -> {resolved}, which is not rendered"


def test_environments_without_overrides_load_the_shared_rules(shipped):
    staging = load_yaml(shipped.rendered["env/staging/prometheus.yml"])
    assert all(path.startswith("../../prometheus/rules/") for path in staging["rule_files"])
    prod = load_yaml(shipped.rendered["env/prod/prometheus.yml"])
    assert all(path.startswith("prometheus/rules/") for path in prod["rule_files"])


def _alert_expr(rendered: dict, config_path: str, alert: str) -> tuple[str, str]:
    config = load_yaml(rendered[config_path])
    for rule_file in config["rule_files"]:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(config_path), rule_file))
        for group in load_yaml(rendered[resolved])["groups"]:
            for rule in group["rules"]:
                if rule.get("alert") == alert:
                    return rule["expr"], rule.get("for", "0s")
    raise AssertionError(f"{alert} not loaded by {config_path}")


def test_prod_overrides_change_the_thresholds_prometheus_loads(shipped):
    base_expr, base_for = _alert_expr(shipped.rendered, "env/staging/prometheus.yml", "HighAgentErrorRate")
    prod_expr, prod_for = _alert_expr(shipped.rendered, "env/prod/prometheus.yml", "HighAgentErrorRate")
    dev_expr, dev_for = _alert_expr(shipped.rendered, "env/dev/prometheus.yml", "HighAgentErrorRate")
    prod = next(e for e in shipped.model.environments if e.name == "prod")
    override = prod.alert_overrides["HighAgentErrorRate"]
    assert re.search(rf"> {re.escape(str(override.params['threshold']))}\s*$", prod_expr)
    assert prod_for == override.for_
    assert len({base_expr, prod_expr, dev_expr}) == 3
    assert base_for != prod_for


def test_ha_pair_shares_one_config_with_an_expanded_replica_label(shipped):
    prod = load_yaml(shipped.rendered["env/prod/prometheus.yml"])
    assert prod["global"]["external_labels"]["replica"] == "${REPLICA}"
    args = shipped.rendered["env/prod/prometheus.args"].decode().split()
    assert "--enable-feature=expand-external-labels" in args
    # A single server needs neither the label nor the feature.
    dev = load_yaml(shipped.rendered["env/dev/prometheus.yml"])
    assert "replica" not in dev["global"]["external_labels"]
    assert "--enable-feature=expand-external-labels" not in shipped.rendered["env/dev/prometheus.args"].decode()
    # Alertmanager deduplicates the pair's alerts only if the replica label is dropped first.
    assert {"action": "labeldrop", "regex": "replica"} in prod["alerting"]["alert_relabel_configs"]


def test_scrape_configs_per_environment(shipped):
    dev = load_yaml(shipped.rendered["env/dev/prometheus.yml"])
    assert all("static_configs" in job and "kubernetes_sd_configs" not in job for job in dev["scrape_configs"])
    prod = load_yaml(shipped.rendered["env/prod/prometheus.yml"])
    pods = next(job for job in prod["scrape_configs"] if "kubernetes_sd_configs" in job)
    assert pods["kubernetes_sd_configs"][0]["role"] == "pod"
    keep = pods["relabel_configs"][0]
    assert keep == {
        "source_labels": ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"],
        "regex": "true",
        "action": "keep",
    }
    targets = {r.get("target_label") for r in pods["relabel_configs"]}
    assert {"__address__", "__metrics_path__", "__scheme__", "namespace", "pod"} <= targets
    assert any("file_sd_configs" in job for job in prod["scrape_configs"])
    remote = prod["remote_write"][0]
    assert remote["basic_auth"]["password_file"].startswith("/")
    assert "password" not in remote["basic_auth"]
    assert remote["queue_config"]["max_shards"] >= remote["queue_config"]["min_shards"]


def test_prometheus_args_hold_retention_flags(shipped):
    for env in shipped.model.environments:
        args = shipped.rendered[f"env/{env.name}/prometheus.args"].decode().splitlines()
        assert f"--storage.tsdb.retention.time={env.retention_time}" in args
        assert all(arg.startswith("--") for arg in args)
        if env.retention_size:
            assert f"--storage.tsdb.retention.size={env.retention_size}" in args


def test_alertmanager_credentials_are_files(shipped):
    for env in shipped.model.environments:
        config = load_yaml(shipped.rendered[f"env/{env.name}/alertmanager.yml"])
        for receiver in config["receivers"]:
            for slack in receiver.get("slack_configs", []):
                assert "api_url" not in slack
            for pd in receiver.get("pagerduty_configs", []):
                assert "routing_key" not in pd and "routing_key_file" in pd
            for email in receiver.get("email_configs", []):
                assert "auth_password" not in email
        if any(r.get("slack_configs") for r in config["receivers"]):
            assert config["global"]["slack_api_url_file"].startswith("/")


def test_inhibit_rules(shipped):
    config = load_yaml(shipped.rendered["env/prod/alertmanager.yml"])
    rules = config["inhibit_rules"]
    assert {
        "source_matchers": ['severity="critical"'],
        "target_matchers": ['severity="warning"'],
        "equal": ["alertname", "cluster"],
    } in rules
    target_down = next(r for r in rules if r["source_matchers"] == ['alertname="TargetDown"'])
    assert {"job", "instance"} <= set(target_down["equal"])


# --- Kubernetes ---------------------------------------------------------------------------------

DNS1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def test_kubernetes_prometheus_rules(shipped):
    from monitoring_codegen.render.rules import groups_by_file

    stems = {path.rsplit("/", 1)[1][:-5] for path in groups_by_file(shipped.model)}
    for env in [e for e in shipped.model.environments if e.kubernetes]:
        folder = f"kubernetes/{env.name}/prometheus-rules/"
        files = {p: load_yaml(c) for p, c in shipped.rendered.items() if p.startswith(folder)}
        assert len(files) == len(stems)
        for path, obj in files.items():
            assert obj["apiVersion"] == "monitoring.coreos.com/v1"
            assert obj["kind"] == "PrometheusRule"
            meta = obj["metadata"]
            assert DNS1123.match(meta["name"]) and len(meta["name"]) <= 63
            assert path.endswith(f"/{meta['name']}.yaml")
            assert meta["namespace"] == env.kubernetes.namespace
            assert env.kubernetes.rule_labels.items() <= meta["labels"].items()
            assert obj["spec"]["groups"] and all(g["rules"] for g in obj["spec"]["groups"])
    # The prod PrometheusRule carries prod's thresholds, like prod's prometheus.yml.
    prod_rules = load_yaml(shipped.rendered["kubernetes/prod/prometheus-rules/agent-platform-alerts.yaml"])
    exprs = [
        r["expr"] for g in prod_rules["spec"]["groups"] for r in g["rules"] if r.get("alert") == "HighAgentErrorRate"
    ]
    assert exprs == [_alert_expr(shipped.rendered, "env/prod/prometheus.yml", "HighAgentErrorRate")[0]]


def test_kubernetes_dashboard_configmaps(shipped):
    from monitoring_codegen.render.dashboards import dashboard_path

    for env in [e for e in shipped.model.environments if e.kubernetes]:
        folder = f"kubernetes/{env.name}/dashboards/"
        maps = {p: c for p, c in shipped.rendered.items() if p.startswith(folder)}
        assert len(maps) == len(shipped.model.dashboards)
        by_uid = {}
        for path, content in maps.items():
            assert len(content) < 1024 * 1024
            obj = load_yaml(content)
            assert obj["apiVersion"] == "v1" and obj["kind"] == "ConfigMap"
            meta = obj["metadata"]
            assert DNS1123.match(meta["name"]) and len(meta["name"]) <= 63
            assert meta["labels"]["grafana_dashboard"] == "1"
            assert meta["namespace"] == env.kubernetes.namespace
            ((key, value),) = obj["data"].items()
            assert re.match(r"^[-._a-zA-Z0-9]+$", key)
            by_uid[key[:-5]] = (value, meta["annotations"]["grafana_folder"])
        for dashboard in shipped.model.dashboards:
            value, folder_name = by_uid[dashboard.uid]
            assert value.encode() == shipped.rendered[dashboard_path(dashboard)]
            assert folder_name == dashboard.folder
        kustomization = load_yaml(shipped.rendered[f"kubernetes/{env.name}/kustomization.yaml"])
        assert sorted(f"kubernetes/{env.name}/{r}" for r in kustomization["resources"]) == sorted(
            p
            for p in shipped.rendered
            if p.startswith(f"kubernetes/{env.name}/") and not p.endswith("kustomization.yaml")
        )


# --- Mimir / Thanos ----------------------------------------------------------------------------


def test_mimir_rule_namespaces(shipped):
    envs = [e for e in shipped.model.environments if e.mimir]
    assert envs
    for env in envs:
        files = {p: load_yaml(c) for p, c in shipped.rendered.items() if p.startswith(f"mimir/{env.name}/")}
        assert files
        for path, data in files.items():
            assert list(data) == ["namespace", "groups"]
            assert path == f"mimir/{env.name}/{data['namespace']}.yaml"
            for group in data["groups"]:
                assert group["name"] and group["rules"]


# --- compose -----------------------------------------------------------------------------------


def test_compose_stack_is_structurally_sound(shipped):
    from urllib.parse import urlparse

    compose = load_yaml(shipped.rendered["compose/docker-compose.monitoring.yml"])
    services = compose["services"]
    assert {"prometheus", "alertmanager", "grafana", "loki", "tempo"} <= set(services)
    for name, service in services.items():
        image = service["image"]
        assert ":" in image and not image.endswith(":latest"), image
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):  # a path relative to out/compose/
                resolved = posixpath.normpath(posixpath.join("compose", source))
                assert (
                    resolved == "."
                    or resolved in shipped.rendered
                    or any(p.startswith(resolved + "/") for p in shipped.rendered)
                ), f"{name} mounts missing {source}"
            else:
                assert source in compose["volumes"], f"{name} uses undeclared volume {source}"
        for secret in service.get("secrets", []):
            assert secret in compose["secrets"]
        for dependency in service.get("depends_on", []):
            assert dependency in services
    # Configs the containers read exist in out/ at the path the command names.
    for service in ("prometheus", "alertmanager"):
        config = next(a for a in services[service]["command"] if a.startswith("--config.file="))
        rel = config.split("=", 1)[1].removeprefix("/etc/mcg/")
        assert rel in shipped.rendered
    # Every credential file a dev config reads is a docker secret of the service reading it.
    dev = next(e for e in shipped.model.environments if e.local_stack)
    for path in dev.routing.file_references():
        assert path.removeprefix("/run/secrets/") in services["alertmanager"]["secrets"]
    for spec in compose["secrets"].values():
        assert spec["file"].startswith("./secrets/")
    # Grafana's datasources point at services of this stack.
    datasources = load_yaml(shipped.rendered["grafana/provisioning/datasources/datasources.yaml"])["datasources"]
    for ds in datasources:
        assert urlparse(ds["url"]).hostname in services, ds["url"]
    grafana_env = services["grafana"]["environment"]
    assert all(
        not re.search(r"password|secret|token", k, re.I) or v.startswith(("${", "/run/secrets/"))
        for k, v in grafana_env.items()
    )


def test_compose_prometheus_config_uses_the_stack_service_names(shipped):
    compose = load_yaml(shipped.rendered["compose/docker-compose.monitoring.yml"])
    dev = load_yaml(shipped.rendered["env/dev/prometheus.yml"])
    am_targets = [t for am in dev["alerting"]["alertmanagers"] for sc in am["static_configs"] for t in sc["targets"]]
    assert all(t.split(":")[0] in compose["services"] for t in am_targets)


def test_rendering_is_deterministic(shipped):
    from monitoring_codegen.pipeline import render_from

    again = render_from(str(REPO / "definitions"), str(REPO / "out"), start=REPO)
    ours = [p for p in shipped.rendered if p.startswith(("env/", "kubernetes/", "mimir/", "compose/"))]
    assert ours
    assert {p: shipped.rendered[p] for p in ours} == {p: again.rendered[p] for p in ours}


def test_general_folder_dashboards_get_no_folder_annotation():
    """Grafana refuses a folder named General; the sidecar's default folder is the right place."""
    from types import SimpleNamespace

    from monitoring_codegen.render.kubernetes import _dashboard_configmap

    env = SimpleNamespace(
        kubernetes=SimpleNamespace(
            namespace="monitoring", dashboard_label="grafana_dashboard", folder_annotation="grafana_folder"
        )
    )
    general = _dashboard_configmap(env, SimpleNamespace(folder="General", uid="g"), "grafana-dashboard-g", b"{}")
    team = _dashboard_configmap(env, SimpleNamespace(folder="Team A", uid="t"), "grafana-dashboard-t", b"{}")
    assert "annotations" not in general["metadata"]
    assert team["metadata"]["annotations"] == {"grafana_folder": "Team A"}
