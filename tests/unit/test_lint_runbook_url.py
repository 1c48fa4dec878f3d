"""ALR006 alert/runbook-url beyond its documented examples: pages, hosts, settings, definitions."""

from __future__ import annotations

import textwrap

import pytest
from conftest import run_mcg

from monitoring_codegen.lint.engine import LintInput, run
from monitoring_codegen.lint.inputs.rule_files import load_rule_file
from monitoring_codegen.lint.registry import find_rule
from monitoring_codegen.lint.settings import load_settings

RULE = find_rule("ALR006")


def findings(urls: dict[str, str], docs_url: str | None = "https://docs.example.com/m", hosts=()) -> list[str]:
    rules = "".join(
        f"      - alert: {name}\n        expr: vector(1) > 2\n        annotations:\n          runbook_url: '{url}'\n"
        for name, url in urls.items()
    )
    text = f"groups:\n  - name: g\n    rules:\n{rules}"
    settings = load_settings({"runbook_hosts": list(hosts)}, docs_url=docs_url)
    inputs = LintInput(rule_files=[load_rule_file(text, "rules.yaml")])
    return [f.message for f in run(inputs, settings, rules=(RULE,))]


@pytest.mark.parametrize(
    "url, hosts, expected",
    [
        ("https://docs.example.com/m/alerts/A.html", (), 0),  # its own page
        ("https://docs.example.com/m/alerts/A.html#what-to-do", (), 0),
        ("https://docs.example.com/m/alerts/index.html", (), 0),
        ("https://docs.example.com/m/metrics.html", (), 0),
        ("https://docs.example.com/m/alerts/B.html", (), 1),  # another alert's page
        ("https://docs.example.com/m/alerts/a.html", (), 1),  # case matters on a web server
        ("https://docs.example.com/m/alerts/A.md", (), 1),
        ("https://docs.example.com/mx/alerts/A.html", (), 1),  # not below docs_url
        ("https://wiki.example.com/a", ("wiki.example.com",), 0),
        ("https://team.wiki.example.com/a", ("*.wiki.example.com",), 0),
        ("https://evilwiki.example.com/a", ("*.wiki.example.com",), 1),
        ("ftp://wiki.example.com/a", ("wiki.example.com",), 1),
        ("https://{{ $labels.host }}/a", (), 0),  # a templated host cannot be checked offline
        ("/relative/page", (), 1),
    ],
)
def test_runbook_urls(url, hosts, expected):
    found = findings({"A": url, "B": "https://docs.example.com/m/alerts/B.html"}, hosts=hosts)
    assert len(found) == expected, found


def test_nothing_configured_nothing_checked():
    assert findings({"A": "https://anywhere.example.org/x"}, docs_url=None) == []


def test_only_hosts_configured():
    found = findings({"A": "https://docs.example.com/m/alerts/A.html"}, docs_url=None, hosts=("wiki.example.com",))
    assert len(found) == 1 and "no docs_url" in found[0]


def test_definitions_get_their_pages_by_default_and_a_wrong_one_is_reported(tmp_path):
    root = tmp_path / "p"
    (root / "definitions").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.mcg]\ndocs_url = "https://docs.example.com/m"\n[tool.mcg.lint]\nrunbook_hosts = ["wiki.example.com"]\n'
    )
    (root / "definitions" / "rules.py").write_text(
        textwrap.dedent(
            """
            from monitoring_codegen import AlertRule, RuleGroup
            G = RuleGroup(name="g", rules=[
                AlertRule(alert="Fine", expr="vector(1) > 2", labels={"severity": "warning"},
                          annotations={"summary": "s"}, for_="5m"),
                AlertRule(alert="Wiki", expr="vector(1) > 2", labels={"severity": "warning"}, for_="5m",
                          annotations={"summary": "s", "runbook_url": "https://wiki.example.com/wiki"}),
                AlertRule(alert="Broken", expr="vector(1) > 2", labels={"severity": "warning"}, for_="5m",
                          annotations={"summary": "s", "runbook_url": "https://old.example.com/broken"}),
            ])
            """
        )
    )
    result = run_mcg("lint", cwd=root)
    assert "ALR006" in result.stdout
    reported = [line for line in result.stdout.splitlines() if "ALR006" in line]
    assert len(reported) == 1 and "Broken" in reported[0] and "rules.py:" in reported[0]
