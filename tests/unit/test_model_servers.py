"""Validation of environments, scrape/remote-write parts and routing: mistakes are reported at
the user's file:line before anything renders; Kubernetes names and sizes; YAML safety."""

from __future__ import annotations

from conftest import run_mcg, snapshot, write_project

from monitoring_codegen.yamlio import load_yaml


def _fails(tmp_path, source: str, *needles: str, name: str = "env.py") -> str:
    root = write_project(tmp_path / "proj", {name: source})
    result = run_mcg("build", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "out").exists()
    return result.stderr


ROUTING_HEAD = """
    from monitoring_codegen import AlertRouting, Environment, InhibitRule, Receiver, Route, RoutingTest
"""


def test_route_naming_an_undeclared_receiver(tmp_path):
    _fails(
        tmp_path,
        ROUTING_HEAD
        + """
    R = AlertRouting(name="r", receivers=[Receiver(name="a")],
                     route=Route(receiver="a", routes=[Route(match={"team": "x"}, receiver="b")]))
    """,
        "definitions/env.py:3: error: AlertRouting 'r'",
        "undeclared receivers ['b']",
    )


def test_duplicate_receivers_and_root_matchers(tmp_path):
    _fails(
        tmp_path,
        ROUTING_HEAD
        + """
    R = AlertRouting(name="r", receivers=[Receiver(name="a"), Receiver(name="a")], route=Route(receiver="a"))
    """,
        "receiver names must be unique: ['a']",
    )


def test_root_route_cannot_match(tmp_path):
    _fails(
        tmp_path,
        ROUTING_HEAD
        + """
    R = AlertRouting(name="r", receivers=[Receiver(name="a")], route=Route(receiver="a", match={"x": "y"}))
    """,
        "root route must match every alert",
    )


def test_bad_route_duration_and_regex_point_at_the_route(tmp_path):
    _fails(
        tmp_path,
        ROUTING_HEAD
        + """
    R = AlertRouting(name="r", receivers=[Receiver(name="a")], route=Route(
        receiver="a",
        routes=[Route(receiver="a", group_wait="soon")]))
    """,
        "definitions/env.py:5: error: Route",
        "'soon' is not a Prometheus duration",
    )
    _fails(
        tmp_path,
        ROUTING_HEAD
        + """
    I = InhibitRule(source_match_re={"x": "("}, target_match={"y": "z"})
    """,
        "definitions/env.py:3: error: InhibitRule",
        "does not compile",
    )


def test_scrape_jobs_need_targets_and_valid_addresses(tmp_path):
    _fails(
        tmp_path,
        """
    from monitoring_codegen import Environment, ScrapeJob
    ENV = Environment(name="dev", scrape_jobs=[ScrapeJob(job_name="x")])
    """,
        "definitions/env.py:2: error: ScrapeJob 'x'",
        "needs static targets, kubernetes_pods or file_sd",
    )
    _fails(
        tmp_path,
        """
    from monitoring_codegen import StaticTargets
    T = StaticTargets(targets=["http://api:8080/metrics"])
    """,
        "definitions/env.py:2: error: StaticTargets",
        "is not host:port",
    )


def test_environment_consistency(tmp_path):
    _fails(
        tmp_path,
        """
    from monitoring_codegen import Environment
    ENV = Environment(name="prod", replicas=2, external_labels={"replica": "a"})
    """,
        "definitions/env.py:2: error: Environment 'prod'",
        "which mcg sets per replica",
    )
    _fails(
        tmp_path,
        """
    from monitoring_codegen import Environment
    ENV = Environment(name="prod", extra_args=["--storage.tsdb.retention.time=1d"])
    """,
        "is set by mcg from the environment's fields",
    )
    _fails(
        tmp_path,
        """
    from monitoring_codegen import Environment
    ENV = Environment(name="prod", retention_size="200G")
    """,
        "retention_size '200G'",
    )


