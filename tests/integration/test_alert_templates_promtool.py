"""mcg's expansion of alert templates must match Prometheus' own, character for character:
checked by letting the real promtool expand them for many values."""

from __future__ import annotations

import math
import random
import shutil
import subprocess

import pytest

from monitoring_codegen.render.alert_templates import expand
from monitoring_codegen.yamlio import dump_yaml

PROMTOOL = shutil.which("promtool")

TEMPLATES = {
    "value": "{{ $value }}",
    "humanize": "{{ $value | humanize }}",
    "percentage": "{{ .Value | humanizePercentage }}",
    "duration": "{{ $value | humanizeDuration }}",
    "binary": "{{ $value | humanize1024 }}",
    "labels": '{{ $labels.i }} on {{ .Labels.i -}} ! {{- $labels.missing }}|{{ index $labels "i" }}',
}

FIXED = [
    0.0,
    1.0,
    -1.0,
    0.2,
    1 / 3,
    2 / 3,
    12.5,
    99.99,
    999.95,
    1000.0,
    1234.5,
    1e6,
    123456789.0,
    1.5e-7,
    0.000123,
    59.9,
    60.0,
    61.5,
    3599.0,
    3600.0,
    86400 * 3 + 7.0,
    1e21,
    1e22,
    -0.5,
    1e-5,
    0.1 + 0.2,
    100000.0,
    999999.0,
    1024.0,
    1536.0,
    1048576.0,
    -90.5,
    0.95,
    115.5,
    2.4,
    math.nan,
    math.inf,
    -math.inf,
]


def values() -> list[float]:
    rnd = random.Random(20261124)
    extra = [rnd.choice((-1, 1)) * 10 ** rnd.uniform(-8, 12) for _ in range(60)]
    extra += [round(rnd.uniform(0, 5000), rnd.randint(0, 3)) for _ in range(30)]
    return FIXED + extra


def notation(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    return repr(value)


@pytest.mark.skipif(not PROMTOOL, reason="promtool not installed")
def test_expansion_matches_prometheus(tmp_path):
    cases = values()
    rules = {"groups": [{"name": "t", "rules": [{"alert": "T", "expr": "m", "annotations": TEMPLATES}]}]}
    (tmp_path / "rules.yaml").write_bytes(dump_yaml(rules))
    expected = []
    for index, value in enumerate(cases):
        labels = {"i": str(index)}
        expected.append(
            {"exp_labels": labels, "exp_annotations": {k: expand(t, labels, value) for k, t in TEMPLATES.items()}}
        )
    test = {
        "rule_files": ["rules.yaml"],
        "tests": [
            {
                "interval": "1m",
                "input_series": [{"series": f'm{{i="{i}"}}', "values": notation(v)} for i, v in enumerate(cases)],
                "alert_rule_test": [{"eval_time": "0m", "alertname": "T", "exp_alerts": expected}],
            }
        ],
    }
    (tmp_path / "test.yaml").write_bytes(dump_yaml(test))
    result = subprocess.run([PROMTOOL, "test", "rules", "test.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[:4000]
