"""Runs the rendered rule tests with the real promtool and maps results to definitions.

Every test case is written to a file of its own (same evaluation interval as in
out/prometheus/tests/) so that a failure names exactly one test; the files run in
parallel. promtool evaluates every loaded rule at every step of every test, so each
case loads only the rule under test and the recording rules it reads (in their
groups, in file order): the tested rule's result is the same, and the cost no longer
grows with the number of rules. Nothing here touches out/: files go to a temporary folder.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from monitoring_codegen.render.rule_tests import RuleTestCase, collect_cases, evaluation_interval, test_document
from monitoring_codegen.render.rules import RULES_DIR
from monitoring_codegen.tools.binaries import find_tool, run_tool
from monitoring_codegen.yamlio import dump_yaml, load_yaml

# Reading these makes an expression depend on every alerting rule: load everything.
_ALERT_SERIES = {"ALERTS", "ALERTS_FOR_STATE"}


@dataclass
class CaseResult:
    case: RuleTestCase
    passed: bool
    output: str


def run_rule_tests(
    model, rendered: dict[str, bytes], promtool: str | None = None, cases: list[RuleTestCase] | None = None
) -> list[CaseResult]:
    promtool = promtool or find_tool("promtool")
    cases = collect_cases(model) if cases is None else cases
    cases_by_file: dict[str, list[RuleTestCase]] = {}
    for case in cases:
        cases_by_file.setdefault(case.test_file, []).append(case)
    intervals = {path: evaluation_interval(file_cases) for path, file_cases in cases_by_file.items()}
    rule_documents = {rel: load_yaml(content) for rel, content in rendered.items() if rel.startswith(RULES_DIR + "/")}
    needed_records = _record_closure(model)
    with tempfile.TemporaryDirectory(prefix="mcg-test-") as tmp:
        folder = Path(tmp)
        jobs = []
        for index, case in enumerate(cases):
            case_dir = f"case-{index:05d}"
            rule_files = []
            for position, rule_file in enumerate(case.rule_files):
                reduced = _reduced_rules(rule_documents[rule_file], case.rule, needed_records(case.rule))
                if reduced is None:
                    continue
                rel_rules = f"{case_dir}/rules-{position}.yaml"
                (folder / case_dir).mkdir(exist_ok=True)
                (folder / rel_rules).write_bytes(dump_yaml(reduced))
                rule_files.append(rel_rules)
            rel = f"{case_dir}/test.yaml"
            document = test_document(rel, rule_files, [case])
            document["evaluation_interval"] = intervals[case.test_file]
            (folder / case_dir).mkdir(exist_ok=True)
            (folder / rel).write_bytes(dump_yaml(document))
            jobs.append((case, rel))

        def run(job):
            case, rel = job
            result = run_tool([promtool, "test", "rules", rel], cwd=folder)
            return CaseResult(case, result.ok, _failure_text(result.output) if not result.ok else "")

        workers = max(1, min(8, os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(run, jobs))


def _record_closure(model):
    """rule -> names of the recording rules its expression reads, directly or through records;
    None when it reads alert state and so needs every rule."""
    from monitoring_codegen.promql.dependencies import record_dependencies

    alerts, records = model.alerts_by_name(), model.records_by_name()
    record_exprs = {name: [r.rendered_expr() for r in rules] for name, rules in records.items()}

    def needed(rule) -> set[str] | None:
        # Same-named rules are tested together (promtool checks every alert of the tested name).
        same_name = (alerts if rule.kind == "AlertRule" else records).get(rule.key, [rule])
        names, recorded = record_dependencies(
            [r.rendered_expr() for r in same_name], lambda name: record_exprs.get(name, ())
        )
        return None if names & _ALERT_SERIES else recorded

    return needed


def _reduced_rules(document: dict, rule, records: set[str] | None) -> dict | None:
    """The rule file with only the tested rule and the records it needs; None if nothing is left."""
    if records is None:
        return document
    # Same-named rules stay together: promtool checks every alert of the tested name.
    key = "alert" if rule.kind == "AlertRule" else "record"
    groups = []
    for group in document.get("groups") or []:
        kept = [r for r in group.get("rules") or [] if r.get(key) == rule.key or r.get("record") in records]
        if kept:
            groups.append({**group, "rules": kept})
    return {"groups": groups} if groups else None


def _failure_text(output: str) -> str:
    """promtool's explanation without its banner lines and blank lines."""
    lines = [line.rstrip() for line in output.splitlines()]
    kept = [
        line
        for line in lines
        if line.strip() and not line.startswith("Unit Testing:") and line.strip() not in ("FAILED:", "SUCCESS")
    ]
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
            fires = [_fires_rule(rule, t) for t in tests]
            if not any(fires):
                no_firing.append(rule)
            if all(fires):
                no_silent.append(rule)
    return Coverage(untested, no_firing, no_silent)


def _fires_rule(rule, test) -> bool:
    """The test expects `rule` itself to fire, not only a same-named sibling (the critical
    variant of a warning alert, another level of a budget policy): an expected alert whose
    labels contradict the rule's own labels is the sibling's, and this rule stays silent."""
    return any(all(firing.labels.get(k, v) == v for k, v in rule.labels.items()) for firing in test.fires)
