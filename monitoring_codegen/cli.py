"""`mcg` command line. Subcommands live in `commands/` and are imported only when run,
so `mcg --help` stays fast (grafanalib, pydantic and jinja2 are not loaded for it)."""

from __future__ import annotations

import importlib

import click

from . import __version__

# command name -> "module:attribute" under monitoring_codegen.commands
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build", "Render every artifact from the definitions into out/."),
    "list": ("inventory", "Inventory of dashboards, panels, alerts, records and datasources."),
}


def register_command(name: str, module: str, help_text: str) -> None:
    COMMANDS[name] = (module, help_text)


def _load_extra_commands() -> None:
    # Feature modules add their commands here; kept as data so nothing heavy is imported.
    from .commands import EXTRA_COMMANDS

    for name, (module, help_text) in EXTRA_COMMANDS.items():
        COMMANDS.setdefault(name, (module, help_text))


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        _load_extra_commands()
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        _load_extra_commands()
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        module = importlib.import_module(f"{__package__}.commands.{entry[0]}")
        return getattr(module, "command")

    def format_commands(self, ctx, formatter):
        # Short help from the table above, without importing every command module.
        _load_extra_commands()
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
