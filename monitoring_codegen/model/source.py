"""Where the user declared a definition: the first stack frame outside mcg and its libraries."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

_PACKAGE_DIR = str(Path(__file__).resolve().parent.parent) + os.sep  # monitoring_codegen/
# Frames in these packages are library code, never the user's declaration.
_LIBRARY_MARKERS = (
    os.sep + "pydantic" + os.sep,
    os.sep + "pydantic_core" + os.sep,
    os.sep + "grafanalib" + os.sep,
    os.sep + "attr" + os.sep,
    os.sep + "importlib" + os.sep,
    "<frozen ",
)


@dataclass(frozen=True, order=True)
class SourceLocation:
    file: str
    line: int

    def display(self, root: Path | None = None) -> str:
        return f"{display_path(self.file, root)}:{self.line}"

    def __str__(self) -> str:
        return self.display()


def display_path(file: str, root: Path | None = None) -> str:
    """A path relative to the project root (or cwd) when it lies below it, else as given."""
    base = root or Path.cwd()
    if root is None or not os.path.isabs(file):
        return _display_path(file, base)
    # Thousands of definitions share a few files (one per definitions module).
    key = (file, str(base))
    found = _DISPLAYED.get(key)
    if found is None:
        found = _display_path(file, base)
        if len(_DISPLAYED) < 10_000:
            _DISPLAYED[key] = found
    return found


_DISPLAYED: dict[tuple[str, str], str] = {}


def _display_path(file: str, base: Path) -> str:
    # As given first (a symlinked definitions folder lies below the root only unresolved), then resolved.
    for path, folder in (
        (Path(os.path.abspath(file)), Path(os.path.abspath(base))),
        (Path(file).resolve(), base.resolve()),
    ):
        try:
            return path.relative_to(folder).as_posix()
        except ValueError:
            continue
    return file


def _is_library_frame(filename: str) -> bool:
    if filename.startswith(_PACKAGE_DIR):
        # Shipped helpers inside mcg never count as the user's code, tests do.
        return True
    return any(marker in filename for marker in _LIBRARY_MARKERS)


def caller_location(skip: int = 1) -> SourceLocation | None:
    frame: FrameType | None = sys._getframe(skip)
    while frame is not None:
        filename = frame.f_code.co_filename
        # Modules that set `__mcg_helper__ = True` build definitions for their callers:
        # the caller's line is the declaration a person wants to see.
        if not _is_library_frame(filename) and not frame.f_globals.get("__mcg_helper__"):
            return SourceLocation(filename, frame.f_lineno)
        frame = frame.f_back
    return None
