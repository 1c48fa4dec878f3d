"""`mcg build` time on the shipped definitions and on synthetic workloads of growing size.

Prints wall times (best of 3 cold processes, CPU time beside them) for a first build (no
out/ yet) and a rebuild, and the time per rule/panel, to show the build grows linearly with
the size of the definitions.
"""

from __future__ import annotations

import shutil

from common import MCG, REPO, synthetic_project, time_command, time_side_by_side, work_dir


def main() -> None:
    shipped = work_dir() / "shipped"
    shutil.rmtree(shipped, ignore_errors=True)
    shutil.copytree(REPO / "definitions", shipped / "definitions")
    shutil.copy(REPO / "pyproject.toml", shipped / "pyproject.toml")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", shipped / "templates")
    t = time_command([*MCG, "build", "-q"], shipped)
    print(f"shipped definitions: mcg build {t:.2f} s (cold process)")

    print("synthetic workloads (dashboards x panels, alerts, records):")
    previous = None
    for scale in (0.25, 0.5, 1.0):
        sizes = dict(dashboards=int(300 * scale), panels=20, alerts=int(10_000 * scale), records=int(2_000 * scale))
        root = synthetic_project(f"scale-{scale}", **sizes)
        # A first build (no out/) and a rebuild, each the best of 3 cold processes.
        out = root / "out"
        first, first_cpu = time_side_by_side(
            {"first": [*MCG, "build", "-q"]}, root, before_each=lambda out=out: shutil.rmtree(out, ignore_errors=True)
        )["first"]
        again, again_cpu = time_side_by_side({"again": [*MCG, "build", "-q"]}, root)["again"]
        units = sizes["alerts"] + sizes["records"] + sizes["dashboards"] * sizes["panels"]
        growth = f", x{again / previous:.2f} for x2 size" if previous else ""
        print(
            f"  {sizes['dashboards']:>3} x {sizes['panels']}, {sizes['alerts']:>5} alerts, "
            f"{sizes['records']:>4} records: first build {first:.2f} s (cpu {first_cpu:.2f}), rebuild {again:.2f} s (cpu {again_cpu:.2f}) "
            f"({again / units * 1e6:.0f} us per rule/panel{growth})"
        )
        previous = again
    verdict = "met" if max(first, again) < 3.0 else "NOT met"
    print(
        f"goal: large workload (300 x 20, 10,000 alerts, 2,000 records) under 3 s: first build {first:.2f} s, "
        f"rebuild {again:.2f} s, {verdict}"
    )


if __name__ == "__main__":
    main()
