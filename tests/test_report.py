"""The report's content: workbooks made here, read, analysed and rendered for real, checked in the PDF text.

Also the pieces the context is made of: Babel formatting for de/en, brand colours with readable text on
them, where each finding lands, and an agency's own texts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PIL import Image

from reporter.batch import render_analysis
from reporter.config import AgencyConfig, Config
from reporter.findings import Analysis, analyse
from reporter.formatting import Fmt
from reporter.impact import QUESTION_TEXT
from reporter.model import Question
from reporter.report import build_context, contrast, initials, readable_ink, text_on, valid_color
from reporter.workbook import read_workbook
from tests import pdftext
from tests.shared import once_per_run
from tests.workbooks import kpi, make_workbook, measure

CONFIG = Config(agency=AgencyConfig(name="Klarwerk Marketing GmbH", footer="Am Speicher 12 · 28217 Bremen"))
TRAFFIC_UP = [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1100, 1200, 1300, 1500, 1600, 1700]
KPIS = [
    kpi("Seitenaufrufe", TRAFFIC_UP, channel="Website"),
    kpi("Instagram-Follower", [400 + 10 * i for i in range(13)], channel="Social Media"),
    kpi(
        "Kontaktanfragen", [14, 13, 15, 14, 14, 13, 14, 15, 14, 14, 13, 14, 14], channel="Website", target=20
    ),
    kpi(
        "Absprungrate Leistungsseite",
        [62, 61, 60, 60, 61, 59, 60, 58, 59, 58, 57, 58, 55.5],
        unit="Prozent",
        direction="niedriger ist besser",
    ),
    kpi("Google-Bewertungen", [30 + i for i in range(13)]),
    kpi("Quantenfluss-Index", [1.5] * 13),
]
MEASURES = [
    measure("Instagram-Reels", discipline="Social Media", start="2026-04-01", status="aktiv"),
    measure(
        "Relaunch Leistungsseiten",
        discipline="Website",
        start="2026-03-01",
        end="2026-06-30",
        status="abgeschlossen",
        landing_page="https://www.muster.example/leistungen",
    ),
]


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", pdftext.pdf_text(pdf)).replace("\u00a0", " ")


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("\u00a0", " ")


def analysis_for(tmp_path: Path, name: str = "kunde.xlsx", **workbook: Any) -> Analysis:
    workbook.setdefault("kpis", KPIS)
    workbook.setdefault("measures", MEASURES)
    path = make_workbook(tmp_path / name, **workbook)
    return analyse(read_workbook(path, CONFIG), CONFIG)


GERMAN_CLIENT = {"Kommentar": "Liebe Frau Muster,\nder Oktober war <b>ruhig</b>."}


def _render_german(folder: Path) -> None:
    rendered = render_analysis(analysis_for(folder, client=GERMAN_CLIENT), CONFIG)
    (folder / "report.pdf").write_bytes(rendered.pdf)
    (folder / "report.html").write_bytes(rendered.html.encode("utf-8"))  # bytes: no newline translation


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> tuple[Analysis, bytes, str]:
    """The German workbook and its report, made once per run (tests/shared.py) and read by every xdist worker;
    each worker analyses the same workbook file again (cheap) for the tests that compare with the analysis."""
    folder = once_per_run(tmp_path_factory, "report-german", _render_german)
    analysis = analyse(read_workbook(folder / "kunde.xlsx", CONFIG), CONFIG)
    html = (folder / "report.html").read_bytes().decode("utf-8")
    return analysis, (folder / "report.pdf").read_bytes(), html


# ---- formatting --------------------------------------------------------------------------------


def test_numbers_percent_currency_and_months_per_language() -> None:
    de, en = Fmt("de"), Fmt("en")
    assert de.value(1234, "count", "-") == "1.234"
    assert en.value(1234, "count", "-") == "1,234"
    assert de.value(12.5, "percent", "-") == "12,5\u00a0%"
    assert en.value(12.5, "percent", "-") == "12.5%"
    assert de.value(46.29999999, "percent", "-") == "46,3\u00a0%"
    assert de.value(18250.5, "eur", "-") == "18.251\u00a0€"  # commercial rounding (was half-even: 18.250)
    assert en.value(25.1, "eur", "-") == "€25.10"
    assert de.value(2.3, "seconds", "-") == "2,3\u00a0s"
    assert de.value(None, "count", "nicht gemessen") == "nicht gemessen"
    assert de.value(0.034, "count", "-") == "0,03"
    assert de.value(4.8, "points", "-") == "4,8"
    assert [de.axis("count")(v) for v in (0, 0.25, 0.5, 2.5, 1000)] == ["0", "0,25", "0,5", "2,5", "1.000"]
    assert de.month("2026-10") == "Oktober 2026"
    assert en.month("2026-10") == "October 2026"
    assert de.month_short("2026-03") == "Mär"
    assert de.month_short("2026-01") == "Jan 26"


def test_changes_are_signed_with_a_real_minus_and_points_for_percentages() -> None:
    de = Fmt("de")
    assert de.change(119, 100, "count") == "+19\u00a0%"
    assert de.change(9, 10, "count") == "\u221210\u00a0%"
    assert de.change(14, 14, "count") == "±0\u00a0%"
    assert de.change(58.4, 62.0, "percent") == "\u22123,6\u00a0Pkt."
    assert de.change(5, None, "count") == ""


def test_text_on_a_brand_colour_is_black_or_white_by_contrast() -> None:
    assert text_on("#1f5c99") == "#ffffff"
    assert text_on("#ffd700") == "#000000"
    for color in ("#1f5c99", "#ffd700", "#e07a1f", "#777777", "#00ff00"):
        assert contrast(color, text_on(color)) >= 4.5
        assert contrast(readable_ink(color), "#ffffff") >= 4.5


def test_colours_from_data_are_validated() -> None:
    assert valid_color("#A1B2C3", "#000000") == "#a1b2c3"
    for bad in ("red", "#abc", "#12345g", "#123456; x", None, ""):
        assert valid_color(bad, "#000000") == "#000000"


def test_initials_for_the_logo_placeholder() -> None:
    assert initials("Dachdeckerei Krämer GmbH") == "DK"
    assert initials("Zahnarztpraxis Dr. Weber") == "ZW"
    assert initials("Prof. Dr. med. Anna Schulz") == "AS"
    assert initials("müller & co. kg") == "M"


# ---- a German report from a workbook -----------------------------------------------------------


def test_german_report_has_sections_questions_every_kpi_and_every_finding(
    german: tuple[Analysis, bytes, str],
) -> None:
    analysis, pdf, _ = german
    text = pdf_text(pdf)
    for section in (
        "Auf einen Blick",
        "Die vier Wirkungsfragen",
        "Reichweite ist nicht Wirkung",
        "Reichweite und Wirkung im Vergleich",
        "Fehlannahmen",
        "Zusammenspiel der Maßnahmen",
        "Nächste Schritte",
        "Kommentar",
        "Anhang",
        "Alle Kennzahlen",
        "So lesen Sie diesen Bericht",
    ):
        assert section in text, section
    for question in Question:
        assert QUESTION_TEXT[question]["de"] in text
    for trend in analysis.trends:
        assert trend.name in text, trend.name
    assert {"traffic_without_inquiries", "isolated_measure"} <= set(analysis.finding_ids())
    for finding in analysis.findings:
        assert plain(finding.text("de")) in text, finding.id
        assert plain(finding.title("de")) in text, finding.id
    assert plain(analysis.summary("de")) in text
    for step in analysis.next_steps:
        assert plain(step.text("de")) in text
    assert "Instagram-Reels" in text
    assert "isoliert" in text
    assert "www.muster.example/leistungen" in text.replace("/ ", "/")  # may wrap after the slash
    assert "Der Oktober war <b>ruhig</b>." in text.replace("der Oktober", "Der Oktober")


def test_german_report_metadata_footer_and_language(german: tuple[Analysis, bytes, str]) -> None:
    _, pdf, html = german
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Muster GmbH – Marketing-Wirkungsbericht Oktober 2026"
    assert reader.metadata.author == "Klarwerk Marketing GmbH"
    assert reader.trailer["/Root"]["/Lang"] == "de"
    pages = len(reader.pages)
    text = pdf_text(pdf)
    assert f"Seite {pages} von {pages}" in text
    assert "Muster GmbH · Marketing-Wirkungsbericht Oktober 2026" in text
    assert "&lt;b&gt;ruhig&lt;/b&gt;" in html  # workbook text is escaped, never markup


def test_unclassified_kpis_are_listed_with_a_note(german: tuple[Analysis, bytes, str]) -> None:
    analysis, pdf, _ = german
    text = pdf_text(pdf)
    assert analysis.counts()["unclassified"] == 1
    assert "1 nicht eingeordnet" in text
    assert "Kennzahlen, die als „nicht eingeordnet“ markiert sind, können wir noch keiner" in text


def test_the_context_puts_each_finding_in_its_place(german: tuple[Analysis, bytes, str]) -> None:
    analysis, _, _ = german
    context = build_context(analysis, CONFIG)
    assert context.headline is not None
    assert context.headline.id == "traffic_without_inquiries"
    assert "traffic_without_inquiries" in [f.id for f in context.misconceptions]
    assert [f.id for f in context.interplay_findings] == ["isolated_measure"]
    assert context.reach_chart  # the indexed chart appears because traffic rose and inquiries did not
    assert context.reach_headline.startswith("Die Reichweite ist gewachsen")
    shown = {
        f.id
        for f in (
            *context.misconceptions,
            *context.reach_findings,
            *context.interplay_findings,
            *context.other_findings,
            *(n for q in context.scorecard for n in q.notes),
        )
    }
    assert shown == set(analysis.finding_ids())
    bounce = next(k for q in context.scorecard for k in q.kpis if k.name == "Absprungrate Leistungsseite")
    assert bounce.trend == "down"
    assert bounce.tone == "good"  # a falling bounce rate is good for the client
    assert bounce.change == "\u22122,5\u00a0Pkt."
    assert len(context.next_steps) <= 3
    next_step = context.scorecard[3]
    assert [k.name for k in next_step.card_kpis] == [k.name for k in next_step.kpis][:4]
    measures = {m.name: m for d in context.interplay for m in d.measures}
    assert measures["Instagram-Reels"].isolated
    assert "Kontaktanfragen" in measures["Relaunch Leistungsseiten"].kpis  # linked effect KPIs
    assert "Seitenaufrufe" not in measures["Relaunch Leistungsseiten"].kpis  # reach is shown apart, quieter


def test_a_measure_that_has_not_started_runs_from_its_start_not_since(tmp_path: Path) -> None:
    analysis = analysis_for(tmp_path, measures=[
        measure("Landingpage Winter", discipline="Website", status="geplant", start=dt.date(2026, 12, 1)),
        measure("Website-Pflege", discipline="Website", status="aktiv", start=dt.date(2024, 3, 1)),
    ])
    context = build_context(analysis, CONFIG)
    periods = {m.name: m.period for d in context.interplay for m in d.measures}
    assert periods == {"Landingpage Winter": "ab Dezember 2026", "Website-Pflege": "seit März 2024"}


def test_no_reach_chart_without_the_misconception(tmp_path: Path) -> None:
    analysis = analysis_for(
        tmp_path, kpis=[kpi("Seitenaufrufe", [1000] * 13), kpi("Kontaktanfragen", [14] * 13)]
    )
    context = build_context(analysis, CONFIG)
    assert "traffic_without_inquiries" not in analysis.finding_ids()
    assert not context.reach_chart


# ---- English, branding, agency texts -----------------------------------------------------------


def test_english_report_with_client_brand_colours_and_logo(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), "#222222").save(logo)
    analysis = analysis_for(
        tmp_path,
        client={
            "Sprache": "en",
            "Kunde": "Bright Dental Ltd",
            "Primärfarbe": "#FFD700",
            "Akzentfarbe": "#222222",
            "Logo": "logo.png",
        },
    )
    context = build_context(analysis, CONFIG)
    assert context.colors.primary == "#ffd700"
    assert context.colors.on_primary == "#000000"  # black on yellow, by contrast
    rendered = render_analysis(analysis, CONFIG)
    text = pdf_text(rendered.pdf)
    for phrase in (
        "At a glance",
        "Reach is not effect",
        "Misconceptions",
        "How the measures work together",
        "Next steps",
        "Appendix",
        "How to read this report",
        "Marketing impact report",
        "October 2026",
        f"Page 2 of {rendered.pages}",
    ):
        assert phrase in text, phrase
    for question in Question:
        assert QUESTION_TEXT[question]["en"] in text
    for finding in analysis.findings:
        assert plain(finding.text("en")) in text, finding.id
    assert (
        pypdf.PdfReader(io.BytesIO(rendered.pdf)).metadata.title
        == "Bright Dental Ltd – Marketing impact report October 2026"
    )
    assert "data:image/png;base64," in rendered.html


def test_agency_texts_and_templates_override_the_packaged_ones(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "texts.toml").write_text('[de]\nnext_steps_title = "Unsere Empfehlungen"\n', encoding="utf-8")
    analysis = analysis_for(tmp_path)
    config = dataclasses.replace(CONFIG, report=dataclasses.replace(CONFIG.report, templates=str(theme)))
    text = pdf_text(render_analysis(analysis, config).pdf)
    assert "Unsere Empfehlungen" in text
    assert "Nächste Schritte" not in text
    assert "Auf einen Blick" in text  # every other text still from the package


def test_agency_logo_and_font_file_from_the_configuration(tmp_path: Path) -> None:
    logo = tmp_path / "agency.png"
    Image.new("RGB", (200, 60), "#1f4e5f").save(logo)
    font = Path(__file__).resolve().parent.parent / "templates" / "fonts" / "Inter-Bold.otf"
    config = dataclasses.replace(
        CONFIG, agency=dataclasses.replace(CONFIG.agency, logo=str(logo), font=str(font))
    )
    analysis = analysis_for(tmp_path)
    context = build_context(analysis, config)
    assert context.font_family == "Agency Font"
    rendered = render_analysis(analysis, config)
    assert rendered.html.count("data:image/png;base64,") == 1
    assert '@font-face { font-family: "Agency Font"; src: url("data:font/otf;base64,' in rendered.html


def test_a_long_scorecard_shows_four_kpis_and_says_how_many_more(tmp_path: Path) -> None:
    inquiries = [kpi(f"Kontaktanfragen Standort {i}", [10 + i] * 13) for i in range(6)]
    analysis = analysis_for(tmp_path, kpis=[*inquiries, kpi("Seitenaufrufe", [100] * 13)], measures=[])
    card = build_context(analysis, CONFIG).scorecard[3]
    assert len(card.kpis) == 6
    assert len(card.card_kpis) == 4
    assert card.more == "und 2 weitere Kennzahlen im Abschnitt zu dieser Frage"
