"""`mcg init` as a new user meets it: mcg built as a wheel, installed with its dependencies into
a fresh virtualenv outside this repository, run in an empty folder; then `mcg build`, `check`,
`lint --strict` and `test` (the real promtool) pass there, and so do the generated pre-commit
hooks, run by the real pre-commit. About 20 s, most of it installing the wheel's dependencies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import REPO, snapshot

from monitoring_codegen.new_project import starter_files

TIMEOUT = 300  # a bound, not an expectation: installing from a warm cache takes ~10 s


def _run(args, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="session")
def installed_mcg(tmp_path_factory) -> Iterator[Path]:
    """The bin/ folder of a fresh virtualenv holding mcg from a wheel of this source tree."""
    work = tmp_path_factory.mktemp("mcg-wheel")
    # Build from a copy: the build must not write build/ or egg-info into the checkout other tests read.
    source = work / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for name in ("monitoring_codegen", "templates"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    wheels = work / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source], work, timeout=TIMEOUT)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("monitoring_codegen-*.whl")

    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    # This interpreter's pip installs into the new environment (and reuses its download cache).
    install = _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile", wheel], work, timeout=TIMEOUT
    )
    assert install.returncode == 0, install.stderr
    where = _run([python, "-c", "import monitoring_codegen; print(monitoring_codegen.__file__)"], work)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr
    yield venv / "bin"
    shutil.rmtree(work, ignore_errors=True)  # tens of MB, which pytest would keep with its last three runs


def test_init_from_a_wheel_in_a_fresh_virtualenv(installed_mcg, tmp_path):
    bin_dir = installed_mcg
    mcg = bin_dir / "mcg"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    assert shutil.which("promtool", path=env["PATH"]), "promtool is needed: `make test-tools` installs it"

    init = _run([mcg, "init", "new-project"], tmp_path, env)
    assert init.returncode == 0, init.stdout + init.stderr
    project = tmp_path / "new-project"
    files = snapshot(project)
    # Every starter file came out of the wheel (package data), and only those plus out/.
    expected = set(starter_files("new-project"))
    assert {rel for rel in files if not rel.startswith("out/")} == expected
    assert files["pyproject.toml"] == starter_files("new-project")["pyproject.toml"]

    build = _run([mcg, "build"], project, env)
    assert build.returncode == 0, build.stderr
    # init built out/ already: the same files again, nothing written (the manifest is not counted).
    generated = sum(1 for rel in files if rel.startswith("out/") and rel != "out/.mcg-manifest")
    assert generated > 7  # rules, tests, dashboard, provisioning, docs pages
    assert f"mcg build: {generated} files in out/ (0 written, {generated} unchanged, 0 removed)" in build.stdout
    assert "out/docs/alerts/HTTPHighErrorRate.md" in files
    check = _run([mcg, "check", "--strict"], project, env)
    assert check.returncode == 0 and f"mcg check: out/ is up to date ({generated + 1} files)" in check.stdout, (
        check.stdout
    )
    lint = _run([mcg, "lint", "--strict"], project, env)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "0 error(s), 0 warning(s), 0 info" in lint.stdout
    test = _run([mcg, "test", "--coverage"], project, env)
    assert test.returncode == 0, test.stdout + test.stderr
    assert "mcg test: 2 tests of 1 rules: 2 passed, 0 failed" in test.stdout
    assert "coverage: 1 of 1 rules have tests" in test.stdout

    # out/ holds the dashboard and the rules, and promtool itself accepts them.
    out = project / "out"
    board = yaml.safe_load((out / "grafana/dashboards/Services/service-overview.json").read_text())
    assert board["title"] == "Service overview" and len(board["panels"]) == 3
    rules = yaml.safe_load((out / "prometheus/rules/http.yaml").read_text())
    assert [r["alert"] for g in rules["groups"] for r in g["rules"]] == ["HTTPHighErrorRate"]
    assert _run(["promtool", "check", "rules", out / "prometheus/rules/http.yaml"], project, env).returncode == 0
    tested = _run(["promtool", "test", "rules", out / "prometheus/tests/http.yaml"], project, env)
    assert tested.returncode == 0, tested.stdout + tested.stderr

    # A second init refuses and changes nothing.
    before = snapshot(project)
    again = _run([mcg, "init", "new-project"], tmp_path, env)
    assert again.returncode == 2 and "never replaces a file" in again.stderr, again.stdout + again.stderr
    assert snapshot(project) == before

    # The generated pre-commit hooks, run by pre-commit itself in a fresh git repository.
    assert _run(["git", "init", "-q"], project, env).returncode == 0
    assert _run(["git", "add", "-A"], project, env).returncode == 0
    pre_commit = [Path(sys.executable).parent / "pre-commit", "run", "--all-files"]
    hooks_env = {**env, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    passed = _run(pre_commit, project, hooks_env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    hook_names = [h["name"] for h in yaml.safe_load(files[".pre-commit-config.yaml"])["repos"][0]["hooks"]]
    assert len(hook_names) == 2 and all(f"{name}..." in passed.stdout for name in hook_names), passed.stdout
    rules_file = out / "prometheus/rules/http.yaml"
    rules_file.write_text(rules_file.read_text().replace("for: 10m", "for: 1m"))
    assert _run(["git", "add", "-A"], project, env).returncode == 0
    drifted = _run(pre_commit, project, hooks_env)
    assert drifted.returncode == 1
    assert "- hook id: mcg-check" in drifted.stdout and "changed  out/prometheus/rules/http.yaml" in drifted.stdout
