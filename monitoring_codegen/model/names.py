"""Prometheus and Grafana naming rules."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

METRIC_NAME_RE = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*\Z")
LABEL_NAME_RE = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*\Z")
# Grafana accepts up to 40 characters of this alphabet in a dashboard/datasource uid.
UID_RE = re.compile(r"^[a-zA-Z0-9_-]{1,40}\Z")
# A rule file name becomes `<name>.yaml` under prometheus/rules.
FILE_STEM_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\Z")


# Device names Windows reserves in every folder, whatever the case and extension: `con`,
# `CON.yaml` and `nul.tar.gz` all open a device, and a checkout of such a file fails.
WINDOWS_RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{device}{n}" for device in ("com", "lpt") for n in "0123456789¹²³"]
)


def check_portable_name(name: str, what: str) -> str:
    """A file or folder name every file system keeps as written: not a Windows device name
    (with or without an extension), not ending in a dot or a space (which Windows drops)."""
    base = name.split(".", 1)[0].rstrip(" ")
    if base.casefold() in WINDOWS_RESERVED_NAMES:
        raise ValueError(
            f"{what} {name!r} is a device name on Windows ({base.upper()}, with any extension); "
            "a file or folder of that name cannot be checked out there: choose another name"
        )
    if name.endswith((".", " ")):
        raise ValueError(
            f"{what} {name!r} ends in {'a dot' if name.endswith('.') else 'a space'}, "
            "which Windows drops from file names"
        )
    return name


def validate_metric_name(name: str) -> str:
    if not isinstance(name, str) or not METRIC_NAME_RE.match(name):
        raise ValueError(
            f"{name!r} is not a valid metric name (letters, digits, '_' and ':', not starting with a digit)"
        )
    return name


def validate_label_name(name: str) -> str:
    if not isinstance(name, str) or not LABEL_NAME_RE.match(name):
        raise ValueError(f"{name!r} is not a valid label name (letters, digits and '_', not starting with a digit)")
    if name.startswith("__"):
        raise ValueError(f"label name {name!r} is reserved: names starting with '__' are internal to Prometheus")
    return name


def validate_uid(uid: str) -> str:
    if not isinstance(uid, str) or not UID_RE.match(uid):
        raise ValueError(f"{uid!r} is not a valid uid (1-40 characters of a-z A-Z 0-9 _ -)")
    return uid


def validate_folder(folder: str) -> str:
    """A Grafana folder title that is also a safe directory name on every system.

    Letters and digits of any script (`Übersicht`, `監視`) are fine; the name is kept in
    NFC form so macOS (which decomposes) and Linux agree on the bytes of the path."""
    if isinstance(folder, str):
        folder = unicodedata.normalize("NFC", folder)
    if (
        not isinstance(folder, str)
        or not 1 <= len(folder) <= 100
        or len(folder.encode("utf-8")) > 200  # file systems cap a name at 255 bytes, not characters
        or not folder[0].isalnum()
        or folder[-1] in " ."  # Windows drops a trailing dot or space: `Shop.` would be `Shop`
        or not all(ch.isalnum() or ch in " _.-" or unicodedata.category(ch).startswith("M") for ch in folder)
        or ".." in folder
    ):
        raise ValueError(
            f"{folder!r} is not a valid folder name (letters, digits, space, '_', '-', '.'; "
            "no path separators, no leading dot, no trailing dot or space, no '..')"
        )
    return check_portable_name(folder, "folder")


def validate_file_stem(stem: str) -> str:
    if not isinstance(stem, str) or not FILE_STEM_RE.fullmatch(stem) or ".." in stem:
        raise ValueError(f"{stem!r} is not a valid file name (letters, digits, '_', '-', '.'; no path separators)")
    return check_portable_name(stem, "file name")


def case_collisions(items: Iterable[T], name: Callable[[T], str]) -> list[tuple[T, T]]:
    """(first, item) for every item whose name differs only in case from the first name of its
    case-folded group: `Prod` after `prod`, `Foo.yaml` after `foo.yaml`. Such names are one file
    or folder on macOS and Windows (and one row where a database compares without case).
    Items with exactly the first's name are not collisions. `items` is read in the order given."""
    first_by_folded: dict[str, T] = {}
    found: list[tuple[T, T]] = []
    for item in items:
        first = first_by_folded.setdefault(name(item).casefold(), item)
        if name(first) != name(item):
            found.append((first, item))
    return found


def slugify(text: str) -> str:
    """A file-name-safe slug: `AI Agents / Core` -> `ai-agents-core`."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "unnamed"
