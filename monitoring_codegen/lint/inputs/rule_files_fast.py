"""A line reader for the plain shape nearly every rule file has, with libyaml as the judge.

Composing a 10,000-rule file with libyaml builds ~180,000 nodes and twice as many marks as
Python objects, only for the linter to read a dozen scalars per rule: a fifth of `mcg lint`.
Files written by `mcg build` (and by most people) are one block mapping holding `groups:`,
groups of `name`, `interval` and `rules`, rules of `alert`/`record`, `expr`, `for`,
`keep_firing_for`, `labels` and `annotations`, scalars on one line (plain, or quoted without
escapes) or in `|`/`|-` blocks. This reader takes exactly that (one regex pass splits the
lines into indent, `- `, key and value) and builds the LintedRuleFile load_rule_file builds.

It answers None, and libyaml composes the file as before, on anything else: another key, a
flow collection, an anchor or tag, a plain scalar YAML would read differently (going on to
the next line, holding `: ` or ` #`, starting with an indicator), escapes, tabs, other line
breaks, characters that are not printable, `# mcg: ignore` comments, several documents, and
every rule shape the linter reports (those messages come from the libyaml reading).
tests/unit/test_lint_rule_files_fast.py compares both readers.
"""

from __future__ import annotations

import re

from monitoring_codegen.lint.inputs.linted import LintedGroup, LintedRule, LintedRuleFile

# One tuple per line: (indent, "- " or "", key or "", value or "", the rest of a non-key line).
_LINE = re.compile(r"^( *)(?:(- +)?([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: +(.*))?|(.*))$", re.M)
# Characters that make a plain scalar something else when they start it.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Tabs and carriage returns, what libyaml reads as line breaks or a byte-order mark (line
# numbers would differ), and `mcg:` (ignore comments are read from the composed nodes).
_UNUSUAL = ("\t", "\r", "\x85", "\u2028", "\u2029", "\ufeff", "mcg:")
# Double-quoted escapes as libyaml reads them (the one-character ones; others: libyaml decides).
_ESCAPES = {
    "\\": "\\",
    '"': '"',
    "/": "/",
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "f": "\f",
    "v": "\v",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
    " ": " ",
}
_ESCAPE = re.compile(r"\\(.)")


def _unescape(match: re.Match) -> str:
    return _ESCAPES[match.group(1)]


_RULE_SCALARS = frozenset({"alert", "record", "expr", "for", "keep_firing_for"})
_RULE_MAPS = frozenset({"labels", "annotations"})
_GROUP_SCALARS = frozenset({"name", "interval"})


class _Unsupported(Exception):
    pass


def read_rule_file(text: str, path: str) -> LintedRuleFile | None:
    """The LintedRuleFile load_rule_file would build, or None when libyaml must read the file."""
    if any(mark in text for mark in _UNUSUAL):
        return None
    tokens = _LINE.findall(text)
    if len(tokens) != text.count("\n") + 1:
        return None
    try:
        return _Reader(tokens, text, path).file()
    except _Unsupported:
        return None


