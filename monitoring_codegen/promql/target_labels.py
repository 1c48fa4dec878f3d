"""Which target labels a Prometheus scrape config puts on every series it scrapes.

Prometheus builds each target's labels from `job`, the discovered labels (static `labels`,
`__meta_*` from service discovery, `__address__`, ...), then applies `relabel_configs` in
order, drops every `__`-prefixed label and sets `instance` from `__address__` when no rule
did. When a scraped sample carries a label of the same name, the target's value wins and the
sample's value moves to `exported_<name>` (unless the job sets `honor_labels: true`).

`target_labels(config)` replays that on the config as rendered (a `scrape_configs` entry):
labels a rule *may* set count (a `replace` whose source is absent on some targets still sets
the label on the others); `labelmap` rules count when the names they produce can be told
(known source names, a literal replacement, or a regex matching finitely many names);
`labeldrop`/`labelkeep` remove what they match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from monitoring_codegen.promql.series import TARGET_LABELS

# Actions that write `target_label` (Prometheus 2.42; keepequal/dropequal only compare with it).
_WRITING_ACTIONS = ("replace", "hashmod", "lowercase", "uppercase")
# A labelmap regex matching more names than this is treated as matching "any name".
_MAX_NAMES = 256
_REPLACEMENT_REF = re.compile(r"\$\$|\$\{(\w+)\}|\$(\w+)")


@dataclass(frozen=True)
class TargetLabel:
    """One target label and how the scrape config sets it."""

    name: str
    # What sets it, for messages: "the job name", "static label namespace: 'dev'", ...
    how: str
    # Where in the config: ("job_name",), ("static_configs", i), ("relabel_configs", i), ("instance",)
    where: tuple[Any, ...]


def target_labels(config: dict[str, Any]) -> dict[str, TargetLabel]:
    """Label name -> how it is set, for every target label the scrape config may set."""
    labels: dict[str, TargetLabel] = {}
    job = str(config.get("job_name", ""))
    assert "job" in TARGET_LABELS
    labels["job"] = TargetLabel("job", f"the job name {job!r}", ("job_name",))
    for name in ("__address__", "__scheme__", "__metrics_path__", "__scrape_interval__", "__scrape_timeout__"):
        labels[name] = TargetLabel(name, name, ("internal",))
    for param in config.get("params") or {}:
        labels[f"__param_{param}"] = TargetLabel(f"__param_{param}", "params", ("params",))
    for index, group in enumerate(config.get("static_configs") or []):
        for name, value in sorted((group.get("labels") or {}).items()):
            labels.setdefault(
                name, TargetLabel(name, f"static label {name}: {str(value)!r}", ("static_configs", index))
            )
    # Service discovery adds names nobody can list beforehand (`__meta_*`; file_sd any label).
    discovered = any(key.endswith("_sd_configs") for key in config)
    for index, rule in enumerate(config.get("relabel_configs") or []):
        _apply(rule, index, labels, discovered)
    final = {name: label for name, label in labels.items() if not name.startswith("__")}
    if "instance" not in final:  # from __address__ unless a rule set it
        final["instance"] = TargetLabel("instance", "the target's address", ("instance",))
    return dict(sorted(final.items()))


def _apply(rule: dict[str, Any], index: int, labels: dict[str, TargetLabel], discovered: bool) -> None:
    action = str(rule.get("action") or "replace").lower()
    where = ("relabel_configs", index)
    regex = _compile(str(rule.get("regex", "(.*)")))
    if action in _WRITING_ACTIONS:
        target = rule.get("target_label")
        if not isinstance(target, str) or "$" in target:
            return  # a name built from the value: not knowable from the config
        if action == "replace" and rule.get("replacement") == "":
            labels.pop(target, None)  # an empty value removes the label: the usual way to drop one
            return
        sources = ", ".join(str(s) for s in rule.get("source_labels") or []) or "no source"
        labels[target] = TargetLabel(target, f"relabel_configs {action} of {sources} into {target}", where)
    elif action == "labelmap":
        if regex is None:
            return
        replacement = str(rule.get("replacement", "$1"))
        for name in _labelmap_names(regex, replacement, list(labels), discovered):
            labels.setdefault(name, TargetLabel(name, f"relabel_configs labelmap {regex.pattern!r}", where))
    elif action == "labeldrop" and regex is not None:
        for name in [n for n in labels if regex.fullmatch(n)]:
            del labels[name]
    elif action == "labelkeep" and regex is not None:
        for name in [n for n in labels if not regex.fullmatch(n)]:
            del labels[name]


def _compile(pattern: str) -> re.Pattern[str] | None:
    # Go RE2 and Python agree on what relabel regexes use; one that Python refuses is skipped.
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _labelmap_names(regex: re.Pattern[str], replacement: str, known: list[str], discovered: bool) -> set[str]:
    """Names a labelmap rule produces from the known names and, when it can be told, from discovered ones."""
    names = {_expand(regex.fullmatch(name), replacement) for name in known if regex.fullmatch(name)}
    if discovered:
        if not _REPLACEMENT_REF.search(replacement.replace("$$", "")):
            names.add(replacement.replace("$$", "$"))  # a literal: every match gets this name
        else:
            for candidate in finite_matches(regex.pattern) or ():
                match = regex.fullmatch(candidate)
                if match:
                    names.add(_expand(match, replacement))
    return {name for name in names if name}


def _expand(match: re.Match[str] | None, replacement: str) -> str:
    """Go's Regexp.Expand: `$1`, `${1}`, `$name`, `$$`; a missing group expands to ""."""
    if match is None:
        return ""

    def group(ref: re.Match[str]) -> str:
        if ref.group(0) == "$$":
            return "$"
        key = ref.group(1) or ref.group(2)
        try:
            value = match.group(int(key)) if key.isdigit() else match.group(key)
        except IndexError:  # no such group
            return ""
        return value or ""

    return _REPLACEMENT_REF.sub(group, replacement)


