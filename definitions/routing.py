"""Alert routing per environment: who is told, how, and which alerts stay quiet.

Severity decides the channel (critical pages, warning posts, info is kept out of the way),
team and component send alerts to their owners. Credentials are files mounted as secrets
(docker secrets in the local stack, Kubernetes secrets in clusters); never literals.
"""

from monitoring_codegen import (
    AlertRouting,
    EmailConfig,
    InhibitRule,
    PagerDutyConfig,
    Receiver,
    Route,
    RoutingTest,
    SlackConfig,
    WebhookConfig,
)

SECRETS = "/run/secrets"

INHIBIT_RULES = [
    # One problem, one notification: a critical alert mutes the warning of the same alert.
    InhibitRule(
        source_match={"severity": "critical"}, target_match={"severity": "warning"}, equal=["alertname", "cluster"]
    ),
    # A target that cannot be scraped makes its other alerts noise (absent data, stale rates).
    InhibitRule(
        source_match={"alertname": "TargetDown"},
        target_exclude={"alertname": "TargetDown"},
        equal=["cluster", "job", "instance"],
    ),
]

# Receivers with no integration drop what reaches them.
NULL = Receiver(name="null")


def _slack(name: str, channel: str) -> Receiver:
    return Receiver(
        name=name,
        slack=[
            SlackConfig(
                channel=channel,
                title="[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}",
                text="{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}",
            )
        ],
    )


DEV_ROUTING = AlertRouting(
    name="dev",
    slack_api_url_file=f"{SECRETS}/slack_api_url",
    receivers=[_slack("slack-dev", "#agent-platform-dev"), NULL],
    route=Route(
        receiver="slack-dev",
        group_by=["alertname", "job"],
        group_wait="10s",
        group_interval="1m",
        repeat_interval="12h",
        routes=[Route(match={"severity": "info"}, receiver="null")],
    ),
    inhibit_rules=INHIBIT_RULES,
    tests=[
        RoutingTest(labels={"alertname": "HighAgentErrorRate", "severity": "critical"}, receivers=["slack-dev"]),
        RoutingTest(labels={"alertname": "SlowDatabaseQueries", "severity": "info"}, receivers=["null"]),
    ],
)


def _production_routing(name: str, *, pager: Receiver, tests: list[RoutingTest]) -> AlertRouting:
    return AlertRouting(
        name=name,
        slack_api_url_file=f"{SECRETS}/slack_api_url",
        receivers=[
            _slack("slack-agent-platform", f"#agent-platform-{name}"),
            pager,
            Receiver(
                name="finops-email",
                email=[
                    EmailConfig(
                        to="finops@agents.example.com",
                        from_="alertmanager@agents.example.com",
                        smarthost="smtp.agents.example.com:587",
                        auth_username="alertmanager",
                        auth_password_file=f"{SECRETS}/smtp_password",
                    )
                ],
            ),
            Receiver(
                name="database-oncall",
                webhook=[
                    WebhookConfig(
                        url="https://oncall.agents.example.com/api/v1/alertmanager",
                        bearer_token_file=f"{SECRETS}/oncall_token",
                    )
                ],
            ),
            NULL,
        ],
        route=Route(
            receiver="slack-agent-platform",
            group_by=["alertname", "cluster", "job"],
            group_wait="30s",
            group_interval="5m",
            repeat_interval="4h",
            routes=[
                Route(match={"severity": "info"}, receiver="null"),
                # SLO alerts (definitions/slos.py) carry sloth_severity whatever their other labels:
                # a fast burn pages and posts, a slow burn or a low error budget is a ticket (a post).
                Route(
                    match={"sloth_severity": "page"},
                    receiver=pager.name,
                    continue_=True,
                    group_by=["alertname", "sloth_id"],
                    group_wait="10s",
                    repeat_interval="1h",
                ),
                Route(
                    match={"sloth_severity": "page"},
                    receiver="slack-agent-platform",
                    group_by=["alertname", "sloth_id"],
                ),
                Route(
                    match={"sloth_severity": "ticket"},
                    receiver="slack-agent-platform",
                    group_by=["alertname", "sloth_id"],
                    repeat_interval="12h",
                ),
                # Pages first, and keep going so the owning team's channel sees it too.
                Route(
                    match={"severity": "critical"},
                    receiver=pager.name,
                    continue_=True,
                    group_wait="10s",
                    repeat_interval="1h",
                ),
                Route(match={"team": "finops"}, receiver="finops-email", group_by=["alertname"], repeat_interval="12h"),
                Route(match={"component": "database"}, receiver="database-oncall"),
                # Explicit, because a critical alert matched the pager route above: it would not
                # fall back to the root receiver.
                Route(match={"team": "agent-platform"}, receiver="slack-agent-platform"),
            ],
        ),
        inhibit_rules=INHIBIT_RULES,
        tests=tests,
    )


def _common_tests(pager: str) -> list[RoutingTest]:
    return [
        RoutingTest(
            name="critical pages and posts",
            labels={"alertname": "HighAgentErrorRate", "severity": "critical", "team": "agent-platform"},
            receivers=[pager, "slack-agent-platform"],
        ),
        RoutingTest(
            name="warning posts only",
            labels={"alertname": "AgentExecutionTimeout", "severity": "warning", "team": "agent-platform"},
            receivers=["slack-agent-platform"],
        ),
        RoutingTest(
            name="cost goes to finops",
            labels={"alertname": "HighOperationalCost", "severity": "warning", "team": "finops"},
            receivers=["finops-email"],
        ),
        RoutingTest(
            name="critical cost pages and mails finops",
            labels={"alertname": "HighOperationalCost", "severity": "critical", "team": "finops"},
            receivers=[pager, "finops-email"],
        ),
        RoutingTest(
            name="database warnings reach the database on-call",
            labels={"alertname": "DatabaseConnectionsHigh", "severity": "warning", "component": "database"},
            receivers=["database-oncall"],
        ),
        RoutingTest(
            name="info is dropped", labels={"alertname": "SlowDatabaseQueries", "severity": "info"}, receivers=["null"]
        ),
        RoutingTest(
            name="an SLO's fast burn pages and posts, once",
            labels={
                "alertname": "APIAvailabilityErrorBudgetBurn",
                "sloth_severity": "page",
                "severity": "critical",
                "sloth_id": "api-availability",
            },
            receivers=[pager, "slack-agent-platform"],
        ),
        RoutingTest(
            name="an SLO's slow burn is a ticket: a post",
            labels={"alertname": "APIAvailabilityErrorBudgetBurn", "sloth_severity": "ticket", "severity": "warning"},
            receivers=["slack-agent-platform"],
        ),
        RoutingTest(
            name="a low error budget is a ticket, even from a sloth spec without severity",
            labels={"alertname": "APIAvailabilityErrorBudgetLow", "sloth_severity": "ticket", "budget_level": "25%"},
            receivers=["slack-agent-platform"],
        ),
    ]


STAGING_ROUTING = _production_routing(
    "staging",
    # Staging never wakes anyone: its "pager" is a Slack channel.
    pager=_slack("slack-staging-critical", "#agent-platform-staging-critical"),
    tests=_common_tests("slack-staging-critical"),
)

PROD_ROUTING = _production_routing(
    "prod",
    pager=Receiver(
        name="pagerduty-agent-platform",
        pagerduty=[
            PagerDutyConfig(
                routing_key_file=f"{SECRETS}/pagerduty_routing_key",
                severity='{{ if eq .CommonLabels.severity "critical" }}critical{{ else }}warning{{ end }}',
            )
        ],
    ),
    tests=_common_tests("pagerduty-agent-platform"),
)
