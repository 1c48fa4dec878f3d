"""dump_yaml's own block emitter writes, byte for byte, what PyYAML's representer and libyaml's
emitter write (the reference path it falls back to for what it cannot prove)."""

from __future__ import annotations

import json

from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring_codegen.yamlio import _fast_dump, _pyyaml_dump, _Slow, dump_yaml

# Pieces that exercise every quoting decision: indicators, spaces, line breaks, YAML 1.1 and
# 1.2 look-alikes of numbers, booleans and nulls, document markers, non-ASCII and other breaks.
_PIECES = [
    "-",
    "?",
    ":",
    ",",
    "[",
    "]",
    "{",
    "}",
    "#",
    "&",
    "*",
    "!",
    "|",
    ">",
    "'",
    '"',
    "%",
    "@",
    "`",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "...",
    "---",
    "a",
    "b",
    "x y",
    "0",
    "1",
    "5m",
    "0.5",
    "1e3",
    "yes",
    "no",
    "on",
    "null",
    "~",
    "true",
    "=",
    "<<",
    ".inf",
    "é",
    "\u2028",
    "\x85",
    "\ufeff",
    "0x1F",
    "0o17",
    "2001-12-14",
    "{{ $value }}",
    "sum(rate(x[5m]))",
    "$labels",
    ": ",
    " #",
    "\r",
]
texts = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), st.text(max_size=12))
scalars = st.one_of(texts, st.integers(), st.floats(), st.booleans(), st.none())
keys = st.one_of(
    st.sampled_from(["groups", "name", "expr", "for", "labels", "a.b/c", "x-y"]),
    st.from_regex(r"[a-z_][a-z0-9_./-]{0,8}", fullmatch=True),
    texts,
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents)
def test_fast_emitter_writes_the_reference_bytes(document):
    try:
        fast = _fast_dump(document)
    except _Slow:
        return
    assert fast == _pyyaml_dump(document)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["alert", "expr", "for", "labels", "annotations"]),
            st.one_of(texts, st.dictionaries(st.sampled_from(["severity", "summary"]), texts, max_size=2)),
            max_size=5,
        ),
        max_size=4,
    )
)
def test_rule_file_shapes(rules):
    document = {"groups": [{"name": "g", "rules": rules}]}
    assert dump_yaml(document) == _pyyaml_dump(document).encode("utf-8")


def test_shared_objects_and_unknown_types_take_the_reference_path():
    labels = {"severity": "page"}
    shared = {"groups": [{"labels": labels}, {"labels": labels}]}  # PyYAML writes &id001 / *id001
    assert b"&id001" in dump_yaml(shared)
    assert dump_yaml(shared) == _pyyaml_dump(shared).encode()
    keep = {"k": "a\n\n", "j": "x"}  # a `|+` block: libyaml ends the document with `...`
    assert dump_yaml(keep) == _pyyaml_dump(keep).encode()


def test_shipped_rule_files_round_trip_through_both_paths():
    from monitoring_codegen.yamlio import load_yaml

    compared = 0
    for path in sorted((REPO / "out").rglob("*.yaml")):
        document = load_yaml(path.read_bytes())
        if isinstance(document, (dict, list)):
            assert dump_yaml(document) == _pyyaml_dump(document).encode(), path
            compared += 1
    assert compared > 10
    # JSON documents too (dashboards' shapes: nested lists, numbers, booleans, nulls).
    for path in sorted((REPO / "out").rglob("*.json"))[:20]:
        document = json.loads(path.read_text())
        assert dump_yaml(document) == _pyyaml_dump(document).encode(), path
