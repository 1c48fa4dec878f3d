"""Grafana datasources, provisioned from out/grafana/provisioning/datasources/.

Dashboards name a datasource by `name`; `mcg lint` reports a panel whose datasource is not
declared here. Credentials are never literals: use `$__env{VAR}` references, which Grafana
expands when it provisions the datasource.
"""

from monitoring_codegen import Datasource

PROMETHEUS = Datasource(
    name="Prometheus",
    type="prometheus",
    uid="prometheus",
    url="http://prometheus:9090",
    is_default=True,
    json_data={"httpMethod": "POST", "timeInterval": "30s"},
)
