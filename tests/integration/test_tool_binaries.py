"""A configured tool binary that is not the real tool gets one clear message, not a FAIL per test."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from monitoring_codegen.tools.binaries import ToolMissing, find_tool

REPO = Path(__file__).resolve().parents[2]


def test_real_promtool_is_accepted():
    if not shutil.which("promtool"):
        pytest.skip("promtool not installed (make test installs it)")
    assert Path(find_tool("promtool")).name == "promtool"


def test_wrong_binary_is_refused_with_what_it_said(tmp_path, monkeypatch):
    fake = tmp_path / "promtool"
    fake.write_text("#!/bin/sh\necho 'hello from a wrapper'\nexit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("MCG_PROMTOOL", str(fake))
    with pytest.raises(ToolMissing) as caught:
        find_tool("promtool")
    message = str(caught.value)
    assert "is not promtool" in message and "hello from a wrapper" in message


def test_mcg_test_with_bin_false_says_so_once():
    env = {**os.environ, "MCG_PROMTOOL": "/bin/false"}
    result = subprocess.run(
        [sys.executable, "-m", "monitoring_codegen", "test"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "MCG_PROMTOOL=/bin/false is not promtool" in result.stderr
    assert "FAIL" not in result.stdout + result.stderr
