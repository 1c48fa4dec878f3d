"""`mcg check` on real git repositories: drift makes it exit 1, and it never writes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from conftest import FIXTURES

_spec = importlib.util.spec_from_file_location("checkdiff_project", FIXTURES / "checkdiff/project.py")
P = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(P)

API_JSON = "out/grafana/dashboards/Platform/api-overview.json"
QUEUES_JSON = "out/grafana/dashboards/Platform/queues.json"


def _check(root: Path, *args: str):
    before = P.snapshot(root)
    result = P.mcg(root, "check", *args)
    assert P.snapshot(root) == before, "mcg check must not write, move or delete anything"
    return result


def test_clean_tree_passes(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    result = _check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout
    assert P.git(root, "status", "--porcelain") == ""


def test_hand_edited_dashboard_fails_and_is_named(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    P.edit(root / API_JSON, '"title": "API overview"', '"title": "API overview (edited in Grafana)"')
    result = _check(root)
    assert result.returncode == 1
    lines = [line.split() for line in result.stdout.splitlines() if line.startswith("  ")]
    assert lines == [["changed", API_JSON]]


def test_deleted_generated_file_is_missing(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    (root / QUEUES_JSON).unlink()
    result = _check(root)
    assert result.returncode == 1
    assert ["missing", QUEUES_JSON] in [line.split() for line in result.stdout.splitlines()]


def test_removed_definition_leaves_a_stale_artifact(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    (root / "definitions/queue_board.py").unlink()
    result = _check(root, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["status"] == "drift"
    assert report["stale"] == [
        "docs/dashboards/queues.html",
        "docs/dashboards/queues.md",
        "grafana/dashboards/Platform/queues.json",
    ]
    # The manifest no longer lists it either: that is drift of its own. (Other generated
    # files, like docs listing dashboards, may change too; no dashboard or rule file does.)
    assert ".mcg-manifest" in report["changed"]
    assert not [p for p in report["changed"] if p.startswith(("grafana/dashboards/", "prometheus/rules/"))]
    assert report["missing"] == []
    assert (root / QUEUES_JSON).is_file()


def test_unmanaged_files_only_with_strict_and_never_deleted(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    (root / "out/NOTES.md").write_text("kept by a person\n")
    (root / "out/grafana/dashboards/Platform/hand-made.json").write_text("{}\n")
    assert _check(root).returncode == 0
    result = _check(root, "--strict")
    assert result.returncode == 1
    assert [line.split() for line in result.stdout.splitlines() if line.startswith("  ")] == [
        ["unmanaged", "out/NOTES.md"],
        ["unmanaged", "out/grafana/dashboards/Platform/hand-made.json"],
    ]
    assert (root / "out/NOTES.md").read_text() == "kept by a person\n"
    strict_json = json.loads(_check(root, "--strict", "--format", "json").stdout)
    assert strict_json["unmanaged"] == ["NOTES.md", "grafana/dashboards/Platform/hand-made.json"]


def test_not_rebuilt_after_a_definition_change(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    P.edit(root / "definitions/rules.py", "> 100", "> 250")
    result = _check(root)
    assert result.returncode == 1
    assert "out/prometheus/rules/api.yaml" in result.stdout
    assert P.mcg(root, "build", "-q").returncode == 0
    assert _check(root).returncode == 0


def test_hand_edited_manifest_is_drift(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    with open(root / "out/.mcg-manifest", "a") as handle:
        handle.write("NOTES.md\n")
    result = _check(root)
    assert result.returncode == 1
    assert "out/.mcg-manifest" in result.stdout


def test_github_annotations_name_files_from_the_repository_top(tmp_path):
    # The project lives in a subfolder of the repository, as in a monorepo.
    root = P.built_repo(tmp_path / "repo", project="monitoring")
    P.edit(root / API_JSON, '"title": "API overview"', '"title": "Edited"')
    (root / QUEUES_JSON).unlink()
    result = _check(root, "--format", "github")
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 2
    assert annotations[0].startswith(f"::error file=monitoring/{API_JSON},title=mcg check%3A changed::")
    assert annotations[1].startswith(f"::error file=monitoring/{QUEUES_JSON},title=mcg check%3A missing::")


def test_definition_error_exits_2_naming_the_file(tmp_path):
    root = P.built_repo(tmp_path / "repo")
    P.edit(root / "definitions/queue_board.py", 'uid="queues", ', "")
    result = _check(root)
    assert result.returncode == 2
    assert "queue_board.py:" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_out_folder_is_drift(tmp_path):
    root = P.write_definitions(tmp_path / "proj")
    result = _check(root, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert ".mcg-manifest" in report["missing"]
    assert "grafana/dashboards/Platform/api-overview.json" in report["missing"]
    assert not (root / "out").exists()
