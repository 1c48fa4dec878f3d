"""Go text/template syntax, as Prometheus parses alert labels and annotations.

Prometheus refuses a rule file when the template of an alerting rule's label or annotation
does not parse (`promtool check rules`: `template: __alert_X:1: unclosed action`). It parses,
it does not execute: `rulefmt` prepends `{{$labels := .Labels}}{{$externalLabels :=
.ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}` and runs Go's
`text/template` parser with Prometheus' function map. This module is that parser: the lexer
and the recursive-descent parser of Go's `text/template/parse` (Go 1.19 to 1.22), reduced to
what decides whether a template parses and what the error says. What only fails when the
template runs (a field of the wrong type, `index` out of range, a missing `{{template}}`)
is not checked, as Prometheus does not check it either.

`template_error(text)` returns None or the error as Go words it (with its line);
`check_alert_template(text)` raises TemplateSyntaxError.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import sys
import unicodedata
from dataclasses import dataclass

# Functions Prometheus adds to Go's (template/template.go), as the Prometheus versions mcg
# targets know them; `promtool check rules` refuses any other name.
PROMETHEUS_FUNCTIONS = frozenset(
    {
        "query",
        "first",
        "label",
        "value",
        "strvalue",
        "args",
        "reReplaceAll",
        "safeHtml",
        "match",
        "title",
        "toUpper",
        "toLower",
        "graphLink",
        "tableLink",
        "sortByLabel",
        "humanize",
        "humanize1024",
        "humanizeDuration",
        "humanizePercentage",
        "humanizeTimestamp",
        "toTime",
        "pathPrefix",
        "externalURL",
        "parseDuration",
        "stripPort",
        "stripDomain",
    }
)
# Go's predefined template functions.
GO_BUILTINS = frozenset(
    {
        "and",
        "call",
        "html",
        "index",
        "slice",
        "js",
        "len",
        "not",
        "or",
        "print",
        "printf",
        "println",
        "urlquery",
        "eq",
        "ge",
        "gt",
        "le",
        "lt",
        "ne",
    }
)
ALERT_FUNCTIONS = PROMETHEUS_FUNCTIONS | GO_BUILTINS
# The variables rulefmt declares before parsing an alert template.
ALERT_VARIABLES = ("$labels", "$externalLabels", "$externalURL", "$value")


class TemplateSyntaxError(ValueError):
    """A template Go's parser refuses; `line` is 1-based in the template as written."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line


# --- lexer -------------------------------------------------------------------------------------

# Token kinds (Go's itemType), keywords after KEYWORD.
TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, EOF, ERROR = "text", "{{", "}}", "space", "EOF", "error"
ASSIGN, DECLARE, PIPE, LEFT_PAREN, RIGHT_PAREN, CHAR = "=", ":=", "|", "(", ")", "char"
STRING, RAW_STRING, CHAR_CONSTANT, NUMBER, COMPLEX, BOOL = "string", "raw", "charconst", "number", "complex", "bool"
VARIABLE, FIELD, DOT, IDENTIFIER = "variable", "field", "dot", "identifier"
KEYWORDS = {"block", "break", "continue", "define", "else", "end", "if", "range", "nil", "template", "with"}

_LEFT, _RIGHT = "{{", "}}"
_LEFT_COMMENT, _RIGHT_COMMENT = "/*", "*/"
_SPACES = " \t\r\n"


@dataclass(frozen=True)
class Token:
    kind: str
    value: str
    line: int

    def __str__(self) -> str:  # Go's item.String(), used in "unexpected X in Y"
        if self.kind == EOF:
            return "EOF"
        if self.kind == ERROR:
            return self.value
        if self.kind in KEYWORDS or self.kind == DOT:
            return f"<{self.value}>"
        if len(self.value) > 10:
            return _go_quote(self.value[:10]) + "..."
        return _go_quote(self.value)


def _go_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _is_alnum(ch: str) -> bool:
    # Go: r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
    if ch.isascii():
        return ch.isalnum() or ch == "_"  # "" is neither
    return unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) == "Nd"


# A run of ASCII letters, digits and "_": skipped at once before the rune-by-rune loop.
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]*")


def _ascii_word_end(text: str, pos: int) -> int:
    match = _ASCII_WORD.match(text, pos)
    return match.end() if match is not None else pos


def _rune(ch: str) -> str:  # Go's %#U
    return f"U+{ord(ch):04X} '{ch}'" if ch.isprintable() else f"U+{ord(ch):04X}"


