"""`mcg build`: rendered structure, determinism, safety of the writer (real promtool on the
output: tests/integration/test_build_promtool.py)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import BASIC, REPO, run_mcg, run_mcg_process, snapshot, write_project


def test_build_renders_expected_files(project):
    root = project(BASIC)
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    files = snapshot(root / "out")
    assert set(files) == {
        ".mcg-manifest",
        "grafana/dashboards/App/app.json",
        "grafana/provisioning/dashboards/dashboards.yaml",
        "grafana/provisioning/datasources/datasources.yaml",
        "instrumentation/METRICS.md",
        "instrumentation/metrics.py",
        "prometheus/rules/app.yaml",
        "docs/style.css",
        *(
            f"docs/{page}.{ext}"
            for page in ("index", "alerts/index", "dashboards/index", "metrics", "alerts/AppErrors", "dashboards/app")
            for ext in ("md", "html")
        ),
    }
    manifest = files[".mcg-manifest"].decode().splitlines()
    entries = [line.split("  ", 1) for line in manifest if not line.startswith("#")]
    assert [path for _, path in entries] == sorted(set(files) - {".mcg-manifest"})
    # Each entry carries the sha256 of the file (`sha256sum -c .mcg-manifest` verifies out/).
    import hashlib

    assert all(digest == hashlib.sha256(files[path]).hexdigest() for digest, path in entries)


def test_dashboard_json_is_modern(project):
    root = project(BASIC)
    assert run_mcg("build", cwd=root).returncode == 0
    board = json.loads((root / "out/grafana/dashboards/App/app.json").read_text())
    assert board["schemaVersion"] >= 36
    for legacy in ("rows", "sharedCrosshair", "hideControls", "style"):
        assert legacy not in board
    assert board["uid"] == "app"
    panels = board["panels"]
    assert [p["id"] for p in panels] == [1, 2]
    for panel in panels:
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
        for target in panel["targets"]:
            assert target["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
            assert "query" not in target and "intervalFactor" not in target
    # The datasource variable starts on the declared Prometheus (uid "prom").
    (variable,) = [v for v in board["templating"]["list"] if v["type"] == "datasource"]
    assert variable["name"] == "datasource" and variable["query"] == "prometheus"
    assert variable["current"]["value"] == "prom"
    a, b = (p["gridPos"] for p in panels)
    # auto layout: both placed, side by side, no overlap
    assert a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"] or a["y"] + a["h"] <= b["y"]


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONHASHSEED": "1", "LC_ALL": "C", "TZ": "UTC"},
        {"PYTHONHASHSEED": "4242", "LC_ALL": "C.UTF-8", "TZ": "Pacific/Auckland"},
    ],
)
def test_shipped_build_is_byte_identical_to_committed_out(tmp_path, env):
    """The committed out/ equals a fresh build under other hash seeds, locales and time zones."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "definitions", copy / "definitions")
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", copy / "templates")
    result = run_mcg_process("build", cwd=copy, env=env)  # a new interpreter: its own hash seed, locale, zone
    assert result.returncode == 0, result.stderr
    assert snapshot(copy / "out") == snapshot(REPO / "out")


def test_second_build_changes_nothing(project):
    root = project(BASIC)
    assert run_mcg("build", cwd=root).returncode == 0
    before = {p: (root / "out" / p).stat().st_mtime_ns for p in snapshot(root / "out")}
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0
    assert "0 written" in result.stdout
    after = {p: (root / "out" / p).stat().st_mtime_ns for p in snapshot(root / "out")}
    assert before == after


def test_stale_generated_files_removed_but_user_files_kept(project):
    root = project(BASIC)
    assert run_mcg("build", cwd=root).returncode == 0
    user_file = root / "out/grafana/dashboards/App/notes.txt"
    user_file.write_text("mine")
    (root / "out/README.md").write_text("mine too")
    (root / "definitions/boards.py").unlink()
    result = run_mcg("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "out/grafana/dashboards/App/app.json").exists()
    assert user_file.read_text() == "mine"
    assert (root / "out/README.md").read_text() == "mine too"
    assert "removed" in result.stdout


def test_definitions_and_out_options_and_pyproject(tmp_path):
    root = write_project(tmp_path / "p", {})
    shutil.rmtree(root / "definitions")
    write_project(tmp_path / "p2", BASIC)
    shutil.move(str(tmp_path / "p2" / "definitions"), str(root / "monitoring"))
    (root / "pyproject.toml").write_text('[tool.mcg]\ndefinitions = "monitoring"\nout = "generated"\n')
    assert run_mcg("build", cwd=root).returncode == 0
    assert (root / "generated/prometheus/rules/app.yaml").is_file()
    result = run_mcg("build", "--out", "other", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "other/prometheus/rules/app.yaml").is_file()
    # paths in pyproject resolve from the project root, wherever mcg runs
    sub = root / "sub"
    sub.mkdir()
    assert run_mcg("build", cwd=sub).returncode == 0


def test_list_inventory(project):
    root = project(BASIC)
    result = run_mcg("list", cwd=root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("alert") and "AppErrors" in line and "definitions/rules.py:" in line for line in lines)
    assert any(line.startswith("record") and "route:app_requests:rate5m" in line for line in lines)
    assert any(line.startswith("dashboard") and "App" in line and "definitions/boards.py:" in line for line in lines)
    assert any(line.startswith("panel") and "Requests" in line for line in lines)
    assert any(line.startswith("datasource") and "Prometheus" in line for line in lines)


def test_version_and_help_are_light():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from monitoring_codegen.cli import main\n"
        "r = CliRunner().invoke(main, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('grafanalib', 'pydantic', 'jinja2', 'yaml', 'promql_parser') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"mcg --help imported heavy modules: {result.stdout}"
    version = run_mcg("--version", cwd=REPO)
    assert version.returncode == 0 and "mcg, version" in version.stdout


def test_wheel_package_list_covers_every_subpackage():
    """pyproject lists packages by hand (templates/ maps into the wheel): keep it complete."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(REPO).parts) for path in (REPO / "monitoring_codegen").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
