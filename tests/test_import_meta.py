"""Meta exports (reporter/importing/platforms/meta.py): the Ads Manager's "Export table data" and Meta Business
Suite's insights export, German and English UI, written byte for byte by tests/exports_ads.py: quoted header
fields, the currency in a column's name, ``No data available.``, per-row ``Reporting starts``/``ends``, a summary
row, result indicators; Business Suite's ``sep=,`` + title + ``"Date","Primary"`` files and the older layout with a
description row. Every expected number is worked out beside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporter import i18n
from reporter.importing import read_exports
from reporter.importing.model import Reading
from reporter.model import Severity
from tests.exports_ads import business_suite_primary, business_suite_table, meta_ads, meta_ads_empty

HEAD = {
    "en": ["Reporting starts", "Reporting ends", "Campaign name", "Campaign delivery", "Results", "Result indicator",
           "Reach", "Frequency", "Cost per result", "Amount spent ({c})", "Impressions",
           "CPM (cost per 1,000 impressions) ({c})", "Link clicks", "CPC (cost per link click) ({c})",
           "CTR (link click-through rate)"],
    "de": ["Berichtsbeginn", "Berichtsende", "Kampagnenname", "Auslieferung der Kampagne", "Ergebnisse",
           "Ergebnisindikator", "Reichweite", "Frequenz", "Kosten pro Ergebnis", "Ausgegebener Betrag ({c})",
           "Impressionen", "CPM (Kosten pro 1.000 Impressionen) ({c})", "Link-Klicks",
           "CPC (Kosten pro Link-Klick) ({c})", "CTR (Link-Klickrate)"],
}  # fmt: skip
ACTIVE = {"en": "active", "de": "aktiv"}
# month → campaign → (results, indicator, reach, frequency, spend, impressions, link clicks); "" is the summary row
CAMPAIGNS = {
    ("2026-01-01", "2026-01-31"): {
        "Leads Dachsanierung": (12, "actions:lead", 8000, 1.50, 240.00, 12000, 150),
        "Traffic Website": (400, "actions:link_click", 15000, 1.20, 160.00, 18000, 400),
        "": (None, "", 20500, 1.46, 400.00, 30000, 550),  # 20,500 people: fewer than 8,000 + 15,000
    },
    ("2026-02-01", "2026-02-28"): {
        "Leads Dachsanierung": (8, "actions:lead", 6000, 1.50, 180.00, 9000, 100),
        "Traffic Website": (300, "actions:link_click", 12000, 1.25, 120.00, 15000, 300),
        "": (None, "", 16000, 1.50, 300.00, 24000, 400),
    },
}


def dec(value: float, lang: str, decimals: int = 2) -> str:
    """Meta writes plain numbers: ``240.00`` in English, ``240,00`` in German; no thousands separators."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if lang == "de" else text


def ads_rows(lang: str, summary: bool = True, only: str | None = None) -> list[list[str]]:
    rows = []
    for (start, end), campaigns in CAMPAIGNS.items():
        for name, (results, indicator, reach, freq, spend, impr, link) in campaigns.items():
            if (name == "" and not summary) or (only and name not in (only, "")):
                continue
            cost = dec(spend / results, lang) if results else ""
            rows.append([start, end, name, ACTIVE[lang] if name else "", str(results or ""), indicator, str(reach),
                         dec(freq, lang), cost, dec(spend, lang), str(impr), dec(spend / impr * 1000, lang), str(link),
                         dec(spend / link, lang), dec(link / impr * 100, lang)])  # fmt: skip
    return rows


def header(lang: str, currency: str = "EUR") -> list[str]:
    return [name.format(c=currency) for name in HEAD[lang]]


def read(*paths: Path) -> tuple[list[Reading], list]:
    exports = read_exports(list(paths))
    return exports.readings, exports.problems


def values(reading: Reading) -> dict[str, dict[str, float]]:
    return {s.metric.key: {m: v.value for m, v in s.values.items()} for s in reading.series}


def errors(problems: list) -> list[str]:
    return [str(p) for p in problems if p.severity is Severity.ERROR]


def warnings(problems: list) -> list[str]:
    return [str(p) for p in problems if p.severity is Severity.WARNING]