class _Lexer:
    """Go's text/template/parse lexer: the whole input to a token list ending in EOF or ERROR."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.start = 0
        self.paren_depth = 0
        self.tokens: list[Token] = []
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(self, position: int) -> int:
        return bisect.bisect_left(self.newlines, position) + 1

    # helpers
    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        ch = self.peek()
        self.pos += 1  # past the end too, like Go's lexer; backup() undoes it
        return ch

    def backup(self) -> None:
        self.pos -= 1

    def emit(self, kind: str) -> None:
        self.tokens.append(Token(kind, self.text[self.start : self.pos], self.line_of(self.start)))
        self.start = self.pos

    def ignore(self) -> None:
        self.start = self.pos

    def error(self, message: str) -> None:
        self.tokens.append(Token(ERROR, message, self.line_of(self.start)))

    def accept(self, valid: str) -> bool:
        if self.peek() and self.peek() in valid:
            self.pos += 1
            return True
        return False

    def accept_run(self, valid: str) -> None:
        while self.peek() and self.peek() in valid:
            self.pos += 1

    def at_right_delim(self) -> tuple[bool, bool]:
        rest = self.text[self.pos : self.pos + 4]
        if _has_right_trim(rest) and rest[2:].startswith(_RIGHT):
            return True, True
        return rest.startswith(_RIGHT), False

    def at_terminator(self) -> bool:
        ch = self.peek()
        return ch == "" or ch in _SPACES or ch in ".,|:()" or ch == _RIGHT[0]

    # states; each returns the next state, or None when done
    def run(self) -> list[Token]:
        state = self.lex_text
        while state is not None:
            state = state()
        return self.tokens

    def lex_text(self):
        index = self.text.find(_LEFT, self.pos)
        self.pos = len(self.text) if index < 0 else index
        if self.pos > self.start:
            self.emit(TEXT)
        if index < 0:
            self.emit(EOF)
            return None
        return self.lex_left_delim

    def lex_left_delim(self):
        self.pos += len(_LEFT)
        after = 2 if _has_left_trim(self.text[self.pos : self.pos + 2]) else 0
        if self.text.startswith(_LEFT_COMMENT, self.pos + after):
            self.pos += after
            self.ignore()
            return self.lex_comment
        self.emit(LEFT_DELIM)
        self.pos += after
        self.ignore()
        self.paren_depth = 0
        return self.lex_inside_action

    def lex_comment(self):
        self.pos += len(_LEFT_COMMENT)
        end = self.text.find(_RIGHT_COMMENT, self.pos)
        if end < 0:
            self.error("unclosed comment")
            return None
        self.pos = end + len(_RIGHT_COMMENT)
        delim, trim = self.at_right_delim()
        if not delim:
            self.error("comment ends before closing delimiter")
            return None
        self.pos += (2 if trim else 0) + len(_RIGHT)
        self.skip_trimmed_space(trim)
        self.ignore()
        return self.lex_text

    def skip_trimmed_space(self, trim: bool) -> None:
        if trim:
            while self.peek() and self.peek() in _SPACES:
                self.pos += 1

    def lex_right_delim(self):
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += len(_RIGHT)
        self.emit(RIGHT_DELIM)
        self.skip_trimmed_space(trim)
        self.ignore()
        return self.lex_text

    def lex_inside_action(self):
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                return self.lex_right_delim
            self.error("unclosed left paren")
            return None
        ch = self.next()
        if ch == "":
            self.error("unclosed action")
            return None
        if ch in _SPACES:
            self.backup()
            return self.lex_space
        if ch == "=":
            self.emit(ASSIGN)
        elif ch == ":":
            if self.next() != "=":
                self.error("expected :=")
                return None
            self.emit(DECLARE)
        elif ch == "|":
            self.emit(PIPE)
        elif ch == '"':
            return self.lex_quote
        elif ch == "`":
            return self.lex_raw_quote
        elif ch == "$":
            return self.lex_variable
        elif ch == "'":
            return self.lex_char
        elif ch == "." and self.peek() != "" and not "0" <= self.peek() <= "9":
            return self.lex_field
        elif ch in "+-." or "0" <= ch <= "9":
            self.backup()
            return self.lex_number
        elif _is_alnum(ch):
            self.backup()
            return self.lex_identifier
        elif ch == "(":
            self.emit(LEFT_PAREN)
            self.paren_depth += 1
        elif ch == ")":
            self.emit(RIGHT_PAREN)
            self.paren_depth -= 1
            if self.paren_depth < 0:
                self.error(f"unexpected right paren {_rune(ch)}")
                return None
        elif ord(ch) < 0x80 and 0x20 <= ord(ch) < 0x7F:
            self.emit(CHAR)
        else:
            self.error(f"unrecognized character in action: {_rune(ch)}")
            return None
        return self.lex_inside_action

    def lex_space(self):
        spaces = 0
        while self.peek() and self.peek() in _SPACES:
            self.pos += 1
            spaces += 1
        # A trim-marked closing delimiter starts with a space: leave that space for it.
        if _has_right_trim(self.text[self.pos - 1 : self.pos + 1]) and self.text.startswith(_RIGHT, self.pos + 1):
            self.backup()
            if spaces == 1:
                return self.lex_inside_action
        self.emit(SPACE)
        return self.lex_inside_action

    def lex_identifier(self):
        self.pos = _ascii_word_end(self.text, self.pos)
        while True:
            ch = self.next()
            if not _is_alnum(ch):
                self.backup()
                word = self.text[self.start : self.pos]
                if not self.at_terminator():
                    self.error(f"bad character {_rune(ch)}")
                    return None
                if word in KEYWORDS:
                    self.emit(word)
                elif word in ("true", "false"):
                    self.emit(BOOL)
                else:
                    self.emit(IDENTIFIER)
                return self.lex_inside_action

    def lex_field(self):
        return self.lex_field_or_variable(FIELD)

    def lex_variable(self):
        if self.at_terminator():  # a lone "$"
            self.emit(VARIABLE)
            return self.lex_inside_action
        return self.lex_field_or_variable(VARIABLE)

    def lex_field_or_variable(self, kind: str):
        if self.at_terminator():  # "." or "$" alone
            self.emit(VARIABLE if kind == VARIABLE else DOT)
            return self.lex_inside_action
        self.pos = _ascii_word_end(self.text, self.pos)
        while True:
            ch = self.next()
            if not _is_alnum(ch):
                self.backup()
                break
        if not self.at_terminator():
            self.error(f"bad character {_rune(ch)}")
            return None
        self.emit(kind)
        return self.lex_inside_action

    def lex_char(self):
        return self._lex_escaped("'", CHAR_CONSTANT, "unterminated character constant")

    def lex_quote(self):
        return self._lex_escaped('"', STRING, "unterminated quoted string")

    def _lex_escaped(self, closer: str, kind, unterminated: str):
        """A '...' or "..." literal with backslash escapes, ended by `closer` on the same line."""
        while True:
            ch = self.next()
            if ch == "\\":
                ch = self.next()
                if ch not in ("", "\n"):
                    continue
            if ch in ("", "\n"):
                self.error(unterminated)
                return None
            if ch == closer:
                break
        self.emit(kind)
        return self.lex_inside_action

    def lex_raw_quote(self):
        end = self.text.find("`", self.pos)
        if end < 0:
            self.error("unterminated raw quoted string")
            return None
        self.pos = end + 1
        self.emit(RAW_STRING)
        return self.lex_inside_action

    def lex_number(self):
        if not self.scan_number():
            self.error(f"bad number syntax: {_go_quote(self.text[self.start : self.pos])}")
            return None
        if self.peek() in ("+", "-"):
            # A complex number: 1+2i, no spaces, ending in i.
            if not self.scan_number() or self.text[self.pos - 1] != "i":
                self.error(f"bad number syntax: {_go_quote(self.text[self.start : self.pos])}")
                return None
            self.emit(COMPLEX)
        else:
            self.emit(NUMBER)
        return self.lex_inside_action

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if _is_alnum(self.peek()):
            self.next()
            return False
        return True


def _has_left_trim(rest: str) -> bool:
    return len(rest) >= 2 and rest[0] == "-" and rest[1] in _SPACES


def _has_right_trim(rest: str) -> bool:
    return len(rest) >= 2 and rest[0] in _SPACES and rest[1] == "-"


# --- Go literals (strconv) ---------------------------------------------------------------------


def _underscore_ok(text: str) -> bool:
    """strconv's underscoreOK: underscores only between digits (or after a base prefix)."""
    saw = "^"
    i = 0
    if text[:1] in ("+", "-"):
        text = text[1:]
    hexadecimal = False
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        i, saw, hexadecimal = 2, "0", text[1].lower() == "x"
    while i < len(text):
        ch = text[i]
        if "0" <= ch <= "9" or (hexadecimal and "a" <= ch.lower() <= "f"):
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


