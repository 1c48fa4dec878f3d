"""Project settings from `[tool.mcg]` in pyproject.toml; paths resolve from the project root."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitoring_codegen.errors import UsageError


@dataclass
class Config:
    root: Path
    definitions: Path
    out: Path
    raw: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder upwards holding a pyproject.toml; the start folder when there is none."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return start


def load_config(definitions: str | None = None, out: str | None = None, start: Path | None = None) -> Config:
    root = find_project_root(start)
    raw: dict[str, Any] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{pyproject}: not valid TOML: {exc}") from None
        raw = data.get("tool", {}).get("mcg", {}) or {}
    # Command-line paths are relative to where the user stands; config paths to the root.
    defs = _resolve(definitions, root) if definitions else (root / raw.get("definitions", "definitions")).resolve()
    out_dir = _resolve(out, root) if out else (root / raw.get("out", "out")).resolve()
    return Config(root=root, definitions=defs, out=out_dir, raw=raw)


def _resolve(path: str, root: Path) -> Path:
    """A command-line path: as typed from the current folder, else from the project root."""
    given = Path(path)
    if given.is_absolute() or given.exists():
        return given.resolve()
    return (root / given).resolve()
