"""Markdown from user text: escaping, inline code and fenced blocks that no input can break.

Titles, summaries and expressions come from definitions; a `|`, a backtick or a `<script>`
in them must show as written, never end a table, a code span or become markup.
"""

from __future__ import annotations

import re

# Characters with a meaning anywhere in CommonMark inline text (and GitHub tables).
_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>|~&!])")
# What starts a block (heading, list item, quote was escaped above) at the start of a line.
_BLOCK_START_RE = re.compile(r"^(#|[+=-]|\d+(?=[.)]))")
_BACKTICKS_RE = re.compile(r"`+")


def escape(text: str) -> str:
    """Plain text, shown as written: one line, every Markdown character escaped."""
    escaped = _SPECIAL_RE.sub(r"\\\1", " ".join(str(text).split()))
    match = _BLOCK_START_RE.match(escaped)
    if match:
        # `1.` and `1)` start an ordered list: escape the delimiter, not the digits.
        end = match.end()
        escaped = escaped[:end] + "\\" + escaped[end:] if match.group(1)[0].isdigit() else "\\" + escaped
    return escaped


def code(text: str) -> str:
    """An inline code span holding `text` (on one line), whatever backticks it contains."""
    one_line = " ".join(str(text).split())
    if not one_line:
        return ""
    if "`" not in one_line:  # the common case, on every name and label of every page
        return f"`{one_line}`"
    runs = [len(run) for run in _BACKTICKS_RE.findall(one_line)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"


def cell(markdown: str) -> str:
    """Markdown placed in a table cell: a `|` would end the cell, even inside a code span."""
    return markdown.replace("|", "\\|") or " "


def fence(text: str, language: str = "") -> str:
    """A fenced code block holding `text` verbatim."""
    runs = [len(run) for run in re.findall(r"`{3,}", text)]
    marker = "`" * max(3, max(runs, default=0) + 1)
    return f"{marker}{language}\n{text.rstrip()}\n{marker}\n"


def link(label_markdown: str, target: str) -> str:
    # Targets are built by pages.py from names mcg validated; `<>` keeps any '(' or ' ' in them.
    return f"[{label_markdown}](<{target}>)"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured table; cells are Markdown (escape user text first)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def number(value: float | int) -> str:
    """A number as people read it: 0.05, 200, 1e-06."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    return f"{value:.6g}"


_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)(?<!`)\1(?!`)", re.S)
_AUTOLINK_RE = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")


def html_as_text(markdown: str) -> str:
    """User Markdown (a runbook) with its raw HTML made text: `<b>` shows as written on a git
    host and in out/docs' HTML alike. Code spans, fenced code and autolinks (`<https://...>`)
    stay as they are; everywhere else '<' becomes '&lt;'."""
    chunks: list[tuple[bool, str]] = []  # (inside fenced code, text)
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE_RE.match(line)
        code = fence is not None or opened is not None
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None and opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
            fence = None
        if chunks and chunks[-1][0] == code:
            chunks[-1] = (code, chunks[-1][1] + line)
        else:
            chunks.append((code, line))
    return "".join(chunk if code else _escape_outside_spans(chunk) for code, chunk in chunks)


def _escape_outside_spans(text: str) -> str:
    kept = [m.span() for m in _CODE_SPAN_RE.finditer(text)] + [m.span() for m in _AUTOLINK_RE.finditer(text)]
    out, position = [], 0
    for start, end in sorted(kept):
        if start < position:
            continue
        out.append(text[position:start].replace("<", "&lt;"))
        out.append(text[start:end])
        position = end
    out.append(text[position:].replace("<", "&lt;"))
    return "".join(out)