def _parse_uint(text: str) -> int | None:
    """strconv.ParseUint(text, 0, 64)."""
    if not text:
        return None
    original = text
    base = 10
    if text[0] == "0":
        if len(text) >= 3 and text[1].lower() == "b":
            base, text = 2, text[2:]
        elif len(text) >= 3 and text[1].lower() == "o":
            base, text = 8, text[2:]
        elif len(text) >= 3 and text[1].lower() == "x":
            base, text = 16, text[2:]
        else:
            base, text = 8, text[1:]
    value = 0
    underscores = False
    for ch in text:
        if ch == "_":
            underscores = True
            continue
        digit = int(ch, 36) if ch.isascii() and ch.isalnum() else 99
        if digit >= base:
            return None
        value = value * base + digit
    if underscores and not _underscore_ok(original):
        return None
    if value >= 1 << 64:
        return None
    return value


def _parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64)."""
    if not text:
        return None
    sign = 1
    body = text
    if text[0] in "+-":
        sign = -1 if text[0] == "-" else 1
        body = text[1:]
    value = _parse_uint(body)
    if value is None:
        return None
    if (sign > 0 and value > (1 << 63) - 1) or (sign < 0 and value > 1 << 63):
        return None
    return sign * value


_DECIMAL_FLOAT_RE = re.compile(r"^[+-]?(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?[\d_]+)?\Z")
_HEX_FLOAT_RE = re.compile(r"^[+-]?0[xX](?:[\da-fA-F_]+\.?[\da-fA-F_]*|\.[\da-fA-F_]+)[pP][+-]?[\d_]+\Z")


def _parse_float(text: str) -> float | None:
    """strconv.ParseFloat(text, 64) for what the lexer produces (no inf/nan: they are not numbers there)."""
    if _DECIMAL_FLOAT_RE.match(text):
        if "_" in text and not _underscore_ok(text):
            return None
        try:
            value = float(text.replace("_", ""))
        except ValueError:
            return None
    elif _HEX_FLOAT_RE.match(text):
        if "_" in text and not _underscore_ok(text):
            return None
        try:
            value = float.fromhex(text.replace("_", ""))
        except (ValueError, OverflowError):
            return None
    else:
        return None
    if math.isinf(value):
        return None  # ErrRange
    return value


def _number_error(token: Token) -> str | None:
    """parse.newNumber's verdict on a number, complex or character constant token."""
    text = token.value
    if token.kind == CHAR_CONSTANT:
        rest = _unquote_char(text[1:], "'")
        if rest is None:
            return "invalid syntax"
        if rest != "'":
            return f"malformed character constant: {text}"
        return None
    if token.kind == COMPLEX:
        # fmt.Sscan of a complex: a float, then a signed float followed by i.
        body = text[:-1]
        if not any(
            body[i] in "+-" and _parse_float(body[:i]) is not None and _parse_float(body[i:]) is not None
            for i in range(1, len(body))
        ):
            return f"bad complex number: {_go_quote(text)}"
        return None
    if text.endswith("i") and _parse_float(text[:-1]) is not None:
        return None
    if _parse_uint(text) is not None or _parse_int(text) is not None:
        return None
    if _parse_float(text) is not None:
        if not any(c in text for c in ".eEpP"):
            return f"integer overflow: {_go_quote(text)}"
        return None
    return f"illegal number syntax: {_go_quote(text)}"


