"""Literal credentials in text: webhook URLs, PagerDuty keys, cloud and API tokens, passwords.

mcg's rule is that credentials reach servers only as file or environment references
(`api_url_file`, `password_file`, `$__env{VAR}`, docker secrets). This scanner finds the
literal ones: the build runs it over every rendered artifact before writing anything and traces
what it finds back to the definition holding it, reported once at the user's file:line
(`check_build`; `check_rendered` alone reports per artifact, one line per distinct secret);
definitions run it over their own fields when created (`scan_value`), a lint rule wraps it for
any file, and every error message mcg prints passes through `redact`.

Why not Yelp's detect-secrets: measured on tests/unit/test_secrets_detection.py's table it
catches 27 of the 50 credentials (no Discord, Teams, Telegram-URL or token-in-webhook-path
rule, no hex key in prose, no AWS secret outside quotes), flags 6 of the look-alikes and the
md5 dashboard uids of kube-prometheus (8 corpus files), and scans ~17 s/MB. A few of its
plugins' token shapes (Stripe, SendGrid, GitLab, npm, PyPI, Azure storage, Telegram;
Apache-2.0) are used here.

Findings never carry the secret itself, only a redacted excerpt.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, overload

from monitoring_codegen.errors import McgError


@dataclass(frozen=True)
class SecretFinding:
    kind: str  # e.g. "slack-webhook", "password"
    line: int  # 1-based
    column: int  # 1-based
    excerpt: str  # redacted: the secret's first characters only
    path: str | None = None
    # Where the secret is in the scanned bytes (for `redact`) and a digest that tells one secret
    # found in several files from several secrets. Neither reveals the secret.
    offset: int = field(default=-1, compare=False, repr=False)
    length: int = field(default=0, compare=False, repr=False)
    digest: str = field(default="", compare=False, repr=False)

    def display(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.path else f"line {self.line}"
        return f"{where}: literal {self.kind} ({self.excerpt})"


# --- the one pass -------------------------------------------------------------------------------
# Every rule starts at a short marker. One case-insensitive RE2 pass finds them all (RE2 runs the
# alternation as one automaton: one pass instead of a `find` per marker over the lowercased text,
# and no slower with a marker added); each hit is then checked by its own anchored pattern.
# Python's `re` runs such an alternation ~100 times slower.
# (token kind, marker, pattern matched at the marker, group holding the secret)
_TOKENS: list[tuple[str, bytes, re.Pattern[bytes], int]] = [
    ("slack-token", rb"xox[abposr]-", re.compile(rb"\bxox[abposr]-[0-9A-Za-z-]{10,}"), 0),
    # The whole block when its end is near: the body is what must not be shown.
    (
        "private-key",
        rb"-----begin ",
        re.compile(
            rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"
            rb"(?:[A-Za-z0-9+/=\s:,-]{0,16384}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----)?"
        ),
        0,
    ),
    (
        "github-token",
        rb"gh[pousr]_|github_pat_",
        re.compile(rb"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b"),
        0,
    ),
    ("grafana-token", rb"gl(?:sa|c)_", re.compile(rb"\bgl(?:sa|c)_[A-Za-z0-9+/=_]{32,}"), 0),
    (
        "gitlab-token",
        rb"gl(?:pat|ptt|dt|rt|cbt|ft|imt|soat|agent)-",
        re.compile(rb"\bgl(?:pat|ptt|dt|rt|cbt|ft|imt|soat|agent)-[A-Za-z0-9_-]{20,}"),
        0,
    ),
    ("api-key", rb"sk-", re.compile(rb"\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}"), 0),
    ("stripe-key", rb"[rs]k_(?:live|test)_", re.compile(rb"\b[rs]k_(?:live|test)_[0-9A-Za-z]{20,}"), 0),
    ("jwt", rb"eyj", re.compile(rb"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"), 0),
    # An Authorization header value written out; `type: Bearer` + credentials_file is fine.
    ("bearer-token", rb"bearer", re.compile(rb"\bBearer[ \t]+[A-Za-z0-9\-._~+/]{16,}=*"), 0),
    ("sendgrid-key", rb"sg\.", re.compile(rb"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"), 0),
    ("google-api-key", rb"aiza", re.compile(rb"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"), 0),
    ("npm-token", rb"npm_", re.compile(rb"\bnpm_[A-Za-z0-9]{36}\b"), 0),
    ("pypi-token", rb"pypi-", re.compile(rb"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"), 0),
    (
        "azure-storage-key",
        rb"(?:account|sharedaccess)key=",
        re.compile(rb"(?i:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,}={0,2})"),
        1,
    ),
]
_AWS_KEY_ID_RE = re.compile(rb"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b")
_BASIC_RE = re.compile(rb"\bBasic[ \t]+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])", re.IGNORECASE)
_TELEGRAM_RE = re.compile(rb":AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])")
# An AWS secret access key: 40 characters of base64, named by a nearby `aws..secret/key` word
# (`aws_secret_access_key wJalr...`, `AWS_SECRET_ACCESS_KEY=...`) or next to a key id.
_AWS_SECRET_NAMED_RE = re.compile(
    rb"aws[A-Za-z0-9_.\-]{0,24}?(?:secret|key|token|pass)[A-Za-z0-9_.\-]*[\"']?[ \t]*[:=]?[ \t]*[\"']?"
    rb"([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
    re.IGNORECASE,
)
_AWS_SECRET_RE = re.compile(rb"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")

# Keys whose value is a credential, found by how they end: `client_secret`, `auth_password`,
# `SLACK_API_URL`, `secret_key`. The key must end right before the separator, so
# `password_file`, `api_url_file`, `credentials_file` and `max_tokens` do not match.
_KEY_MARKERS = rb"pass|secret|key|token|credentials|api_url"
_KEY_ENDING_RE = re.compile(
    rb"(?:password|passwd|secret|api[_-]?key|access[_-]?key|private[_-]?key|secret[_-]?key|token|credentials|"
    rb"routing[_-]?key|service[_-]?key|integration[_-]?key|api_url)$",
    re.IGNORECASE,
)
_WORD_END_RE = re.compile(rb"[A-Za-z]*")  # the rest of the word after a marker (`pass` -> `password`)
_SEPARATOR_RE = re.compile(rb"""["']?[ \t]*[:=]""")
_KEY_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
# After `key:` (YAML / JSON) or `KEY =` (Python, env files): the value on the same line.
_COLON_VALUE_RE = re.compile(rb"""["']?[ \t]*:[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s#,}\]][^\n#,]*)""")
_ASSIGN_VALUE_RE = re.compile(rb"""[ \t]*=[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s#]+)""")
_ASSIGN_PREFIX_RE = re.compile(rb"^[ \t]*(?:export[ \t]+)?$")

