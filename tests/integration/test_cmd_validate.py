"""`mcg validate`: real promtool and amtool on the rendered artifacts."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, run_mcg, snapshot, write_project

pytestmark = pytest.mark.skipif(
    not shutil.which("promtool") or not shutil.which("amtool"), reason="needs promtool and amtool (make test-tools)"
)

RULES = """
    from monitoring_codegen import AlertRule, RuleGroup
    GROUP = RuleGroup(name="app", rules=[
        AlertRule(alert="AppDown", expr="up == 0", for_="5m", labels={"severity": "critical"},
                  annotations={"summary": %s}),
    ])
"""


def test_shipped_definitions_validate():
    result = run_mcg("validate", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "promtool check rules" in result.stdout
    from monitoring_codegen.pipeline import render_from

    rendered = render_from(start=REPO).rendered
    rule_files = [p for p in rendered if "/rules/" in p and p.startswith(("prometheus/", "env/"))]
    assert f"{len(rule_files)} x promtool check rules" in result.stdout


def test_a_rule_file_promtool_rejects_names_its_group(tmp_path, monkeypatch):
    # An annotation template Go cannot parse, with mcg's own template check switched off (the
    # build refuses it since model/go_templates.py): whatever only promtool knows, the failure
    # points at the group.
    monkeypatch.setattr("monitoring_codegen.model.fields.template_error", lambda text: None)
    root = write_project(tmp_path / "proj", {"rules.py": RULES % repr("{{ $labels.instance ")})
    before = snapshot(root / "out")
    result = run_mcg("validate", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL promtool check rules prometheus/rules/app.yaml" in result.stdout
    assert "from RuleGroup 'app' at definitions/rules.py:2" in result.stdout
    assert "template" in result.stdout
    assert snapshot(root / "out") == before


def test_a_valid_project_passes(tmp_path):
    root = write_project(tmp_path / "proj", {"rules.py": RULES % repr("{{ $labels.instance }} is down")})
    result = run_mcg("validate", "-v", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 1 rules found" in result.stdout
