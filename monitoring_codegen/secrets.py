"""Literal credentials in text: Slack webhooks, PagerDuty keys, cloud and API tokens, passwords.

mcg's rule is that credentials reach servers only as file or environment references
(`api_url_file`, `password_file`, `$__env{VAR}`, docker secrets). This scanner finds the
literal ones: the build runs it over every rendered artifact before writing anything
(`check_rendered`), definitions run it over their own fields (`scan_value`), and a lint
rule can wrap `scan_text` for any file.

Findings never carry the secret itself, only a redacted excerpt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from monitoring_codegen.errors import McgError


@dataclass(frozen=True)
class SecretFinding:
    kind: str          # e.g. "slack-webhook", "password"
    line: int          # 1-based
    column: int        # 1-based
    excerpt: str       # redacted: the secret's first characters only
    path: str | None = None

    def display(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.path else f"line {self.line}"
        return f"{where}: literal {self.kind} ({self.excerpt})"


# Patterns that are credentials wherever they appear. The scan makes one `bytes.find` pass
# per short marker over the lowercased text and tries the patterns only where a marker
# is (regexes that start with \b or a class cannot skip ahead, and crawl over large
# artifacts). marker -> (kind, where the pattern starts relative to the marker, pattern).
_TOKEN_MARKERS: dict[bytes, list[tuple[str, int, re.Pattern[bytes]]]] = {
    b"xox": [("slack-token", 0, re.compile(rb"\bxox[abposr]-[0-9A-Za-z-]{10,}"))],
    b"ia": [("aws-access-key-id", -2, re.compile(rb"\b(?:AKIA|ASIA|ABIA)[0-9A-Z]{16}\b"))],
    b"cca": [("aws-access-key-id", -1, re.compile(rb"\bACCA[0-9A-Z]{16}\b"))],
    b"-----begin ": [("private-key", 0, re.compile(rb"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"))],
    b"gh": [("github-token", 0, re.compile(rb"\bgh[pousr]_[A-Za-z0-9]{36,}\b"))],
    b"gl": [("grafana-token", 0, re.compile(rb"\bgl(?:sa|c)_[A-Za-z0-9+/=_]{32,}"))],
    b"sk-": [("api-key", 0, re.compile(rb"\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}"))],
    b"eyj": [("jwt", 0, re.compile(rb"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"))],
    # An Authorization header value written out; `type: Bearer` + credentials_file is fine.
    b"bearer": [("bearer-token", 0, re.compile(rb"\bBearer[ \t]+[A-Za-z0-9\-._~+/]{16,}=*"))],
}
_SLACK_WEBHOOK_RE = re.compile(rb"https://hooks\.slack(?:-gov)?\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{8,}")
# user:password@ after a `://`. A password that is a reference (${X}, $__env{X}) is skipped.
_USERINFO_RE = re.compile(rb"[^/\s:@'\"]+:([^/\s@'\"]+)@")

# Keys whose value is a credential, found by how they end (in the lowercased text):
# `client_secret`, `auth_password`, `SLACK_API_URL`. The key must end right before the
# separator, so `password_file`, `api_url_file`, `credentials_file` and `max_tokens` do not match.
_KEY_MARKERS = (b"pass", b"secret", b"key", b"token", b"credentials", b"api_url")
_KEY_ENDING_RE = re.compile(
    rb"(?:password|passwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|token|credentials|routing[_-]?key|"
    rb"service[_-]?key|integration[_-]?key|api_url)$"
)
# A credential in a URL's query string: `https://host/hook?token=...`, `?api_key=...`, `&sig=...`.
_QUERY_SECRET_RE = re.compile(
    rb"[?&](?:token|access_token|auth_token|private_token|api[_-]?key|apikey|access[_-]?key|secret|client_secret|"
    rb"password|passwd|pwd|sig|signature|x-amz-signature|key)=([^&#\s'\"<>]{6,})", re.IGNORECASE)
_KEY_END_RE = re.compile(rb"[a-z]*")  # the rest of the word after a marker (`pass` -> `password`)
_SEPARATOR_RE = re.compile(rb"""["']?[ \t]*[:=]""")
_KEY_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
# After `key:` (YAML / JSON) or `KEY =` (Python, env files): the value on the same line.
_COLON_VALUE_RE = re.compile(rb"""["']?[ \t]*:[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s#,}\]][^\n#,]*)""")
_ASSIGN_VALUE_RE = re.compile(rb"""[ \t]*=[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s#]+)""")
_ASSIGN_PREFIX_RE = re.compile(rb"^[ \t]*(?:export[ \t]+)?$")