# ---- Ads Manager ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "currency"), [("en", "USD"), ("de", "EUR")])
def test_by_month_with_summary_rows_sums_campaigns_and_takes_reach_from_the_summary(
    tmp_path: Path, lang: str, currency: str
) -> None:
    path = meta_ads(tmp_path / "Konto-Kampagnen-1-Jan-2026-28-Feb-2026.csv", header(lang, currency), ads_rows(lang))
    assert path.read_bytes().startswith(f'"{HEAD[lang][0]}","{HEAD[lang][1]}",'.encode())
    (reading,), problems = read(path)
    assert (reading.platform, reading.report) == ("Meta Ads", "Ads Manager › Export table data")
    assert values(reading) == {
        "spend": {"2026-01": 400.0, "2026-02": 300.0},  # 240 + 160; 180 + 120: never with the summary row
        "impressions": {"2026-01": 30000.0, "2026-02": 24000.0},
        "link_clicks": {"2026-01": 550.0, "2026-02": 400.0},
        "ctr_link": {"2026-01": pytest.approx(550 / 30000 * 100), "2026-02": pytest.approx(400 / 24000 * 100)},
        "cpc_link": {"2026-01": pytest.approx(400 / 550), "2026-02": 0.75},
        "cpm": {"2026-01": pytest.approx(400 / 30000 * 1000), "2026-02": 12.5},
        "results:leads": {"2026-01": 12.0, "2026-02": 8.0},  # only the lead campaign's results
        "cost_per_result:leads": {"2026-01": 20.0, "2026-02": 22.5},  # 240 ÷ 12, 180 ÷ 8
        "results:link_clicks": {"2026-01": 400.0, "2026-02": 300.0},
        "cost_per_result:link_clicks": {"2026-01": 0.4, "2026-02": 0.4},  # 160 ÷ 400
        "reach": {"2026-01": 20500.0, "2026-02": 16000.0},  # the summary row's, not 8,000 + 15,000
        "frequency": {"2026-01": 1.46, "2026-02": 1.5},
    }
    assert problems == []
    by_key = {s.metric.key: s for s in reading.series}
    assert {key: s.currency for key, s in by_key.items() if s.currency} == dict.fromkeys(
        ["spend", "cpc_link", "cpm", "cost_per_result:leads", "cost_per_result:link_clicks"], currency
    )
    assert by_key["spend"].note == "summed over 2 campaigns"
    assert by_key["results:leads"].note is None  # one campaign has this result
    assert by_key["reach"].note == "from the export's summary row"
    assert by_key["results:leads"].metric.source("de") == "Meta Ads › Ergebnisse: Leads"
    assert by_key["results:leads"].metric.source("en") == "Meta Ads › Results: Leads"
    assert by_key["reach"].metric.name == {"de": "Reichweite (Meta Ads)", "en": "Reach (Meta Ads)"}
    assert str(by_key["reach"].values["2026-02"].origin) == f"{path.name} › row 7"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_reach_of_several_campaigns_without_a_summary_row_is_refused(tmp_path: Path, lang: str) -> None:
    path = meta_ads(tmp_path / "meta.csv", header(lang), ads_rows(lang, summary=False))
    (reading,), problems = read(path)
    assert values(reading)["spend"] == {"2026-01": 400.0, "2026-02": 300.0}
    assert "reach" not in values(reading)
    assert "frequency" not in values(reading)
    reach, frequency = ("Reichweite", "Frequenz") if lang == "de" else ("Reach", "Frequency")
    assert errors(problems) == [
        f'meta.csv: "{column}" counts people, who cannot be added up over campaigns, and the export has no summary '
        "row for 2026-01, 2026-02, so it was not imported for them: export with the summary row (Export table data "
        "› Include summary row), or one row per month for the whole account"
        for column in (reach, frequency)
    ]


def test_the_refused_reach_in_german(tmp_path: Path) -> None:
    path = meta_ads(tmp_path / "meta.csv", header("de"), ads_rows("de", summary=False))
    with i18n.use_language("de"):
        _readings, problems = read(path)
    assert errors(problems)[0] == (
        "meta.csv: „Reichweite“ zählt Personen, die sich nicht über Kampagnen addieren lassen, und der Export hat "
        "für 2026-01, 2026-02 keine Zusammenfassungszeile; deshalb wurde der Wert für diese Monate nicht importiert: "
        "Exportieren Sie mit Zusammenfassungszeile (Tabellendaten exportieren › Zusammenfassungszeile einbeziehen) "
        "oder mit einer Zeile je Monat für das ganze Konto"
    )


def test_one_campaign_by_month_keeps_its_own_reach(tmp_path: Path) -> None:
    path = meta_ads(tmp_path / "meta.csv", header("en"), ads_rows("en", summary=False, only="Traffic Website"))
    (reading,), problems = read(path)
    got = values(reading)
    assert got["reach"] == {"2026-01": 15000.0, "2026-02": 12000.0}
    assert got["spend"] == {"2026-01": 160.0, "2026-02": 120.0}
    assert {s.metric.key: s.note for s in reading.series}["reach"] == "from the month's only row"
    assert problems == []


