"""`make bench`: run every bench/bench_*.py in order; each prints its own figures.

The synthetic workload (bench/synthetic.py) is generated once into bench/.work/ and
shared by the scripts through the MCG_BENCH_WORK environment variable.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    work = HERE / ".work"
    work.mkdir(exist_ok=True)
    env = {**os.environ, "MCG_BENCH_WORK": str(work)}
    scripts = sorted(HERE.glob("bench_*.py"))
    if len(sys.argv) > 1:
        scripts = [s for s in scripts if any(arg in s.name for arg in sys.argv[1:])]
    failed = 0
    goals: list[str] = []
    for script in scripts:
        print(f"\n=== {script.name}", flush=True)
        started = time.perf_counter()
        with subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.PIPE, text=True) as process:
            assert process.stdout is not None
            for line in process.stdout:  # shown as it comes; the goal lines kept for the summary
                print(line, end="", flush=True)
                if line.startswith("goal:"):
                    goals.append(f"{script.stem.removeprefix('bench_')}: {line[len('goal:') :].strip()}")
        print(f"--- {script.name}: {time.perf_counter() - started:.1f} s, exit {process.returncode}", flush=True)
        failed += process.returncode != 0
    if goals:
        print("\n=== goals")
        for goal in goals:
            print(f"  {goal}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
