"""Where the packaged theme lives, installed (``reporter/templates`` in the wheel) or in a source checkout, and
how its TOML text files (``texts.toml``, ``findings.toml``) are read with an agency's override folder."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .i18n import _
from .model import RenderError


def templates_dir() -> Path:
    """The packaged default theme: report templates, CSS, fonts, e-mail templates."""
    installed = Path(__file__).resolve().parent / "templates"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "templates"


def package_file(name: str) -> Path:
    """A data file shipped inside the ``reporter`` package (e.g. ``catalog.toml``)."""
    return Path(__file__).resolve().parent / name


def theme_files(name: str, override: Path | None = None) -> list[Path]:
    """The theme's TOML file ``name``: the packaged one, then the agency's in ``override`` when it has one."""
    return [folder / name for folder in (templates_dir(), override) if folder and (folder / name).is_file()]


def read_theme_toml(path: Path, what: str) -> dict[str, Any]:
    """One theme TOML file; unreadable or invalid is a RenderError naming the file and ``what`` it holds."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RenderError(_("{file}: cannot read {what}: {error}").format(file=path, what=_(what), error=exc)) from None


def merge_tables(into: dict[str, Any], data: dict[str, Any]) -> None:
    """An override's keys replace the packaged ones one by one; a table's keys too (one level deep)."""
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            into[key] = {**into[key], **value}
        else:
            into[key] = value


def fill(template: str, **values: object) -> str:
    """``str.format`` for the texts, so a placeholder an agency mistyped is a clear error, not a crash."""
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        message = _("report text {text}: unknown placeholder {placeholder}")
        raise RenderError(message.format(text=repr(template), placeholder=exc)) from None
