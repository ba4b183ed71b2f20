"""Newsletter campaign lists → calendar months: Mailchimp, CleverReach and Brevo, English and German; counts
summed over a month's campaigns, rates recomputed from the month's sums (never averaged), what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporter.i18n import use_language
from reporter.importing import read_exports
from reporter.importing.model import Reading
from reporter.model import Severity
from tests.exports_more import delimited, mailchimp

MAILCHIMP_HEADER = [
    "Title", "Subject", "List", "Send Date", "Send Weekday", "Total Recipients", "Successful Deliveries",
    "Soft Bounces", "Hard Bounces", "Total Bounces", "Times Forwarded", "Forwarded Opens", "Unique Opens",
    "Open Rate", "Total Opens", "Unique Clicks", "Click Rate", "Total Clicks", "Unsubscribes", "Abuse Complaints",
    "Times Liked on Facebook", "Folder Id", "Unique Id", "Total Orders", "Total Gross Sales", "Total Revenue",
    "Analytics ROI", "Campaign Cost", "Revenue Created", "Visits", "New Visits", "Pages/Visit", "Bounce Rate",
    "Time on Site", "Goal Conversion Rate", "Per Visit Goal Value", "Transactions", "Ecommerce Conversion Rate",
    "Per Visit Value", "Average Value",
]  # fmt: skip
ZEROS = [0] * 3 + ["x"] + [0] * 16


def campaign(title: str, sent: str, recipients: int, delivered: int, opens: int, clicks: int, unsubs: int) -> list:
    """A Mailchimp row whose rates are Mailchimp's: unique opens (clicks) ÷ successful deliveries."""
    bounces = recipients - delivered
    base = delivered or 1  # Mailchimp writes 0% for a campaign that reached nobody
    return [
        title, "Subject", "Kunden", sent, "Thursday", recipients, delivered, bounces - 1, 1, bounces, 0, 0, opens,
        f"{opens / base * 100:.2f}%", opens * 2, clicks, f"{clicks / base * 100:.2f}%", clicks + 2, unsubs,
        0, *ZEROS,
    ]  # fmt: skip


JANUARY = [
    campaign("Januar 1", "Jan 09, 2025 09:30 am", 110, 108, 30, 7, 1),  # 27.78 % and 6.48 %
    campaign("Januar 2", "Jan 23, 2025 09:15 pm", 137, 134, 30, 5, 2),  # 22.39 % and 3.73 %
]
FEBRUARY = [campaign("Februar", "Feb 13, 2025 10:00 am", 134, 133, 35, 4, 0)]


def only(path: Path) -> tuple[Reading, list]:
    exports = read_exports([path])
    assert len(exports.readings) == 1, [str(p) for p in exports.problems]
    return exports.readings[0], exports.problems


def values(reading: Reading) -> dict[str, dict[str, float]]:
    return {s.metric.key: {m: v.value for m, v in s.values.items()} for s in reading.series}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("newsletter")


def test_mailchimp_months_are_sums_and_recomputed_rates(folder: Path) -> None:
    path = mailchimp(folder / "campaigns.csv", MAILCHIMP_HEADER, [*JANUARY, *FEBRUARY])
    assert '"Jan 09, 2025 09:30 am",Thursday,110,108,1,1,2,0,0,30,27.78%' in path.read_text()
    reading, problems = only(path)
    assert not problems
    assert (reading.platform, reading.report) == ("Mailchimp", "Campaign reports")
    got = values(reading)
    assert got["campaigns"] == {"2025-01": 2, "2025-02": 1}
    assert got["recipients"] == {"2025-01": 247, "2025-02": 134}
    assert got["delivered"] == {"2025-01": 242, "2025-02": 133}
    assert got["unique_opens"] == {"2025-01": 60, "2025-02": 35}
    # 60 unique opens of 242 deliveries (24.79 %), not the mean of 27.78 % and 22.39 %
    assert got["open_rate"]["2025-01"] == pytest.approx(60 / 242 * 100)
    assert got["click_rate"]["2025-01"] == pytest.approx(12 / 242 * 100)
    assert got["click_to_open"]["2025-01"] == pytest.approx(20.0)
    assert got["unsubscribes"] == {"2025-01": 3, "2025-02": 0}
    assert got["hard_bounces"] == {"2025-01": 2, "2025-02": 1}
    assert got["bounces"] == {"2025-01": 5, "2025-02": 1}
    rate = next(s for s in reading.series if s.metric.key == "open_rate")
    assert rate.metric.sources == ("Mailchimp › Öffnungsrate", "Mailchimp › Open rate")
    assert (rate.metric.channel, rate.metric.unit) == ("email", "percent")
    assert str(rate.values["2025-01"].origin) == "campaigns.csv › rows 2–3"
    unsubscribes = next(s for s in reading.series if s.metric.key == "unsubscribes")
    assert unsubscribes.metric.direction.value == "lower"


def test_a_rate_the_counts_do_not_give_is_refused(folder: Path) -> None:
    wrong = campaign("Januar 1", "Jan 09, 2025 09:30 am", 110, 108, 30, 7, 1)
    wrong[13] = "30.00%"  # not 30 ÷ 108: reporter cannot reproduce it, so it cannot recompute the month's
    reading, problems = only(mailchimp(folder / "campaigns-odd.csv", MAILCHIMP_HEADER, [wrong]))
    assert "open_rate" not in values(reading)
    assert "click_rate" in values(reading)
    [problem] = problems
    assert problem.severity is Severity.ERROR
    assert str(problem) == (
        'campaigns-odd.csv › row 2: the export\'s "Open Rate" is not "Unique Opens" ÷ "Total Recipients" nor ÷ '
        '"Successful Deliveries" of each campaign, so reporter cannot recompute it for a month and did not import '
        "it (docs/import.md, Newsletters)"
    )
    with use_language("de"):
        [german] = read_exports([folder / "campaigns-odd.csv"]).problems
    assert german.message.startswith("Die „Open Rate“ des Exports ist nicht „Unique Opens“ ÷ „Total Recipients“")