def finite_matches(pattern: str, limit: int = _MAX_NAMES) -> list[str] | None:
    """Every string the regex matches in full, when they are at most `limit`; else None."""
    from re import _parser as sre_parse  # type: ignore[attr-defined]  # the parser `re` itself uses (3.11+)

    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return None
    result = _strings(list(tree), sre_parse, limit)
    return sorted(result) if result is not None else None


def _strings(items: list, sre_parse, limit: int) -> set[str] | None:
    constants = sre_parse
    out: set[str] = {""}
    for op, arg in items:
        options: set[str] | None
        name = str(op)
        if name == "LITERAL":
            options = {chr(arg)}
        elif name == "AT":
            options = {""}  # ^ and $: fullmatch anchors anyway
        elif name == "SUBPATTERN":
            options = _strings(list(arg[-1]), constants, limit)
        elif name == "BRANCH":
            options = set()
            for branch in arg[1]:
                found = _strings(list(branch), constants, limit)
                if found is None:
                    return None
                options |= found
        elif name == "IN":
            options = _class(arg)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = arg
            if high == constants.MAXREPEAT or high > 8:
                return None
            inner = _strings(list(body), constants, limit)
            if inner is None:
                return None
            options = set()
            for count in range(low, high + 1):
                combos = {""}
                for _ in range(count):
                    combos = {a + b for a in combos for b in inner}
                    if len(combos) > limit:
                        return None
                options |= combos
        else:
            return None  # ANY, NOT_LITERAL, categories, backreferences: not enumerable here
        if options is None:
            return None
        out = {a + b for a in out for b in options}
        if len(out) > limit:
            return None
    return out


def _class(items) -> set[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(arg))
        elif name == "RANGE":
            low, high = arg
            if high - low > 64:
                return None
            chars.update(chr(c) for c in range(low, high + 1))
        else:
            return None  # NEGATE, CATEGORY (\w, \d): too many
    return chars
