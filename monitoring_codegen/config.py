"""Project settings from `[tool.mcg]` in pyproject.toml; paths resolve from the project root."""

from __future__ import annotations

import difflib
import os
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

    @property
    def load_timeout(self) -> float:
        """Seconds one definitions module may take to import (see isolation.py)."""
        return float(self.raw.get("load_timeout", 60))

    @property
    def docs_url(self) -> str | None:
        """Where out/docs/ is published: alerts without a runbook_url link to their page there."""
        return _url(self.raw.get("docs_url"))

    @property
    def docs(self) -> bool:
        """Whether `mcg build` writes out/docs/ (and gives alerts their page as runbook_url)."""
        return bool(self.raw.get("docs", True))

    @property
    def grafana_url(self) -> str | None:
        """The Grafana the generated docs link dashboards and panels to."""
        return _url(self.raw.get("grafana_url"))

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder upwards holding a pyproject.toml; the start folder when there is none."""
    start = _absolute(start or Path.cwd())
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return start


def load_config(definitions: str | None = None, out: str | None = None, start: Path | None = None) -> Config:
    root = find_project_root(start)
    if definitions:
        # The project is the one that holds the definitions: `mcg build --definitions ops/definitions`
        # from the repository top reads ops/pyproject.toml and writes the same headers as a build in ops/.
        defs = _resolve(definitions, root)
        root = _project_of(defs) or root
    raw: dict[str, Any] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{pyproject}: not valid TOML: {exc}") from None
        tool = data.get("tool", {})
        raw = (tool.get("mcg", {}) if isinstance(tool, dict) else {}) or {}
        _check_settings(raw, pyproject)
    # Command-line paths are relative to where the user stands; config paths to the root.
    if not definitions:
        defs = _absolute(root / raw.get("definitions", "definitions"))
    out_dir = _resolve(out, root) if out else _absolute(root / raw.get("out", "out"))
    _check_out(out_dir, defs, root)
    return Config(root=root, definitions=defs, out=out_dir, raw=raw)


def _absolute(path: Path) -> Path:
    """Absolute and normalised, symlinks kept: a symlinked definitions/ stays below the project
    root in every path mcg prints or writes into headers."""
    return Path(os.path.abspath(path))


def _project_of(folder: Path) -> Path | None:
    """The nearest folder at or above `folder` whose pyproject.toml has a [tool.mcg] table."""
    for candidate in (folder, *folder.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                text = pyproject.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None
            if "[tool.mcg" in text:
                return candidate
    return None


# [tool.mcg] keys and the type each must have; sections ([tool.mcg.lint]) check their own keys.
SETTINGS: dict[str, type | tuple[type, ...]] = {
    "definitions": str,
    "out": str,
    "lint": dict,
    "load_timeout": (int, float),
    "docs": bool,
    "docs_url": str,
    "grafana_url": str,
}
# Settings that are URLs: http(s), with a host, without a query or fragment (pages are appended).
_URL_SETTINGS = ("docs_url", "grafana_url")


def _url(value: Any) -> str | None:
    return value.strip().rstrip("/") if isinstance(value, str) and value.strip() else None


def _check_url(key: str, value: str, pyproject: Path) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or " " in value:
        raise UsageError(
            f"{pyproject}: [tool.mcg] {key} must be an http(s) URL without query or fragment "
            f"(e.g. 'https://docs.example.com/monitoring'), not {value!r}"[:300]
        )


def _check_settings(raw: Any, pyproject: Path) -> None:
    """Unknown or mistyped settings are one-line errors: a typo must not be silently ignored."""
    if not isinstance(raw, dict):
        raise UsageError(f"{pyproject}: [tool.mcg] must be a table")
    for key, value in raw.items():
        expected = SETTINGS.get(key)
        if expected is None:
            hint = difflib.get_close_matches(key, SETTINGS, n=1, cutoff=0.6)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else f" (known: {', '.join(sorted(SETTINGS))})"
            raise UsageError(f"{pyproject}: unknown setting [tool.mcg] {key!r}{suggestion}")
        if expected is bool:
            if not isinstance(value, bool):
                raise UsageError(f"{pyproject}: [tool.mcg] {key} must be true or false, not {value!r}"[:300])
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, expected)
            or (isinstance(value, str) and not value.strip())
            or (isinstance(value, (int, float)) and not 0 < value <= 86400)
        ):
            shown = {dict: "a table", str: "a non-empty string (a folder path)"}.get(
                expected, "a number of seconds (0 < n <= 86400)"
            )  # type: ignore[call-overload]
            if key in _URL_SETTINGS:
                shown = "an http(s) URL"
            raise UsageError(f"{pyproject}: [tool.mcg] {key} must be {shown}, not {value!r}"[:300])
        if key in _URL_SETTINGS:
            _check_url(key, str(value), pyproject)


def _check_out(out: Path, definitions: Path, root: Path) -> None:
    """Refuse an output folder whose cleanup would delete the user's own files."""
    if out == root:
        raise UsageError(f"the output folder {out} is the project root; use a folder of its own (e.g. out/)")
    if out == definitions or definitions in out.parents:
        raise UsageError(
            f"the output folder {out} is or lies inside the definitions folder {definitions}; "
            "generated files would be imported as definitions"
        )
    if out in definitions.parents:
        raise UsageError(f"the output folder {out} contains the definitions folder {definitions}")


def _resolve(path: str, root: Path) -> Path:
    """A command-line path: as typed from the current folder (where it or its parent exists),
    else from the project root."""
    given = Path(path)
    if given.is_absolute():
        return _absolute(given)
    here = _absolute(Path.cwd() / given)
    if here.exists() or here.parent.is_dir():
        return here
    return _absolute(root / given)
