"""Export files written exactly as Google Search Console and Google Analytics 4 write them (English UI as seen;
German UI as their vendors document it), for the importer tests and the benchmark.

Search Console (Performance › Export): a zip of ``Chart.csv`` (older ``Dates.csv``), ``Queries.csv``,
``Pages.csv``, ``Countries.csv``, ``Devices.csv``, ``Search appearance.csv`` and ``Filters.csv``; UTF-8 without
BOM, comma, the chart newest day first, CTR as ``6.47%``, position ``10.38``; the Excel download the same tables
as sheets with real dates and CTR as a fraction.

GA4 (Share this report › Download file › CSV): per card a ``# ----`` comment block (report name, account,
property, segment, start and end date), the header, the rows; cards separated by a blank line. Explorations:
their own comment block with the range as ``# 20251213-20260312``, a blank line, the header, then a grand total
row with an empty first cell and one column more.

The daily Search Console values are chosen so a person can check a month by hand: on day *d* of a month,
clicks = *d*; impressions = 100 on days 1–10 and 300 after; position 10.0 on days 1–10 and 4.0 after. January
2025 therefore has 496 clicks (1 + … + 31), 7,300 impressions (10 × 100 + 21 × 300), CTR 496 ÷ 7,300 =
6.7945 % and position (10 × 1,000 + 4 × 6,300) ÷ 7,300 = 4.8219 (the plain mean of the days would be 5.94).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# ---- Search Console ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    date: dt.date
    clicks: int
    impressions: int
    position: float


def gsc_day(date: dt.date) -> Day:
    """The test chart's values on ``date`` (see the module's docstring)."""
    early = date.day <= 10
    return Day(date, date.day, 100 if early else 300, 10.0 if early else 4.0)


def gsc_days(first: dt.date, last: dt.date) -> list[Day]:
    return [gsc_day(first + dt.timedelta(days=n)) for n in range((last - first).days + 1)]


def gsc_month_totals(days: Iterable[Day]) -> dict[str, tuple[int, int, float, float]]:
    """Per month (clicks, impressions, CTR in %, impression-weighted position), computed the plain way, for
    checking the importer over many months."""
    sums: dict[str, list[float]] = {}
    for d in days:
        month = f"{d.date.year:04d}-{d.date.month:02d}"
        entry = sums.setdefault(month, [0, 0, 0.0])
        entry[0] += d.clicks
        entry[1] += d.impressions
        entry[2] += d.position * d.impressions
    return {month: (int(c), int(i), c / i * 100, weighted / i) for month, (c, i, weighted) in sums.items()}


GSC_WORDS = {
    "en": {
        "date": "Date", "clicks": "Clicks", "impressions": "Impressions", "ctr": "CTR", "position": "Position",
        "queries": "Top queries", "pages": "Top pages", "countries": "Country", "devices": "Device",
        "appearance": "Search Appearance", "filter": "Filter", "value": "Value", "type": "Search type",
    },
    "de": {
        "date": "Datum", "clicks": "Klicks", "impressions": "Impressionen", "ctr": "CTR", "position": "Position",
        "queries": "Häufigste Suchanfragen", "pages": "Häufigste Seiten", "countries": "Land", "devices": "Gerät",
        "appearance": "Darstellung in der Suche", "filter": "Filter", "value": "Wert", "type": "Suchtyp",
    },
}  # fmt: skip
GSC_FILES = {
    "en": {
        "chart": "Chart.csv", "queries": "Queries.csv", "pages": "Pages.csv", "countries": "Countries.csv",
        "devices": "Devices.csv", "appearance": "Search appearance.csv", "filters": "Filters.csv",
    },
    "de": {
        "chart": "Diagramm.csv", "queries": "Suchanfragen.csv", "pages": "Seiten.csv", "countries": "Länder.csv",
        "devices": "Geräte.csv", "appearance": "Darstellung in der Suche.csv", "filters": "Filter.csv",
    },
}  # fmt: skip
GSC_ROWS = {  # the tables without dates: (first column, clicks, impressions, position)
    "queries": [
        ("dachdecker berlin", 120, 2400, 3.2),
        ('dach "reparatur" kosten', 40, 1900, 8.75),
        ("notdienst\ndach", 3, 90, 12.0),  # a query with a newline: quoted, one row
    ],
    "pages": [("https://www.muster.de/", 150, 5000, 6.1), ("https://www.muster.de/kontakt", 12, 300, 9.4)],
    "countries": [("Germany", 160, 5100, 6.3), ("Austria", 2, 200, 11.0)],
    "devices": [("Mobile", 100, 3000, 6.0), ("Desktop", 62, 2300, 7.1)],
    "appearance": [],
}


def gsc_number(value: float, lang: str, decimals: int = 2) -> str:
    """A number as Search Console writes it: ``10.38`` (English), ``10,38`` (German); integers plain."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else str(int(value))
    return text.replace(".", ",") if lang == "de" else text


