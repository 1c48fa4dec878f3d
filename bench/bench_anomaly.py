"""Anomaly detectors: what writing their tests costs at load time (the simulator choosing
scenarios, per strategy and season) and what promtool spends running them.

Prints figures; asserts nothing. Goal: a detector's tests written in well under a second
(every mcg command loads the definitions), and the shipped anomaly and forecast tests within
a few seconds of promtool CPU.
"""

from __future__ import annotations

import itertools
import resource
import shutil
import subprocess
import time

from common import REPO


def main() -> None:
    from monitoring_codegen import AnomalyDetector

    AnomalyDetector(name="warm-up", kind="requests", metric="x_total", tests=False)
    slowest = 0.0
    for strategy, seasonality in itertools.product(("adaptive", "robust"), ("none", "daily", "weekly")):
        started = time.perf_counter()
        detector = AnomalyDetector(
            name="bench",
            kind="requests",
            metric="x_total",
            by=("route",),
            strategy=strategy,
            seasonality=seasonality,
            direction="both",
            min_traffic=1,
        )
        took = time.perf_counter() - started
        slowest = max(slowest, took)
        tests = sum(len(rule.tests) for group in detector.rule_groups for rule in group.rules)
        print(f"{strategy:8} {seasonality:6}: {tests:2} tests written in {took * 1000:6.1f} ms")
    promtool = shutil.which("promtool")
    cpu = None
    if promtool:
        folder = REPO / "out/prometheus/tests"
        files = sorted(p.name for p in folder.glob("anomaly-*.yaml")) + sorted(
            p.name for p in folder.glob("forecast-*.yaml")
        )
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([promtool, "test", "rules", *files], cwd=folder, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"promtool: {len(files)} shipped anomaly/forecast test files in {cpu:.1f} s CPU")
    print(
        f"goal: slowest detector's tests written in {slowest * 1000:.0f} ms (goal < 1000 ms)"
        + (f"; shipped tests {cpu:.1f} s promtool CPU (goal < 10 s)" if cpu is not None else "")
    )


if __name__ == "__main__":
    main()
