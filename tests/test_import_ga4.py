"""Google Analytics 4: standard reports and explorations downloaded as CSV (English and German UI) → monthly values,
with what adds up over which rows decided per metric, and the refusals that say which export to download."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporter import i18n
from reporter.importing import Exports, read_exports
from reporter.importing.model import Series
from reporter.model import Severity
from tests.exports_google import csv_bytes, ga4_block, ga4_exploration, ga4_report

JAN = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
Q1 = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))

TRAFFIC_EN = [
    "Session primary channel group (Default Channel Group)", "Sessions", "Engaged sessions", "Engagement rate",
    "Average engagement time per session", "Events per session", "Event count", "Key events",
    "Session key event rate", "Total revenue",
]  # fmt: skip
TRAFFIC_DE = [
    "Standard-Channelgruppe der Sitzung", "Sitzungen", "Sitzungen mit Interaktion", "Interaktionsrate",
    "Durchschnittliche Interaktionsdauer pro Sitzung", "Ereignisse pro Sitzung", "Ereignisanzahl",
    "Schlüsselereignisse", "Rate der Schlüsselereignisse", "Umsatz",
]  # fmt: skip
# January 2025 by channel: sessions 1,200 + 600 + 200 = 2,000; engaged 780 + 300 + 60 = 1,140 (57 %);
# engagement time per session weighted by sessions (1,200 × 61.25 + 600 × 40.5 + 200 × 12) ÷ 2,000 = 50.1 s
TRAFFIC_ROWS = [
    ["Organic Search", 1200, 780, 0.65, 61.25, 5.5, 6600, 24, 0.02, 0.0],
    ["Direct", 600, 300, 0.5, 40.5, 4.0, 2400, 6, 0.01, 1234.5],
    ["Paid Search", 200, 60, 0.3, 12.0, 2.5, 500, 2, 0.01, 0.0],
]
PAGES_EN = [
    "Page path and screen class", "Views", "Active users", "Views per active user",
    "Average engagement time per active user", "Event count", "Key events", "Total revenue",
]  # fmt: skip
PAGES_DE = [
    "Seitenpfad und Bildschirmklasse", "Aufrufe", "Aktive Nutzer", "Aufrufe pro aktivem Nutzer",
    "Durchschnittliche Interaktionsdauer pro aktivem Nutzer", "Ereignisanzahl", "Schlüsselereignisse", "Umsatz",
]  # fmt: skip
PAGES_ROWS = [  # views 4,000 + 1,500 + 500 = 6,000; event count 12,000 + 4,000 + 1,800 = 17,800
    ["/", 4000, 1500, 2.6666666666666665, 45.123456789012344, 12000, 5, 0],
    ["/leistungen/dachsanierung", 1500, 700, 2.142857142857143, 80.5, 4000, 3, 0],
    ["/kontakt", 500, 300, 1.6666666666666667, 30.0, 1800, 24, 0],
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The standard exports every test reads, written once."""
    root = tmp_path_factory.mktemp("ga4")
    traffic = "Traffic acquisition: Session primary channel group (Default Channel Group)"
    (root / "traffic.csv").write_bytes(ga4_block(traffic, *JAN, TRAFFIC_EN, TRAFFIC_ROWS))
    (root / "zugriffe.csv").write_bytes(
        ga4_block(
            "Traffic-Akquisition: Standard-Channelgruppe der Sitzung", *JAN, TRAFFIC_DE, TRAFFIC_ROWS, "de", decimal=","
        )
    )
    pages = "Pages and screens: Page path and screen class"
    (root / "pages.csv").write_bytes(ga4_block(pages, *JAN, PAGES_EN, PAGES_ROWS))
    (root / "seiten.csv").write_bytes(
        ga4_block(
            "Seiten und Bildschirme: Seitenpfad und Bildschirmklasse", *JAN, PAGES_DE, PAGES_ROWS, "de", decimal=","
        )
    )
    return root


def series_of(found: Exports, lang: str = "en") -> dict[str, Series]:
    out: dict[str, Series] = {}
    for reading in found.readings:
        for series in reading.series:
            assert series.metric.source(lang) not in out
            out[series.metric.source(lang)] = series
    return out


