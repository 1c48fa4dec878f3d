"""Environments. `dev` is the local docker-compose stack, scrapes fast and alerts early;
`staging` runs in Kubernetes with shipped thresholds and writes to Thanos Receive; `prod`
runs an HA pair with longer `for` durations and production thresholds, writing to Mimir."""

from monitoring_codegen import (
    AlertmanagerTargets,
    AlertOverride,
    BasicAuth,
    Environment,
    FileSD,
    KubernetesPods,
    KubernetesTarget,
    MimirTarget,
    QueueConfig,
    RemoteWrite,
    ScrapeJob,
    StaticTargets,
)

from .routing import DEV_ROUTING, PROD_ROUTING, STAGING_ROUTING

SECRETS = "/run/secrets"

# The applications annotate their pods with prometheus.io/scrape: "true" (and port/path).
AGENT_PODS = KubernetesPods(pod_labels={"app.kubernetes.io/name": "app", "app.kubernetes.io/version": "version"})

DEV = Environment(
    name="dev",
    scrape_interval="15s",
    evaluation_interval="15s",
    external_labels={"cluster": "dev", "environment": "dev"},
    retention_time="2d",
    local_stack=True,
    # Service names of out/compose/docker-compose.monitoring.yml.
    scrape_jobs=[
        ScrapeJob(job_name="prometheus", static=[StaticTargets(targets=["localhost:9090"])]),
        ScrapeJob(job_name="alertmanager", static=[StaticTargets(targets=["alertmanager:9093"])]),
        ScrapeJob(job_name="grafana", static=[StaticTargets(targets=["grafana:3000"])]),
        ScrapeJob(job_name="loki", static=[StaticTargets(targets=["loki:3100"])]),
        ScrapeJob(job_name="tempo", static=[StaticTargets(targets=["tempo:3200"])]),
        # The agent platform running on the developer's machine.
        ScrapeJob(
            job_name="agent-platform",
            static=[StaticTargets(targets=["host.docker.internal:8000"], labels={"namespace": "dev"})],
        ),
    ],
    alertmanagers=AlertmanagerTargets(static=["alertmanager:9093"]),
    routing=DEV_ROUTING,
    alert_overrides={
        # Dev traffic is thin: a few failures are a large share; alert later, react sooner.
        "HighAgentErrorRate": AlertOverride(params={"threshold": 0.25}, for_="2m"),
        "HighOperationalCost": AlertOverride(params={"dollars_per_hour": 5}),
        "LowUserEngagement": AlertOverride(params={"sessions": 0}),
    },
)

STAGING = Environment(
    name="staging",
    scrape_interval="30s",
    evaluation_interval="30s",
    external_labels={"cluster": "staging-eu-1", "environment": "staging"},
    retention_time="7d",
    scrape_jobs=[
        ScrapeJob(job_name="kubernetes-pods", kubernetes_pods=AGENT_PODS),
        # Batch workers on VMs; their inventory tool writes the target files.
        ScrapeJob(job_name="batch-workers", file_sd=FileSD(files=["/etc/prometheus/file_sd/batch-workers/*.json"])),
    ],
    alertmanagers=AlertmanagerTargets(kubernetes_service="monitoring/alertmanager-operated"),
    remote_write=[
        RemoteWrite(
            name="thanos-receive",
            url="http://thanos-receive.monitoring.svc:19291/api/v1/receive",
            queue=QueueConfig(max_shards=20),
        )
    ],
    routing=STAGING_ROUTING,
    kubernetes=KubernetesTarget(namespace="monitoring", rule_labels={"release": "kube-prometheus-stack"}),
)

PROD = Environment(
    name="prod",
    scrape_interval="30s",
    evaluation_interval="30s",
    external_labels={"cluster": "prod-eu-1", "environment": "prod"},
    replicas=2,
    retention_time="30d",
    retention_size="200GB",
    extra_args=["--web.enable-lifecycle"],
    scrape_jobs=[
        ScrapeJob(
            job_name="kubernetes-pods",
            kubernetes_pods=AGENT_PODS,
            # Per-agent series are for debugging in dev; in prod they cost more than they tell.
            drop_metrics=["agent_debug_.*"],
        ),
        ScrapeJob(job_name="batch-workers", file_sd=FileSD(files=["/etc/prometheus/file_sd/batch-workers/*.json"])),
    ],
    alertmanagers=AlertmanagerTargets(kubernetes_service="monitoring/alertmanager-operated"),
    remote_write=[
        RemoteWrite(
            name="mimir",
            url="https://mimir.monitoring.example.com/api/v1/push",
            headers={"X-Scope-OrgID": "agent-platform"},
            basic_auth=BasicAuth(username="agent-platform", password_file=f"{SECRETS}/mimir_password"),
            queue=QueueConfig(capacity=20000, max_shards=100, max_samples_per_send=5000),
        )
    ],
    routing=PROD_ROUTING,
    kubernetes=KubernetesTarget(namespace="monitoring", rule_labels={"release": "kube-prometheus-stack"}),
    mimir=MimirTarget(tenant="agent-platform"),
    alert_overrides={
        "HighAgentErrorRate": AlertOverride(params={"threshold": 0.05}, for_="10m"),
        "HighHTTPErrorRate": AlertOverride(params={"threshold": 0.02}, for_="10m"),
        "HighOperationalCost": AlertOverride(params={"dollars_per_hour": 200}, labels={"team": "finops"}),
        "DatabaseConnectionsHigh": AlertOverride(params={"connections": 160}, labels={"component": "database"}),
    },
)
