"""Shared fixtures: run the real `mcg` in a subprocess against a project in a temp folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MCG = [sys.executable, "-m", "monitoring_codegen"]


def run_mcg(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*MCG, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


def write_project(root: Path, files: dict[str, str]) -> Path:
    """A minimal mcg project: pyproject.toml plus the given definition modules."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text('[tool.mcg]\ndefinitions = "definitions"\nout = "out"\n')
    (root / "definitions").mkdir(exist_ok=True)
    for name, content in files.items():
        path = root / "definitions" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content).lstrip("\n"))
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder with its bytes: what 'untouched' is checked against."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    def make(files: dict[str, str]) -> Path:
        return write_project(tmp_path / "proj", files)

    return make


BASIC = {
    "catalog.py": """
        from monitoring_codegen import Metric, Datasource
        REQS = Metric(name="app_requests_total", type="counter", help="requests", labels=("route", "status"))
        PROM = Datasource(name="Prometheus", type="prometheus", uid="prom", url="http://127.0.0.1:9090", is_default=True)
    """,
    "rules.py": """
        from monitoring_codegen import AlertRule, RecordingRule, RuleGroup
        GROUP = RuleGroup(name="app", rules=[
            RecordingRule(record="route:app_requests:rate5m", expr="sum by (route) (rate(app_requests_total[5m]))"),
            AlertRule(alert="AppErrors", for_="5m",
                      expr='sum by (route) (rate(app_requests_total{status="500"}[5m])) / sum by (route) (rate(app_requests_total[5m])) > 0.1',
                      labels={"severity": "critical"}, annotations={"summary": "errors on {{ $labels.route }}"}),
        ])
    """,
    "boards.py": """
        from grafanalib import core as G
        from monitoring_codegen import Dashboard
        BOARD = Dashboard(folder="App", board=G.Dashboard(title="App", uid="app", panels=[
            G.TimeSeries(title="Requests", unit="reqps", targets=[G.Target(expr="sum(rate(app_requests_total[$__rate_interval]))")]),
            G.Stat(title="Now", format="reqps", targets=[G.Target(expr="sum(rate(app_requests_total[5m]))")]),
        ]))
    """,
}
