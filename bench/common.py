"""Helpers for the bench scripts: timing cold processes, the shared synthetic workload."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MCG = [sys.executable, "-m", "monitoring_codegen"]


def work_dir() -> Path:
    path = Path(os.environ.get("MCG_BENCH_WORK", HERE / ".work"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def synthetic_project(name: str = "large", **sizes) -> Path:
    """Generate (once) a synthetic definitions project; sizes as bench/synthetic.py takes them."""
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    root = work_dir() / name
    stamp = root / ".sizes"
    wanted = repr(sorted(sizes.items()))
    if not stamp.is_file() or stamp.read_text() != wanted:
        shutil.rmtree(root, ignore_errors=True)
        generate(root, **sizes)
        stamp.write_text(wanted)
    return root


def time_command(cmd: list[str], cwd: Path, repeat: int = 3, check: bool = True) -> float:
    """Best wall time of `repeat` cold runs, in seconds (best, not mean: noise only adds)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if check and result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return min(times)


def run_timed(cmd: list[str], cwd: Path, check: bool = True) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one cold process."""
    before = os.times()
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = os.times()
    if check and result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def time_side_by_side(
    cmds: dict[str, list[str]], cwd: Path, repeat: int = 3, before_each=None
) -> dict[str, tuple[float, float]]:
    """Best wall and best CPU time of `repeat` cold runs of each command, taken in turns
    (A B A B ...) so that load from elsewhere on a shared machine falls on both alike.
    `before_each()` runs before every run (e.g. to remove out/ for a first build)."""
    best: dict[str, tuple[float, float]] = {}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            if before_each is not None:
                before_each()
            wall, cpu = run_timed(cmd, cwd)
            old = best.get(name, (wall, cpu))
            best[name] = (min(old[0], wall), min(old[1], cpu))
    return best


def median(values: list[float]) -> float:
    return statistics.median(values)
