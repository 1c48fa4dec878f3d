"""A new mcg project (`mcg init`): the starter files, what stands in their way, and writing them
without ever replacing a file.

The starter project ships inside the wheel as package data (top-level `templates/project/`, like
the server-config templates). A path component `dot-x` there becomes `.x` in the project (hidden
files are easy to lose in packaging and would act on this repository: a `.gitignore`, a
`.github/`), and a `*.j2` file is a jinja2 template whose suffix is dropped.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from monitoring_codegen.errors import UsageError
from monitoring_codegen.render.templating import TEMPLATES_DIR

STARTER_DIR = TEMPLATES_DIR / "project"

# Folders mcg owns in a project: every module below definitions/ is imported, and out/ is what
# `mcg check` compares. Files already in them would change what the new project builds.
OWNED_FOLDERS = ("definitions", "out")


def project_name(folder: Path) -> str:
    """A PEP 508 project name from the folder's name (`My Monitoring` -> `my-monitoring`)."""
    name = re.sub(r"[^a-z0-9._-]+", "-", folder.name.lower()).strip("-._")
    return name or "monitoring"


def starter_files(name: str, prefix: str = "") -> dict[str, bytes]:
    """{project-relative path: content} of the starter project, definitions without out/.

    `prefix` is the project's folder from the top of its git repository (`ops/monitoring/`,
    "" at the top): pre-commit and GitHub read their files at the top and run from there, so
    those files name the project's folders with it.
    """
    if not STARTER_DIR.is_dir():
        raise UsageError(f"the starter project is missing from this installation of mcg: {STARTER_DIR}")
    context = {
        "project_name": name,
        "mcg_version": _mcg_version(),
        "prefix": prefix,
        "prefix_pattern": re.escape(prefix),
    }
    files: dict[str, bytes] = {}
    for source in sorted(STARTER_DIR.rglob("*")):
        rel = source.relative_to(STARTER_DIR)
        if not source.is_file() or "__pycache__" in rel.parts or source.suffix == ".pyc":
            continue
        parts = [("." + part[len("dot-") :]) if part.startswith("dot-") else part for part in rel.parts]
        content = source.read_bytes()
        if parts[-1].endswith(".j2"):
            parts[-1] = parts[-1][: -len(".j2")]
            content = _render(content.decode("utf-8"), context)
        files[PurePosixPath(*parts).as_posix()] = content
    return dict(sorted(files.items()))


def _mcg_version() -> str:
    from monitoring_codegen import __version__

    return __version__


def _render(text: str, context: dict[str, str]) -> bytes:
    import jinja2

    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    # A folder name is quoted into single-quoted YAML scalars, where only ' needs escaping.
    env.filters["sq"] = lambda value: str(value).replace("'", "''")
    return env.from_string(text).render(**context).encode("utf-8")


def git_prefix(folder: Path) -> str:
    """The folder's path from the top of the git repository it lies in, with a trailing slash;
    "" at the top or outside a repository (where `git init` makes it the top)."""
    from monitoring_codegen.differ.trees import git_toplevel

    top = git_toplevel(folder)
    if top is None:
        return ""
    existing = folder
    while not existing.exists():
        existing = existing.parent
    resolved = existing.resolve() / folder.relative_to(existing)
    try:
        rel = resolved.relative_to(top)
    except ValueError:
        return ""
    return "" if rel == Path(".") else rel.as_posix() + "/"


def enclosing_project_folder(target: Path) -> str | None:
    """Why `target` must not hold a new project: it lies in the definitions or out/ folder of
    an mcg project above it, whose build would import the new definitions as its own (or whose
    `mcg check --strict` would fail on the new files). None when it may."""
    from monitoring_codegen.config import load_config
    from monitoring_codegen.errors import McgError

    for folder in target.parents:
        pyproject = folder / "pyproject.toml"
        try:
            if not pyproject.is_file() or "[tool.mcg" not in pyproject.read_text(encoding="utf-8"):
                continue
            config = load_config(start=folder)
        except (OSError, UnicodeDecodeError, McgError):
            continue
        for what, owned in (("definitions", config.definitions), ("output", config.out)):
            if target == owned or owned in target.parents:
                return f"{target} lies in the {what} folder {owned} of the mcg project {folder}"
    return None