# Values that are references or placeholders, not secrets.
_REFERENCE_RE = re.compile(
    r"""^(?:\$__(?:env|file)\{[^}]*\}|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.*\}\}|<[^>]*>|\*+|x+|"""
    r"""redacted|changeme|null|none|~|true|false|secret|file|env|/.*|\./.*|\|-?|>-?)$""",
    re.IGNORECASE,
)


def _is_reference(value: str) -> bool:
    value = value.strip()
    if not value.startswith(("\"", "'")):
        value = value.rstrip("}] ")  # the end of a flow mapping, unless a reference's own brace
        if value.count("{") > value.count("}"):
            value += "}"
    value = value.strip("\"'").strip()
    if not value:
        return True
    if _REFERENCE_RE.match(value):
        return True
    # Short numbers are counts and flags, not credentials (`max_tokens: 100`).
    return value.isdigit() and len(value) < 8


def _redact(secret: str, kind: str = "") -> str:
    secret = secret.strip().strip("\"'")
    if kind == "slack-webhook":
        return secret.split("/services/")[0].split("/workflows/")[0].split("/triggers/")[0] + "/..."
    if kind == "url-credentials":
        return secret.split("://", 1)[0] + "://" + secret.split("://", 1)[1].split(":", 1)[0] + ":***@"
    # A prefix names the kind of a long token (`xoxb...`, `AKIA...`); of a password or a key found
    # by its field name it is only a part of the secret, so those show nothing.
    if kind in _GENERIC_KINDS or kind == "url-token" or len(secret) < 16:
        return "***"
    return secret[:4] + "..."


def scan_text(text: str | bytes, path: str | None = None) -> list[SecretFinding]:
    """Every literal credential in `text`, sorted by position. Never returns the secret itself.

    Works on UTF-8 bytes (`bytes.find` is many times faster than `str.find` on non-ASCII
    text); columns count bytes."""
    data = text.encode("utf-8", errors="replace") if isinstance(text, str) else text
    found: dict[tuple[int, str], SecretFinding] = {}

    def add(kind: str, offset: int, secret: bytes) -> None:
        line_start = data.rfind(b"\n", 0, offset) + 1
        line = data.count(b"\n", 0, offset) + 1
        excerpt = _redact(secret.decode("utf-8", errors="replace"), kind)
        found.setdefault((offset, kind), SecretFinding(kind, line, offset - line_start + 1, excerpt, path))

    lowered = data.lower()  # ASCII only: same length and offsets
    for marker, candidates in _TOKEN_MARKERS.items():
        index = lowered.find(marker)
        while index != -1:
            for kind, shift, pattern in candidates:
                if index + shift >= 0:
                    match = pattern.match(data, index + shift)
                    if match:
                        add(kind, index + shift, match.group(0))
            index = lowered.find(marker, index + 1)
    index = data.find(b"://")
    while index != -1:
        slack = _SLACK_WEBHOOK_RE.match(data, index - 5) if index >= 5 else None
        if slack:
            add("slack-webhook", index - 5, slack.group(0))
        match = _USERINFO_RE.match(data, index + 3)
        if match and not _is_reference(match.group(1).decode("utf-8", errors="replace")):
            scheme_start = index
            while scheme_start > 0 and (chr(data[scheme_start - 1]).isalnum() or data[scheme_start - 1] in b"+.-"):
                scheme_start -= 1
            add("url-credentials", scheme_start, data[scheme_start:match.end()])
        url_end = index + 3
        while url_end < len(data) and data[url_end] not in b" \t\r\n'\"<>`":
            url_end += 1
        query = data.find(b"?", index, url_end)
        if query != -1:
            for param in _QUERY_SECRET_RE.finditer(data, query, url_end):
                if not _is_reference(param.group(1).decode("utf-8", errors="replace")):
                    add("url-token", param.start(1), param.group(1))
        index = data.find(b"://", index + 3)
    keys: list[tuple[int, int]] = []
    for marker in _KEY_MARKERS:
        index = lowered.find(marker)
        while index != -1:
            end = _KEY_END_RE.match(lowered, index + len(marker)).end()
            if _SEPARATOR_RE.match(data, end) and _KEY_ENDING_RE.search(lowered, max(0, end - 16), end):
                keys.append((index, end))
            index = lowered.find(marker, end if end > index else index + 1)
    consumed = 0  # a key inside an earlier value (`X: ${MY_PASSWORD:-}`) is part of that value
    for start, end in sorted(set(keys)):
        if start < consumed:
            continue
        key_start = start
        while key_start > 0 and data[key_start - 1] in _KEY_CHARS:
            key_start -= 1
        key = lowered[key_start:end].decode("ascii", errors="replace")
        value_match = _COLON_VALUE_RE.match(data, end)
        if value_match is None:
            # `=` only where an assignment starts a line: PromQL's {token="x"} is no credential.
            line_start = data.rfind(b"\n", 0, key_start) + 1
            if not _ASSIGN_PREFIX_RE.match(data[line_start:key_start]):
                continue
            value_match = _ASSIGN_VALUE_RE.match(data, end)
            if value_match is None:
                continue
        value = value_match.group(1).decode("utf-8", errors="replace")
        consumed = value_match.end()
        if _is_reference(value):
            continue
        kind = _kind_of_key(key)
        if kind == "webhook-url" and not value.strip("\"' ").lower().startswith(("http://", "https://")):
            continue
        add(kind, value_match.start(1), value_match.group(1))
    # One credential reported once: a Slack URL under `api_url:` is a slack-webhook, not also a key.
    specific_lines = {f.line for f in found.values() if f.kind not in _GENERIC_KINDS}
    kept = [f for f in found.values() if f.kind not in _GENERIC_KINDS or f.line not in specific_lines]
    return sorted(kept, key=lambda f: (f.line, f.column, f.kind))