@pytest.mark.parametrize("lang", ["en", "de"])
def test_an_empty_period_is_a_warning_and_nothing_else(tmp_path: Path, lang: str) -> None:
    path = meta_ads_empty(tmp_path / "leer.csv", header(lang), lang)
    text = {"en": "No data available.", "de": "Keine Daten verfügbar."}[lang]
    assert path.read_bytes().endswith(f"\n{text}\n".encode())
    (reading,), problems = read(path)
    assert reading.series == []
    assert [(p.severity, str(p)) for p in problems] == [
        (Severity.WARNING, f'leer.csv: the export has no data for its period ("{text}"), so there is nothing to '
                           "import: choose a date range in which the ads ran")
    ]  # fmt: skip


def test_rows_by_day_are_summed_into_whole_months_and_refuse_reach(tmp_path: Path) -> None:
    """1 January – 10 February, one campaign: each day 100 impressions, 3 link clicks, 2.50 spent, 80 people."""
    rows = []
    for offset in range(41):
        d = (dt.date(2026, 1, 1) + dt.timedelta(days=offset)).isoformat()
        rows.append([d, d, "Traffic Website", "active", "3", "actions:link_click", "80", "1.25", "0.83", "2.50", "100",
                     "25.00", "3", "0.83", "3.00"])  # fmt: skip
    path = meta_ads(tmp_path / "daily.csv", header("en"), rows)
    (reading,), problems = read(path)
    got = values(reading)
    assert got["impressions"] == {"2026-01": 3100.0}  # 31 × 100; February is partial
    assert got["spend"] == {"2026-01": 77.5}  # 31 × 2.50
    assert got["results:link_clicks"] == {"2026-01": 93.0}
    assert "reach" not in got
    assert errors(problems) == [
        'daily.csv: "Reach", "Frequency" count people, who cannot be added up over days, so they were not imported: '
        "choose Breakdown › By time › Month and export again"
    ]
    assert warnings(problems) == [
        "daily.csv: 2026-02: only part of the month is in the export, so it was not imported (export whole calendar "
        "months)"
    ]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-01-27", "2026-02-23", "the row covers 27 January 2026 – 23 February 2026, which is not whole calendar "
                                     "months, so nothing was imported: choose a date range of whole months and "
                                     "Breakdown › By time › Month, and export again"),
        ("2026-01-01", "2026-03-31", "the row covers 1 January 2026 – 31 March 2026, several months at once, so its "
                                     "numbers cannot be split into months and nothing was imported: choose Breakdown "
                                     "› By time › Month and export again"),
    ],
)  # fmt: skip
def test_a_row_over_several_months_is_refused(tmp_path: Path, start: str, end: str, expected: str) -> None:
    rows = ads_rows("en", summary=False)[:2]
    for row in rows:
        row[0], row[1] = start, end
    path = meta_ads(tmp_path / "meta.csv", header("en"), rows)
    (reading,), problems = read(path)
    assert reading.series == []
    assert [str(p) for p in problems] == [f"meta.csv › row 2: {expected}"]


def test_the_row_refusal_in_german(tmp_path: Path) -> None:
    rows = ads_rows("de", summary=False)[:1]
    rows[0][0], rows[0][1] = "2026-01-27", "2026-02-23"
    path = meta_ads(tmp_path / "meta.csv", header("de"), rows)
    with i18n.use_language("de"):
        _readings, problems = read(path)
    assert [str(p) for p in problems] == [
        "meta.csv › Zeile 2: Die Zeile umfasst 27. Januar 2026 – 23. Februar 2026, also keine ganzen "
        "Kalendermonate; deshalb wurde nichts importiert: Wählen Sie einen Zeitraum aus ganzen Monaten und "
        "Aufschlüsseln › Nach Zeit › Monat, und exportieren Sie erneut"
    ]


def test_a_partial_month_row_is_left_out_with_a_warning(tmp_path: Path) -> None:
    rows = ads_rows("en", summary=False)
    for row in rows[:2]:
        row[0] = "2026-01-15"  # the range began on 15 January: January's rows cover half the month
    path = meta_ads(tmp_path / "meta.csv", header("en"), rows)
    (reading,), problems = read(path)
    assert values(reading)["spend"] == {"2026-02": 300.0}
    assert warnings(problems) == [
        "meta.csv: 2026-01: only part of the month is in the export, so it was not imported (export whole calendar "
        "months)"
    ]


