"""Synthetic workload for benchmarks: a definitions folder of any size.

`python bench/synthetic.py DIR [--dashboards 300 --panels 20 --alerts 10000 --records 2000 --slos 0]`
writes DIR/definitions/*.py plus a pyproject.toml, shaped like real definitions
(a catalog, rule groups of 50 rules, dashboards with mixed panel types, and with --slos N
SLOs of all kinds (ratio, latency, events) over the catalog with one SLO dashboard per service).
"""

from __future__ import annotations

import argparse
from pathlib import Path

GROUP_SIZE = 50


def generate(
    root: Path,
    dashboards: int = 300,
    panels: int = 20,
    alerts: int = 10_000,
    records: int = 2_000,
    slos: int = 0,
    services: int | None = None,
) -> Path:
    defs = root / "definitions"
    defs.mkdir(parents=True, exist_ok=True)
    # Thousands of SLOs take longer to import than the default load_timeout on a busy machine.
    (root / "pyproject.toml").write_text('[tool.mcg]\ndefinitions = "definitions"\nout = "out"\nload_timeout = 900\n')
    services = services or max(1, alerts // 100)
    (defs / "catalog.py").write_text(
        "from monitoring_codegen import Metric, Datasource\n"
        "DS = Datasource(name='Prometheus', type='prometheus', uid='prometheus', url='http://127.0.0.1:9090', is_default=True)\n"
        f"SERVICES = [f'svc{{i:04d}}' for i in range({services})]\n"
        "METRICS = []\n"
        "for s in SERVICES:\n"
        "    METRICS.append(Metric(name=f'{s}_requests_total', type='counter', help='requests', labels=('route', 'status')))\n"
        "    METRICS.append(Metric(name=f'{s}_request_duration_seconds', type='histogram', help='latency', labels=('route',), unit='seconds',\n"
        "                          buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)))\n"
        "    METRICS.append(Metric(name=f'{s}_queue_depth', type='gauge', help='queue', labels=('queue',)))\n"
    )
    lines = ["from monitoring_codegen import AlertRule, RecordingRule, RuleGroup", "from .catalog import SERVICES", ""]
    lines.append(f"N_ALERTS = {alerts}\nN_RECORDS = {records}\nGROUP_SIZE = {GROUP_SIZE}")
    lines.append(
        """
def alert(i):
    s = SERVICES[i % len(SERVICES)]
    kind = i % 3
    if kind == 0:
        expr = (f'sum by (route) (rate({s}_requests_total{{status=~"5.."}}[5m])) '
                f'/ sum by (route) (rate({s}_requests_total[5m])) > 0.{i % 9 + 1}')
    elif kind == 1:
        expr = f'histogram_quantile(0.95, sum by (le, route) (rate({s}_request_duration_seconds_bucket[5m]))) > {i % 7 + 1}'
    else:
        expr = f'max by (queue) ({s}_queue_depth) > {100 + i}'
    label = 'queue' if kind == 2 else 'route'
    return AlertRule(alert=f'Alert{i:05d}', expr=expr, for_='5m',
                     labels={'severity': 'warning' if i % 2 else 'critical', 'service': s},
                     annotations={'summary': f'{s} alert {i}', 'description': 'Value {{ $value }} on {{ $labels.%s }}' % label,
                                  'runbook_url': f'https://runbooks.example.com/{i}'})

def record(i):
    s = SERVICES[i % len(SERVICES)]
    return RecordingRule(record=f'route:{s}_requests_{i}:rate5m', expr=f'sum by (route) (rate({s}_requests_total[5m]))')

ALERT_GROUPS = [RuleGroup(name=f'alerts-{g:04d}', file=f'alerts-{g // 20:03d}',
                          rules=[alert(i) for i in range(g * GROUP_SIZE, min(N_ALERTS, (g + 1) * GROUP_SIZE))])
                for g in range((N_ALERTS + GROUP_SIZE - 1) // GROUP_SIZE)]
RECORD_GROUPS = [RuleGroup(name=f'records-{g:04d}', file='records', interval='1m',
                           rules=[record(i) for i in range(g * GROUP_SIZE, min(N_RECORDS, (g + 1) * GROUP_SIZE))])
                 for g in range((N_RECORDS + GROUP_SIZE - 1) // GROUP_SIZE)]
"""
    )
    (defs / "rules.py").write_text("\n".join(lines))
    (defs / "dashboards.py").write_text(
        f"""from grafanalib import core as G
from monitoring_codegen import Dashboard
from .catalog import SERVICES

N_DASHBOARDS = {dashboards}
N_PANELS = {panels}

def panel(d, p):
    s = SERVICES[(d * N_PANELS + p) % len(SERVICES)]
    kind = p % 4
    if kind == 0:
        return G.TimeSeries(title=f'Requests {{p}}', unit='reqps', targets=[G.Target(
            expr=f'sum by (route) (rate({{s}}_requests_total{{{{route=~"$route"}}}}[$__rate_interval]))', legendFormat='{{{{route}}}}', refId='A')])
    if kind == 1:
        return G.TimeSeries(title=f'Latency {{p}}', unit='s', targets=[G.Target(
            expr=f'histogram_quantile(0.95, sum by (le) (rate({{s}}_request_duration_seconds_bucket{{{{route=~"$route"}}}}[$__rate_interval])))', refId='A')])
    if kind == 2:
        return G.Stat(title=f'Queue {{p}}', format='short', targets=[G.Target(expr=f'sum({{s}}_queue_depth)', refId='A')])
    return G.BarGauge(title=f'Errors {{p}}', format='percentunit', targets=[G.Target(
        expr=f'sum(rate({{s}}_requests_total{{{{status=~"5..", route=~"$route"}}}}[$__rate_interval])) / sum(rate({{s}}_requests_total{{{{route=~"$route"}}}}[$__rate_interval]))', refId='A')])

BOARDS = [Dashboard(folder=f'team-{{d % 10}}', board=G.Dashboard(
    title=f'Service board {{d:03d}}', uid=f'synthetic-{{d:03d}}',
    templating=G.Templating(list=[G.Template(name='route', query='label_values(route)', dataSource='Prometheus', includeAll=True, multi=True)]),
    panels=[panel(d, p) for p in range(N_PANELS)]))
    for d in range(N_DASHBOARDS)]
"""
    )
    if slos:
        (defs / "slos.py").write_text(
            f"""from monitoring_codegen import SLO, slo_dashboards
from .catalog import SERVICES

N_SLOS = {slos}

def slo(i):
    s = SERVICES[i % len(SERVICES)]
    kind = i % 3
    if kind == 0:
        sli = SLO.ratio(errors=f'{{s}}_requests_total{{{{status=~"5.."}}}}', total=f'{{s}}_requests_total')
    elif kind == 1:
        sli = SLO.latency(histogram=f'{{s}}_request_duration_seconds', threshold=(0.25, 0.5, 1, 2.5)[i % 4],
                          selector=f'route="/r{{i % 7}}"')
    else:
        sli = SLO.events(error_query=f'sum(rate({{s}}_requests_total{{{{status="500", route="/r{{i % 5}}"}}}}[{{{{{{{{ window }}}}}}}}]))',
                         total_query=f'sum(rate({{s}}_requests_total{{{{route="/r{{i % 5}}"}}}}[{{{{{{{{ window }}}}}}}}]))')
    return SLO(service=s, name=f'slo-{{i:04d}}', objective=(99, 99.5, 99.9, 95)[i % 4], sli=sli,
               period=('30d', '28d', '30d', '7d')[i % 4], labels={{'team': f'team-{{i % 10}}'}},
               page={{'labels': {{'severity': 'critical'}}}}, ticket={{'labels': {{'severity': 'warning'}}}},
               min_events=100 if i % 5 == 0 else None)

SLOS = [slo(i) for i in range(N_SLOS)]
SLO_DASHBOARDS = slo_dashboards(SLOS)
"""
        )
    return defs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--dashboards", type=int, default=300)
    parser.add_argument("--panels", type=int, default=20)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=2_000)
    parser.add_argument("--slos", type=int, default=0)
    parser.add_argument("--services", type=int, default=None)
    args = parser.parse_args()
    generate(args.root, args.dashboards, args.panels, args.alerts, args.records, args.slos, args.services)


if __name__ == "__main__":
    main()
