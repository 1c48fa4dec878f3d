"""The shipped definitions lint clean, and docs/lint-rules.md is what the registry says."""

from __future__ import annotations

import pytest
from conftest import REPO, run_mcg

from monitoring_codegen.lint.registry import all_rules
from monitoring_codegen.lint.report import rules_markdown


@pytest.mark.skipif(not (REPO / "definitions").is_dir(), reason="no shipped definitions")
def test_shipped_definitions_lint_clean_in_strict_mode():
    result = run_mcg("lint", "--strict", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 error(s), 0 warning(s)" in result.stdout


def test_rules_doc_is_generated_from_the_registry():
    doc = (REPO / "docs" / "lint-rules.md").read_text()
    assert doc == rules_markdown(all_rules()), (
        "docs/lint-rules.md is stale: run `mcg lint --list-rules --format markdown > docs/lint-rules.md`"
    )