_GENERIC_KINDS = {"password", "token", "key", "credentials", "webhook-url"}


def _kind_of_key(key: str) -> str:
    if "pass" in key:
        return "password"
    if "token" in key:
        return "token"
    if "credentials" in key:
        return "credentials"
    if key.endswith("api_url"):
        return "webhook-url"
    if "secret" in key:
        return "password"
    return "key"


def _flatten(value: Any, key: str | None, out: list[str]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, str(k), out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _flatten(item, key, out)
    elif value is not None and not isinstance(value, bool):
        lines = str(value).split("\n")
        # The key gives context ("password: x"); a multi-line value keeps it on its first line.
        out.append(f"{key}: {lines[0]}" if key is not None else lines[0])
        out.extend(lines[1:])


def scan_value(value: Any, path: str | None = None) -> list[SecretFinding]:
    """Literal credentials in a nested structure of dicts, lists and scalars (a definition's
    fields, a dashboard's JSON). Line numbers count the flattened `key: value` lines."""
    lines: list[str] = []
    _flatten(value, None, lines)
    return scan_text("\n".join(lines), path)


def check_credential_file(value: str | None, field: str) -> str | None:
    """A `*_file` field's value: a path, never the credential itself pasted in by mistake.

    The message never repeats the value: what was pasted may well be the secret."""
    if value is None:
        return value
    example = f"e.g. /run/secrets/{field.removesuffix('_file')}"
    stripped = value.strip()
    if not stripped or "\n" in value or "://" in value or scan_text(value):
        raise ValueError(f"{field} must be the path of a file holding the credential ({example}); "
                         "the value given looks like the credential itself or a URL, not a path")
    if "/" not in stripped or any(c.isspace() for c in stripped):
        # A bare word is far more often a pasted key than a file beside the config.
        raise ValueError(f"{field} must be the path of a file holding the credential ({example}): "
                         "an absolute path, or a relative one with a folder, without spaces")
    return value


def scan_rendered(rendered: Mapping[str, bytes]) -> list[SecretFinding]:
    findings: list[SecretFinding] = []
    for path, content in rendered.items():
        findings.extend(scan_text(content, path))
    return findings


class SecretsInArtifacts(McgError):
    """Rendered artifacts hold literal credentials: nothing is written (exit 2)."""

    def __init__(self, findings: Iterable[SecretFinding]) -> None:
        self.findings = list(findings)
        super().__init__(self.format())

    def format(self, root=None) -> str:
        lines = [f"error: {f.display()}: credentials must be file or environment references "
                 "(*_file fields, $__env{VAR}, docker secrets); nothing was written" for f in self.findings]
        return "\n".join(lines)


def check_rendered(rendered: Mapping[str, bytes]) -> None:
    """Raise SecretsInArtifacts when any rendered artifact holds a literal credential."""
    findings = scan_rendered(rendered)
    if findings:
        raise SecretsInArtifacts(findings)


# Definition kinds whose fields reach server configs or Grafana, scanned as a whole.
_SCANNED_KINDS = ("Datasource", "Environment", "AlertRouting")


def check_definitions(model) -> list:
    """DefinitionErrors for literal credentials in datasources, environments and routing.

    Those definitions validate their credential fields when created; this catches a
    credential typed into any other field (a json_data entry, a header, a URL)."""
    errors = []
    for kind in _SCANNED_KINDS:
        for definition in model.of(kind):
            exclude = {"secure_json_data"} if kind == "Datasource" else None
            data = definition.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=exclude)
            findings = scan_value(data)
            if findings:
                kinds = ", ".join(sorted({f.kind for f in findings}))
                errors.append(definition.error(
                    f"holds a literal credential ({kinds}: {', '.join(f.excerpt for f in findings)}); "
                    "use a file or environment reference (*_file fields, $__env{VAR}, $__file{path})"))
    return errors
