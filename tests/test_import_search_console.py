"""Google Search Console: the performance export (zip, files one by one, Excel download) in the English and German
UI → monthly clicks, impressions, CTR and impression-weighted position from the daily chart only."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from reporter import i18n
from reporter.importing import Exports, read_exports
from reporter.importing.model import Series
from reporter.model import Severity
from tests.exports_google import (
    csv_bytes,
    gsc_chart_csv,
    gsc_days,
    gsc_files,
    gsc_filters_csv,
    gsc_month_totals,
    gsc_table_csv,
    gsc_xlsx,
    gsc_zip,
)

# "Last 16 months" exported on 12 December 2025: 14 Aug 2024 – 10 Dec 2025 (Search Console lags a few days).
FIRST, LAST = dt.date(2024, 8, 14), dt.date(2025, 12, 10)
DAYS = gsc_days(FIRST, LAST)
WHOLE = [f"2024-{m:02d}" for m in range(9, 13)] + [f"2025-{m:02d}" for m in range(1, 12)]  # Sep 2024 … Nov 2025


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every export variant, written once for the module."""
    root = tmp_path_factory.mktemp("gsc")
    gsc_zip(root / "muster.de-Performance-on-Search-2025-12-12.zip", DAYS)
    gsc_zip(root / "muster.de-Leistung-in-der-Suche-2025-12-12.zip", DAYS, "de")
    # the German words public parsers disagree on: "Klickrate", "Durchschnittliche Position", "Suchanfragen"
    other_words = {"ctr": "Klickrate", "position": "Durchschnittliche Position", "queries": "Suchanfragen"}
    gsc_zip(root / "semikolon.zip", DAYS, "de", delimiter=";", words=other_words)
    gsc_zip(root / "dates.zip", DAYS, chart_name="Dates.csv")
    gsc_files(root / "loose", DAYS)
    gsc_xlsx(root / "muster.de-Performance-on-Search-2025-12-12.xlsx", DAYS)
    gsc_xlsx(root / "leistung.xlsx", DAYS, "de", chart_sheet="Chart")
    return root


def only(exports: Exports, source: str, lang: str = "en") -> Series:
    found = [s for r in exports.readings for s in r.series if s.metric.source(lang) == source]
    assert len(found) == 1, [s.metric.source(lang) for r in exports.readings for s in r.series]
    return found[0]


def values(series: Series) -> dict[str, float]:
    return {month: v.value for month, v in series.values.items()}


def errors(exports: Exports) -> list[str]:
    return [str(p) for p in exports.problems if p.severity is Severity.ERROR]


def warnings(exports: Exports) -> list[str]:
    return [str(p) for p in exports.problems if p.severity is Severity.WARNING]


def assert_sixteen_months(found: Exports, lang: str = "en") -> None:
    """The 15 whole months of the chart, each exactly as summed by hand."""
    clicks = only(found, "Search Console › " + ("Klicks" if lang == "de" else "Clicks"), lang)
    impressions = only(found, "Search Console › " + ("Impressionen" if lang == "de" else "Impressions"), lang)
    ctr = only(found, "Search Console › CTR", lang)
    position = only(found, "Search Console › Position", lang)
    assert list(clicks.values) == WHOLE
    # January 2025 by hand: clicks 1 + … + 31, impressions 10 × 100 + 21 × 300, position weighted by impressions
    assert clicks.values["2025-01"].value == 496
    assert impressions.values["2025-01"].value == 7300
    assert ctr.values["2025-01"].value == pytest.approx(496 / 7300 * 100)
    assert position.values["2025-01"].value == pytest.approx((10 * 1000 + 4 * 6300) / 7300)  # 4.8219, not 5.94
    # February 2025 has 28 days: 406 clicks, 6,400 impressions, CTR 6.34375 %, position 4.9375
    assert clicks.values["2025-02"].value == 406
    assert impressions.values["2025-02"].value == 6400
    assert ctr.values["2025-02"].value == pytest.approx(6.34375)
    assert position.values["2025-02"].value == pytest.approx(4.9375)
    expected = gsc_month_totals(DAYS)
    for month in WHOLE:
        c, i, rate, pos = expected[month]
        assert (clicks.values[month].value, impressions.values[month].value) == (c, i)
        assert ctr.values[month].value == pytest.approx(rate)
        assert position.values[month].value == pytest.approx(pos)
    # the partial first and last months are left out, with the warning that says so
    assert "2024-08" not in clicks.values
    assert "2025-12" not in clicks.values
    assert any("2024-08, 2025-12: only part of the month" in w for w in warnings(found)), warnings(found)


