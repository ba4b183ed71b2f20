"""The findings about doing more and doing something else: ``activity_without_effect`` and ``measures_off_role``
(docs/findings.md, "More activity, another job"), positive and negative, on tiny workbooks whose numbers can be
checked by hand. The report month is 2026-10: the last three months are August to October, the three before May
to July."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reporter.findings import Analysis, Finding, analyse
from reporter.workbook import read_workbook
from tests.workbooks import kpi, make_workbook, measure

FLAT = [14] * 13
PAGE = "https://muster.example/"
CARE = measure("Website-Pflege", discipline="Website", start="2025-01-01", status="aktiv", budget=300,
               landing_page=PAGE)
# 600 € from 1 August; 300 € from 16 September (15 of 30 days: 150 €), without a landing page
ADS = measure("Google Ads", discipline="Anzeigen", start="2026-08-01", status="aktiv", budget=600,
              landing_page=PAGE + "angebot")
INSTAGRAM = measure("Instagram", discipline="Social Media", start="2026-09-16", status="aktiv", budget=300)


def run(tmp_path: Path, **workbook: Any) -> Analysis:
    return analyse(read_workbook(make_workbook(tmp_path / "kunde.xlsx", **workbook)))


def found(analysis: Analysis, finding_id: str) -> Finding | None:
    return next((f for f in analysis.findings if f.id == finding_id), None)


def step(analysis: Analysis, finding_id: str, lang: str = "de") -> str:
    return next(s.text(lang) for s in analysis.next_steps if s.finding == finding_id)


# ---- activity_without_effect --------------------------------------------------------------------------------


def test_two_new_measures_and_more_budget_while_inquiries_stay_flat(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", FLAT, measure="Website-Pflege"),
        kpi("Anfragen Google Ads", [None] * 10 + [3, 4, 4], measure="Google Ads"),
    ], measures=[CARE, ADS, INSTAGRAM])
    f = found(analysis, "activity_without_effect")
    assert f is not None
    assert f.title_de == "Mehr tun bringt nicht automatisch mehr Wirkung"
    assert f.measures == ("Google Ads", "Instagram")
    # spend: May–Jul 300 € each; Aug 900 €, Sep 300 + 600 + 150 = 1.050 €, Oct 1.200 €: mean 1.050 €, +250 %
    assert f.text_de.startswith(
        "In den letzten 3 Monaten sind 2 Maßnahmen neu gestartet: „Google Ads“ (August 2026) und „Instagram“ "
        "(September 2026). Das monatliche Budget stieg von durchschnittlich 300\u00a0€ auf 1.050\u00a0€ "
        "(+250\u00a0%, letzte 3 Monate gegenüber den 3 Monaten davor). Die Anfragen sind im selben Vergleich nicht "
        "gestiegen: Kontaktanfragen ±0\u00a0%.")
    assert f.headline_de == ("Mehr Aktivität (2 neue Maßnahmen und Budget +250\u00a0%) hat nicht zu mehr Anfragen "
                             "geführt (Kontaktanfragen ±0\u00a0% im Dreimonatsvergleich).")
    assert f.title_en == "More activity does not automatically bring more effect"
    assert "rose from an average of €300 to €1,050 (+250%" in f.text_en
    # innehalten, einordnen, vereinfachen: which to connect to a landing page, which to review
    assert step(analysis, "activity_without_effect") == (
        "Innehalten, einordnen, vereinfachen: „Instagram“ mit einer Zielseite verbinden, auf der Anfragen "
        "entstehen können. Gemeinsam prüfen, was „Google Ads“ für die Anfragen leistet. Erst danach über weitere "
        "Maßnahmen entscheiden.")
    assert step(analysis, "activity_without_effect", "en").startswith("Pause, take stock, simplify: Connect")


def test_more_budget_without_a_new_measure_names_the_measure_that_grew(tmp_path: Path) -> None:
    """A campaign from 20 June (11 of 30 days): May–Jul 300 + (0 + 330 + 900) / 3 = 710 €, Aug–Oct 1.200 €."""
    campaign = measure("Sommerkampagne", discipline="Anzeigen", start="2026-06-20", status="aktiv", budget=900,
                       landing_page=PAGE)
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", [14] * 10 + [13, 12, 12])], measures=[CARE, campaign])
    f = found(analysis, "activity_without_effect")
    assert f is not None
    assert f.measures == ("Sommerkampagne",)
    assert f.text_de.startswith("Das monatliche Budget stieg von durchschnittlich 710\u00a0€ auf 1.200\u00a0€ "
                                "(+69\u00a0%,")
    assert "Die Anfragen sind im selben Vergleich sogar gesunken: Kontaktanfragen −12\u00a0%." in f.text_de
    # no primary effect KPI belongs to the campaign: pause it until it shows what it brings
    assert "„Sommerkampagne“ pausieren, bis klar ist, was sie für die Anfragen leistet." in step(
        analysis, "activity_without_effect")


def test_budget_from_nothing_counts_as_more(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", FLAT)], measures=[ADS])
    f = found(analysis, "activity_without_effect")
    assert f is not None  # one new measure only, but the spend grew from 0 €
    assert "In den 3 Monaten davor war kein Budget eingetragen, jetzt sind es durchschnittlich 600\u00a0€ im Monat." \
        in f.text_de


def test_not_raised_when_the_effect_grows_with_the_activity(tmp_path: Path) -> None:
    rising = [10] * 7 + [10, 10, 10, 13, 14, 15]  # +40 % in three months
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", rising)], measures=[CARE, ADS, INSTAGRAM])
    assert found(analysis, "activity_without_effect") is None


def test_not_raised_for_one_new_measure_and_a_small_rise(tmp_path: Path) -> None:
    big = measure("Messeauftritte", discipline="Sonstiges", start="2025-01-01", status="aktiv", budget=3000,
                  landing_page=PAGE)
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", FLAT)], measures=[big, ADS])  # +20 %, 1 new
    assert found(analysis, "activity_without_effect") is None


def test_a_young_seo_measure_is_not_more_activity_yet(tmp_path: Path) -> None:
    seo = measure("SEO Leistungsseiten", discipline="SEO", start="2026-08-01", status="aktiv", budget=1100,
                  landing_page=PAGE)
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", FLAT), kpi("Impressionen (Google Search Console)",
                                                                    [8000] * 13)], measures=[CARE, seo])
    assert found(analysis, "seo_short_term") is not None
    assert found(analysis, "activity_without_effect") is None


# ---- measures_off_role --------------------------------------------------------------------------------------

RECRUITING = {"Rolle des Marketings": "Bewerber gewinnen"}
WALLBOX = measure("Google Ads Wallbox", discipline="Anzeigen", start="2025-01-01", status="aktiv", budget=1200,
                  landing_page=PAGE + "wallbox")
CAREERS = measure("Karriereseite", discipline="Website", start="2025-01-01", status="aktiv",
                  landing_page=PAGE + "karriere")


def test_a_recruiting_client_running_a_sales_campaign(tmp_path: Path) -> None:
    analysis = run(tmp_path, client=RECRUITING, kpis=[
        kpi("Bewerbungen", [3] * 13, measure="Karriereseite"),
        kpi("Anfragen Wallbox", [8] * 13, measure="Google Ads Wallbox"),
    ], measures=[WALLBOX, CAREERS])
    f = found(analysis, "measures_off_role")
    assert f is not None
    assert f.measures == ("Google Ads Wallbox",)
    assert f.kpis == ("Anfragen Wallbox",)
    assert f.title_de == "Eine Maßnahme für eine andere Aufgabe"
    assert f.text_de == (
        "„Google Ads Wallbox“ (1.200\u00a0€ im Monat) wird an „Anfragen Wallbox“ gemessen, dient also der "
        "Kundengewinnung. Laut Arbeitsblatt soll Ihr Marketing aber Bewerberinnen und Bewerber gewinnen. Damit "
        "stellt sich die Frage, die vor jeder Maßnahme stehen sollte: „Welche Aufgabe soll Marketing im Unternehmen "
        "eigentlich erfüllen?“")
    assert f.headline_de == ("„Google Ads Wallbox“ dient der Kundengewinnung, Ihr Marketing soll aber "
                             "Bewerberinnen und Bewerber gewinnen.")
    assert "“What job is marketing actually supposed to do for the company?”" in f.text_en
    assert step(analysis, "measures_off_role") == (
        "Klären, welche Aufgabe Marketing erfüllen soll: Soll es Bewerberinnen und Bewerber gewinnen, dann "
        "„Google Ads Wallbox“ pausieren und das Budget in Maßnahmen für mehr Bewerbungen lenken – sonst die Rolle "
        "des Marketings im Arbeitsblatt anpassen, damit der Bericht misst, was zählt.")


def test_no_measure_works_on_the_clients_job(tmp_path: Path) -> None:
    analysis = run(tmp_path, client=RECRUITING, kpis=[
        kpi("Bewerbungen", [3] * 13),
        kpi("Anfragen Wallbox", [8] * 13, measure="Google Ads Wallbox"),
    ], measures=[WALLBOX])
    f = found(analysis, "measures_off_role")
    assert f is not None
    assert "Keine laufende Maßnahme arbeitet damit an der Aufgabe, die im Arbeitsblatt steht: Bewerberinnen und " \
           "Bewerber gewinnen." in f.text_de


def test_a_recruiting_campaign_of_a_client_who_wants_inquiries(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", FLAT, measure="Website-Pflege"),
        kpi("Bewerbungen", [3] * 13, measure="Karriereseite"),
    ], measures=[CARE, CAREERS])
    f = found(analysis, "measures_off_role")
    assert f is not None
    assert f.measures == ("Karriereseite",)
    assert "dient also der Personalgewinnung" in f.text_de
    assert "so it serves recruiting" in f.text_en


def test_not_raised_for_measures_serving_both_or_judged_by_nothing_that_says_whom_they_win(tmp_path: Path) -> None:
    paused = measure("Recruiting-Kampagne", discipline="Anzeigen", start="2025-01-01", status="pausiert",
                     landing_page=PAGE + "jobs")
    reviews = measure("Bewertungen", discipline="Sonstiges", start="2025-01-01", status="aktiv", landing_page=PAGE)
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", FLAT, measure="Website-Pflege"),
        kpi("Bewerbungen", [3] * 13, measure="Website-Pflege"),  # the same measure serves both jobs
        kpi("Bewerbungen über Anzeigen", [2] * 13, measure="Recruiting-Kampagne"),  # paused: not judged
        kpi("Google-Bewertungen", [40] * 13, measure="Bewertungen"),  # trust serves any job
    ], measures=[CARE, paused, reviews])
    assert found(analysis, "measures_off_role") is None
