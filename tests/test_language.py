"""Editorial rules on what a client actually reads: the sample reports, built once through the CLI.

German prose uses real umlauts, says "Kennzahl" rather than "KPI", writes numbers the German way and keeps a
number and its unit together with a non-breaking space; no report leaks a Python value or a template
placeholder. The rules are checked on the PDF's text (what a client sees) and on the HTML (where the
non-breaking spaces are still visible as characters).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.pdftext import page_texts

MONTH = "2026-10"
GERMAN = ["dachdecker-kraemer", "maschinenbau-hofmann", "kaffee-bohnenglueck", "pflegedienst-sonnenschein",
          "steuerkanzlei-berger", "elektro-schneider"]
ENGLISH = ["zahnarzt-weber"]
ALL = [*GERMAN, *ENGLISH]

# Umlauts written as ae/oe/ue/ss: a targeted list of words the report's texts use (a pattern over all "ue"
# would hit "neue", "Feuer", "Queue", "aktuell"). Case-sensitive on purpose: "MASSNAHME" is the correct
# upper-case spelling of "Maßnahme" in the report's small-caps table headers.
TRANSLITERATED = re.compile(
    r"\b(?:fuer|Fuer|ueber|Ueber\w*|zurueck|Rueck\w*|rueck\w*|naechst\w*|Naechst\w*|Massnahm\w*|massnahm\w*"
    r"|Verstaendnis|Veraender\w*|veraender\w*|Aender\w*|aender\w*|zaehl\w*|Zaehl\w*|haeufig\w*|laeuft"
    r"|fuehr\w*|Fuehr\w*|pruef\w*|Pruef\w*|Empfaenger\w*|koenn\w*|moecht\w*|muess\w*|waere|groess\w*"
    r"|Groess\w*|hoeher\w*|Gespraech\w*|Geschaeft\w*|Qualitaet|Oeffnung\w*|oeffentlich\w*|Oeffentlich\w*"
    r"|Kaeuf\w*|Loesung\w*|gewuenscht\w*|Nutzerfuehrung|Schluess\w*|Bestaetig\w*|taeglich|jaehrlich"
    r"|Gruen|gruen)\b"
)
KPI_WORD = re.compile(r"\bKPIs?\b")
# English decimals in German text: "12.5 %", "2.6 s", "1.83 €" (a German thousands point has three digits).
ENGLISH_DECIMAL = re.compile(r"\d\.\d{1,2}(?!\d)\s*(?:%|s\b|€|Pkt)")
# German decimals in English text: "12,5%".
GERMAN_DECIMAL = re.compile(r"\d,\d{1,2}(?!\d)\s*(?:%|s\b|€|pts)")
# A number, a breakable space, a unit: the line may break between them. English "€920" puts the sign before its
# number: after another number ("October 2026 €920") it is no unit torn from the first.
BREAKABLE_UNIT = re.compile(r"\d[ \t\r\n]+(?:%|€(?!\d)|s\b|Pkt\.|pts\b)")
LEAKS = re.compile(r"\b(?:None|NaN|nan|null|undefined|inf|Infinity)\b")
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{%|%\}|\{[a-z_]+\}")


@dataclass(frozen=True)
class Report:
    slug: str
    lang: str
    pdf_text: str
    pdf_pages: tuple[str, ...]
    html_text: str


def _html_text(markup: str) -> str:
    """The text a reader sees: styles and scripts gone, tags gone, entities decoded."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.fixture(scope="module")
def reports(sample_reports: Path) -> dict[str, Report]:
    out = sample_reports  # ``build sample_inputs --html``, once per run (tests/conftest.py)
    built = {}
    for slug in ALL:
        pdf = out / MONTH / f"{slug}.pdf"
        pages = page_texts(pdf)
        built[slug] = Report(
            slug=slug,
            lang="en" if slug in ENGLISH else "de",
            pdf_text="\n".join(pages),
            pdf_pages=pages,
            html_text=_html_text((out / MONTH / f"{slug}.html").read_text(encoding="utf-8")),
        )
    return built


