"""Alertmanager routing declared in Python: receivers, the route tree, inhibit rules, routing tests.

Credentials only as files: Slack `api_url_file`, PagerDuty `routing_key_file`, email
`auth_password_file`, webhook `bearer_token_file` / basic auth `password_file`
(Alertmanager does not expand environment variables in its configuration, so a file is
the only reference it understands). A literal webhook URL, key or password is rejected
where it is declared, naming the definition and its file:line.

Targets Alertmanager 0.25 (Debian bookworm), the oldest version the output is checked
against: webhook `url_file` arrived in 0.26 and is therefore not offered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, Field, field_validator, model_validator

from monitoring_codegen.model.definition import Definition
from monitoring_codegen.model.fields import Duration, GroupBy, LabelMap, RegexMatcherMap
from monitoring_codegen.model.names import validate_label_name

_FILE_HINT = "put the value in a file (a Kubernetes or docker secret) and reference it with {field}"


def _reject_literal(value: str | None, field: str, file_field: str) -> None:
    if value is not None:
        raise ValueError(f"{field} is a literal credential; {_FILE_HINT.format(field=file_field + '=...')}")


def _check_path(value: str | None, field: str) -> str | None:
    from monitoring_codegen.secrets import check_credential_file

    return check_credential_file(value, field)


# Fields with their own, more specific message.
_LITERAL_FIELDS = {"api_url", "routing_key", "service_key", "auth_password"}


def _scan_for_secrets(owner: BaseModel, what: str) -> None:
    from monitoring_codegen.secrets import scan_value

    findings = scan_value(owner.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=_LITERAL_FIELDS))
    if findings:
        kinds = ", ".join(sorted({f.kind for f in findings}))
        raise ValueError(f"{what} holds a literal credential ({kinds}); credentials must be *_file references")


class _Integration(Definition):
    """One notification integration of a receiver; owned by the receiver, not collected."""

    top_level: ClassVar[bool] = False
    send_resolved: bool = True

    @model_validator(mode="after")
    def _no_literal_secrets(self):
        _scan_for_secrets(self, f"this {self.kind}")
        return self


class SlackConfig(_Integration):
    kind: ClassVar[str] = "SlackConfig"
    key_field: ClassVar[str] = "channel"

    channel: str
    api_url_file: str | None = None
    # Accepted only to be rejected with a useful message: a Slack webhook URL is a credential.
    api_url: str | None = None
    title: str | None = None
    text: str | None = None

    @model_validator(mode="after")
    def _credentials(self) -> SlackConfig:
        _reject_literal(self.api_url, "api_url (a Slack webhook URL)", "api_url_file")
        _check_path(self.api_url_file, "api_url_file")
        return self

    def to_alertmanager(self, global_slack_file: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"send_resolved": self.send_resolved}
        if self.api_url_file:
            out["api_url_file"] = self.api_url_file
        elif not global_slack_file:
            raise ValueError("no api_url_file, and the routing sets no slack_api_url_file")
        out["channel"] = self.channel
        if self.title:
            out["title"] = self.title
        if self.text:
            out["text"] = self.text
        return out


class PagerDutyConfig(_Integration):
    kind: ClassVar[str] = "PagerDutyConfig"
    key_field: ClassVar[str] = "routing_key_file"

    routing_key_file: str | None = None
    routing_key: str | None = None
    service_key: str | None = None
    severity: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _credentials(self) -> PagerDutyConfig:
        _reject_literal(self.routing_key, "routing_key", "routing_key_file")
        _reject_literal(self.service_key, "service_key", "routing_key_file")
        if not self.routing_key_file:
            raise ValueError("routing_key_file is required (the Events API v2 integration key, as a file)")
        _check_path(self.routing_key_file, "routing_key_file")
        return self

    def to_alertmanager(self) -> dict[str, Any]:
        out: dict[str, Any] = {"send_resolved": self.send_resolved, "routing_key_file": self.routing_key_file}
        if self.severity:
            out["severity"] = self.severity
        if self.description:
            out["description"] = self.description
        return out


class EmailConfig(_Integration):
    kind: ClassVar[str] = "EmailConfig"
    key_field: ClassVar[str] = "to"

    to: str
    # `from` is a Python keyword: written from_= (or **{"from": ...}).
    from_: str = Field(alias="from")
    smarthost: str
    auth_username: str | None = None
    auth_password_file: str | None = None
    auth_password: str | None = None
    require_tls: bool = True
    send_resolved: bool = False

    @model_validator(mode="after")
    def _credentials(self) -> EmailConfig:
        _reject_literal(self.auth_password, "auth_password", "auth_password_file")
        _check_path(self.auth_password_file, "auth_password_file")
        if self.auth_password_file and not self.auth_username:
            raise ValueError("auth_password_file needs auth_username")
        if not re.match(r"^[^\s:]+:\d+\Z", self.smarthost):
            raise ValueError(f"smarthost must be host:port, got {self.smarthost!r}")
        return self

    def to_alertmanager(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "send_resolved": self.send_resolved,
            "to": self.to,
            "from": self.from_,
            "smarthost": self.smarthost,
            "require_tls": self.require_tls,
        }
        if self.auth_username:
            out["auth_username"] = self.auth_username
        if self.auth_password_file:
            out["auth_password_file"] = self.auth_password_file
        return out


class WebhookConfig(_Integration):
    kind: ClassVar[str] = "WebhookConfig"
    key_field: ClassVar[str] = "bearer_token_file"  # not the url: a rejected url may hold a secret

    # The URL itself must not carry a credential (no user:pass@, no token in it): authenticate
    # with bearer_token_file or basic auth instead.
    url: str
    bearer_token_file: str | None = None
    basic_auth_username: str | None = None
    basic_auth_password_file: str | None = None
    max_alerts: int = 0

    @model_validator(mode="after")
    def _credentials(self) -> WebhookConfig:
        if not re.match(r"^https?://[^\s/@]+(/\S*)?\Z", self.url):
            shown = "a URL with user:password@" if "@" in self.url else repr(self.url)  # never echo a password
            raise ValueError(f"url must be an http(s) URL without user:password@, got {shown}")
        _check_path(self.bearer_token_file, "bearer_token_file")
        _check_path(self.basic_auth_password_file, "basic_auth_password_file")
        if bool(self.basic_auth_username) != bool(self.basic_auth_password_file):
            raise ValueError("basic auth needs both basic_auth_username and basic_auth_password_file")
        if self.bearer_token_file and self.basic_auth_username:
            raise ValueError("use either bearer_token_file or basic auth, not both")
        return self

    def to_alertmanager(self) -> dict[str, Any]:
        out: dict[str, Any] = {"send_resolved": self.send_resolved, "url": self.url}
        if self.bearer_token_file:
            out["http_config"] = {"authorization": {"type": "Bearer", "credentials_file": self.bearer_token_file}}
        elif self.basic_auth_username:
            out["http_config"] = {
                "basic_auth": {"username": self.basic_auth_username, "password_file": self.basic_auth_password_file}
            }
        if self.max_alerts:
            out["max_alerts"] = self.max_alerts
        return out


class Receiver(Definition):
    """A named set of integrations. A receiver with none silences what routes to it ("null")."""

    kind: ClassVar[str] = "Receiver"
    top_level: ClassVar[bool] = False

    name: str
    slack: list[SlackConfig] = Field(default_factory=list)
    pagerduty: list[PagerDutyConfig] = Field(default_factory=list)
    email: list[EmailConfig] = Field(default_factory=list)
    webhook: list[WebhookConfig] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value or not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\Z", value):
            raise ValueError(f"{value!r} is not a valid receiver name (letters, digits, '_', '.', '-')")
        return value

    def to_alertmanager(self, global_slack_file: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.slack:
            out["slack_configs"] = [c.to_alertmanager(global_slack_file) for c in self.slack]
        if self.pagerduty:
            out["pagerduty_configs"] = [c.to_alertmanager() for c in self.pagerduty]
        if self.email:
            out["email_configs"] = [c.to_alertmanager() for c in self.email]
        if self.webhook:
            out["webhook_configs"] = [c.to_alertmanager() for c in self.webhook]
        return out

    def file_references(self) -> list[str]:
        """Every credential file this receiver reads (for docker secrets and Kubernetes mounts)."""
        paths = []
        for config in (*self.slack, *self.pagerduty, *self.email, *self.webhook):
            for field in (
                "api_url_file",
                "routing_key_file",
                "auth_password_file",
                "bearer_token_file",
                "basic_auth_password_file",
            ):
                value = getattr(config, field, None)
                if value:
                    paths.append(value)
        return paths


def _matcher(label: str, op: str, value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{label}{op}"{escaped}"'


def _matchers(match: dict[str, str], match_re: dict[str, str], exclude: dict[str, str] | None = None) -> list[str]:
    out = [_matcher(k, "=", v) for k, v in sorted(match.items())]
    out += [_matcher(k, "=~", v) for k, v in sorted(match_re.items())]
    out += [_matcher(k, "!=", v) for k, v in sorted((exclude or {}).items())]
    return out


class Route(Definition):
    """A node of the route tree. Timing fields left unset inherit from the parent."""

    kind: ClassVar[str] = "Route"
    key_field: ClassVar[str] = "receiver"
    top_level: ClassVar[bool] = False

    receiver: str | None = None
    match: LabelMap = Field(default_factory=dict)
    match_re: RegexMatcherMap = Field(default_factory=dict)
    group_by: GroupBy | None = None
    group_wait: Duration | None = None
    group_interval: Duration | None = None
    repeat_interval: Duration | None = None
    # `continue` is a Python keyword: written continue_= (or **{"continue": ...}).
    continue_: bool = Field(default=False, alias="continue")
    routes: list[Route] = Field(default_factory=list)

    def receivers(self) -> list[str]:
        found = [self.receiver] if self.receiver else []
        for child in self.routes:
            found.extend(child.receivers())
        return found

    def matches(self, labels: Mapping[str, str]) -> bool:
        """This node's matchers on an alert's labels (a missing label is the empty value)."""
        from monitoring_codegen.model.regexes import go_fullmatch

        return all(labels.get(name, "") == value for name, value in self.match.items()) and all(
            go_fullmatch(regex, labels.get(name, "")) for name, regex in self.match_re.items()
        )

    def matching(self, labels: Mapping[str, str], inherited: str | None = None) -> list[str]:
        """Receivers of the nodes an alert with `labels` reaches below and at this one, in order:
        Alertmanager's walk (dispatch/route.go Match). Children are tried in order; the first that
        matches ends the search unless it has `continue`; a node none of whose children matches
        is itself the match. A node without a receiver uses its parent's."""
        if not self.matches(labels):
            return []
        receiver = self.receiver or inherited
        found: list[str] = []
        for child in self.routes:
            below = child.matching(labels, receiver)
            found.extend(below)
            if below and not child.continue_:
                break
        if not found and receiver:
            found.append(receiver)
        return found

    def to_alertmanager(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.receiver:
            out["receiver"] = self.receiver
        matchers = _matchers(self.match, self.match_re)
        if matchers:
            out["matchers"] = matchers
        if self.group_by is not None:
            out["group_by"] = list(self.group_by)
        for field in ("group_wait", "group_interval", "repeat_interval"):
            value = getattr(self, field)
            if value is not None:
                out[field] = value
        if self.continue_:
            out["continue"] = True
        if self.routes:
            out["routes"] = [child.to_alertmanager() for child in self.routes]
        return out


class InhibitRule(Definition):
    """While an alert matching `source` fires, alerts matching `target` with equal `equal` labels are muted."""

    kind: ClassVar[str] = "InhibitRule"
    key_field: ClassVar[str] = "equal"
    top_level: ClassVar[bool] = False

    source_match: LabelMap = Field(default_factory=dict)
    source_match_re: RegexMatcherMap = Field(default_factory=dict)
    target_match: LabelMap = Field(default_factory=dict)
    target_match_re: RegexMatcherMap = Field(default_factory=dict)
    # Target labels that must differ from the source's (e.g. alertname != TargetDown).
    target_exclude: LabelMap = Field(default_factory=dict)
    equal: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sane(self) -> InhibitRule:
        if not (self.source_match or self.source_match_re):
            raise ValueError("an inhibit rule needs source matchers (else every alert inhibits)")
        if not (self.target_match or self.target_match_re or self.target_exclude):
            raise ValueError("an inhibit rule needs target matchers")
        for name in self.equal:
            validate_label_name(name)
        return self

    def to_alertmanager(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source_matchers": _matchers(self.source_match, self.source_match_re),
            "target_matchers": _matchers(self.target_match, self.target_match_re, self.target_exclude),
        }
        if self.equal:
            out["equal"] = list(self.equal)
        return out


class RoutingTest(Definition):
    """An alert's labels and the receivers it must reach, in route-tree order.

    Owned by its AlertRouting; it records its own file:line so a failure points at it."""

    kind: ClassVar[str] = "RoutingTest"
    top_level: ClassVar[bool] = False

    labels: LabelMap
    receivers: list[str]
    name: str | None = None

    @field_validator("receivers")
    @classmethod
    def _receivers(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("a routing test must expect at least one receiver")
        return value

    def describe(self) -> str:
        labels = ",".join(f"{k}={v}" for k, v in sorted(self.labels.items()))
        return self.name or "{" + labels + "}"


class AlertRouting(Definition):
    """One Alertmanager configuration: receivers, route tree, inhibitions and the tests that pin it.

    Environments point at one (`Environment(routing=...)`); several may share it.
    """

    kind: ClassVar[str] = "AlertRouting"

    name: str
    receivers: list[Receiver]
    route: Route
    inhibit_rules: list[InhibitRule] = Field(default_factory=list)
    tests: list[RoutingTest] = Field(default_factory=list)
    resolve_timeout: Duration = "5m"
    # Credential file for receivers' Slack configs that set none of their own.
    slack_api_url_file: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> AlertRouting:
        _check_path(self.slack_api_url_file, "slack_api_url_file")
        names = [r.name for r in self.receivers]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"receiver names must be unique: {duplicates}")
        if not self.route.receiver:
            raise ValueError("the root route needs a receiver (where unmatched alerts go)")
        if self.route.match or self.route.match_re:
            raise ValueError("the root route must match every alert: it cannot have matchers")
        unknown = sorted(set(self.route.receivers()) - set(names))
        if unknown:
            raise ValueError(f"the route tree names undeclared receivers {unknown} (declared: {names})")
        for test in self.tests:
            missing = sorted(set(test.receivers) - set(names))
            if missing:
                raise ValueError(f"routing test {test.describe()} expects undeclared receivers {missing}")
        if not self.slack_api_url_file:
            for receiver in self.receivers:
                for slack in receiver.slack:
                    if not slack.api_url_file:
                        raise ValueError(
                            f"receiver {receiver.name!r}: Slack config for {slack.channel} has no "
                            "api_url_file and the routing sets no slack_api_url_file"
                        )
        return self

    def receivers_for(self, labels: Mapping[str, str]) -> list[str]:
        """The receivers an alert with these labels is sent to, in route-tree order (what
        `amtool config routes test` prints; tests/integration compare the two)."""
        return self.route.matching(labels)

    def file_references(self) -> list[str]:
        refs = [self.slack_api_url_file] if self.slack_api_url_file else []
        for receiver in self.receivers:
            refs.extend(receiver.file_references())
        return sorted(set(refs))

    def to_alertmanager(self) -> dict[str, Any]:
        global_: dict[str, Any] = {"resolve_timeout": self.resolve_timeout}
        if self.slack_api_url_file:
            global_["slack_api_url_file"] = self.slack_api_url_file
        return {
            "global": global_,
            "route": self.route.to_alertmanager(),
            "inhibit_rules": [rule.to_alertmanager() for rule in self.inhibit_rules],
            "receivers": [r.to_alertmanager(bool(self.slack_api_url_file)) for r in self.receivers],
        }


Route.model_rebuild()
