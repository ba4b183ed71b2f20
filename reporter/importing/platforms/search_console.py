"""Google Search Console: Performance › Export (the CSV zip, its files one by one, the Google Sheets/Excel download).

The export holds one table per tab of the performance report: ``Chart.csv`` (older ``Dates.csv``; one row per
day), ``Queries.csv``, ``Pages.csv``, ``Countries.csv``, ``Devices.csv``, ``Search appearance.csv`` and
``Filters.csv`` (the date range, the search type and any query/page/country/device filter). The Excel download
has the same tables as sheets, with CTR as a fraction and real dates.

* **Monthly totals come only from the daily chart**: clicks and impressions summed over the month's days, CTR
  recomputed as clicks ÷ impressions, the average position weighted by each day's impressions. Months the chart
  covers only in part (the export's range is usually "last 16 months" up to a few days ago) are left out.
* The query, page, country, device and search-appearance tables cover the whole range without dates, and the
  query table leaves out anonymised queries: they are never read as the site's totals. They are recognised, and
  a warning says to use the chart when one comes without it.
* ``Filters.csv`` decides what the chart means: a filter on query, page, country, device or search appearance
  makes it something other than the site's totals, so such a chart is refused. The search type (Web, Image,
  Video, News) selects the metric set: web search is ``Search Console › Klicks``, image search
  ``Search Console › Klicks (Bilder)`` and so on, so the types never mix in one row.

Header words in the English and German UI: docs/import.md, "Google Search Console".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from ...i18n import _, quote
from ...model import Problem, Severity
from .. import aggregate
from ..model import Aggregation, Direction, Metric, Reading
from ..read import Table, day, decimal_mark, number, period, plain
from . import register

PLATFORM = "Search Console"

# Column headers as the English and German UI (and public parsers) write them, normalised (casefold, one space).
CLICKS = frozenset({"clicks", "klicks"})
IMPRESSIONS = frozenset({"impressions", "impressionen"})
CTR = frozenset({"ctr", "klickrate", "average ctr", "durchschnittliche ctr", "durchschnittliche klickrate"})
POSITION = frozenset(
    {"position", "average position", "avg. position", "durchschnittliche position", "durchschn. position"}
)
METRIC_HEADERS = CLICKS | IMPRESSIONS | CTR | POSITION
DATE = frozenset({"date", "datum"})
GERMAN_WORDS = frozenset({"klicks", "impressionen", "klickrate", "datum", "durchschnittliche position"})

# The first column of each table without dates, and the tab it is.
DIMENSION_TABS = {
    "queries": {"top queries", "queries", "query", "häufigste suchanfragen", "suchanfragen", "suchanfrage"},
    "pages": {"top pages", "pages", "page", "häufigste seiten", "seiten", "seite"},
    "countries": {"country", "countries", "land", "länder"},
    "devices": {"device", "devices", "gerät", "geräte"},
    "search appearance": {
        "search appearance", "darstellung in der suche", "suchdarstellung", "darstellung der suchergebnisse",
    },
}  # fmt: skip
TAB_REPORTS = {
    "queries": "Performance › Queries",
    "pages": "Performance › Pages",
    "countries": "Performance › Countries",
    "devices": "Performance › Devices",
    "search appearance": "Performance › Search appearance",
}

# Filters.csv: "Filter,Value" / "Filter,Wert"; the rows that keep the chart the site's totals.
FILTER_HEADER = (frozenset({"filter"}), frozenset({"value", "wert"}))
DATE_FILTER = frozenset({"date", "datum", "zeitraum"})
TYPE_FILTER = frozenset({"search type", "suchtyp", "typ", "type"})
SEARCH_TYPES = {
    "web": "web",
    "image": "image", "images": "image", "bild": "image", "bilder": "image",
    "video": "video", "videos": "video",
    "news": "news",
}  # fmt: skip
TYPE_LABELS = {  # the search type as the Quelle and the KPI name show it; web search has none
    "image": ({"de": "Bilder", "en": "Image"}, {"de": "Google-Bildersuche", "en": "Google Images"}),
    "video": ({"de": "Videos", "en": "Video"}, {"de": "Google-Videosuche", "en": "Google Videos"}),
    "news": ({"de": "News", "en": "News"}, {"de": "Google-Suche, News", "en": "Google Search, News"}),
}


def _norm(cell: Any) -> str:
    return " ".join(plain(cell).casefold().split())


@cache
def metrics(search_type: str = "web") -> dict[str, Metric]:
    """The four metrics of one search type, by column: clicks, impressions, ctr, position."""
    suffix, where = TYPE_LABELS.get(search_type, (None, {"de": "Google-Suche", "en": "Google Search"}))

    def metric(key: str, de: str, en: str, name_de: str, name_en: str, **kwargs: Any) -> Metric:
        label = {"de": de, "en": en}
        if suffix:
            label = {lang: f"{text} ({suffix[lang]})" for lang, text in label.items()}
            key = f"{key}:{search_type}"
        name = {"de": f"{name_de} ({where['de']})", "en": f"{name_en} ({where['en']})"}
        return Metric(PLATFORM, key, label, name, channel="seo", **kwargs)

    return {
        "clicks": metric("clicks", "Klicks", "Clicks", "Klicks", "Clicks", unit="count"),
        "impressions": metric(
            "impressions", "Impressionen", "Impressions", "Impressionen", "Impressions", unit="count"
        ),
        "ctr": metric(
            "ctr", "CTR", "CTR", "Klickrate", "Click-through rate", unit="percent", aggregation=Aggregation.RATIO
        ),
        "position": metric(
            "position", "Position", "Position", "Durchschnittliche Position", "Average position",
            unit="count", direction=Direction.LOWER, aggregation=Aggregation.WEIGHTED,
        ),
    }  # fmt: skip


# ---- recognising the tables ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Header:
    index: int  # the header row's index in the table
    cells: list[str]  # normalised
    lang: str  # "de" or "en", from the header words

    def column(self, names: frozenset[str]) -> int | None:
        return next((i for i, cell in enumerate(self.cells) if cell in names), None)


def _header(table: Table) -> Header | None:
    """The first row with content, when it is a Search Console header (a first column, then only metrics)."""
    for index, row in table.text_rows():
        cells = [" ".join(cell.casefold().split()) for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        lang = "de" if GERMAN_WORDS & set(cells) else "en"
        return Header(index, cells, lang)
    return None


def _metric_columns(header: Header) -> bool:
    """Whether every column after the first is one of the four metrics, clicks and impressions among them."""
    rest = set(header.cells[1:])
    return rest <= METRIC_HEADERS and bool(CLICKS & rest) and bool(IMPRESSIONS & rest)


CHART_WORDS = ("click", "klick", "impression", "ctr", "position")


def _is_chart(table: Table) -> bool:
    """A first column Date, then only columns naming the chart's metrics, clicks among them (also a comparison
    export, "Last 28 days Clicks", which the reader then refuses with what to export instead)."""
    header = _header(table)
    rest = header.cells[1:] if header else []
    return (
        header is not None
        and header.cells[0] in DATE
        and any("click" in cell or "klick" in cell for cell in rest)
        and all(any(word in cell for word in CHART_WORDS) for cell in rest)
    )


def _dimension_tab(table: Table) -> str | None:
    header = _header(table)
    if header is None or not _metric_columns(header):
        return None
    return next((tab for tab, names in DIMENSION_TABS.items() if header.cells[0] in names), None)


def _is_filters(table: Table) -> bool:
    header = _header(table)
    return (
        header is not None
        and len(header.cells) == 2
        and header.cells[0] in FILTER_HEADER[0]
        and header.cells[1] in FILTER_HEADER[1]
    )


def same_export(table: Table, others: Sequence[Table]) -> list[Table]:
    """The tables that came in the same export as ``table``: the other members of its zip or sheets of its
    workbook, or, for a file given on its own, the other loose files in its folder."""
    if table.member is not None:
        return [t for t in others if t is not table and t.path == table.path]
    return [t for t in others if t is not table and t.member is None and t.path.parent == table.path.parent]


# ---- Filters.csv ---------------------------------------------------------------------------------------------
@dataclass
class Filters:
    table: Table | None = None
    first: Any = None  # the range's first and last day when Filters.csv states it as dates
    last: Any = None
    search_type: str = "web"
    unknown_type: str | None = None  # a search type we do not import (Discover, Google News)
    narrowing: list[tuple[str, str, int]] | None = None  # (filter, value, row index): not the site's totals


def _filters(table: Table, siblings: Sequence[Table]) -> tuple[Filters, Problem | None]:
    """The filters of the export ``table`` belongs to; a warning when several Filters tables could be it."""
    found = [t for t in same_export(table, siblings) if _is_filters(t)]
    if not found:
        return Filters(), None
    if len(found) > 1:
        names = ", ".join(quote(t.name) for t in found)
        message = _("several filter tables lie beside it ({names}); none was used: give each export on its own")
        return Filters(), Problem(table.name, message.format(names=names), severity=Severity.WARNING)
    return _read_filters(found[0]), None


def _read_filters(table: Table) -> Filters:
    filters = Filters(table, narrowing=[])
    header = _header(table)
    start = header.index + 1 if header else 0
    for index, row in list(table.text_rows())[start:]:
        if not row or not any(row):
            continue
        name, value = _norm(row[0]), (row[1] if len(row) > 1 else "").strip()
        if name in DATE_FILTER:
            span = period(value)
            if span:
                filters.first, filters.last = span
        elif name in TYPE_FILTER:
            kind = SEARCH_TYPES.get(value.casefold())
            if kind:
                filters.search_type = kind
            else:
                filters.unknown_type = value
        else:
            assert filters.narrowing is not None
            filters.narrowing.append((row[0].strip(), value, index))
    return filters


# ---- the daily chart -----------------------------------------------------------------------------------------
@register(PLATFORM, "Performance › Chart", sniff=_is_chart)
def read_chart(table: Table, siblings: Sequence[Table]) -> Reading:
    """Monthly clicks, impressions, CTR and average position from the chart's daily rows."""
    reading = Reading(table.name, PLATFORM, "Performance › Chart")
    header = _header(table)
    assert header is not None
    filters, problem = _filters(table, siblings)
    if problem:
        reading.problems.append(problem)
    refusal = _refusal(table, header, filters)
    if refusal:
        reading.problems.append(refusal)
        return reading
    frame, bad = _days(table, header)
    if bad:
        reading.problems.append(bad)
        return reading
    if frame.empty:
        reading.problems.append(Problem(table.name, _("the chart has no days"), severity=Severity.WARNING))
        return reading
    months = aggregate.monthly(
        frame, ["clicks", "impressions", "weighted_position", "positioned"], first=filters.first, last=filters.last
    )
    columns = metrics(filters.search_type)
    wanted = {key: columns[key] for key in ("clicks", "impressions", "ctr")}
    if header.column(POSITION) is not None:
        wanted["position"] = columns["position"]
    reading.series = aggregate.series(
        table,
        months,
        wanted,
        ratios={"ctr": ("clicks", "impressions", 100.0)},
        weighted={"position": ("weighted_position", "positioned")},
    )
    note = aggregate.partial_months_note(table, months)
    if note:
        reading.problems.append(note)
    if not months.sums and not note:
        reading.problems.append(
            Problem(table.name, _("the chart covers no whole calendar month"), severity=Severity.WARNING)
        )
    return reading


