"""Subcommands, one module each, exposing a click command named `command`.

EXTRA_COMMANDS lists commands of feature modules: name -> (module, one-line help).
"""

EXTRA_COMMANDS: dict[str, tuple[str, str]] = {}
