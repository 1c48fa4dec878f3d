"""YAML emission: lossless strings, and reused rule text that means the same as a fresh dump."""

from __future__ import annotations

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring_codegen.yamlio import dump_yaml, load_yaml, nest_block, with_header

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=4))
def test_strings_round_trip_exactly(parts):
    value = "\n".join(parts)
    assert load_yaml(dump_yaml({"v": value}))["v"] == value


def test_multiline_expr_uses_literal_block_unless_lossy():
    assert b"expr: |" in dump_yaml({"expr": "sum(x)\n/\nsum(y)"})
    trailing = "sum(x)   \n/ sum(y)"
    text = dump_yaml({"expr": trailing})
    assert b"|" not in text and load_yaml(text)["expr"] == trailing


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["name", "expr", "for", "labels"]),
            st.one_of(texts, st.dictionaries(st.text("abc", min_size=1, max_size=3), texts, max_size=2)),
            max_size=4,
        ),
        max_size=3,
    ),
    st.integers(min_value=1, max_value=3),
)
def test_nested_block_means_the_same_as_a_nested_dump(groups, depth):
    inner = dump_yaml({"groups": groups})
    text = inner
    expected = {"groups": groups}
    for level in range(depth):
        key = f"k{level}"
        text = f"{key}:\n".encode() + nest_block(text, 1)
        expected = {key: expected}
    assert load_yaml(with_header(text, "generated\nby test")) == expected


def test_shipped_kubernetes_and_mimir_rules_equal_the_environment_rule_files():
    out = REPO / "out"
    compared = 0
    for env_dir in sorted((out / "kubernetes").iterdir()):
        env = env_dir.name
        for rule_object in sorted((env_dir / "prometheus-rules").glob("*.yaml")):
            doc = load_yaml(rule_object.read_bytes())
            assert doc["kind"] == "PrometheusRule"
            names = {g["name"] for g in doc["spec"]["groups"]}
            sources = list((out / "env" / env / "prometheus/rules").glob("*.yaml")) or list(
                (out / "prometheus/rules").glob("*.yaml")
            )
            matching = [load_yaml(p.read_bytes())["groups"] for p in sources]
            assert any(groups == doc["spec"]["groups"] for groups in matching), (rule_object, names)
            compared += 1
    assert compared > 0


def test_nested_block_drops_the_document_end_marker_of_a_kept_block_scalar():
    # Found by hypothesis: a value of only line breaks is dumped as `|2+` and then `...`.
    inner = dump_yaml({"groups": [{"name": "\n"}, {"name": "a\n\n"}]})
    assert b"\n...\n" in inner
    text = b"k0:\n" + nest_block(inner, 1) + b"k1: x\n"
    assert load_yaml(text) == {"k0": {"groups": [{"name": "\n"}, {"name": "a\n\n"}]}, "k1": "x"}