_SIMPLE_ESCAPES = set("abfnrtv\\")


def _unquote_char(text: str, quote: str) -> str | None:
    """strconv.UnquoteChar: the rest after one character or escape, None when it is invalid."""
    if not text:
        return None
    ch = text[0]
    if ch == quote and quote in "'\"":
        return None
    if ch != "\\":
        return text[1:]
    if len(text) <= 1:
        return None
    ch = text[1]
    rest = text[2:]
    if ch in _SIMPLE_ESCAPES:
        return rest
    if ch in "xuU":
        size = {"x": 2, "u": 4, "U": 8}[ch]
        digits = rest[:size]
        if len(digits) < size or not all(d in "0123456789abcdefABCDEF" for d in digits):
            return None
        value = int(digits, 16)
        if ch != "x" and (value > 0x10FFFF or 0xD800 <= value <= 0xDFFF):
            return None
        return rest[size:]
    if "0" <= ch <= "7":
        digits = text[1:4]
        if len(digits) < 3 or not all("0" <= d <= "7" for d in digits) or int(digits, 8) > 255:
            return None
        return text[4:]
    if ch in "'\"":
        return rest if ch == quote else None
    return None


def _unquote_error(token: Token) -> str | None:
    """strconv.Unquote's verdict on a string token ("invalid syntax" as Go says it)."""
    if token.kind == RAW_STRING:
        return None
    body = token.value[1:-1]
    while body:
        rest = _unquote_char(body, '"')
        if rest is None:
            return "invalid syntax"
        body = rest
    return None


