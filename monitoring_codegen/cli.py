"""`mcg` command line. Subcommands live in `commands/` and are imported only when run,
so `mcg --help` stays fast (grafanalib, pydantic and jinja2 are not loaded for it)."""

from __future__ import annotations

import difflib
import importlib
import sys

import click

from monitoring_codegen import __version__
from monitoring_codegen.commands import COMMANDS


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted([*COMMANDS, "help"])

    def get_command(self, ctx, name):
        if name == "help":
            return help_command
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        module = importlib.import_module(f"{__package__}.commands.{entry[0]}")
        return module.command

    def resolve_command(self, ctx, args):
        # A mistyped command gets the nearest real one, as click already does for options.
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.6)
            suggestion = f" Did you mean {hint[0]!r}?" if hint else ""
            ctx.fail(f"No such command {name!r}.{suggestion} (`mcg help` lists them)")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx, formatter):
        # Short help from the table above, without importing every command module.
        table = {**COMMANDS, "help": ("", "Show help for mcg or for one command: mcg help [COMMAND].")}
        rows = [(name, table[name][1]) for name in sorted(table)]
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


@click.command("help", context_settings={"ignore_unknown_options": True})
@click.argument("command_name", required=False)
@click.pass_context
def help_command(ctx: click.Context, command_name: str | None) -> None:
    """Show help for mcg or for one command: mcg help [COMMAND]."""
    group_ctx = ctx.parent or ctx
    group = group_ctx.command
    if not command_name:
        click.echo(group.get_help(group_ctx))
        return
    assert isinstance(group, LazyGroup)
    _, command, _ = group.resolve_command(group_ctx, [command_name])
    assert command is not None
    with click.Context(command, info_name=command_name, parent=group_ctx) as sub:
        click.echo(command.get_help(sub))


def run() -> None:
    """The `mcg` entry point: the click group, with definitions isolated (see isolation.py)."""
    from monitoring_codegen import isolation

    isolation.enable()
    try:
        main(prog_name="mcg")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
        isolation.finish(code)
        raise
    except BaseException:
        import traceback

        traceback.print_exc()
        isolation.finish(1)
        raise
    isolation.finish(0)
