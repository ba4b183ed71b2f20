"""The tool speaks the agency's language: every marked message has German, the language is chosen as documented."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from reporter import i18n

ROOT = Path(__file__).resolve().parents[1]


def _catalog_tool():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_script"] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_has_a_german_translation_with_the_same_placeholders() -> None:
    tool = _catalog_tool()
    messages = [m for m in tool.extract() if m.id]
    assert len(messages) >= 1
    assert tool.problems() == [], "run: python scripts/i18n.py update, translate, python scripts/i18n.py compile"


def test_the_check_finds_a_missing_translation_and_a_placeholder_mismatch(tmp_path: Path, monkeypatch) -> None:
    tool = _catalog_tool()
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="de", domain="reporter")
    catalog.add("{value} is not a number", "{wert} ist keine Zahl", locations=[("reporter/x.py", 1)])
    source = Catalog(domain="reporter")
    source.add("{value} is not a number", locations=[("reporter/x.py", 1)])
    source.add("a new message", locations=[("reporter/y.py", 2)])
    monkeypatch.setattr(tool, "load", lambda: catalog)
    monkeypatch.setattr(tool, "extract", lambda: source)
    monkeypatch.setattr(tool, "MO", tmp_path / "missing.mo")
    found = tool.problems()
    assert any("placeholders differ" in line and "wert" in line for line in found)
    assert any("no German translation for 'a new message'" in line for line in found)
    assert any("stale" in line for line in found)


@pytest.mark.parametrize(
    ("option", "configured", "environ", "expected"),
    [
        (None, None, {}, "en"),
        (None, None, {"LANG": "C"}, "en"),
        (None, None, {"LANG": "de_DE.UTF-8"}, "de"),
        (None, None, {"LANG": "de_AT.utf8"}, "de"),
        (None, None, {"LANG": "de_DE.UTF-8", "LC_ALL": "C"}, "en"),
        (None, None, {"LANG": "en_US.UTF-8", "LC_MESSAGES": "de_CH.UTF-8"}, "de"),
        (None, None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, "de", {"LANG": "C"}, "de"),
        (None, "en", {"LANG": "de_DE.UTF-8"}, "en"),
        ("en", "de", {"LANG": "de_DE.UTF-8"}, "en"),
        ("de", None, {"LANG": "C"}, "de"),
    ],
)
def test_language_comes_from_option_then_config_then_locale(
    option: str | None, configured: str | None, environ: dict[str, str], expected: str
) -> None:
    assert i18n.resolve_language(option, configured, environ) == expected


def test_messages_quotes_and_lists_follow_the_language() -> None:
    with i18n.use_language("de"):
        assert i18n.language() == "de"
        assert i18n.quote("viel") == "„viel“"
        assert i18n.join(["A", "B", "C"]) == "A, B und C"
    assert i18n.language() == "en"
    assert i18n.quote("viel") == '"viel"'
    assert i18n.join(["A", "B"]) == "A and B"