def test_the_english_zip_gives_fifteen_whole_months_summed_and_weighted(exports: Path) -> None:
    found = read_exports([exports / "muster.de-Performance-on-Search-2025-12-12.zip"])
    assert errors(found) == []
    assert_sixteen_months(found)
    clicks = only(found, "Search Console › Clicks")
    # each month names the chart's rows it came from (newest day first: January 2025 is rows 315–345)
    assert str(clicks.values["2025-01"].origin) == (
        "muster.de-Performance-on-Search-2025-12-12.zip › Chart.csv › rows 315–345"
    )
    assert clicks.metric.name == {"de": "Klicks (Google-Suche)", "en": "Clicks (Google Search)"}
    assert clicks.metric.sources == ("Search Console › Klicks", "Search Console › Clicks")
    assert (clicks.metric.channel, clicks.metric.unit) == ("seo", "count")
    position = only(found, "Search Console › Position")
    assert (position.metric.direction, position.metric.name["de"]) == (
        "lower",
        "Durchschnittliche Position (Google-Suche)",
    )


def test_every_table_of_the_zip_is_recognised_and_only_the_chart_gives_numbers(exports: Path) -> None:
    found = read_exports([exports / "muster.de-Performance-on-Search-2025-12-12.zip"])
    reports = {r.file.split(" › ")[-1]: r.report for r in found.readings}
    assert reports == {
        "Chart.csv": "Performance › Chart",
        "Queries.csv": "Performance › Queries",
        "Pages.csv": "Performance › Pages",
        "Countries.csv": "Performance › Countries",
        "Devices.csv": "Performance › Devices",
        "Search appearance.csv": "Performance › Search appearance",
        "Filters.csv": "Performance › Filters",
    }
    assert [r.file for r in found.readings if r.series] == [
        "muster.de-Performance-on-Search-2025-12-12.zip › Chart.csv"
    ]
    assert not any("not recognised" in p.message for p in found.problems)
    assert not any("query table" in w for w in warnings(found))  # beside its chart: nothing to say


@pytest.mark.parametrize("name", ["muster.de-Leistung-in-der-Suche-2025-12-12.zip", "semikolon.zip"])
def test_the_german_zip_with_decimal_commas_gives_the_same_months(exports: Path, name: str) -> None:
    found = read_exports([exports / name])
    assert errors(found) == []
    assert_sixteen_months(found, "de")
    assert len(found.readings) == 7  # every table recognised, whatever its German words
    assert {r.file.split(" › ")[-1] for r in found.readings} >= {"Diagramm.csv", "Suchanfragen.csv", "Filter.csv"}


def test_the_older_dates_csv_is_the_chart(exports: Path) -> None:
    found = read_exports([exports / "dates.zip"])
    assert errors(found) == []
    assert_sixteen_months(found)
    assert only(found, "Search Console › Clicks").values["2025-01"].origin.file == "dates.zip › Dates.csv"


def test_the_files_given_one_by_one_find_their_filters_beside_them(exports: Path) -> None:
    folder = exports / "loose"
    found = read_exports([folder / "Chart.csv", folder / "Filters.csv", folder / "Queries.csv"])
    assert errors(found) == []
    assert_sixteen_months(found)
    assert not any("query table" in w or "filter table" in w for w in warnings(found))
    assert_sixteen_months(read_exports([folder]))  # the folder: every file, the same months


def test_the_chart_alone_gives_the_months_from_its_own_days(exports: Path, tmp_path: Path) -> None:
    (tmp_path / "Chart.csv").write_bytes((exports / "loose" / "Chart.csv").read_bytes())
    found = read_exports([tmp_path / "Chart.csv"])
    assert errors(found) == []
    assert_sixteen_months(found)


@pytest.mark.parametrize(
    ("name", "lang"), [("muster.de-Performance-on-Search-2025-12-12.xlsx", "en"), ("leistung.xlsx", "de")]
)
def test_the_excel_download_with_real_dates_and_fractions_gives_the_same_months(
    exports: Path, name: str, lang: str
) -> None:
    found = read_exports([exports / name])
    assert errors(found) == []
    assert_sixteen_months(found, lang)
    assert len(found.readings) == 7  # every sheet recognised


def test_a_query_table_alone_is_recognised_and_says_to_use_the_chart(tmp_path: Path) -> None:
    (tmp_path / "Queries.csv").write_bytes(gsc_table_csv("queries"))
    found = read_exports([tmp_path / "Queries.csv"])
    assert [r.report for r in found.readings] == ["Performance › Queries"]
    assert found.readings[0].series == []
    assert warnings(found) == [
        "Queries.csv: the query table covers the whole date range without dates and leaves out anonymised queries, "
        "so it gives no monthly totals; import the export's Chart.csv (the Dates tab) instead"
    ]
    assert not found.has_errors


