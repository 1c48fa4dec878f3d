"""Lint precision on real rule files: how many findings of the measured rules are false.

Lints tests/corpus/rules (community alert collections, rendered monitoring mixins, exporter
rule files; sources in tests/corpus/README.md) and matches every warning-or-error finding of
ALR001, ALR005, PQL007, PQL011, PQL015, PQL016, and every error-severity finding, to a
person's verdict in tests/corpus/verdicts.yaml. Prints true/false/unjudged per rule and the
false rate. Goal: at most 2% false, no false error.

`--code DIR` measures another checkout's monitoring_codegen (e.g. the code before a change:
`git archive <commit> monitoring_codegen | tar -x -C DIR`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, default=REPO, help="folder holding the monitoring_codegen to measure")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "tests"))
    sys.path.insert(0, str(args.code.resolve()))
    import corpus_verdicts as cv  # noqa: PLC0415 (after the path is set)

    files = sorted((cv.CORPUS / "rules").rglob("*.y*ml"))
    started = time.perf_counter()
    findings = cv.lint_corpus()
    seconds = time.perf_counter() - started
    result = cv.measure(findings)
    print(f"corpus: {len(files)} rule files, {len(findings)} findings in {seconds:.2f} s")
    print(f"{'rule':8} {'true':>5} {'false':>6} {'unjudged':>9}")
    for rule, counts in sorted(result.per_rule.items()):
        print(f"{rule:8} {counts.true:>5} {counts.false:>6} {counts.unjudged:>9}")
    print(
        f"{'total':8} {result.total - result.false - len(result.unjudged):>5} {result.false:>6} {len(result.unjudged):>9}"
    )
    for finding, why in result.false_findings:
        print(f"  false {finding.rule} {Path(finding.path).name} {finding.object}: {why}")
    for finding in result.unjudged[:20]:
        print(f"  unjudged {finding.rule} {Path(finding.path).name} {finding.object}: {finding.message}")
    ok = result.false_rate <= cv.GOAL_FALSE_RATE and not result.false_errors and not result.unjudged
    print(
        f"goal: false findings {result.false}/{result.total} = {100 * result.false_rate:.1f}% "
        f"(<= {100 * cv.GOAL_FALSE_RATE:.0f}%), false errors {len(result.false_errors)} (0): {'met' if ok else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