_MARKERS = [
    rb"[0-9a-f]{32,}",  # 1: a bare hex key (PagerDuty integration keys)
    rb"://",  # 2: URLs: credentials, webhook tokens
    _KEY_MARKERS,  # 3: `password: x`
    rb"a[ksb]ia|acca",  # 4: AWS key id (and the secret beside it)
    rb"aws",  # 5: an AWS secret named by its key
    rb"basic",  # 6: `Authorization: Basic <base64 user:password>`
    rb":aa",  # 7: a Telegram bot token
    *(marker for _, marker, _, _ in _TOKENS),  # 8...: prefixed tokens
]
_FIRST_TOKEN_GROUP = 8


def _compile_markers():
    pattern = b"|".join(b"(" + marker + b")" for marker in _MARKERS)
    try:
        import re2
    except ImportError:  # pragma: no cover - google-re2 is a dependency; `re` is correct, only slower
        return re.compile(pattern, re.IGNORECASE)
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = 64 << 20
    return re2.compile(pattern, options)


_MARKER_RE = _compile_markers()

# --- URLs ---------------------------------------------------------------------------------------
_SLACK_WEBHOOK_RE = re.compile(
    rb"https://hooks\.slack(?:-gov)?\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{8,}"
)
# user:password@ after a `://`. A password that is a reference (${X}, $__env{X}) is skipped.
_USERINFO_RE = re.compile(rb"[^/\s:@'\"]+:([^/\s@'\"]+)@")
# A credential in a URL's query string: `https://host/hook?token=...`, `?api_key=...`, `&sig=...`.
_QUERY_SECRET_RE = re.compile(
    rb"[?&](?:token|access_token|auth_token|private_token|api[_-]?key|apikey|access[_-]?key|secret|client_secret|"
    rb"password|passwd|pwd|sig|signature|x-amz-signature|key)=([^&#\s'\"<>]{6,})",
    re.IGNORECASE,
)
_URL_END = frozenset(b" \t\r\n'\"<>`\\")
_DISCORD_HOSTS = {
    b"discord.com",
    b"discordapp.com",
    b"canary.discord.com",
    b"ptb.discord.com",
    b"canary.discordapp.com",
    b"ptb.discordapp.com",
}
_DISCORD_PATH_RE = re.compile(rb"/api/(?:v\d+/)?webhooks/\d+/[A-Za-z0-9_-]{16,}")
_TEAMS_PATH_RE = re.compile(rb"/IncomingWebhook/[0-9a-f]{32}/", re.IGNORECASE)
_TELEGRAM_PATH_RE = re.compile(rb"/bot\d+:[A-Za-z0-9_-]{20,}")
# Slack's webhook shape on another host (a proxy, Mattermost's Slack-compatible hooks).
_SLACK_SHAPED_PATH_RE = re.compile(rb"/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9]{8,}")
# Path segments after which a random-looking segment is the webhook's token.
_HOOK_SEGMENTS = {b"hook", b"hooks", b"webhook", b"webhooks", b"webhookb2", b"integrations"}
_UUID_RE = re.compile(rb"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_URL_KINDS = {"slack-webhook", "discord-webhook", "teams-webhook", "telegram-bot-token", "webhook-token"}

# --- bare hex keys ------------------------------------------------------------------------------
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_TOKEN_DELIMITERS = frozenset(b" \t\r\n'\"`()[]{}<>,|;")
# The name a value is given on its line: `key: v`, `"key": "v`, PromQL's `label="v`.
_CONTEXT_KEY_RE = re.compile(rb"([A-Za-z_][A-Za-z0-9_.\-/]*)[\"']?[ \t]*(?:=~|!~|!=|=|:)")
_PREVIOUS_WORD_RE = re.compile(rb"([A-Za-z_][A-Za-z0-9_]*)[\"' \t:=#]*$")
# A 32-hex value under a name with one of these words (or right after one) is an id or a digest,
# not a key: dashboard uids are md5s (kube-prometheus), trace ids, checksums, version hashes.
_ID_WORDS = frozenset(
    b"id ids uid uuid guid hash checksum digest sha sha1 sha256 md5 fingerprint etag commit "
    b"revision version trace span dashboard panel datasource folder".split()
)
_NAME_WORD_RE = re.compile(rb"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")  # `datasourceUid` -> datasource, Uid


def _is_identifier_name(name: bytes) -> bool:
    words = [word.lower() for word in _NAME_WORD_RE.findall(name)]
    return any(word in _ID_WORDS or word.endswith((b"id", b"ids")) for word in words)


# Values that are references or placeholders, not secrets.
_REFERENCE_RE = re.compile(
    r"""^(?:\$__(?:env|file)\{[^}]*\}|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.*\}\}|<[^>]*>|\*+|x+|"""
    r"""redacted|changeme|null|none|~|true|false|secret|file|env|/.*|\./.*|\|-?|>-?)$""",
    re.IGNORECASE,
)


def _is_reference(value: str) -> bool:
    value = value.strip()
    if not value.startswith(('"', "'")):
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
    if kind in _URL_KINDS and "://" in secret:  # the host says which integration; the path holds the token
        scheme, _, rest = secret.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}/..."
    if kind == "url-credentials":
        return secret.split("://", 1)[0] + "://" + secret.split("://", 1)[1].split(":", 1)[0] + ":***@"
    # A prefix names the kind of a long token (`xoxb...`, `AKIA...`); of a password, a key found by
    # its field name or a token without a prefix (hex keys, AWS secrets) it is a part of the secret.
    if kind in _GENERIC_KINDS or kind in _UNPREFIXED_KINDS or len(secret) < 16:
        return "***"
    return secret[:4] + "..."


