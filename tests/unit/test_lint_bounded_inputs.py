"""`mcg lint` on odd input: a device or pipe is refused at once, YAML merge keys are read as
promtool reads them, malformed dashboards are findings rather than '0 queries'."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from monitoring_codegen.cli import main

MERGED = """\
groups:
- name: g
  rules:
  - &common
    alert: InstanceDown
    expr: up == 0
    for: 5m
    labels: {severity: critical}
    annotations: {summary: "{{ $labels.instance }} is down"}
  - <<: *common
    alert: InstanceDownLong
    for: 1h
"""


def lint(tmp_path: Path, *args: str):
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(main, ["lint", "--format", "json", *args])
    finally:
        os.chdir(old)


def test_merge_keys_read_like_promtool(tmp_path):
    (tmp_path / "rules.yml").write_text(MERGED)
    result = lint(tmp_path, "rules.yml")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["findings"] == []


def test_devices_and_pipes_are_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe.yml")
    for target in ("/dev/zero", "pipe.yml"):
        result = lint(tmp_path, target)
        assert result.exit_code == 2
        assert "not a regular file" in result.output


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    from monitoring_codegen.lint.inputs import sources

    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1000)
    (tmp_path / "big.yml").write_text("# padding\n" * 200)
    result = lint(tmp_path, "big.yml")
    assert result.exit_code == 2
    assert "more than the 1,000" in result.output


def test_malformed_dashboards_are_findings(tmp_path):
    boards = {
        "null_panels.json": {"title": "a", "panels": None},
        "dict_targets.json": {
            "title": "b",
            "panels": [{"id": 1, "type": "timeseries", "title": "p", "targets": {"expr": "up"}}],
        },
        "nan_height.json": {
            "title": "c",
            "panels": [{"id": 1, "type": "text", "title": "t", "gridPos": {"x": 0, "y": 0, "w": 4, "h": "tall"}}],
        },
    }
    for name, board in boards.items():
        (tmp_path / name).write_text(json.dumps(board))
    result = lint(tmp_path, *boards)
    assert result.exit_code == 1
    found = {f["path"] for f in json.loads(result.output)["findings"] if f["rule"] == "DSH009"}
    assert found == set(boards)
