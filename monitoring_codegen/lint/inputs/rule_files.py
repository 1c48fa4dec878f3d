"""Prometheus rule files written by anyone: plain `groups:` files and PrometheusRule objects.

The YAML is composed (not constructed) with libyaml, so every rule keeps the line it
starts on; only the keys the linter reads are turned into Python values. A
`# mcg: ignore=RULE reason` comment on a rule's lines, or on the comment lines right
above it, accepts that rule's findings there.
"""

from __future__ import annotations

import re

import yaml

from monitoring_codegen.errors import UsageError
from monitoring_codegen.lint.inputs.linted import LintedGroup, LintedRule, LintedRuleFile
from monitoring_codegen.lint.inputs.rule_files_fast import read_rule_file
from monitoring_codegen.model.durations import parse_duration

try:  # libyaml's composer is several times faster than the pure-Python one
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader


class _Loader(_BaseLoader):
    """Composes without resolving implicit tags: the linter reads every scalar as text, and
    the regex-based resolver (called from C for each scalar) was half of the load time."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


IGNORE_COMMENT_RE = re.compile(r"#\s*mcg:\s*ignore=(?P<rules>[A-Za-z0-9_/,.-]+)\s*(?P<reason>[^#]*)")


_NULLS = ("", "~", "null", "Null", "NULL")


def _is_empty(node) -> bool:
    if isinstance(node, yaml.ScalarNode):
        if node.value in _NULLS:
            return True
        try:
            return parse_duration(node.value) == 0
        except ValueError:
            return False
    return isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.value


class NotARuleFile(ValueError):
    pass


def _scalar(node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return node.value
    return None


def _pairs(node, depth: int = 0) -> list:
    """A mapping's (key, value) nodes with YAML merge keys applied, as promtool reads them:
    `<<: *common` (or a list of aliases) brings in the keys the mapping does not set itself."""
    pairs = [(k, v) for k, v in node.value if not _is_merge_key(k)]
    if depth > 32 or len(pairs) == len(node.value):
        return pairs
    own = {k.value for k, _ in pairs if isinstance(k, yaml.ScalarNode)}
    for key, value in node.value:
        if not _is_merge_key(key):
            continue
        sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for source in sources:
            if isinstance(source, yaml.MappingNode):
                for merged_key, merged_value in _pairs(source, depth + 1):
                    name = merged_key.value if isinstance(merged_key, yaml.ScalarNode) else None
                    if name not in own:
                        own.add(name)
                        pairs.append((merged_key, merged_value))
    return pairs


def _is_merge_key(key) -> bool:
    # Plain (not quoted) `<<`; libyaml marks a plain style as "" and PyYAML as None.
    return isinstance(key, yaml.ScalarNode) and key.value == "<<" and not key.style


def _mapping(node) -> dict:
    if not isinstance(node, yaml.MappingNode):
        return {}
    out = {}
    for key, value in _pairs(node):
        if isinstance(key, yaml.ScalarNode):
            out[key.value] = value
    return out


def _string_map(node) -> dict[str, str]:
    out = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in _pairs(node):
            if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
                out[key.value] = value.value
    return out


def ignore_comments(text: str) -> dict[int, dict[str, str]]:
    """1-based line -> {rule id or name: reason} for every `# mcg: ignore=` comment."""
    found: dict[int, dict[str, str]] = {}
    if "mcg:" not in text:
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        if "mcg:" not in line:
            continue
        match = IGNORE_COMMENT_RE.search(line)
        if match:
            reason = match.group("reason").strip() or "(no reason given)"
            found[number] = {rule: reason for rule in match.group("rules").split(",") if rule}
    return found


def _ignores_for(start: int, end: int, comments: dict[int, dict[str, str]], lines: list[str]) -> dict[str, str]:
    """Ignores on lines start..end of a rule, and on the comment lines just above it."""
    out: dict[str, str] = {}
    # Comment-only lines at the end of the span sit above the next rule: they are its.
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    for number in range(start, end + 1):
        out.update(comments.get(number, {}))
    above = start - 1
    while above >= 1 and lines[above - 1].lstrip().startswith("#"):
        out.update(comments.get(above, {}))
        above -= 1
    return out


def _rule_holders(documents):
    """The mappings that may hold `groups`: each document, and the items of a Kubernetes `List`
    (what `kubectl get prometheusrules -o yaml` prints)."""
    for document in documents:
        top = _mapping(document)
        if _scalar(top.get("kind")) == "List" and isinstance(top.get("items"), yaml.SequenceNode):
            yield from (_mapping(item) for item in top["items"].value)
        else:
            yield top


def load_rule_file(text: str, path: str) -> LintedRuleFile:
    """The groups and rules of a rule file; NotARuleFile when it holds none; UsageError on bad YAML."""
    fast = read_rule_file(text, path)  # the plain shape of most files, read line by line
    return fast if fast is not None else compose_rule_file(text, path)


def compose_rule_file(text: str, path: str) -> LintedRuleFile:
    """load_rule_file through libyaml's composer: any YAML, every line number."""
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UsageError(f"{where}: not valid YAML: {problem}") from None
    comments = ignore_comments(text)
    lines = text.splitlines() if comments else []
    rule_file = LintedRuleFile(path=path)
    found_groups = False
    for top in _rule_holders(documents):
        groups_node = top.get("groups")
        if groups_node is None and _scalar(top.get("kind")) == "PrometheusRule":
            groups_node = _mapping(top.get("spec")).get("groups")
        if not isinstance(groups_node, yaml.SequenceNode):
            continue
        found_groups = True
        for group_node in groups_node.value:
            rule_file.groups.append(_group(group_node, path, comments, lines))
    if not found_groups:
        raise NotARuleFile(f"{path}: not a Prometheus rule file (no `groups:` list)")
    return rule_file