def _refusal(table: Table, header: Header, filters: Filters) -> Problem | None:
    """Why this chart cannot give the site's monthly totals, or ``None``."""
    if not _metric_columns(header):
        return Problem.at(
            table.origin(header.index),
            _(
                "the chart's columns are not Date, Clicks, Impressions, CTR and Position (a comparison of two "
                "date ranges?); export one date range without comparison"
            ),
        )
    if filters.unknown_type is not None:
        return Problem(
            table.name,
            _(
                "the export is for the search type {type}, which reporter does not import; export the search "
                "types Web, Image, Video or News"
            ).format(type=quote(filters.unknown_type)),
        )
    if filters.narrowing and filters.table is not None:
        name, value, index = filters.narrowing[0]
        return Problem.at(
            filters.table.origin(index),
            _(
                "the export is filtered ({filter}: {value}), so its chart is not the site's total; export the "
                "performance report again with only the date range and the search type set"
            ).format(filter=name, value=quote(value)),
        )
    if header.column(POSITION) is None and filters.table is None:
        return Problem.at(
            table.origin(header.index),
            _(
                "the chart has no Position column, as in the Discover and Google News reports, which reporter "
                "does not import; export Performance › Search results"
            ),
        )
    return None


def _days(table: Table, header: Header) -> tuple[pd.DataFrame, Problem | None]:
    """The chart's rows as a frame (day, clicks, impressions, position × impressions); the first bad cell as
    a problem."""
    clicks, impressions = header.column(CLICKS), header.column(IMPRESSIONS)
    position = header.column(POSITION)
    assert clicks is not None
    assert impressions is not None
    body = [(index, row) for index, row in enumerate(table.rows[header.index + 1 :], header.index + 1)]
    body = [(index, row) for index, row in body if any(plain(cell) for cell in row)]
    numeric = [row[c] for _, row in body for c in (clicks, impressions, position) if c is not None and c < len(row)]
    decimal = decimal_mark(numeric, hint="," if header.lang == "de" else ".")
    records = []
    for index, row in body:
        date = day(row[0])
        if date is None:
            return pd.DataFrame(), Problem.at(
                table.origin(index), _("{value} is not a date").format(value=quote(plain(row[0])))
            )
        try:
            values = [_cell(row, c, decimal) for c in (clicks, impressions, position)]
        except ValueError as exc:
            return pd.DataFrame(), Problem.at(
                table.origin(index), _("{value} is not a number").format(value=quote(plain(exc.args[0])))
            )
        n_clicks, n_impressions, pos = values
        has_position = pos is not None and n_impressions is not None
        records.append(
            {
                "day": date,
                "row": index,
                "clicks": n_clicks,
                "impressions": n_impressions,
                "weighted_position": pos * n_impressions if has_position else None,  # type: ignore[operator]
                "positioned": n_impressions if has_position else None,
            }
        )
    return pd.DataFrame.from_records(records), None


