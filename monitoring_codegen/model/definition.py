"""The base of every user-facing definition: validation with readable errors, and provenance.

A definition remembers the file:line of the user code that created it and, while
`mcg` is loading a definitions folder, registers itself there (see registry.py).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from monitoring_codegen.model import registry
from monitoring_codegen.errors import DefinitionError
from monitoring_codegen.model.source import SourceLocation, caller_location


def format_validation_error(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        field = ".".join(str(p) for p in item.get("loc", ())) or "value"
        message = item.get("msg", "invalid value")
        # pydantic prefixes messages of our own ValueErrors with "Value error, "
        message = message.removeprefix("Value error, ")
        parts.append(f"{field}: {message}")
    return "; ".join(parts)


def _safe_name(name: Any, key_field: str) -> str | None:
    """The definition's name for an error message, unless it is a credential pasted in the wrong
    field (`bearer_token_file="Bearer ..."`): an error must not echo a secret to CI logs."""
    if not isinstance(name, str):
        return None
    from monitoring_codegen.secrets import scan_text

    if scan_text(name) or (key_field.endswith("_file") and "/" not in name):
        return None
    return name


class Definition(BaseModel):
    """Common behaviour; subclasses set `kind` (for messages) and `key_field`."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, populate_by_name=True)

    kind: ClassVar[str] = "definition"
    key_field: ClassVar[str] = "name"
    # Top-level definitions are collected by the registry; nested ones (rules) are owned.
    top_level: ClassVar[bool] = True

    _source: SourceLocation | None = PrivateAttr(default=None)

    def __init__(self, /, **data: Any) -> None:
        location = caller_location(2)
        try:
            super().__init__(**data)
        except ValidationError as exc:
            name = data.get(self.key_field)
            if name is None:
                for field in type(self).model_fields.values():
                    if field.alias == self.key_field:
                        name = data.get(field.alias)
            raise DefinitionError(
                format_validation_error(exc),
                kind=self.kind,
                name=_safe_name(name, self.key_field),
                location=location,
            ) from None
        self._source = location
        registry.register(self)

    @property
    def source(self) -> SourceLocation | None:
        return self._source

    @property
    def key(self) -> str:
        return getattr(self, self.key_field)

    def error(self, message: str) -> DefinitionError:
        return DefinitionError(message, kind=self.kind, name=self.key, location=self._source)