class _Reader:
    def __init__(self, tokens: list[tuple[str, str, str, str, str]], text: str, path: str) -> None:
        self.tokens = tokens
        self.text = text
        self.path = path
        self.i = 0
        self.lines: list[str] | None = None  # the lines as written, for `|` blocks
        # Per line: its indentation, and the first line from it on that holds something
        # (blank and comment lines skipped).
        n = len(tokens)
        self.indent = [len(token[0]) for token in tokens] + [-1]
        following = [n] * (n + 1)
        j = n
        for i in range(n - 1, -1, -1):
            token = tokens[i]
            if token[2] or (token[4] and token[4][0] != "#"):
                j = i
            following[i] = j
        self.following = following

    def _next(self) -> int:
        """Indentation of the next line holding something; -1 at the end."""
        i = self.i = self.following[self.i]
        return self.indent[i]

    def file(self) -> LintedRuleFile:
        if self._next() != 0:
            raise _Unsupported
        _, dash, key, value, _ = self.tokens[self.i]
        if dash or key != "groups" or value:
            raise _Unsupported
        self.i += 1
        rule_file = LintedRuleFile(path=self.path)
        indent = self._next()
        if indent < 0:
            raise _Unsupported
        while self._next() == indent:
            rule_file.groups.append(self._group(indent))
        if self._next() != -1 or not rule_file.groups:
            raise _Unsupported  # another top-level key, or a line this reader does not place
        return rule_file

    def _group(self, dash_indent: int) -> LintedGroup:
        tokens = self.tokens
        token = tokens[self.i]
        if not token[1] or not token[2]:
            raise _Unsupported
        line = self.i + 1
        column = dash_indent + len(token[1])
        fields: dict[str, str] = {}
        rules: list[LintedRule] | None = None
        while True:
            key, value = token[2], token[3]
            self.i += 1
            if key in _GROUP_SCALARS and key not in fields:
                fields[key] = self._scalar(value, column)[0]
            elif key == "rules" and rules is None and not value:
                rules = self._rules(column)
            else:
                raise _Unsupported
            if self._next() != column:
                break
            token = tokens[self.i]
            if token[1] or not token[2]:
                raise _Unsupported
        name = fields.get("name")
        if not name or rules is None:
            raise _Unsupported  # the libyaml reading reports these
        group = LintedGroup(name=name, path=self.path, line=line, interval=fields.get("interval"))
        for rule in rules:
            rule.group = group
        group.rules = rules
        return group

    def _rules(self, group_column: int) -> list[LintedRule]:
        indent = self._next()
        if indent < group_column or not self.tokens[self.i][1]:
            raise _Unsupported
        rules = []
        tokens = self.tokens
        while self._next() == indent and tokens[self.i][1]:
            rules.append(self._rule(indent))
        return rules

    def _rule(self, dash_indent: int) -> LintedRule:
        tokens = self.tokens
        token = tokens[self.i]
        if not token[2]:
            raise _Unsupported
        line = self.i + 1
        column = dash_indent + len(token[1])
        scalars: dict[str, tuple[str, str | None, int]] = {}
        maps: dict[str, dict[str, str]] = {}
        while True:
            key, value = token[2], token[3]
            key_line = self.i + 1
            self.i += 1
            if key in _RULE_SCALARS and key not in scalars:
                text, style = self._scalar(value, column)
                scalars[key] = (text, style, key_line)
            elif key in _RULE_MAPS and key not in maps and not value:
                maps[key] = self._string_map(column)
            else:
                raise _Unsupported
            if self._next() != column:
                break
            token = tokens[self.i]
            if token[1] or not token[2]:
                raise _Unsupported
        alert = scalars.get("alert")
        record = scalars.get("record")
        expr = scalars.get("expr")
        # What the libyaml reading reports about a rule's shape (both or neither of alert and
        # record, a recording rule with `for` or annotations, no expr) is left to it.
        if (alert is None) == (record is None) or expr is None:
            raise _Unsupported
        if record is not None and ("for" in scalars or "keep_firing_for" in scalars or "annotations" in maps):
            raise _Unsupported
        named = alert if alert is not None else record
        rule = LintedRule(
            kind="alert" if alert is not None else "record",
            name=named[0],  # type: ignore[index]
            expr=expr[0],
            path=self.path,
            line=line,
            for_=scalars["for"][0] if "for" in scalars else None,
            keep_firing_for=scalars["keep_firing_for"][0] if "keep_firing_for" in scalars else None,
            labels=maps.get("labels", {}),
            annotations=maps.get("annotations", {}) if alert is not None else {},
        )
        text, style, key_line = expr
        if style == "|":
            rule.expr_line = key_line + 1  # the content starts below the `|`
        elif "\n" not in text:
            rule.expr_line = key_line
        return rule

    def _string_map(self, key_column: int) -> dict[str, str]:
        column = self._next()
        if column <= key_column:
            raise _Unsupported  # an empty or null mapping: the libyaml reading decides
        tokens = self.tokens
        out: dict[str, str] = {}
        while self._next() == column:
            _, dash, key, value, _ = tokens[self.i]
            if dash or not key or key in out:
                raise _Unsupported
            self.i += 1
            out[key] = self._scalar(value, column)[0]
        if self._next() > key_column:
            raise _Unsupported
        return out

    def _scalar(self, value: str, key_column: int) -> tuple[str, str | None]:
        """(text, style) of the scalar after a key at `key_column`; self.i is past its key line."""
        if not value:
            raise _Unsupported  # null, or a nested block
        first = value[0]
        if first == "|":
            return self._literal(value.rstrip(" "), key_column), "|"
        value = value.rstrip(" ")
        if first == "'":
            inner = value[1:-1]
            if len(value) < 2 or value[-1] != "'" or "'" in inner.replace("''", ""):
                raise _Unsupported
            text, style = inner.replace("''", "'"), "'"
        elif first == '"':
            inner = value[1:-1]
            if len(value) < 2 or value[-1] != '"' or not inner.isprintable():
                raise _Unsupported
            if "\\" in inner:
                rest = _ESCAPE.sub("", inner)  # what is left once the escapes are taken out
                if '"' in rest or "\\" in rest:
                    raise _Unsupported  # a quote that ends the scalar early, or an escaped last quote
                try:
                    text = _ESCAPE.sub(_unescape, inner)
                except KeyError:
                    raise _Unsupported from None  # \x, \u and the like, or no escape at all
            elif '"' in inner:
                raise _Unsupported
            else:
                text = inner
            style = '"'
        else:
            if first in _INDICATORS or ": " in value or " #" in value or value[-1] == ":":
                raise _Unsupported
            text, style = value, None
        if style != '"' and not text.isprintable():
            raise _Unsupported
        if self._next() > key_column:
            raise _Unsupported  # the scalar goes on (or a mapping follows it): libyaml decides
        return text, style

    def _literal(self, header: str, key_column: int) -> str:
        if header not in ("|", "|-"):
            raise _Unsupported  # keep (`|+`), indentation indicators, comments after the header
        lines = self.lines
        if lines is None:
            lines = self.lines = self.text.split("\n")
        if self.i >= len(lines) or not lines[self.i].strip(" "):
            raise _Unsupported
        first = lines[self.i]
        indent = len(first) - len(first.lstrip(" "))
        if indent <= key_column:
            raise _Unsupported
        pad = " " * indent
        content: list[str] = []
        while self.i < len(lines):
            line = lines[self.i]
            if not line:
                content.append("")
            elif line.startswith(pad):
                if not line.strip(" "):
                    raise _Unsupported  # a line of spaces: content or not, by YAML's rules
                content.append(line[indent:])
            elif line.strip(" "):
                break  # less indented: the block is over
            else:
                raise _Unsupported
            self.i += 1
        if self.i == len(lines) and lines[-1]:
            raise _Unsupported  # the last line has no line break for `|` to keep
        while content and not content[-1]:
            content.pop()  # trailing empty lines go with the chomping
        if not all(part.isprintable() for part in content):
            raise _Unsupported
        text = "\n".join(content)
        return text + "\n" if header == "|" else text
