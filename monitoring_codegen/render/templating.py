"""jinja2 templates from the top-level `templates/` folder, with YAML-safe filters.

Templates lay out a file (order, comments, sections); values go through `to_yaml` /
`yaml_scalar`, so quoting is libyaml's and a label value can never break the document.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any


def _templates_dir() -> Path:
    """The repository's top-level templates/ in a source checkout (pip install -e), else the
    copy a wheel ships as the `monitoring_codegen.templates` package data."""
    source_tree = Path(__file__).resolve().parent.parent.parent / "templates"
    if source_tree.is_dir():
        return source_tree
    return Path(__file__).resolve().parent.parent / "templates"


TEMPLATES_DIR = _templates_dir()


def to_yaml(value: Any, indent: int = 0) -> str:
    """A YAML block for `value`, every line indented by `indent` spaces, no trailing newline."""
    from monitoring_codegen.yamlio import dump_yaml

    text = dump_yaml(value).decode("utf-8")
    if text.endswith("...\n"):  # libyaml ends a bare scalar document with an end marker
        text = text[: -len("...\n")]
    pad = " " * indent
    return "\n".join(pad + line if line else line for line in text.rstrip("\n").split("\n"))


def yaml_scalar(value: Any) -> str:
    """One scalar, quoted when YAML needs it (`'on'`, `'0123'`, `'a: b'`)."""
    if isinstance(value, (dict, list)):
        raise TypeError("yaml_scalar takes a scalar")
    return to_yaml(value)


@functools.lru_cache(maxsize=1)
def _environment():
    import jinja2

    if not TEMPLATES_DIR.is_dir():
        from monitoring_codegen.errors import McgError

        # templates/ sits beside the package in the source tree (installed with `pip install -e .`).
        raise McgError(f"templates folder not found: {TEMPLATES_DIR}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=jinja2.StrictUndefined,  # a missing value is a bug, not an empty string
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["to_yaml"] = to_yaml
    env.filters["yaml_scalar"] = yaml_scalar
    env.filters["comment"] = lambda text: "\n".join(f"# {line}".rstrip() for line in str(text).splitlines())
    return env


def render_template(name: str, **context: Any) -> bytes:
    return _environment().get_template(name).render(**context).encode("utf-8")