_GENERIC_KINDS = {"password", "token", "key", "credentials", "webhook-url"}
_UNPREFIXED_KINDS = {
    "url-token",
    "hex-key",
    "aws-secret-access-key",
    "basic-auth",
    "azure-storage-key",
    "telegram-bot-token",
}


_IDENTIFIER_WORD_RE = re.compile(r"[a-z][a-z_-]{0,15}")


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


def _looks_random(segment: bytes) -> bool:
    """A URL path segment that is a generated token, not a word: long, and switching between
    letters, digits and case far more often than names do (`prometheus-alerts-v2` does not)."""
    if _UUID_RE.fullmatch(segment):
        return True
    if len(segment) < 16 or len(segment) > 256:
        return False
    switches, previous = 0, None
    for byte in segment:
        cls = 0 if 48 <= byte <= 57 else 1 if 97 <= byte <= 122 else 2 if 65 <= byte <= 90 else 3
        if cls == 3:  # `-`, `_`, `.`: words joined, judged one by one
            return any(_looks_random(part) for part in re.split(rb"[-_.~]", segment) if part != segment)
        switches += previous is not None and cls != previous
        previous = cls
    return switches >= max(5, len(segment) // 6)


def _aws_secret_shaped(secret: bytes) -> bool:
    return (
        not secret.startswith(b"/")
        and any(65 <= b <= 90 for b in secret)
        and any(97 <= b <= 122 for b in secret)
        and any(48 <= b <= 57 for b in secret)
    )


def _hex_key_context_is_id(data: bytes, start: int, end: int, line_start: int) -> bool:
    """Whether a bare 32-hex value is an identifier by where it stands: in a URL or path, as a
    mapping key, or under/after a name such as `uid`, `traceID`, `checksum/config`, `Dashboard`."""
    if end < len(data) and data[end] == 0x2F:  # `<hex>/`: a path segment
        return True
    after = data[end : end + 4].lstrip(b"\"' \t")
    if after.startswith(b":") and not after.startswith(b"://"):  # `"<hex>": {...}`: a mapping key
        return True
    token_start = start
    while token_start > max(line_start, start - 300) and data[token_start - 1] not in _TOKEN_DELIMITERS:
        token_start -= 1
    if b"/" in data[token_start:start]:  # `/d/<uid>`, `https://host/x?var=<hex>`
        return True
    prefix = data[max(line_start, start - 300) : start]
    key = None
    for key in _CONTEXT_KEY_RE.finditer(prefix):  # noqa: B007 - the last key before the value
        pass
    if key is not None and _is_identifier_name(key.group(1)):
        return True
    previous = _PREVIOUS_WORD_RE.search(prefix)
    return bool(previous and _is_identifier_name(previous.group(1)))


def _hex_key_shaped(value: bytes) -> bool:
    # Random hex: both letters and digits, many distinct characters (not 000..., not deadbeef*4).
    return len(set(value.lower())) >= 8 and any(b >= 0x41 for b in value) and any(b <= 0x39 for b in value)


def _scan(data: bytes) -> Iterator[tuple[str, int, bytes, int]]:
    """Every raw finding: (kind, offset, secret, index of the key's value span or -1)."""
    if b"\\" in data:
        # JSON's `\n`, `\t` escapes (a text panel's markdown) end a word as the characters do; two
        # spaces keep every offset.
        data = data.replace(b"\\n", b"  ").replace(b"\\t", b"  ").replace(b"\\r", b"  ")
    keys: list[tuple[int, int]] = []
    tokens = _TOKENS
    for marker in _MARKER_RE.finditer(data):
        group = marker.lastindex
        index = marker.start()
        if group == 1:
            end = marker.end()
            if end - index != 32:
                continue
            before = data[index - 1] if index else 0x20
            if before in _WORD or before in b".-":
                continue
            if end < len(data) and data[end] in _WORD:
                continue
            value = data[index:end]
            if not _hex_key_shaped(value):
                continue
            line_start = data.rfind(b"\n", 0, index) + 1
            if not _hex_key_context_is_id(data, index, end, line_start):
                yield "hex-key", index, value, -1
        elif group == 2:
            yield from _scan_url(data, index)
        elif group == 3:
            word_end = _WORD_END_RE.match(data, marker.end())
            assert word_end is not None  # `[A-Za-z]*` matches, empty if need be, at any position
            end = word_end.end()
            if _SEPARATOR_RE.match(data, end) and _KEY_ENDING_RE.search(data, max(0, end - 16), end):
                keys.append((index, end))
        elif group == 4:
            match = _AWS_KEY_ID_RE.match(data, index)
            if match:
                yield "aws-access-key-id", index, match.group(0), -1
                line_end = data.find(b"\n", match.end())
                window_end = min(match.end() + 120, line_end if line_end != -1 else len(data))
                secret = _AWS_SECRET_RE.search(data, match.end(), window_end)
                if secret and _aws_secret_shaped(secret.group(0)):
                    yield "aws-secret-access-key", secret.start(), secret.group(0), -1
        elif group == 5:
            match = _AWS_SECRET_NAMED_RE.match(data, index)
            if match and _aws_secret_shaped(match.group(1)):
                yield "aws-secret-access-key", match.start(1), match.group(1), -1
        elif group == 6:
            match = _BASIC_RE.match(data, index)
            if match:
                try:
                    decoded = base64.b64decode(match.group(1), validate=True)
                except (binascii.Error, ValueError):
                    decoded = b""
                if b":" in decoded and decoded.isascii() and decoded.decode("ascii").isprintable():
                    yield "basic-auth", match.start(1), match.group(1), -1
        elif group == 7:
            match = _TELEGRAM_RE.match(data, index)
            if match:
                start = index
                while start > 0 and 48 <= data[start - 1] <= 57:
                    start -= 1
                if 8 <= index - start <= 10 and (start == 0 or data[start - 1] not in _WORD):
                    yield "telegram-bot-token", start, data[start : match.end()], -1
        else:
            kind, _, pattern, secret_group = tokens[group - _FIRST_TOKEN_GROUP]
            match = pattern.match(data, index)
            if match:
                yield kind, match.start(secret_group), match.group(secret_group), -1
    yield from _scan_keys(data, keys)


def _scan_url(data: bytes, index: int) -> Iterator[tuple[str, int, bytes, int]]:
    scheme_start = index
    while scheme_start > 0 and (chr(data[scheme_start - 1]).isalnum() or data[scheme_start - 1] in b"+.-"):
        scheme_start -= 1
    url_end = index + 3
    while url_end < len(data) and data[url_end] not in _URL_END:
        url_end += 1
    slack = _SLACK_WEBHOOK_RE.match(data, index - 5) if index >= 5 else None
    if slack:
        yield "slack-webhook", index - 5, slack.group(0), -1
    match = _USERINFO_RE.match(data, index + 3)
    if match and not _is_reference(match.group(1).decode("utf-8", errors="replace")):
        yield "url-credentials", scheme_start, data[scheme_start : match.end()], -1
    query = data.find(b"?", index, url_end)
    if query != -1:
        for param in _QUERY_SECRET_RE.finditer(data, query, url_end):
            if not _is_reference(param.group(1).decode("utf-8", errors="replace")):
                yield "url-token", param.start(1), param.group(1), -1
    if slack:
        return
    path_start = index + 3
    while path_start < url_end and data[path_start] not in b"/?#":
        path_start += 1
    path_end = path_start
    while path_end < url_end and data[path_end] not in b"?#":
        path_end += 1
    if path_end - path_start < 8:
        return
    host = data[index + 3 : path_start].rsplit(b"@", 1)[-1].split(b":", 1)[0].lower()
    path = data[path_start:path_end]
    kind = None
    if host in _DISCORD_HOSTS and _DISCORD_PATH_RE.match(path):
        kind = "discord-webhook"
    elif _TEAMS_PATH_RE.search(path) or (host.endswith(b".webhook.office.com") and path.startswith(b"/webhookb2/")):
        kind = "teams-webhook"
    elif host == b"api.telegram.org" and _TELEGRAM_PATH_RE.match(path):
        kind = "telegram-bot-token"
    elif _SLACK_SHAPED_PATH_RE.search(path):
        kind = "webhook-token"
    else:
        segments = path.split(b"/")
        for position, segment in enumerate(segments):
            if segment.lower() in _HOOK_SEGMENTS and any(_looks_random(s) for s in segments[position + 1 :]):
                kind = "webhook-token"
                break
    if kind:
        yield kind, scheme_start, data[scheme_start:path_end], -1


def _scan_keys(data: bytes, keys: list[tuple[int, int]]) -> Iterator[tuple[str, int, bytes, int]]:
    consumed = 0  # a key inside an earlier value (`X: ${MY_PASSWORD:-}`) is part of that value
    for start, end in sorted(set(keys)):
        if start < consumed:
            continue
        key_start = start
        while key_start > 0 and data[key_start - 1] in _KEY_CHARS:
            key_start -= 1
        key = data[key_start:end].lower().decode("ascii", errors="replace")
        value_match = _COLON_VALUE_RE.match(data, end)
        if value_match is None:
            # `=` only where an assignment starts a line: PromQL's {token="x"} is no credential.
            line_start = data.rfind(b"\n", 0, key_start) + 1
            if not _ASSIGN_PREFIX_RE.match(data, line_start, key_start):
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
        # `routing_key: myteam` (sloth's example ticket label) names a team: a key a service
        # issues has digits, mixed case or length; a short lowercase word is an identifier.
        if kind == "key" and _IDENTIFIER_WORD_RE.fullmatch(value.strip("\"' ")):
            continue
        yield kind, value_match.start(1), value_match.group(1), value_match.end(1)


def _digest(secret: bytes) -> str:
    return hashlib.blake2b(secret.strip(b"\"' "), digest_size=8).hexdigest()


def _declared_uids(model) -> Iterator[str]:
    for definition in (*getattr(model, "dashboards", ()), *getattr(model, "datasources", ())):
        uid = getattr(definition, "uid", None)
        if uid:
            yield uid


def _findings(data: bytes, path: str | None, raw: Iterable[tuple[str, int, bytes, int]]) -> list[SecretFinding]:
    found: dict[tuple[int, str], SecretFinding] = {}
    for kind, offset, secret, _ in raw:
        line_start = data.rfind(b"\n", 0, offset) + 1
        line = data.count(b"\n", 0, offset) + 1
        excerpt = _redact(secret.decode("utf-8", errors="replace"), kind)
        digest = _digest(secret)
        found.setdefault(
            (offset, kind),
            SecretFinding(kind, line, offset - line_start + 1, excerpt, path, offset, len(secret), digest),
        )
    return list(found.values())


def scan_text(text: str | bytes, path: str | None = None) -> list[SecretFinding]:
    """Every literal credential in `text`, sorted by position. Never returns the secret itself.

    Works on UTF-8 bytes (`bytes.find` is many times faster than `str.find` on non-ASCII
    text); columns count bytes."""
    data = text.encode("utf-8", errors="replace") if isinstance(text, str) else text
    raw = list(_scan(data))
    # One credential reported once: a Slack URL under `api_url:` is a slack-webhook, not also a
    # key; a hex key under `routing_key:` is that key.
    key_values = [(offset, value_end) for _, offset, _, value_end in raw if value_end != -1]
    raw = [item for item in raw if item[0] != "hex-key" or not any(start <= item[1] < end for start, end in key_values)]
    found = _findings(data, path, raw)
    specific_lines = {f.line for f in found if f.kind not in _GENERIC_KINDS}
    kept = [f for f in found if f.kind not in _GENERIC_KINDS or f.line not in specific_lines]
    return sorted(kept, key=lambda f: (f.line, f.column, f.kind))


def redact(text: str) -> str:
    """`text` with every literal credential replaced by its redacted excerpt (for messages).

    A `name: value` whose value is unquoted words (`routing_key: Input should be a valid
    string`) is a message about a field, not a password: left as it is."""
    data = text.encode("utf-8", errors="replace")
    spans = []
    for kind, offset, secret, _ in _scan(data):
        if kind in _GENERIC_KINDS and not secret.startswith((b'"', b"'")) and b" " in secret.strip():
            continue
        spans.append((offset, offset + len(secret), _redact(secret.decode("utf-8", errors="replace"), kind)))
    if not spans:
        return text
    parts, position = [], 0
    for start, end, excerpt in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < position:  # inside a span already replaced: extend it
            position = max(position, end)
            continue
        parts += [data[position:start], excerpt.encode()]
        position = end
    parts.append(data[position:])
    return b"".join(parts).decode("utf-8", errors="replace")


def _flatten(value: Any, key: str | None, out: list[str], where: list[str] | None = None, path: str = "") -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, str(k), out, where, f"{path}.{k}" if path else str(k))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _flatten(item, key, out, where, f"{path}[{i}]")
    elif value is not None and not isinstance(value, bool):
        lines = str(value).split("\n")
        # The key gives context ("password: x"); a multi-line value keeps it on its first line.
        out.append(f"{key}: {lines[0]}" if key is not None else lines[0])
        out.extend(lines[1:])
        if where is not None:
            where.extend([path] * len(lines))