@dataclass
class Conflict:
    path: str  # project-relative; a folder ends with "/"
    why: str = ""

    def __str__(self) -> str:
        return f"{self.path}  ({self.why})" if self.why else self.path


def find_conflicts(target: Path, paths: Iterable[str]) -> list[Conflict]:
    """What already stands where the new project would put something: existing files (identical
    or not: a second `mcg init` is a mistake to report, not a no-op), a file where a folder must
    go, and folders mcg owns that hold files (reported as one folder, not file by file)."""
    found: dict[str, Conflict] = {}
    owned = []
    for folder in OWNED_FOLDERS:
        path = target / folder
        count = sum(1 for _ in _files_below(path)) if path.is_dir() else 0
        if count:
            why = (
                "mcg imports every module below it"
                if folder == "definitions"
                else "mcg build writes there and `mcg check --strict` fails on files it did not write"
            )
            files = "1 file" if count == 1 else f"{count} files"
            found[folder + "/"] = Conflict(folder + "/", f"a folder holding {files}; {why}")
            owned.append(folder + "/")
    for rel in [*paths, *(f"{folder}/" for folder in OWNED_FOLDERS)]:
        if any(rel.startswith(folder) for folder in owned):
            continue
        parts = PurePosixPath(rel).parts
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            path = target / sub
            if not os.path.lexists(path):
                break
            if depth == len(parts) and not rel.endswith("/"):
                found[sub] = Conflict(sub, _existing_file(path, sub))
            elif not path.is_dir():
                found[sub] = Conflict(sub, "a file where mcg init creates a folder")
                break
    return [found[key] for key in sorted(found)]


def _existing_file(path: Path, rel: str) -> str:
    if rel != "pyproject.toml" or not path.is_file():
        return "exists"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "exists"
    if "[tool.mcg" in text:
        return "already an mcg project: it has [tool.mcg]"
    # Editing someone's pyproject.toml would rewrite their file (comments, order, their own
    # build settings); a project of its own in a subfolder keeps both intact.
    return (
        "exists, without [tool.mcg]: mcg init does not edit it; run `mcg init monitoring` for a "
        "project in a subfolder, or add a [tool.mcg] table by hand"
    )


def _files_below(folder: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for filename in filenames:
            yield Path(dirpath, filename)


@dataclass
class NewFiles:
    """Files and folders created so far, so that a failure takes back exactly them."""

    target: Path
    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def make_folder(self, folder: Path) -> None:
        missing = []
        while not os.path.lexists(folder):
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()
            self.folders.append(path)

    def create(self, rel: str, content: bytes) -> None:
        path = self.target / rel
        self.make_folder(path.parent)
        # "x": created here or not at all; an existing file is never replaced, even in a race.
        with open(path, "xb") as handle:
            self.files.append(path)
            handle.write(content)

    def take_back(self) -> None:
        for path in reversed(self.files):
            path.unlink(missing_ok=True)
        for folder in reversed(self.folders):
            try:
                folder.rmdir()
            except OSError:
                pass


def create_project(target: Path, files: dict[str, bytes], rendered: dict[str, bytes]) -> None:
    """Write the starter files and, with the one writer, their rendered out/; on any failure
    (a folder that cannot be written, a full disk) remove what was written and report it."""
    from monitoring_codegen.errors import McgError
    from monitoring_codegen.output.writer import write_rendered

    new = NewFiles(target)
    out = target / "out"
    before = set(os.listdir(out)) if out.is_dir() else set()  # nothing of mcg's: checked by find_conflicts
    try:
        for rel, content in files.items():
            new.create(rel, content)
        new.make_folder(out)
        write_rendered(rendered, out)
    except (OSError, McgError) as exc:
        if out.is_dir() and not out.is_symlink():
            for entry in sorted(set(os.listdir(out)) - before):
                path = out / entry
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink(missing_ok=True)
        new.take_back()
        reason = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"cannot create the project in {target}: {reason} (nothing was left behind)") from None
