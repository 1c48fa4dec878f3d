"""Grafana datasources. Secrets are references Grafana expands at provisioning time."""

from monitoring_codegen import Datasource

PROMETHEUS = Datasource(
    name="Prometheus",
    type="prometheus",
    uid="prometheus",
    url="http://prometheus:9090",
    is_default=True,
    json_data={"httpMethod": "POST", "timeInterval": "30s", "prometheusType": "Prometheus"},
)
LOKI = Datasource(
    name="Loki",
    type="loki",
    uid="loki",
    url="http://loki:3100",
    json_data={"maxLines": 1000},
)
TEMPO = Datasource(
    name="Tempo",
    type="tempo",
    uid="tempo",
    url="http://tempo:3200",
    json_data={"tracesToLogsV2": {"datasourceUid": "loki"}, "serviceMap": {"datasourceUid": "prometheus"}},
)
ALERTMANAGER = Datasource(
    name="Alertmanager",
    type="alertmanager",
    uid="alertmanager",
    url="http://alertmanager:9093",
    basic_auth_user="grafana",
    json_data={"implementation": "prometheus", "handleGrafanaManagedAlerts": False},
    secure_json_data={"basicAuthPassword": "$__env{ALERTMANAGER_PASSWORD}"},
)