def scan_value(value: Any, path: str | None = None) -> list[SecretFinding]:
    """Literal credentials in a nested structure of dicts, lists and scalars (a definition's
    fields, a dashboard's JSON). Line numbers count the flattened `key: value` lines."""
    lines: list[str] = []
    _flatten(value, None, lines)
    return scan_text("\n".join(lines), path)


def scan_fields(value: Any) -> list[tuple[str, SecretFinding]]:
    """Like scan_value, each finding with the field it is in (`annotations.description`,
    `panels[3].options.content`)."""
    lines: list[str] = []
    where: list[str] = []
    _flatten(value, None, lines, where)
    return [(where[f.line - 1], f) for f in scan_text("\n".join(lines))]


@overload
def check_credential_file(value: str, field: str) -> str: ...
@overload
def check_credential_file(value: None, field: str) -> None: ...
@overload
def check_credential_file(value: str | None, field: str) -> str | None: ...
def check_credential_file(value: str | None, field: str) -> str | None:
    """A `*_file` field's value: a path, never the credential itself pasted in by mistake.

    The message never repeats the value: what was pasted may well be the secret."""
    if value is None:
        return value
    example = f"e.g. /run/secrets/{field.removesuffix('_file')}"
    stripped = value.strip()
    if not stripped or "\n" in value or "://" in value or scan_text(value):
        raise ValueError(
            f"{field} must be the path of a file holding the credential ({example}); "
            "the value given looks like the credential itself or a URL, not a path"
        )
    if "/" not in stripped or any(c.isspace() for c in stripped):
        # A bare word is far more often a pasted key than a file beside the config.
        raise ValueError(
            f"{field} must be the path of a file holding the credential ({example}): "
            "an absolute path, or a relative one with a folder, without spaces"
        )
    return value


