"""What one effect costs (docs/findings.md, "What one effect costs"): spend from the measures' budgets, pro rata by
days, the cost per primary effect overall and per measure, a platform's own figure labelled beside ours, the
sidecar's blocks and the report's section.

Every number here can be checked by hand: two measures, 600 € a month since January and 300 € a month from
16 September 2026 (30 days, so 15 of them): September's spend is 600 + 300 × 15/30 = 750 €, October's 900 €;
9 contact requests in September cost 750 / 9 = 83,33 € each, 12 in October 900 / 12 = 75 €.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from reporter.config import Config
from reporter.findings import Analysis, analyse, report_data
from reporter.findings.spend import share_of_month
from reporter.model import Measure
from reporter.report import build_context
from reporter.workbook import read_workbook
from tests.workbooks import kpi, make_workbook, measure

N = None
INQUIRIES = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 9, 12]  # … September 9, October 12
ADS = measure("Google Ads", discipline="Anzeigen", start="2026-01-01", status="aktiv", budget=600,
              landing_page="https://muster.example/angebot")
INSTAGRAM = measure("Instagram", discipline="Social Media", start="2026-09-16", status="aktiv", budget=300,
                    landing_page="https://muster.example/")


def run(tmp_path: Path, name: str = "kunde.xlsx", **workbook: Any) -> Analysis:
    return analyse(read_workbook(make_workbook(tmp_path / name, **workbook)))


@pytest.fixture(scope="module")
def two_measures(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """Google Ads (600 €, own KPI "Anfragen Google Ads": 6 in October) and Instagram (300 € from 16 September,
    no effect KPI of its own), 12 contact requests in October, 30,000 impressions."""
    return run(tmp_path_factory.mktemp("spend"), kpis=[
        kpi("Kontaktanfragen", INQUIRIES, channel="Website"),
        kpi("Anfragen Google Ads", [N] * 9 + [5, 5, 5, 6], measure="Google Ads"),
        kpi("Impressionen", [20000] * 12 + [30000], channel="Website"),
        kpi("Follower Instagram", [500] * 13, measure="Instagram"),
    ], measures=[ADS, INSTAGRAM])


# ---- spend per month ----------------------------------------------------------------------------------------


def test_a_budget_counts_pro_rata_by_days_where_a_measure_starts_or_ends(two_measures: Analysis) -> None:
    spend = dict(zip(two_measures.spend.months, two_measures.spend.total, strict=True))
    assert spend["2025-12"] == 0  # before Google Ads started: nothing
    assert spend["2026-01"] == 600
    assert spend["2026-08"] == 600
    assert spend["2026-09"] == 600 + 300 * 15 / 30  # 750: Instagram from the 16th of a 30-day month
    assert spend["2026-10"] == 900


def test_share_of_month_by_status_and_dates() -> None:
    october = "2026-10"
    assert share_of_month(Measure("a", start=dt.date(2026, 10, 1)), october, october) == 1
    assert share_of_month(Measure("a", end=dt.date(2026, 10, 10)), october, october) == 10 / 31
    assert share_of_month(Measure("a", start=dt.date(2026, 10, 6), end=dt.date(2026, 10, 9)), october, october) \
        == 4 / 31
    assert share_of_month(Measure("a", start=dt.date(2026, 11, 1)), october, october) == 0
    assert share_of_month(Measure("a", end=dt.date(2026, 9, 30)), october, october) == 0
    assert share_of_month(Measure("a"), october, october) == 1  # neither dates nor status: running
    assert share_of_month(Measure("a", status="planned", start=dt.date(2026, 1, 1)), october, october) == 0
    # paused, or completed without an end date: nothing in the report month, the months before by their dates
    for status in ("paused", "done"):
        stopped = Measure("a", status=status, start=dt.date(2026, 1, 1))
        assert share_of_month(stopped, october, october) == 0
        assert share_of_month(stopped, "2026-09", october) == 1
    assert share_of_month(Measure("a", status="done", end=dt.date(2026, 10, 15)), october, october) == 15 / 31


def test_measures_without_budget_are_named_not_counted(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", INQUIRIES)], measures=[
        ADS, measure("Messe", discipline="Sonstiges", status="aktiv"),
        measure("Flyer", discipline="Sonstiges", status="abgeschlossen"),
    ])
    assert analysis.spend.spend == 600
    assert analysis.spend.without_budget == ("Messe",)  # the completed flyer does not run in October


# ---- cost per effect ----------------------------------------------------------------------------------------


def test_cost_per_primary_effect_overall_and_over_the_months(two_measures: Analysis) -> None:
    spend = two_measures.spend
    assert spend.effect_kpi == "Kontaktanfragen"  # primary for "Anfragen gewinnen", counts results
    costs = dict(zip(spend.months, spend.costs, strict=True))
    assert costs["2026-10"] == 900 / 12 == 75
    assert costs["2026-09"] == pytest.approx(750 / 9)  # 83,33 €
    assert costs["2026-01"] == 60
    assert costs["2025-12"] is None  # no spend: no cost per inquiry, not 0 €
    assert spend.reach_kpi == "Impressionen"
    assert spend.per_mille == 900 / 30000 * 1000 == 30


def test_cost_per_measure_from_its_own_kpi_and_spend_without_measurable_effect(two_measures: Analysis) -> None:
    ads, instagram = two_measures.spend.running
    assert (ads.name, ads.basis, ads.effect_kpi, ads.cost) == ("Google Ads", "budget_per_effect",
                                                               "Anfragen Google Ads", 100)  # 600 € ÷ 6
    assert (instagram.name, instagram.basis, instagram.cost) == ("Instagram", "no_effect", None)
    assert instagram.spend == 300
    assert instagram.brand_work


def test_no_cost_without_a_result_that_counts(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Absprungrate Leistungsseite", [50] * 13, unit="%"),
        kpi("Kontaktanfragen", [10] * 12 + [0]),
    ], measures=[ADS])
    assert analysis.spend.effect_kpi == "Kontaktanfragen"
    assert analysis.spend.cost is None  # 600 € ÷ 0 inquiries is no number
    report = build_context(analysis, Config()).spend
    assert "keinen Wert, durch den sich das Budget teilen ließe" in report.lead


def test_budgets_of_measures_that_did_not_run_this_month(tmp_path: Path) -> None:
    flyer = measure("Flyer", discipline="Sonstiges", start="2026-02-01", end="2026-03-31", status="abgeschlossen",
                    budget=400)
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", INQUIRIES)], measures=[flyer])
    assert analysis.spend.spend == 0
    assert analysis.spend.cost is None
    report = build_context(analysis, Config()).spend
    assert report.lead == ("Im Oktober 2026 lief keine Maßnahme mit Budget, deshalb gibt es für diesen Monat keine "
                           "Kosten je Ergebnis.")
    assert report.rows == ()
    assert dict(zip(analysis.spend.months, analysis.spend.costs, strict=True))["2026-03"] == 40  # 400 € ÷ 10


def test_the_sidecar_blocks(two_measures: Analysis) -> None:
    data = report_data(two_measures)
    spend, cost = data["spend"], data["cost_per_effect"]
    assert spend["total"] == 900
    assert spend["series"][-2] == {"month": "2026-09", "value": 750}
    assert [m["measure"] for m in spend["measures"]] == ["Google Ads", "Instagram"]
    assert spend["measures"][1]["series"][-2] == {"month": "2026-09", "value": 150}
    assert spend["without_budget"] == []
    assert (cost["kpi"], cost["value"], cost["cost"]) == ("Kontaktanfragen", 12, 75)
    assert cost["series"][-2] == {"month": "2026-09", "value": 83.33}
    assert (cost["reach_kpi"], cost["reach_value"], cost["cost_per_1000"]) == ("Impressionen", 30000, 30)
    assert [(m["measure"], m["basis"], m["cost"]) for m in cost["measures"]] == [
        ("Google Ads", "budget_per_effect", 100), ("Instagram", "no_effect", None)]


def test_a_platforms_own_cost_per_result_is_shown_labelled_beside_ours(tmp_path: Path) -> None:
    """Google Ads says 80 € per conversion; 600 € ÷ 6 inquiries is 100 €. Both are shown, each saying where it
    comes from."""
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", INQUIRIES),
        kpi("Anfragen Google Ads", [6] * 13, measure="Google Ads"),
        kpi("Kosten/Conv.", [80] * 13, unit="Euro", source="Google Ads", measure="Google Ads"),
    ], measures=[ADS])
    report = build_context(analysis, Config()).spend
    facts = {f.label: (f.value, f.basis) for f in report.facts}
    assert facts["Kosten je Anfrage"] == ("50\u00a0€", "aus Budget ÷ Kontaktanfragen")  # 600 € ÷ 12
    assert facts["Kosten/Conv."] == ("80\u00a0€", "laut Google Ads")
    (row,) = report.rows
    assert row.cost == "100\u00a0€"
    assert row.basis == ("aus Budget der Maßnahme ÷ Anfragen Google Ads", "80\u00a0€ laut Google Ads")
    assert any(note.startswith("Zwei Zahlen, zwei Rechenwege") for note in report.notes)
    assert report_data(analysis)["cost_per_effect"]["reported"] == [
        {"kpi": "Kosten/Conv.", "source": "Google Ads", "measure": "Google Ads", "value": 80}]


# ---- the report's section -----------------------------------------------------------------------------------


def test_the_section_in_german(two_measures: Analysis) -> None:
    report = build_context(two_measures, Config()).spend
    assert report.lead == ("Im Oktober 2026 haben Ihre Maßnahmen zusammen 900\u00a0€ gekostet. "
                           "Bei 12 Kontaktanfragen sind das 75\u00a0€ je Anfrage.")
    assert [f.value for f in report.facts] == ["900\u00a0€", "75\u00a0€", "30\u00a0€"]
    assert [(r.measure, r.spend, r.effect, r.cost) for r in report.rows] == [
        ("Google Ads", "600\u00a0€", "Anfragen Google Ads: 6", "100\u00a0€"),
        ("Instagram", "300\u00a0€", "keine Wirkungskennzahl", "–"),
    ]
    assert report.notes[0].startswith("Ausgaben ohne messbare Wirkung: „Instagram“ (300\u00a0€).")
    assert "„Instagram“ kann Markenarbeit sein" in report.notes[0]  # not blamed: social media
    assert [c.caption for c in report.charts] == ["Marketingbudget je Monat", "Kosten je Anfrage im Verlauf"]
    assert "Start Instagram" in report.charts[0].svg  # the measures on the spend chart's time axis


def test_the_section_in_english(tmp_path: Path) -> None:
    client = {"Sprache": "en", "Rolle des Marketings": "Win applicants"}
    analysis = run(tmp_path, client=client, kpis=[kpi("Applications", INQUIRIES, measure="Google Ads")],
                   measures=[ADS, INSTAGRAM])
    report = build_context(analysis, Config()).spend
    assert report.lead == "In October 2026 your measures cost €900 in total. With 12 Applications, that is €75 per " \
                          "application."
    assert report.rows[0].cost == "€50"  # 600 € ÷ 12
    assert report.notes[0].startswith("Spend without a measurable effect: “Instagram” (€300).")


def test_no_budget_says_once_what_to_fill_in(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", INQUIRIES)],
                   measures=[measure("Google Ads", discipline="Anzeigen", status="aktiv")])
    report = build_context(analysis, Config()).spend
    assert report.missing == ("Für Ihre Maßnahmen ist noch kein Budget eingetragen. Tragen Sie im Blatt "
                              "„Maßnahmen“ in der Spalte „Budget“ ein, was jede Maßnahme im Monat kostet – dann "
                              "zeigt dieser Abschnitt, was eine Anfrage, eine Bewerbung oder eine Bestellung kostet.")
    assert (report.facts, report.rows, report.charts, report.notes) == ((), (), (), ())
    data = report_data(analysis)
    assert data["spend"]["total"] is None
    assert data["cost_per_effect"]["cost"] is None
    assert not run(tmp_path, "leer.xlsx", kpis=[kpi("Kontaktanfragen", INQUIRIES)]).spend.budgeted


# ---- the samples show it ------------------------------------------------------------------------------------


def test_the_sample_reports_show_cost_markers_and_the_new_findings(sample_reports: Path) -> None:
    """``build sample_inputs --html`` (tests/conftest.py, once per run): what docs/samples.md promises."""
    def html(slug: str) -> str:
        return (sample_reports / "2026-10" / f"{slug}.html").read_text(encoding="utf-8")

    elektro = html("elektro-schneider")
    for text in ("Was kostet eine Wirkung?", "1.425\u00a0€", "Mehr tun bringt nicht automatisch mehr Wirkung",
                 "Maßnahmen für eine andere Aufgabe", "Welche Aufgabe soll Marketing im Unternehmen eigentlich "
                 "erfüllen?", "Start Meta Ads Smart Home", "andere Aufgabe"):
        assert text in elektro, text
    care = html("pflegedienst-sonnenschein")
    assert "laut Meta Ads" in care
    assert "aus Budget ÷ Bewerbungen" in care
    assert "2 Maßnahmen" in care  # the campaign's start and the careers page's end, both in March
    assert "„LinkedIn-Redaktionsplan“ kann Markenarbeit sein" in html("maschinenbau-hofmann")
    dentist = html("zahnarzt-weber")  # the English report has the same
    assert "What does one result cost?" in dentist
    assert "according to Google Ads" in dentist
    assert "Start Google Ads – implant consultations" in dentist  # its start in October 2025, on its KPI's chart
