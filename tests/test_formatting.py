"""Formatting: one rule for numbers, changes, currency and months, and every surface printing through it.

The first tests pin the rule itself (reporter/formatting.py). The table test at the end builds a real workbook per
row and checks that the same KPI value and change read the same in the finding's text, the summary, the report's
table and scorecard card, the JSON sidecar and the agency overview.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from reporter.config import Config
from reporter.findings import analyse, report_data
from reporter.formatting import MINUS, NBSP, Fmt, direction
from reporter.overview import context as overview_context
from reporter.overview import overview_data
from reporter.report import build_context
from reporter.workbook import read_workbook
from tests.workbooks import kpi, make_workbook

DE, EN = Fmt("de"), Fmt("en")


@pytest.mark.parametrize(
    ("value", "unit", "german", "english"),
    [
        (1234, "count", "1.234", "1,234"),
        (1234.5, "count", "1.235", "1,235"),  # commercial rounding: half away from zero
        (4.85, "points", "4,9", "4.9"),
        (0.034, "count", "0,03", "0.03"),
        (-3.25, "count", f"{MINUS}3,3", f"{MINUS}3.3"),  # a real minus sign, never a hyphen
        (44.3, "percent", f"44,3{NBSP}%", "44.3%"),
        (12.0, "percent", f"12{NBSP}%", "12%"),
        (1.834, "percent", f"1,8{NBSP}%", "1.8%"),  # one decimal from 1 %, as in every table
        (0.45, "percent", f"0,45{NBSP}%", "0.45%"),  # two below 1 %: a small rate keeps its digits
        (106.84, "percent", f"106,8{NBSP}%", "106.8%"),  # and its decimal above 100 %
        (250.5, "eur", f"251{NBSP}€", "€251"),  # whole euros from 100 €
        (25.1, "eur", f"25,10{NBSP}€", "€25.10"),  # cents below
        (1250, "eur", f"1.250{NBSP}€", "€1,250"),
        (2.35, "seconds", f"2,4{NBSP}s", f"2.4{NBSP}s"),
        (None, "count", "–", "–"),
    ],
)
def test_values_have_one_precision_rule(value: float | None, unit: str, german: str, english: str) -> None:
    assert DE.value(value, unit) == german
    assert EN.value(value, unit) == english


@pytest.mark.parametrize(
    ("value", "previous", "unit", "german", "english"),
    [
        (119, 100, "count", f"+19{NBSP}%", "+19%"),
        (95.5, 100, "count", f"{MINUS}4,5{NBSP}%", f"{MINUS}4.5%"),
        (100.04, 100, "count", f"±0{NBSP}%", "±0%"),  # zero after rounding has no sign
        (44.3, 44.1, "percent", f"+0,2{NBSP}Pkt.", f"+0.2{NBSP}pts"),  # a percentage changes in points
        (58.0, 60.0, "percent", f"{MINUS}2{NBSP}Pkt.", f"{MINUS}2{NBSP}pts"),
        (0.52, 0.45, "percent", f"+0,07{NBSP}Pkt.", f"+0.07{NBSP}pts"),  # as precise as the values shown
        (4, 0, "count", "+4", "+4"),  # from 0 a percentage says nothing: the difference
        (None, 10, "count", "", ""),
    ],
)
def test_changes_are_signed_and_percentages_change_in_points(
    value: float | None, previous: float | None, unit: str, german: str, english: str
) -> None:
    assert DE.change(value, previous, unit) == german
    assert EN.change(value, previous, unit) == english


def test_the_arrow_follows_the_printed_change() -> None:
    assert [direction(DE.change(v, 100, "count")) for v in (119, 81, 100.04)] == ["up", "down", "flat"]
    assert direction(DE.change(None, 100, "count")) == "none"


def test_months_lists_and_quotes_per_language() -> None:
    assert (DE.month("2026-03"), EN.month("2026-10")) == ("März 2026", "October 2026")
    assert (DE.month_short("2026-01"), DE.month_short("2026-10")) == ("Jan 26", "Okt")
    assert DE.names(["A", "B", "C"]) == "„A“, „B“ und „C“"
    assert EN.names(["A", "B"]) == "“A” and “B”"
    assert (DE.after_colon("beim Vertrauen"), EN.after_colon("trust")) == ("Beim Vertrauen", "trust")


def test_extreme_numbers_never_crash() -> None:
    assert DE.number(1e88).startswith("10.000.000")
    assert DE.change_pct(float("inf")) == "–"
    assert DE.change(1.0, 2.2e-313, "count") == "+1"


# ---- one value, every surface -----------------------------------------------------------------------------

MONTH = "2026-10"
# (KPI, unit, previous month, report month): the only effect KPI of its workbook, so the summary names it, the
# overview picks it as the client's lead KPI and, next to a vanity number that jumps, vanity_only_success lists
# its change (each row changes by at most 5 %, so it stays "flat").
SURFACE_ROWS = [
    ("Kontaktanfragen", None, 1000, 1019.4, "1.019", f"+1,9{NBSP}%", "1,019", "+1.9%"),
    ("Absprungrate Leistungsseite", "%", 44.1, 44.3, f"44,3{NBSP}%", f"+0,2{NBSP}Pkt.", "44.3%", f"+0.2{NBSP}pts"),
    ("Conversion-Rate", "%", 1.834, 1.80, f"1,8{NBSP}%", f"±0{NBSP}Pkt.", "1.8%", f"±0{NBSP}pts"),
    ("Umsatz", "€", 250.5, 255.5, f"256{NBSP}€", f"+2{NBSP}%", "€256", "+2%"),
    ("Kosten pro Anfrage", "€", 25.1, 25.6, f"25,60{NBSP}€", f"+2{NBSP}%", "€25.60", "+2%"),
    ("Ladezeit mobil (LCP)", "Sekunden", 2.35, 2.4, f"2,4{NBSP}s", f"+2,1{NBSP}%", f"2.4{NBSP}s", "+2.1%"),
    ("Net Promoter Score", "Punkte", -3.25, -3.2, f"{MINUS}3,2", f"+1,5{NBSP}%", f"{MINUS}3.2", "+1.5%"),
]


def _surfaces(tmp_path: Path, lang: str, name: str, unit: str | None, previous: float, value: float) -> dict:
    """What each surface prints for the row's KPI: report table, card, finding, summary, sidecar, overview."""
    client = {"Berichtsmonat": MONTH, "Sprache": lang}
    path = make_workbook(tmp_path / "kunde.xlsx", client=client, kpis=[
        kpi(name, [previous] * 12 + [value], unit=unit),
        kpi("Reichweite Instagram", [3000] * 12 + [3900]),
    ])
    config = Config()
    analysis = analyse(read_workbook(path, config), config)
    report = build_context(analysis, config)
    table = next(k for k in report.kpis if k.name == name)
    card = next(k for q in report.scorecard for k in q.card_kpis if k.name == name)
    finding = next(f for f in analysis.findings if f.id == "vanity_only_success")
    data = report_data(analysis)
    (tmp_path / "kunde.json").write_text(json.dumps(data), encoding="utf-8")
    entry = {"workbook": str(path), "slug": "kunde", "client": "Kunde", "status": "ok", "json": "kunde.json"}
    german_agency = dataclasses.replace(config, language="de")  # the overview speaks the agency's language
    row = overview_context(overview_data(MONTH, [entry], tmp_path, german_agency), german_agency).rows[0]
    return {"table": (table.value, table.change), "card": (card.value, card.change), "finding": finding.text(lang),
            "summary": data["summary"], "overview": (row.kpi_name, row.kpi_value, row.kpi_change)}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(("name", "unit", "previous", "value", "value_de", "change_de", "value_en", "change_en"),
                         SURFACE_ROWS, ids=[r[0] for r in SURFACE_ROWS])
def test_every_surface_prints_a_value_and_its_change_the_same_way(
    tmp_path: Path, lang: str, name: str, unit: str | None, previous: float, value: float, value_de: str,
    change_de: str, value_en: str, change_en: str,
) -> None:
    shown, change = (value_de, change_de) if lang == "de" else (value_en, change_en)
    seen = _surfaces(tmp_path, lang, name, unit, previous, value)
    assert seen["table"] == (shown, change)
    assert seen["card"] == (shown, change)
    assert f"{name} {change}" in seen["finding"]  # the effect KPIs that stayed flat, vs the previous month
    vs = "zum Vormonat" if lang == "de" else "vs previous month"
    assert f"{name}: {shown}, {change} {vs}" in seen["summary"]
    assert seen["overview"] == (name, value_de, change_de)  # the agency's overview, in German
