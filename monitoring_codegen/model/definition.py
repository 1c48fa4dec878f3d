"""The base of every user-facing definition: validation with readable errors, and provenance.

A definition remembers the file:line of the user code that created it and, while
`mcg` is loading a definitions folder, registers itself there (see registry.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from monitoring_codegen.errors import DefinitionError
from monitoring_codegen.model import registry
from monitoring_codegen.model.source import SourceLocation, caller_location

T = TypeVar("T")


def format_validation_error(error: ValidationError, model: type[BaseModel] | None = None) -> str:
    parts = []
    for item in error.errors():
        loc = tuple(item.get("loc", ()))
        if model is not None and loc and isinstance(loc[0], str):
            # A field is named as users see it in Prometheus and Alertmanager (`for`), whichever
            # spelling the call used (`for_=` or `**{"for": ...}`).
            declared = model.model_fields.get(loc[0])
            if declared is not None and declared.alias:
                loc = (declared.alias, *loc[1:])
        field = ".".join(str(p) for p in loc) or "value"
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
    """Common behaviour; subclasses set `kind` (for messages) and `key_field`.

    A field whose name is a Python keyword is declared as `for_` with `alias="for"`;
    `populate_by_name` accepts both `for_=` and `**{"for": ...}` (one spelling each).
    """

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, populate_by_name=True)

    kind: ClassVar[str] = "definition"
    # The field that names a definition in messages; "" for one that has no name of its own.
    key_field: ClassVar[str] = "name"
    # Top-level definitions are collected by the registry; nested ones (rules) are owned.
    top_level: ClassVar[bool] = True

    _source: SourceLocation | None = PrivateAttr(default=None)

    def __init__(self, /, **data: Any) -> None:
        location = caller_location(2)
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise DefinitionError(
                format_validation_error(exc, type(self)),
                kind=self.kind,
                name=_safe_name(self._key_in(data), self.key_field),
                location=location,
            ) from None
        self._source = location
        registry.register(self)

    @classmethod
    def _key_in(cls, data: dict[str, Any]) -> Any:
        """The name in raw arguments, under the field's name or its alias."""
        if not cls.key_field:
            return None
        field = cls.model_fields.get(cls.key_field)
        name = data.get(cls.key_field)
        if name is None and field is not None and field.alias:
            name = data.get(field.alias)
        return name

    @property
    def source(self) -> SourceLocation | None:
        return self._source

    @property
    def key(self) -> str:
        return getattr(self, self.key_field) if self.key_field else ""

    @property
    def identity(self) -> object:
        """What no two definitions of a kind may share (the key, unless a kind says otherwise)."""
        return self.key

    def key_text(self) -> str:
        """The key for a message: `uid 'x'`."""
        return f"{self.key_field} {self.key!r}"

    def error(self, message: str) -> DefinitionError:
        return DefinitionError(message, kind=self.kind, name=self.key, location=self._source)

    def made(self, build: Callable[[], T]) -> T:
        """What `build()` makes from this definition (the rule groups of an SLO, a detector, a
        forecast); a definition it makes that is invalid is reported at this one's line."""
        try:
            return build()
        except DefinitionError as exc:
            raise self.error(f"its {exc.kind} {exc.name!r} is invalid: {exc.message}") from None
