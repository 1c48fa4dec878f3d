"""SLO rules and their generated tests against the real promtool: the rules load, the tests
pass, and every burn-rate alert's tests fail once its expression can never match."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import REPO

PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(not PROMTOOL, reason="promtool not installed (make test-tools)")
SLOTH = str(REPO / "tests/corpus/sloth/getting-started.yml")


def _slo_cases(build):
    from monitoring_codegen.render.rule_tests import collect_cases

    slo_alerts = {rule.alert for slo in build.model.slos for group in slo.rule_groups for rule in group.alerts()}
    return [c for c in collect_cases(build.model) if c.rule_name in slo_alerts], slo_alerts


def _neutered(rendered: dict[str, bytes], alert: str) -> dict[str, bytes]:
    from monitoring_codegen.yamlio import dump_yaml, load_yaml

    out = dict(rendered)
    for path, content in rendered.items():
        if path.startswith("prometheus/rules/slo-"):
            data = load_yaml(content)
            for group in data["groups"]:
                for rule in group["rules"]:
                    if rule.get("alert") == alert:
                        rule["expr"] = "vector(0) > 1"
            out[path] = dump_yaml(data)
    return out


@needs_promtool
def test_shipped_slo_rule_files_pass_promtool_check(tmp_path, shipped):
    files = []
    for path, content in shipped.rendered.items():
        if path.startswith("prometheus/rules/slo-"):
            files.append(tmp_path / path.rsplit("/", 1)[1])
            files[-1].write_bytes(content)
    assert len(files) == 2
    result = subprocess.run([PROMTOOL, "check", "rules", *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 40 rules found" in result.stdout and "SUCCESS: 20 rules found" in result.stdout


@needs_promtool
def test_mcg_slo_generate_output_passes_promtool_check(tmp_path):
    from conftest import run_mcg

    out = tmp_path / "rules.yml"
    result = run_mcg("slo", "generate", "-i", SLOTH, "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    check = subprocess.run([PROMTOOL, "check", "rules", str(out)], capture_output=True, text=True)
    assert check.returncode == 0 and "SUCCESS: 17 rules found" in check.stdout, check.stdout + check.stderr


@needs_promtool
def test_generated_slo_tests_pass_and_fail_when_the_alert_is_neutered(shipped):
    from monitoring_codegen.tools.rule_tests import run_rule_tests

    cases, alerts = _slo_cases(shipped)
    assert len(alerts) == 6 and len(cases) >= 30  # burn and budget alerts of the three SLOs
    results = run_rule_tests(shipped.model, shipped.rendered, PROMTOOL, cases=cases)
    failed = [(r.case.name, r.output) for r in results if not r.passed]
    assert not failed, failed
    for alert in sorted(alerts):
        own = [c for c in cases if c.rule_name == alert]
        firing = [c for c in own if c.test.fires]
        assert firing and any(not c.test.fires for c in own), alert
        results = run_rule_tests(shipped.model, _neutered(shipped.rendered, alert), PROMTOOL, cases=firing)
        passed = [r.case.name for r in results if r.passed]
        assert not passed, f"{alert}: these tests pass although the alert can never fire: {passed}"


@needs_promtool
def test_committed_slo_tests_pass_with_promtool_from_out():
    tests = sorted((REPO / "out/prometheus/tests").glob("slo-*.yaml"))
    assert len(tests) == 2
    result = subprocess.run(
        [PROMTOOL, "test", "rules", *[t.name for t in tests]],
        cwd=tests[0].parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_mcg_slo_generate_reads_openslo_and_promtool_accepts_it(tmp_path):
    from conftest import run_mcg

    out = tmp_path / "rules.yml"
    spec = str(REPO / "tests/corpus/sloth/openslo-kubernetes-apiserver.yml")
    result = run_mcg("slo", "generate", "-i", spec, "-i", SLOTH, "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    check = subprocess.run([PROMTOOL, "check", "rules", str(out)], capture_output=True, text=True)
    assert check.returncode == 0 and "SUCCESS: 62 rules found" in check.stdout, check.stdout + check.stderr


@needs_promtool
def test_sloth_spec_slos_get_tests_that_promtool_passes(tmp_path):
    # sloth's getting-started spec from a definitions module: its events SLI is a plain ratio of
    # counters, so mcg writes the burn alerts' tests.
    from conftest import run_mcg

    definitions = tmp_path / "definitions"
    definitions.mkdir()
    (definitions / "spec.yml").write_text((REPO / "tests/corpus/sloth/getting-started.yml").read_text())
    (definitions / "slos.py").write_text('from monitoring_codegen import SLO\n\nSLOS = SLO.from_sloth("spec.yml")\n')
    (tmp_path / "pyproject.toml").write_text("[tool.mcg]\n")
    result = run_mcg("test", "--coverage", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "24 passed, 0 failed" in result.stdout and "17 of 17 rules have tests" in result.stdout
