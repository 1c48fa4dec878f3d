"""`mcg diff` output: text for a terminal, markdown for a pull-request comment, JSON for tools."""

from __future__ import annotations

import json
import re

from monitoring_codegen.differ import summary
from monitoring_codegen.differ.changes import ADDED, CHANGED, MOVED, REMOVED, RENAMED, RETITLED, Change, FileDiff

_SYMBOL = {ADDED: "+", REMOVED: "-", CHANGED: "~", MOVED: ">", RENAMED: "~", RETITLED: "~"}
_INLINE_LIMIT = 80  # old -> new on one line up to this; longer values go on lines of their own


def _counts_text(diffs: list[FileDiff]) -> str:
    counts = summary(diffs)
    parts = [f"{counts[k]} {k}" for k in ("added", "removed", "changed", "moved") if counts.get(k)]
    noun = "file" if len(diffs) == 1 else "files"
    return f"{len(diffs)} {noun} ({', '.join(parts)})"


def _inline(change: Change) -> bool:
    values = [v for v in (change.old, change.new) if v is not None]
    if any("\n" in v for v in values):
        return False
    if change.field and change.field.endswith(("expr", "legend")) and len(values) == 2:
        return False  # queries are read side by side, one above the other
    return sum(len(v) for v in values) <= _INLINE_LIMIT


def _head(change: Change) -> str:
    head = f"{_SYMBOL.get(change.action, '~')} {change.subject}"
    if change.field:
        head += f": {change.field}"
    if change.action in (ADDED, REMOVED) and change.field:
        head += f" {change.action}"
    return head


def format_text(diffs: list[FileDiff], against: str) -> str:
    if not diffs:
        return f"mcg diff: no changes against {against}\n"
    lines = [f"mcg diff: {_counts_text(diffs)} against {against}", ""]
    for diff in diffs:
        lines.append(
            f"{_SYMBOL.get(diff.status, '~')} {diff.path}" + (f"  ({diff.title})" if diff.title != diff.path else "")
        )
        for change in diff.changes:
            head = "    " + _head(change)
            if _inline(change):
                if change.old is not None and change.new is not None:
                    lines.append(f"{head}: {change.old} -> {change.new}")
                elif change.old is not None or change.new is not None:
                    lines.append(f"{head}: {change.new if change.new is not None else change.old}")
                else:
                    lines.append(head)
                continue
            lines.append(head)
            for sign, value in (("-", change.old), ("+", change.new)):
                if value is not None:
                    lines.extend(f"        {sign} {line}" for line in value.splitlines() or [""])
        if diff.unified:
            lines.extend("    " + line for line in diff.unified.rstrip("\n").splitlines())
        lines.append("")
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _code(value: str) -> str:
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{ticks}{pad}{value}{pad}{ticks}"


def _fence(body: str, lang: str = "diff") -> list[str]:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", body)), default=0) + 1)
    return [f"{ticks}{lang}", *body.rstrip("\n").splitlines(), ticks]


# GitHub refuses comments over 65,536 characters; stop well before, at a file boundary.
MARKDOWN_LIMIT = 60_000


def format_markdown(diffs: list[FileDiff], against: str, limit: int = MARKDOWN_LIMIT) -> str:
    if not diffs:
        return f"### mcg diff\n\nNo changes to the generated files against {_code(against)}.\n"
    lines = ["### mcg diff", "", f"**{_counts_text(diffs)}** against {_code(against)}.", ""]
    size = sum(len(line) + 1 for line in lines)
    cut = False
    for diff in diffs:
        # Each chunk is whole markdown (a fence opened in it is closed in it), so the
        # comment can stop between any two chunks and still render.
        for chunk in _markdown_chunks(diff):
            chunk_size = sum(len(line) + 1 for line in chunk)
            if size + chunk_size > limit:
                cut = True
                break
            lines.extend(chunk)
            size += chunk_size
        if cut:
            lines += ["", f"*… cut here to fit a comment: run `mcg diff --against {against}` for the rest.*", ""]
            break
    return "\n".join(lines)


def _markdown_chunks(diff: FileDiff) -> list[list[str]]:
    title = _md(diff.title) if diff.title != diff.path else ""
    status = diff.status if diff.old_path is None else f"moved from {_code(diff.old_path)}"
    chunks = [
        [f"#### {_SYMBOL.get(diff.status, '~')} {title + ' — ' if title else ''}{_code(diff.path)} ({status})", ""]
    ]
    for change in diff.changes:
        head = f"- **{change.action}** {_md(change.subject)}" + (f": {_md(change.field)}" if change.field else "")
        if _inline(change):
            if change.old is not None and change.new is not None:
                chunks.append([f"{head}: {_code(change.old)} → {_code(change.new)}"])
            elif change.new is not None:
                chunks.append([f"{head}: {_code(change.new)}"])
            elif change.old is not None:
                chunks.append([f"{head}: {_code(change.old)}"])
            else:
                chunks.append([head])
            continue
        body: list[str] = []
        for sign, value in (("-", change.old), ("+", change.new)):
            if value is not None:
                body.extend(f"{sign} {line}" for line in value.splitlines() or [""])
        chunks.append([head, *("  " + line for line in _fence("\n".join(body)))])
    if diff.unified and diff.kind == "file":
        chunks.append([*_fence(diff.unified)])
    elif diff.unified:  # a dashboard or rule file with other bytes but the same meaning
        chunks.append(
            [
                "<details><summary>same meaning, other bytes: unified diff</summary>",
                "",
                *_fence(diff.unified),
                "",
                "</details>",
            ]
        )
    chunks.append([""])
    return chunks


def format_json(diffs: list[FileDiff], against: str) -> str:
    data = {"against": against, "summary": summary(diffs), "files": [d.to_json() for d in diffs]}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


FORMATTERS = {"text": format_text, "markdown": format_markdown, "json": format_json}
