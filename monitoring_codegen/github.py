"""GitHub Actions workflow commands: the `::error file=...,line=...::message` annotations of
`mcg lint`, `mcg check` and `mcg test` (`--format github`).

GitHub reads one command per line, so the message is escaped as "data" (`%` -> `%25`,
CR -> `%0D`, LF -> `%0A`) and every property value additionally as a property (`:` -> `%3A`,
`,` -> `%2C`), or a file name like `a,b.yaml` would end the `file=` property early. These
are the rules of `escapeData`/`escapeProperty` in the Actions toolkit (@actions/core, command.ts).
"""

from __future__ import annotations

LEVELS = ("error", "warning", "notice")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, **properties: object) -> str:
    """One annotation line: `annotation("error", "x", file="a.py", line=3, title="t")` is
    `::error file=a.py,line=3,title=t::x`. Properties keep the order given; None ones are left out."""
    if level not in LEVELS:
        raise ValueError(f"annotation level must be one of {LEVELS}, not {level!r}")
    props = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items() if value is not None)
    return f"::{level} {props}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"