def _cell(row: Sequence[Any], column: int | None, decimal: str) -> float | None:
    if column is None or column >= len(row):
        return None
    try:
        return number(row[column], decimal)
    except ValueError as exc:  # text, or a censored "< 10": no day of the chart is either
        raise ValueError(row[column]) from exc


# ---- the tables without dates --------------------------------------------------------------------------------
def _is_dimension(table: Table) -> bool:
    return _dimension_tab(table) is not None


@register(PLATFORM, "Performance › Queries, Pages, Countries, Devices, Search appearance", sniff=_is_dimension)
def read_dimension(table: Table, siblings: Sequence[Table]) -> Reading:
    """Recognised, never summed: a warning when the export's chart did not come with it."""
    tab = _dimension_tab(table) or "queries"
    reading = Reading(table.name, PLATFORM, TAB_REPORTS[tab])
    if not any(_is_chart(t) for t in same_export(table, siblings)):
        if tab == "queries":
            message = _(
                "the query table covers the whole date range without dates and leaves out anonymised queries, so "
                "it gives no monthly totals; import the export's Chart.csv (the Dates tab) instead"
            )
        else:
            message = _(
                "this table covers the whole date range without dates, so it gives no monthly totals; import the "
                "export's Chart.csv (the Dates tab) instead"
            )
        reading.problems.append(Problem(table.name, message, severity=Severity.WARNING))
    return reading


@register(PLATFORM, "Performance › Filters", sniff=_is_filters)
def read_filters(table: Table, siblings: Sequence[Table]) -> Reading:
    """The export's filters, read by the chart; a warning when it came without its chart."""
    reading = Reading(table.name, PLATFORM, "Performance › Filters")
    if not any(_is_chart(t) for t in same_export(table, siblings)):
        message = _("the filter table alone holds no numbers; import it together with the export's Chart.csv")
        reading.problems.append(Problem(table.name, message, severity=Severity.WARNING))
    return reading
