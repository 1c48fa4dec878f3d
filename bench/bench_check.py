"""`mcg check` and `mcg diff` in cold processes: shipped definitions and the large workload.

The peer is what teams without `mcg check` run in CI to catch drift: a full rebuild
followed by `git diff --exit-code out/`. `mcg check` renders in memory and compares,
so it should cost about one build, writes nothing, and also reports stale files.
Goal: `mcg check` on the shipped definitions under 1 s (cold process).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import MCG, REPO, synthetic_project, time_command, work_dir

GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env=GIT_ENV, check=True, capture_output=True)


def committed_project(root: Path) -> None:
    """Build once and commit, so `diff --against HEAD` and the git peer have a baseline."""
    shutil.rmtree(root / ".git", ignore_errors=True)
    subprocess.run([*MCG, "build", "-q"], cwd=root, check=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "baseline")


def measure(label: str, root: Path, repeat: int = 3) -> float:
    check = time_command([*MCG, "check"], root, repeat)
    diff = time_command([*MCG, "diff"], root, repeat)
    against = time_command([*MCG, "diff", "--against", "HEAD"], root, repeat)
    build = time_command([*MCG, "build", "-q"], root, repeat)
    gitdiff = time_command(["git", "diff", "--quiet", "--exit-code", "--", "out"], root, repeat)
    peer = build + gitdiff
    print(f"{label}:")
    print(f"  mcg check                    {check:6.2f} s")
    print(f"  mcg diff (vs out/ on disk)   {diff:6.2f} s")
    print(f"  mcg diff --against HEAD      {against:6.2f} s")
    print(f"  peer: mcg build + git diff --exit-code out/  {peer:6.2f} s  (mcg check x{check / peer:.2f} of it)")
    return check


_BREAKDOWN = r"""
import time
t0 = time.perf_counter()
from monitoring_codegen.config import load_config
from monitoring_codegen.differ.drift import find_drift
from monitoring_codegen.pipeline import load_model
from monitoring_codegen.render import _renderers
from monitoring_codegen.secrets import check_rendered
config = load_config()
t1 = time.perf_counter()
model = load_model(config)
stages = [("imports", t1 - t0), ("load definitions", time.perf_counter() - t1)]
rendered = {}
for renderer in _renderers():
    started = time.perf_counter()
    rendered.update(renderer(model))
    stages.append((renderer.__name__, time.perf_counter() - started))
started = time.perf_counter()
check_rendered(rendered)
stages.append(("secrets scan of artifacts", time.perf_counter() - started))
started = time.perf_counter()
find_drift(rendered, config.out)
stages.append(("compare with out/ (the check itself)", time.perf_counter() - started))
print("  where the time goes (one warm-ish process):")
for name, seconds in stages:
    if seconds >= 0.005:
        print(f"    {name:<40} {seconds:6.2f} s")
"""


def breakdown(root: Path) -> None:
    """Stage timings: the check adds a compare to the render that build also pays."""
    subprocess.run([sys.executable, "-c", _BREAKDOWN], cwd=root, check=False)


def one_query_changed(root: Path) -> None:
    """Edit one panel query in one dashboard, then time the semantic diff of a large tree."""
    path = root / "definitions" / "dashboards.py"
    text = path.read_text()
    marker = "return G.Stat(title=f'Queue {p}'"
    if marker not in text:
        return
    path.write_text(
        text.replace(
            "targets=[G.Target(expr=f'sum({s}_queue_depth)'",
            "targets=[G.Target(expr=f'max({s}_queue_depth)' if d == 7 and p == 2 else f'sum({s}_queue_depth)'",
        )
    )
    check = time_command([*MCG, "check"], root, repeat=1)
    started = time.perf_counter()
    result = subprocess.run([*MCG, "diff"], cwd=root, capture_output=True, text=True)
    diff = time.perf_counter() - started
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    print(
        f"  one panel query changed: mcg check {check:.2f} s (exit 1), mcg diff {diff:.2f} s, "
        f"{len(lines)} lines of diff output"
    )
    path.write_text(text)


def main() -> None:
    shipped = work_dir() / "check-shipped"
    shutil.rmtree(shipped, ignore_errors=True)
    shutil.copytree(REPO / "definitions", shipped / "definitions", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", shipped / "pyproject.toml")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", shipped / "templates")
    committed_project(shipped)
    baseline = time_command([sys.executable, "-c", "pass"], shipped)
    helptime = time_command([*MCG, "--help"], shipped)
    print(f"python startup {baseline:.3f} s, mcg --help {helptime:.3f} s")
    shipped_check = measure("shipped definitions", shipped)

    large = synthetic_project("large")
    committed_project(large)
    measure("large synthetic workload (300 dashboards x 20 panels, 10,000 alerts, 2,000 records)", large, repeat=2)
    breakdown(large)
    one_query_changed(large)
    verdict = "met" if shipped_check < 1.0 else "NOT met"
    print(f"goal: mcg check on the shipped definitions under 1 s (cold): {shipped_check:.2f} s, {verdict}")


if __name__ == "__main__":
    main()
