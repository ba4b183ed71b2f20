"""Google Business Profile performance reports (the bulk "Performance report" download), German and English UI.

UTF-8 with commas; the header, then a description row ("Number of people that viewed your Business Profile on …")
that is never data, then one row per location (``Store code``, ``Business name``, ``Address``, …) with whole
numbers: profile views split into four columns (Google Search and Google Maps, each mobile and desktop), calls,
messages, bookings, direction requests, website clicks, food orders. The period is only in the file's name
(``GMB insights (Performance Report) - 2025-10-1 - 2025-10-31 - <hash>.csv``): it must be one calendar month.
Every metric counts actions, so several locations are summed (and the note says so); the four view columns are
kept each and summed into the Business Profile views. The overall rating is the rating on the day of the download,
not the month's, and is not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pandas as pd

from ...i18n import _, ngettext, quote
from ...model import Problem
from ..aggregate import monthly, series
from ..model import Reading
from ..read import Table, day, decimal_mark, plain, whole_months
from . import register
from .tabular import TOTAL_LABEL, Cells, Columns, Header, blank, find_header, metrics, span

PLATFORM = "Google Business Profile"
REPORT = "Performance report"

# key, Quelle word (German UI | English UI), KPI name of a new row (de | en)
METRICS = metrics(
    PLATFORM,
    "seo",
    [
        ("views", "Profilaufrufe | Business Profile views",
         "Profilaufrufe (Unternehmensprofil) | Business Profile views"),
        ("views_search_mobile", "Aufrufe: Google Suche – mobil | Views: Google Search – mobile",
         "Profilaufrufe über die Google-Suche, mobil | Profile views from Google Search, mobile"),
        ("views_search_desktop", "Aufrufe: Google Suche – Desktop | Views: Google Search – desktop",
         "Profilaufrufe über die Google-Suche, Desktop | Profile views from Google Search, desktop"),
        ("views_maps_mobile", "Aufrufe: Google Maps – mobil | Views: Google Maps – mobile",
         "Profilaufrufe über Google Maps, mobil | Profile views from Google Maps, mobile"),
        ("views_maps_desktop", "Aufrufe: Google Maps – Desktop | Views: Google Maps – desktop",
         "Profilaufrufe über Google Maps, Desktop | Profile views from Google Maps, desktop"),
        ("interactions", "Interaktionen | Interactions",
         "Interaktionen (Unternehmensprofil) | Interactions (Business Profile)"),
        ("calls", "Anrufe | Calls", "Anrufe (Unternehmensprofil) | Calls (Business Profile)"),
        ("messages", "Nachrichten | Messages", "Nachrichten (Unternehmensprofil) | Messages (Business Profile)"),
        ("bookings", "Buchungen | Bookings", "Buchungen (Unternehmensprofil) | Bookings (Business Profile)"),
        ("directions", "Routenanfragen | Directions",
         "Routenanfragen (Unternehmensprofil) | Direction requests (Business Profile)"),
        ("website_clicks", "Websiteklicks | Website clicks",
         "Websiteklicks (Unternehmensprofil) | Website clicks (Business Profile)"),
        ("food_orders", "Essensbestellungen | Food orders",
         "Essensbestellungen (Unternehmensprofil) | Food orders (Business Profile)"),
        ("food_menu_clicks", "Klicks auf die Speisekarte | Food menu clicks",
         "Klicks auf die Speisekarte (Unternehmensprofil) | Food menu clicks (Business Profile)"),
        ("hotel_bookings", "Hotelbuchungen | Hotel bookings",
         "Hotelbuchungen (Unternehmensprofil) | Hotel bookings (Business Profile)"),
    ],
)  # fmt: skip

COLUMNS = Columns(
    {
        "views": (("Business Profile views", "Profile views"), ("Profilaufrufe", "Aufrufe des Unternehmensprofils")),
        "views_search_mobile": (("Google Search - mobile", "Google Search - Mobile"),
                                ("Google Suche - mobil", "Google-Suche - mobil", "Google Suche - Mobilgeräte")),
        "views_search_desktop": (("Google Search - desktop",),
                                 ("Google Suche - Desktop", "Google-Suche - Desktop", "Google Suche - Computer")),
        "views_maps_mobile": (("Google Maps - mobile",), ("Google Maps - mobil", "Google Maps - Mobilgeräte")),
        "views_maps_desktop": (("Google Maps - desktop",), ("Google Maps - Desktop", "Google Maps - Computer")),
        "interactions": (("Business Profile interactions", "Interactions"),
                         ("Interaktionen", "Interaktionen mit dem Unternehmensprofil")),
        "calls": (("Calls",), ("Anrufe",)),
        "messages": (("Messages",), ("Nachrichten",)),
        "bookings": (("Bookings",), ("Buchungen",)),
        "directions": (("Directions", "Direction requests"), ("Routenanfragen", "Routen")),
        "website_clicks": (("Website clicks",), ("Websiteklicks", "Website-Klicks", "Klicks auf die Website")),
        "food_orders": (("Food orders",), ("Essensbestellungen",)),
        "food_menu_clicks": (("Food menu clicks", "Menu clicks"), ("Klicks auf die Speisekarte", "Speisekartenklicks")),
        "hotel_bookings": (("Hotel bookings",), ("Hotelbuchungen",)),
        # what the rows are; the rating is read as no metric
        "store_code": (("Store code",), ("Geschäftscode", "Shopcode", "Filialcode")),
        "business_name": (("Business name",), ("Name des Unternehmens", "Unternehmensname", "Geschäftsname")),
        "address": (("Address",), ("Adresse",)),
        "rating": (("Overall rating",), ("Gesamtbewertung",)),
    }
)  # fmt: skip
# Actions only some businesses offer (a restaurant's orders, a hotel's bookings): left out when no location has one,
# so that a roofer's workbook gets no row "Essensbestellungen"
ONLY_WHERE_OFFERED = frozenset({"bookings", "food_orders", "food_menu_clicks", "hotel_bookings"})
VIEW_PARTS = ("views_search_mobile", "views_search_desktop", "views_maps_mobile", "views_maps_desktop")
# The period in the name Google gives the file: "… - 2025-10-1 - 2025-10-31 - <hash>.csv"
NAME_PERIOD = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})\s*-\s*(\d{4}-\d{1,2}-\d{1,2})")


def _header(table: Table) -> Header | None:
    header = find_header(table, COLUMNS, least=3, within=3)
    if header is None or not (header.has("business_name") or header.has("store_code")):
        return None
    return header if any(key in METRICS for key in header.columns) else None


def _is_performance_report(table: Table) -> bool:
    return _header(table) is not None


@register(PLATFORM, REPORT, sniff=_is_performance_report)
def read_performance(table: Table, siblings: Sequence[Table]) -> Reading:
    """A Business Profile performance report → one month's sums over its locations."""
    reading = Reading(table.name, PLATFORM, REPORT)
    header = _header(table)
    assert header is not None  # the sniff found it
    month = _month(table, reading)
    if month is None:
        return reading
    rows = _locations(table, header)
    keys = [key for key in METRICS if header.has(key)]
    sample = [header.cell(table.rows[i], key) for i in rows for key in keys]
    cells = Cells(table, header, decimal_mark(sample, "," if header.german else "."))
    records = [{"row": i, "month": month, **cells.values(i, keys)} for i in rows]
    if cells.broken:
        reading.problems.extend(cells.refusal())
        return reading
    reading.problems.extend(cells.problems)
    if not records:
        return reading
    frame = pd.DataFrame.from_records(records, columns=["row", "month", *keys])
    frame[keys] = frame[keys].astype(float)
    if not header.has("views") and all(header.has(part) for part in VIEW_PARTS):
        frame["views"] = frame[list(VIEW_PARTS)].sum(axis=1, min_count=len(VIEW_PARTS))
        keys.insert(0, "views")
    keys = [key for key in keys if key not in ONLY_WHERE_OFFERED or frame[key].fillna(0).any()]
    found = series(table, monthly(frame, keys), {key: METRICS[key] for key in keys})
    note = _summed_note(rows)
    for item in found:
        parts = item.metric.key == "views" and not header.has("views")
        views = _("the sum of the four view columns (Google Search and Maps, mobile and desktop)") if parts else None
        item.note = "; ".join(text for text in (views, note) if text) or None
    reading.series.extend(found)
    return reading


