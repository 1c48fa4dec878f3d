"""Subcommands, one module each, exposing a click command named `command`.

COMMANDS is the one command table: name -> (module under commands/, one-line help). The
help text lives here so `mcg --help` lists every command without importing any of them.
A new subcommand is a module here plus one line in this table.
"""

COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build", "Render every artifact from the definitions into out/."),
    "check": ("check", "Fail (exit 1) when out/ is not what the definitions render."),
    "diff": ("diff", "Show what the definitions change in out/, by meaning."),
    "env-diff": ("env_diff", "Compare two environments' rules and server configs, by meaning."),
    "explain": ("explain", "Explain a lint rule, with its bad and good examples."),
    "init": ("init", "Start a new project: definitions, out/, CI and pre-commit hooks."),
    "lint": ("lint", "Lint PromQL, rules and dashboards against the metric catalog."),
    "import": ("importing", "Import Grafana dashboards and Prometheus rule files as Python definitions."),
    "list": ("inventory", "Inventory of dashboards, panels, alerts, records and datasources."),
    "promql": ("promql", "Explain one PromQL query offline: result labels, reads, findings."),
    "routes": ("routes", "Run the Alertmanager routing tests with the real amtool."),
    "slo": ("slo", "SLOs: `mcg slo generate -i SPEC` prints the rules sloth makes of a sloth spec."),
    "smoke": ("smoke", "Run every dashboard query and rule expression against a live Prometheus."),
    "test": ("test", "Run the rule tests with the real promtool; --coverage lists untested rules."),
    "validate": ("validate", "Check rendered rules and server configs with promtool and amtool."),
}
