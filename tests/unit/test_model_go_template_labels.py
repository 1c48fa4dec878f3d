"""alert_label_references: which of the alert's labels a template reads, as Go scopes them."""

from __future__ import annotations

import pytest

from monitoring_codegen.model.go_templates import alert_label_references


@pytest.mark.parametrize(
    "template, labels",
    [
        ("{{ $labels.instance }} {{ .Labels.job }} {{ $.Labels.pod }}", ("instance", "job", "pod")),
        ('{{ index $labels "le" }}', ("le",)),
        ("{{ with $labels }}{{ .node }}{{ end }}", ("node",)),
        ("{{ $l := $labels }}{{ $l.a }}{{ $x := .Labels }}{{ $x.b }}", ("a", "b")),
        # Inside range over a query, dot is a sample: its .Labels are the query's.
        ('{{ range query "up" }}{{ .Labels.instance }}{{ end }}', ()),
        ('{{ range query "up" }}{{ $labels.instance }}{{ end }}', ("instance",)),
        ('{{ range query "up" }}{{ .Labels.x }}{{ else }}{{ .Labels.y }}{{ end }}{{ .Labels.z }}', ("y", "z")),
        ('{{ range $i, $s := query "up" }}{{ $s.Labels.x }}{{ end }}', ()),
        # The pipeline of range/with runs in the outer scope.
        ('{{ range printf "up{pod=%q}" .Labels.pod | query }}{{ .Labels.node }}{{ end }}', ("pod",)),
        ('{{ with query "x" }}{{ (. | first).Labels.a }}{{ . | first | label "b" }}{{ end }}', ()),
        ('{{ if eq $labels.severity "page" }}{{ .Labels.team }}{{ end }}', ("severity", "team")),
        ("{{ range $k, $v := $labels }}{{ $k }}={{ $v }}{{ end }}", ()),
        ('{{ define "t" }}{{ .Labels.d }}{{ end }}{{ template "t" . }}', ()),
        ("{{ $value }} {{ .Value }} {{ $externalLabels.cluster }}", ()),
        ("no template at all", ()),
    ],
)
def test_references(template, labels):
    assert alert_label_references(template) == labels


def test_unparsable_template_is_none():
    assert alert_label_references("{{ $labels.instance") is None
    assert alert_label_references("{{ $undefined.Labels.x }}") is None
