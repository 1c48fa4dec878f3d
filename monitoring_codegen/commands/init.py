"""`mcg init [DIR]`: a new project, built, without replacing any file."""

from __future__ import annotations

from pathlib import Path

import click

from monitoring_codegen.commands.common import report_errors


@click.command("init")
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
@report_errors
def command(directory: Path) -> None:
    """Start a new mcg project in DIRECTORY (default: the current folder).

    Writes pyproject.toml with [tool.mcg], definitions/ (a metric catalog, a Prometheus
    datasource, a dashboard and an alert with its promtool tests), .gitignore,
    .pre-commit-config.yaml with mcg's hooks and a GitHub Actions workflow, then builds out/.
    `mcg build`, `mcg check`, `mcg lint --strict` and `mcg test` pass right after.

    Never replaces a file: when one of these files exists, or definitions/ or out/ holds
    files, it names them, writes nothing and exits 2. Other files in DIRECTORY stay as they are.
    """
    import os
    import shlex

    from monitoring_codegen.errors import UsageError
    from monitoring_codegen.new_project import (
        create_project,
        enclosing_project_folder,
        find_conflicts,
        git_prefix,
        project_name,
        starter_files,
    )

    target = Path(os.path.abspath(directory))
    if os.path.lexists(target) and not target.is_dir():
        raise UsageError(f"{directory} is not a folder: give mcg init a folder (it is created if missing)")
    for parent in target.parents:
        if os.path.lexists(parent) and not parent.is_dir():
            raise UsageError(f"cannot create {directory}: {parent} is a file, not a folder")
    inside = enclosing_project_folder(target)
    if inside:
        raise UsageError(f"{inside}: a project there would become part of that one; choose a folder outside it")
    existing = next(folder for folder in (target, *target.parents) if folder.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"cannot create the project in {target}: {existing} is not writable")
    prefix = git_prefix(target)
    files = starter_files(project_name(target), prefix)
    conflicts = find_conflicts(target, files)
    if conflicts:
        listing = "\n".join(f"  {conflict}" for conflict in conflicts)
        raise UsageError(
            f"mcg init never replaces a file, and these are in the way in {target}:\n{listing}\n"
            "Nothing was written. Move them away, or run `mcg init` in another folder."
        )
    rendered = _render_in_scratch(files)
    create_project(target, files, rendered)

    shown = directory.as_posix().rstrip("/") or "."
    click.echo(f"mcg init: a new mcg project in {shown}/ ({len(files)} files, out/ built: {len(rendered)} files)")
    for rel in files:
        click.echo(f"  {rel}")
    if prefix:
        click.echo(
            f"This project lies in {prefix} of its git repository: pre-commit and GitHub read "
            ".pre-commit-config.yaml and .github/workflows/ only at the repository top; move them there "
            "(their paths already point into this folder)."
        )
    cd = "" if target == Path.cwd() else f"cd {shlex.quote(shown)}; "
    click.echo(f"Next: {cd}mcg lint --strict; mcg test; edit definitions/, `mcg build`, commit definitions/ and out/.")


def _render_in_scratch(files: dict[str, bytes]) -> dict[str, bytes]:
    """out/ rendered in memory from a scratch copy of the new project: nothing reaches the
    target folder unless everything renders (and rendering reads modules from disk)."""
    import tempfile

    from monitoring_codegen.config import load_config
    from monitoring_codegen.errors import UsageError
    from monitoring_codegen.pipeline import render

    try:
        with tempfile.TemporaryDirectory(prefix="mcg-init-") as scratch:
            root = Path(scratch)
            for rel, content in files.items():
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
            config = load_config(str(root / "definitions"), str(root / "out"))
            return render(config).rendered
    except OSError as exc:
        raise UsageError(f"cannot render the new project in a temporary folder ({exc}); set TMPDIR") from None
