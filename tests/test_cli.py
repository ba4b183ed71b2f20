"""End-to-end checks of the command line itself: help, version, exit codes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from reporter import __version__
from reporter.cli import cli

COMMANDS = ["template", "check", "classify", "build", "send"]


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    for flag in ("-h", "--help"):
        result = CliRunner().invoke(cli, [command, flag])
        assert result.exit_code == 0, result.output
        assert "Example" in result.output
        assert f"reporter {command}" in result.output


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
