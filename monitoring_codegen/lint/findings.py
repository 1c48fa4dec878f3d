"""A lint finding: which rule, how bad, where, on what, and why."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    rule: str  # stable id, e.g. PQL003
    name: str  # readable name, e.g. promql/rate-on-non-counter
    severity: str
    path: str
    line: int
    object: str  # alert/record name, "dashboard / panel" title, metric name
    message: str
    # Best-effort 1-based column inside `expr` (syntax errors), and the expression quoted as written.
    column: int | None = None
    expr: str | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.rule, self.object, self.message)

    def to_json(self) -> dict:
        data = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "object": self.object,
            "message": self.message,
        }
        if self.column is not None:
            data["column"] = self.column
        if self.expr is not None:
            data["expr"] = self.expr
        return data
