"""Text in any script: which characters the fonts can draw (asked of fontconfig), the warning at the workbook
cell, and the visible replacement. A font with one private-use character, made here with fontTools, stands for a
theme or agency font that has what no installed font has."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

from reporter import glyphs
from reporter.config import AgencyConfig, Config
from reporter.glyphs import Fonts, cannot_show, glyph_warnings, theme_fonts
from reporter.model import Severity
from reporter.workbook import read_workbook
from tests.workbooks import kpi, make_workbook, measure

PRIVATE = "\ue000"  # private use: no font of a Debian/Ubuntu installation has it
UNASSIGNED = "\u0378"  # no character at all (yet)


def private_use_font(path: Path) -> Path:
    """A TrueType font whose only character is U+E000, a square."""
    pen = TTGlyphPen(None)
    for point in ((100, 0), (100, 700), (600, 700), (600, 0)):
        (pen.lineTo if pen.points else pen.moveTo)(point)
    pen.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "square"])
    builder.setupCharacterMap({ord(PRIVATE): "square"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "square": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (600, 0), "square": (700, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Private Square", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))
    return path


def test_latin_and_invisible_characters_never_ask_fontconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_subprocess(*args: object, **kwargs: object) -> None:
        raise AssertionError("fontconfig was asked")

    monkeypatch.setattr(subprocess, "run", no_subprocess)
    fonts = Fonts()
    # Latin-1 (the brand font has it), joiners, variation selectors, bidi isolates, spaces
    assert fonts.missing("Müller & Söhne · 12 % ½ «» \u200d\ufe0f\u2068\u2069\u00a0\u3000") == []


def test_characters_no_font_has_are_found_once_each_in_order_and_replaced() -> None:
    fonts = Fonts()
    text = f"Privat {PRIVATE} GmbH {UNASSIGNED} und {PRIVATE}"
    assert fonts.missing(text) == [PRIVATE, UNASSIGNED]
    assert fonts.visible(text) == "Privat \ufffd GmbH \ufffd und \ufffd"
    assert fonts.visible("Müller GmbH") == "Müller GmbH"


def test_a_theme_or_agency_font_counts(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "fonts").mkdir(parents=True)
    font = private_use_font(theme / "fonts" / "square.ttf")
    assert not Fonts().drawable(PRIVATE)
    assert Fonts([theme]).drawable(PRIVATE)  # a template folder, searched for fonts
    assert Fonts([font]).drawable(PRIVATE)  # a font file
    agency = Config(agency=AgencyConfig(font="fonts/square.ttf"), path=theme / "reporter.toml")
    assert theme_fonts(agency).drawable(PRIVATE)
    assert not theme_fonts(Config()).drawable(PRIVATE)


def test_without_fontconfig_nothing_counts_as_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list
    glyphs._installed.cache_clear()
    try:
        assert Fonts().missing(f"a{PRIVATE}") == []
    finally:
        glyphs._installed.cache_clear()


def test_the_message_names_each_character_and_an_invisible_one_by_its_code_point() -> None:
    assert cannot_show(["🚀"]) == '"🚀" cannot be shown with the installed fonts'
    assert cannot_show([PRIVATE, "𐀀"]) == f'"{PRIVATE}" (U+E000), "𐀀" cannot be shown with the installed fonts'


def test_warnings_point_at_the_cells_of_the_texts_the_report_shows(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "kunde.xlsx",
        client={"Kunde": f"Müller {PRIVATE}", "Kommentar": f"Gut {UNASSIGNED}"},
        kpis=[kpi("Anfragen", [1, 2, 3], target=3), kpi(f"Klicks {PRIVATE}", [1, 2, 3], target=3)],
        measures=[measure(f"SEO {PRIVATE}", landing_page=f"https://example.com/{PRIVATE}", note=f"intern {PRIVATE}")],
    )
    data = read_workbook(path)
    problems = glyph_warnings(data, Fonts())
    assert [str(p) for p in problems] == [
        f'kunde.xlsx › Kunde!B2: "{PRIVATE}" (U+E000) cannot be shown with the installed fonts',
        f'kunde.xlsx › Kunde!B7: "{UNASSIGNED}" (U+0378) cannot be shown with the installed fonts',
        f'kunde.xlsx › Kennzahlen!A3: "{PRIVATE}" (U+E000) cannot be shown with the installed fonts',
        f'kunde.xlsx › Maßnahmen!A2: "{PRIVATE}" (U+E000) cannot be shown with the installed fonts',
        f'kunde.xlsx › Maßnahmen!F2: "{PRIVATE}" (U+E000) cannot be shown with the installed fonts',
    ]  # the measure's note is not in the report, so it needs no font
    assert {p.severity for p in problems} == {Severity.WARNING}
