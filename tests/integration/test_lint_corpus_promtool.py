"""Real-world rule files (tests/corpus): no syntax error from mcg lint on what the real promtool accepts."""

from __future__ import annotations

import shutil
import subprocess

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
