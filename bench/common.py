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


def median(values: list[float]) -> float:
    return statistics.median(values)
