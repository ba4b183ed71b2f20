"""LinkedIn page analytics: the three downloads of a company page's analytics (Visitors, Followers, Content or
"Updates"), each a workbook (legacy ``.xls``, newer ``.xlsx``) with one row per day on its first sheet and
breakdown sheets (location, job function, …) beside it.

Not seen: built from LinkedIn's help pages and from public code that reads these files (docs/import.md says
so). The content sheet may carry a note above its header. German column names are our best reading of the
German UI (``Datum``, ``Impressionen (gesamt)`` …); unknown columns are simply not imported.

How the months are made: page views, new followers, impressions, clicks, reactions, comments and reposts are
summed over the month's days; unique visitors and unique impressions of days cannot be added up and LinkedIn
offers no monthly count, so they are not imported (a warning says so); the engagement rate is recomputed from
the month's clicks, reactions, comments and reposts ÷ impressions. ``Total followers`` on the followers sheet is
the day's new followers (organic + sponsored + auto-invited) when it equals their sum, and is summed; where it
is a level (the page's follower count) the month gets the value of its last day.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ...i18n import N_, _, quote
from ...model import Problem, Severity
from ..aggregate import monthly, partial_months_note, series
from ..columns import Aliases, find_header
from ..model import Aggregation, Metric, Reading
from ..read import Censored, ExportError, Table, day, decimal_mark, number, plain
from . import register

PLATFORM = "LinkedIn"


def _metric(key: str, de: str, en: str, name_de: str, name_en: str, **kw: Any) -> Metric:
    unit = kw.pop("unit", "count")
    return Metric(PLATFORM, key, {"de": de, "en": en}, {"de": name_de, "en": name_en}, "social", unit, **kw)


METRICS: dict[str, Metric] = {
    "page_views": _metric(
        "page_views", "Seitenaufrufe", "Page views", "Seitenaufrufe (LinkedIn-Seite)", "Page views (LinkedIn page)"
    ),
    "new_followers": _metric(
        "new_followers", "Neue Follower", "New followers", "Neue Follower (LinkedIn)", "New followers (LinkedIn)"
    ),
    "organic_followers": _metric(
        "new_followers:organic", "Neue Follower (organisch)", "New followers (organic)",
        "Neue organische Follower (LinkedIn)", "New organic followers (LinkedIn)",
    ),
    "sponsored_followers": _metric(
        "new_followers:sponsored", "Neue Follower (gesponsert)", "New followers (sponsored)",
        "Neue gesponserte Follower (LinkedIn)", "New sponsored followers (LinkedIn)",
    ),
    "followers": _metric(
        "followers", "Follower insgesamt", "Total followers", "Follower (LinkedIn)", "Followers (LinkedIn)",
        aggregation=Aggregation.LAST,
    ),
    "impressions": _metric(
        "impressions", "Impressionen", "Impressions", "Impressionen (LinkedIn)", "Impressions (LinkedIn)"
    ),
    "impressions_organic": _metric(
        "impressions:organic", "Impressionen (organisch)", "Impressions (organic)",
        "Organische Impressionen (LinkedIn)", "Organic impressions (LinkedIn)",
    ),
    "impressions_sponsored": _metric(
        "impressions:sponsored", "Impressionen (gesponsert)", "Impressions (sponsored)",
        "Gesponserte Impressionen (LinkedIn)", "Sponsored impressions (LinkedIn)",
    ),
    "clicks": _metric("clicks", "Klicks", "Clicks", "Klicks (LinkedIn-Beiträge)", "Clicks (LinkedIn posts)"),
    "reactions": _metric("reactions", "Reaktionen", "Reactions", "Reaktionen (LinkedIn)", "Reactions (LinkedIn)"),
    "comments": _metric("comments", "Kommentare", "Comments", "Kommentare (LinkedIn)", "Comments (LinkedIn)"),
    "reposts": _metric("reposts", "Reposts", "Reposts", "Reposts (LinkedIn)", "Reposts (LinkedIn)"),
    "engagement_rate": _metric(
        "engagement_rate", "Interaktionsrate", "Engagement rate", "Interaktionsrate (LinkedIn)",
        "Engagement rate (LinkedIn)", unit="percent", aggregation=Aggregation.RATIO,
    ),
}  # fmt: skip

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("Date", "Datum"),
    "page_views": (
        "Total page views (total)", "Page views (total)", "Seitenaufrufe (gesamt)", "Seitenaufrufe insgesamt (gesamt)",
        "Gesamtzahl der Seitenaufrufe (gesamt)",
    ),
    "unique_visitors": (
        "Total unique visitors (total)", "Unique visitors (total)", "Einzelne Besucher (gesamt)",
        "Eindeutige Besucher (gesamt)", "Einzelne Besucher insgesamt (gesamt)",
    ),
    "sponsored_followers": ("Sponsored followers", "Gesponserte Follower"),
    "organic_followers": ("Organic followers", "Organische Follower"),
    "invited_followers": ("Auto-invited followers", "Automatisch eingeladene Follower"),
    "total_followers": ("Total followers", "Follower insgesamt", "Follower gesamt"),
    "impressions": ("Impressions (total)", "Impressionen (gesamt)"),
    "impressions_organic": ("Impressions (organic)", "Impressionen (organisch)"),
    "impressions_sponsored": ("Impressions (sponsored)", "Impressionen (gesponsert)"),
    "unique_impressions": (
        "Unique impressions (organic)", "Unique impressions", "Eindeutige Impressionen (organisch)",
        "Einzelne Impressionen (organisch)",
    ),
    "clicks": ("Clicks (total)", "Klicks (gesamt)"),
    "reactions": ("Reactions (total)", "Reaktionen (gesamt)"),
    "comments": ("Comments (total)", "Comments", "Kommentare (gesamt)", "Kommentare"),
    "reposts": (
        "Reposts (total)", "Shares (total)", "Reposts", "Reposts (gesamt)", "Direkt geteilt (gesamt)",
        "Geteilte Beiträge (gesamt)",
    ),
    "engagement_rate": ("Engagement rate (total)", "Interaktionsrate (gesamt)"),
}  # fmt: skip
SUMMED = (
    "page_views", "sponsored_followers", "organic_followers", "invited_followers", "impressions",
    "impressions_organic", "impressions_sponsored", "clicks", "reactions", "comments", "reposts",
)  # fmt: skip
ENGAGEMENTS = ("clicks", "reactions", "comments", "reposts")  # LinkedIn's engagement rate counts these ÷ impressions
UNIQUE = {
    "unique_visitors": "Unique visitors",
    "unique_impressions": "Unique impressions",
}


# Columns only LinkedIn's sheets have; "Comments" or "Kommentare" beside a date could be anyone's.
DISTINCT = set(COLUMNS) - {"date", "comments", "reposts"}


def _is_daily(columns: dict[str, int]) -> bool:
    return "date" in columns and not DISTINCT.isdisjoint(columns)


def _daily_header(table: Table) -> tuple[int, dict[str, int]] | None:
    return find_header(table, COLUMNS, _is_daily)


@register(PLATFORM, "Page analytics (visitors, followers, content)", sniff=lambda t: _daily_header(t) is not None)
def read_daily(table: Table, siblings: Sequence[Table]) -> Reading:
    found = _daily_header(table)
    assert found is not None  # the sniff found it
    start, columns = found
    reading = Reading(table.name, PLATFORM, _area(columns))
    header = table.rows[start]
    body = _body(table, start, columns, reading)
    if body.empty:
        raise ExportError(_("the sheet has no rows with a date below its header"))
    levels = _followers(header, body, columns)
    summed = [column for column in SUMMED if column in columns]
    if "new_followers" in body.columns:
        summed.append("new_followers")
    if all(column in columns for column in ENGAGEMENTS):
        body["engagements"] = body[list(ENGAGEMENTS)].sum(axis=1, min_count=len(ENGAGEMENTS))
        summed.append("engagements")
    months = monthly(body, summed, levels=levels)
    note = partial_months_note(table, months)
    if note:
        reading.problems.append(note)
    wanted = {c: METRICS[c] for c in (*summed, *levels) if c in METRICS}
    ratios = {}
    if "engagements" in summed and "impressions" in columns:
        wanted["engagement_rate"] = METRICS["engagement_rate"]
        ratios["engagement_rate"] = ("engagements", "impressions", 100.0)
    elif "engagement_rate" in columns:
        reading.problems.append(Problem(table.name, _(_NO_ENGAGEMENT_PARTS), severity=Severity.ERROR))
    reading.series = series(table, months, wanted, ratios=ratios)
    for column, english in UNIQUE.items():
        if column in columns and months.sums:
            name = plain(header[columns[column]]) or english
            message = _(_NO_UNIQUE).format(column=quote(name))
            reading.problems.append(Problem(table.name, message, severity=Severity.WARNING))
    return reading


_NO_UNIQUE = N_(
    "{column} were not imported: LinkedIn counts them per day, a person of two days would count twice in a sum, "
    "and LinkedIn's export has no monthly count"
)
_NO_ENGAGEMENT_PARTS = N_(
    "the engagement rate was not imported: it can only be recomputed for a month from the columns Clicks, "
    "Reactions, Comments and Reposts (total) together with Impressions (total), and the sheet lacks some of them"
)


def _area(columns: dict[str, int]) -> str:
    if any(c.endswith("followers") for c in columns):
        return "Followers › New followers"
    if "page_views" in columns or "unique_visitors" in columns:
        return "Visitors › Visitor metrics"
    return "Content › Metrics"


def _body(table: Table, start: int, columns: dict[str, int], reading: Reading) -> pd.DataFrame:
    """One record per dated row: ``day``, ``row`` and a number per column (None where the cell is empty)."""
    german = plain(table.rows[start][columns["date"]]).casefold() == "datum"  # the German UI
    rows = table.rows[start + 1 :]
    decimal = decimal_mark((cell for row in rows for cell in row), "," if german else ".")
    records = []
    for offset, cells in enumerate(rows):
        index = start + 1 + offset
        date_cell = cells[columns["date"]] if columns["date"] < len(cells) else None
        when = day(date_cell)
        if when is None:
            if plain(date_cell) and any(plain(c) for i, c in enumerate(cells) if i != columns["date"]):
                message = _("{value} is not a date; the row was left out").format(value=quote(plain(date_cell)))
                reading.problems.append(Problem.at(table.origin(index), message))
            continue
        record: dict[str, Any] = {"day": when, "row": index}
        for column, position in columns.items():
            if column != "date":
                record[column] = _number(table, index, cells, position, decimal, reading)
        records.append(record)
    return pd.DataFrame.from_records(records)


def _number(table: Table, index: int, cells: list[Any], position: int, decimal: str, reading: Reading) -> float | None:
    cell = cells[position] if position < len(cells) else None
    try:
        return number(cell, decimal)
    except (ValueError, Censored):
        message = _("{value} is not a number; the cell was left out").format(value=quote(plain(cell)))
        reading.problems.append(Problem.at(table.origin(index), message))
        return None


def _followers(header: list[Any], body: pd.DataFrame, columns: dict[str, int]) -> list[str]:
    """Decide what ``Total followers`` is: the day's new followers (their parts add up to it) → summed as
    ``new_followers``; else the page's follower count → the month's last day (returned as a level column)."""
    if "total_followers" not in columns:
        return []
    parts = [c for c in ("sponsored_followers", "organic_followers", "invited_followers") if c in columns]
    if not parts:
        raise ExportError(
            _(
                "the followers sheet has {column} but not the organic and sponsored followers, so it cannot tell "
                "new followers from the follower count; export the followers analytics with all its columns"
            ).format(column=quote(plain(header[columns["total_followers"]])))
        )
    added = body[parts].sum(axis=1, min_count=1)
    gains = ((body["total_followers"] - added).abs() < 0.5) | body["total_followers"].isna()
    if bool(gains.all()):
        body["new_followers"] = body["total_followers"]
        return []
    body["followers"] = body["total_followers"]
    return ["followers"]


# ---- sheets beside the daily one ------------------------------------------------------------------------------
BREAKDOWNS: Aliases = {
    "by": (
        "Location", "Country/Region", "Job function", "Seniority", "Industry", "Company size", "Standort",
        "Land/Region", "Berufsfeld", "Karrierestufe", "Branche", "Unternehmensgröße",
    ),
    "total": (
        "Total followers", "Total views", "Total visitors", "Follower insgesamt", "Aufrufe insgesamt",
        "Besucher insgesamt",
    ),
}  # fmt: skip
POSTS: Aliases = {
    "created": ("Created date", "Erstellungsdatum", "Erstellt am"),
    "title": ("Update title", "Post title", "Update link", "Post link", "Titel des Updates", "Beitragstitel"),
}


def _is_breakdown(table: Table) -> bool:
    return table.member is not None and find_header(table, BREAKDOWNS, lambda c: len(c) == 2, within=3) is not None


def _is_posts(table: Table) -> bool:
    return table.member is not None and find_header(table, POSTS, lambda c: len(c) == 2, within=3) is not None


@register(PLATFORM, "Breakdown by location, function, … (no dates: nothing to import)", sniff=_is_breakdown)
def read_breakdown(table: Table, siblings: Sequence[Table]) -> Reading:
    """A breakdown covers the whole period without dates: no month can be taken from it."""
    return Reading(table.name, PLATFORM, "Breakdown (no dates: nothing to import)")


@register(PLATFORM, "Updates › per post (lifetime numbers: nothing to import)", sniff=_is_posts)
def read_posts(table: Table, siblings: Sequence[Table]) -> Reading:
    """A post's numbers are its lifetime's, not a month's; the monthly numbers come from the daily sheet."""
    return Reading(table.name, PLATFORM, "Updates › per post (lifetime numbers: nothing to import)")
