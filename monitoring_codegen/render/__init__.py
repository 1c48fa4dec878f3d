"""Pure renderers: the loaded model in, `{relative posix path: bytes}` out.

No disk, no clock, no environment: the same model gives the same bytes anywhere.
`build`, `check` and `diff` all consume `render_all`; none renders on its own.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from monitoring_codegen.errors import DefinitionError, DefinitionErrors
from monitoring_codegen.model.names import case_collisions
from monitoring_codegen.model.project import Model

Rendered = dict[str, bytes]


def _renderers() -> list[Callable[[Model], Rendered]]:
    """Every renderer, in order; a new artifact kind is a module here plus one line below."""
    from monitoring_codegen.docs.render import render_docs
    from monitoring_codegen.render.anomaly_rules import check_anomalies
    from monitoring_codegen.render.compose import render_compose
    from monitoring_codegen.render.dashboards import check_dashboard_uids, render_dashboards
    from monitoring_codegen.render.environments import render_environment_rules
    from monitoring_codegen.render.instrumentation import render_instrumentation
    from monitoring_codegen.render.kubernetes import render_kubernetes
    from monitoring_codegen.render.mimir import render_mimir_rules
    from monitoring_codegen.render.provisioning import render_provisioning
    from monitoring_codegen.render.rule_tests import render_rule_tests
    from monitoring_codegen.render.rules import render_rule_files
    from monitoring_codegen.render.servers import render_alertmanager_configs, render_prometheus_configs
    from monitoring_codegen.render.slo_rules import check_slos

    found: list[Callable[[Model], Rendered]] = [
        render_rule_files,
        render_dashboards,
        check_dashboard_uids,
        render_provisioning,
        render_environment_rules,
        render_rule_tests,
        render_instrumentation,
        render_prometheus_configs,
        render_alertmanager_configs,
        render_kubernetes,
        render_mimir_rules,
        render_compose,
        check_slos,
        check_anomalies,
        render_docs,
    ]
    return found


def render_all(model: Model) -> Rendered:
    """Every artifact, in memory. Raises DefinitionErrors before anything is written."""
    # Rendering builds many short-lived dicts and lists and no garbage cycles worth chasing;
    # with the collector on, each full collection walked the whole loaded model again
    # (0.2-0.4 s of a large build). It runs again once the artifacts are done.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _render_all(model)
    finally:
        if was_enabled:
            gc.enable()


def _render_all(model: Model) -> Rendered:
    rendered: Rendered = {}
    owners: dict[str, str] = {}
    errors: list[DefinitionError] = []
    for renderer in _renderers():
        try:
            part = renderer(model)
        except DefinitionError as exc:
            errors.append(exc)
            continue
        except DefinitionErrors as exc:
            errors.extend(exc.errors)
            continue
        for path, content in part.items():
            check_relative_path(path)
            if path in rendered:
                errors.append(DefinitionError(f"two renderers produce {path} ({owners[path]} and {renderer.__name__})"))
                continue
            rendered[path] = content
            owners[path] = renderer.__name__
    if not errors:  # a last guard; the renderers name the definitions behind a collision
        errors.extend(_case_collisions(rendered, owners))
    if errors:
        raise DefinitionErrors(errors)
    return dict(sorted(rendered.items()))


def _case_collisions(rendered: Rendered, owners: dict[str, str]) -> list[DefinitionError]:
    """Two paths that differ only in case are one file on macOS and Windows checkouts."""
    return [
        DefinitionError(
            f"{other} ({owners[other]}) and {path} ({owners[path]}) differ only in case: "
            "they would be one file on case-insensitive file systems; rename one of the definitions"
        )
        for other, path in case_collisions(sorted(rendered), lambda path: path)
    ]


def check_relative_path(path: str) -> None:
    """Artifacts stay inside the output folder whatever a name or title says."""
    parts = path.split("/")
    if (
        not path
        or path.startswith("/")
        or "\\" in path
        or "\x00" in path
        or any(part in ("", ".", "..") for part in parts)
        or ":" in parts[0]
    ):
        raise DefinitionError(f"refusing to write outside the output folder: {path!r}")
