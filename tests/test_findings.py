"""Findings: trends, targets, the article's misconceptions, interplay, coverage, summary, next steps, sidecar.

Every finding is tested positive and negative on tiny real workbooks (tests/workbooks.py, read by the real
reader) whose numbers make the answer obvious. The report month is 2026-10 throughout.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.config import Config, ThresholdsConfig
from reporter.findings import (
    FINDING_IDS,
    MISCONCEPTIONS,
    QUESTION_STATUSES,
    SEVERITIES,
    TARGET_STATUSES,
    Analysis,
    analyse,
    measure_active,
    report_data,
)
from reporter.formatting import Fmt
from reporter.model import Client, ClientData, Kpi, Measure, Question, Role, WorkbookError
from reporter.workbook import read_workbook
from tests.workbooks import kpi, make_workbook, measure

FLAT = [10] * 13


def ramp(start: float, end: float, count: int = 13) -> list[float]:
    step = (end - start) / (count - 1)
    return [round(start + i * step, 2) for i in range(count)]


def run(tmp_path: Path, config: Config | None = None, **workbook: Any) -> Analysis:
    path = make_workbook(tmp_path / "kunde.xlsx", **workbook)
    return analyse(read_workbook(path), config)


def ids(analysis: Analysis) -> list[str]:
    return [f.id for f in analysis.findings]


def finding(analysis: Analysis, finding_id: str):  # noqa: ANN201 - a Finding
    matches = [f for f in analysis.findings if f.id == finding_id]
    assert matches, f"{finding_id} not in {ids(analysis)}"
    return matches[0]


# Effect KPIs for every question, all flat: a client that is fully measured and calm.
ALL_QUESTIONS = [
    kpi("Absprungrate Leistungsseite", [50] * 13, unit="%"),
    kpi("Ladezeit mobil (LCP)", [2.5] * 13, unit="Sekunden"),
    kpi("Google-Bewertungen", [40] * 13),
]


# -- formatting ----------------------------------------------------------------------------------------------


def test_numbers_and_months_are_formatted_for_the_language() -> None:
    de, en = Fmt("de"), Fmt("en")
    assert de.number(1234) == "1.234"
    assert en.number(1234) == "1,234"
    assert de.value(12.5, "percent") == "12,5\u00a0%"
    assert en.value(12.5, "percent") == "12.5%"
    assert de.value(2.3, "seconds") == "2,3\u00a0s"
    assert de.value(1250, "eur") == "1.250\u00a0€"
    assert de.value(None, "count") == "–"
    assert de.change_pct(19.2) == "+19\u00a0%"
    assert de.change_pct(-4.46) == "−4,5\u00a0%"  # a real minus sign (U+2212)
    assert de.change_pct(0.01) == "±0\u00a0%"
    assert en.change_pct(19.2) == "+19%"
    assert de.month("2026-10") == "Oktober 2026"
    assert de.month("2026-03") == "März 2026"
    assert en.month("2026-10") == "October 2026"


# -- trends and targets --------------------------------------------------------------------------------------


def test_trend_values_changes_and_series(tmp_path: Path) -> None:
    values = [8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 10, 12]
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", values, target=15), *ALL_QUESTIONS])
    t = analysis.trend("Kontaktanfragen")
    assert (t.value, t.previous, t.last_year) == (12, 10, 8)
    assert t.change_pct == pytest.approx(20.0)
    assert t.change_yoy_pct == pytest.approx(50.0)
    assert t.improvement is True
    assert [m for m, _ in t.series][0] == "2025-10"
    assert [m for m, _ in t.series][-1] == "2026-10"
    assert len(t.series) == 13
    assert len(t.series_12m) == 12
    # last 3 months (13, 10, 12) vs the 3 before (12, 12, 13)
    assert t.trend_3m_pct == pytest.approx((35 - 37) / 37 * 100)
    assert t.target_status == "missed"  # "close" would be 13.5 or more (within 10 % of 15)
    assert analysis.month == "2026-10"


def test_direction_aware_improvement_for_a_falling_bounce_rate(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Absprungrate Leistungsseite", [60, 58, 55], unit="%", target=56)])
    t = analysis.trend("Absprungrate Leistungsseite")
    assert t.change_pct < 0
    assert t.improvement is True
    assert t.target_status == "reached"
    assert t.format_change("de") == "−3\u00a0Pkt."


@pytest.mark.parametrize(
    ("value", "target", "direction", "status"),
    [
        (20, 20, None, "reached"),
        (18.5, 20, None, "close"),
        (17, 20, None, "missed"),
        (20, None, None, "none"),
        (2.6, 2.5, "niedriger ist besser", "close"),
        (3.0, 2.5, "niedriger ist besser", "missed"),
        (2.0, 2.5, "niedriger ist besser", "reached"),
        # target 0: for counts anything reaches it; for lower-is-better only 0 does, there is no "close" band
        (3, 0, None, "reached"),
        (0, 0, "niedriger ist besser", "reached"),
        (0.1, 0, "niedriger ist besser", "missed"),
    ],
)
def test_target_status(tmp_path: Path, value: float, target: float | None, direction: str | None,
                       status: str) -> None:
    row = kpi("Kontaktanfragen", [value, value], target=target, direction=direction)
    analysis = run(tmp_path, kpis=[row])
    assert analysis.trend("Kontaktanfragen").target_status == status


def test_target_without_a_value_this_month_is_not_measured(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", [10, None], target=12), kpi("Seitenaufrufe", [5, 6]),
    ])
    t = analysis.trend("Kontaktanfragen")
    assert t.value is None
    assert t.target_status == "not_measured"
    assert t.change_pct is None
    assert t.improvement is None


def test_kpi_with_only_two_months_of_data(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", [10, 12])])
    t = analysis.trend("Kontaktanfragen")
    assert t.change_pct == pytest.approx(20.0)
    assert t.trend_3m_pct is None
    assert t.last_year is None
    assert t.change_yoy_pct is None
    assert t.anomaly is False
    assert sum(v is not None for _, v in t.series) == 2
    assert "Kontaktanfragen: 12, +20\u00a0% zum Vormonat" in analysis.summary_de


def test_a_month_without_value_between_values_is_not_zero(tmp_path: Path) -> None:
    values = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, None, 12]
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", values)])
    t = analysis.trend("Kontaktanfragen")
    assert t.previous is None
    assert t.change_pct is None
    assert t.improvement is None
    assert dict(t.series)["2026-09"] is None
    # 3-month trend over the measured months only: (10 + 12) / 2 = 11 vs 10
    assert t.trend_3m_pct == pytest.approx(10.0)
    assert t.anomaly is False


def test_previous_month_zero_gives_no_percent_change(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", [0, 4])])
    t = analysis.trend("Kontaktanfragen")
    assert t.change_pct is None
    assert t.improvement is True
    assert t.format_change("de") == "+4"  # the absolute change stands in for the percentage


def client_data(kpis: list[Kpi], month: str = "2026-10") -> ClientData:
    client = Client(name="Muster GmbH", slug="muster", report_month=month, role=Role.INQUIRIES)
    return ClientData(source=Path("/kunden/kunde.xlsx"), client=client, kpis=tuple(kpis), measures=(),
                      months=tuple(sorted({m for k in kpis for m in k.monthly})))


def test_report_month_without_any_value_is_a_located_error() -> None:
    data = client_data([Kpi("Kontaktanfragen", monthly={"2026-08": 10.0, "2026-09": 12.0, "2026-10": None})])
    with pytest.raises(WorkbookError) as info:
        analyse(data)
    assert str(info.value).startswith("kunde.xlsx › Kennzahlen: ")
    assert "2026-10" in str(info.value)


def test_all_months_empty_is_a_located_error() -> None:
    data = client_data([Kpi("Kontaktanfragen", monthly={"2026-09": None, "2026-10": None}), Kpi("Leer")])
    with pytest.raises(WorkbookError) as info:
        analyse(data)
    assert info.value.problems[0].sheet == "Kennzahlen"
    assert info.value.problems[0].file == "kunde.xlsx"


def test_the_reader_already_refuses_a_report_month_without_data(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", client={"Berichtsmonat": "2026-10"},
                         kpis=[kpi("Kontaktanfragen", [10, 12, None])])
    with pytest.raises(WorkbookError):
        analyse(read_workbook(path))


def test_anomaly_is_flagged_far_outside_the_kpis_own_variation(tmp_path: Path) -> None:
    calm = [100, 103, 98, 101, 99, 102, 100, 97, 101, 100, 103, 99]
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", [*calm, 300]), kpi("Seitenaufrufe", [*calm, 104])])
    odd = analysis.trend("Kontaktanfragen")
    assert odd.anomaly is True
    assert "300 nach 99 im Vormonat" in (odd.anomaly_reason_de or "")
    assert analysis.trend("Seitenaufrufe").anomaly is False
    assert finding(analysis, "anomaly").kpis == ("Kontaktanfragen",)


def test_an_ordinary_good_month_or_a_dip_is_no_anomaly_but_a_sudden_zero_is(tmp_path: Path) -> None:
    calm = [100, 103, 98, 101, 99, 102, 100, 97, 101, 100, 103, 99]
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", [*calm, 125]), kpi("Seitenaufrufe", [*calm, 80]), kpi("Sitzungen", [*calm, 0]),
    ])
    assert [t.name for t in analysis.trends if t.anomaly] == ["Sitzungen"]
    assert "zwischen 97 und 103" in (analysis.trend("Sitzungen").anomaly_reason_de or "")


def test_steady_growth_is_no_anomaly(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Seitenaufrufe", ramp(1000, 2200)), kpi("Kontaktanfragen", ramp(10, 22)),
    ])
    assert not any(t.anomaly for t in analysis.trends)
    assert "anomaly" not in ids(analysis)


# -- traffic_without_inquiries -------------------------------------------------------------------------------

TRAFFIC_UP = [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1200, 1250, 1300]


def test_traffic_without_inquiries_positive(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Seitenaufrufe", TRAFFIC_UP, channel="Website"),
        kpi("Kontaktanfragen", [14] * 13, channel="Website", target=20),
        *ALL_QUESTIONS,
    ])
    f = finding(analysis, "traffic_without_inquiries")
    assert f.severity == "attention"
    assert f.title_de == "„Mehr Traffic bedeutet automatisch mehr Anfragen“"
    assert "Seitenaufrufe +25\u00a0%" in f.text_de
    assert "Kontaktanfragen ±0\u00a0%" in f.text_de
    assert "Seitenaufrufe +25%" in f.text_en
    assert f.kpis == ("Seitenaufrufe", "Kontaktanfragen")
    assert analysis.findings[0].id == "traffic_without_inquiries"
    assert "Wichtigster Befund: Die Reichweite ist gewachsen" in analysis.summary_de


def test_traffic_without_inquiries_is_critical_when_inquiries_fall(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Seitenaufrufe", TRAFFIC_UP), kpi("Kontaktanfragen", [20] * 10 + [15, 14, 13]),
    ])
    f = finding(analysis, "traffic_without_inquiries")
    assert f.severity == "critical"
    assert "sogar gesunken" in f.text_de


def test_traffic_without_inquiries_negative_when_inquiries_rise_too(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Seitenaufrufe", TRAFFIC_UP), kpi("Kontaktanfragen", [10] * 10 + [13, 13, 14]), *ALL_QUESTIONS,
    ])
    assert "traffic_without_inquiries" not in ids(analysis)


def test_traffic_without_inquiries_negative_when_traffic_rose_only_a_little(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Seitenaufrufe", [1000] * 10 + [1050, 1100, 1100]), kpi("Kontaktanfragen", [14] * 13),
    ])
    assert "traffic_without_inquiries" not in ids(analysis)


def test_traffic_threshold_comes_from_the_configuration(tmp_path: Path) -> None:
    config = Config(thresholds=ThresholdsConfig(traffic_rise_pct=40.0))
    kpis = [kpi("Seitenaufrufe", TRAFFIC_UP), kpi("Kontaktanfragen", [14] * 13)]
    analysis = run(tmp_path, config, kpis=kpis)
    assert "traffic_without_inquiries" not in ids(analysis)


def test_traffic_without_inquiries_needs_a_next_step_kpi(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Seitenaufrufe", TRAFFIC_UP)])
    assert "traffic_without_inquiries" not in ids(analysis)
    assert finding(analysis, "question_not_measured").question == Question.NEXT_STEP


# -- social_replaces_sales -----------------------------------------------------------------------------------

FOLLOWERS_UP = [500] * 10 + [600, 650, 700]
SOCIAL = measure("Instagram-Kanal", discipline="Social Media", status="aktiv", start=dt.date(2025, 1, 1))


def test_social_replaces_sales_positive_without_landing_page(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Follower Instagram", FOLLOWERS_UP, channel="Social Media"),
        kpi("Kontaktanfragen", [14] * 13),
        *ALL_QUESTIONS,
    ], measures=[SOCIAL])
    f = finding(analysis, "social_replaces_sales")
    assert f.measures == ("Instagram-Kanal",)
    assert ("Bei der Maßnahme „Instagram-Kanal“ wächst die Reichweite (Follower Instagram +30\u00a0%)"
            in f.text_de)
    assert "es gibt weder eine Zielseite noch eine Kennzahl für den nächsten Schritt" in f.text_de
    # a social measure without landing page is also isolated (the issue defines both independently)
    assert finding(analysis, "isolated_measure").measures == ("Instagram-Kanal",)
    # ... but one next step about connecting it is enough
    assert [s.finding for s in analysis.next_steps].count("social_replaces_sales") == 1
    assert "isolated_measure" not in [s.finding for s in analysis.next_steps]


def test_social_replaces_sales_positive_with_flat_linked_inquiries(tmp_path: Path) -> None:
    social = {**SOCIAL, "Zielseite": "https://muster.de/angebot"}
    analysis = run(tmp_path, kpis=[
        kpi("Follower Instagram", FOLLOWERS_UP, channel="Social Media"),
        kpi("Anfragen über Instagram", [3] * 13, measure="Instagram-Kanal"),
    ], measures=[social])
    f = finding(analysis, "social_replaces_sales")
    assert "stagnieren (Anfragen über Instagram ±0\u00a0%)" in f.text_de


def test_social_replaces_sales_negative_when_social_leads_to_inquiries(tmp_path: Path) -> None:
    social = {**SOCIAL, "Zielseite": "https://muster.de/angebot"}
    analysis = run(tmp_path, kpis=[
        kpi("Follower Instagram", FOLLOWERS_UP, channel="Social Media"),
        kpi("Anfragen über Instagram", [3] * 10 + [5, 6, 7], measure="Instagram-Kanal"),
    ], measures=[social])
    assert "social_replaces_sales" not in ids(analysis)
    assert "isolated_measure" not in ids(analysis)


def test_social_replaces_sales_without_channels_finds_the_social_kpis_by_name(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Reichweite Instagram", [3000] * 10 + [3600, 3900, 4200]),
        kpi("Seitenaufrufe", [1000] * 13),
        kpi("Kontaktanfragen", [14] * 13),
    ], measures=[SOCIAL])
    f = finding(analysis, "social_replaces_sales")
    assert f.kpis == ("Reichweite Instagram",)
    # social reach is not website traffic: the first misconception stays silent
    assert "traffic_without_inquiries" not in ids(analysis)


def test_social_replaces_sales_negative_when_reach_does_not_grow(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Follower Instagram", [500] * 13, channel="Social Media"), kpi("Kontaktanfragen", [14] * 13),
    ], measures=[SOCIAL])
    assert "social_replaces_sales" not in ids(analysis)
    # without a landing page and an effect KPI the measure is still isolated
    assert finding(analysis, "isolated_measure").measures == ("Instagram-Kanal",)


# -- seo_short_term ------------------------------------------------------------------------------------------


def test_seo_short_term_positive(tmp_path: Path) -> None:
    seo = measure("Local SEO", discipline="SEO", status="aktiv", start=dt.date(2026, 7, 1))
    analysis = run(tmp_path, kpis=[
        kpi("Impressionen (Google Search Console)", [1000] * 10 + [1300, 1500, 1800], channel="SEO"),
        kpi("Kontaktanfragen", [14] * 13),
        *ALL_QUESTIONS,
    ], measures=[seo])
    f = finding(analysis, "seo_short_term")
    assert f.severity == "info"
    assert f.title_de == "„SEO wirkt kurzfristig“"
    assert "läuft erst seit 3 Monaten (Start im Juli 2026)" in f.text_de
    assert "frühestens ab Januar 2027" in f.text_de
    assert "Impressionen (Google Search Console) +" in f.text_de
    assert f.measures == ("Local SEO",)
    # a young SEO measure's rising visibility is no evidence for the traffic misconception
    assert "traffic_without_inquiries" not in ids(analysis)
    assert any("SEO Zeit geben" in s.text_de for s in analysis.next_steps)


def test_seo_short_term_negative_for_an_established_seo_measure(tmp_path: Path) -> None:
    seo = measure("SEO-Betreuung", discipline="SEO", status="aktiv", start=dt.date(2025, 3, 1))
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", [14] * 13, channel="SEO")], measures=[seo])
    assert "seo_short_term" not in ids(analysis)


def test_seo_short_term_respects_the_configured_months(tmp_path: Path) -> None:
    seo = measure("Local SEO", discipline="SEO", status="aktiv", start=dt.date(2026, 7, 1))
    config = Config(thresholds=ThresholdsConfig(seo_months=3))
    analysis = run(tmp_path, config, kpis=[kpi("Kontaktanfragen", FLAT)], measures=[seo])
    assert "seo_short_term" not in ids(analysis)


# -- website_sells_itself ------------------------------------------------------------------------------------

RELAUNCH = measure(
    "Website-Relaunch", discipline="Website", status="abgeschlossen", start=dt.date(2026, 2, 1),
    end=dt.date(2026, 5, 31), landing_page="https://muster.de",
)


def test_website_sells_itself_positive_when_nothing_measures_its_effect(tmp_path: Path) -> None:
    site = measure("Neue Website", discipline="Website", status="aktiv", start=dt.date(2026, 1, 1))
    analysis = run(tmp_path, kpis=[kpi("Seitenaufrufe", [1000] * 13, channel="Website")], measures=[site])
    f = finding(analysis, "website_sells_itself")
    assert f.title_de == "„Eine schöne Website überzeugt von selbst“"
    assert "„Neue Website“" in f.text_de
    assert "gemessen wird nur Reichweite" in f.text_de


def test_website_sells_itself_positive_when_nothing_improved_after_the_relaunch(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", [14] * 13, channel="Website"),
        kpi("Absprungrate Leistungsseite", [60] * 13, unit="%"),
    ], measures=[RELAUNCH])
    f = finding(analysis, "website_sells_itself")
    assert "Seit die Maßnahme „Website-Relaunch“ im Mai 2026 abgeschlossen wurde" in f.text_de
    assert ("Absprungrate Leistungsseite 60\u00a0% (vorher 60\u00a0%), Kontaktanfragen 14 (vorher 14)"
            in f.text_de)
    assert set(f.kpis) == {"Kontaktanfragen", "Absprungrate Leistungsseite"}


def test_website_sells_itself_negative_when_inquiries_rose_after_the_relaunch(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", [10] * 8 + [15, 16, 17, 17, 18], channel="Website"),
    ], measures=[RELAUNCH])
    assert "website_sells_itself" not in ids(analysis)


def test_website_sells_itself_negative_for_a_running_site_with_effect_kpis(tmp_path: Path) -> None:
    site = measure("Website-Pflege", discipline="Website", status="aktiv")
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", FLAT, channel="Website")], measures=[site])
    assert "website_sells_itself" not in ids(analysis)


# -- isolated_measure ----------------------------------------------------------------------------------------


def test_isolated_measure_positive(tmp_path: Path) -> None:
    kpis = [kpi("Kontaktanfragen", FLAT, channel="Website"), *ALL_QUESTIONS]
    analysis = run(tmp_path, kpis=kpis, measures=[
        measure("Google Ads", discipline="Anzeigen", status="aktiv"),
        measure("Messeauftritt", status="aktiv"),
        measure("Flyer", status="abgeschlossen"),
    ])
    f = finding(analysis, "isolated_measure")
    assert f.measures == ("Google Ads", "Messeauftritt")
    assert "„Google Ads“ (keine Zielseite und keine Wirkungskennzahl)" in f.text_de
    assert "„Messeauftritt“ (keine Wirkungskennzahl)" in f.text_de
    link = next(m for m in analysis.measures if m.name == "Flyer")
    assert link.active is False
    assert link.isolated is False


def test_isolated_measure_negative_when_linked_by_the_kpis_measure_column(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Anfragen über Google Ads", FLAT, measure="Google Ads"), *ALL_QUESTIONS,
    ], measures=[measure("Google Ads", discipline="Anzeigen", status="aktiv", landing_page="https://m.de/lp")])
    assert "isolated_measure" not in ids(analysis)
    assert analysis.measures[0].effect_kpis == ("Anfragen über Google Ads",)


def test_isolated_measure_negative_when_linked_by_channel(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", FLAT, channel="E-Mail"), *ALL_QUESTIONS],
                   measures=[measure("Newsletter", discipline="E-Mail", status="aktiv")])
    assert "isolated_measure" not in ids(analysis)


def test_without_a_channel_the_kpis_channel_is_read_from_its_name(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Klicks Google Ads", FLAT), kpi("Follower Instagram", FLAT), kpi("Öffnungsrate Newsletter", FLAT),
        kpi("Impressionen (Google Search Console)", FLAT), kpi("Kontaktanfragen", FLAT),
        kpi("Anfragen Instagram", FLAT, channel="Website"),
        kpi("Bewerbungen", FLAT), kpi("Klicks Onlinewerbung", FLAT),
    ])
    channels = {t.name: t.channel for t in analysis.trends}
    assert channels == {
        "Klicks Google Ads": "ads", "Follower Instagram": "social", "Öffnungsrate Newsletter": "email",
        "Impressionen (Google Search Console)": "seo", "Kontaktanfragen": "website",
        "Anfragen Instagram": "website",  # the workbook's Kanal wins
        "Bewerbungen": "website", "Klicks Onlinewerbung": "ads",  # an application is not advertising (Werbung)
    }


def test_measure_activity_follows_status_then_dates() -> None:
    assert measure_active(Measure("a", status="active"), "2026-10")
    assert not measure_active(Measure("a", status="done", start=dt.date(2026, 1, 1)), "2026-10")
    assert measure_active(Measure("a", start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 31)), "2026-10")
    assert not measure_active(Measure("a", start=dt.date(2026, 11, 1)), "2026-10")
    assert not measure_active(Measure("a", end=dt.date(2026, 9, 30)), "2026-10")
    assert measure_active(Measure("a"), "2026-10")


# -- question_not_measured -----------------------------------------------------------------------------------


def test_question_not_measured_positive_with_suggestions(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", FLAT), kpi("Seitenaufrufe", [1000] * 13)])
    missing = [f for f in analysis.findings if f.id == "question_not_measured"]
    assert [f.question for f in missing] == [Question.UNDERSTANDING, Question.FINDABILITY, Question.TRUST]
    for f in missing:
        assert 2 <= len(f.suggested_kpis_de) <= 3
        assert 2 <= len(f.suggested_kpis_en) <= 3
        assert f.suggested_kpis_de[0] in f.text_de
    trust = missing[2]
    assert "„Entsteht Vertrauen?“" in trust.text_de
    assert trust.title_en == "Trust is not measured"
    status = {s.question: s.status for s in analysis.question_status}
    assert status[Question.TRUST] == "not_measured"
    assert status[Question.NEXT_STEP] == "stable"
    assert "Für das Verständnis, die Orientierung und das Vertrauen fehlen noch Wirkungskennzahlen." in (
        analysis.summary_de
    )


def test_question_not_measured_negative_when_every_question_has_an_effect_kpi(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", FLAT), *ALL_QUESTIONS])
    assert "question_not_measured" not in ids(analysis)


def test_the_agencys_own_classification_answers_a_question(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", FLAT), *ALL_QUESTIONS[:2],
        kpi("Empfehlungen von Bestandskunden", [4] * 13, klass="Wirkung", question="Vertrauen"),
    ])
    assert "question_not_measured" not in ids(analysis)
    status = {s.question: s for s in analysis.question_status}
    assert status[Question.TRUST].lead == "Empfehlungen von Bestandskunden"


def test_an_effect_kpi_without_recent_values_does_not_answer_its_question(tmp_path: Path) -> None:
    stale = [40] * 8 + [None] * 5
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", FLAT), kpi("Google-Bewertungen", stale),
                                   *ALL_QUESTIONS[:2]])
    f = finding(analysis, "question_not_measured")
    assert f.question == Question.TRUST
    assert "„Google-Bewertungen“ wurde in den letzten 3 Monaten nicht erfasst." in f.text_de


# -- vanity_only_success -------------------------------------------------------------------------------------


def test_vanity_only_success_positive(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Follower Instagram", [500] * 12 + [700]),
        kpi("Reichweite Instagram", [3000] * 12 + [3900]),
        kpi("Kontaktanfragen", [14] * 12 + [14]),
        *ALL_QUESTIONS,
    ])
    f = finding(analysis, "vanity_only_success")
    assert "Follower Instagram +40\u00a0%" in f.text_de
    assert "Reichweite Instagram +30\u00a0%" in f.text_de
    assert "Kontaktanfragen ±0\u00a0%" in f.text_de
    assert any(s.finding == "vanity_only_success" for s in analysis.next_steps)


def test_vanity_only_success_negative_when_an_effect_kpi_grew(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Follower Instagram", [500] * 12 + [700]), kpi("Kontaktanfragen", [14] * 12 + [18]),
    ])
    assert "vanity_only_success" not in ids(analysis)


YOUNG_SEO = measure("Local SEO", discipline="SEO", status="aktiv", start=dt.date(2026, 9, 1))


# -- summary, scorecard, next steps, ordering ----------------------------------------------------------------


def test_healthy_client_has_no_findings_and_a_calm_summary(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", ramp(10, 22), target=20, channel="Website"),
        kpi("Absprungrate Leistungsseite", ramp(60, 48), unit="%"),
        kpi("Ladezeit mobil (LCP)", [2.4] * 13, unit="Sekunden", target=2.5),
        kpi("Google-Bewertungen", ramp(30, 54)),
    ], measures=[measure("Website-Pflege", discipline="Website", status="aktiv")])
    assert analysis.findings == ()
    status = {s.question: s.status for s in analysis.question_status}
    assert status == {
        Question.UNDERSTANDING: "improving", Question.FINDABILITY: "reached",
        Question.TRUST: "improving", Question.NEXT_STEP: "reached",
    }
    assert analysis.summary_de == (
        "Ihr Marketing hat eine klare Aufgabe: Anfragen gewinnen. Oktober 2026 im Überblick: "
        "Beim Verständnis gab es Fortschritte (Absprungrate Leistungsseite: 48\u00a0%, −1\u00a0Pkt. zum "
        "Vormonat), "
        "bei der Orientierung wurde das Ziel erreicht (Ladezeit mobil (LCP): 2,4\u00a0s, Ziel 2,5\u00a0s), "
        "beim Vertrauen gab es Fortschritte (Google-Bewertungen: 54, +3,8\u00a0% zum Vormonat) "
        "und beim nächsten Schritt wurde das Ziel erreicht (Kontaktanfragen: 22, Ziel 20). "
        "Es gibt in diesem Monat keine Auffälligkeiten."
    )
    assert analysis.summary_en.startswith("Your marketing has one clear job: winning inquiries. October 2026")
    assert [s.finding for s in analysis.next_steps] == [None]


def test_a_month_without_findings_but_with_a_missed_target_does_not_say_all_is_well(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", ramp(10, 22), target=30, channel="Website"),
        kpi("Absprungrate Leistungsseite", ramp(60, 48), unit="%"),
        kpi("Ladezeit mobil (LCP)", [2.4] * 13, unit="Sekunden", target=2.5),
        kpi("Google-Bewertungen", ramp(30, 54)),
    ], measures=[measure("Website-Pflege", discipline="Website", status="aktiv")])
    assert analysis.findings == ()
    [step] = analysis.next_steps
    assert step.finding is None
    assert step.text_de.startswith(
        "Ursachen klären, bevor Neues startet: Beim nächsten Schritt bleibt die Wirkung hinter dem Ziel "
        "zurück."
    )
    assert "entwickeln sich gut" not in step.text_de
    assert step.text_en.startswith("Understand the causes before starting anything new: the next step is")


def test_summary_evidence_never_contradicts_a_status_read_from_the_trend(tmp_path: Path) -> None:
    # three months of growth, then one weaker month: the trend says "Fortschritte", the month says -4 %
    reviews = [*ramp(30, 52, 12), 50]
    analysis = run(tmp_path, kpis=[
        kpi("Kontaktanfragen", ramp(10, 22), target=20, channel="Website"),
        kpi("Google-Bewertungen", reviews),
    ])
    status = {s.question: s.status for s in analysis.question_status}
    assert status[Question.TRUST] == "improving"
    assert "eim Vertrauen gab es Fortschritte (Google-Bewertungen: 50, +" in analysis.summary_de
    assert "\u00a0% im Dreimonatsvergleich)" in analysis.summary_de
    assert "Google-Bewertungen: 50, −" not in analysis.summary_de
    assert "rust improved (Google-Bewertungen: 50, +" in analysis.summary_en
    assert "% over three months)" in analysis.summary_en


def test_an_isolated_measure_with_a_landing_page_only_needs_an_effect_metric(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Kontaktanfragen", [14] * 13, channel="Website")], measures=[
        measure("Händler-Newsletter", discipline="E-Mail", status="aktiv", landing_page="https://example.com/h"),
    ])
    [step] = [s for s in analysis.next_steps if s.finding == "isolated_measure"]
    assert step.text_de.startswith("„Händler-Newsletter“ mit einer Wirkungskennzahl verbinden")
    assert "Zielseite" not in step.text_de
    assert step.text_en.startswith("Connect “Händler-Newsletter” to an effect metric")


def test_summary_is_two_to_four_sentences_and_next_steps_point_to_clarity(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Seitenaufrufe", TRAFFIC_UP), kpi("Kontaktanfragen", [14] * 13)],
                   measures=[measure("Google Ads", discipline="Anzeigen", status="aktiv"),
                             YOUNG_SEO])
    for text in (analysis.summary_de, analysis.summary_en):
        sentences = re.findall(r"[.?!](?:\s|$)", text)
        assert 2 <= len(sentences) <= 4, text
    assert 1 <= len(analysis.next_steps) <= 3
    finding_ids = set(ids(analysis))
    for step in analysis.next_steps:
        assert step.finding in finding_ids
        for text in (step.text_de, step.text_en):
            assert not re.search(r"mehr (Posts|Kampagnen|Tools)|more (posts|campaigns|tools)", text, re.I)


def test_findings_are_ordered_by_severity_then_fixed_id_order(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Seitenaufrufe", TRAFFIC_UP), kpi("Follower", [500] * 13)],
                   measures=[measure("Messe", status="aktiv"),
                             YOUNG_SEO])
    keys = [(SEVERITIES.index(f.severity), FINDING_IDS.index(f.id)) for f in analysis.findings]
    assert keys == sorted(keys)
    assert analysis.findings[0].severity == "critical"  # the next step is not measured at all
    assert ids(analysis)[-1] == "seo_short_term"  # info comes last


def test_english_client_gets_english_texts_in_the_sidecar(tmp_path: Path) -> None:
    analysis = run(tmp_path, client={"Sprache": "en", "Rolle des Marketings": "Win applicants"},
                   kpis=[kpi("Bewerbungen", [5] * 13, target=8), kpi("Seitenaufrufe", TRAFFIC_UP)])
    data = report_data(analysis)
    assert data["language"] == "en"
    assert data["role"] == "applicants"
    assert data["summary"].startswith("Your marketing has one clear job: winning applicants.")
    assert data["month_label"] == "October 2026"
    texts = [f["text"] for f in data["findings"]]
    assert any("Page views" in t or "Seitenaufrufe +25%" in t for t in texts)


# -- JSON sidecar --------------------------------------------------------------------------------------------


def test_report_data_is_the_documented_json_object(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[
        kpi("Seitenaufrufe", TRAFFIC_UP, channel="Website"),
        kpi("Kontaktanfragen", [14] * 11 + [None, 14], target=20),
    ], measures=[measure("Google Ads", discipline="Anzeigen", status="aktiv")])
    data = report_data(analysis)
    text = json.dumps(data, allow_nan=False, ensure_ascii=False)  # never NaN
    assert json.loads(text) == data
    for key in ("client", "month", "role", "language", "kpis", "findings", "summary", "next_steps"):
        assert key in data
    assert data["client"] == "Muster GmbH"
    assert data["month"] == "2026-10"
    assert data["slug"] == "muster-gmbh"
    entry = data["kpis"][1]
    assert list(entry)[:3] == ["kpi", "class", "questions"]
    assert entry["kpi"] == "Kontaktanfragen"
    assert entry["class"] == "effect"
    assert entry["questions"] == ["next_step"]
    assert entry["value"] == 14
    assert entry["previous"] is None
    assert entry["change_pct"] is None
    assert entry["target"] == 20
    assert entry["target_status"] == "missed"
    assert len(entry["series"]) == 13
    assert entry["series"][11] == {"month": "2026-09", "value": None}
    first = data["findings"][0]
    assert set(first) >= {"id", "severity", "question", "kpis", "measures", "text"}
    assert all(isinstance(step["text"], str) for step in data["next_steps"])
    assert report_data(analysis) == data  # deterministic


def test_misconception_ids_are_the_issues() -> None:
    assert MISCONCEPTIONS == (
        "traffic_without_inquiries", "social_replaces_sales", "seo_short_term", "website_sells_itself",
    )


# -- the sample clients --------------------------------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parent.parent / "sample_inputs"
# The findings each sample's story was written for (docs/samples.md), as finding keys: no other may appear.
SAMPLE_STORIES = {
    "dachdecker.xlsx": {"traffic_without_inquiries"},
    "steuerkanzlei.xlsx": {"seo_short_term"},
    "maschinenbau.xlsx": {"social_replaces_sales", "isolated_measure", "question_not_measured:trust"},
    "onlineshop.xlsx": {"website_sells_itself"},
    "pflegedienst.xlsx": set(),
    "zahnarzt.xlsx": {"vanity_only_success", "question_not_measured:findability"},
    "elektro.xlsx": {"activity_without_effect", "measures_off_role"},
}


@pytest.mark.parametrize("name", sorted(SAMPLE_STORIES))
def test_each_sample_shows_exactly_the_findings_of_its_story(name: str) -> None:
    analysis = analyse(read_workbook(SAMPLES / name))
    assert {f.key for f in analysis.findings} == SAMPLE_STORIES[name]
    data = report_data(analysis)
    json.dumps(data, allow_nan=False)
    assert len(data["kpis"]) == len(analysis.data.kpis)
    assert 1 <= len(data["next_steps"]) <= 3
    sentences = re.findall(r"[.?!](?:\s|$)", analysis.summary())
    assert 2 <= len(sentences) <= 4, analysis.summary()


def test_every_sample_has_a_story() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.xlsx")) == sorted(SAMPLE_STORIES)


# -- stories written the way other agencies write them: English names, no channels, no Maßnahme column -----

EN = {"Sprache": "en", "Rolle des Marketings": "Win inquiries"}


def test_story_traffic_without_inquiries_in_english_without_channels(tmp_path: Path) -> None:
    analysis = run(tmp_path, client=EN, kpis=[
        kpi("Sessions", [2000] * 10 + [2500, 2600, 2700]),
        kpi("Users", [1500] * 10 + [1800, 1900, 2000]),
        kpi("Contact form submissions", [20] * 13),
        kpi("Phone calls", [12] * 13),
    ])
    assert "traffic_without_inquiries" in ids(analysis)
    assert not set(ids(analysis)) & (set(MISCONCEPTIONS) - {"traffic_without_inquiries"})


def test_story_young_seo_in_english_without_channels(tmp_path: Path) -> None:
    seo = measure("SEO for service pages", discipline="SEO", status="aktiv", start=dt.date(2026, 8, 1))
    analysis = run(tmp_path, client=EN, kpis=[
        kpi("Impressions (Google Search Console)", [8000] * 10 + [9500, 11000, 12500]),
        kpi("Organic clicks", [300] * 10 + [340, 380, 420]),
        kpi("Sessions", [2000] * 13),
        kpi("Contact form submissions", [20] * 13),
    ], measures=[seo])
    assert [i for i in ids(analysis) if i in MISCONCEPTIONS] == ["seo_short_term"]
    f = finding(analysis, "seo_short_term")
    assert "Impressions (Google Search Console) +" in f.text_en
    assert "Organic clicks +" in f.text_en


def test_story_relaunch_in_english(tmp_path: Path) -> None:
    relaunch = measure("Website relaunch", discipline="Website", status="done", start=dt.date(2026, 3, 1),
                       end=dt.date(2026, 6, 30), landing_page="https://example.com")
    analysis = run(tmp_path, client=EN, kpis=[
        kpi("Sessions", [2000] * 13),
        kpi("Contact form submissions", [20] * 13),
        kpi("Bounce rate service pages", [45] * 9 + [52, 53, 52, 53], unit="%"),
    ], measures=[relaunch])
    assert [i for i in ids(analysis) if i in MISCONCEPTIONS] == ["website_sells_itself"]
    text = finding(analysis, "website_sells_itself").text_en
    assert "Since the measure “Website relaunch” was completed in June 2026" in text


def test_story_healthy_client_in_english(tmp_path: Path) -> None:
    analysis = run(tmp_path, client=EN, kpis=[
        kpi("Sessions", ramp(2000, 2300)),
        kpi("Contact form submissions", ramp(15, 30), target=25),
        kpi("Bounce rate service pages", ramp(55, 45), unit="%"),
        kpi("Largest Contentful Paint (mobile)", [2.2] * 13, unit="Sekunden", target=2.5),
        kpi("Google reviews", ramp(40, 64)),
    ], measures=[measure("Website care", discipline="Website", status="aktiv")])
    assert analysis.findings == ()
    assert analysis.summary_en.endswith("Nothing unusual stands out this month.")


# -- robustness ---------------------------------------------------------------------------------------------

NAMES = ["Seitenaufrufe", "Kontaktanfragen", "Follower Instagram", "Absprungrate Leistungsseite",
         "Ladezeit mobil (LCP)", "Google-Bewertungen", "Impressionen", "Conversion Rate", "Unbekannte Zahl"]
value = st.one_of(st.none(), st.just(0.0), st.floats(min_value=0, max_value=1e6, allow_nan=False))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    series=st.lists(st.lists(value, min_size=13, max_size=13), min_size=1, max_size=len(NAMES)),
    targets=st.lists(st.one_of(st.none(), st.just(0.0), st.floats(min_value=0, max_value=1e4)), min_size=9,
                     max_size=9),
    disciplines=st.lists(st.sampled_from([None, "website", "seo", "social", "ads", "email", "content"]),
                         max_size=4),
    start_month=st.integers(min_value=1, max_value=12),
)
def test_any_data_gives_a_complete_json_safe_analysis(
    series: list[list[float | None]], targets: list[float | None], disciplines: list[str | None],
    start_month: int,
) -> None:
    months = [f"2025-{m:02d}" for m in range(10, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]
    kpis = [Kpi(NAMES[i], target=targets[i], monthly=dict(zip(months, values, strict=True)))
            for i, values in enumerate(series)]
    kpis.append(Kpi("Kontaktanfragen (Formular)", monthly={"2026-10": 3.0}))
    measures = tuple(Measure(f"Maßnahme {i}", discipline=d, start=dt.date(2026, start_month, 1))
                     for i, d in enumerate(disciplines))
    data = client_data(kpis)
    analysis = analyse(ClientData(data.source, data.client, data.kpis, measures, data.months))
    text = json.dumps(report_data(analysis), allow_nan=False)
    assert "NaN" not in text
    assert 1 <= len(analysis.next_steps) <= 3
    assert len(analysis.question_status) == 4
    assert {t.target_status for t in analysis.trends} <= set(TARGET_STATUSES)
    assert {q.status for q in analysis.question_status} <= set(QUESTION_STATUSES)
    assert {f.id for f in analysis.findings} <= set(FINDING_IDS)
    assert analysis.summary_de.startswith("Ihr Marketing hat eine klare Aufgabe")


def _documented_keys() -> dict[str, set[str]]:
    """The keys each table of docs/report-data.md documents, by section (``top``, ``kpis``, ...)."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "report-data.md").read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    current = None
    for line in doc.splitlines():
        heading = re.match(r"## (?:Top level|`([\w.]+?)(?:\[\])?`)", line)
        if heading:
            current = heading.group(1) or "top"
            sections[current] = set()
        elif line.startswith("## "):
            current = None
        elif current and line.startswith("| `"):
            sections[current].update(re.findall(r"`(\w+)`", line.split("|")[1]))
    return sections


