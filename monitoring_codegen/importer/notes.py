"""What an import could not map, and where: the summary `mcg import` prints."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Notes:
    # (input file, where in it: a JSON path or a rule, what was not mapped)
    items: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, file: str, where: str, message: str) -> None:
        self.items.append((file, where, message))

    def lines(self) -> list[str]:
        return [f"  {file}: {where}: {message}" for file, where, message in self.items]
