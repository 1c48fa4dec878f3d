"""Findings as text, JSON, GitHub workflow annotations or SARIF 2.1.0; rules as text or markdown."""

from __future__ import annotations

import json
from urllib.parse import quote

from monitoring_codegen.github import annotation
from monitoring_codegen.lint.findings import SEVERITIES, Finding
from monitoring_codegen.promql.syntax import caret

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def summary(findings: list[Finding], checked: dict[str, int]) -> dict:
    by_severity = {severity: 0 for severity in SEVERITIES}
    by_rule: dict[str, int] = {}
    for finding in findings:
        by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    return {"findings": len(findings), **by_severity, "by_rule": dict(sorted(by_rule.items())), "checked": checked}


def _one_line(text: str) -> str:
    """A title or message with a line break (Grafana titles may hold one) kept on its finding's line."""
    return text.replace("\r", "\\r").replace("\n", "\\n") if "\n" in text or "\r" in text else text


def format_text(findings: list[Finding], checked: dict[str, int]) -> str:
    lines = []
    for f in findings:
        lines.append(
            f"{f.path}:{f.line}: {f.severity} [{f.rule} {f.name}] {_one_line(f.object)}: {_one_line(f.message)}"
        )
        if f.column and f.expr:
            text, mark = caret(f.expr, f.column)
            lines.append(f"    {text}")
            lines.append(f"    {mark}")
    s = summary(findings, checked)
    what = ", ".join(f"{n} {k}" for k, n in checked.items())
    lines.append(f"mcg lint: {s['error']} error(s), {s['warning']} warning(s), {s['info']} info ({what} checked)")
    return "\n".join(lines) + "\n"


def format_json(findings: list[Finding], checked: dict[str, int]) -> str:
    return (
        json.dumps(
            {"findings": [f.to_json() for f in findings], "summary": summary(findings, checked)},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def format_github(findings: list[Finding], checked: dict[str, int]) -> str:
    lines = [
        annotation(
            _GITHUB_LEVEL[f.severity],
            f"{f.object}: {f.message}",
            file=f.path,
            line=max(f.line, 1),
            title=f"{f.rule} {f.name}",
            col=f.column or None,
        )
        for f in findings
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def _uri(path: str) -> str:
    """SARIF wants a URI reference: percent-encoded (spaces, `#`, `%`, non-ASCII), absolute paths as file:."""
    encoded = quote(path.replace("\\", "/"), safe="/-._~")
    return "file://" + encoded if path.startswith("/") else encoded


def format_sarif(findings: list[Finding], checked: dict[str, int]) -> str:
    from monitoring_codegen.lint.registry import all_rules

    rules = all_rules()
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    for f in findings:
        region = {"startLine": max(f.line, 1)}
        if f.column:
            region["startColumn"] = f.column
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index.get(f.rule, 0),
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f"{f.object}: {f.message}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}, "region": region}}],
            }
        )
    from monitoring_codegen import __version__

    driver = {
        "name": "mcg lint",
        "version": __version__,
        "rules": [
            {
                "id": rule.id,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.details},
                "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            }
            for rule in rules
        ],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github, "sarif": format_sarif}


def rules_text(rules) -> str:
    width = max(len(r.name) for r in rules)
    return "".join(f"{r.id}  {r.name.ljust(width)}  {r.severity.ljust(7)}  {r.summary}\n" for r in rules)


def rules_json(rules) -> str:
    return (
        json.dumps(
            [{"id": r.id, "name": r.name, "severity": r.severity, "summary": r.summary} for r in rules], indent=2
        )
        + "\n"
    )


def explain(rule) -> str:
    return (
        f"{rule.id} {rule.name} (default severity: {rule.severity})\n\n{rule.summary}\n\n{rule.details}\n\n"
        f"Bad:\n\n{_indent(rule.bad)}\nGood:\n\n{_indent(rule.good)}"
        f'\nIgnore one occurrence: lint_ignore={{"{rule.id}": "reason"}} on the definition, or '
        f"`# mcg: ignore={rule.id} reason` on a YAML rule.\n"
    )


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line.strip() else "\n" for line in text.rstrip("\n").splitlines())


def rules_markdown(rules) -> str:
    """docs/lint-rules.md: generated from the registry (`mcg lint --list-rules --format markdown`)."""
    out = [
        "# mcg lint rules",
        "",
        "Generated from the rule registry by `mcg lint --list-rules --format markdown`; do not edit.",
        "Each rule's bad and good examples are also its tests (tests/unit/test_lint_rule_examples.py).",
        "",
        "| id | name | severity | what |",
        "| --- | --- | --- | --- |",
    ]
    for r in rules:
        out.append(f"| [{r.id}](#{r.id.lower()}) | `{r.name}` | {r.severity} | {r.summary} |")
    out.append("")
    for r in rules:
        fence = "json" if r.example_format == "dashboard" else "yaml"
        out += [
            f"## {r.id}",
            "",
            f"`{r.name}`, default severity **{r.severity}**.",
            "",
            r.summary,
            "",
            r.details,
            "",
            "Bad:",
            "",
            f"```{fence}",
            r.bad.rstrip("\n"),
            "```",
            "",
            "Good:",
            "",
            f"```{fence}",
            r.good.rstrip("\n"),
            "```",
            "",
        ]
    return "\n".join(out)