def test_the_sidecar_has_exactly_the_documented_fields(tmp_path: Path) -> None:
    analysis = run(tmp_path, kpis=[kpi("Seitenaufrufe", TRAFFIC_UP), kpi("Kontaktanfragen", [14] * 13)],
                   measures=[measure("Google Ads", discipline="Anzeigen", status="aktiv")])
    data = report_data(analysis)
    documented = _documented_keys()
    assert set(data) == documented["top"]
    for section in ("questions", "kpis", "measures", "findings", "next_steps"):
        assert data[section], section
        assert set(data[section][0]) == documented[section], section
    for block in ("spend", "cost_per_effect"):
        assert set(data[block]) == documented[block], block


def test_a_report_month_without_values_is_located_at_the_kpi_sheet_the_source_named(tmp_path: Path) -> None:
    """analyse() names the sheet the KPIs were read from (here the English workbook's), not a fixed "Kennzahlen"."""
    import dataclasses

    from reporter.model import WorkbookError
    from reporter.workbook import read_workbook
    from tests.workbooks import make_workbook

    data = read_workbook(make_workbook(tmp_path / "client.xlsx", lang="en"))
    sheet = data.located("kpis", 0, "name").sheet
    assert sheet != "Kennzahlen"
    month = data.client.report_month
    empty = [dataclasses.replace(k, monthly={**k.monthly, month: None}) for k in data.kpis]
    with pytest.raises(WorkbookError) as raised:
        analyse(dataclasses.replace(data, kpis=empty))
    assert raised.value.problems[0].sheet == sheet
    assert raised.value.problems[0].file == "client.xlsx"
