"""The real Prometheus tools mcg drives (promtool, amtool): finding them and running them."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

from monitoring_codegen.errors import McgError

# Debian/Ubuntu package that ships each tool; the hint printed when one is missing.
_PACKAGES = {
    "promtool": "prometheus",
    "prometheus": "prometheus",
    "amtool": "prometheus-alertmanager",
    "alertmanager": "prometheus-alertmanager",
}
# Debian installs the Alertmanager server as prometheus-alertmanager.
_ALIASES = {"alertmanager": ("alertmanager", "prometheus-alertmanager")}


class ToolMissing(McgError):
    """A required external program is not installed (exit 2)."""


@overload
def find_tool(name: str, required: Literal[True] = True) -> str: ...
@overload
def find_tool(name: str, required: bool) -> str | None: ...
def find_tool(name: str, required: bool = True) -> str | None:
    """Path of `name`: $MCG_<NAME> if set, else the first match on PATH; checked to be the real tool."""
    override = os.environ.get(f"MCG_{name.upper()}")
    if override:
        if Path(override).is_file() and os.access(override, os.X_OK):
            return _verified(name, override, f"MCG_{name.upper()}={override}")
        raise ToolMissing(f"MCG_{name.upper()}={override} is not an executable file")
    for candidate in _ALIASES.get(name, (name,)):
        found = shutil.which(candidate)
        if found:
            return _verified(name, found, found)
    if not required:
        return None
    package = _PACKAGES.get(name, name)
    raise ToolMissing(
        f"{name} is not installed (or not on PATH). Install it: `sudo apt-get install {package}` "
        f"(Debian/Ubuntu), `brew install {package.replace('prometheus-', '')}` (macOS), or download it from "
        f"https://prometheus.io/download/ ; or point MCG_{name.upper()} at the binary."
    )


@functools.lru_cache(maxsize=16)
def _verified(name: str, path: str, shown: str) -> str:
    """`path` if `path --version` answers as the tool does (`promtool, version 2.42.0 ...`).

    Without this, a wrapper or a wrong binary (`/bin/false`) makes every test "FAIL" with
    nothing to go on; once per process and path, about 10 ms."""
    try:
        proc = subprocess.run(
            [path, "--version"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=20,
            env={**os.environ, "LC_ALL": "C"},
        )
        answer = proc.stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError) as exc:
        raise ToolMissing(f"{shown} is not {name}: running it failed ({exc})") from None
    names = {name, *_ALIASES.get(name, ())}
    first = answer.strip().splitlines()[0] if answer.strip() else ""
    if not any(first.startswith(f"{n}, version ") for n in names):
        said = f"it answered {first[:120]!r}" if first else f"it printed nothing (exit {proc.returncode})"
        raise ToolMissing(f"{shown} is not {name}: `--version` should print '{name}, version ...'; {said}")
    return path


@dataclass
class ToolResult:
    args: list[str]
    returncode: int
    output: str  # stdout and stderr together, as the tool printed them

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_tool(args: list[str], cwd: Path | None = None, timeout: float = 120) -> ToolResult:
    try:
        proc = subprocess.run(
            args,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            env={**os.environ, "LC_ALL": "C"},
        )
    except subprocess.TimeoutExpired:
        return ToolResult(args, 124, f"{Path(args[0]).name} did not finish within {timeout:.0f}s")
    return ToolResult(args, proc.returncode, proc.stdout.decode("utf-8", "replace"))
