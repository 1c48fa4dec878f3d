"""Shared command plumbing: options and turning McgErrors into exit code 2."""

from __future__ import annotations

import functools
import sys

import click

from monitoring_codegen.errors import McgError

definitions_option = click.option(
    "--definitions",
    "definitions",
    type=click.Path(file_okay=False),
    default=None,
    help="Definitions folder (default: [tool.mcg] definitions, else ./definitions).",
)
out_option = click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    default=None,
    help="Output folder (default: [tool.mcg] out, else ./out).",
)


# A message line longer than this is cut: an expression or a value echoed whole buries the error.
MAX_LINE = 500


def _cap(line: str) -> str:
    if len(line) <= MAX_LINE:
        return line
    return f"{line[:MAX_LINE]}... [{len(line) - MAX_LINE} more characters cut]"


def user_message(text: str) -> str:
    """An error message as printed: literal credentials replaced by their redacted excerpts
    (a PromQL parse error echoes the expression, a token in it included), long lines cut."""
    from monitoring_codegen.secrets import redact

    return "\n".join(_cap(line) for line in redact(text).split("\n"))


def report_errors(func):
    """User mistakes end with a readable message and exit 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except McgError as exc:
            from monitoring_codegen.config import find_project_root

            formatter = getattr(exc, "format", None)
            text = formatter(find_project_root()) if formatter else str(exc)
            text = user_message(text if text.startswith("error") or ": error:" in text else f"error: {text}")
            click.echo(text, err=True)
            sys.exit(exc.exit_code)

    return wrapper