def test_quoted_newlines_and_doubled_quotes_in_queries_are_one_row_each(tmp_path: Path) -> None:
    from reporter.importing.read import open_export

    (tmp_path / "Queries.csv").write_bytes(gsc_table_csv("queries"))
    table = open_export(tmp_path / "Queries.csv")[0]
    assert [row[0] for row in table.rows[1:]] == ["dachdecker berlin", 'dach "reparatur" kosten', "notdienst\ndach"]
    assert table.lines == [1, 2, 3, 4]


@pytest.mark.parametrize("kind", ["pages", "countries", "devices"])
def test_the_other_tables_alone_say_to_use_the_chart(tmp_path: Path, kind: str) -> None:
    (tmp_path / "t.csv").write_bytes(gsc_table_csv(kind, "de"))
    found = read_exports([tmp_path / "t.csv"])
    assert len(found.readings) == 1
    assert found.readings[0].series == []
    assert warnings(found) == [
        "t.csv: this table covers the whole date range without dates, so it gives no monthly totals; import the "
        "export's Chart.csv (the Dates tab) instead"
    ]


def test_a_filtered_export_is_refused_naming_the_filter(tmp_path: Path) -> None:
    path = gsc_zip(tmp_path / "page.zip", DAYS, extra=[("Page", "+https://www.muster.de/leistungen/")])
    found = read_exports([path])
    assert [s for r in found.readings for s in r.series] == []
    assert errors(found) == [
        'page.zip › Filters.csv › row 4: the export is filtered (Page: "+https://www.muster.de/leistungen/"), so its '
        "chart is not the site's total; export the performance report again with only the date range and the search "
        "type set"
    ]


def test_a_filtered_german_export_is_refused_in_german(tmp_path: Path) -> None:
    path = gsc_zip(tmp_path / "abfrage.zip", DAYS, "de", extra=[("Suchanfrage", "dachdecker")])
    with i18n.use_language("de"):
        found = read_exports([path])
    assert errors(found) == [
        "abfrage.zip › Filter.csv › Zeile 4: der Export ist gefiltert (Suchanfrage: „dachdecker“), daher zeigt sein "
        "Diagramm nicht die Gesamtzahlen der Website; exportieren Sie den Leistungsbericht erneut und stellen Sie "
        "dabei nur den Zeitraum und den Suchtyp ein"
    ]


@pytest.mark.parametrize(
    ("lang", "kind", "label"), [("en", "Image", "Clicks (Image)"), ("de", "Bilder", "Klicks (Bilder)")]
)
def test_image_search_is_a_metric_set_of_its_own(tmp_path: Path, lang: str, kind: str, label: str) -> None:
    path = gsc_zip(tmp_path / "bilder.zip", DAYS, lang, search_type=kind)
    found = read_exports([path])
    clicks = only(found, f"Search Console › {label}", lang)
    assert clicks.values["2025-01"].value == 496
    assert clicks.metric.key == "clicks:image"
    assert clicks.metric.name == {"de": "Klicks (Google-Bildersuche)", "en": "Clicks (Google Images)"}
    assert clicks.metric.sources == ("Search Console › Klicks (Bilder)", "Search Console › Clicks (Image)")
    assert not [s for r in found.readings for s in r.series if s.metric.key == "clicks"]


def test_an_unknown_search_type_is_refused(tmp_path: Path) -> None:
    found = read_exports([gsc_zip(tmp_path / "d.zip", DAYS, search_type="Discover")])
    assert errors(found) == [
        'd.zip › Chart.csv: the export is for the search type "Discover", which reporter does not import; export '
        "the search types Web, Image, Video or News"
    ]


def test_a_stated_date_range_counts_a_first_month_whose_first_day_had_no_data(tmp_path: Path) -> None:
    """Search Console leaves out days without impressions; Filters.csv's range still says the month is whole."""
    days = [d for d in gsc_days(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) if d.date != dt.date(2025, 1, 1)]
    stated = read_exports([gsc_zip(tmp_path / "stated.zip", days, date="1 Jan 2025-31 Dec 2025")])
    assert errors(stated) == []
    assert warnings(stated) == []
    clicks = only(stated, "Search Console › Clicks")
    assert list(clicks.values) == [f"2025-{m:02d}" for m in range(1, 13)]
    assert clicks.values["2025-01"].value == 495  # 496 without day 1
    relative = read_exports([gsc_zip(tmp_path / "relative.zip", days)])  # "Last 16 months": the days decide
    assert "2025-01" not in only(relative, "Search Console › Clicks").values


