"""`mcg` command line. Subcommands live in `commands/` and are imported only when run,
so `mcg --help` stays fast (grafanalib, pydantic and jinja2 are not loaded for it)."""

from __future__ import annotations

import importlib

import click

from monitoring_codegen import __version__

from monitoring_codegen.commands import COMMANDS


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        module = importlib.import_module(f"{__package__}.commands.{entry[0]}")
        return getattr(module, "command")

    def format_commands(self, ctx, formatter):
        # Short help from the table above, without importing every command module.
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mcg")
def main() -> None:
    """mcg: monitoring as code for Prometheus, Alertmanager and Grafana.

    Declare metrics, dashboards, rules and datasources in Python under definitions/;
    `mcg build` renders what Grafana and Prometheus load.
    """
