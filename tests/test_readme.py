"""The README stays true: a two-command Quickstart, the same test command as CI, every command documented."""

from __future__ import annotations

import re
from pathlib import Path

from reporter.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quickstart_commands() -> list[str]:
    section = re.search(r"^## [^\n]*Quickstart[^\n]*\n(.*?)(?=^## )", README, re.S | re.M)
    assert section, "README has no Quickstart section"
    block = re.search(r"```(?:sh|bash|shell|console)\n(.*?)```", section.group(1), re.S)
    assert block, "Quickstart has no fenced shell block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_quickstart_has_exactly_two_commands() -> None:
    first, second = _quickstart_commands()
    assert "pip install ." in first
    assert "reporter build sample_inputs" in first
    assert second == "make test"


def test_ci_runs_the_same_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_quickstart_names_system_packages_for_three_platforms() -> None:
    quickstart = README.split("## Quickstart", 1)[1]
    before_block = quickstart.split("```", 1)[0]
    for platform in ("Debian/Ubuntu", "Fedora", "macOS"):
        assert platform in before_block


def test_every_command_and_option_is_in_the_readme() -> None:
    for name, command in cli.commands.items():
        assert f"### `reporter {name}" in README, f"README does not document `reporter {name}`"
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help", "--debug", "--config", "--verbose", "--quiet"):
                    assert opt in README, f"README does not mention {opt} of `reporter {name}`"


def test_linked_docs_exist() -> None:
    for link in re.findall(r"\]\((docs/[^)#]+)\)", README):
        assert (ROOT / link).is_file(), link
