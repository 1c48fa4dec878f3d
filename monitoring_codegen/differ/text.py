"""Files without a semantic differ: a unified diff, as `git diff` would show it."""

from __future__ import annotations

import difflib

MAX_LINES = 400  # a review comment stays readable; the rest is one `mcg build` away


def unified_diff(path: str, old: bytes | None, new: bytes | None, context: int = 3) -> str:
    old_text = _text(old)
    new_text = _text(new)
    if old_text is None or new_text is None:
        return f"Binary file {path} differs\n"
    lines = list(
        difflib.unified_diff(
            old_text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"a/{path}" if old is not None else "/dev/null",
            tofile=f"b/{path}" if new is not None else "/dev/null",
            n=context,
        )
    )
    lines = [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES] + [f"... {len(lines) - MAX_LINES} more diff lines\n"]
    return "".join(lines)


def _text(content: bytes | None) -> str | None:
    if content is None:
        return ""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None
