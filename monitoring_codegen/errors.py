"""Errors a person can act on: each names the definition and where it was declared."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitoring_codegen.model.source import SourceLocation


class McgError(Exception):
    """Base class of errors reported to the user without a traceback (exit 2)."""

    exit_code = 2


class DefinitionError(McgError):
    """A definition is invalid.

    `kind` and `name` say which definition, `location` where it was declared.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str | None = None,
        name: str | None = None,
        location: SourceLocation | None = None,
        related: list[SourceLocation] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.name = name
        self.location = location
        self.related = list(related or [])

    def format(self, root=None) -> str:
        # Without a declaration to point at (a spec file's problem names its file in the
        # message), the line starts at "error:" rather than at a made-up place.
        where = f"{self.location.display(root)}: " if self.location else ""
        what = ""
        if self.kind:
            what = f"{self.kind} {self.name!r}: " if self.name else f"{self.kind}: "
        text = f"{where}error: {what}{self.message}"
        for other in self.related:
            text += f"\n{other.display(root)}: note: also declared here"
        return text

    def __str__(self) -> str:
        return self.format()


class DefinitionErrors(McgError):
    """Several definition errors found in one pass, reported together."""

    def __init__(self, errors: list[DefinitionError]) -> None:
        super().__init__(f"{len(errors)} definition error(s)")
        self.errors = errors

    def format(self, root=None) -> str:
        return "\n".join(e.format(root) for e in self.errors)


class UsageError(McgError):
    """Bad command-line input or configuration (exit 2)."""