def values(found: Exports, lang: str = "en") -> dict[str, dict[str, float]]:
    return {
        source: {month: round(v.value, 6) for month, v in s.values.items()}
        for source, s in series_of(found, lang).items()
    }


def errors(found: Exports) -> list[str]:
    return [str(p) for p in found.problems if p.severity is Severity.ERROR]


def warnings(found: Exports) -> list[str]:
    return [str(p) for p in found.problems if p.severity is Severity.WARNING]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---- standard reports ----------------------------------------------------------------------------------------
def test_traffic_acquisition_sums_sessions_over_channels_and_recomputes_the_rates(files: Path) -> None:
    found = read_exports([files / "traffic.csv"])
    assert values(found) == {
        "GA4 › Sessions": {"2025-01": 2000},
        "GA4 › Engaged sessions": {"2025-01": 1140},
        "GA4 › Engagement rate": {"2025-01": 57.0},  # 1,140 ÷ 2,000, not the mean of 65, 50 and 30 %
        "GA4 › Average engagement time per session": {"2025-01": 50.1},
        "GA4 › Event count": {"2025-01": 9500},
        "GA4 › Key events": {"2025-01": 32},
        "GA4 › Revenue": {"2025-01": 1234.5},
    }
    sessions = series_of(found)["GA4 › Sessions"]
    assert str(sessions.values["2025-01"].origin) == "traffic.csv › rows 11–13"
    assert sessions.note == "summed over the rows (Session primary channel group (Default Channel Group))"
    assert sessions.metric.name == {"de": "Sitzungen (GA4)", "en": "Sessions (GA4)"}
    assert (sessions.metric.channel, sessions.metric.unit) == ("website", "count")
    revenue = series_of(found)["GA4 › Revenue"]
    assert revenue.currency is None
    assert "property's currency" in (revenue.note or "")
    assert (revenue.metric.unit, revenue.metric.sources) == ("eur", ("GA4 › Umsatz", "GA4 › Revenue"))
    # the session key event rate counts sessions with a key event: no sum or ratio of the rows gives it
    assert errors(found) == [
        'traffic.csv › rows 10–13: "Session key event rate" cannot be added up over the rows (Session primary '
        "channel group (Default Channel Group)): the same person counts in several rows; export it with the "
        "dimension Month as the only row dimension (Explore › Free form), or one calendar month with its grand total"
    ]
    assert [r.report for r in found.readings] == [
        "Traffic acquisition: Session primary channel group (Default Channel Group)"
    ]


def test_the_german_report_with_decimal_commas_gives_the_same_months(files: Path) -> None:
    english = values(read_exports([files / "traffic.csv"]), "de")
    found = read_exports([files / "zugriffe.csv"])
    assert values(found, "de") == english
    assert set(english) == {
        "GA4 › Sitzungen", "GA4 › Sitzungen mit Interaktion", "GA4 › Interaktionsrate",
        "GA4 › Durchschnittliche Interaktionsdauer pro Sitzung", "GA4 › Ereignisanzahl", "GA4 › Schlüsselereignisse",
        "GA4 › Umsatz",
    }  # fmt: skip
    with i18n.use_language("de"):
        german = read_exports([files / "zugriffe.csv"])
    assert errors(german) == [
        "zugriffe.csv › Zeilen 10–13: „Rate der Schlüsselereignisse“ lässt sich nicht über die Zeilen addieren "
        "(Standard-Channelgruppe der Sitzung): dieselbe Person zählt in mehreren Zeilen; exportieren Sie die "
        "Kennzahl mit „Monat“ als einziger Zeilendimension (Erkunden › Freies Format) oder einen Kalendermonat mit "
        "seiner Gesamtsumme"
    ]


