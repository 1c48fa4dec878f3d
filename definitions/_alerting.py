"""Conventions shared by every alert of the platform: severity, team and annotations.

`runbook_url` is left out: mcg links each alert to its generated runbook page under
`[tool.mcg] docs_url` (out/docs/alerts/<alert>.html); `runbook=` holds its "What to do"."""

from monitoring_codegen import AlertRule

# Definitions created here are attributed to the line that called these helpers.
__mcg_helper__ = True


def alert(
    name: str,
    expr: str,
    *,
    severity: str,
    summary: str,
    description: str,
    for_: str = "5m",
    labels: dict | None = None,
    **kwargs,
) -> AlertRule:
    return AlertRule(
        alert=name,
        expr=expr,
        for_=for_,
        labels={"severity": severity, "team": "agent-platform", **(labels or {})},
        annotations={
            "summary": summary,
            "description": description,
        },
        **kwargs,
    )
