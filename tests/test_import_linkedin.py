"""LinkedIn page analytics → calendar months: the visitors, followers and content workbooks (legacy .xls and
.xlsx, English and German), summed counts, follower levels, the recomputed engagement rate, what is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlrd

from reporter.i18n import use_language
from reporter.importing import read_exports
from reporter.importing.model import Reading
from reporter.model import Severity
from tests.exports_more import days, linkedin_xls, linkedin_xlsx

JAN_FEB = days(dt.date(2025, 1, 1), dt.date(2025, 2, 28))
BREAKDOWNS = {
    "Location": [["Location", "Total views"], ["Berlin", 120], ["Hamburg", 80]],
    "Job function": [["Job function", "Total views"], ["Marketing", 90]],
}


def readings(path: Path) -> tuple[list[Reading], list]:
    exports = read_exports([path])
    return exports.readings, exports.problems


def values(reading: Reading) -> dict[str, dict[str, float]]:
    return {s.metric.key: {m: v.value for m, v in s.values.items()} for s in reading.series}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("linkedin")


@pytest.fixture(scope="module")
def visitors(folder: Path) -> Path:
    """English visitors workbook (.xlsx): dates as LinkedIn's text (mm/dd/yyyy); 30 page views a day in January,
    40 in February; 10 and 12 unique visitors a day."""
    header = [
        "Date", "Overview page views (desktop)", "Overview page views (mobile)", "Overview page views (total)",
        "Total page views (desktop)", "Total page views (mobile)", "Total page views (total)",
        "Total unique visitors (desktop)", "Total unique visitors (mobile)", "Total unique visitors (total)",
    ]  # fmt: skip
    rows = []
    for d in JAN_FEB:
        more = 10 * (d.month - 1)
        rows.append([d.strftime("%m/%d/%Y"), 5, 5, 10, 20, 10 + more, 30 + more, 6, 4, 10 + more // 5])
    sheets = {"Visitor metrics": [header, *rows], **BREAKDOWNS}
    return linkedin_xlsx(folder / "acme_visitors_1735689600000.xlsx", sheets)


def test_visitors_page_views_are_summed_unique_visitors_not(visitors: Path) -> None:
    found, problems = readings(visitors)
    daily = [r for r in found if r.series]
    assert len(daily) == 1
    assert daily[0].platform == "LinkedIn"
    assert daily[0].report == "Visitors › Visitor metrics"
    assert values(daily[0]) == {"page_views": {"2025-01": 31 * 30, "2025-02": 28 * 40}}
    origin = daily[0].series[0].values["2025-01"].origin
    assert str(origin) == f"{visitors.name} › Visitor metrics › rows 2–32"
    [warning] = problems
    assert warning.severity is Severity.WARNING
    assert warning.message.startswith('"Total unique visitors (total)" were not imported')
    # the breakdown sheets are recognised, and give nothing to import
    assert sorted(r.report for r in found if not r.series) == ["Breakdown (no dates: nothing to import)"] * 2


@pytest.fixture(scope="module")
def german_followers(folder: Path) -> Path:
    """German followers workbook as a real .xls: 1 sponsored + 2 organic new followers a day on 1–10 January,
    2 organic a day after; "Follower insgesamt" is their sum (the day's new followers)."""
    header = [
        "Datum", "Gesponserte Follower", "Organische Follower", "Automatisch eingeladene Follower", "Follower insgesamt"
    ]  # fmt: skip
    rows = []
    for d in days(dt.date(2025, 1, 1), dt.date(2025, 1, 31)):
        sponsored = 1 if d.day <= 10 else 0
        rows.append([d, sponsored, 2, 0, sponsored + 2])
    sheets = {"Neue Follower": [header, *rows], "Standort": [["Standort", "Follower insgesamt"], ["Köln", 40]]}
    return linkedin_xls(folder / "acme_followers.xls", sheets)


def test_the_xls_is_a_real_biff8_workbook(german_followers: Path) -> None:
    assert german_followers.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    book = xlrd.open_workbook(str(german_followers))
    assert book.sheet_names() == ["Neue Follower", "Standort"]
    assert book.sheet_by_index(0).cell(1, 0).ctype == xlrd.XL_CELL_DATE


def test_new_followers_are_summed_from_a_german_xls(german_followers: Path) -> None:
    found, problems = readings(german_followers)
    assert not problems
    [daily] = [r for r in found if r.series]
    assert daily.report == "Followers › New followers"
    assert values(daily) == {
        "new_followers": {"2025-01": 10 * 3 + 21 * 2},
        "new_followers:organic": {"2025-01": 62},
        "new_followers:sponsored": {"2025-01": 10},
    }
    total = next(s for s in daily.series if s.metric.key == "new_followers")
    assert total.metric.source("de") == "LinkedIn › Neue Follower"
    assert total.metric.name == {"de": "Neue Follower (LinkedIn)", "en": "New followers (LinkedIn)"}


def test_a_follower_count_is_the_months_last_day(folder: Path) -> None:
    header = ["Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers"]
    rows, count = [], 1000
    for d in JAN_FEB:
        count += 3
        rows.append([d, 1, 2, 0, count])  # a level: 1003 on 1 January, 1093 on 31 January, 1177 on 28 February
    path = linkedin_xlsx(folder / "followers-level.xlsx", {"New followers": [header, *rows]})
    [daily], problems = readings(path)
    assert not problems
    got = values(daily)
    assert got["followers"] == {"2025-01": 1093, "2025-02": 1177}
    assert got["new_followers:organic"] == {"2025-01": 62, "2025-02": 56}
    assert "new_followers" not in got


CONTENT_EN = [
    "Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)", "Unique impressions (organic)",
    "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)", "Reactions (organic)", "Reactions (sponsored)",
    "Reactions (total)", "Comments (organic)", "Comments (sponsored)", "Comments (total)", "Reposts (organic)",
    "Reposts (sponsored)", "Reposts (total)", "Engagement rate (organic)", "Engagement rate (sponsored)",
    "Engagement rate (total)",
]  # fmt: skip


def content_row(d: dt.date) -> list[object]:
    """100 impressions (80 organic), 3 clicks, 4 reactions, 1 comment, 2 reposts a day: engagement 10 %."""
    return [d, 80, 20, 100, 60, 3, 0, 3, 4, 0, 4, 1, 0, 1, 2, 0, 2, 0.125, 0, 0.1]


def test_content_with_a_note_above_the_header(folder: Path) -> None:
    note = ["Aggregated metrics for all updates posted during the selected period. Data is updated daily."]
    rows = [content_row(d) for d in days(dt.date(2025, 1, 1), dt.date(2025, 1, 31))]
    path = linkedin_xlsx(folder / "acme_content.xlsx", {"Metrics": [note, CONTENT_EN, *rows]})
    [daily], problems = readings(path)
    assert daily.report == "Content › Metrics"
    got = values(daily)
    assert got["impressions"] == {"2025-01": 3100}
    assert got["impressions:organic"] == {"2025-01": 2480}
    assert got["clicks"] == {"2025-01": 93}
    assert got["reposts"] == {"2025-01": 62}
    assert got["engagement_rate"] == {"2025-01": pytest.approx(10.0)}  # (93 + 124 + 31 + 62) ÷ 3100
    assert str(daily.series[0].values["2025-01"].origin) == f"{path.name} › Metrics › rows 3–33"
    assert [p.message.split(" were")[0] for p in problems] == ['"Unique impressions (organic)"']


def test_german_content_as_xls_with_text_dates(folder: Path) -> None:
    header = [
        "Datum", "Impressionen (organisch)", "Impressionen (gesponsert)", "Impressionen (gesamt)",
        "Eindeutige Impressionen (organisch)", "Klicks (gesamt)", "Reaktionen (gesamt)", "Kommentare (gesamt)",
        "Direkt geteilt (gesamt)", "Interaktionsrate (gesamt)",
    ]  # fmt: skip
    rows = [
        [d.strftime("%d.%m.%Y"), "1.200", "0", "1.200", 700, 12, 30, 6, 12, "5 %"]
        for d in days(dt.date(2025, 2, 1), dt.date(2025, 3, 3))
    ]
    path = linkedin_xls(folder / "acme_inhalte.xls", {"Kennzahlen": [["Hinweis: alle Beiträge"], header, *rows]})
    with use_language("de"):
        [daily], problems = readings(path)
    got = values(daily)
    assert got["impressions"] == {"2025-02": 28 * 1200}  # "1.200": German thousands; March is only 1–3
    assert got["reposts"] == {"2025-02": 28 * 12}
    assert got["engagement_rate"] == {"2025-02": pytest.approx(60 / 1200 * 100)}
    messages = [p.message for p in problems]
    unique = "„Eindeutige Impressionen (organisch)“ wurden nicht übernommen"
    assert any(m.startswith(unique) for m in messages), messages
    assert any(m.startswith("2025-03: nur ein Teil des Monats") for m in messages), messages


def test_engagement_rate_without_its_parts_is_refused(folder: Path) -> None:
    header = ["Date", "Impressions (total)", "Clicks (total)", "Engagement rate (total)"]
    rows = [[d, 100, 3, 0.03] for d in days(dt.date(2025, 1, 1), dt.date(2025, 1, 31))]
    [daily], problems = readings(linkedin_xlsx(folder / "content-small.xlsx", {"Metrics": [header, *rows]}))
    assert values(daily) == {"impressions": {"2025-01": 3100}, "clicks": {"2025-01": 93}}
    [problem] = problems
    assert problem.severity is Severity.ERROR
    assert "Reposts" in problem.message


def test_total_followers_without_its_parts_is_refused(folder: Path) -> None:
    rows = [["Date", "Total followers"], *[[d, 5] for d in days(dt.date(2025, 1, 1), dt.date(2025, 1, 31))]]
    found, problems = readings(linkedin_xlsx(folder / "followers-bare.xlsx", {"New followers": rows}))
    assert not found
    assert "cannot tell new followers from the follower count" in problems[0].message
    with use_language("de"):
        _found, german = readings(folder / "followers-bare.xlsx")
    assert "neue Follower" in german[0].message


def test_a_text_that_is_no_date_names_its_row(folder: Path) -> None:
    rows = [["Date", "Total page views (total)"], ["01/01/2025", 3], ["gestern", 4]]
    [daily], problems = readings(linkedin_xlsx(folder / "visitors-bad.xlsx", {"Visitor metrics": rows}))
    assert [str(p) for p in problems if p.severity is Severity.ERROR] == [
        'visitors-bad.xlsx › Visitor metrics › row 3: "gestern" is not a date; the row was left out'
    ]


def test_a_date_with_comments_is_not_taken_for_linkedin(tmp_path: Path) -> None:
    path = tmp_path / "beitraege.csv"
    path.write_text("Datum;Kommentare;Reposts\n01.01.2025;3;1\n", encoding="utf-8")
    assert all(reading.platform != "LinkedIn" for reading in read_exports([path]).readings)
