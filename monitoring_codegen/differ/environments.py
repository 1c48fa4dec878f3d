"""Two environments side by side: what `prod` changes compared with `dev`, by meaning.

An environment's effective artifacts are gathered under neutral paths (`prometheus.yml`,
`prometheus.args`, `alertmanager.yml`, `rules/<file>.yaml` as its Prometheus loads them,
overrides applied), so the one differ (`differ.diff_trees`) compares them rule by rule.
"""

from __future__ import annotations

import posixpath

from monitoring_codegen.errors import UsageError


def _without_header(content: bytes) -> bytes:
    """Drop the leading comment block: it names the environment and would differ everywhere."""
    lines = content.split(b"\n")
    index = 0
    while index < len(lines) and lines[index].startswith(b"#"):
        index += 1
    return b"\n".join(lines[index:])


def environment_tree(build, name: str) -> dict[str, bytes]:
    from monitoring_codegen.render.servers import alertmanager_config_path, prometheus_config_path
    from monitoring_codegen.yamlio import load_yaml

    envs = {env.name: env for env in build.model.environments}
    if name not in envs:
        raise UsageError(f"unknown environment {name!r}; declared: {sorted(envs)}")
    env = envs[name]
    rendered = build.rendered
    config_path = prometheus_config_path(env)
    tree = {
        "prometheus.yml": _without_header(rendered[config_path]),
        "prometheus.args": rendered[f"env/{name}/prometheus.args"],
    }
    if alertmanager_config_path(env) in rendered:
        tree["alertmanager.yml"] = _without_header(rendered[alertmanager_config_path(env)])
    config = load_yaml(rendered[config_path])
    for rule_file in config.get("rule_files") or []:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(config_path), rule_file))
        tree[f"rules/{posixpath.basename(resolved)}"] = _without_header(rendered[resolved])
    # The loaded rules are the point of comparison; the rule_files paths differ by layout only.
    config.pop("rule_files", None)
    from monitoring_codegen.yamlio import dump_yaml

    tree["prometheus.yml"] = dump_yaml(config)
    return dict(sorted(tree.items()))


def diff_environments(build, old: str, new: str):
    from monitoring_codegen.differ import diff_trees

    return diff_trees(environment_tree(build, old), environment_tree(build, new))
