"""Whatever a definitions module does, a command completes with the full model or exits 2
naming the module; nothing a module prints reaches machine-readable output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

CATALOG = """
from monitoring_codegen import Metric
REQS = Metric(name="app_requests_total", type="counter", help="requests", labels=("route",))
"""


def make_project(root: Path, extra: str, settings: str = "") -> Path:
    (root / "definitions").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.mcg]\ndefinitions = "definitions"\nout = "out"\n' + settings)
    (root / "definitions" / "catalog.py").write_text(CATALOG)
    (root / "definitions" / "zz_user.py").write_text(textwrap.dedent(extra))
    return root


def mcg(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "monitoring_codegen", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONFAULTHANDLER": ""},
    )


@pytest.mark.parametrize("command", [["check"], ["lint"], ["test"], ["build"]])
def test_os_exit_zero_in_a_module_fails_the_command(tmp_path, command):
    root = make_project(tmp_path, "import os\nos._exit(0)\n")
    result = mcg(root, *command)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "definitions module definitions.zz_user" in result.stderr
    assert "zz_user.py" in result.stderr and "exit status 0" in result.stderr
    assert not (root / "out").exists()


def test_segfault_in_a_module_names_it(tmp_path):
    root = make_project(tmp_path, "import ctypes\nctypes.string_at(0)\n")
    result = mcg(root, "build")
    assert result.returncode == 2
    assert "definitions.zz_user" in result.stderr and "SIGSEGV" in result.stderr


def test_print_in_a_module_stays_out_of_json(tmp_path):
    root = make_project(tmp_path, "print('hello from a module')\n")
    result = mcg(root, "lint", "--format", "json")
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)  # only JSON on stdout
    assert "hello from a module" in result.stderr


def test_non_daemon_thread_does_not_hang_the_build(tmp_path):
    root = make_project(tmp_path, "import threading, time\nthreading.Thread(target=time.sleep, args=(600,)).start()\n")
    started = time.monotonic()
    result = mcg(root, "build", timeout=60)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30
    assert (root / "out" / ".mcg-manifest").is_file()


def test_endless_loop_hits_the_load_timeout(tmp_path):
    root = make_project(tmp_path, "while True:\n    pass\n", settings="load_timeout = 5\n")
    started = time.monotonic()
    result = mcg(root, "check")
    assert result.returncode == 2
    assert time.monotonic() - started < 30
    assert "definitions.zz_user" in result.stderr and "within 5s" in result.stderr


def test_sys_exit_in_a_module_is_a_definition_error(tmp_path):
    root = make_project(tmp_path, "import sys\nsys.exit(0)\n")
    result = mcg(root, "check")
    assert result.returncode == 2
    assert "zz_user.py" in result.stderr
