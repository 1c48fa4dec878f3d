"""`mcg init`: the new project builds, checks and lints clean; nothing in the way is ever
replaced, and a refusal or a failure leaves the folder as it was. (The same from a wheel in a
fresh virtualenv, with promtool and pre-commit: tests/integration/test_init_wheel.py.)"""

from __future__ import annotations

import os
import re
import subprocess

import pytest
import yaml
from conftest import REPO, run_mcg, snapshot

from monitoring_codegen.new_project import STARTER_DIR, project_name, starter_files

STARTER = {
    ".github/workflows/mcg.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "definitions/__init__.py",
    "definitions/alerts.py",
    "definitions/catalog.py",
    "definitions/dashboards.py",
    "definitions/datasources.py",
    "pyproject.toml",
}


def test_init_writes_a_project_that_builds_checks_and_lints_clean(tmp_path):
    target = tmp_path / "monitoring"
    result = run_mcg("init", "monitoring", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    files = snapshot(target)
    assert STARTER <= set(files)
    assert {"out/.mcg-manifest", "out/grafana/dashboards/Services/service-overview.json"} <= set(files)
    assert "out/prometheus/rules/http.yaml" in files and "out/prometheus/tests/http.yaml" in files
    for rel in STARTER:
        assert f"  {rel}\n" in result.stdout  # every file written is listed
    assert "pyproject.toml" in result.stdout and "out/ built" in result.stdout

    pyproject = files["pyproject.toml"].decode()
    assert 'name = "monitoring"' in pyproject and '"monitoring-codegen>=' in pyproject
    assert "[tool.mcg]" in pyproject

    # The build that init ran is the build: nothing to write, nothing drifted, nothing to lint.
    build = run_mcg("build", cwd=target)
    assert build.returncode == 0 and "(0 written, " in build.stdout, build.stdout + build.stderr
    check = run_mcg("check", "--strict", cwd=target)
    assert check.returncode == 0, check.stdout + check.stderr
    lint = run_mcg("lint", "--strict", cwd=target)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert re.search(r"\b1 rules, 1 dashboards, [1-9]\d* queries, 2 metrics checked", lint.stdout), lint.stdout


def test_the_starter_definitions_use_the_catalog_and_lint_catches_a_mistake(tmp_path):
    """The starter is a working example of catalog-aware linting: a query on a label the catalog
    does not declare fails `mcg lint --strict` at the dashboard's line."""
    assert run_mcg("init", cwd=tmp_path).returncode == 0
    dashboards = tmp_path / "definitions/dashboards.py"
    dashboards.write_text(dashboards.read_text().replace("sum by (route)", "sum by (path)", 1))
    lint = run_mcg("lint", "--strict", cwd=tmp_path)
    assert lint.returncode == 1
    assert "definitions/dashboards.py:" in lint.stdout and "'path'" in lint.stdout


def test_init_leaves_unrelated_files_alone_and_works_in_the_current_folder(tmp_path):
    (tmp_path / "README.md").write_text("my notes\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts/deploy.sh").write_text("echo deploy\n")
    (tmp_path / "definitions/__pycache__").mkdir(parents=True)  # no module: nothing would be imported
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/release.yml").write_text("name: release\n")
    result = run_mcg("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "README.md").read_text() == "my notes\n"
    assert (tmp_path / "scripts/deploy.sh").read_text() == "echo deploy\n"
    assert (tmp_path / "definitions/catalog.py").is_file() and (tmp_path / ".github/workflows/mcg.yml").is_file()
    assert (tmp_path / ".github/workflows/release.yml").read_text() == "name: release\n"
    assert "Next: mcg lint" in result.stdout  # no `cd` into the folder one stands in


def test_a_second_init_refuses_and_changes_nothing(tmp_path):
    assert run_mcg("init", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path)
    result = run_mcg("init", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert snapshot(tmp_path) == before
    err = result.stderr
    assert "never replaces a file" in err and "Nothing was written" in err
    # Files identical to the starter's count too: a second init is a mistake, not a no-op.
    for rel in (".gitignore", ".pre-commit-config.yaml", ".github/workflows/mcg.yml", "definitions/", "out/"):
        assert f"  {rel}" in err, rel
    assert "already an mcg project" in err
    assert "definitions/catalog.py" not in err  # the folder is named once, not file by file
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "existing, content, expected",
    [
        ("pyproject.toml", '[project]\nname = "shop"\n', "without [tool.mcg]: mcg init does not edit it"),
        (".gitignore", None, ".gitignore  (exists)"),  # None: the starter's own bytes
        ("definitions/orders.py", "ORDERS = 1\n", "definitions/  (a folder holding 1 file; mcg imports every"),
        ("out/app.json", "{}\n", "out/  (a folder holding 1 file;"),
        ("definitions", "not a folder\n", "definitions  (a file where mcg init creates a folder)"),
        (".github", "not a folder\n", ".github  (a file where mcg init creates a folder)"),
    ],
)
def test_what_is_in_the_way_is_named_and_nothing_is_written(tmp_path, existing, content, expected):
    path = tmp_path / existing
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(starter_files("x")[existing] if content is None else content.encode())
    (tmp_path / "unrelated.txt").write_text("keep\n")
    before = snapshot(tmp_path)
    result = run_mcg("init", str(tmp_path), cwd=tmp_path.parent)
    assert result.returncode == 2, result.stdout
    assert expected in result.stderr, result.stderr
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({existing.split("/")[0], "unrelated.txt"})


def test_a_dangling_symlink_is_in_the_way_too(tmp_path):
    (tmp_path / ".gitignore").symlink_to(tmp_path / "nowhere")
    result = run_mcg("init", cwd=tmp_path)
    assert result.returncode == 2 and ".gitignore  (exists)" in result.stderr
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "pyproject.toml").exists()


def test_dir_is_a_file(tmp_path):
    (tmp_path / "notes").write_text("x\n")
    result = run_mcg("init", "notes", cwd=tmp_path)
    assert result.returncode == 2
    assert "notes is not a folder" in result.stderr
    assert (tmp_path / "notes").read_text() == "x\n"
    below = run_mcg("init", "notes/monitoring", cwd=tmp_path)
    assert below.returncode == 2 and "notes is a file, not a folder" in below.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_dir_that_cannot_be_written(tmp_path):
    """/proc refuses new files even to root (chmod does not stop root, who runs CI)."""
    for folder in ("/proc", "/proc/mcg-init-test"):
        result = run_mcg("init", folder, cwd=tmp_path)
        assert result.returncode == 2, result.stdout
        assert f"cannot create the project in {folder}:" in result.stderr, result.stderr
        assert "nothing was left behind" in result.stderr and "Traceback" not in result.stderr
    assert not os.path.lexists("/proc/.gitignore")


def test_a_failure_halfway_takes_back_what_init_wrote(tmp_path, monkeypatch):
    """A file that appears after the check (another process) is not replaced: the exclusive
    create fails, and the files written before it are removed again."""
    from monitoring_codegen import new_project

    intruder = tmp_path / "definitions/catalog.py"
    checked = new_project.find_conflicts

    def check_then_race(target, paths):
        found = checked(target, paths)
        intruder.parent.mkdir()
        intruder.write_text("# someone else's\n")
        return found

    monkeypatch.setattr(new_project, "find_conflicts", check_then_race)
    (tmp_path / "keep.txt").write_text("keep\n")
    result = run_mcg("init", cwd=tmp_path)
    assert result.returncode == 2
    assert "File exists" in result.stderr and "definitions/catalog.py" in result.stderr
    assert snapshot(tmp_path) == {"definitions/catalog.py": b"# someone else's\n", "keep.txt": b"keep\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["definitions", "keep.txt"]


def _git_init(folder):
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


def test_inside_a_git_repository_the_ci_and_hooks_point_into_the_project(tmp_path):
    _git_init(tmp_path)
    result = run_mcg("init", "ops/my monitoring", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "lies in ops/my monitoring/ of its git repository" in result.stdout
    assert "Next: cd 'ops/my monitoring'; mcg lint --strict" in result.stdout
    project = tmp_path / "ops/my monitoring"
    assert 'name = "my-monitoring"' in (project / "pyproject.toml").read_text()

    hooks = {h["id"]: h for h in yaml.safe_load((project / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]}
    assert hooks["mcg-check"]["args"] == [
        "--definitions",
        "ops/my monitoring/definitions",
        "--out",
        "ops/my monitoring/out",
    ]
    assert hooks["mcg-lint"]["args"] == ["--strict", "--definitions", "ops/my monitoring/definitions"]
    for hook in hooks.values():
        assert re.search(hook["files"], "ops/my monitoring/definitions/alerts.py")
        assert not re.search(hook["files"], "definitions/alerts.py")
        assert not re.search(hook["files"], "ops/my monitoring/README.md")
    assert re.search(hooks["mcg-check"]["files"], "ops/my monitoring/out/prometheus/rules/http.yaml")

    workflow = yaml.safe_load((project / ".github/workflows/mcg.yml").read_text())
    assert workflow["jobs"]["mcg"]["defaults"]["run"]["working-directory"] == "ops/my monitoring/"

    # The hooks' commands, run from the repository top as pre-commit runs them, find the project.
    top_check = run_mcg(*hooks["mcg-check"]["entry"].split()[1:], *hooks["mcg-check"]["args"], cwd=tmp_path)
    assert top_check.returncode == 0, top_check.stdout + top_check.stderr
    top_lint = run_mcg(*hooks["mcg-lint"]["entry"].split()[1:], *hooks["mcg-lint"]["args"], cwd=tmp_path)
    assert top_lint.returncode == 0, top_lint.stdout + top_lint.stderr


def test_at_the_top_of_a_repository_or_outside_one_the_paths_are_plain(tmp_path):
    for folder, in_git in ((tmp_path / "repo", True), (tmp_path / "plain", False)):
        folder.mkdir()
        if in_git:
            _git_init(folder)
        result = run_mcg("init", str(folder), cwd=tmp_path)
        assert result.returncode == 0 and "of its git repository" not in result.stdout
        config = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text())
        hooks = {h["id"]: h for h in config["repos"][0]["hooks"]}
        assert hooks["mcg-check"].get("args") is None and hooks["mcg-lint"]["args"] == ["--strict"]
        assert re.search(hooks["mcg-check"]["files"], "definitions/alerts.py")
        assert "defaults" not in yaml.safe_load((folder / ".github/workflows/mcg.yml").read_text())["jobs"]["mcg"]


def test_the_generated_hooks_are_mcgs_hooks():
    """The project's local hooks carry the ids and commands of the repository's
    .pre-commit-hooks.yaml, so the two cannot drift apart."""
    shipped = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    config = yaml.safe_load(starter_files("x")[".pre-commit-config.yaml"])
    for hook in config["repos"][0]["hooks"]:
        assert hook["id"] in shipped
        assert hook["entry"] == shipped[hook["id"]]["entry"]
        assert hook["pass_filenames"] is False and shipped[hook["id"]]["pass_filenames"] is False
    assert {"mcg-check", "mcg-lint"} <= {hook["id"] for hook in config["repos"][0]["hooks"]}


def test_the_ci_workflow_runs_check_lint_and_test_with_promtool():
    workflow = yaml.safe_load(starter_files("x")[".github/workflows/mcg.yml"])
    runs = "\n".join(step.get("run", "") for step in workflow["jobs"]["mcg"]["steps"])
    for command in ("mcg lint --strict", "mcg check", "mcg test", "apt-get install", "prometheus"):
        assert command in runs, command
    assert "${{" not in starter_files("x")[".github/workflows/mcg.yml"].decode()


def test_starter_files_are_the_template_tree():
    """Every file of templates/project/ becomes one project file (dot- names hidden, .j2 rendered)."""
    sources = {
        p.relative_to(STARTER_DIR).as_posix()
        for p in STARTER_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert len(sources) == len(STARTER)
    files = starter_files("x")
    assert set(files) == STARTER
    assert all(b"{{ project_name" not in c and b"{%" not in c for c in files.values())


@pytest.mark.parametrize(
    "folder, name",
    [("monitoring", "monitoring"), ("My Monitoring", "my-monitoring"), ("__", "monitoring"), ("ops.v2", "ops.v2")],
)
def test_project_name(folder, name, tmp_path):
    assert project_name(tmp_path / folder) == name


@pytest.mark.parametrize("inside", ["definitions/team", "out", "out/new"])
def test_not_inside_the_definitions_or_out_folder_of_a_project(tmp_path, inside):
    """A project in a project's definitions/ would be imported by that project's build."""
    assert run_mcg("init", "parent", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path)
    result = run_mcg("init", f"parent/{inside}", cwd=tmp_path)
    assert result.returncode == 2
    assert f"lies in the {'definitions' if inside.startswith('definitions') else 'output'} folder" in result.stderr
    assert snapshot(tmp_path) == before
    # Beside them, a project of its own is fine; the parent still checks clean.
    assert run_mcg("init", "parent/other", cwd=tmp_path).returncode == 0
    assert run_mcg("check", "--strict", cwd=tmp_path / "parent").returncode == 0
