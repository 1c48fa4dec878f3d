"""Lint precision on the real-world corpus: every finding of the measured rules, judged.

tests/corpus/verdicts.yaml holds a person's verdict on each finding (true: the file should change;
false: the linter is wrong). `measure()` lints tests/corpus/rules, matches each measured finding
to its verdict and counts per rule. bench/bench_lint_precision.py prints the counts;
tests/unit/test_lint_precision.py asserts that nothing is left unjudged and that the false rate
stays within the goal.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
VERDICTS = CORPUS / "verdicts.yaml"
# The rules issue 11 measured and the checks it added; every error-severity finding counts too.
MEASURED_RULES = ("ALR001", "ALR005", "PQL007", "PQL011", "PQL015", "PQL016")
SEVERITIES = ("warning", "error")
GOAL_FALSE_RATE = 0.02


@dataclass
class RuleCounts:
    true: int = 0
    false: int = 0
    unjudged: int = 0


@dataclass
class Measurement:
    per_rule: dict[str, RuleCounts] = field(default_factory=dict)
    false_findings: list = field(default_factory=list)  # (finding, why)
    unjudged: list = field(default_factory=list)
    false_errors: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.true + c.false + c.unjudged for c in self.per_rule.values())

    @property
    def false(self) -> int:
        return sum(c.false for c in self.per_rule.values())

    @property
    def false_rate(self) -> float:
        return self.false / self.total if self.total else 0.0


def load_verdicts(path: Path = VERDICTS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def verdict_for(finding, relative_path: str, verdicts: list[dict]) -> dict | None:
    for entry in verdicts:
        if entry["rule"] != finding.rule:
            continue
        if not fnmatch.fnmatchcase(relative_path, entry["path"]):
            continue
        if not fnmatch.fnmatchcase(finding.object or "", entry.get("object", "*")):
            continue
        if entry.get("message", "") not in finding.message:
            continue
        return entry
    return None


def is_measured(finding) -> bool:
    if finding.severity == "error":
        return True
    return finding.rule in MEASURED_RULES and finding.severity in SEVERITIES


def measure(findings, corpus: Path = CORPUS, verdicts: list[dict] | None = None) -> Measurement:
    """Counts of judged findings per rule, from `findings` of linting `corpus`/rules."""
    verdicts = load_verdicts() if verdicts is None else verdicts
    result = Measurement()
    for finding in findings:
        if not is_measured(finding):
            continue
        relative = Path(finding.path).resolve().relative_to(corpus.resolve()).as_posix()
        counts = result.per_rule.setdefault(finding.rule, RuleCounts())
        entry = verdict_for(finding, relative, verdicts)
        if entry is None:
            counts.unjudged += 1
            result.unjudged.append(finding)
        elif entry["verdict"]:
            counts.true += 1
        else:
            counts.false += 1
            result.false_findings.append((finding, entry["why"]))
            if finding.severity == "error":
                result.false_errors.append(finding)
    return result


def lint_corpus(corpus: Path = CORPUS):
    from monitoring_codegen.lint.runner import lint

    return lint([str(corpus / "rules")], use_definitions=False, prometheus_version="2.42", start=corpus).findings