def test_pages_sum_views_and_events_but_refuse_users(files: Path) -> None:
    found = read_exports([files / "pages.csv"])
    assert values(found) == {
        "GA4 › Views": {"2025-01": 6000},
        "GA4 › Event count": {"2025-01": 17800},
        "GA4 › Key events": {"2025-01": 32},
        "GA4 › Revenue": {"2025-01": 0},
    }
    assert errors(found) == [
        'pages.csv › rows 10–13: "Active users" cannot be added up over the rows (Page path and screen class): the '
        "same person counts in several rows; export it with the dimension Month as the only row dimension (Explore › "
        "Free form), or one calendar month with its grand total",
        'pages.csv › rows 10–13: "Average engagement time per active user" cannot be added up over the rows (Page '
        "path and screen class): the same person counts in several rows; export it with the dimension Month as the "
        "only row dimension (Explore › Free form), or one calendar month with its grand total",
    ]
    assert series_of(found)["GA4 › Views"].metric.name == {"de": "Seitenaufrufe (GA4)", "en": "Views (GA4)"}


def test_the_german_pages_report_refuses_users_in_german(files: Path) -> None:
    with i18n.use_language("de"):
        found = read_exports([files / "seiten.csv"])
    assert values(found, "de")["GA4 › Aufrufe"] == {"2025-01": 6000}
    assert errors(found)[0] == (
        "seiten.csv › Zeilen 10–13: „Aktive Nutzer“ lässt sich nicht über die Zeilen addieren (Seitenpfad und "
        "Bildschirmklasse): dieselbe Person zählt in mehreren Zeilen; exportieren Sie die Kennzahl mit „Monat“ als "
        "einziger Zeilendimension (Erkunden › Freies Format) oder einen Kalendermonat mit seiner Gesamtsumme"
    )


def test_sessions_are_not_added_up_over_pages(tmp_path: Path) -> None:
    header = ["Page path and screen class", "Views", "Sessions", "Engaged sessions", "Engagement rate", "Bounce rate"]
    rows = [["/", 100, 80, 40, 0.5, 0.5], ["/kontakt", 20, 15, 12, 0.8, 0.2]]
    found = read_exports([write(tmp_path / "p.csv", ga4_block("Pages and screens", *JAN, header, rows))])
    assert values(found) == {"GA4 › Views": {"2025-01": 120}}
    assert errors(found)[0] == (
        'p.csv › rows 10–12: "Sessions" cannot be added up over the rows (Page path and screen class): a session '
        "visits several pages and triggers several events; export it from Reports › Acquisition › Traffic "
        "acquisition, or one calendar month with its grand total (Explore › Free form)"
    )
    assert errors(found)[2] == (
        'p.csv › rows 10–12: "Engagement rate" is a rate: reporter recomputes it from engaged sessions and sessions, '
        "which the export lacks or which cannot be added up over its rows (Page path and screen class); add the "
        "columns Sessions and Engaged sessions to a report by channel or date, or export one calendar month with its "
        "grand total"
    )
    assert len(errors(found)) == 4  # sessions, engaged sessions, engagement rate, bounce rate


def test_events_give_the_lead_events_counts(tmp_path: Path) -> None:
    header = ["Event name", "Event count", "Total users", "Event count per active user", "Total revenue"]
    rows = [
        ["page_view", 6000, 1900, 3.1, 0], ["session_start", 2000, 1900, 1.05, 0], ["form_submit", 40, 38, 1.05, 0],
        ["generate_lead", 32, 30, 1.06, 0], ["scroll", 3000, 1200, 2.5, 0],
    ]  # fmt: skip
    found = read_exports([write(tmp_path / "events.csv", ga4_block("Events: Event name", *JAN, header, rows))])
    assert values(found) == {
        "GA4 › Event count": {"2025-01": 11072},
        "GA4 › Revenue": {"2025-01": 0},
        "GA4 › Event count: form_submit": {"2025-01": 40},
        "GA4 › Event count: generate_lead": {"2025-01": 32},
    }
    lead = series_of(found, "de")["GA4 › Ereignisanzahl: generate_lead"]
    assert lead.metric.name == {"de": "Ereignisse: generate_lead", "en": "Events: generate_lead"}
    assert str(lead.values["2025-01"].origin) == "events.csv › row 14"
    assert len(errors(found)) == 1
    assert '"Total users" cannot be added up over the rows (Event name)' in errors(found)[0]


