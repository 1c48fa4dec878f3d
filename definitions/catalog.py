"""The metric catalog: every metric the platform exposes, with type, labels and unit.

Dashboards, rules, the linter and the generated instrumentation module all read this.
Prometheus adds the target labels `job` and `instance` to every series.
"""

from monitoring_codegen import Metric

LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)

# --- Agents -------------------------------------------------------------------------------
AGENT_OPERATIONS = Metric(
    name="agent_operations_total",
    type="counter",
    help="Operations performed by agents, by outcome.",
    labels=("agent_id", "agent_type", "operation", "provider", "status"),
)
AGENT_EXECUTION_DURATION = Metric(
    name="agent_execution_duration_seconds",
    type="histogram",
    unit="seconds",
    grafana_unit="s",
    help="Wall-clock time of one agent task execution.",
    labels=("agent_id", "agent_type", "task_type", "provider"),
    buckets=LATENCY_BUCKETS,
)
AGENT_TOKEN_USAGE = Metric(
    name="agent_token_usage_total",
    type="counter",
    help="LLM tokens consumed by agents.",
    labels=("agent_id", "agent_type", "provider", "token_type"),
)
AGENT_COST = Metric(
    name="agent_cost_total",
    type="counter",
    grafana_unit="currencyUSD",
    help="Cost of agent work in US dollars.",
    labels=("agent_id", "agent_type", "provider"),
)
AGENT_ACTIVE = Metric(
    name="agents_active",
    type="gauge",
    help="Agents currently running.",
    labels=("agent_type", "provider"),
)
AGENT_MEMORY = Metric(
    name="agent_memory_usage_bytes",
    type="gauge",
    unit="bytes",
    grafana_unit="bytes",
    help="Memory held by agents.",
    labels=("agent_namespace", "agent_type"),
)
CONTEXT_RETRIEVAL_DURATION = Metric(
    name="context_retrieval_duration_seconds",
    type="histogram",
    unit="seconds",
    grafana_unit="s",
    help="Time to retrieve context for an agent.",
    labels=("agent_namespace", "retrieval_type"),
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)

# --- Tasks --------------------------------------------------------------------------------
TASK_EXECUTIONS = Metric(
    name="task_executions_total",
    type="counter",
    help="Task executions by outcome.",
    labels=("task_type", "status", "priority"),
)
TASK_QUEUE_DEPTH = Metric(
    name="task_queue_depth",
    type="gauge",
    help="Tasks waiting in a queue.",
    labels=("queue_type", "priority"),
)
TASK_DEPENDENCY_RESOLUTION = Metric(
    name="task_dependency_resolution_duration_seconds",
    type="histogram",
    unit="seconds",
    grafana_unit="s",
    help="Time to resolve a task's dependencies.",
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1),
)

# --- HTTP and database --------------------------------------------------------------------
HTTP_REQUESTS = Metric(
    name="http_requests_total",
    type="counter",
    help="HTTP requests served.",
    labels=("method", "route", "status_code"),
)
HTTP_REQUEST_DURATION = Metric(
    name="http_request_duration_seconds",
    type="histogram",
    unit="seconds",
    grafana_unit="s",
    help="HTTP request latency.",
    labels=("method", "route"),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
DATABASE_CONNECTIONS = Metric(
    name="database_connections_active",
    type="gauge",
    help="Open database connections in use.",
    labels=("database", "pool"),
)
DATABASE_QUERY_DURATION = Metric(
    name="database_query_duration_seconds",
    type="histogram",
    unit="seconds",
    grafana_unit="s",
    help="Database query latency.",
    labels=("operation", "table"),
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)

# --- Business -----------------------------------------------------------------------------
USER_SESSIONS = Metric(
    name="user_sessions_active",
    type="gauge",
    help="Signed-in user sessions.",
)
FEATURE_USAGE = Metric(
    name="feature_usage_total",
    type="counter",
    help="Feature invocations by users.",
    labels=("feature", "user_type"),
)

# --- LLM calls ----------------------------------------------------------------------------
LLM_REQUESTS = Metric(
    name="llm_requests_total",
    type="counter",
    help="Requests to LLM providers by outcome.",
    labels=("provider", "model", "status"),
)
LLM_REQUEST_DURATION = Metric(
    name="llm_request_duration_seconds",
    type="histogram",
    unit="seconds",
    grafana_unit="s",
    help="Latency of one LLM request, first byte to last.",
    labels=("provider", "model"),
    buckets=(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60),
)
LLM_TOKENS = Metric(
    name="llm_tokens_total",
    type="counter",
    help="Tokens sent to and received from LLMs.",
    labels=("provider", "model", "token_type"),
)
LLM_COST = Metric(
    name="llm_cost_dollars_total",
    type="counter",
    unit="dollars",
    grafana_unit="currencyUSD",
    help="LLM spend in US dollars.",
    labels=("provider", "model"),
)
LLM_HALLUCINATION_FLAGS = Metric(
    name="llm_hallucination_flags_total",
    type="counter",
    help="Responses flagged as likely hallucinations by a detector.",
    labels=("provider", "model", "detector"),
)
