"""Collects definitions while a definitions folder is imported.

Definitions register themselves on creation; outside `collecting()` nothing is
recorded, so building models in tests or notebooks has no side effects.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

_active: list[list] = []


def register(definition) -> None:
    if _active:
        _active[-1].append(definition)


@contextlib.contextmanager
def collecting() -> Iterator[list]:
    """Everything defined inside the block, in creation order."""
    bucket: list = []
    _active.append(bucket)
    try:
        yield bucket
    finally:
        _active.pop()