def test_key_events_by_event_name_give_one_row_per_key_event(tmp_path: Path) -> None:
    header = ["Event name", "Key events", "Total users", "Total revenue"]
    rows = [["generate_lead", 32, 30, 0], ["click_phone", 12, 11, 0], ["purchase", 0, 0, 0]]
    found = read_exports([write(tmp_path / "key.csv", ga4_block("Key events: Event name", *JAN, header, rows))])
    got = values(found, "de")
    assert got["GA4 › Schlüsselereignisse"] == {"2025-01": 44}
    assert got["GA4 › Schlüsselereignisse: generate_lead"] == {"2025-01": 32}
    assert got["GA4 › Schlüsselereignisse: click_phone"] == {"2025-01": 12}
    assert "GA4 › Schlüsselereignisse: purchase" not in got  # never a key event this period
    metric = series_of(found)["GA4 › Key events: generate_lead"].metric
    assert metric.name == {"de": "Schlüsselereignisse: generate_lead", "en": "Key events: generate_lead"}
    assert metric.key == "key_events:generate_lead"


def test_a_key_events_column_for_one_event_and_the_old_conversions_name(tmp_path: Path) -> None:
    header = ["Session default channel group", "Sessions", "Conversions", "Key events: generate_lead"]
    rows = [["Organic Search", 100, 7, 5], ["Direct", 50, 3, 1]]
    found = read_exports([write(tmp_path / "k.csv", ga4_block("Traffic acquisition", *JAN, header, rows))])
    assert values(found) == {
        "GA4 › Sessions": {"2025-01": 150},
        "GA4 › Key events": {"2025-01": 10},  # Conversions: GA4's old name for key events, the same row
        "GA4 › Key events: generate_lead": {"2025-01": 6},
    }
    assert errors(found) == []


def test_a_date_dimension_sums_each_month_and_refuses_users_over_days(tmp_path: Path) -> None:
    header = ["Date", "Sessions", "Engaged sessions", "Total users", "Views"]
    rows = []
    for n in range(90):  # 1 January – 31 March 2025: sessions = day of month, engaged = half, users 5, views 3
        date = Q1[0] + dt.timedelta(days=n)
        rows.append([f"{date:%Y%m%d}", date.day * 2, date.day, 5, 3])
    found = read_exports([write(tmp_path / "d.csv", ga4_block("Traffic acquisition: Date", *Q1, header, rows))])
    got = values(found)
    assert got["GA4 › Sessions"] == {"2025-01": 992, "2025-02": 812, "2025-03": 992}  # 2 × (1 + … + n)
    assert got["GA4 › Views"] == {"2025-01": 93, "2025-02": 84, "2025-03": 93}
    assert errors(found) == [
        'd.csv › rows 10–100: "Total users" cannot be added up over days: the same person counts on several days; '
        "export it with the dimension Month instead of Date (Explore › Free form), or one calendar month with its "
        "grand total"
    ]


def test_a_date_dimension_leaves_out_partial_months(tmp_path: Path) -> None:
    first, last = dt.date(2025, 1, 15), dt.date(2025, 3, 10)
    rows = [[f"{first + dt.timedelta(days=n):%Y%m%d}", 10] for n in range((last - first).days + 1)]
    found = read_exports([write(tmp_path / "d.csv", ga4_block("Snapshot", first, last, ["Date", "Sessions"], rows))])
    assert values(found) == {"GA4 › Sessions": {"2025-02": 280}}
    assert warnings(found) == [
        "d.csv: 2025-01, 2025-03: only part of the month is in the export, so it was not imported (export whole "
        "calendar months)"
    ]


