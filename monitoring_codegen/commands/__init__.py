"""Subcommands, one module each, exposing a click command named `command`.

EXTRA_COMMANDS lists commands of feature modules: name -> (module, one-line help).
"""

EXTRA_COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "Fail (exit 1) when out/ is not what the definitions render."),
    "diff": ("diff", "Show what the definitions change in out/, by meaning."),
    "lint": ("lint", "Lint PromQL, rules and dashboards against the metric catalog."),
    "explain": ("explain", "Explain a lint rule, with its bad and good examples."),
    "test": ("test", "Run the rule tests with the real promtool; --coverage lists untested rules."),
    "validate": ("validate", "Check rendered rules and server configs with promtool and amtool."),
    "env-diff": ("env_diff", "Compare two environments' rules and server configs, by meaning."),
    "routes": ("routes", "Run the Alertmanager routing tests with the real amtool."),
    "smoke": ("smoke", "Run every dashboard query and rule expression against a live Prometheus."),
}