def scan_rendered(rendered: Mapping[str, bytes]) -> list[SecretFinding]:
    findings: list[SecretFinding] = []
    for path, content in rendered.items():
        findings.extend(scan_text(content, path))
    return findings


_HINT = "credentials must be file or environment references (*_file fields, $__env{VAR}, $__file{path}, docker secrets)"
_SHOWN_PLACES = 6


class SecretsInArtifacts(McgError):
    """Rendered artifacts hold literal credentials: nothing is written (exit 2).

    One line per distinct secret, however many artifacts hold it (a rule's annotation lands in
    the rule file, each environment's copy, the PrometheusRule and Mimir's), after the errors of
    the definitions they were traced back to, if any."""

    def __init__(self, findings: Iterable[SecretFinding], definition_errors: Iterable = ()) -> None:
        self.findings = list(findings)
        self.definition_errors = list(definition_errors)
        super().__init__(self.format())

    def groups(self) -> list[list[SecretFinding]]:
        by_secret: dict[tuple[str, str], list[SecretFinding]] = {}
        for finding in self.findings:
            by_secret.setdefault((finding.kind, finding.digest or finding.display()), []).append(finding)
        return list(by_secret.values())

    def format(self, root=None) -> str:
        lines = [error.format(root) for error in self.definition_errors]
        for group in self.groups():
            places = [f"{f.path}:{f.line}:{f.column}" if f.path else f"line {f.line}" for f in group]
            also = ""
            if len(places) > 1:
                also = f", also in {', '.join(places[1:_SHOWN_PLACES])}"
                if len(places) > _SHOWN_PLACES:
                    also += f" and {len(places) - _SHOWN_PLACES} more"
            lines.append(
                f"error: {places[0]}: literal {group[0].kind} ({group[0].excerpt}){also}: {_HINT}; nothing was written"
            )
        return "\n".join(lines)


