"""Matomo exports → calendar months: the exact bytes Matomo writes (UTF-16LE with BOM, CSV and TSV), German and
English column names and metric ids, days, weeks and months, goals, channel types, and what is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporter.i18n import use_language
from reporter.importing import read_exports
from reporter.importing.model import Reading
from reporter.model import Severity
from tests.exports_more import days, matomo

DE_DAY_HEADER = [
    "Datum", "Eindeutige Besucher", "Besuche", "Aktionen", "Absprünge",
    "Von Besuchern verbrachte Gesamtzeit (in Sekunden)", "Absprungsrate", "Aktionen pro Besuch",
    "Durchschn. Besuchszeit (in Sekunden)", "Metadaten: is_aggregate",
]  # fmt: skip


def de_day(when: dt.date) -> list[object]:
    """1–15 January: 10 visits, 5 bounces, 600 s; from the 16th: 20 visits, 4 bounces, 2400 s (Feb as the 16th)."""
    if when.month == 1 and when.day <= 15:
        return [when.isoformat(), 9, 10, 30, 5, 600, "50 %", 3, 60, 0]
    return [when.isoformat(), 18, 20, 50, 4, 2400, "20 %", 2.5, 120, 0]


def only(path: Path) -> tuple[Reading, list]:
    exports = read_exports([path])
    assert len(exports.readings) == 1, [str(p) for p in exports.problems]
    return exports.readings[0], exports.problems


def values(reading: Reading) -> dict[str, dict[str, float]]:
    return {s.metric.key: {m: v.value for m, v in s.values.items()} for s in reading.series}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("matomo")


@pytest.fixture(scope="module")
def german_days(folder: Path) -> Path:
    rows = [de_day(d) for d in days(dt.date(2025, 1, 1), dt.date(2025, 2, 10))]
    return matomo(folder / "Export _ Besuche - Übersicht _ letzte 41 Tage.tsv", DE_DAY_HEADER, rows, tsv=True)


def test_the_writer_writes_matomos_bytes(german_days: Path) -> None:
    data = german_days.read_bytes()
    assert data[:2] == b"\xff\xfe"  # UTF-16LE BOM
    assert data[2:12] == "Datum".encode("utf-16-le")
    text = data[2:].decode("utf-16-le")
    assert text.split("\n")[1] == "2025-01-01\t9\t10\t30\t5\t600\t50 %\t3\t60\t0"
    assert not text.endswith("\n")


def test_days_of_a_german_tsv_are_summed_and_rates_recomputed(german_days: Path) -> None:
    reading, problems = only(german_days)
    assert (reading.platform, reading.report) == ("Matomo", "Visitors › Overview")
    got = values(reading)
    # January: 15 days × 10 + 16 days × 20 visits; February is only 1–10: left out
    assert got["visits"] == {"2025-01": 470}
    assert got["actions"] == {"2025-01": 15 * 30 + 16 * 50}
    # bounces 15 × 5 + 16 × 4 = 139 of 470 visits, not the mean of the days' 50 % and 20 %
    assert got["bounce_rate"]["2025-01"] == pytest.approx(139 / 470 * 100)
    assert got["avg_time"]["2025-01"] == pytest.approx((15 * 600 + 16 * 2400) / 470)
    assert got["actions_per_visit"]["2025-01"] == pytest.approx(1250 / 470)
    assert "unique_visitors" not in got
    refused = [p for p in problems if "unique visitors" in p.message]
    assert len(refused) == 1
    assert refused[0].severity is Severity.ERROR
    assert refused[0].cell == "rows 2–32"
    assert "period Month" in refused[0].message
    partial = [p for p in problems if p.severity is Severity.WARNING]
    assert len(partial) == 1
    assert partial[0].message.startswith("2025-02: only part of the month")
    origin = reading.series[0].values["2025-01"].origin
    assert str(origin) == f"{german_days.name} › rows 2–32"


def test_the_refusal_is_german_for_a_german_user(german_days: Path) -> None:
    with use_language("de"):
        exports = read_exports([german_days])
    messages = [p.message for p in exports.problems]
    assert any("Eindeutige Besucher lassen sich nicht über Tage" in m for m in messages), messages


def test_month_rows_of_an_english_export_keep_unique_visitors(folder: Path) -> None:
    header = [
        "Date", "Unique visitors", "Users", "Visits", "Actions", "Visits with Conversions", "Bounces",
        "Total time spent by visitors (in seconds)", "Maximum actions in one visit", "Bounce Rate",
        "Actions per Visit", "Avg. Visit Duration (in seconds)",
    ]  # fmt: skip
    rows = [
        ["2025-01", 380, 0, 470, 1250, 12, 139, 47400, 20, "30%", 2.66, 101],
        ["2025-02", 300, 0, 400, 1000, 8, 100, 40000, 15, "25%", 2.5, 100],
        ["2025-03", 310, 0, 0, 0, 0, 0, 0, 0, "0%", 0, 0],
    ]
    reading, problems = only(matomo(folder / "Export _ Visits Overview _ 2025.csv", header, rows))
    assert not problems
    got = values(reading)
    assert got["unique_visitors"] == {"2025-01": 380, "2025-02": 300, "2025-03": 310}
    assert got["visits"] == {"2025-01": 470, "2025-02": 400, "2025-03": 0}
    assert got["bounce_rate"] == {"2025-01": pytest.approx(139 / 470 * 100), "2025-02": 25.0}
    assert got["avg_time"]["2025-02"] == 100
    assert got["visits_converted"] == {"2025-01": 12, "2025-02": 8, "2025-03": 0}


def test_a_single_month_named_in_the_file_name_with_german_percent(folder: Path) -> None:
    header = [
        "Eindeutige Besucher", "Besuche", "Aktionen", "Absprungsrate", "Aktionen pro Besuch",
        "Durchschn. Besuchszeit (in Sekunden)", "Metadaten: is_aggregate",
    ]  # fmt: skip
    path = matomo(folder / "Export _ Besuche - Übersicht _ Januar 2025.csv", header, [[2, 3, 6, "66,67 %", 2, 271, 0]])
    assert '"66,67 %"'.encode("utf-16-le") in path.read_bytes()
    reading, problems = only(path)
    assert not problems
    assert values(reading) == {
        "unique_visitors": {"2025-01": 2},
        "visits": {"2025-01": 3},
        "actions": {"2025-01": 6},
        "bounce_rate": {"2025-01": 66.67},  # no bounce count: the month's own rate
        "avg_time": {"2025-01": 271},
        "actions_per_visit": {"2025-01": 2},
    }


def test_english_100_percent_and_formatted_durations(folder: Path) -> None:
    header = ["Date", "Visits", "Actions", "Bounce Rate", "Actions per Visit", "Avg. Visit Duration (in seconds)"]
    rows = [["2025-04", 390, 887, "100%", 2.3, "5 min 13s"], ["2025-05", 10, 10, "56%", 1, "00:01:05"]]
    reading, problems = only(matomo(folder / "visits-2025.csv", header, rows))
    assert not problems
    got = values(reading)
    assert got["bounce_rate"] == {"2025-04": 100.0, "2025-05": 56.0}
    assert got["avg_time"] == {"2025-04": 313, "2025-05": 65}


def test_weeks_inside_a_month_are_summed(folder: Path) -> None:
    header = ["date", "nb_uniq_visitors", "nb_visits", "nb_actions", "bounce_count", "bounce_rate"]
    weeks = ["2021-02-01,2021-02-07", "2021-02-08,2021-02-14", "2021-02-15,2021-02-21", "2021-02-22,2021-02-28"]
    visits = (70, 80, 90, 100)
    rows = [[week, 50, n, n * 2, n // 2, "50%"] for week, n in zip(weeks, visits, strict=True)]
    path = matomo(folder / "api-weeks.csv", header, rows)
    assert '"2021-02-01,2021-02-07",50,70'.encode("utf-16-le") in path.read_bytes()
    reading, problems = only(path)
    got = values(reading)
    assert got["visits"] == {"2021-02": 340}
    assert got["bounce_rate"] == {"2021-02": 50.0}  # 170 bounces of 340 visits
    assert [p.cell for p in problems if "unique visitors" in p.message] == ["rows 2–5"]


def test_a_week_crossing_months_is_refused(folder: Path) -> None:
    header = ["date", "nb_uniq_visitors", "nb_visits", "nb_actions"]
    rows = [["2009-12-28,2010-01-03", 2, 2, 2]]
    path = matomo(folder / "test_csvExport_multi__VisitsSummary.get_week.csv", header, rows)
    exports = read_exports([path])
    assert not exports.readings
    [problem] = exports.problems
    assert str(problem) == (
        f'{path.name} › row 2: the period "2009-12-28,2010-01-03" crosses into another month and cannot be split '
        "by month; export the report with the period Month or Day"
    )
    with use_language("de"):
        [german] = read_exports([path]).problems
    assert "„2009-12-28,2010-01-03“" in german.message
    assert "Zeitraum Monat oder Tag" in german.message


def test_a_year_row_is_refused(folder: Path) -> None:
    path = matomo(folder / "year.csv", ["Date", "Visits", "Actions"], [["2012", 390, 887]])
    [problem] = read_exports([path]).problems
    assert "one row per year" in problem.message
    assert "period Month" in problem.message


def test_a_single_period_without_month_in_its_name_is_refused(folder: Path) -> None:
    name = "Export _ Visits Overview _ Wednesday, January 1, 2025.csv"
    path = matomo(folder / name, ["Visits", "Actions"], [[3, 6]])
    [problem] = read_exports([path]).problems
    assert "no date column and its name states no month" in problem.message


def test_goals_revenue_and_conversion_rate(folder: Path) -> None:
    header = [
        "Datum", "Besuche", "Aktionen", "Konversionen", "Besuche mit Konversionen", "Umsatz", "Konversionsrate",
        "Kontaktformular Konversionen", "Konversionen (Ziel idgoal=2)",
    ]  # fmt: skip
    rows = [
        ["2025-01", 400, 900, 12, 10, "1.234,50 €", "2,5 %", 7, 5],
        ["2025-02", 200, 500, 3, 3, "99,00 €", "1,5 %", 2, 1],
    ]
    reading, problems = only(matomo(folder / "Export _ Ziele - Übersicht _ 2025.csv", header, rows))
    assert not problems
    got = values(reading)
    assert got["conversions"] == {"2025-01": 12, "2025-02": 3}
    assert got["revenue"] == {"2025-01": 1234.5, "2025-02": 99.0}
    assert got["conversion_rate"] == {"2025-01": 2.5, "2025-02": 1.5}  # 10 ÷ 400, 3 ÷ 200
    assert got["conversions:kontaktformular"] == {"2025-01": 7, "2025-02": 2}
    assert got["conversions:2"] == {"2025-01": 5, "2025-02": 1}
    goal = next(s for s in reading.series if s.metric.key == "conversions:kontaktformular")
    assert goal.metric.sources == ("Matomo › Konversionen: Kontaktformular", "Matomo › Conversions: Kontaktformular")
    assert next(s for s in reading.series if s.metric.key == "revenue").currency == "EUR"


def test_english_goal_columns_on_days(folder: Path) -> None:
    header = ["Date", "Visits", "Actions", "Conversions", "Goal Newsletter conversions", "goal_3_nb_conversions"]
    february = days(dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    rows = [[d.isoformat(), 10, 20, 1, 1 if d.day % 2 else 0, 2] for d in february]
    reading, _problems = only(matomo(folder / "goals-days.csv", header, rows))
    got = values(reading)
    assert got["conversions"] == {"2024-02": 29}
    assert got["conversions:newsletter"] == {"2024-02": 15}  # the odd days of a leap February
    assert got["conversions:3"] == {"2024-02": 58}
    goal = next(s for s in reading.series if s.metric.key == "conversions:3")
    assert goal.metric.sources == ("Matomo › Konversionen: Ziel 3", "Matomo › Conversions: Goal 3")


CHANNELS_DE = [
    ("Direkte Zugriffe", "referrerType==direct", 120),
    ("Suchmaschinen", "referrerType==search", 300),
    ("Webseiten", "referrerType==website", 40),
    ("Soziale Netzwerke", "referrerType==social", 25),
    ("Kampagnen", "referrerType==campaign", 15),
]


def test_channel_types_give_visits_per_channel(folder: Path) -> None:
    header = ["Datum", "Bezeichnung", "Besuche", "Aktionen", "Eindeutige Besucher (Tagessumme)", "Metadaten: segment"]
    rows = [
        [month, label, visits * factor, visits * 2, visits, segment]
        for month, factor in (("2025-01", 1), ("2025-02", 2))
        for label, segment, visits in CHANNELS_DE
    ]
    reading, problems = only(matomo(folder / "Export _ Kanaltypen _ 2025.csv", header, rows))
    assert not problems
    assert reading.report == "Acquisition › Channel Types"
    got = values(reading)
    assert got["visits:search"] == {"2025-01": 300, "2025-02": 600}
    assert got["visits:direct"] == {"2025-01": 120, "2025-02": 240}
    assert sum(v["2025-01"] for v in got.values()) == 500  # every visit has one channel type: they add up
    search = next(s for s in reading.series if s.metric.key == "visits:search")
    assert search.metric.source("de") == "Matomo › Besuche: Suchmaschinen"
    assert search.metric.name["de"] == "Besuche über Suchmaschinen"


def test_a_flattened_channel_report_skips_its_aggregate_rows(folder: Path) -> None:
    header = ["Label", "Visits", "Actions", "Metadata: is_aggregate", "Metadata: segment"]
    rows = [
        ["Search Engines", 300, 600, 1, "referrerType==search"],
        ["Search Engines - Google", 250, 500, 0, "referrerName==Google"],
        ["Search Engines - Bing", 50, 100, 0, "referrerName==Bing"],
        ["Direct Entry", 120, 240, 0, "referrerType==direct"],
    ]
    reading, problems = only(matomo(folder / "Export _ Channel Types _ March 2025.csv", header, rows))
    assert not problems
    assert values(reading) == {"visits:search": {"2025-03": 300}, "visits:direct": {"2025-03": 120}}


def test_labels_in_another_language_are_known_by_their_segment(folder: Path) -> None:
    header = ["label", "nb_visits", "nb_actions", "metadata_segment"]
    rows = [
        ["Moteurs de recherche", 30, 60, "referrerType==search"],
        ["Entrée directe", 12, 20, "referrerType==direct"],
    ]
    reading, _problems = only(matomo(folder / "Export _ Types de canaux _ 2025-06.csv", header, rows))
    assert values(reading) == {"visits:search": {"2025-06": 30}, "visits:direct": {"2025-06": 12}}


def test_a_report_by_page_is_refused(folder: Path) -> None:
    header = ["Bezeichnung", "Besuche", "Aktionen", "Eindeutige Besucher", "Absprungsrate"]
    path = matomo(folder / "Export _ Seiten _ Januar 2025.csv", header, [["/kontakt", 50, 80, 45, "10 %"]])
    [problem] = read_exports([path]).problems
    expected = f'{path.name} › row 2: this report lists its rows by "Bezeichnung" (here "/kontakt")'
    assert str(problem).startswith(expected)
    assert "Channel Types" in problem.message
    with use_language("de"):
        [german] = read_exports([path]).problems
    assert "keine Gesamtwerte der Website" in german.message


def test_a_bad_number_names_its_row_and_column(folder: Path) -> None:
    path = matomo(folder / "bad.csv", ["Date", "Visits", "Actions"], [["2025-01", "viele", 3], ["2025-02", 4, 5]])
    reading, problems = only(path)
    assert [str(p) for p in problems] == [
        f'{path.name} › row 2: "viele" in column "Visits" is not a number; the cell was left out'
    ]
    assert values(reading)["visits"] == {"2025-02": 4}


def test_mailchimps_campaign_list_is_not_taken_for_matomo(tmp_path: Path) -> None:
    path = tmp_path / "campaigns.csv"
    path.write_text("Title,Send Date,Visits,New Visits,Pages/Visit,Bounce Rate,Time on Site\nA,Jan 1 2025,1,1,1,1,1\n")
    exports = read_exports([path])
    assert all(reading.platform != "Matomo" for reading in exports.readings)
