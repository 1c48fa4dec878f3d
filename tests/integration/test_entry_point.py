"""The real `mcg` entry point in its own process: exit statuses, stdout/stderr, and that the
in-process runner most tests use (`run_mcg`: click's CliRunner) reports the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASIC, run_mcg, run_mcg_process, snapshot, write_project

MCG_SCRIPT = Path(sys.executable).with_name("mcg")

ERROR_RULES = """\
groups:
  - name: app
    rules:
      - alert: AppErrors
        expr: rate(x_total{code="500"}[5m]) / rate(x_total[5m]) > 0.1
        for: 5m
        labels: {severity: critical}
        annotations: {summary: "errors"}
"""


@pytest.fixture
def basic(tmp_path):
    return write_project(tmp_path / "proj", BASIC)


@pytest.mark.skipif(not MCG_SCRIPT.is_file(), reason="no mcg console script next to this interpreter")
def test_console_script_exit_statuses(basic):
    def mcg(*args):
        return subprocess.run([str(MCG_SCRIPT), *args], cwd=basic, capture_output=True, text=True, timeout=120)

    result = mcg("build")
    assert result.returncode == 0, result.stderr
    assert "mcg build:" in result.stdout and result.stderr == ""
    assert (basic / "out/prometheus/rules/app.yaml").is_file()
    built = snapshot(basic / "out")
    # A definitions module that raises: exit 2, the user's file:line, no traceback, out/ untouched.
    (basic / "definitions/broken.py").write_text("x = 1\nraise RuntimeError('thresholds unavailable')\n")
    failed = mcg("build")
    assert failed.returncode == 2, failed.stdout + failed.stderr
    assert "definitions/broken.py:2" in failed.stderr and "RuntimeError: thresholds unavailable" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert snapshot(basic / "out") == built


def _cases(root: Path):
    (root / "errors.yaml").write_text(ERROR_RULES)
    return [
        ("build",),  # success, files written
        ("lint", "--format", "json", "errors.yaml"),  # findings: exit 1
        ("biuld",),  # usage error: exit 2
        ("--version",),
    ]


def test_in_process_runner_reports_what_the_real_process_does(tmp_path):
    """Exit status, stdout and stderr agree for success, findings and usage errors,
    so tests run in-process check what a user of the real `mcg` sees."""
    process_root = write_project(tmp_path / "a" / "proj", BASIC)
    inproc_root = write_project(tmp_path / "b" / "proj", BASIC)
    for args in _cases(process_root):
        _cases(inproc_root)
        real = run_mcg_process(*args, cwd=process_root)
        ours = run_mcg(*args, cwd=inproc_root)
        assert ours.returncode == real.returncode, (args, real.stderr, ours.stderr)
        norm = lambda text, root: text.replace(str(root), "ROOT").replace(str(root.parent), "PARENT")  # noqa: E731
        assert norm(ours.stdout, inproc_root) == norm(real.stdout, process_root), args
        assert norm(ours.stderr, inproc_root) == norm(real.stderr, process_root), args
    assert snapshot(process_root / "out") == snapshot(inproc_root / "out")


def test_in_process_runner_restores_the_working_directory_and_environment(basic):
    before = os.getcwd(), dict(os.environ)
    result = run_mcg("build", cwd=basic, env={"MCG_TEST_MARKER": "1"})
    assert result.returncode == 0, result.stderr
    assert (os.getcwd(), dict(os.environ)) == before


def test_an_exception_escaping_a_command_reads_as_a_traceback_with_status_1(basic, monkeypatch):
    """What the real entry point prints for a crash: so "no Traceback" checks keep their meaning in-process."""
    import monitoring_codegen.commands.build as build

    def crash(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(build.command, "callback", crash)
    result = run_mcg("build", cwd=basic)
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr and "ZeroDivisionError: boom" in result.stderr
