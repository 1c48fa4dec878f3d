"""Build time that 1,000 SLOs add: rules, promtool tests and dashboards.

Two synthetic projects with the same catalog of 100 services: one without SLOs, one with
1,000 (ratio, latency and events SLIs, 30d/28d/7d periods, some with a traffic guard, the
budget policy on, one SLO dashboard per service). Prints a cold `mcg build` process of
each (wall and CPU; the best of MCG_BENCH_REPEAT runs), the difference, and what the SLOs rendered.
"""

from __future__ import annotations

import os
import shutil

from common import MCG, synthetic_project, time_side_by_side

SLOS = 1_000
SERVICES = 100
# A build of 1,000 SLOs takes long enough that noise is small against it; MCG_BENCH_REPEAT=3 for the best of 3.
REPEAT = int(os.environ.get("MCG_BENCH_REPEAT", "1"))


def _count(root, pattern: str, needle: str) -> int:
    return sum(path.read_text().count(needle) for path in (root / "out").glob(pattern))


def main() -> None:
    sizes = dict(dashboards=0, panels=0, alerts=0, records=0, services=SERVICES)
    base = synthetic_project("slo-base", **sizes, slos=0)
    with_slos = synthetic_project("slo-1000", **sizes, slos=SLOS)
    times = {}
    for name, root in (("without SLOs", base), (f"{SLOS:,} SLOs", with_slos)):
        out = root / "out"
        times[name] = time_side_by_side(
            {name: [*MCG, "build", "-q"]},
            root,
            repeat=REPEAT,
            before_each=lambda out=out: shutil.rmtree(out, ignore_errors=True),
        )[name]
        print(f"  {name:>12}: first build {times[name][0]:.2f} s (cpu {times[name][1]:.2f})")
    (wall0, cpu0), (wall1, cpu1) = times.values()
    rules = _count(with_slos, "prometheus/rules/slo-*.yaml", "\n  - alert:") + _count(
        with_slos, "prometheus/rules/slo-*.yaml", "\n  - record:"
    )
    tests = _count(with_slos, "prometheus/tests/slo-*.yaml", "\n- name:")
    boards = len(list((with_slos / "out/grafana/dashboards").rglob("*.json")))
    print(f"  {SLOS:,} SLOs rendered {rules:,} rules, {tests:,} promtool tests, {boards} dashboards")
    added_wall, added_cpu = wall1 - wall0, cpu1 - cpu0
    print(f"  added: {added_wall:.2f} s wall, {added_cpu:.2f} s cpu ({added_cpu / SLOS * 1000:.1f} ms cpu per SLO)")
    verdict = "met" if added_wall < 2.0 else "NOT met"
    print(f"goal: {SLOS:,} SLOs add under 2 s to mcg build: {added_wall:.2f} s wall ({added_cpu:.2f} s cpu), {verdict}")


if __name__ == "__main__":
    main()
