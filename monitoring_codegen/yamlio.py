"""Deterministic YAML through libyaml's C emitter and loader."""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # libyaml is 5-10x faster than the pure-Python emitter
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - the wheels ship libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader  # type: ignore[assignment]


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


def dump_yaml(data: Any, header: str | None = None) -> bytes:
    """YAML bytes; mapping order is kept as given so renderers decide it explicitly."""
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=100000,
        indent=2,
    )
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
    return b"".join(pad + line if line.strip() else line for line in body.splitlines(keepends=True))


def load_yaml(text: str | bytes) -> Any:
    return yaml.load(text, Loader=SafeLoader)


def load_yaml_all(text: str | bytes) -> list[Any]:
    return list(yaml.load_all(text, Loader=SafeLoader))