def check_rendered(rendered: Mapping[str, bytes]) -> None:
    """Raise SecretsInArtifacts when any rendered artifact holds a literal credential."""
    findings = scan_rendered(rendered)
    if findings:
        raise SecretsInArtifacts(findings)


def check_build(model, rendered: Mapping[str, bytes]) -> None:
    """The build's check, before anything is written: no literal credential in any artifact.

    A credential found is traced back to the definition that holds it and reported there, once,
    at the user's file:line (DefinitionErrors); what no definition explains (a template, a value
    built at render time) is reported per artifact, one line per distinct secret. The artifacts
    are scanned in one fast pass; the definitions only when that pass finds something."""
    findings = scan_rendered(rendered)
    if findings:
        # A dashboard's or datasource's uid is an identifier by what it is (it is in every link
        # to it), however random it looks: imported mixins use 32-hex uids, which out/docs quotes.
        public = {_digest(str(uid).encode()) for uid in _declared_uids(model)}
        findings = [finding for finding in findings if finding.digest not in public]
    if not findings:
        return
    from monitoring_codegen.errors import DefinitionErrors

    traced = definition_findings(model)
    errors = [_definition_error(definition, found) for definition, found in traced]
    explained = {finding.digest for _, found in traced for _, finding in found}
    rest = [finding for finding in findings if finding.digest not in explained]
    if errors and not rest:
        raise DefinitionErrors(errors)
    raise SecretsInArtifacts(rest, errors)


