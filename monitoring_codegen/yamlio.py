"""Deterministic YAML through libyaml's C emitter and loader."""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # libyaml is 5-10x faster than the pure-Python emitter
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - the wheels ship libyaml
    from yaml import SafeDumper as _BaseDumper
    from yaml import SafeLoader


class _Dumper(_BaseDumper):
    pass


# Plain scalars that PyYAML (YAML 1.1) reads as strings but YAML 1.2 and Go's yaml
# (Prometheus, Alertmanager, Grafana, Mimir, kubectl) read as numbers or booleans:
# `1e3`, `1.5e3`, `0o17`, `0b101`, `y`, `n`. They are quoted so every reader sees a string.
_YAML12_NON_STRING = re.compile(
    r"""^(?:
        [-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
      | [-+]?0[oO][0-7_]+ | [-+]?0[xX][0-9a-fA-F_]+ | [-+]?0[bB][01_]+
      | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
      | [yYnN] | ~ | null | Null | NULL
      | true | True | TRUE | false | False | FALSE | yes | Yes | YES | no | No | NO
      | on | On | ON | off | Off | OFF
    )$""",
    re.VERBOSE,
)


def _represent_str(dumper, value: str):
    # Multi-line PromQL and descriptions read best as literal blocks; a literal block
    # cannot hold trailing spaces or tabs, so such strings keep the quoted style.
    if "\n" in value and not any(line != line.rstrip() for line in value.split("\n")):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if _YAML12_NON_STRING.match(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def _pyyaml_dump(data: Any) -> str:
    """The reference emission: PyYAML's representer (pure Python) feeding libyaml's C emitter."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=100000,
        indent=2,
    )


# Why a block emitter of our own, and not rapidyaml (`pip install rapidyaml`, module `ryml`):
# its wheels install on Python 3.11 and its C++ emitter is fast, but it cannot reproduce the
# bytes we have always written: it indents block sequences under a key (`  - x` where libyaml
# writes `- x`), writes `0.05`, `yes`, `null`, `~` plain (they must stay quoted strings),
# writes tabs raw instead of `"a\tb"`, and folds multi-line strings into quoted scalars with
# blank lines instead of `|-` blocks. Matching it would mean re-deciding every quoting rule in
# Python on top of a tree built node by node from Python, which costs what it saves.
#
# The cost today is not libyaml's C emitter but PyYAML's pure-Python representer and
# resolver in front of it (2.5 s of a 4.5 s build of 12,000 rules). Rule files, Kubernetes
# objects and provisioning files are block mappings and sequences of str/int/bool/None, so
# `_fast_dump` writes that layout directly and asks the reference path only about what it
# cannot prove itself:
#   * a string is written plain here only when libyaml would write it plain: printable
#     ASCII, no leading indicator (`-?:,[]{}#&*!|>'"%@` or a space), no `: ` or ` #`,
#     no trailing space or `:`, not a `...` marker, and read back as a string by both the
#     YAML 1.1 resolver PyYAML uses and `_YAML12_NON_STRING`;
#   * every other string (quoted, literal `|` blocks, non-ASCII) is emitted once by the
#     reference path as `k: <value>`, cached, and re-indented: libyaml indents a scalar's
#     continuation lines relative to its parent, and leaves empty lines empty;
#   * anything else (aliases of a shared dict or list, floats that would need a tag, `|+`
#     blocks that end the document with `...`, keys that are not plain, scalars long
#     enough to wrap at `width`, other types, an empty or scalar document) makes the whole
#     document go through the reference path.
# tests/unit/test_yamlio_emitter.py compares both paths on generated documents byte for byte.


class _Slow(Exception):
    """The fast emitter cannot prove its bytes equal the reference's for this document."""


_IMPLICIT = _Dumper.yaml_implicit_resolvers  # YAML 1.1 implicit types, by first character
_MAX_SCALAR = 50_000  # far below width=100000: a scalar this short never wraps
_MAX_INDENT = 10_000
_quoted_cache: dict[str, str] = {}
_plain_keys: set[str] = set()
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_FLOAT = next(rx for tag, rx in _IMPLICIT["."] if tag.endswith(":float"))


# Printable ASCII; the first character no indicator and no space; no `: `, ` #`, trailing
# `:` or space, and not the `...` document marker (`---` starts with an indicator).
_PLAIN_SHAPE = re.compile(
    r"""(?!\.\.\.)[$()+./0-9;<=A-Z\\^_a-z~]
        (?: [ -"$-9;-~] | :(?=[!-~]) | (?<!\ )\# )*
        (?<!\ )\Z""",
    re.VERBOSE,
).match


def _plain(text: str) -> bool:
    """libyaml writes `text` as a plain scalar (in block context) and it reads back as a string."""
    if not _PLAIN_SHAPE(text) or len(text) > _MAX_SCALAR:
        return False
    resolvers = _IMPLICIT.get(text[0])
    if resolvers:
        for _tag, regexp in resolvers:
            if regexp.match(text):
                return False
        if _YAML12_NON_STRING.match(text):
            return False
    return True


def _reference_scalar(value: str) -> str:
    """How the reference path writes `value` as a mapping value, continuation lines at indent 0."""
    text = _quoted_cache.get(value)
    if text is None:
        dumped = _pyyaml_dump({"k": value})
        if not dumped.startswith("k: ") or not dumped.endswith("\n") or dumped.endswith("\n...\n"):
            raise _Slow  # e.g. a `|+` block: libyaml then ends the document with `...`
        text = dumped[3:-1]
        if text[:1] != "|" and len(value) > _MAX_SCALAR:
            raise _Slow  # quoted scalars wrap at `width`, which depends on the column
        if any(mark in text for mark in _OTHER_BREAKS):
            raise _Slow  # libyaml indents after these too; only `\n` is re-indented here
        if len(_quoted_cache) < 100_000:
            _quoted_cache[value] = text
    return text


def _indented(text: str, indent: str) -> str:
    if not indent or "\n" not in text:
        return text
    return "\n".join([line and indent + line for line in text.split("\n")])[len(indent) :]


def _scalar(value: Any, indent: str) -> str:
    kind = type(value)
    if kind is str:
        if _plain(value):
            return value
        return _indented(_reference_scalar(value), indent)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if value is None:
        return "null"
    if kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise _Slow
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
        if not _FLOAT.match(text):
            raise _Slow
        return text
    raise _Slow


def _emit_mapping(mapping: dict, indent: str, out: list[str], seen: set[int]) -> None:
    """Block mapping; the caller has written what precedes the first key on its line."""
    if len(indent) > _MAX_INDENT:
        raise _Slow
    prefix = ""  # the first key follows what the caller wrote; the others start a line
    for key, value in mapping.items():
        if type(key) is not str or key not in _plain_keys:
            if type(key) is not str or len(key) > 128 or not _plain(key):
                raise _Slow  # libyaml writes long keys as `? key`; others are quoted
            _plain_keys.add(key)
        kind = type(value)
        if kind is str and value[:1] not in _IMPLICIT and len(value) <= _MAX_SCALAR and _PLAIN_SHAPE(value):
            out.append(f"{prefix}{key}: {value}\n")  # the common case: `_plain`, inlined
        elif kind is dict or kind is list:
            if id(value) in seen:
                raise _Slow  # PyYAML writes an anchor and an alias
            seen.add(id(value))
            if not value:
                out.append(f"{prefix}{key}: {{}}\n" if kind is dict else f"{prefix}{key}: []\n")
            elif kind is dict:
                out.append(f"{prefix}{key}:\n{indent}  ")
                _emit_mapping(value, indent + "  ", out, seen)
            else:
                out.append(f"{prefix}{key}:\n{indent}")  # a sequence under a key is not indented
                _emit_sequence(value, indent, out, seen)
        else:
            out.append(f"{prefix}{key}: {_scalar(value, indent)}\n")
        prefix = indent


def _emit_sequence(items: list, indent: str, out: list[str], seen: set[int]) -> None:
    """Block sequence; the caller has written what precedes the first `- ` on its line."""
    if len(indent) > _MAX_INDENT:
        raise _Slow
    prefix = ""
    for value in items:
        kind = type(value)
        if kind is dict or kind is list:
            if id(value) in seen:
                raise _Slow
            seen.add(id(value))
            if not value:
                out.append(f"{prefix}- {{}}\n" if kind is dict else f"{prefix}- []\n")
            elif kind is dict:
                out.append(f"{prefix}- ")
                _emit_mapping(value, indent + "  ", out, seen)
            else:
                out.append(f"{prefix}- ")
                _emit_sequence(value, indent + "  ", out, seen)
        else:
            out.append(f"{prefix}- {_scalar(value, indent)}\n")
        prefix = indent


def _fast_dump(data: Any) -> str:
    """`_pyyaml_dump(data)`, byte for byte, or _Slow."""
    out: list[str] = []
    kind = type(data)
    if kind is dict and data:
        _emit_mapping(data, "", out, {id(data)})
    elif kind is list and data:
        _emit_sequence(data, "", out, {id(data)})
    else:
        raise _Slow
    return "".join(out)


def dump_yaml(data: Any, header: str | None = None) -> bytes:
    """YAML bytes; mapping order is kept as given so renderers decide it explicitly."""
    try:
        text = _fast_dump(data)
    except _Slow:
        text = _pyyaml_dump(data)
    if header:
        text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + text
    return text.encode("utf-8")


def with_header(body: bytes, header: str | None) -> bytes:
    if not header:
        return body
    return "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()).encode("utf-8") + body


def nest_block(body: bytes, depth: int) -> bytes:
    """A block-style YAML document moved `depth` mapping levels down (two spaces each).

    Block-style YAML keeps its meaning under a uniform indent, so a rule file's text can be
    reused inside a PrometheusRule without emitting it again.
    """
    pad = b"  " * depth
    # A column-0 "..." is a document-end marker (PyYAML writes one after a keep-chomped block
    # scalar that ends the document); indented, it would become content, so it is dropped:
    # inside the outer document the scalar ends where the less-indented text resumes.
    return b"".join(
        pad + line if line.strip() else line
        for line in body.splitlines(keepends=True)
        if line.rstrip(b"\r\n") != b"..."
    )


def load_yaml(text: str | bytes) -> Any:
    return yaml.load(text, Loader=SafeLoader)


def load_yaml_all(text: str | bytes) -> list[Any]:
    return list(yaml.load_all(text, Loader=SafeLoader))
