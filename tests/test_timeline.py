"""Measures on the time axis (reporter/timeline.py): every KPI chart marks the start and end of the measures the
KPI belongs to, the reach chart every measure's, in the report's words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporter.config import Config
from reporter.findings import analyse
from reporter.formatting import Fmt
from reporter.model import Measure, month_range
from reporter.report import ReportContext, build_context, load_texts
from reporter.timeline import measure_markers, merged_label
from reporter.workbook import read_workbook
from tests.workbooks import kpi, make_workbook, measure

MONTHS = month_range("2026-10", 13)
TRAFFIC_UP = [1000] * 7 + [1100, 1200, 1300, 1500, 1600, 1700]


def test_starts_and_ends_inside_the_13_months_in_german_and_english() -> None:
    measures = [
        Measure("Relaunch", start=dt.date(2026, 3, 15), end=dt.date(2026, 6, 30), status="done"),
        Measure("Messe", start=dt.date(2026, 10, 6), end=dt.date(2026, 10, 9)),
        Measure("SEO", start=dt.date(2024, 5, 1)),  # started before the 13 months: nothing to mark
        Measure("Podcast", start=dt.date(2026, 4, 1), status="planned"),  # planned: has not started
    ]
    de = measure_markers(measures, MONTHS, load_texts("de"), Fmt("de"))
    assert [(m.index, m.label, m.text, m.kind) for m in de] == [
        (MONTHS.index("2026-03"), "Start Relaunch", "Start „Relaunch“", "start"),
        (MONTHS.index("2026-06"), "Ende Relaunch", "Ende „Relaunch“", "end"),
        (12, "Messe", "„Messe“", "start"),  # started and ended in one month: one marker with its name
    ]
    en = measure_markers(measures[:1], MONTHS, load_texts("en"), Fmt("en"))
    assert [m.text for m in en] == ["Start “Relaunch”", "End “Relaunch”"]
    assert merged_label(load_texts("de"))(2) == "2 Maßnahmen"
    assert merged_label(load_texts("en"))(3) == "3 measures"


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> ReportContext:
    path = make_workbook(tmp_path_factory.mktemp("timeline") / "kunde.xlsx", kpis=[
        kpi("Seitenaufrufe", TRAFFIC_UP, channel="Website"),
        kpi("Kontaktanfragen", [14] * 13, channel="Website"),
        kpi("Anfragen Google Ads", [5] * 13, measure="Google Ads"),
        kpi("Absprungrate Leistungsseite", [50] * 13, unit="%", measure="Relaunch"),
    ], measures=[
        measure("Relaunch", discipline="Website", start="2026-03-01", end="2026-06-30", status="abgeschlossen",
                landing_page="https://muster.example/"),
        measure("Google Ads", discipline="Anzeigen", start="2026-05-01", status="aktiv",
                landing_page="https://muster.example/angebot"),
    ])
    return build_context(analyse(read_workbook(Path(path))), Config())


def chart_of(context: ReportContext, name: str) -> str:
    return next(str(k.chart) for q in context.scorecard for k in q.kpis if k.name == name)


def test_a_kpi_chart_marks_the_measures_it_belongs_to(context: ReportContext) -> None:
    bounce = chart_of(context, "Absprungrate Leistungsseite")  # named in its Maßnahme column
    assert "Start Relaunch" in bounce
    assert "Ende Relaunch" in bounce
    assert "Google Ads" not in bounce
    ads = chart_of(context, "Anfragen Google Ads")
    assert "Start Google Ads" in ads
    assert "Relaunch" not in ads
    # no Maßnahme column: the website measure by its channel
    assert "Start Relaunch" in chart_of(context, "Kontaktanfragen")


def test_the_reach_chart_marks_every_measure(context: ReportContext) -> None:
    assert context.reach_chart  # traffic rose, inquiries did not
    for label in ("Start Relaunch", "Ende Relaunch", "Start Google Ads"):
        assert label in context.reach_chart
