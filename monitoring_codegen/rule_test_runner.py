"""Runs the rendered rule tests with the real promtool and maps results to definitions.

Every test case is written to a file of its own (same rule files, same evaluation
interval as in out/prometheus/tests/) so that a failure names exactly one test; the
files run in parallel. Nothing here touches out/: the rendered map is written to a
temporary folder.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .external_tools import find_tool, run_tool
from .render.rule_tests import RuleTestCase, collect_cases, evaluation_interval, test_document
from .render.rules import RULES_DIR
from .yamlio import dump_yaml


@dataclass
class CaseResult:
    case: RuleTestCase
    passed: bool
    output: str


def write_rule_files(rendered: dict[str, bytes], folder: Path) -> None:
    for rel, content in rendered.items():
        if rel.startswith(RULES_DIR + "/"):
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)


def run_rule_tests(model, rendered: dict[str, bytes], promtool: str | None = None,
                   cases: list[RuleTestCase] | None = None) -> list[CaseResult]:
    promtool = promtool or find_tool("promtool")
    cases = collect_cases(model) if cases is None else cases
    intervals = {}
    for case in cases:
        intervals.setdefault(case.test_file, []).append(case)
    intervals = {path: evaluation_interval(file_cases) for path, file_cases in intervals.items()}
    with tempfile.TemporaryDirectory(prefix="mcg-test-") as tmp:
        folder = Path(tmp)
        write_rule_files(rendered, folder)
        jobs = []
        for index, case in enumerate(cases):
            rel = f"{Path(case.test_file).parent.as_posix()}/case-{index:05d}.yaml"
            document = test_document(rel, case.rule_files, [case])
            document["evaluation_interval"] = intervals[case.test_file]
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(dump_yaml(document))
            jobs.append((case, rel))

        def run(job):
            case, rel = job
            result = run_tool([promtool, "test", "rules", rel], cwd=folder)
            return CaseResult(case, result.ok, _failure_text(result.output) if not result.ok else "")

        workers = max(1, min(8, os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(run, jobs))


def _failure_text(output: str) -> str:
    """promtool's explanation without its banner lines and blank lines."""
    lines = [line.rstrip() for line in output.splitlines()]
    kept = [line for line in lines if line.strip() and not line.startswith("Unit Testing:")
            and line.strip() not in ("FAILED:", "SUCCESS")]
    return "\n".join(kept)


@dataclass
class Coverage:
    untested: list  # rules without any test
    no_firing: list  # alerts whose tests never expect it to fire
    no_silent: list  # alerts without a "does not fire" test


def coverage(model) -> Coverage:
    cases = collect_cases(model)
    by_rule: dict[int, list[RuleTestCase]] = {}
    for case in cases:
        by_rule.setdefault(id(case.rule), []).append(case)
    untested, no_firing, no_silent = [], [], []
    for rule in [*model.alerts(), *model.records()]:
        tests = [c.test for c in by_rule.get(id(rule), [])]
        if not tests:
            untested.append(rule)
            continue
        if rule.kind == "AlertRule":
            if not any(t.fires for t in tests):
                no_firing.append(rule)
            if all(t.fires for t in tests):
                no_silent.append(rule)
    return Coverage(untested, no_firing, no_silent)
