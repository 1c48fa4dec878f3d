"""`mcg env-diff`: two environments compared by meaning through the one differ."""

from __future__ import annotations

from conftest import REPO, run_mcg


def test_dev_and_prod_differ_rule_by_rule(shipped):
    from monitoring_codegen.differ.environments import diff_environments, environment_tree

    build = shipped
    dev = environment_tree(build, "dev")
    assert {"prometheus.yml", "prometheus.args", "alertmanager.yml"} <= set(dev)
    assert any(path.startswith("rules/") for path in dev)
    assert diff_environments(build, "dev", "dev") == []
    diffs = {d.path: d for d in diff_environments(build, "dev", "prod")}
    rules = diffs["rules/agent-platform-alerts.yaml"]
    changed = {(c.subject, c.field) for c in rules.changes}
    prod = next(e for e in build.model.environments if e.name == "prod")
    for alert, override in prod.alert_overrides.items():
        if override.params:
            assert any(alert in subject and field == "expr" for subject, field in changed), (alert, changed)
    # Rules neither environment overrides are identical: the recording rules do not show up.
    assert not any(path.endswith("records.yaml") for path in diffs)


def test_env_diff_command(tmp_path):
    result = run_mcg("env-diff", "dev", "prod", "--exit-code", cwd=REPO)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("mcg env-diff dev prod:")
    assert "HighAgentErrorRate" in result.stdout and "for: 2m -> 10m" in result.stdout
    same = run_mcg("env-diff", "staging", "staging", "--exit-code", cwd=REPO)
    assert same.returncode == 0
    unknown = run_mcg("env-diff", "dev", "nope", cwd=REPO)
    assert unknown.returncode == 2 and "unknown environment 'nope'" in unknown.stderr
