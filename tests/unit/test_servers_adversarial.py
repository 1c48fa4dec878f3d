"""Server configs under adversarial definitions: credentials typed into the wrong field, label values
that need quoting, environment names that would collide as folders. Each test names what broke."""

from __future__ import annotations

import pytest
from conftest import run_mcg, snapshot, write_project

from monitoring_codegen.secrets import check_credential_file, scan_text

SECRET = "hunter2-Sup3rS3cret"
PD_KEY = "0123456789abcdef0123456789abcdef"


def _routing(receiver: str, extra: str = "") -> dict[str, str]:
    return {
        "routing.py": f"""
        from monitoring_codegen import *

        ROUTING = AlertRouting(
            name="team",
            receivers=[{receiver}],
            route=Route(receiver="x"),
        )
        {extra}
        ENV = Environment(name="dev", routing=ROUTING)
    """
    }


def _build_fails(tmp_path, files: dict[str, str], *needles: str, secret: str) -> str:
    root = write_project(tmp_path / "proj", files)
    (root / "out").mkdir()
    (root / "out" / "keep.txt").write_text("not mcg's")
    before = snapshot(root / "out")
    result = run_mcg("build", cwd=root)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert snapshot(root / "out") == before
    assert "Traceback" not in output
    assert secret not in output, output
    for needle in needles:
        assert needle in output, output
    return output


@pytest.mark.parametrize(
    "receiver, secret",
    [
        # Before: the query-string token passed every check and reached alertmanager.yml.
        (f'Receiver(name="x", webhook=[WebhookConfig(url="https://hooks.example.com/a?token={SECRET}")])', SECRET),
        # Before: the pasted token was echoed as the definition's name ("WebhookConfig 'Bearer ...'").
        (
            'Receiver(name="x", webhook=[WebhookConfig(url="https://h.example.com/a", '
            'bearer_token_file="Bearer abcdefghijklmnop0123456789")])',
            "abcdefghijklmnop0123456789",
        ),
        # Before: a key pasted into routing_key_file was accepted as a relative file name.
        (f'Receiver(name="x", pagerduty=[PagerDutyConfig(routing_key_file="{PD_KEY}")])', PD_KEY),
        (
            'Receiver(name="x", slack=[SlackConfig(channel="#c", '
            'api_url_file="https://hooks.slack.com/services/T1/B2/abcdefghijklmnopqrstuvwx")])',
            "abcdefghijklmnopqrstuvwx",
        ),
        (
            f'Receiver(name="x", email=[EmailConfig(to="a@example.com", from_="b@example.com", smarthost="smtp:25", '
            f'auth_username="u", auth_password="{SECRET}")])',
            SECRET,
        ),
    ],
)
def test_literal_credentials_in_receivers_fail_the_build_without_echo(tmp_path, receiver, secret):
    _build_fails(tmp_path, _routing(receiver), "definitions/routing.py:", secret=secret)


def test_remote_write_api_key_header_fails_the_build(tmp_path):
    """Before: `X-Api-Key` (hyphens) was not recognised as a credential-bearing name."""
    files = {
        "env.py": f"""
        from monitoring_codegen import Environment, RemoteWrite
        ENV = Environment(name="dev", remote_write=[RemoteWrite(
            name="m", url="https://m.example.com/push", headers={{"X-Api-Key": "{SECRET}"}})])
    """
    }
    _build_fails(tmp_path, files, "definitions/env.py:2", "headers hold a literal credential", secret=SECRET)


def test_tls_key_pasted_as_pem_is_not_echoed(tmp_path):
    files = {
        "env.py": """
        from monitoring_codegen import TLSConfig
        T = TLSConfig(cert_file="/etc/tls/c.pem",
                      key_file="-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----")
    """
    }
    _build_fails(
        tmp_path, files, "definitions/env.py:2", "key_file must be the path", secret="MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"
    )


def test_a_failing_module_imported_by_another_is_reported_once(tmp_path):
    """Before: environments.py imports routing.py; routing.py's error was printed twice."""
    files = {
        "routing.py": f"""
            from monitoring_codegen import PagerDutyConfig, Receiver
            PD = Receiver(name="pd", pagerduty=[PagerDutyConfig(routing_key="{PD_KEY}")])
        """,
        "zz_env.py": """
            from .routing import PD
        """,
    }
    output = _build_fails(tmp_path, files, "definitions/routing.py:2", secret=PD_KEY)
    assert output.count("routing_key is a literal credential") == 1, output


