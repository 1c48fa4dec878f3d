"""Python source text for imported definitions: literals, calls and strings as a person writes them.

The generator writes plain one-line expressions; `format_modules` hands the modules to ruff's
formatter (the project's own settings), which lays it out like the rest of the code.
"""

from __future__ import annotations

import keyword
import math
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Code:
    """Python source to insert as is (a call, a name)."""

    text: str


def call(func: str, *args: Any, **kwargs: Any) -> Code:
    """`func(arg, key=value, ...)`; keyword arguments in the order given."""
    parts = [literal(a) for a in args]
    for key, value in kwargs.items():
        parts.append(f"{key}={literal(value)}")
    return Code(f"{func}({', '.join(parts)})")


def kwargs_call(func: str, args: dict[str, Any]) -> Code:
    """`func(**args)`, keys that are not identifiers passed through `**{...}`."""
    plain = {k: v for k, v in args.items() if k.isidentifier() and not keyword.iskeyword(k)}
    other = {k: v for k, v in args.items() if k not in plain}
    code = call(func, **plain).text
    if other:
        code = code[:-1] + (", " if plain else "") + f"**{literal(other)})"
    return Code(code)


def string(text: str) -> str:
    """A string literal. Text of several lines becomes a triple-quoted block that shows its lines
    as written (`\"\"\"\\` then the lines), so a multi-line PromQL expression reads as it did."""
    if "\n" in text.rstrip("\n") and _block_safe(text):
        body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        if body.endswith('"'):
            body = body[:-1] + '\\"'
        return f'"""\\\n{body}"""'
    return _quoted(text)


def _block_safe(text: str) -> bool:
    # Carriage returns and other control characters would be invisible in a block.
    return all(ch == "\n" or ch == "\t" or ch >= " " for ch in text)


def _quoted(text: str) -> str:
    out = repr(text)
    if out.startswith("'") and '"' not in text:
        out = '"' + out[1:-1].replace("\\'", "'") + '"'
    return out


def literal(value: Any) -> str:
    """Python source for a JSON/YAML value (or Code)."""
    if isinstance(value, Code):
        return value.text
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else '-float("inf")'
        return repr(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, dict):
        items = ", ".join(f"{literal(str(k))}: {literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(literal(v) for v in value)
        if isinstance(value, tuple):
            return "(" + inner + ("," if len(value) == 1 else "") + ")"
        return "[" + inner + "]"
    raise TypeError(f"cannot write {type(value).__name__} as Python")


def format_modules(sources: dict[Path, str], root: Path) -> dict[Path, str]:
    """The modules formatted by ruff with the project's settings, as `ruff format` would leave
    them (one ruff run for all); unformatted when ruff is not installed."""
    try:
        from ruff.__main__ import find_ruff_bin
    except ImportError:  # pragma: no cover - ruff is a dependency
        return dict(sources)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="mcg-import-") as folder:
        names: dict[Path, Path] = {}
        for index, path in enumerate(sorted(sources)):
            names[path] = Path(folder) / f"m{index}_{path.name}"
            names[path].write_text(sources[path], encoding="utf-8")
        command = [find_ruff_bin(), "format", "--quiet", "--no-cache", *_config_args(root), *map(str, names.values())]
        result = subprocess.run(command, capture_output=True, cwd=root, timeout=600, check=False)
        if result.returncode != 0:
            raise ValueError(f"the generated code does not format: {result.stderr.decode(errors='replace')[:500]}")
        return {path: names[path].read_text(encoding="utf-8") for path in sources}


def _config_args(root: Path) -> list[str]:
    """The project's ruff settings (line length, quotes): the files are formatted outside it."""
    for name in ("ruff.toml", ".ruff.toml"):
        if (root / name).is_file():
            return ["--config", str(root / name)]
    pyproject = root / "pyproject.toml"
    try:
        if "[tool.ruff" in pyproject.read_text(encoding="utf-8"):
            return ["--config", str(pyproject)]
    except OSError:
        pass
    return []