def test_a_month_dimension_gives_users_per_month(tmp_path: Path) -> None:
    """GA4's Month is the month of the year ("01"); within one year it is enough."""
    header = ["Month", "Total users", "Active users", "New users", "Sessions", "Engaged sessions", "Bounce rate"]
    rows = [
        ["01", 700, 650, 400, 1000, 600, 0.4],
        ["02", 640, 600, 380, 900, 450, 0.5],
        ["03", 800, 790, 500, 1200, 900, 0.25],
    ]
    found = read_exports([write(tmp_path / "m.csv", ga4_block("User acquisition", *Q1, header, rows))])
    got = values(found)
    assert got["GA4 › Total users"] == {"2025-01": 700, "2025-02": 640, "2025-03": 800}
    assert got["GA4 › Active users"] == {"2025-01": 650, "2025-02": 600, "2025-03": 790}
    assert got["GA4 › New users"] == {"2025-01": 400, "2025-02": 380, "2025-03": 500}
    assert got["GA4 › Bounce rate"] == {
        "2025-01": 40.0,
        "2025-02": 50.0,
        "2025-03": 25.0,
    }  # (sessions − engaged) ÷ sessions
    assert errors(found) == []


def test_a_month_of_the_year_needs_its_year_when_the_period_spans_two(tmp_path: Path) -> None:
    first, last = dt.date(2024, 12, 1), dt.date(2025, 1, 31)
    without = ga4_block("Traffic acquisition", first, last, ["Month", "Sessions"], [["12", 100], ["01", 200]])
    assert errors(read_exports([write(tmp_path / "m.csv", without)])) == [
        "m.csv › row 11: the dimension Month gives only the month of the year, and the period spans several years; "
        "add the dimension Year, or use Date"
    ]
    rows = [["2024", "12", 100], ["2025", "01", 200]]
    with_year = ga4_block("Traffic acquisition", first, last, ["Year", "Month", "Sessions"], rows)
    found = read_exports([write(tmp_path / "y.csv", with_year)])
    assert values(found) == {"GA4 › Sessions": {"2024-12": 100, "2025-01": 200}}


def test_a_multi_month_file_without_a_date_dimension_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "q1.csv", ga4_block("Traffic acquisition", *Q1, TRAFFIC_EN, TRAFFIC_ROWS))
    found = read_exports([path])
    assert values(found) == {}
    assert errors(found) == [
        "q1.csv › rows 10–13: the export covers 2025-01-01 – 2025-03-31 without a date dimension, so its numbers "
        "cannot be split into months; add the dimension Month or Date to the report, or export one calendar month "
        "at a time"
    ]
    with i18n.use_language("de"):
        german = read_exports([path])
    assert errors(german) == [
        "q1.csv › Zeilen 10–13: der Export umfasst 2025-01-01 – 2025-03-31 ohne Datumsdimension, daher lassen sich "
        "seine Zahlen nicht auf Monate aufteilen; fügen Sie dem Bericht die Dimension „Monat“ oder „Datum“ hinzu "
        "oder exportieren Sie jeden Kalendermonat einzeln"
    ]


def test_a_period_of_no_whole_months_without_a_date_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path / "feb.csv",
        ga4_block("Traffic acquisition", dt.date(2026, 1, 27), dt.date(2026, 2, 23), TRAFFIC_EN, TRAFFIC_ROWS),
    )
    assert errors(read_exports([path])) == [
        "feb.csv › rows 10–13: the period 2026-01-27 – 2026-02-23 is not one or more whole calendar months and the "
        "export has no date dimension; export whole calendar months, or add the dimension Date"
    ]


def test_a_reports_snapshot_with_several_cards_reads_each_block(tmp_path: Path) -> None:
    nth = [[f"{n:04d}", 100] for n in range(31)]  # Nth day: 0000 is 1 January; 31 × 100 events = 3,100
    data = ga4_report(
        ga4_block("Reports snapshot", *JAN, ["Nth day", "Active users"], [[f"{n:04d}", 60] for n in range(31)]),
        ga4_block("Reports snapshot", *JAN, ["Session primary channel group (Default Channel Group)", "Sessions"],
                  [["Organic Search", 1200], ["Direct", 800]]),
        ga4_block("Reports snapshot", *JAN, ["Nth day", "Event count"], nth),
        ga4_block("Reports snapshot", *JAN, ["Event name", "Event count"],
                  [["page_view", 2000], ["form_submit", 100], ["scroll", 1000]]),
    )  # fmt: skip
    found = read_exports([write(tmp_path / "snapshot.csv", data)])
    assert values(found) == {
        "GA4 › Sessions": {"2025-01": 2000},
        "GA4 › Event count": {"2025-01": 3100},  # the same in two cards: taken once
        "GA4 › Event count: form_submit": {"2025-01": 100},
    }
    assert len(errors(found)) == 1
    assert '"Active users" cannot be added up over days' in errors(found)[0]
    assert errors(found)[0].startswith("snapshot.csv › rows 10–41:")
    assert warnings(found) == []