@pytest.mark.parametrize(
    "value, ok",
    [
        ("/run/secrets/pd", True),
        ("secrets/pd", True),
        (PD_KEY, False),
        ("Bearer abcdefghijklmnop0123456789", False),
        ("https://hooks.slack.com/services/T1/B2/abcdefghij", False),
        ("/run/secrets/a\n/b", False),
        ("", False),
    ],
)
def test_credential_file_fields_hold_paths(value, ok):
    if ok:
        assert check_credential_file(value, "routing_key_file") == value
    else:
        with pytest.raises(ValueError) as info:
            check_credential_file(value, "routing_key_file")
        assert (value.strip() or "\x00") not in str(info.value)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("url: https://h.example.com/hook?token=abcdef123456", "url-token"),
        ('"url": "https://h.example.com/a?x=1&api_key=abcdef123456"', "url-token"),
        ("X-Api-Key: abcdef123456", "key"),
    ],
)
def test_scanner_finds_credentials_in_urls_and_hyphenated_names(text, kind):
    assert kind in {f.kind for f in scan_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "link: https://grafana.example.com/d/abc?orgId=1&var-token_type=input&from=now-6h",
        "url: https://h.example.com/a?api_key=${API_KEY}",
        "url: https://h.example.com/a?monkey=banana12",
    ],
)
def test_scanner_ignores_ordinary_query_strings(text):
    assert scan_text(text) == []


def test_redacted_excerpts_do_not_reveal_passwords():
    findings = scan_text(f"password: {SECRET}\napi_key: {PD_KEY}")
    assert findings and all(f.excerpt == "***" for f in findings)


@pytest.mark.parametrize("name", ["prød", "a" * 64, "../etc", "1dev"])
def test_environment_names_are_ascii_folder_names(tmp_path, name):
    files = {
        "env.py": f"""
        from monitoring_codegen import Environment
        ENV = Environment(name={name!r})
    """
    }
    _build_fails(tmp_path, files, "definitions/env.py:2", "not a valid environment name", secret="\x00")


def test_environment_names_differing_in_case_fail(tmp_path):
    files = {
        "env.py": """
        from monitoring_codegen import Environment
        A = Environment(name="prod")
        B = Environment(name="Prod")
    """
    }
    _build_fails(tmp_path, files, "definitions/env.py:3", "differs only in case", secret="\x00")


@pytest.mark.parametrize(
    "arg, ok",
    [
        ("--web.enable-lifecycle", True),
        ("--enable-feature=exemplar-storage,native-histograms", True),
        # Before: accepted, then split into two words by `$(cat prometheus.args)`.
        ("--web.page-title=My Prometheus", False),
        ("--query.timeout=2m\n", False),
    ],
)
def test_extra_args_are_single_words(arg, ok):
    from monitoring_codegen import Environment
    from monitoring_codegen.errors import DefinitionError

    if ok:
        assert Environment(name="x", extra_args=[arg]).extra_args == [arg]
    else:
        with pytest.raises(DefinitionError, match="without whitespace"):
            Environment(name="x", extra_args=[arg])


def test_grafana_variable_links_are_not_url_tokens():
    assert scan_text("url: https://grafana.example.com/d/x?orgId=1&var-key=production&var-token=abcdefgh") == []


@pytest.mark.parametrize(
    "snippet",
    [
        # Before: Python's `re` accepted these, the build wrote them, and promtool/amtool refused the
        # configs ("invalid or unsupported Perl syntax").
        'Route(receiver="x", match_re={"service": "(?!db).*"})',
        'Route(receiver="x", match_re={"service": "(?<name>api)"})',
        'RemoteWrite(name="m", url="https://m.example.com/push", keep_metrics=[r"(a)\\1"])',
        'ScrapeJob(job_name="j", static=[StaticTargets(targets=["a:1"])], drop_metrics=["go_.*+"])',
    ],
)
def test_regexes_go_refuses_fail_the_build(tmp_path, snippet):
    files = {
        "defs.py": f"""
        from monitoring_codegen import *
        X = {snippet}
    """
    }
    _build_fails(tmp_path, files, "definitions/defs.py:2", "does not compile as the Go RE2 regex", secret="\x00")
