"""Subcommands, one module each, exposing a click command named `command`.

EXTRA_COMMANDS lists commands of feature modules: name -> (module, one-line help).
"""

EXTRA_COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "Fail (exit 1) when out/ is not what the definitions render."),
    "diff": ("diff", "Show what the definitions change in out/, by meaning."),
}