def _context(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 40): match.end() + 40].replace("\n", " ")


def _hits(pattern: re.Pattern[str], text: str) -> list[str]:
    return [_context(text, m) for m in pattern.finditer(text)]


@pytest.mark.parametrize("slug", GERMAN)
def test_german_prose_has_real_umlauts(reports: dict[str, Report], slug: str) -> None:
    report = reports[slug]
    assert _hits(TRANSLITERATED, report.pdf_text) == []
    # the report is really German and really uses its umlauts (guards the check itself)
    assert "Nächste Schritte" in report.pdf_text
    assert "Maßnahmen" in report.pdf_text


def test_the_umlaut_check_catches_transliterations_and_spares_real_words() -> None:
    assert _hits(TRANSLITERATED, "Die naechsten Schritte fuer Ihre Massnahmen") != []
    assert _hits(TRANSLITERATED, "Eine neue Queue gegen das Feuer, aktuell und steuerlich") == []


@pytest.mark.parametrize("slug", GERMAN)
def test_german_text_says_kennzahl_not_kpi(reports: dict[str, Report], slug: str) -> None:
    report = reports[slug]
    assert _hits(KPI_WORD, report.pdf_text) == []
    assert "Wirkungskennzahlen" in report.pdf_text


@pytest.mark.parametrize("slug", GERMAN)
def test_german_numbers_are_in_german_format(reports: dict[str, Report], slug: str) -> None:
    report = reports[slug]
    assert _hits(ENGLISH_DECIMAL, report.pdf_text) == []
    assert re.search(r"\d,\d\s*%", report.pdf_text), "expected at least one German decimal percentage"
    assert re.search(r"\d\.\d{3}\b", report.pdf_text), "expected at least one German thousands point"


def test_english_numbers_are_in_english_format(reports: dict[str, Report]) -> None:
    report = reports["zahnarzt-weber"]
    assert _hits(GERMAN_DECIMAL, report.pdf_text) == []
    assert re.search(r"\d\.\d%", report.pdf_text)
    assert re.search(r"\d,\d{3}\b", report.pdf_text)


@pytest.mark.parametrize("slug", ALL)
def test_numbers_and_units_never_break_apart(reports: dict[str, Report], slug: str) -> None:
    report = reports[slug]
    assert _hits(BREAKABLE_UNIT, report.html_text) == []
    # the non-breaking spaces are really there (U+00A0 or the narrow U+202F)
    unit = "%" if report.lang == "de" else "pts"
    assert re.search(rf"\d[\u00a0\u202f]{re.escape(unit)}", report.html_text), unit


@pytest.mark.parametrize("slug", ALL)
def test_no_python_values_or_template_placeholders_leak(reports: dict[str, Report], slug: str) -> None:
    report = reports[slug]
    for text in (report.pdf_text, report.html_text):
        leaks = [hit for hit in _hits(LEAKS, text)
                 # German "null" is a word: "Fehlende Werte zählen wir nie als null."
                 if not (report.lang == "de" and "als null" in hit)]
        assert leaks == []
        assert _hits(PLACEHOLDER, text) == []


@pytest.mark.parametrize("slug", ALL)
def test_every_page_after_the_cover_says_page_x_of_y(reports: dict[str, Report], slug: str) -> None:
    report = reports[slug]
    total = len(report.pdf_pages)
    for number, page in enumerate(report.pdf_pages[1:], start=2):
        footer = f"Seite {number} von {total}" if report.lang == "de" else f"Page {number} of {total}"
        assert footer in page


@pytest.mark.parametrize("slug", GERMAN)
def test_german_quotes_are_typographic(reports: dict[str, Report], slug: str) -> None:
    report = reports[slug]
    assert '"' not in report.pdf_text
    assert "„" in report.pdf_text
    assert "“" in report.pdf_text
