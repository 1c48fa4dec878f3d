"""Conventions shared by every alert of the platform: severity, annotations, runbook."""

from monitoring_codegen import AlertRule

# Definitions created here are attributed to the line that called these helpers.
__mcg_helper__ = True

RUNBOOK_BASE = "https://runbooks.agents.example.com/alerts"


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
            "runbook_url": f"{RUNBOOK_BASE}/{name.lower()}",
        },
        **kwargs,
    )
