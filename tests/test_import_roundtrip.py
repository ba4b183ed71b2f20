"""The whole monthly workflow with the platforms' real formats, through the CLI: ``reporter template`` →
``reporter import`` of a folder holding a 16-month Search Console zip, a GA4 export by Date, a German Google Ads
report (UTF-16 with BOM, TAB, the segment Month, ``Gesamt: …`` rows) and a Business Profile report of one month →
``reporter check`` clean → ``reporter build``. The JSON sidecar holds exactly the monthly numbers this module
computes itself from the rows it wrote (never through reporter's own code), and the PDF shows one of them in
German number format. One import and one build for the whole module."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from reporter.cli import cli
from reporter.model import month_range
from tests.exports_ads import business_profile, google_ads
from tests.exports_google import ga4_block, gsc_days, gsc_zip
from tests.import_fixtures import TEMPLATE_MONTHS, template
from tests.pdftext import pdf_text

MONTH = "2026-10"
WINDOW = month_range(MONTH, 13)  # the report's 13 months: 2025-10 … 2026-10
SIXTEEN = month_range(MONTH, 16)  # the Search Console export: 2025-07 … 2026-10

# ---- Search Console: on day d clicks = d; impressions 100 on days 1–10, 300 after; position 10 then 4 ----------
GSC_FIRST, GSC_LAST = dt.date(2025, 7, 1), dt.date(2026, 10, 31)


def days_of(month: str) -> list[dt.date]:
    first = dt.date(int(month[:4]), int(month[5:]), 1)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return [first + dt.timedelta(days=n) for n in range((following - first).days)]


def gsc_expected(month: str) -> dict[str, float]:
    """The month by hand: Σ clicks, Σ impressions, CTR = Σ clicks ÷ Σ impressions, position weighted."""
    days = days_of(month)
    clicks = sum(d.day for d in days)
    impressions = sum(100 if d.day <= 10 else 300 for d in days)
    weighted = sum((100 * 10.0) if d.day <= 10 else (300 * 4.0) for d in days)
    return {"clicks": clicks, "impressions": impressions, "ctr": clicks / impressions * 100,
            "position": weighted / impressions}  # fmt: skip


# ---- GA4 by Date, August – October 2026: sessions 2 × day, engaged sessions = day, views 3 a day -----------------
GA4_MONTHS = ["2026-08", "2026-09", "2026-10"]
GA4_HEADER = ["Date", "Sessions", "Engaged sessions", "Views"]


def ga4_rows() -> list[list[Any]]:
    return [[f"{d:%Y%m%d}", 2 * d.day, d.day, 3] for month in GA4_MONTHS for d in days_of(month)]


def ga4_expected(month: str) -> dict[str, float]:
    days = days_of(month)
    sessions, engaged = sum(2 * d.day for d in days), sum(d.day for d in days)
    return {"sessions": sessions, "engaged": engaged, "views": 3 * len(days)}


# ---- Google Ads, German UI, segment Monat: two campaigns × three months ------------------------------------------
ADS = {  # campaign → (impressions, clicks, cost, conversions) for August, September, October 2026
    "Marke": [(4210, 300, 150.00, 12), (3800, 250, 140.50, 10), (5000, 400, 210.25, 20)],
    "Dachsanierung": [(10000, 200, 350.00, 8), (8000, 150, 300.00, 5), (12000, 300, 420.75, 10)],
}
ADS_MONTHS = {"2026-08": "August 2026", "2026-09": "September 2026", "2026-10": "Oktober 2026"}


def de(value: float, decimals: int = 0) -> str:
    """As the German UI writes it: 9.380, 1.000,00."""
    return f"{value:,.{decimals}f}".translate(str.maketrans(",.", ".,"))


def ads_expected(month: str) -> dict[str, float]:
    index = list(ADS_MONTHS).index(month)
    impressions, clicks, cost, conversions = (sum(rows[index][part] for rows in ADS.values()) for part in range(4))
    return {"impressions": impressions, "clicks": clicks, "cost": cost, "conversions": conversions,
            "ctr": clicks / impressions * 100, "cpc": cost / clicks, "cpa": cost / conversions}  # fmt: skip


def write_ads(path: Path) -> Path:
    header = ["Kampagne", "Monat", "Währungscode", "Impr.", "Klicks", "Kosten", "Conversions", "CTR",
              "Durchschn. CPC", "Kosten/Conv."]  # fmt: skip
    rows, totals = [], [0.0, 0.0, 0.0, 0.0]
    for name, months in ADS.items():
        for (impr, clicks, cost, conv), label in zip(months, ADS_MONTHS.values(), strict=True):
            rows.append([name, label, "EUR", de(impr), de(clicks), de(cost, 2), de(conv, 2),
                         f"{de(clicks / impr * 100, 2)} %", de(cost / clicks, 2), de(cost / conv, 2)])  # fmt: skip
            totals = [t + v for t, v in zip(totals, (impr, clicks, cost, conv), strict=True)]
    total = ["Gesamt: Konto", " --", " --", de(totals[0]), de(totals[1]), de(totals[2], 2), de(totals[3], 2),
             " --", " --", " --"]  # fmt: skip
    return google_ads(path, "Kampagnenbericht", "01.08.2026 - 31.10.2026", header, rows, [total])


# ---- Business Profile, October 2026, two locations -----------------------------------------------------------------
GBP_HEADER = ["Store code", "Business name", "Address", "Labels", "Overall rating", "Google Search - mobile",
              "Google Search - desktop", "Google Maps - mobile", "Google Maps - desktop", "Calls", "Messages",
              "Bookings", "Directions", "Website clicks"]  # fmt: skip
GBP_DESCRIPTION = ["", "", "", "", "", "Number of people that viewed your Business Profile on Google Search on mobile",
                   "… on desktop", "… on Google Maps on mobile", "… on Google Maps on desktop",
                   "Number of calls made from your Business Profile", "Number of conversations started",
                   "Number of bookings", "Number of direction requests", "Number of website clicks"]  # fmt: skip
GBP_ROWS = [
    ["MUE-01", "Müller Dach", "Hauptstraße 1, 10115 Berlin", "", "4.8", "1200", "300", "450", "50", "35", "4", "0",
     "61", "88"],
    ["MUE-02", "Müller Dach Potsdam", "Am Markt 2, 14467 Potsdam", "", "4.6", "800", "200", "250", "25", "15", "1",
     "0", "39", "42"],
]  # fmt: skip
GBP_NAME = "GMB insights (Performance Report) - 2026-10-1 - 2026-10-31 - 8f3a2c1d.csv"


def gbp_sum(column: str) -> float:
    index = GBP_HEADER.index(column)
    return sum(float(row[index]) for row in GBP_ROWS)


# ---- the run ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("roundtrip-real")
    workbook = folder / "kunden" / "mueller.xlsx"
    workbook.parent.mkdir()
    template(workbook)
    downloads = folder / "downloads" / "mueller"
    downloads.mkdir(parents=True)
    gsc_zip(downloads / "https___www.muster.de_-Performance-on-Search-2026-11-02.zip", gsc_days(GSC_FIRST, GSC_LAST))
    first, last = dt.date(2026, 8, 1), dt.date(2026, 10, 31)
    (downloads / "ga4-zugriffe.csv").write_bytes(
        ga4_block("Traffic acquisition: Date", first, last, GA4_HEADER, ga4_rows())
    )
    write_ads(downloads / "Kampagnenbericht.csv")
    business_profile(downloads / GBP_NAME, GBP_HEADER, GBP_DESCRIPTION, GBP_ROWS)
    runner = CliRunner()
    imported = runner.invoke(cli, ["import", str(workbook), str(downloads), "--json"])
    checked = runner.invoke(cli, ["check", str(workbook), "--lang", "de"])
    out = folder / "berichte"
    built = runner.invoke(cli, ["build", str(workbook), "--out", str(out), "--lang", "de"])
    return {
        "import": imported,
        "check": checked,
        "build": built,
        "out": out,
        "downloads": downloads,
        "workbook": workbook,
    }


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def sidecar(run: dict[str, Any]) -> dict[str, list[float | None]]:
    out: Path = run["out"]
    data = json.loads(next((out / MONTH).glob("*.json")).read_text(encoding="utf-8"))
    return {kpi["kpi"]: [point["value"] for point in kpi["series"]] for kpi in data["kpis"]}


def test_the_import_reads_all_four_exports_and_writes_16_months(run: dict[str, Any]) -> None:
    result = ok(run["import"])
    data = json.loads(result.stdout)
    assert data["problems"] == []
    assert data["summary"]["conflicts"] == 0
    sources = {row["source"] for row in data["cells"]}
    assert {"Search Console › Klicks", "GA4 › Sitzungen", "Google Ads › Kosten"} <= sources
    months = {row["month"] for row in data["cells"] if row["source"] == "Search Console › Klicks"}
    assert sorted(months) == SIXTEEN
    assert [column["month"] for column in data["new_months"]] == [m for m in SIXTEEN if m not in TEMPLATE_MONTHS]


def test_check_is_clean_and_build_succeeds(run: dict[str, Any]) -> None:
    checked = ok(run["check"])
    assert "(0 Fehler," in checked.output
    assert "  Fehler:" not in checked.output
    ok(run["build"])


def test_the_sidecar_holds_the_monthly_sums_and_ratios(run: dict[str, Any]) -> None:
    series = sidecar(run)
    gsc = {month: gsc_expected(month) for month in WINDOW}
    assert series["Klicks (Google-Suche)"] == [gsc[m]["clicks"] for m in WINDOW]
    assert series["Impressionen (Google-Suche)"] == [gsc[m]["impressions"] for m in WINDOW]
    assert series["Klickrate (Google-Suche)"] == pytest.approx([gsc[m]["ctr"] for m in WINDOW], rel=1e-9)
    assert series["Durchschnittliche Position (Google-Suche)"] == pytest.approx(
        [gsc[m]["position"] for m in WINDOW], rel=1e-9
    )
    assert gsc["2026-01"]["clicks"] == 496  # 1 + … + 31, as a person adds it up
    # GA4 and Google Ads cover August – October only: the months before stay empty
    empty = [None] * 10
    assert series["Sitzungen (GA4)"] == [*empty, *(ga4_expected(m)["sessions"] for m in GA4_MONTHS)]
    assert series["Seitenaufrufe (GA4)"] == [*empty, 93.0, 90.0, 93.0]
    ads = [ads_expected(m) for m in ADS_MONTHS]
    assert series["Kosten (Google Ads)"] == pytest.approx([*empty, 500.0, 440.5, 631.0])
    assert series["Klicks (Google Ads)"] == [*empty, *(a["clicks"] for a in ads)]
    assert series["Conversions (Google Ads)"] == [*empty, 20.0, 15.0, 30.0]
    assert series["Klickrate (Google Ads)"][10:] == pytest.approx([a["ctr"] for a in ads], rel=1e-9)
    assert series["Kosten pro Conversion (Google Ads)"][10:] == pytest.approx([25.0, 440.5 / 15, 631 / 30])
    # Business Profile: one month, both locations summed
    assert series["Anrufe (Unternehmensprofil)"] == [*[None] * 12, gbp_sum("Calls")]
    assert series["Routenanfragen (Unternehmensprofil)"] == [*[None] * 12, gbp_sum("Directions")]


def test_the_pdf_shows_an_imported_number_in_german(run: dict[str, Any]) -> None:
    out: Path = run["out"]
    pdf = next((out / MONTH).glob("*.pdf"))
    text = pdf_text(pdf)
    october = gsc_expected("2026-10")
    assert october["impressions"] == 7300  # 10 × 100 + 21 × 300
    assert "7.300" in text  # German grouping
    assert "7,300" not in text


def test_a_german_account_manager_sees_german_exact_amounts_and_the_conflict(
    run: dict[str, Any], tmp_path: Path
) -> None:
    """Importing the folder again in German after someone typed another October cost: the table shows the cents
    as exported, the conflict names the cell, both values and the export's rows; nothing else changes."""
    copy = tmp_path / "mueller.xlsx"
    copy.write_bytes(run["workbook"].read_bytes())
    wb = openpyxl.load_workbook(copy)
    ws = wb["Kennzahlen"]
    cost_row = next(row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value == "Kosten (Google Ads)")
    october = next(
        col for col in range(1, ws.max_column + 1) if ws.cell(row=1, column=col).value == dt.datetime(2026, 10, 1)
    )
    cell = ws.cell(cost_row, october)
    cell.value = 600
    wb.save(copy)
    result = CliRunner().invoke(cli, ["import", str(copy), str(run["downloads"]), "--lang", "de"])
    assert result.exit_code == 1, result.output
    lines = [line.split() for line in result.stdout.splitlines() if line.startswith("Kosten (Google Ads) ")]
    assert lines[1][3:] == ["2026-09", f"X{cost_row}", "unverändert", "440,50", "€"]  # the cents, as exported
    assert lines[2][3:] == ["2026-10", cell.coordinate, "Konflikt", "631", "€", "600", "€"]
    assert "0 Werte geschrieben, 102 unverändert, 1 Konflikt." in result.stdout
    assert result.stderr.splitlines()[0] == (
        f"Fehler: mueller.xlsx › Kennzahlen!{cell.coordinate}: Die Arbeitsmappe enthält 600\u00a0€, "
        "der Export 631\u00a0€ (Kampagnenbericht.csv › Zeilen 6–9): Der Wert der Arbeitsmappe bleibt; "
        "--overwrite ersetzt ihn"
    )