CLEVERREACH_DE = [
    "Name", "Betreff", "Versanddatum", "Empfänger", "Zugestellt", "Öffnungen", "Öffnungsrate", "Klicks", "Klickrate",
    "Abmeldungen", "Bounces",
]  # fmt: skip


def test_cleverreach_german_semicolon_with_a_total_row(folder: Path) -> None:
    rows = [
        # CleverReach's rates are of the recipients: 30 ÷ 110 = 27,27 %, 7 ÷ 110 = 6,36 %
        ["März-Mailing", "Frühling; jetzt", "06.03.2025 10:00", "110", "108", "30", "27,27 %", "7", "6,36 %", "1", "2"],
        ["April-Mailing", "Ostern", "10.04.2025 08:30", "1.250", "1.240", "500", "40,00 %", "125", "10,00 %", "4",
         "10"],
        ["Gesamt", "", "", "1.360", "1.348", "530", "38,97 %", "132", "9,71 %", "5", "12"],
    ]
    path = delimited(folder / "cleverreach.csv", CLEVERREACH_DE, rows, separator=";", bom=True, crlf=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfName;Betreff;")
    assert '"Frühling; jetzt"' in path.read_text(encoding="utf-8-sig")
    reading, problems = only(path)
    assert not problems
    assert reading.platform == "CleverReach"
    got = values(reading)
    assert got["recipients"] == {"2025-03": 110, "2025-04": 1250}  # "1.250": German thousands; Gesamt not added
    assert got["open_rate"] == {"2025-03": pytest.approx(30 / 110 * 100), "2025-04": 40.0}
    assert got["click_rate"]["2025-04"] == 10.0
    assert got["bounces"] == {"2025-03": 2, "2025-04": 10}


def test_cleverreach_english(folder: Path) -> None:
    header = [
        "Name", "Subject", "Sent date", "Recipients", "Opens", "Open rate", "Clicks", "Click rate", "Unsubscribes"
    ]  # fmt: skip
    rows = [["May", "Hi", "2025-05-08 09:00", "200", "50", "25.00%", "10", "5.00%", "1"]]
    reading, problems = only(delimited(folder / "cr-en.csv", header, rows, separator=";", bom=True, crlf=True))
    assert not problems
    assert reading.platform == "CleverReach"
    assert values(reading)["open_rate"] == {"2025-05": 25.0}


def test_brevo_english_and_german(folder: Path) -> None:
    english = [
        "Campaign name", "Sent date", "Recipients", "Delivered", "Unique opens", "Open rate", "Unique clicks",
        "Click rate", "Unsubscribed", "Hard bounces", "Soft bounces",
    ]  # fmt: skip
    rows = [
        ["June news", "2025-06-05 10:00:00", 1000, 980, 392, "40%", 49, "5%", 3, 12, 8],
        ["June offer", "2025-06-19 10:00:00", 1000, 1000, 250, "25%", 100, "10%", 1, 0, 0],
    ]
    reading, problems = only(delimited(folder / "brevo.csv", english, rows, separator=",", bom=False, crlf=False))
    assert not problems
    assert reading.platform == "Brevo"
    got = values(reading)
    assert got["open_rate"] == {"2025-06": pytest.approx(642 / 1980 * 100)}
    assert got["soft_bounces"] == {"2025-06": 8}

    german = [
        "Kampagnenname", "Versanddatum", "Empfänger", "Zugestellt", "Geöffnet", "Öffnungsrate", "Geklickt",
        "Klickrate", "Abgemeldet", "Hardbounces", "Softbounces",
    ]  # fmt: skip
    rows = [["Juni", "05.06.2025 10:00", "1000", "980", "392", "40,00 %", "49", "5,00 %", "3", "12", "8"]]
    reading, problems = only(delimited(folder / "brevo-de.csv", german, rows, separator=";", bom=False, crlf=False))
    assert not problems
    assert reading.platform == "Brevo"
    assert values(reading)["click_to_open"] == {"2025-06": pytest.approx(12.5)}


def test_a_campaign_without_a_send_date(folder: Path) -> None:
    draft = campaign("Entwurf", "", 0, 0, 0, 0, 0)
    draft[13] = draft[16] = "0%"
    odd = campaign("Kaputt", "irgendwann", 10, 10, 1, 0, 0)
    reading, problems = only(mailchimp(folder / "campaigns-drafts.csv", MAILCHIMP_HEADER, [*JANUARY, draft, odd]))
    assert values(reading)["campaigns"] == {"2025-01": 2}
    assert [str(p) for p in problems] == [
        'campaigns-drafts.csv › row 5: "irgendwann" is not a send date; the campaign was left out'
    ]


def test_each_vendor_is_told_apart(tmp_path: Path) -> None:
    # the other tests write each vendor's file; they may run in another xdist worker, so write them here again
    test_mailchimp_months_are_sums_and_recomputed_rates(tmp_path)
    test_cleverreach_german_semicolon_with_a_total_row(tmp_path)
    test_brevo_english_and_german(tmp_path)
    files = [tmp_path / name for name in ("campaigns.csv", "cleverreach.csv", "brevo.csv", "brevo-de.csv")]
    assert all(f.exists() for f in files)
    platforms = {r.file: r.platform for r in read_exports(files).readings}
    assert platforms == {
        "campaigns.csv": "Mailchimp",
        "cleverreach.csv": "CleverReach",
        "brevo.csv": "Brevo",
        "brevo-de.csv": "Brevo",
    }
