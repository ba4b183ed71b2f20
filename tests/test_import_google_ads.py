"""Google Ads report downloads (reporter/importing/platforms/google_ads.py), in the German and English UI, as
tests/exports_ads.py writes them byte for byte: UTF-16LE with BOM and TAB or UTF-8 with commas, the title and range
rows, ``Total: …`` rows (label in the first or second column), ``"9,380"``, `` --``, ``< 10%``, a currency code.
Every expected number is worked out in the comment beside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporter import i18n
from reporter.importing import read_exports
from reporter.importing.model import Reading
from reporter.model import Severity
from tests.exports_ads import google_ads

HEAD = {
    "en": {
        "status": "Campaign status", "campaign": "Campaign", "account": "Account", "type": "Campaign type",
        "impr": "Impr.", "clicks": "Clicks", "inter": "Interactions", "cost": "Cost", "conv": "Conversions",
        "ctr": "CTR", "cpc": "Avg. CPC", "rate": "Conv. rate", "cpa": "Cost / conv.", "is": "Search impr. share",
        "currency": "Currency code", "month": "Month", "day": "Day", "week": "Week", "keyword": "Search keyword",
    },
    "de": {
        "status": "Kampagnenstatus", "campaign": "Kampagne", "account": "Konto", "type": "Kampagnentyp",
        "impr": "Impr.", "clicks": "Klicks", "inter": "Interaktionen", "cost": "Kosten", "conv": "Conversions",
        "ctr": "CTR", "cpc": "Durchschn. CPC", "rate": "Conv.-Rate", "cpa": "Kosten/Conv.",
        "is": "Anteil an möglichen Impressionen (Suche)", "currency": "Währungscode", "month": "Monat", "day": "Tag",
        "week": "Woche", "keyword": "Suchkeyword",
    },
}  # fmt: skip
TITLE = {"en": "Campaign report", "de": "Kampagnenbericht"}
TOTAL = {"en": "Total: {}", "de": "Gesamt: {}"}
ACCOUNT = {"en": "Account", "de": "Konto"}
SEARCH = {"en": "Search", "de": "Suche"}
CAMPAIGNS = {"en": "Campaigns", "de": "Kampagnen"}
ENABLED = {"en": "Enabled", "de": "Aktiviert"}
# the range in row 2 as each UI writes it
JANUARY = {"en": "1 January 2026 - 31 January 2026", "de": "1. Januar 2026 - 31. Januar 2026"}
FIRST_QUARTER = {"en": "January 1, 2026 - March 31, 2026", "de": "01.01.2026 - 31.03.2026"}
MONTHS = {"en": ["January 2026", "February 2026", "March 2026"], "de": ["Januar 2026", "Februar 2026", "März 2026"]}


def num(value: float, lang: str, decimals: int = 0) -> str:
    """A number as the UI writes it: ``9,380`` / ``1,000.00`` in English, ``9.380`` / ``1.000,00`` in German."""
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "de" else text


def pct(value: float, lang: str) -> str:
    return f"{num(value, lang, 2)} %" if lang == "de" else f"{num(value, lang, 2)}%"


def censored(bound: str, lang: str) -> str:
    return f"{bound} %" if lang == "de" else f"{bound}%"


def read(*paths: Path) -> tuple[list[Reading], list]:
    exports = read_exports(list(paths))
    return exports.readings, exports.problems


def values(reading: Reading) -> dict[str, dict[str, float]]:
    return {s.metric.key: {m: v.value for m, v in s.values.items()} for s in reading.series}


def errors(problems: list) -> list[str]:
    return [str(p) for p in problems if p.severity is Severity.ERROR]


def warnings(problems: list) -> list[str]:
    return [str(p) for p in problems if p.severity is Severity.WARNING]


# ---- one month, two campaigns, no segment ---------------------------------------------------------------------
def one_month(lang: str, label_column: int) -> tuple[list[str], list[list[str]], list[list[str]]]:
    h = HEAD[lang]
    header = [h["status"], h["campaign"], h["type"], h["impr"], h["inter"], h["cost"], h["clicks"], h["ctr"],
              h["cpc"], h["conv"], h["rate"], h["cpa"], h["is"], h["currency"]]  # fmt: skip
    rows = [
        [ENABLED[lang], "Marke", "Search", num(9380, lang), "412", num(398.64, lang, 2), "412", pct(4.39, lang),
         num(0.97, lang, 2), num(21, lang, 2), pct(5.10, lang), num(18.98, lang, 2), censored("> 90", lang), "EUR"],
        [ENABLED[lang], "Dachsanierung", "Search", num(12044, lang), "300", num(601.36, lang, 2), "300",
         pct(2.49, lang), num(2.00, lang, 2), num(9, lang, 2), pct(3.00, lang), num(66.82, lang, 2),
         censored("< 10", lang), "EUR"],
    ]  # fmt: skip
    sums = [num(21424, lang), "712", num(1000, lang, 2), "712", pct(3.32, lang), num(1.40, lang, 2),
            num(30, lang, 2), pct(4.21, lang), num(33.33, lang, 2), pct(57.12, lang), " --"]  # fmt: skip
    totals = []
    for what in (ACCOUNT, SEARCH, CAMPAIGNS):
        label = [" --", " --", " --"]
        label[label_column] = TOTAL[lang].format(what[lang])
        totals.append(label + sums)
    return header, rows, totals


@pytest.mark.parametrize(("lang", "label_column"), [("en", 0), ("de", 1), ("en", 1), ("de", 0)])
def test_one_month_utf16_tab_two_campaigns_summed_ratios_recomputed_share_from_the_account_total(
    tmp_path: Path, lang: str, label_column: int
) -> None:
    header, rows, totals = one_month(lang, label_column)
    path = google_ads(tmp_path / "Campaign report.csv", TITLE[lang], JANUARY[lang], header, rows, totals)
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe" + TITLE[lang][:1].encode("utf-16-le"))  # BOM, then UTF-16LE
    assert "\t".encode("utf-16-le") in data
    assert "\r\n".encode("utf-16-le") in data
    assert '"9,380"'.encode("utf-16-le") in data if lang == "en" else '"398,64"'.encode("utf-16-le") in data

    (reading,), problems = read(path)
    assert (reading.platform, reading.report) == ("Google Ads", "Report download")
    assert values(reading) == {
        "impressions": {"2026-01": 21424.0},  # 9,380 + 12,044
        "interactions": {"2026-01": 712.0},
        "cost": {"2026-01": pytest.approx(1000.0)},  # 398.64 + 601.36
        "clicks": {"2026-01": 712.0},  # 412 + 300
        "conversions": {"2026-01": 30.0},  # 21 + 9
        "ctr": {"2026-01": pytest.approx(712 / 21424 * 100)},  # 3.323 %, not 4.39 % + 2.49 %
        "avg_cpc": {"2026-01": pytest.approx(1000 / 712)},  # 1.4045
        "conv_rate": {"2026-01": pytest.approx(30 / 712 * 100)},  # conversions ÷ interactions: 4.2135 %
        "cost_per_conv": {"2026-01": pytest.approx(1000 / 30)},  # 33.33
        "search_is": {"2026-01": 57.12},  # from Total: Account; the campaigns' "> 90%" and "< 10%" are not used
    }
    assert problems == []  # the censored campaign cells are not read: the account's total is the month's value
    by_key = {s.metric.key: s for s in reading.series}
    assert by_key["cost"].currency == by_key["avg_cpc"].currency == "EUR"
    assert by_key["clicks"].currency is None
    assert by_key["clicks"].note == "summed over 2 campaigns"
    assert by_key["ctr"].note == f"{HEAD[lang]['clicks']} ÷ Impr. of the month's sums; summed over 2 campaigns"
    assert by_key["search_is"].note == f'from the report\'s row "{TOTAL[lang].format(ACCOUNT[lang])}"'
    assert str(by_key["clicks"].values["2026-01"].origin) == "Campaign report.csv › rows 4–5"
    assert str(by_key["search_is"].values["2026-01"].origin) == "Campaign report.csv › row 6"
    assert by_key["clicks"].metric.source("de") == "Google Ads › Klicks"
    assert by_key["clicks"].metric.source("en") == "Google Ads › Clicks"
    assert by_key["cost_per_conv"].metric.name == {
        "de": "Kosten pro Conversion (Google Ads)",
        "en": "Cost per conversion (Google Ads)",
    }


def test_utf8_comma_download_reads_the_same(tmp_path: Path) -> None:
    header, rows, totals = one_month("en", 0)
    path = google_ads(tmp_path / "report.csv", TITLE["en"], JANUARY["en"], header, rows, totals, utf16=False)
    assert path.read_bytes().startswith(b"Campaign report\n1 January 2026 - 31 January 2026\nCampaign status,")
    (reading,), problems = read(path)
    assert values(reading)["impressions"] == {"2026-01": 21424.0}
    assert values(reading)["search_is"] == {"2026-01": 57.12}
    assert problems == []


# ---- segment Month: several months --------------------------------------------------------------------------
QUARTER = {  # campaign → month → (impressions, clicks, cost, conversions)
    "Marke": [(4210, 300, 150.00, 12), (3800, 250, 140.50, 10), (5000, 400, 210.25, 20)],
    "Dachsanierung": [(10000, 200, 350.00, 8), (8000, 150, 300.00, 5), (12000, 300, 420.75, 10)],
}


def quarter(
    folder: Path, lang: str, campaigns: list[str], shares: list[str] | None = None, currency: str = "EUR"
) -> Path:
    h = HEAD[lang]
    header = [h["campaign"], h["month"], h["currency"], h["impr"], h["clicks"], h["cost"], h["conv"], h["ctr"],
              h["cpc"], h["rate"], h["cpa"], h["is"]]  # fmt: skip
    rows = []
    for name in campaigns:
        for index, (impr, clicks, cost, conv) in enumerate(QUARTER[name]):
            share = shares[index] if shares else pct(50, lang)
            rows.append([name, MONTHS[lang][index], currency, num(impr, lang), num(clicks, lang), num(cost, lang, 2),
                         num(conv, lang, 2), pct(clicks / impr * 100, lang), num(cost / clicks, lang, 2),
                         pct(conv / clicks * 100, lang), num(cost / conv, lang, 2), share])  # fmt: skip
    sums = [sum(QUARTER[name][m][part] for name in campaigns for m in range(3)) for part in range(4)]
    totals = [[TOTAL[lang].format(ACCOUNT[lang]), " --", " --", num(sums[0], lang), num(sums[1], lang),
               num(sums[2], lang, 2), num(sums[3], lang, 2), " --", " --", " --", " --", pct(44.5, lang)]]  # fmt: skip
    path = folder / f"quarter-{lang}-{len(campaigns)}.csv"
    return google_ads(path, TITLE[lang], FIRST_QUARTER[lang], header, rows, totals)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_segment_month_sums_each_month_and_refuses_the_impression_share_of_several_campaigns(
    tmp_path: Path, lang: str
) -> None:
    path = quarter(tmp_path, lang, ["Marke", "Dachsanierung"])
    (reading,), problems = read(path)
    got = values(reading)
    assert got["impressions"] == {"2026-01": 14210.0, "2026-02": 11800.0, "2026-03": 17000.0}  # 4,210 + 10,000 …
    assert got["clicks"] == {"2026-01": 500.0, "2026-02": 400.0, "2026-03": 700.0}
    assert got["cost"] == {"2026-01": 500.0, "2026-02": 440.5, "2026-03": pytest.approx(631.0)}  # 210.25 + 420.75
    assert got["conversions"] == {"2026-01": 20.0, "2026-02": 15.0, "2026-03": 30.0}
    assert got["ctr"]["2026-02"] == pytest.approx(400 / 11800 * 100)  # 3.39 %
    assert got["avg_cpc"] == {"2026-01": 1.0, "2026-02": pytest.approx(1.10125), "2026-03": pytest.approx(631 / 700)}
    # without an Interactions column the conversion rate is conversions ÷ clicks, and the note says so
    assert got["conv_rate"] == {"2026-01": 4.0, "2026-02": 3.75, "2026-03": pytest.approx(30 / 700 * 100)}
    assert got["cost_per_conv"] == {"2026-01": 25.0, "2026-02": pytest.approx(440.5 / 15), "2026-03": 631 / 30}
    assert "search_is" not in got
    notes = {s.metric.key: s.note for s in reading.series}
    assert notes["conv_rate"] == f"Conversions ÷ {HEAD[lang]['clicks']} of the month's sums; summed over 2 campaigns"
    label = TOTAL[lang].format(ACCOUNT[lang])
    assert errors(problems) == [
        f'quarter-{lang}-2.csv: "{HEAD[lang]["is"]}" cannot be added up over campaigns or days, and the report has '
        "no account total for 2026-01, 2026-02, 2026-03, so it was not imported for them: download the report for "
        f'one month at a time (its row "{label}" holds the account\'s value)'
    ]
    assert warnings(problems) == []  # the rows add up to the Total: Account row


def test_the_refused_impression_share_in_german(tmp_path: Path) -> None:
    path = quarter(tmp_path, "de", ["Marke", "Dachsanierung"])
    with i18n.use_language("de"):
        _readings, problems = read(path)
    assert errors(problems) == [
        "quarter-de-2.csv: „Anteil an möglichen Impressionen (Suche)“ lässt sich nicht über Kampagnen oder Tage "
        "addieren, und der Bericht hat für 2026-01, 2026-02, 2026-03 keine Summe des Kontos; deshalb wurde der Wert "
        "für diese Monate nicht importiert: Laden Sie den Bericht für jeweils einen Monat herunter (seine Zeile "
        "„Gesamt: Konto“ enthält den Wert des Kontos)"
    ]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_one_campaign_per_month_keeps_its_share_and_warns_for_a_censored_one(tmp_path: Path, lang: str) -> None:
    shares = [pct(61.2, lang), censored("< 10", lang), censored("> 90", lang)]
    path = quarter(tmp_path, lang, ["Marke"], shares)
    (reading,), problems = read(path)
    got = values(reading)
    assert got["search_is"] == {"2026-01": 61.2}  # February "< 10%" and March "> 90%" are bounds, not numbers
    assert got["clicks"] == {"2026-01": 300.0, "2026-02": 250.0, "2026-03": 400.0}
    assert {s.metric.key: s.note for s in reading.series}["clicks"] is None  # one campaign: nothing summed
    assert errors(problems) == []
    bound = censored("< 10", lang)
    assert warnings(problems)[0] == (
        f'quarter-{lang}-1.csv › row 5: "{HEAD[lang]["is"]}": "{bound}" is only a bound, not a number; the month\'s '
        "value is not written"
    )
    assert len(warnings(problems)) == 2  # the other bound (row 6); the rows add up to the account total


def test_a_month_segment_written_as_the_first_day(tmp_path: Path) -> None:
    header = ["Campaign", "Month", "Impr.", "Clicks"]
    rows = [["Marke", "2026-01-01", "1,000", "10"], ["Marke", "2026-02-01", "2,000", "20"]]
    path = google_ads(tmp_path / "m.csv", TITLE["en"], "1 January 2026 - 28 February 2026", header, rows)
    (reading,), problems = read(path)
    assert values(reading) == {"impressions": {"2026-01": 1000.0, "2026-02": 2000.0},
                               "clicks": {"2026-01": 10.0, "2026-02": 20.0}}  # fmt: skip
    assert problems == []


# ---- segment Day ----------------------------------------------------------------------------------------------
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def daily(folder: Path, lang: str) -> Path:
    """1 January – 15 February, one campaign: each day 100 + the day of the month impressions, 10 clicks,
    5.50 cost, one conversion on the days divisible by 5; ` --` conversions on the other days. The days as
    ``2026-01-01`` (German) or ``Thu, Jan 1, 2026`` (English)."""

    h = HEAD[lang]
    header = [h["day"], h["campaign"], h["impr"], h["clicks"], h["cost"], h["conv"], h["ctr"], h["currency"]]
    rows = []
    first = dt.date(2026, 1, 1)
    for offset in range(46):
        d = first + dt.timedelta(days=offset)
        conv = num(1, lang, 2) if d.day % 5 == 0 else " --"
        when = d.isoformat() if lang == "de" else f"{WEEKDAYS[d.weekday()]}, {d:%b} {d.day}, {d.year}"
        rows.append([when, "Marke", num(100 + d.day, lang), "10", num(5.5, lang, 2), conv, pct(9, lang), "EUR"])
    period = {"en": "January 1, 2026 - February 15, 2026", "de": "1. Januar 2026 - 15. Februar 2026"}[lang]
    totals = [[TOTAL[lang].format(ACCOUNT[lang]), " --", num(3596 + 1620, lang), "460", num(253, lang, 2),
               num(9, lang, 2), pct(10, lang), " --"]]  # fmt: skip
    return google_ads(folder / f"daily-{lang}.csv", TITLE[lang], period, header, rows, totals, utf16=lang == "de")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_segment_day_sums_whole_months_and_leaves_out_the_partial_one(tmp_path: Path, lang: str) -> None:
    (reading,), problems = read(daily(tmp_path, lang))
    got = values(reading)
    assert got["impressions"] == {"2026-01": 3596.0}  # 31 × 100 + (1 + … + 31 = 496); February is partial
    assert got["clicks"] == {"2026-01": 310.0}
    assert got["cost"] == {"2026-01": pytest.approx(170.5)}  # 31 × 5.50
    assert got["conversions"] == {"2026-01": 6.0}  # days 5, 10, 15, 20, 25, 30
    assert got["ctr"] == {"2026-01": pytest.approx(310 / 3596 * 100)}
    assert errors(problems) == []
    assert warnings(problems) == [
        f"daily-{lang}.csv: 2026-02: only part of the month is in the export, so it was not imported "
        "(export whole calendar months)"
    ]


# ---- refusals -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "period", "expected"),
    [
        ("en", "27 January 2026 - 23 February 2026", "the report covers 27 January 2026 – 23 February 2026, which"),
        ("de", "27. Januar 2026 - 23. Februar 2026", "the report covers 27 January 2026 – 23 February 2026, which"),
        ("en", "January 1, 2026 - March 31, 2026", "the report covers 1 January 2026 – 31 March 2026 without a Day"),
    ],
)
def test_a_range_that_cannot_be_split_into_months_is_refused(
    tmp_path: Path, lang: str, period: str, expected: str
) -> None:
    header, rows, totals = one_month(lang, 0)
    path = google_ads(tmp_path / "Campaign report.csv", TITLE[lang], period, header, rows, totals)
    (reading,), problems = read(path)
    assert reading.series == []
    (problem,) = problems
    assert problem.severity is Severity.ERROR
    assert str(problem).startswith(f"Campaign report.csv › row 2: {expected}")


def test_the_refusals_in_german(tmp_path: Path) -> None:
    header, rows, totals = one_month("de", 1)
    path = google_ads(tmp_path / "b.csv", TITLE["de"], "27. Januar 2026 - 23. Februar 2026", header, rows, totals)
    several = google_ads(tmp_path / "c.csv", TITLE["de"], FIRST_QUARTER["de"], header, rows, totals)
    with i18n.use_language("de"):
        _readings, problems = read(path, several)
    assert [str(p) for p in problems] == [
        "b.csv › Zeile 2: Der Bericht umfasst 27. Januar 2026 – 23. Februar 2026, also keine ganzen Kalendermonate, "
        "und hat keine Spalte Tag oder Monat; deshalb wurde nichts importiert: Laden Sie ihn für ganze Monate erneut "
        "herunter (zum Beispiel 1.–31. Januar) oder mit dem Segment Monat (Segment › Zeit › Monat)",
        "c.csv › Zeile 2: Der Bericht umfasst 1. Januar 2026 – 31. März 2026 ohne Spalte Tag oder Monat; seine "
        "Zahlen lassen sich daher nicht auf Monate aufteilen, und nichts wurde importiert: Fügen Sie das Segment "
        "Monat hinzu (Segment › Zeit › Monat) und laden Sie ihn erneut herunter, oder laden Sie einen Bericht je "
        "Monat herunter",
    ]


def test_a_week_segment_is_refused(tmp_path: Path) -> None:
    header = ["Campaign", "Week", "Impr.", "Clicks"]
    rows = [["Marke", "2025-12-29", "1,000", "10"], ["Marke", "2026-01-05", "2,000", "20"]]
    path = google_ads(tmp_path / "w.csv", TITLE["en"], "29 December 2025 - 11 January 2026", header, rows)
    (reading,), problems = read(path)
    assert reading.series == []
    assert [str(p) for p in problems] == [
        'w.csv › row 3: the report is segmented by "Week", which does not split into calendar months, so nothing '
        "was imported: use the segment Day or Month instead"
    ]


def test_keyword_rows_use_only_a_one_month_account_total(tmp_path: Path) -> None:
    h = HEAD["en"]
    header = [h["keyword"], h["campaign"], h["impr"], h["clicks"], h["cost"], h["ctr"]]
    rows = [["dachdecker berlin", "Marke", "800", "40", "30.00", "5.00%"], ["dach sanieren", "Marke", "200", "5",
            "6.00", "2.50%"]]  # fmt: skip
    totals = [["Total: Account", " --", "2,500", "90", "75.00", "3.60%"], ["Total: Search keywords", " --", "1,000",
              "45", "36.00", "4.50%"]]  # fmt: skip
    month = google_ads(tmp_path / "k1.csv", "Search keyword report", JANUARY["en"], header, rows, totals)
    quarter_path = google_ads(tmp_path / "k3.csv", "Search keyword report", FIRST_QUARTER["en"], header, rows, totals)
    readings, problems = read(month, quarter_path)
    assert values(readings[0]) == {  # the whole account's January, not the sum of two keywords
        "impressions": {"2026-01": 2500.0}, "clicks": {"2026-01": 90.0}, "cost": {"2026-01": 75.0},
        "ctr": {"2026-01": 3.6},
    }  # fmt: skip
    assert {s.note for s in readings[0].series} == {'from the report\'s row "Total: Account"'}
    assert readings[1].series == []
    assert [str(p) for p in problems] == [
        'k3.csv › row 3: the rows are "Search keyword" rows, which do not add up to the account, and the report is '
        'not one whole month with a row "Total: Account", so nothing was imported: download the Campaign report '
        "(Campaigns › Download) with the segment Month"
    ]


def test_text_in_a_number_column_refuses_the_report(tmp_path: Path) -> None:
    header, rows, totals = one_month("en", 0)
    rows[1][3] = "viele"
    path = google_ads(tmp_path / "r.csv", TITLE["en"], JANUARY["en"], header, rows, totals)
    (reading,), problems = read(path)
    assert reading.series == []
    assert [str(p) for p in problems] == [
        'r.csv › row 5: "Impr.": "viele" is not a number',
        "r.csv: the export has text where numbers belong, so nothing of it was imported; download it again",
    ]


def test_no_rows_only_totals_is_a_warning(tmp_path: Path) -> None:
    header, _rows, totals = one_month("en", 0)
    path = google_ads(tmp_path / "e.csv", TITLE["en"], JANUARY["en"], header, [], totals)
    (reading,), problems = read(path)
    assert reading.series == []
    assert [(p.severity, str(p)) for p in problems] == [
        (Severity.WARNING, "e.csv: the report has no rows, so there is nothing to import")
    ]


# ---- totals, filters, currencies, accounts ---------------------------------------------------------------------
def test_a_filtered_table_warns_that_its_rows_do_not_reach_the_account_total(tmp_path: Path) -> None:
    header, rows, totals = one_month("en", 0)
    path = google_ads(tmp_path / "f.csv", TITLE["en"], JANUARY["en"], header, rows[:1], totals)
    (reading,), problems = read(path)
    assert values(reading)["clicks"] == {"2026-01": 412.0}  # the row shown; the warning says what is missing
    assert warnings(problems)[:2] == [
        'f.csv › row 5: "Impr.": the rows add up to 9,380, but the row "Total: Account" says 21,424: the table '
        "was filtered (for example removed campaigns hidden), and the rows' sum was imported; download it without a "
        "filter to import the whole account",
        'f.csv › row 5: "Clicks": the rows add up to 412, but the row "Total: Account" says 712: the table '
        "was filtered (for example removed campaigns hidden), and the rows' sum was imported; download it without a "
        "filter to import the whole account",
    ]


def test_the_currency_code_column_names_the_currency(tmp_path: Path) -> None:
    path = quarter(tmp_path, "en", ["Marke"], currency="USD")
    (reading,), _problems = read(path)
    currencies = {s.metric.key: s.currency for s in reading.series}
    assert currencies["cost"] == currencies["cost_per_conv"] == "USD"
    assert currencies["clicks"] is None


def test_several_accounts_are_summed_and_mixed_currencies_refuse_the_amounts(tmp_path: Path) -> None:
    header = ["Account", "Campaign", "Currency code", "Impr.", "Clicks", "Cost"]
    rows = [["Müller GmbH", "Marke", "EUR", "1,000", "10", "20.00"], ["Müller AG", "Marke", "CHF", "3,000", "30",
            "50.00"]]  # fmt: skip
    path = google_ads(tmp_path / "mcc.csv", "Account report", JANUARY["en"], header, rows)
    (reading,), problems = read(path)
    assert values(reading) == {"impressions": {"2026-01": 4000.0}, "clicks": {"2026-01": 40.0}}
    assert {s.note for s in reading.series} == {"summed over 2 accounts"}
    assert errors(problems) == [
        "mcc.csv › row 3: the rows are in several currencies (CHF, EUR), so no amounts were imported: download one "
        "account at a time"
    ]


def test_other_tables_are_not_taken_for_google_ads(tmp_path: Path) -> None:
    queries = tmp_path / "Queries.csv"
    queries.write_text("Top queries,Clicks,Impressions,CTR,Position\ndachdecker,10,100,10%,3.2\n", encoding="utf-8")
    from reporter.importing.platforms import recognise
    from reporter.importing.read import open_export

    (table,) = open_export(queries)
    platform = recognise(table)
    assert platform is None or platform.name != "Google Ads"


def test_docs_name_every_google_ads_source() -> None:
    from reporter.importing.platforms.google_ads import METRICS

    docs = (Path(__file__).resolve().parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    assert [source for metric in METRICS.values() for source in metric.sources if f"`{source}`" not in docs] == []


def test_a_campaign_named_like_a_total_is_a_campaign(tmp_path: Path) -> None:
    header = ["Campaign", "Impr.", "Clicks"]
    rows = [["Gesamt Dach", "1,000", "10"], ["Total Sanierung", "500", "5"]]
    totals = [["Total: Account", "1,500", "15"], ["Total: Campaigns", "1,500", "15"]]
    path = google_ads(tmp_path / "t.csv", TITLE["en"], JANUARY["en"], header, rows, totals)
    (reading,), problems = read(path)
    assert values(reading) == {"impressions": {"2026-01": 1500.0}, "clicks": {"2026-01": 15.0}}
    assert problems == []