# --- definitions ---------------------------------------------------------------------------------
# Fields not scanned: a datasource's secure_json_data holds references, checked where declared.
_SKIPPED_FIELDS = {"Datasource": {"secure_json_data"}}


def _top_level_definitions(model) -> Iterator[Any]:
    from monitoring_codegen.model.definition import Definition

    lists = [getattr(model, f.name) for f in dataclasses.fields(model)] if dataclasses.is_dataclass(model) else []
    items = getattr(model, "items", None)
    if isinstance(items, dict):
        lists += list(items.values())
    for value in lists:
        if isinstance(value, list):
            yield from (d for d in value if isinstance(d, Definition))


def _own_fields(definition) -> dict[str, Any]:
    """A definition's fields as given (a dashboard's board as its JSON), less the skipped ones."""
    skipped = _SKIPPED_FIELDS.get(definition.kind, ())
    fields = {name: getattr(definition, name, None) for name in type(definition).model_fields if name not in skipped}
    if "board" in fields and hasattr(definition, "raw_json"):
        del fields["board"]  # a dashboard: its JSON, as the panels give it (`panels[2].options.content`)
        return {**definition.raw_json(), **fields}
    return fields


def _as_data(value: Any, nested: list) -> Any:
    """orjson's fallback for what it cannot write: a definition inside another is scanned (and
    reported) on its own; other models as their data; anything else as its text."""
    from pydantic import BaseModel

    from monitoring_codegen.model.definition import Definition

    if isinstance(value, Definition):
        nested.append(value)
        return None
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def _plain(value: Any, nested: list) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v, nested) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, nested) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return _plain(_as_data(value, nested), nested)


