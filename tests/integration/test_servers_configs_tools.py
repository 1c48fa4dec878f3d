"""Server configs through the real promtool and amtool: the shipped environments' configs,
rule files they reference, Mimir namespaces, a minimal environment, and definitions whose
label values and regexes need care on the way to amtool."""

from __future__ import annotations

import shutil

import pytest
from conftest import run_mcg, snapshot, write_project

from monitoring_codegen.yamlio import load_yaml

needs_tools = pytest.mark.skipif(
    not (shutil.which("promtool") and shutil.which("amtool")), reason="promtool/amtool not installed (make test-tools)"
)


# --- the shipped environments (the `shipped` fixture: tests/conftest.py) ----------------------


@needs_tools
def test_promtool_and_amtool_accept_every_config(shipped):
    from monitoring_codegen.tools.server_checks import KUBERNETES_SD_NOTE, check_server_configs

    checks = check_server_configs(shipped)
    assert {c.path for c in checks} == {
        "env/dev/prometheus.yml",
        "env/prod/prometheus.yml",
        "env/staging/prometheus.yml",
        "env/dev/alertmanager.yml",
        "env/prod/alertmanager.yml",
        "env/staging/alertmanager.yml",
    }
    for check in checks:
        assert check.ok, f"{check.tool} rejected {check.path}:\n{check.output}"
        if check.tool == "promtool":
            # promtool also loaded every rule file the config names.
            assert "SUCCESS" in check.output and "rules found" in check.output
            # Only Debian's missing Kubernetes SD may be worked around, nothing else.
            assert check.note in ("", KUBERNETES_SD_NOTE)
    # dev uses static targets only: promtool checked it exactly as rendered.
    assert next(c for c in checks if c.path == "env/dev/prometheus.yml").note == ""


@needs_tools
def test_kubernetes_sd_fallback_still_catches_other_errors(shipped, tmp_path):
    """The Debian workaround applies only when Kubernetes SD is promtool's sole complaint."""
    from monitoring_codegen.tools.binaries import find_tool
    from monitoring_codegen.tools.server_checks import check_prometheus_config

    promtool = find_tool("promtool")
    (tmp_path / "env/prod").mkdir(parents=True)
    broken = shipped.rendered["env/prod/prometheus.yml"].replace(b"action: keep", b"action: kepp", 1)
    (tmp_path / "env/prod/prometheus.yml").write_bytes(broken)
    for rel, content in shipped.rendered.items():
        if rel.startswith("env/prod/prometheus/rules/"):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_bytes(content)
    assert not check_prometheus_config(tmp_path, "env/prod/prometheus.yml", promtool).ok


@needs_tools
def test_promtool_fails_when_a_referenced_rule_file_is_missing(shipped, tmp_path):
    """The check is real: rule_files resolve relative to the config, and a missing one fails."""
    from monitoring_codegen.tools.binaries import find_tool, run_tool

    for rel, content in shipped.rendered.items():
        if rel.startswith(("env/", "prometheus/")):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_bytes(content)
    promtool = find_tool("promtool")
    assert run_tool([promtool, "check", "config", "env/dev/prometheus.yml"], cwd=tmp_path).ok
    config = load_yaml(shipped.rendered["env/dev/prometheus.yml"])
    (tmp_path / "env/dev" / config["rule_files"][0]).unlink()
    result = run_tool([promtool, "check", "config", "env/dev/prometheus.yml"], cwd=tmp_path)
    assert not result.ok


@needs_tools
def test_mimir_namespaces_are_valid_prometheus_rule_groups(shipped, tmp_path):
    """What mimirtool uploads per namespace are ordinary rule groups: promtool must accept them."""
    from monitoring_codegen.tools.binaries import find_tool, run_tool
    from monitoring_codegen.yamlio import dump_yaml

    promtool = find_tool("promtool")
    for path, content in shipped.rendered.items():
        if path.startswith("mimir/"):
            target = tmp_path / path.replace("/", "_")
            target.write_bytes(dump_yaml({"groups": load_yaml(content)["groups"]}))
            result = run_tool([promtool, "check", "rules", str(target)])
            assert result.ok, result.output