def test_two_cards_that_disagree_keep_the_first_with_a_warning(tmp_path: Path) -> None:
    data = ga4_report(
        ga4_block("Snapshot", *JAN, ["Session default channel group", "Sessions"], [["Direct", 100]]),
        ga4_block("Snapshot", *JAN, ["Device category", "Sessions"], [["mobile", 60], ["desktop", 45]]),
    )
    found = read_exports([write(tmp_path / "s.csv", data)])
    assert values(found) == {"GA4 › Sessions": {"2025-01": 100}}
    assert warnings(found) == [
        's.csv › rows 23–24: "Sessions" for 2025-01 comes twice with different values (100 and 105); the first was kept'
    ]


# ---- explorations --------------------------------------------------------------------------------------------
EXPLORATION = ["Page path and screen class", "Views", "Total users", "Sessions", "Engagement rate"]


def test_an_exploration_of_one_month_takes_every_metric_from_its_grand_total(tmp_path: Path) -> None:
    """The rows are only the first ones (an exploration shows 10 by default): the grand total is the month."""
    data = ga4_exploration(
        "Free form 1", *JAN, EXPLORATION, [6000, 2000, 2100, 0.6190476190476191],
        [["/", 4000, 1500, 1800, 0.6], ["/kontakt", 500, 300, 350, 0.7]],
    )  # fmt: skip
    found = read_exports([write(tmp_path / "free.csv", data)])
    assert values(found) == {
        "GA4 › Views": {"2025-01": 6000},  # not 4,500, the rows' sum
        "GA4 › Total users": {"2025-01": 2000},
        "GA4 › Sessions": {"2025-01": 2100},
        "GA4 › Engagement rate": {"2025-01": 61.904762},
    }
    users = series_of(found)["GA4 › Total users"]
    assert str(users.values["2025-01"].origin) == "free.csv › row 8"
    assert users.note == "from the export's grand total"
    assert errors(found) == []
    assert warnings(found) == []
    assert [r.report for r in found.readings] == ["Free form 1"]


def test_a_german_exploration_with_its_gesamtsumme(tmp_path: Path) -> None:
    header = ["Seitenpfad und Bildschirmklasse", "Aufrufe", "Nutzer insgesamt", "Sitzungen", "Absprungrate"]
    data = ga4_exploration(
        "Freies Format 1", *JAN, header, [6000, 2000, 2100, 0.25], [["/", 4000, 1500, 1800, 0.3]],
        decimal=",", total_label="Gesamtsumme",
    )  # fmt: skip
    found = read_exports([write(tmp_path / "frei.csv", data)])
    assert values(found, "de") == {
        "GA4 › Aufrufe": {"2025-01": 6000},
        "GA4 › Nutzer insgesamt": {"2025-01": 2000},
        "GA4 › Sitzungen": {"2025-01": 2100},
        "GA4 › Absprungrate": {"2025-01": 25.0},
    }


def test_an_exploration_by_month_uses_the_month_rows_and_skips_the_grand_total(tmp_path: Path) -> None:
    header = ["Month", "Total users", "Sessions", "Engaged sessions", "Average engagement time per session"]
    data = ga4_exploration(
        "Free form 1", dt.date(2024, 12, 13), dt.date(2025, 3, 12), header, [2400, 4000, 2400, 40.0],
        [["202412", 300, 500, 300, 30.0], ["202501", 900, 1500, 900, 42.0], ["202502", 800, 1400, 800, 41.0],
         ["202503", 400, 600, 400, 38.0]],
    )  # fmt: skip
    found = read_exports([write(tmp_path / "monthly.csv", data)])
    assert values(found) == {
        "GA4 › Total users": {"2025-01": 900, "2025-02": 800},
        "GA4 › Sessions": {"2025-01": 1500, "2025-02": 1400},
        "GA4 › Engaged sessions": {"2025-01": 900, "2025-02": 800},
        "GA4 › Average engagement time per session": {"2025-01": 42.0, "2025-02": 41.0},
    }
    assert warnings(found) == [
        "monthly.csv: 2024-12, 2025-03: only part of the month is in the export, so it was not imported (export "
        "whole calendar months)"
    ]


