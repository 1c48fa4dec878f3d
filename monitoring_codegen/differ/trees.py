"""Where the old side of a diff comes from: out/ on disk, or out/ as committed at a git ref.

Both give only what mcg manages: the files the manifest lists plus the files the
definitions produce now. Files a person put in out/ by hand are not mcg's to diff.
The git side reads objects (`git ls-tree`, `git cat-file --batch`): no checkout,
the working tree is never touched.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from monitoring_codegen.errors import UsageError
from monitoring_codegen.output.writer import MANIFEST, parse_manifest, read_manifest


def disk_tree(out_dir: Path, produced: Iterable[str]) -> dict[str, bytes]:
    """Managed files in out/ as they are on disk, without the manifest itself."""
    from monitoring_codegen.output.writer import check_out_dir

    check_out_dir(out_dir)
    paths = set(read_manifest(out_dir)) | set(produced)
    paths.discard(MANIFEST)
    tree: dict[str, bytes] = {}
    for rel in sorted(paths):
        try:
            tree[rel] = (out_dir / rel).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            continue
    return tree


def _git(args: list[str], cwd: Path, input: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--against needs git, which is not installed") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(message[-1] if message else f"git {' '.join(args)} failed")
    return result.stdout


class _GitFailed(Exception):
    pass


def git_toplevel(start: Path) -> Path | None:
    folder = start if start.is_dir() else start.parent
    while not folder.is_dir():
        folder = folder.parent
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], folder).decode().strip()).resolve()
    except (_GitFailed, UsageError):
        return None


def git_tree(ref: str, out_dir: Path, produced: Iterable[str], root: Path) -> dict[str, bytes]:
    """Managed files of out/ as committed at `ref` (a branch, tag, sha, `origin/main`, ...)."""
    toplevel = git_toplevel(root)
    if toplevel is None:
        raise UsageError(f"--against {ref}: {root} is not inside a git repository")
    # The project may sit in a subfolder of the repository: out/ is addressed from its top.
    try:
        prefix = out_dir.resolve().relative_to(toplevel).as_posix()
    except ValueError:
        raise UsageError(f"--against {ref}: {out_dir} is outside the git repository {toplevel}") from None
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], toplevel)
    except _GitFailed:
        raise UsageError(f"--against {ref}: no such commit in {toplevel} (fetch it first?)") from None
    commit_sha = commit.decode().strip()
    pathspec = [] if prefix == "." else ["--", prefix + "/"]
    try:
        listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit_sha, *pathspec], toplevel)
    except _GitFailed as exc:
        raise UsageError(f"--against {ref}: {exc}") from None
    offset = 0 if prefix == "." else len(prefix) + 1
    blobs: dict[str, str] = {}  # path relative to out/ -> object id
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        _mode, kind, sha = meta.decode().split()
        if kind == "blob":
            blobs[path.decode("utf-8", "surrogateescape")[offset:]] = sha
    committed = _read_blobs(list(blobs.values()), toplevel)
    manifest = committed.get(blobs.get(MANIFEST, ""), b"").decode("utf-8", "replace")
    # A ref from before mcg kept a manifest: everything under out/ counts as mcg's.
    wanted = set(parse_manifest(manifest)) | set(produced) if MANIFEST in blobs else set(blobs)
    wanted.discard(MANIFEST)
    return {rel: committed[blobs[rel]] for rel in sorted(wanted) if rel in blobs}


def _read_blobs(shas: list[str], cwd: Path) -> dict[str, bytes]:
    """All objects through one `git cat-file --batch`, not one process per file."""
    if not shas:
        return {}
    unique = sorted(set(shas))
    output = _git(["cat-file", "--batch"], cwd, input="".join(f"{s}\n" for s in unique).encode())
    found: dict[str, bytes] = {}
    pos = 0
    for sha in unique:
        header_end = output.index(b"\n", pos)
        header = output[pos:header_end].decode().split()
        if len(header) < 3 or header[1] == "missing":
            raise UsageError(f"git object {sha} is missing")
        size = int(header[2])
        start = header_end + 1
        found[sha] = output[start : start + size]
        pos = start + size + 1  # content is followed by a newline
    return found


def committed_manifest(out_dir: Path) -> list[str]:
    """The manifest of out/ as committed at HEAD, when out/ is in a git repository; [] otherwise.
    A build whose manifest was deleted by hand still knows which files were mcg's."""
    try:
        toplevel = git_toplevel(out_dir if out_dir.is_dir() else out_dir.parent)
        if toplevel is None:
            return []
        rel = (out_dir.resolve() / MANIFEST).relative_to(toplevel).as_posix()
        text = _git(["show", f"HEAD:{rel}"], toplevel).decode("utf-8", "replace")
    except (ValueError, UsageError, _GitFailed, OSError):
        return []
    return parse_manifest(text)
