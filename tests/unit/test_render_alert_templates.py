"""Alert template expansion: what mcg cannot expand is reported, not guessed (that what it
expands matches Prometheus is checked with promtool in tests/integration/test_alert_templates_promtool.py)."""

from __future__ import annotations

import pytest

from monitoring_codegen.render.alert_templates import TemplateNotSupported, expand


def test_unsupported_constructs_are_reported():
    with pytest.raises(TemplateNotSupported, match="does not expand"):
        expand("{{ if gt $value 1.0 }}high{{ end }}", {}, 2.0)
    with pytest.raises(TemplateNotSupported, match="printf"):
        expand('{{ $value | printf "%.2f" }}', {}, 2.0)
    with pytest.raises(TemplateNotSupported, match="value="):
        expand("{{ $value }}", {}, None)
    assert expand("no templates", {}, None) == "no templates"
