"""The command line's help and suggestions, and `[tool.mcg]` settings checked before use."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from monitoring_codegen.cli import main
from monitoring_codegen.config import load_config
from monitoring_codegen.errors import UsageError


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_mistyped_command_suggests_the_nearest():
    result = invoke("biuld")
    assert result.exit_code == 2
    assert "Did you mean 'build'?" in result.output


def test_unknown_command_without_neighbour_points_to_help():
    result = invoke("frobnicate")
    assert result.exit_code == 2
    assert "Did you mean" not in result.output and "mcg help" in result.output


def test_mistyped_option_suggests_the_nearest():
    result = invoke("build", "--otu", "x")
    assert result.exit_code == 2
    assert "Did you mean '--out'?" in result.output


def test_help_lists_commands_and_explains_one():
    listing = invoke("help")
    assert listing.exit_code == 0
    for name in ("build", "check", "lint", "help"):
        assert f"  {name} " in listing.output
    one = invoke("help", "check")
    assert one.exit_code == 0
    assert one.output.startswith("Usage: ") and " check [OPTIONS]" in one.output.splitlines()[0]
    assert "--definitions" in one.output
    assert invoke("help", "chek").exit_code == 2


def project(tmp_path: Path, settings: str) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.mcg]\n" + settings)
    (tmp_path / "definitions").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    "settings, message",
    [
        ('defintions = "d"\n', "unknown setting [tool.mcg] 'defintions'; did you mean 'definitions'?"),
        (
            'colour = "red"\n',
            "unknown setting [tool.mcg] 'colour' (known: definitions, docs, docs_url, grafana_url, lint, load_timeout, out)",
        ),
        ("definitions = 5\n", "[tool.mcg] definitions must be a non-empty string (a folder path), not 5"),
        ('out = ""\n', "[tool.mcg] out must be a non-empty string"),
        ("lint = 3\n", "[tool.mcg] lint must be a table"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path, settings, message):
    with pytest.raises(UsageError) as caught:
        load_config(start=project(tmp_path, settings))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "out, message",
    [
        (".", "is the project root"),
        ("definitions", "inside the definitions folder"),
        ("definitions/gen", "inside the definitions folder"),
    ],
)
def test_out_folder_that_would_eat_user_files_is_refused(tmp_path, monkeypatch, out, message):
    root = project(tmp_path, "")
    monkeypatch.chdir(root)
    with pytest.raises(UsageError, match=message):
        load_config(out=out)


def test_out_outside_definitions_is_fine(tmp_path, monkeypatch):
    root = project(tmp_path, 'out = "generated"\n')
    config = load_config(start=root)
    assert config.out == (root / "generated").resolve()