def test_an_exploration_of_several_months_without_a_month_is_refused(tmp_path: Path) -> None:
    data = ga4_exploration("Free form 1", *Q1, EXPLORATION, [6000, 2000, 2100, 0.6], [["/", 4000, 1500, 1800, 0.6]])
    found = read_exports([write(tmp_path / "x.csv", data)])
    assert values(found) == {}
    assert "add the dimension Month or Date" in errors(found)[0]


# ---- numbers, API exports, recognition -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1,234.5", "0.25"], 1234.5),  # English: thousands comma, decimal point
        (["1.234,5", "0,25"], 1234.5),  # German: thousands point, decimal comma
        (["1234.5", "0.2785"], 1234.5),  # GA4's own plain numbers
    ],
)
def test_both_decimal_forms_are_decided_per_file(tmp_path: Path, cells: list[str], expected: float) -> None:
    header = ["Session default channel group", "Total revenue", "Engagement rate"]
    found = read_exports(
        [write(tmp_path / "r.csv", ga4_block("Traffic acquisition", *JAN, header, [["Direct", *cells]]))]
    )
    assert values(found)["GA4 › Revenue"] == {"2025-01": expected}


def test_an_api_export_without_comment_block(tmp_path: Path) -> None:
    rows = [["date", "sessionDefaultChannelGroup", "sessions", "engagedSessions", "screenPageViews", "totalUsers"]]
    for n in range(28):
        rows.append([f"202502{n + 1:02d}", "Organic Search", "10", "4", "30", "9"])
        rows.append([f"202502{n + 1:02d}", "Direct", "5", "1", "10", "4"])
    found = read_exports([write(tmp_path / "api.csv", csv_bytes(rows))])
    assert values(found) == {
        "GA4 › Sessions": {"2025-02": 420},
        "GA4 › Engaged sessions": {"2025-02": 140},
        "GA4 › Views": {"2025-02": 1120},
    }
    assert len(errors(found)) == 1
    assert '"Total users" cannot be added up over the rows' in errors(found)[0]


def test_a_cell_that_is_no_number_refuses_its_block_naming_row_and_column(tmp_path: Path) -> None:
    rows = [["Direct", 100], ["Organic Search", "viel"]]
    found = read_exports(
        [write(tmp_path / "bad.csv", ga4_block("Traffic acquisition", *JAN, ["Session medium", "Sessions"], rows))]
    )
    assert values(found) == {}
    assert errors(found) == ['bad.csv › row 12: "viel" in the column "Sessions" is not a number']


def test_a_report_without_any_metric_reporter_imports_says_so(tmp_path: Path) -> None:
    found = read_exports(
        [write(tmp_path / "t.csv", ga4_block("Tech", *JAN, ["Browser", "Views per active user"], [["Chrome", 2.5]]))]
    )
    assert [r.platform for r in found.readings] == ["GA4"]
    assert warnings(found) == [
        "t.csv: none of the export's columns is a metric reporter imports (docs/import.md lists them)"
    ]


def test_every_ga4_export_is_recognised_by_its_content(files: Path, tmp_path: Path) -> None:
    renamed = write(tmp_path / "download (3).txt", (files / "traffic.csv").read_bytes())
    found = read_exports([files, renamed])
    assert sorted(r.file for r in found.readings) == [
        "download (3).txt", "pages.csv", "seiten.csv", "traffic.csv", "zugriffe.csv",
    ]  # fmt: skip
    assert {r.platform for r in found.readings} == {"GA4"}
    assert not any("not recognised" in p.message for p in found.problems)
