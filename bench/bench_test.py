"""`mcg test` against the peer, `promtool test rules` on the same rendered test files.

`mcg test` renders in memory and runs one promtool process per test case in parallel
(so every failure names one test); the peer runs promtool once over the committed
files. Shipped definitions and a generated project with 100 alerts x 2 tests.
Goal: `mcg test` on the shipped definitions within 3x of bare promtool, and far faster once
there are many rules (the peer evaluates every rule for every test).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

from common import MCG, REPO, time_command, work_dir

RULES = 100


def generated_project():
    root = work_dir() / "rule-tests"
    shutil.rmtree(root, ignore_errors=True)
    (root / "definitions").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.mcg]\n")
    lines = [
        textwrap.dedent("""
        from monitoring_codegen import AlertRule, AlertTest, Firing, Metric, RuleGroup
        REQS = Metric(name="app_requests_total", type="counter", help="r", labels=("service", "status"))
        rules = []
    """)
    ]
    lines.append(
        textwrap.dedent(f"""
        for i in range({RULES}):
            svc = f"svc{{i}}"
            err = f'app_requests_total{{{{service="{{svc}}", status="500"}}}}'
            ok = f'app_requests_total{{{{service="{{svc}}", status="200"}}}}'
            rules.append(AlertRule(
                alert=f"Errors{{i}}", for_="5m", labels={{"severity": "warning"}},
                expr=f'sum by (service) (rate(app_requests_total{{{{service="{{svc}}", status="500"}}}}[5m])) '
                     f'/ sum by (service) (rate(app_requests_total{{{{service="{{svc}}"}}}}[5m])) > 0.1',
                annotations={{"summary": "{{{{ $labels.service }}}} fails {{{{ $value | humanizePercentage }}}}"}},
                tests=[AlertTest("fires", series={{err: "0+12x20", ok: "0+48x20"}}, at="10m",
                                 fires=[Firing({{"service": svc}}, value=0.2)]),
                       AlertTest("silent", series={{err: "0+1x20", ok: "0+59x20"}}, at="10m", fires=False)]))
        GROUP = RuleGroup(name="generated", rules=rules)
    """)
    )
    (root / "definitions" / "rules.py").write_text("".join(lines))
    subprocess.run([*MCG, "build", "-q"], cwd=root, check=True)
    return root


def measure(label: str, root, repeat: int = 3) -> None:
    promtool = shutil.which("promtool")
    tests = sorted(str(p.relative_to(root)) for p in (root / "out/prometheus/tests").glob("*.yaml"))
    ours = time_command([*MCG, "test"], root, repeat)
    peer = time_command([promtool, "test", "rules", *tests], root, repeat)
    print(f"{label}:")
    print(f"  mcg test (render + one promtool per test, parallel)  {ours:6.2f} s")
    print(f"  peer: promtool test rules out/prometheus/tests/*.yaml {peer:6.2f} s  (mcg test x{ours / peer:.2f})")


def main() -> int:
    if not shutil.which("promtool"):
        print("bench_test: promtool not installed, skipped")
        return 0
    measure("shipped definitions", REPO)
    measure(f"generated: {RULES} alerts x 2 tests", generated_project(), repeat=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