def test_one_local_stack_and_docker_secret_paths(tmp_path):
    _fails(
        tmp_path,
        """
    from monitoring_codegen import Environment
    A = Environment(name="a", local_stack=True)
    B = Environment(name="b", local_stack=True)
    """,
        "definitions/env.py:3: error: Environment 'b'",
        "local_stack is set on 2 environments",
    )
    _fails(
        tmp_path,
        """
    from monitoring_codegen import Environment, RemoteWrite, BasicAuth
    A = Environment(name="a", local_stack=True, remote_write=[RemoteWrite(
        name="m", url="http://mimir:8080/api/v1/push",
        basic_auth=BasicAuth(username="u", password_file="/etc/secrets/pw"))])
    """,
        "definitions/env.py:2: error: Environment 'a'",
        "/run/secrets/<name>",
    )


def test_remote_write_refuses_authorization_headers(tmp_path):
    _fails(
        tmp_path,
        """
    from monitoring_codegen import RemoteWrite
    RW = RemoteWrite(name="m", url="http://mimir/api/v1/push", headers={"Authorization": "Bearer x"})
    """,
        "definitions/env.py:2: error: RemoteWrite 'm'",
        "use bearer_token_file or basic_auth",
    )


# --- Kubernetes names and sizes -------------------------------------------------------------------


def test_kubernetes_names_are_rfc1123_and_distinct():
    import re

    from monitoring_codegen.render.kubernetes import kubernetes_name

    long_a = "A_Very_Long_Dashboard_UID_" + "x" * 60 + "_a"
    long_b = "A_Very_Long_Dashboard_UID_" + "x" * 60 + "_b"
    names = [kubernetes_name(t, prefix="grafana-dashboard-") for t in ("Agents_Overview", long_a, long_b, "--")]
    for name in names:
        assert re.match(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name) and len(name) <= 63, name
    assert names[0] == "grafana-dashboard-agents-overview"
    assert names[1] != names[2]


K8S_ENV = """
    from monitoring_codegen import Environment, KubernetesTarget
    ENV = Environment(name="prod", kubernetes=KubernetesTarget(namespace="obs"))
"""


def _board(uid: str, text: str = '"hello"', title: str | None = None) -> str:
    return (
        f'Dashboard(folder="F", board={{"title": "{title or uid}", "uid": "{uid}", "panels": ['
        f'{{"type": "text", "title": "t", "options": {{"content": {text}}}}}]}})'
    )


def test_dashboard_uids_differing_in_case_collide_as_kubernetes_names(tmp_path):
    _fails(
        tmp_path,
        K8S_ENV
        + f"""
    from monitoring_codegen import Dashboard
    A = {_board("Agents")}
    B = {_board("agents", title="Agent details")}
    """,
        "Kubernetes name 'grafana-dashboard-agents'",
    )


def test_configmap_over_one_mebibyte_is_an_error_naming_the_dashboard(tmp_path):
    stderr = _fails(
        tmp_path,
        K8S_ENV
        + f"""
    from monitoring_codegen import Dashboard
    BIG = {_board("big", text='"x" * (1024 * 1024)')}
    """,
        "definitions/env.py:5: error: Dashboard",
        "Kubernetes refuses objects of 1 MiB",
    )
    assert "environment 'prod'" in stderr


def test_kubernetes_outputs_use_the_configured_namespace(tmp_path):
    root = write_project(
        tmp_path / "proj",
        {
            "env.py": K8S_ENV
            + f"""
    from monitoring_codegen import Dashboard
    A = {_board("agents")}
    """
        },
    )
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    files = snapshot(root / "out")
    cm = load_yaml(files["kubernetes/prod/dashboards/grafana-dashboard-agents.yaml"])
    assert cm["metadata"]["namespace"] == "obs"
    assert load_yaml(files["kubernetes/prod/kustomization.yaml"])["namespace"] == "obs"
    _fails(tmp_path / "b", K8S_ENV.replace('"obs"', '"Obs_1"'), "is not a valid Kubernetes name")
