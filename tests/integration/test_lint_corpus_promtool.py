"""Real-world rule files (tests/corpus): no syntax error from mcg lint on what the real promtool accepts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CORPUS

from monitoring_codegen.lint.runner import lint

RULE_FILES = sorted(p for p in (CORPUS / "rules").rglob("*.y*ml"))


@pytest.fixture(scope="module")
def rule_findings():
    return lint([str(CORPUS / "rules")], use_definitions=False, prometheus_version="2.42", start=CORPUS)


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed")
def test_no_syntax_error_on_rules_promtool_accepts(rule_findings):
    result = subprocess.run(["promtool", "check", "rules", *map(str, RULE_FILES)], capture_output=True, text=True)
    # promtool prints "Checking FILE" and then "  SUCCESS: ..." or "  FAILED:" for each file.
    accepted, current = set(), None
    for line in (result.stdout + result.stderr).splitlines():
        if line.startswith("Checking "):
            current = line[len("Checking ") :].strip()
        elif line.strip().startswith("SUCCESS") and current:
            accepted.add(current)
    assert len(accepted) > 80, result.stdout[-2000:]
    syntax = [f for f in rule_findings.findings if f.rule in ("PQL001", "PQL002") and f.path in accepted]
    assert not syntax, syntax[:5]


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed")
def test_no_false_error_on_rules_promtool_accepts(rule_findings):
    """An error-severity finding on a file promtool accepts must be a real problem: each one is
    judged true in tests/corpus/verdicts.yaml (a false one, or one nobody judged, fails)."""
    from corpus_verdicts import CORPUS as VERDICT_CORPUS
    from corpus_verdicts import load_verdicts, verdict_for

    result = subprocess.run(["promtool", "check", "rules", *map(str, RULE_FILES)], capture_output=True, text=True)
    accepted, current = set(), None
    for line in (result.stdout + result.stderr).splitlines():
        if line.startswith("Checking "):
            current = line[len("Checking ") :].strip()
        elif line.strip().startswith("SUCCESS") and current:
            accepted.add(str(Path(current).resolve()))
    verdicts = load_verdicts()
    errors = [f for f in rule_findings.findings if f.severity == "error" and str(Path(f.path).resolve()) in accepted]
    assert errors, "the corpus holds real errors (PQL009, PQL010, PQL011, PQL016): none found means nothing was checked"
    not_true = []
    for finding in errors:
        relative = Path(finding.path).resolve().relative_to(VERDICT_CORPUS.resolve()).as_posix()
        entry = verdict_for(finding, relative, verdicts)
        if entry is None or not entry["verdict"]:
            not_true.append((finding.rule, relative, finding.object, finding.message))
    assert not not_true, not_true