# --- parser ------------------------------------------------------------------------------------

# Go parses any depth; no alert template nests like this, and Python's stack is not Go's.
MAX_NESTING = 200


class _ParseError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# Node kinds the parser cares about (Go's NodeType), for the checks it makes on them.
_OPERAND_START = {
    BOOL,
    CHAR_CONSTANT,
    COMPLEX,
    DOT,
    FIELD,
    IDENTIFIER,
    NUMBER,
    "nil",
    RAW_STRING,
    STRING,
    VARIABLE,
    LEFT_PAREN,
}
_END, _ELSE = "end", "else"  # pseudo-nodes textOrAction returns for {{end}} / {{else}}


# What a value stands for, as far as the alert's labels go (see alert_label_references):
# the alert's data (dot at the top, `$`), its label map (`.Labels`, `$labels`), a string
# literal ("string", text), or None for anything else (a query result, a number, ...).
_ROOT = ("root",)
_LABELS = ("labels",)


class _Tree:
    """A template being parsed: its name, the variables in scope (and what each stands for),
    what dot stands for here, how deep in {{range}}."""

    def __init__(self, name: str, root: tuple | None = None) -> None:
        self.name = name
        self.vars = ["$"]
        self.meanings: list[tuple | None] = [root]
        self.dot = root
        self.range_depth = 0
        self.action_line = 0

    def meaning_of(self, variable: str) -> tuple | None:
        for name, meaning in zip(reversed(self.vars), reversed(self.meanings)):
            if name == variable:
                return meaning
        return None