def test_a_german_stated_range_is_read(tmp_path: Path) -> None:
    days = gsc_days(dt.date(2025, 1, 2), dt.date(2025, 3, 31))  # 1 January without data: the range says it is whole
    found = read_exports([gsc_zip(tmp_path / "q1.zip", days, "de", date="01.01.2025-31.03.2025")])
    assert list(only(found, "Search Console › Klicks", "de").values) == ["2025-01", "2025-02", "2025-03"]
    assert warnings(found) == []


def test_a_comparison_export_is_refused(tmp_path: Path) -> None:
    header = ["Date", "Last 28 days Clicks", "Previous period Clicks", "Last 28 days Impressions"]
    (tmp_path / "Chart.csv").write_bytes(csv_bytes([header, ["2025-01-01", "1", "2", "3"]]))
    found = read_exports([tmp_path / "Chart.csv"])
    assert errors(found) == [
        "Chart.csv › row 1: the chart's columns are not Date, Clicks, Impressions, CTR and Position (a comparison of "
        "two date ranges?); export one date range without comparison"
    ]


def test_a_cell_that_is_no_number_refuses_the_chart_naming_its_row(tmp_path: Path) -> None:
    data = gsc_chart_csv(gsc_days(dt.date(2025, 1, 1), dt.date(2025, 1, 31))).replace(
        b"2025-01-30,30,", b"2025-01-30,viel,"
    )
    (tmp_path / "Chart.csv").write_bytes(data)
    found = read_exports([tmp_path / "Chart.csv"])
    assert errors(found) == ['Chart.csv › row 3: "viel" is not a number']
    assert [s for r in found.readings for s in r.series] == []


def test_a_cell_that_is_no_date_refuses_the_chart_naming_its_row(tmp_path: Path) -> None:
    data = gsc_chart_csv(gsc_days(dt.date(2025, 1, 1), dt.date(2025, 1, 31))) + b"Summe,1,2,3%,4\n"
    (tmp_path / "Chart.csv").write_bytes(data)
    assert errors(read_exports([tmp_path / "Chart.csv"])) == ['Chart.csv › row 33: "Summe" is not a date']


def test_thousands_separators_are_read_by_the_files_own_decimal_mark(tmp_path: Path) -> None:
    """``1,234`` is a thousand in an English file (its CTR cells say ``6.47%``), ``1.234`` in a German one."""
    en = [["Date", "Clicks", "Impressions", "CTR", "Position"]] + [
        [f"2025-02-{d:02d}", "1,234", "12,340", "10%", "2.5"] for d in range(1, 29)
    ]
    de = [["Datum", "Klicks", "Impressionen", "CTR", "Position"]] + [
        [f"2025-02-{d:02d}", "1.234", "12.340", "10 %", "2,5"] for d in range(1, 29)
    ]
    for name, rows, source in (("en.csv", en, "Search Console › Clicks"), ("de.csv", de, "Search Console › Klicks")):
        (tmp_path / name).write_bytes(csv_bytes(rows))
        found = read_exports([tmp_path / name])
        assert values(only(found, source, "de" if name == "de.csv" else "en")) == {"2025-02": 28 * 1234}
        assert values(only(found, "Search Console › Position")) == {"2025-02": 2.5}


def test_a_filters_table_alone_is_recognised_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "Filters.csv").write_bytes(gsc_filters_csv())
    found = read_exports([tmp_path / "Filters.csv"])
    assert [r.report for r in found.readings] == ["Performance › Filters"]
    assert warnings(found) == [
        "Filters.csv: the filter table alone holds no numbers; import it together with the export's Chart.csv"
    ]


def test_two_exports_in_one_folder_do_not_share_filters(tmp_path: Path) -> None:
    """Each zip's chart reads its own Filters.csv: the image export beside a web export stays image search."""
    gsc_zip(tmp_path / "web.zip", DAYS)
    gsc_zip(tmp_path / "image.zip", DAYS, search_type="Image")
    found = read_exports([tmp_path])
    assert only(found, "Search Console › Clicks (Image)").values["2025-01"].origin.file == "image.zip › Chart.csv"
    assert only(found, "Search Console › Clicks").values["2025-01"].origin.file == "web.zip › Chart.csv"


def test_the_zip_members_are_the_documented_files(exports: Path) -> None:
    with zipfile.ZipFile(exports / "muster.de-Performance-on-Search-2025-12-12.zip") as archive:
        names = archive.namelist()
        chart = archive.read("Chart.csv").decode()
    assert sorted(names) == sorted(
        [
            "Chart.csv",
            "Queries.csv",
            "Pages.csv",
            "Countries.csv",
            "Devices.csv",
            "Search appearance.csv",
            "Filters.csv",
        ]
    )
    assert chart.splitlines()[:2] == ["Date,Clicks,Impressions,CTR,Position", "2025-12-10,10,100,10%,10"]
    assert "2025-01-31,31,300,10.33%,4" in chart
