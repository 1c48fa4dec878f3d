"""Who a runbook page says is notified agrees with the real amtool: `AlertRouting.receivers_for`
(the route-tree walk the docs use) against `amtool config routes test` on the rendered
alertmanager.yml, for every shipped alert in every environment and for varied label sets."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import REPO

from monitoring_codegen.pipeline import render_from

pytestmark = pytest.mark.skipif(not shutil.which("amtool"), reason="amtool not installed (make test-tools)")


def _amtool(config, labels: dict[str, str]) -> list[str]:
    args = ["amtool", "config", "routes", "test", f"--config.file={config}"]
    args += [f"{k}={v}" for k, v in sorted(labels.items())]
    out = subprocess.run(args, capture_output=True, text=True, timeout=30, check=True).stdout.strip()
    return out.split(",") if out else []


def test_receivers_for_agrees_with_amtool(tmp_path):
    build = render_from(start=REPO)
    cases = []
    for env in build.model.environments:
        if env.routing is None:
            continue
        config = tmp_path / f"{env.name}.yml"
        config.write_bytes(build.rendered[f"env/{env.name}/alertmanager.yml"])
        label_sets = [{**env.external_labels, **rule.labels, "alertname": rule.alert} for rule in build.model.alerts()]
        # Combinations the shipped alerts do not cover: other teams, components, severities, no labels.
        for severity, team, component in itertools.product(
            ["critical", "warning", "info", ""], ["agent-platform", "finops", "agents", ""], ["database", ""]
        ):
            labels = {"alertname": "Any", "severity": severity, "team": team, "component": component}
            label_sets.append({k: v for k, v in labels.items() if v})
        cases += [(env, config, labels) for labels in label_sets]
    assert len(cases) > 60

    def compare(case):
        env, config, labels = case
        return env.name, labels, env.routing.receivers_for(labels), _amtool(config, labels)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(compare, cases))
    wrong = [(env, labels, ours, amtool) for env, labels, ours, amtool in results if ours != amtool]
    assert not wrong, wrong[:5]


def test_shipped_routing_tests_pass_offline():
    build = render_from(start=REPO)
    for env in build.model.environments:
        for test in env.routing.tests if env.routing else []:
            assert env.routing.receivers_for(test.labels) == test.receivers, (env.name, test.describe())