def gsc_ctr(clicks: float, impressions: float, lang: str) -> str:
    """CTR as text: ``6.47%`` (English), ``6,47 %`` (German)."""
    share = clicks / impressions * 100 if impressions else 0.0
    return gsc_number(share, lang) + (" %" if lang == "de" else "%")


def csv_bytes(rows: Iterable[Sequence[Any]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    """Rows written by a real CSV writer (``""`` and quoted newlines as Google writes them)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def gsc_chart_csv(
    days: Sequence[Day],
    lang: str = "en",
    *,
    delimiter: str = ",",
    header: Sequence[str] | None = None,
    words: Mapping[str, str] | None = None,
) -> bytes:
    """``Chart.csv``: one row per day, newest first. ``words`` replace header words (``{"ctr": "Klickrate"}``)."""
    w = {**GSC_WORDS[lang], **(words or {})}
    rows: list[Sequence[Any]] = [header or [w["date"], w["clicks"], w["impressions"], w["ctr"], w["position"]]]
    for d in sorted(days, key=lambda d: d.date, reverse=True):
        rows.append(
            [
                d.date.isoformat(),
                d.clicks,
                d.impressions,
                gsc_ctr(d.clicks, d.impressions, lang),
                gsc_number(d.position, lang),
            ]
        )
    return csv_bytes(rows, delimiter)


def gsc_table_csv(kind: str, lang: str = "en", delimiter: str = ",", words: Mapping[str, str] | None = None) -> bytes:
    """One of the tables without dates (queries, pages, countries, devices, appearance)."""
    w = {**GSC_WORDS[lang], **(words or {})}
    rows: list[Sequence[Any]] = [[w[kind], w["clicks"], w["impressions"], w["ctr"], w["position"]]]
    for name, clicks, impressions, position in GSC_ROWS[kind]:
        rows.append([name, clicks, impressions, gsc_ctr(clicks, impressions, lang), gsc_number(position, lang)])
    return csv_bytes(rows, delimiter)


def gsc_filters_csv(
    lang: str = "en", date: str = "Last 16 months", search_type: str = "Web", extra: Sequence[tuple[str, str]] = ()
) -> bytes:
    """``Filters.csv``: ``Filter,Value`` then the search type, the date range and any further filter."""
    w = GSC_WORDS[lang]
    rows = [[w["filter"], w["value"]], [w["type"], search_type], [w["date"], date], *extra]
    return csv_bytes(rows)


def gsc_zip(
    path: Path,
    days: Sequence[Day],
    lang: str = "en",
    *,
    chart_name: str | None = None,
    date: str | None = None,
    search_type: str | None = None,
    extra: Sequence[tuple[str, str]] = (),
    delimiter: str = ",",
    words: Mapping[str, str] | None = None,
) -> Path:
    """The whole export as Search Console zips it."""
    names = GSC_FILES[lang]
    date = date or ("Letzte 16 Monate" if lang == "de" else "Last 16 months")
    tables = ("queries", "pages", "countries", "devices", "appearance")
    members = {
        chart_name or names["chart"]: gsc_chart_csv(days, lang, delimiter=delimiter, words=words),
        **{names[kind]: gsc_table_csv(kind, lang, delimiter, words) for kind in tables},
        names["filters"]: gsc_filters_csv(lang, date, search_type or "Web", extra),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def gsc_files(folder: Path, days: Sequence[Day], lang: str = "en", **kwargs: Any) -> Path:
    """The zip's files unpacked into ``folder`` (given one by one)."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = gsc_zip(folder / "export.zip", days, lang, **kwargs)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(folder)
    archive.unlink()
    return folder


def gsc_xlsx(path: Path, days: Sequence[Day], lang: str = "en", chart_sheet: str = "Dates") -> Path:
    """The Google Sheets / Excel download: the same tables as sheets, real dates, CTR as a fraction."""
    from openpyxl import Workbook

    w = GSC_WORDS[lang]
    wb = Workbook()
    sheets = {
        "queries": "Queries", "pages": "Pages", "countries": "Countries", "devices": "Devices",
        "appearance": "Search appearance",
    }  # fmt: skip
    wb.remove(wb.active)
    for kind, title in sheets.items():
        ws = wb.create_sheet(title)
        ws.append([w[kind], w["clicks"], w["impressions"], w["ctr"], w["position"]])
        for name, clicks, impressions, position in GSC_ROWS[kind]:
            ws.append([name, clicks, impressions, clicks / impressions, position])
    ws = wb.create_sheet(chart_sheet)
    ws.append([w["date"], w["clicks"], w["impressions"], w["ctr"], w["position"]])
    for d in sorted(days, key=lambda d: d.date, reverse=True):
        ws.append([d.date, d.clicks, d.impressions, d.clicks / d.impressions, d.position])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
        ws.cell(ws.max_row, 4).number_format = "0.00%"
    ws = wb.create_sheet("Filters")
    ws.append([w["filter"], w["value"]])
    ws.append([w["type"], "Web"])
    ws.append([w["date"], "Last 16 months" if lang == "en" else "Letzte 16 Monate"])
    wb.save(path)
    return path


# ---- GA4 -----------------------------------------------------------------------------------------------------
GA4_WORDS = {
    "en": {
        "account": "Account", "property": "Property", "segment": "All Users", "start": "Start date",
        "end": "End date",
    },
    "de": {
        "account": "Konto", "property": "Property", "segment": "Alle Nutzer", "start": "Startdatum",
        "end": "Enddatum",
    },
}  # fmt: skip


def ga4_value(value: Any, decimal: str = ".") -> str:
    """A cell as GA4 writes it: integers plain, other numbers with all their digits (``0.5333333333333333``)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace(".", ",") if decimal == "," and isinstance(value, float) else text


def ga4_block(
    report: str,
    first: dt.date,
    last: dt.date,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    lang: str = "en",
    *,
    decimal: str = ".",
    delimiter: str = ",",
) -> bytes:
    """One card of a standard report: its comment block, header and rows."""
    w = GA4_WORDS[lang]
    comments = [
        "# ----------------------------------------",
        f"# {report}",
        f"# {w['account']}: Muster GmbH",
        f"# {w['property']}: muster.de - GA4",
        "# ----------------------------------------",
        "#",
        f"# {w['segment']}",
        f"# {w['start']}: {first:%Y%m%d}",
        f"# {w['end']}: {last:%Y%m%d}",
    ]
    table = csv_bytes([list(header), *([ga4_value(v, decimal) for v in row] for row in rows)], delimiter)
    return "\n".join(comments).encode() + b"\n" + table


def ga4_report(*blocks: bytes) -> bytes:
    """A standard report's CSV: its cards, each after a blank line."""
    return b"\n".join(blocks)


def ga4_exploration(
    name: str,
    first: dt.date,
    last: dt.date,
    header: Sequence[str],
    total: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    decimal: str = ".",
    total_label: str = "Grand total",
) -> bytes:
    """A free-form exploration: its comment block with the range, a blank line, the header, the grand total
    (first cell empty, one column more) and the rows."""
    comments = [
        "# ----------------------------------------",
        f"# {name}",
        "# ----------------------------------------",
        f"# {first:%Y%m%d}-{last:%Y%m%d}",
        "# ----------------------------------------",
        "",
    ]
    total_row = ["", total_label, *(ga4_value(v, decimal) for v in total)]
    table = csv_bytes([list(header), total_row, *([ga4_value(v, decimal) for v in row] for row in rows)])
    return "\n".join(comments).encode() + b"\n" + table