def definition_findings(model) -> list[tuple[Any, list[tuple[str, SecretFinding]]]]:
    """Definitions holding a literal credential in any of their fields, each with its findings
    and the field they are in (`annotations.description`, `panels[3].options.content`).

    Each definition is scanned on its own (a rule apart from its group, an integration apart from
    its receiver), so a credential is named where it was written. One pass: every definition's
    fields as one JSON line, scanned together; only the definitions found are looked at again,
    field by field."""
    import orjson

    definitions, lines = [], []
    seen: set[int] = set()
    pending = deque(_top_level_definitions(model))
    while pending:
        definition = pending.popleft()
        if id(definition) in seen:
            continue
        seen.add(id(definition))
        nested: list = []
        text = orjson.dumps(
            _own_fields(definition),
            default=lambda value: _as_data(value, nested),  # noqa: B023 - called within this iteration
            option=orjson.OPT_NON_STR_KEYS,
        )
        pending.extend(nested)
        definitions.append(definition)
        lines.append(text)
    flagged: dict[int, list[SecretFinding]] = {}
    for finding in scan_text(b"\n".join(lines)):
        flagged.setdefault(finding.line - 1, []).append(finding)
    result = []
    for index, quick in sorted(flagged.items()):
        definition = definitions[index]
        fields = scan_fields(_plain(_own_fields(definition), []))
        result.append((definition, fields or [("", finding) for finding in quick]))
    return result


def _definition_error(definition, findings: list[tuple[str, SecretFinding]]):
    what = ", ".join(f"literal {f.kind} ({f.excerpt})" + (f" in {where}" if where else "") for where, f in findings)
    return definition.error(f"{what}: {_HINT}; nothing was written")


def check_definitions(model) -> list:
    """One DefinitionError per definition holding a literal credential, at the user's file:line,
    naming the field: an annotation, a label, a panel's text, a receiver's field, a header."""
    return [_definition_error(definition, findings) for definition, findings in definition_findings(model)]