def test_results_of_several_campaigns_without_an_indicator_are_refused(tmp_path: Path) -> None:
    head = header("en")
    drop = head.index("Result indicator")
    rows = [row[:drop] + row[drop + 1 :] for row in ads_rows("en")]
    path = meta_ads(tmp_path / "meta.csv", head[:drop] + head[drop + 1 :], rows)
    (reading,), problems = read(path)
    assert not any(key.startswith(("results", "cost_per_result")) for key in values(reading))
    assert errors(problems) == [
        'meta.csv › row 1: "Results" counts a different action in each campaign, by its objective, and the export has '
        'no column "Result indicator", so it was not imported: export with that column, or one campaign at a time'
    ]
    one = meta_ads(tmp_path / "one.csv", head[:drop] + head[drop + 1 :], [r for r in rows if r[2] == "Traffic Website"])
    (reading,), problems = read(one)
    assert values(reading)["results"] == {"2026-01": 400.0, "2026-02": 300.0}
    assert values(reading)["cost_per_result"] == {"2026-01": 0.4, "2026-02": 0.4}
    assert problems == []


def test_text_where_a_number_belongs_refuses_the_export(tmp_path: Path) -> None:
    rows = ads_rows("en")
    rows[0][10] = "twelve thousand"
    path = meta_ads(tmp_path / "meta.csv", header("en"), rows)
    (reading,), problems = read(path)
    assert reading.series == []
    assert [str(p) for p in problems] == [
        'meta.csv › row 2: "Impressions": "twelve thousand" is not a number',
        "meta.csv: the export has text where numbers belong, so nothing of it was imported; download it again",
    ]


# ---- Meta Business Suite ----------------------------------------------------------------------------------------
def days(first: dt.date, count: int, value) -> list[tuple[str, str]]:
    return [
        ((first + dt.timedelta(days=i)).isoformat(), str(value(first + dt.timedelta(days=i)))) for i in range(count)
    ]


@pytest.mark.parametrize(
    ("lang", "title", "key", "platform"),
    [
        ("en", "Instagram profile visits", "profile_visits", "Instagram"),
        ("de", "Instagram-Profilaufrufe", "profile_visits", "Instagram"),
        ("en", "Facebook follows", "follows", "Facebook"),
        ("de", "Neue Follower auf Facebook", "follows", "Facebook"),
        ("en", "Facebook Page visits", "page_visits", "Facebook"),
        ("en", "Instagram link clicks", "link_clicks", "Instagram"),
    ],
)
def test_business_suite_one_metric_per_file_sums_whole_months(
    tmp_path: Path, lang: str, title: str, key: str, platform: str
) -> None:
    """1 January – 10 February: each day's value is its day of the month."""
    path = business_suite_primary(tmp_path / f"{key}.csv", title, days(dt.date(2026, 1, 1), 41, lambda d: d.day), lang)
    assert path.read_bytes().startswith(b'\xef\xbb\xbfsep=,\n"' + title.encode() + b'"\n')
    (reading,), problems = read(path)
    assert (reading.platform, reading.report) == ("Meta Business Suite", "Insights › Export")
    ((metric, got),) = [(s.metric, {m: v.value for m, v in s.values.items()}) for s in reading.series]
    assert (metric.platform, metric.key) == (platform, key)
    assert got == {"2026-01": 496.0}  # 1 + 2 + … + 31
    assert warnings(problems) == [
        f"{key}.csv: 2026-02: only part of the month is in the export, so it was not imported (export whole "
        "calendar months)"
    ]


