"""`mcg build` output checked by the real promtool: the rule files of a small project, the
shipped rule files, and label values YAML 1.2 readers would take for numbers."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml
from conftest import BASIC, REPO, run_mcg


def test_promtool_accepts_rule_files(project):
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (make test installs it)")
    root = project(BASIC)
    assert run_mcg("build", cwd=root).returncode == 0
    rule_files = sorted((root / "out/prometheus/rules").glob("*.yaml"))
    result = subprocess.run([promtool, "check", "rules", *map(str, rule_files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 rules found" in result.stdout


def test_shipped_rule_files_pass_promtool():
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (make test installs it)")
    rule_files = sorted((REPO / "out").rglob("prometheus/rules/*.yaml"))
    assert rule_files, "out/ has no rule files: run `make build`"
    result = subprocess.run([promtool, "check", "rules", *map(str, rule_files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


YAML12_NUMBERS = ["1e3", "+1e3", "1.5e3", "1.0e+3", ".5", "0o17", "0b101", "y", "N"]  # not numbers to PyYAML


def test_label_values_that_yaml_1_2_reads_as_numbers_are_quoted(project):
    labels = {f"v{i}": value for i, value in enumerate(YAML12_NUMBERS + ["0123", "yes", "on", "007", "1_000"])}
    root = project(
        {
            "rules.py": f"""
        from monitoring_codegen import AlertRule, RuleGroup
        G = RuleGroup(name="g", rules=[AlertRule(alert="A", expr="up == 0",
            labels={{"severity": "info", **{labels!r}}}, annotations={{"summary": "x"}})])
    """
        }
    )
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    text = (root / "out/prometheus/rules/g.yaml").read_text()
    loaded = yaml.safe_load(text)["groups"][0]["rules"][0]["labels"]
    for key, value in labels.items():
        assert loaded[key] == value
        assert f"{key}: '{value}'" in text, f"{value!r} is a number or boolean to YAML 1.2 / Go yaml"
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool not installed (make test installs it)")
    check = subprocess.run(
        [promtool, "check", "rules", str(root / "out/prometheus/rules/g.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout + check.stderr
