"""Shared command plumbing: options and turning McgErrors into exit code 2."""

from __future__ import annotations

import functools
import sys

import click

from monitoring_codegen.errors import McgError

definitions_option = click.option(
    "--definitions", "definitions", type=click.Path(file_okay=False), default=None,
    help="Definitions folder (default: [tool.mcg] definitions, else ./definitions).",
)
out_option = click.option(
    "--out", "out", type=click.Path(file_okay=False), default=None,
    help="Output folder (default: [tool.mcg] out, else ./out).",
)


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
            click.echo(text if text.startswith("error") or ": error:" in text else f"error: {text}",
                       err=True)
            sys.exit(exc.exit_code)

    return wrapper