@pytest.mark.parametrize(("lang", "title"), [("en", "Instagram reach"), ("de", "Instagram-Reichweite")])
def test_business_suite_daily_reach_is_refused(tmp_path: Path, lang: str, title: str) -> None:
    path = business_suite_primary(tmp_path / "reach.csv", title, days(dt.date(2026, 1, 1), 31, lambda d: 100), lang)
    (reading,), problems = read(path)
    assert reading.series == []
    assert errors(problems) == [
        f'reach.csv: "{title}" counts people, who cannot be added up over days, so it was not imported: take the '
        "month's reach from Meta Business Suite › Insights with the month as the date range, and type it into the "
        "workbook"
    ]
    with i18n.use_language("de"):
        _readings, german = read(path)
    assert errors(german) == [
        f"reach.csv: „{title}“ zählt Personen, die sich nicht über Tage addieren lassen; deshalb wurde der Wert nicht "
        "importiert: Nehmen Sie die Reichweite des Monats aus Meta Business Suite › Insights mit dem Monat als "
        "Zeitraum und tragen Sie sie in die Arbeitsmappe ein"
    ]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_business_suite_table_with_a_description_row(tmp_path: Path, lang: str) -> None:
    """The older layout: one column per metric and a description row under the header. Followers are a level:
    the month's value is the last day's; new follows and link clicks are summed."""
    names = {
        "en": ["Date", "Lifetime Total Likes", "Daily New Likes", "Facebook link clicks"],
        "de": ["Datum", "Gefällt mir insgesamt", "Neue „Gefällt mir“-Angaben", "Link-Klicks auf Facebook"],
    }[lang]
    description = ["", "Lifetime: The total number of people who have liked your Page.", "Daily: new likes", "Daily"]
    rows = []
    for offset in range(59):  # January and February
        d = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
        rows.append([d.isoformat(), str(1000 + 2 * offset), "2", str(d.day % 3)])
    path = business_suite_table(tmp_path / "page.csv", names, description, rows)
    (reading,), problems = read(path)
    got = {(s.metric.platform, s.metric.key): {m: v.value for m, v in s.values.items()} for s in reading.series}
    assert got == {
        ("Meta Business Suite", "followers"): {"2026-01": 1060.0, "2026-02": 1116.0},  # 1000 + 2 × 30; 2 × 58
        ("Meta Business Suite", "follows"): {"2026-01": 62.0, "2026-02": 56.0},  # 31 × 2; 28 × 2
        ("Facebook", "link_clicks"): {"2026-01": 31.0, "2026-02": 28.0},  # day % 3: 11 × 1 + 10 × 2; 10 + 9 × 2
    }
    assert problems == []
    followers = next(s for s in reading.series if s.metric.key == "followers")
    assert followers.note == "the value on the month's last day"
    assert str(followers.values["2026-01"].origin) == "page.csv › row 33"  # 31 January: header, description, days


def test_other_daily_tables_are_not_taken_for_business_suite(tmp_path: Path) -> None:
    from reporter.importing.platforms import recognise
    from reporter.importing.read import open_export

    for name, text in {
        "Chart.csv": "Date,Clicks,Impressions,CTR,Position\n2026-01-01,10,100,10%,3.2\n",
        "matomo.csv": "Datum,Besuche,Aktionen\n2026-01-01,10,30\n",
        "followers.csv": "Date,Sponsored followers,Organic followers,Total followers\n01/01/2026,1,2,300\n",
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        (table,) = open_export(tmp_path / name)
        platform = recognise(table)
        assert platform is None or platform.name not in ("Meta Business Suite", "Meta Ads"), name


def test_the_xlsx_export_reads_like_the_csv(tmp_path: Path) -> None:
    """Ads Manager also exports .xlsx: real dates and numbers in the cells instead of text."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header("en", "EUR"))
    for row in ads_rows("en"):
        cells: list[object] = [dt.datetime.fromisoformat(row[0]), dt.datetime.fromisoformat(row[1]), *row[2:6]]
        cells += [float(cell) if cell else None for cell in row[6:]]
        cells[4] = float(row[4]) if row[4] else None
        ws.append(cells)
    wb.save(tmp_path / "meta.xlsx")
    (reading,), problems = read(tmp_path / "meta.xlsx")
    got = values(reading)
    assert got["spend"] == {"2026-01": 400.0, "2026-02": 300.0}
    assert got["reach"] == {"2026-01": 20500.0, "2026-02": 16000.0}
    assert got["cost_per_result:leads"] == {"2026-01": 20.0, "2026-02": 22.5}
    assert problems == []


def test_docs_name_every_meta_ads_source() -> None:
    from reporter.importing.platforms.meta import METRICS

    docs = (Path(__file__).resolve().parent.parent / "docs" / "import.md").read_text(encoding="utf-8")
    assert [source for metric in METRICS.values() for source in metric.sources if f"`{source}`" not in docs] == []


def test_an_export_without_its_period_columns_is_refused(tmp_path: Path) -> None:
    head = header("de")[2:]  # no Berichtsbeginn, no Berichtsende
    path = meta_ads(tmp_path / "meta.csv", head, [row[2:] for row in ads_rows("de")])
    (reading,), problems = read(path)
    assert reading.series == []
    assert [str(p) for p in problems] == [
        'meta.csv › row 2: the export has no columns "Berichtsbeginn" and "Berichtsende", so its period is unknown '
        "and nothing was imported: add them (Columns › Customise columns) or choose Breakdown › By time › Month"
    ]
