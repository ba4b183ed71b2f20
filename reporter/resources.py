"""Where the packaged theme lives, installed (``reporter/templates`` in the wheel) or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """The packaged default theme: report templates, CSS, fonts, e-mail templates."""
    installed = Path(__file__).resolve().parent / "templates"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "templates"


def package_file(name: str) -> Path:
    """A data file shipped inside the ``reporter`` package (e.g. ``catalog.toml``)."""
    return Path(__file__).resolve().parent / name