def _month(table: Table, reading: Reading) -> str | None:
    """The one calendar month of the report, from its file name; ``None`` (and the refusal) otherwise."""
    found = NAME_PERIOD.search(table.file_name)
    first = day(found.group(1)) if found else None
    last = day(found.group(2)) if found else None
    if first is None or last is None or last < first:
        message = _(
            "a Business Profile report names its period only in the file name Google gives it (for example "
            "{example}), and this name has none, so nothing was imported: download the report again and keep its "
            "name"
        ).format(example=quote("GMB insights (Performance Report) - 2025-10-1 - 2025-10-31 - ….csv"))
        reading.problems.append(Problem(table.name, message))
        return None
    months = whole_months(first, last)
    if months is not None and len(months) == 1:
        return months[0]
    reading.problems.append(Problem(table.name, _refusal(first, last, months)))
    return None


def _refusal(first: dt.date, last: dt.date, months: list[str] | None) -> str:
    if months is None:
        return _(
            "the report covers {period}, which is not a whole calendar month, so nothing was imported: download it "
            "again for one calendar month (Performance › date range › a month)"
        ).format(period=span(first, last))
    return _(
        "the report covers {period}, several months in one number per location, so nothing was imported: download "
        "one report per calendar month"
    ).format(period=span(first, last))


def _locations(table: Table, header: Header) -> list[int]:
    """The location rows: not the description row under the header, no blank or total row."""
    rows = []
    for index, cells in table.text_rows():
        if index <= header.index or blank(cells) or any(TOTAL_LABEL.match(cell) for cell in cells[:2]):
            continue
        if index == header.index + 1 and _describes(table, header, index):
            continue
        rows.append(index)
    return rows


def _describes(table: Table, header: Header, index: int) -> bool:
    """The row under the header holds sentences, not numbers, in the metric columns."""
    metric_cells = [plain(header.cell(table.rows[index], key)) for key in header.columns if key in METRICS]
    return any(re.search(r"[^\W\d_]{3}", cell) for cell in metric_cells)


def _summed_note(rows: list[int]) -> str | None:
    """Each row is one location."""
    if len(rows) <= 1:
        return None
    return ngettext("summed over {n} location", "summed over {n} locations", len(rows)).format(n=len(rows))
