"""definitions -> model -> rendered map: the one path every command takes."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from monitoring_codegen.config import Config, load_config
from monitoring_codegen.model.project import Model


@dataclass
class Build:
    config: Config
    model: Model
    rendered: dict[str, bytes]


def load_model(config: Config) -> Model:
    from monitoring_codegen import isolation
    from monitoring_codegen.model.loader import load_definitions

    # From here on the command runs in a child process when started as `mcg` (isolation.py).
    isolation.fork_for_definitions(config.load_timeout)
    # Loading creates tens of thousands of long-lived objects and no cycles worth collecting:
    # the collector's full passes over them cost about a second on large definitions.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with isolation.user_code_output():
            model = load_definitions(config.definitions, config.root, on_import=isolation.importing)
    finally:
        if was_enabled:
            gc.enable()
    isolation.loaded()
    apply_settings(model, config)
    return model


def apply_settings(model: Model, config: Config) -> None:
    """What the project settings add to the model: the docs and Grafana URLs the docs link to,
    and a default `runbook_url` (the alert's generated page) on alerts that have none."""
    from monitoring_codegen.docs.pages import default_runbook_urls

    model.docs = config.docs
    model.docs_url = config.docs_url
    model.grafana_url = config.grafana_url
    if model.docs:
        default_runbook_urls(model)


def render(config: Config) -> Build:
    from monitoring_codegen.render import render_all
    from monitoring_codegen.secrets import check_build

    model = load_model(config)
    rendered = render_all(model)
    # No literal credential reaches an artifact, whatever rendered it; one found is reported at
    # the definition that holds it (file:line), else once per distinct secret with its files.
    check_build(model, rendered)
    return Build(config=config, model=model, rendered=rendered)


def render_from(definitions: str | None = None, out: str | None = None, start: Path | None = None) -> Build:
    return render(load_config(definitions, out, start))