# --- small projects --------------------------------------------------------------------------


@needs_tools
def test_minimal_environment_renders_valid_configs(tmp_path):
    root = write_project(
        tmp_path / "proj",
        {
            "env.py": """
        from monitoring_codegen import Environment, ScrapeJob, StaticTargets
        ENV = Environment(name="tiny", external_labels={"cluster": "on", "zone": "0123", "odd": "a: b #c"},
                          scrape_jobs=[ScrapeJob(job_name="self", static=[StaticTargets(targets=["localhost:9090"])])])
    """
        },
    )
    assert run_mcg("build", cwd=root).returncode == 0
    files = snapshot(root / "out")
    assert "env/tiny/prometheus.yml" in files and "env/tiny/alertmanager.yml" not in files
    config = load_yaml(files["env/tiny/prometheus.yml"])
    # YAML-sensitive values survive the template exactly (no 'on' -> true, '0123' -> 123).
    assert config["global"]["external_labels"] == {"cluster": "on", "odd": "a: b #c", "zone": "0123"}
    assert config["rule_files"] == []
    from monitoring_codegen.tools.binaries import run_tool

    result = run_tool(["promtool", "check", "config", "env/tiny/prometheus.yml"], cwd=root / "out")
    assert result.ok, result.output


@needs_tools
def test_routing_tests_with_quotes_and_unicode_reach_amtool_intact(tmp_path):
    """Before: labels went to amtool unquoted; `team=a"b` was refused ("unescaped double quote")."""
    files = {
        "routing.py": """
        from monitoring_codegen import *

        ROUTING = AlertRouting(
            name="team",
            receivers=[Receiver(name="default"),
                       Receiver(name="pd", pagerduty=[PagerDutyConfig(routing_key_file="/run/secrets/pd")]),
                       Receiver(name="hook", webhook=[WebhookConfig(url="https://hooks.example.com/a?env=prod")])],
            route=Route(receiver="default", routes=[
                Route(match={"team": 'a"b', "site": "prød-✓ 日本"}, receiver="pd"),
                Route(match={"colon": "a: b", "path": "C:\\\\x"}, receiver="hook"),
            ]),
            tests=[
                RoutingTest(labels={"team": 'a"b', "site": "prød-✓ 日本"}, receivers=["pd"]),
                RoutingTest(labels={"colon": "a: b", "path": "C:\\\\x"}, receivers=["hook"]),
                RoutingTest(labels={"team": "a", "site": "prød-✓ 日本"}, receivers=["default"]),
            ],
        )
        ENV = Environment(name="dev", routing=ROUTING,
                          external_labels={"quote": 'a"b', "colon": "a: b", "yes": "yes", "num": "0123",
                                           "brace": "{{ x }}", "unicode": "prød-✓"})
    """
    }
    root = write_project(tmp_path / "proj", files)
    result = run_mcg("routes", "--check-configs", "-v", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed, 0 failed" in result.stdout
    assert "ok   promtool env/dev/prometheus.yml" in result.stdout
    assert "ok   amtool env/dev/alertmanager.yml" in result.stdout


@needs_tools
def test_regexes_go_accepts_but_python_does_not_are_allowed(tmp_path):
    """Before: `\\p{L}` (RE2 and Go read it; Python's `re` does not) was refused."""
    files = {
        "routing.py": r"""
        from monitoring_codegen import *

        ROUTING = AlertRouting(
            name="team", receivers=[Receiver(name="a"), Receiver(name="b")],
            route=Route(receiver="a", routes=[Route(match_re={"service": r"\p{L}+-api"}, receiver="b")]),
            tests=[RoutingTest(labels={"service": "ünï-api"}, receivers=["b"]),
                   RoutingTest(labels={"service": "1-api"}, receivers=["a"])],
        )
        ENV = Environment(name="dev", routing=ROUTING)
    """
    }
    root = write_project(tmp_path / "proj", files)
    result = run_mcg("routes", "--check-configs", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed, 0 failed" in result.stdout