def _group(node, path: str, comments, lines) -> LintedGroup:
    fields = _mapping(node)
    line = node.start_mark.line + 1
    group = LintedGroup(
        name=_scalar(fields.get("name")) or "", path=path, line=line, interval=_scalar(fields.get("interval"))
    )
    if not isinstance(node, yaml.MappingNode):
        group.structure.append("a group must be a mapping with `name` and `rules`")
    elif not group.name:
        group.structure.append("group has no name")
    rules_value = fields.get("rules")
    is_null = isinstance(rules_value, yaml.ScalarNode) and rules_value.value in _NULLS
    if isinstance(node, yaml.MappingNode) and not (
        rules_value is None or is_null or isinstance(rules_value, yaml.SequenceNode)
    ):
        group.structure.append("`rules` must be a list")
    if comments:
        group.ignores = _ignores_for(line, line, comments, lines)
    rules_node = fields.get("rules")
    if isinstance(rules_node, yaml.SequenceNode):
        for rule_node in rules_node.value:
            rule = _rule(rule_node, path, comments, lines)
            rule.group = group
            group.rules.append(rule)
    return group


def _last_line(node, lines: list[str]) -> int:
    """1-based last line of a block node: its end mark sits on the next token's line."""
    mark = node.end_mark
    if mark.line >= len(lines):
        return len(lines)
    before = lines[mark.line][: mark.column]
    return mark.line if before.strip() in ("", "-") else mark.line + 1


def _rule(node, path: str, comments, lines) -> LintedRule:
    if not isinstance(node, yaml.MappingNode):
        return LintedRule(
            kind="record",
            name="",
            expr="",
            path=path,
            line=node.start_mark.line + 1,
            structure=["a rule must be a mapping with `alert` or `record` and `expr`"],
        )
    fields = {}
    for key, value in _pairs(node):
        fields[key.value] = value
    alert = _scalar(fields.get("alert"))
    record = _scalar(fields.get("record"))
    expr = _scalar(fields.get("expr")) or ""
    line = node.start_mark.line + 1
    rule = LintedRule(
        kind="alert" if alert is not None else "record",
        name=alert if alert is not None else (record or ""),
        expr=expr,
        path=path,
        line=line,
        for_=_scalar(fields.get("for")),
        keep_firing_for=_scalar(fields.get("keep_firing_for")),
        labels=_string_map(fields.get("labels")),
        annotations=_string_map(fields.get("annotations")) if alert is not None else {},
    )
    if alert is not None and record is not None:
        rule.structure.append("a rule has either `alert` or `record`, not both")
    elif alert is None and record is None:
        rule.structure.append("rule has neither `alert` nor `record`")
    expr_node = fields.get("expr")
    if isinstance(expr_node, yaml.ScalarNode):
        if expr_node.style == "|":
            rule.expr_line = expr_node.start_mark.line + 2  # the content starts below the `|`
        elif "\n" not in expr:
            rule.expr_line = expr_node.start_mark.line + 1
    for key in ("labels", "annotations"):
        value = fields.get(key)
        if value is None or (isinstance(value, yaml.ScalarNode) and value.value in _NULLS):
            continue
        if not isinstance(value, yaml.MappingNode) or any(not isinstance(v, yaml.ScalarNode) for _, v in value.value):
            rule.structure.append(f"`{key}` must be a mapping of names to text values")
    if alert is None and record is not None:
        # Prometheus refuses these on a recording rule ("invalid field 'for' in recording rule").
        # Empty annotations and zero durations are the zero value Prometheus ignores.
        for key in ("for", "keep_firing_for", "annotations"):
            if key in fields and not _is_empty(fields[key]):
                rule.structure.append(f"a recording rule cannot have `{key}`")
    if "expr" not in fields:
        rule.structure.append("rule has no `expr`")
    elif _scalar(fields["expr"]) is None:
        rule.structure.append("`expr` must be a string")
    if comments:
        rule.ignores = _ignores_for(line, _last_line(node, lines), comments, lines)
    return rule