class _Parser:
    def __init__(self, tokens: list[Token], functions: frozenset[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.functions = functions
        self.tree = _Tree("")
        # Names of the alert's labels the template reads (`$labels.x`, `.Labels.x` at the top,
        # `index $labels "x"`), in order; `.Labels` inside {{range query ...}} is a sample's.
        self.label_references: list[str] = []
        # template name -> whether its body is non-empty (Go's treeSet, for "multiple definition")
        self.defined: dict[str, bool] = {}
        self.depth = 0  # {{if}}/{{range}}/{{with}}/{{else if}} and parentheses open around here

    # token stream
    def next(self) -> Token:
        token = self.tokens[min(self.pos, len(self.tokens) - 1)]
        self.pos += 1
        return token

    def backup(self, count: int = 1) -> None:
        self.pos -= count

    def peek(self) -> Token:
        return self.tokens[min(self.pos, len(self.tokens) - 1)]

    def next_non_space(self) -> Token:
        while True:
            token = self.next()
            if token.kind != SPACE:
                return token

    def peek_non_space(self) -> Token:
        token = self.next_non_space()
        self.backup()
        return token

    def error(self, message: str, token: Token | None = None) -> None:
        line = token.line if token is not None else self.tokens[max(0, min(self.pos, len(self.tokens)) - 1)].line
        raise _ParseError(message, line)

    def unexpected(self, token: Token, context: str) -> None:
        if token.kind == ERROR:
            extra = ""
            if self.tree.action_line and self.tree.action_line != token.line:
                extra = f" in action started at line {self.tree.action_line}"
                if token.value.endswith(" action"):
                    extra = extra[len(" in action") :]
            self.error(f"{token}{extra}", token)
        self.error(f"unexpected {token} in {context}", token)

    def expect(self, kind: str, context: str) -> Token:
        token = self.next_non_space()
        if token.kind != kind:
            self.unexpected(token, context)
        return token

    # templates
    def parse(self, name: str, variables: tuple[tuple[str, tuple | None], ...] = ()) -> None:
        """Parse the template; `variables` (name, meaning) are declared before it."""
        self.tree = _Tree(name, _ROOT)
        for variable, meaning in variables:
            self.tree.vars.append(variable)
            self.tree.meanings.append(meaning)
        nonempty = False
        while self.peek().kind != EOF:
            if self.peek().kind == LEFT_DELIM:
                start = self.pos
                self.next()
                if self.next_non_space().kind == "define":
                    self.parse_definition()
                    continue
                self.pos = start
            node = self.text_or_action()
            if node in (_END, _ELSE):
                self.error(f"unexpected {{{{{node}}}}}")
            nonempty = nonempty or node != "empty"
        self.add(name, nonempty)

    def add(self, name: str, nonempty: bool) -> None:
        if self.defined.get(name) and nonempty:
            self.error(f"template: multiple definition of template {_go_quote(name)}")
        if not self.defined.get(name):
            self.defined[name] = nonempty

    def in_new_tree(self, name: str, parse_body) -> None:
        outer = self.tree
        self.tree = _Tree(name)
        try:
            parse_body()
        finally:
            self.tree = outer

    def parse_definition(self) -> None:
        context = "define clause"

        def body() -> None:
            token = self.next_non_space()
            if token.kind not in (STRING, RAW_STRING):
                self.unexpected(token, context)
            problem = _unquote_error(token)
            if problem:
                self.error(problem, token)
            name = _unquoted(token)
            self.tree.name = name
            self.expect(RIGHT_DELIM, context)
            nonempty, end = self.item_list()
            if end != _END:
                self.error(f"unexpected {{{{{end}}}}} in {context}")
            self.add(name, nonempty)

        self.in_new_tree("definition", body)

    def item_list(self) -> tuple[bool, str]:
        """Nodes up to {{end}} or {{else}}: (whether any is non-empty, which one ended it)."""
        nonempty = False
        while self.peek_non_space().kind != EOF:
            node = self.text_or_action()
            if node in (_END, _ELSE):
                return nonempty, node
            nonempty = nonempty or node != "empty"
        self.error("unexpected EOF")
        raise AssertionError  # not reached

    def text_or_action(self) -> str:
        token = self.next_non_space()
        if token.kind == TEXT:
            return "text" if token.value.strip(" \t\r\n\v\f") else "empty"
        if token.kind == LEFT_DELIM:
            self.tree.action_line = token.line
            try:
                return self.action()
            finally:
                self.tree.action_line = 0
        self.unexpected(token, "input")
        raise AssertionError

    def action(self) -> str:
        token = self.next_non_space()
        kind = token.kind
        if kind == "block":
            return self.block_control()
        if kind in ("break", "continue"):
            following = self.next_non_space()
            if following.kind != RIGHT_DELIM:
                self.unexpected(following, f"{{{{{kind}}}}}")
            if self.tree.range_depth == 0:
                self.error(f"{{{{{kind}}}}} outside {{{{range}}}}", token)
            return "action"
        if kind == "else":
            if self.peek_non_space().kind != "if":
                self.expect(RIGHT_DELIM, "else")
            return _ELSE
        if kind == "end":
            self.expect(RIGHT_DELIM, "end")
            return _END
        if kind in ("if", "range", "with"):
            self.parse_control(kind == "if", kind)
            return "action"
        if kind == "template":
            return self.template_control()
        self.backup()
        self.pipeline("command", RIGHT_DELIM)
        return "action"

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.error(f"nested more than {MAX_NESTING} levels deep: more than mcg checks")

    def parse_control(self, allow_else_if: bool, context: str) -> None:
        saved = len(self.tree.vars)
        outer_dot = self.tree.dot
        self.nest()
        try:
            value = self.pipeline(context, RIGHT_DELIM)
            if context == "range":
                self.tree.range_depth += 1
                self.tree.dot = None  # an element of what is ranged over
                self.tree.meanings[saved:] = [None] * (len(self.tree.vars) - saved)
            elif context == "with":
                self.tree.dot = value
            _, end = self.item_list()
            self.tree.dot = outer_dot  # {{else}} runs with the outer dot
            if context == "range":
                self.tree.range_depth -= 1
            if end == _ELSE:
                if allow_else_if and self.peek().kind == "if":
                    # {{else if x}} is {{else}}{{if x}}...{{end}}{{end}} with one {{end}}.
                    self.next()
                    self.parse_control(True, "if")
                    return
                _, end = self.item_list()
                if end != _END:
                    self.error(f"expected end; found {{{{{end}}}}}")
        finally:
            del self.tree.vars[saved:]
            del self.tree.meanings[saved:]
            self.tree.dot = outer_dot
            self.depth -= 1

    def template_control(self) -> str:
        context = "template clause"
        token = self.next_non_space()
        self.template_name(token, context)
        if self.next_non_space().kind != RIGHT_DELIM:
            self.backup()
            self.pipeline(context, RIGHT_DELIM)
        return "action"

    def block_control(self) -> str:
        context = "block clause"
        token = self.next_non_space()
        name = self.template_name(token, context)
        value = self.pipeline(context, RIGHT_DELIM)

        def body() -> None:
            self.tree.dot = self.tree.meanings[0] = value  # the block runs with the pipeline's value
            nonempty, end = self.item_list()
            if end != _END:
                self.error(f"unexpected {{{{{end}}}}} in {context}")
            self.add(name, nonempty)

        self.in_new_tree(name, body)
        return "action"

    def template_name(self, token: Token, context: str) -> str:
        if token.kind not in (STRING, RAW_STRING):
            self.unexpected(token, context)
        problem = _unquote_error(token)
        if problem:
            self.error(problem, token)
        return _unquoted(token)

    # pipelines
    def pipeline(self, context: str, end: str) -> tuple | None:
        """Go's Tree.pipeline: declarations, then commands separated by '|', then `end`.
        Returns what the pipeline's value stands for (see _ROOT)."""
        declarations = 0
        declared_at = len(self.tree.vars)
        commands: list[str] = []  # the kind of each command's first operand
        value: tuple | None = None
        while True:  # declarations (a range may declare two)
            if self.peek_non_space().kind != VARIABLE:
                break
            start = self.pos
            variable = self.next()
            following = self.peek_non_space()
            if following.kind in (ASSIGN, DECLARE):
                self.next_non_space()
                declarations += 1
                self.tree.vars.append(variable.value)
                self.tree.meanings.append(None)
                break
            if following.kind == CHAR and following.value == ",":
                self.next_non_space()
                declarations += 1
                self.tree.vars.append(variable.value)
                self.tree.meanings.append(None)
                if context == "range" and declarations < 2:
                    if self.peek_non_space().kind in (VARIABLE, RIGHT_DELIM, RIGHT_PAREN):
                        continue
                    self.error("range can only initialize variables")
                self.error(f"too many declarations in {context}")
            self.pos = start
            break
        while True:
            token = self.next_non_space()
            if token.kind == end:
                if not commands:
                    self.error(f"missing value for {context}", token)
                for stage, first in enumerate(commands[1:], start=2):
                    if first in ("bool", "dot", "nil", "number", "string"):
                        self.error(f"non executable command in pipeline stage {stage}", token)
                if len(commands) > 1:
                    value = None  # a later stage's result
                if declarations == 1:
                    self.tree.meanings[declared_at] = value
                return value
            if token.kind in _OPERAND_START:
                self.backup()
                first, value = self.command()
                commands.append(first)
            else:
                self.unexpected(token, context)

    def command(self) -> tuple[str, tuple | None]:
        """(the kind of the first operand, what the command's value stands for)."""
        first = ""
        operands: list[tuple[str, tuple | None]] = []
        while True:
            self.peek_non_space()
            start = self.pos
            operand, meaning = self.operand()
            if operand is not None:
                first = first or operand
                operands.append((self.tokens[start].value if operand == "identifier" else "", meaning))
            token = self.next()
            if token.kind == SPACE:
                continue
            if token.kind in (RIGHT_DELIM, RIGHT_PAREN):
                self.backup()
            elif token.kind != PIPE:
                self.unexpected(token, "operand")
            break
        if not first:
            self.error("empty command")
        if len(operands) == 3 and operands[0] == ("index", None) and operands[1][1] == _LABELS:
            key = operands[2][1]
            if key is not None and key[0] == "string":
                self.label_references.append(key[1])  # index $labels "name"
        return first, operands[0][1] if len(operands) == 1 else None

    def field(self, base: tuple | None, name: str) -> tuple | None:
        """What `base.name` stands for; a field of the alert's label map is a label reference."""
        if base == _ROOT and name == "Labels":
            return _LABELS
        if base == _LABELS:
            self.label_references.append(name)
        return None

    def operand(self) -> tuple[str | None, tuple | None]:
        node, meaning = self.term()
        if node is None:
            return None, None
        if self.peek().kind == FIELD:
            term = self.tokens[self.pos - 1]
            field = self.peek()
            while self.peek().kind == FIELD:
                meaning = self.field(meaning, self.next().value[1:])
            if node in ("bool", "string", "number", "nil", "dot"):
                self.error(f"unexpected . after term {_go_quote(term.value)}", field)
            if node not in ("field", "variable"):
                node = "chain"
        return node, meaning

    def term(self) -> tuple[str | None, tuple | None]:
        token = self.next_non_space()
        kind = token.kind
        if kind == IDENTIFIER:
            if token.value not in self.functions:
                self.error(f"function {_go_quote(token.value)} not defined", token)
            return "identifier", None
        if kind == DOT:
            return "dot", self.tree.dot
        if kind == "nil":
            return "nil", None
        if kind == VARIABLE:
            name = token.value.split(".", 1)[0]
            if name not in self.tree.vars:
                self.error(f"undefined variable {_go_quote(name)}", token)
            return "variable", self.tree.meaning_of(name)
        if kind == FIELD:
            return "field", self.field(self.tree.dot, token.value[1:])
        if kind == BOOL:
            return "bool", None
        if kind in (CHAR_CONSTANT, COMPLEX, NUMBER):
            problem = _number_error(token)
            if problem:
                self.error(problem, token)
            return "number", None
        if kind == LEFT_PAREN:
            self.nest()
            value = self.pipeline("parenthesized pipeline", RIGHT_PAREN)
            self.depth -= 1
            return "pipeline", value
        if kind in (STRING, RAW_STRING):
            problem = _unquote_error(token)
            if problem:
                self.error(problem, token)
            return "string", ("string", _unquoted(token))
        self.backup()
        return None, None


def _unquoted(token: Token) -> str:
    if token.kind == RAW_STRING:
        return token.value[1:-1].replace("\r", "")
    return token.value[1:-1]  # only used as a template name: escapes need not be decoded exactly


# --- entry points --------------------------------------------------------------------------------


def parse_error(
    text: str, *, name: str = "template", functions: frozenset[str] = ALERT_FUNCTIONS, variables: tuple[str, ...] = ()
) -> TemplateSyntaxError | None:
    """The error Go's text/template parser reports for `text`, or None when it parses.

    `variables` are declared before the text (as Prometheus declares $labels and $value)."""
    prefix = "".join(f"{{{{{var} := 0}}}}" for var in variables)
    tokens = _Lexer(prefix + text).run()
    parser = _Parser(tokens, functions)
    limit = sys.getrecursionlimit()
    # Each level of nesting is a few frames of this recursive-descent parser.
    sys.setrecursionlimit(max(limit, 4000 + 10 * MAX_NESTING))
    try:
        parser.parse(name)
    except _ParseError as exc:
        return TemplateSyntaxError(exc.message, exc.line)
    finally:
        sys.setrecursionlimit(limit)
    return None


def template_error(text: str) -> TemplateSyntaxError | None:
    """Why Prometheus refuses `text` as an alerting rule's label or annotation template, or None."""
    if "{{" not in text:
        return None
    return _template_error(text)


@functools.lru_cache(maxsize=65536)
def _template_error(text: str) -> TemplateSyntaxError | None:
    # Generated rule sets repeat the same few annotation templates thousands of times.
    return parse_error(text, name="__alert", variables=ALERT_VARIABLES)


# What rulefmt declares before an alert template: {{$labels := .Labels}} and ALERT_VARIABLES' others.
_ALERT_BINDINGS = (("$labels", _LABELS), ("$externalLabels", None), ("$externalURL", None), ("$value", None))


@functools.lru_cache(maxsize=65536)
def alert_label_references(text: str) -> tuple[str, ...] | None:
    """The alert's own labels `text` reads, in order, or None when it does not parse.

    Read as Go scopes them: `$labels.x`, `.Labels.x` where dot is the alert, `index $labels "x"`,
    `.x` inside {{with $labels}}, and through variables bound to those. Inside
    {{range query "..."}} (and {{with}} of a query) dot is a query result: its `.Labels` are not
    the alert's. Labels in {{define}} bodies are not counted (their dot is unknown)."""
    if "abels" not in text:
        return ()
    parser = _Parser(_Lexer(text).run(), ALERT_FUNCTIONS)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4000 + 10 * MAX_NESTING))
    try:
        parser.parse("__alert", _ALERT_BINDINGS)
    except _ParseError:
        return None
    finally:
        sys.setrecursionlimit(limit)
    return tuple(parser.label_references)


def check_alert_template(text: str) -> str:
    error = template_error(text)
    if error is not None:
        raise error
    return text
