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

from .errors import McgError


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


# Patterns that are credentials wherever they appear.
_TOKEN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("slack-webhook", re.compile(r"https://hooks\.slack(?:-gov)?\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{8,}")),
    ("slack-token", re.compile(r"\bxox[abposr]-[0-9A-Za-z-]{10,}")),
    ("aws-access-key-id", re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b")),
    ("private-key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
    ("github-token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")),
    ("grafana-token", re.compile(r"\bgl(?:sa|c)_[A-Za-z0-9+/=_]{32,}")),
    ("api-key", re.compile(r"\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}")),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")),
    # An Authorization header value written out; `type: Bearer` + credentials_file is fine.
    ("bearer-token", re.compile(r"\bBearer[ \t]+[A-Za-z0-9\-._~+/]{16,}=*")),
    # user:password@ in a URL. A password that is a reference (${X}, $__env{X}) is skipped below.
    ("url-credentials", re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:([^/\s@'\"]+)@", re.IGNORECASE)),
]

# Keys whose value is a credential. `password_file`, `api_url_file`, `credentials_file`
# do not match: the key must end right before the separator.
_SECRET_KEY = (
    r"[A-Za-z0-9_.-]*?(?:password|passwd|secret|api_?key|access_?key|private_?key|auth_?token|"
    r"bearer_?token|access_?token|token|credentials|routing_?key|service_?key|integration_?key|api_url)"
)
# YAML / JSON: `password: x`, `"password": "x"`.
_KEY_COLON_RE = re.compile(
    r"""(?P<key>["']?(?<![A-Za-z0-9_])""" + _SECRET_KEY + r"""["']?)[ \t]*:[ \t]*(?P<value>"[^"\n]*"|'[^'\n]*'|[^\s#,}\]][^\n#,]*)""",
    re.IGNORECASE,
)
# Python / env files: `PASSWORD = "x"`, `API_KEY=x` at the start of a line. Label matchers
# in PromQL (`{token="x"}`) are not at the start of a line, so they do not match.
_KEY_ASSIGN_RE = re.compile(
    r"""^[ \t]*(?:export[ \t]+)?(?P<key>""" + _SECRET_KEY + r""")[ \t]*=[ \t]*(?P<value>"[^"\n]*"|'[^'\n]*'|[^\s#]+)""",
    re.IGNORECASE | re.MULTILINE,
)

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
    return (secret[:4] + "...") if len(secret) > 4 else "***"


def _line_col(text: str, offset: int, line_starts: list[int]) -> tuple[int, int]:
    import bisect

    index = bisect.bisect_right(line_starts, offset) - 1
    return index + 1, offset - line_starts[index] + 1


def scan_text(text: str | bytes, path: str | None = None) -> list[SecretFinding]:
    """Every literal credential in `text`, sorted by position. Never returns the secret itself."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    # Cheap pre-check: most artifacts contain none of the trigger words.
    lowered = text.lower()
    if not any(word in lowered for word in _TRIGGERS):
        return []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: dict[tuple[int, str], SecretFinding] = {}

    def add(kind: str, offset: int, secret: str) -> None:
        line, col = _line_col(text, offset, line_starts)
        found.setdefault((offset, kind), SecretFinding(kind, line, col, _redact(secret, kind), path))

    for kind, pattern in _TOKEN_PATTERNS:
        for match in pattern.finditer(text):
            if kind == "url-credentials" and _is_reference(match.group(1)):
                continue
            add(kind, match.start(), match.group(0))
    for pattern in (_KEY_COLON_RE, _KEY_ASSIGN_RE):
        for match in pattern.finditer(text):
            value = match.group("value")
            if _is_reference(value):
                continue
            key = match.group("key").strip("\"'").lower()
            kind = _kind_of_key(key)
            if kind == "webhook-url" and not value.strip("\"' ").lower().startswith(("http://", "https://")):
                continue
            add(kind, match.start("value"), value)
    # One credential reported once: a Slack URL under `api_url:` is a slack-webhook, not also a key.
    specific_lines = {f.line for f in found.values() if f.kind not in _GENERIC_KINDS}
    kept = [f for f in found.values() if f.kind not in _GENERIC_KINDS or f.line not in specific_lines]
    return sorted(kept, key=lambda f: (f.line, f.column, f.kind))


_GENERIC_KINDS = {"password", "token", "key", "credentials", "webhook-url"}
_TRIGGERS = (
    "hooks.slack", "xox", "akia", "asia", "abia", "acca", "private key", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
    "glsa_", "glc_", "sk-", "eyj", "bearer", "@", "password", "passwd", "secret", "key", "token",
    "credentials", "api_url",
)


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
