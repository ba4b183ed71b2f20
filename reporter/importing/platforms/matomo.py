"""Matomo: a report exported from the UI (the export icon under a report: CSV or TSV, UTF-16LE with a BOM) or
through the API (``format=csv``), German or English column names, metric ids or translated names.

What Matomo's exports look like (seen: Matomo's own test exports, German and English):

* one row per period when the export spans several (a ``Datum``/``Date``/``date`` column: ``2025-01`` for a
  month, ``2025-01-01`` for a day, ``2009-12-28,2010-01-03`` for a week or a range), else one row for the
  period the file name states (``Export _ Besuche – Übersicht _ Januar 2025.csv``);
* plain numbers always with a decimal point; percentages as the UI language writes them (``"66,67 %"``,
  ``100%``); durations in seconds, or formatted (``00:04:31``, ``4 min 31s``);
* a flattened report has ``Metadaten: is_aggregate``: ``1`` marks a row that sums the rows under it.

How the months are made: counts (visits, actions, conversions, revenue) are summed over days and over weeks
that lie inside one month; a week that crosses into another month cannot be split and refuses the file.
Unique visitors come only from a month row (a visitor of two days is one visitor of the month). Rates are
recomputed from their counts (bounce rate = bounces ÷ visits), the average visit duration weighted by visits;
without the counts they come only from a month row. A report by label is read only when it is the channel-type
report (visits per channel add up to the site's visits); per-page or per-keyword rows are not site totals.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...i18n import N_, _, quote
from ...model import Direction, Problem
from ..aggregate import Months, partial_months_note
from ..columns import header_key, match
from ..model import Aggregation, Metric, MonthValue, Reading, Series
from ..read import Censored, ExportError, Table, day, decimal_mark, month_cell, number, period, plain
from . import register

PLATFORM = "Matomo"


def _metric(key: str, de: str, en: str, name_de: str, name_en: str, unit: str = "count", **kw: Any) -> Metric:
    return Metric(PLATFORM, key, {"de": de, "en": en}, {"de": name_de, "en": name_en}, "website", unit, **kw)


RATIO, WEIGHTED, TOTAL = Aggregation.RATIO, Aggregation.WEIGHTED, Aggregation.TOTAL
# What a month's row in the workbook gets: the Quelle words are Matomo's own (lang/de.json, lang/en.json).
METRICS: dict[str, Metric] = {
    "visits": _metric("visits", "Besuche", "Visits", "Besuche (Website)", "Visits (website)"),
    "unique_visitors": _metric(
        "unique_visitors", "Eindeutige Besucher", "Unique visitors", "Eindeutige Besucher (Website)",
        "Unique visitors (website)", aggregation=TOTAL,
    ),
    "actions": _metric("actions", "Aktionen", "Actions", "Aktionen (Website)", "Actions (website)"),
    "pageviews": _metric(
        "pageviews", "Seitenansichten", "Pageviews", "Seitenansichten (Website)", "Pageviews (website)"
    ),
    "bounce_rate": _metric(
        "bounce_rate", "Absprungsrate", "Bounce Rate", "Absprungrate (Website)", "Bounce rate (website)", "percent",
        direction=Direction.LOWER, aggregation=RATIO,
    ),
    "avg_time": _metric(
        "avg_time", "Durchschn. Besuchszeit", "Avg. Visit Duration", "Durchschnittliche Besuchsdauer (Website)",
        "Average visit duration (website)", "seconds", aggregation=WEIGHTED,
    ),
    "actions_per_visit": _metric(
        "actions_per_visit", "Aktionen pro Besuch", "Actions per Visit", "Aktionen pro Besuch (Website)",
        "Actions per visit (website)", aggregation=RATIO,
    ),
    "visits_converted": _metric(
        "visits_converted", "Besuche mit Konversionen", "Visits with Conversions", "Besuche mit Konversionen (Website)",
        "Visits with conversions (website)",
    ),
    "conversions": _metric(
        "conversions", "Konversionen", "Conversions", "Konversionen (Website)", "Conversions (website)"
    ),
    "conversion_rate": _metric(
        "conversion_rate", "Konversionsrate", "Conversion Rate", "Konversionsrate (Website)",
        "Conversion rate (website)", "percent", aggregation=RATIO,
    ),
    "revenue": _metric("revenue", "Umsatz", "Revenue", "Umsatz (Website)", "Revenue (website)", "eur"),
}  # fmt: skip

# Header spellings: API metric ids, English UI, German UI.
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "Date", "Datum"),
    "label": ("label", "Label", "Bezeichnung"),
    "visits": ("nb_visits", "Visits", "Besuche"),
    "unique_visitors": ("nb_uniq_visitors", "Unique visitors", "Eindeutige Besucher"),
    "actions": ("nb_actions", "Actions", "Aktionen"),
    "pageviews": ("nb_pageviews", "Pageviews", "Seitenansichten"),
    "bounces": ("bounce_count", "Bounces", "Absprünge"),
    "bounce_rate": ("bounce_rate", "Bounce Rate", "Absprungsrate", "Absprungrate"),
    "visit_length": (
        "sum_visit_length", "Total time spent by visitors (in seconds)",
        "Von Besuchern verbrachte Gesamtzeit (in Sekunden)",
    ),
    "avg_time": (
        "avg_time_on_site", "Avg. Visit Duration (in seconds)", "Durchschn. Besuchszeit (in Sekunden)",
        "Avg. Time on Website", "Durchschnittszeit auf der Webseite",
    ),
    "actions_per_visit": ("nb_actions_per_visit", "Actions per Visit", "Aktionen pro Besuch"),
    "visits_converted": ("nb_visits_converted", "Visits with Conversions", "Besuche mit Konversionen"),
    "conversions": ("nb_conversions", "Conversions", "Konversionen"),
    "conversion_rate": ("conversion_rate", "Conversion Rate", "Konversionsrate"),
    "revenue": ("revenue", "Revenue", "Umsatz"),
    "is_aggregate": ("is_aggregate", "metadata_is_aggregate", "Metadata: is_aggregate", "Metadaten: is_aggregate"),
    "segment": ("segment", "metadata_segment", "Metadata: segment", "Metadaten: segment"),
}  # fmt: skip
GERMAN = {header_key(spelling) for spellings in COLUMNS.values() for spelling in spellings[2:]}
# A Matomo visits table has visits and one of these (Mailchimp's campaign list has "Visits" too, none of these).
SIGNATURE = (
    "actions",
    "unique_visitors",
    "bounces",
    "visit_length",
    "avg_time",
    "actions_per_visit",
    "visits_converted",
)
ADDITIVE = ("visits", "actions", "pageviews", "bounces", "visit_length", "visits_converted", "conversions", "revenue")
MONTH_ONLY = ("unique_visitors", "bounce_rate", "avg_time", "actions_per_visit", "conversion_rate")

# Goal columns: "Kontaktformular conversions", "Konversionen (Ziel idgoal=1)", "Goal Kontaktformular conversions",
# "Ziel: Kontaktformular", "goal_1_nb_conversions", "goals_idgoal=1_nb_conversions".
GOAL_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^goals?_(?:idgoal=)?(?P<goal>[\w-]+?)_nb_conversions$",
        r"^(?:conversions|konversionen) \((?:goal|ziel) (?P<goal>.+)\)$",
        r"^(?:goal|ziel):? (?P<goal>.+?) (?:conversions|konversionen)$",
        r"^(?:goal|ziel): (?P<goal>.+)$",
        r"^(?P<goal>.+?) (?:conversions|konversionen)$",
    )
)

# The channel-type report (Akquisition › Kanaltypen): its labels, and the segment Matomo writes beside them.
CHANNELS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "direct": ("Direkte Zugriffe", "Direct Entry", ("direkter zugriff",)),
    "search": ("Suchmaschinen", "Search Engines", ()),
    "website": ("Webseiten", "Websites", ()),
    "campaign": ("Kampagnen", "Campaigns", ()),
    "social": ("Soziale Netzwerke", "Social Networks", ()),
    "ai": ("KI-Assistenten", "AI Assistants", ("ai assistant",)),
}
CHANNEL_NAMES = {
    "direct": ("Besuche über direkte Zugriffe", "Visits from direct entry"),
    "search": ("Besuche über Suchmaschinen", "Visits from search engines"),
    "website": ("Besuche über verweisende Webseiten", "Visits from websites"),
    "campaign": ("Besuche über Kampagnen", "Visits from campaigns"),
    "social": ("Besuche über soziale Netzwerke", "Visits from social networks"),
    "ai": ("Besuche über KI-Assistenten", "Visits from AI assistants"),
}
CHANNEL_LABELS = {header_key(text): channel for channel, (de, en, more) in CHANNELS.items() for text in (de, en, *more)}


@dataclass
class Header:
    row: int  # index of the header row in the table
    columns: dict[str, int]  # column id → position
    goals: dict[str, int] = field(default_factory=dict)  # goal as the header names it → position
    german: bool = False
    names: list[str] = field(default_factory=list)  # the header cells as written


@dataclass
class Row:
    index: int  # in the table
    kind: str  # "month" (a whole month), "part" (a day, or a week inside one month)
    first: dt.date
    last: dt.date
    label: str | None  # as written (with its segment); the channel type once known
    values: dict[str, float | None]
    written: str | None = None  # the label as written, kept when ``label`` becomes the channel type

    @property
    def month(self) -> str:
        return f"{self.first.year:04d}-{self.first.month:02d}"


def _header(table: Table) -> Header | None:
    for index, cells in enumerate(table.rows[:3]):
        columns = match(cells, COLUMNS)
        if "visits" in columns and any(column in columns for column in SIGNATURE):
            names = [plain(cell).lstrip("'") for cell in cells]
            goals = {
                goal: position
                for position, cell in enumerate(cells)
                if position not in columns.values() and (goal := _goal(cell))
            }
            german = any(header_key(cell) in GERMAN for cell in cells)
            return Header(index, columns, goals, german, names)
    return None


def _goal(cell: Any) -> str | None:
    """The goal a column counts the conversions of, as its header names it (``Kontaktformular``, ``2``)."""
    text = " ".join(plain(cell).lstrip("'").split()).rstrip(":")
    if re.search(r"(?i)(with|mit) (conversions|konversionen)", text):
        return None
    for pattern in GOAL_PATTERNS:
        found = pattern.match(text)
        if found:
            return found.group("goal").removeprefix("idgoal=").strip() or None
    return None


def _is_matomo(table: Table) -> bool:
    return _header(table) is not None


@register(PLATFORM, "Visitors › Overview, Goals, Channel Types", sniff=_is_matomo)
def read_report(table: Table, siblings: Sequence[Table]) -> Reading:
    header = _header(table)
    assert header is not None  # the sniff found it
    reading = Reading(table.name, PLATFORM, "Visitors › Overview")
    rows = _rows(table, header, reading)
    channels = _channels(table, header, rows) if "label" in header.columns else None
    reading.report = "Acquisition › Channel Types" if channels is not None else "Visitors › Overview"
    by_month, partial = _months(table, rows)
    note = partial_months_note(table, Months(partial=partial))
    if note:
        reading.problems.append(note)
    if channels is not None:
        reading.series = _channel_series(table, by_month)
    else:
        reading.series = _site_series(table, header, by_month, reading)
    return reading


# ---- rows ---------------------------------------------------------------------------------------------------
def _rows(table: Table, header: Header, reading: Reading) -> list[Row]:
    """The body rows with their period and numbers; parent rows of a flattened report are left out."""
    body = [(i, cells) for i, cells in enumerate(table.rows) if i > header.row and any(plain(c) for c in cells)]
    if not body:
        raise ExportError(_("the export has no rows below its header"))
    cells_of = [cell for _i, cells in body for cell in cells]
    percent = decimal_mark((c for c in cells_of if isinstance(c, str) and "%" in c), "," if header.german else ".")
    formatted = decimal_mark(
        (c for c in cells_of if isinstance(c, str) and not _PLAIN.match(c.strip())), "," if header.german else "."
    )
    named_period = None if "date" in header.columns else _named_period(table)
    rows: list[Row] = []
    for index, cells in body:
        if _cell(cells, header.columns.get("is_aggregate")) == "1":
            continue  # the sum of the rows under it: adding it would count them twice
        first, last, kind = named_period or _period(table, index, _cell(cells, header.columns["date"]))
        label = _cell(cells, header.columns.get("label")) if "label" in header.columns else None
        if label is not None and "segment" in header.columns:
            label = f"{label}\t{_cell(cells, header.columns['segment'])}"
        wanted = {c: p for c, p in header.columns.items() if c in ADDITIVE or c in MONTH_ONLY}
        wanted.update({f"goal:{goal}": position for goal, position in header.goals.items()})
        values = {}
        for column, position in wanted.items():
            raw = cells[position] if position < len(cells) else None
            values[column] = _number(table, index, header.names[position], raw, percent, formatted, reading)
        if values.get("avg_time") is not None and values.get("visits") is not None:
            # a day's average duration counts as often as that day had visits
            values["avg_time_x_visits"] = values["avg_time"] * values["visits"]  # type: ignore[operator]
            values["avg_time_visits"] = values["visits"]
        rows.append(Row(index, kind, first, last, label, values))
    return rows


def _cell(cells: Sequence[Any], position: int | None) -> str:
    return plain(cells[position]).lstrip("'") if position is not None and position < len(cells) else ""


_PLAIN = re.compile(r"^'?-?\d+(\.\d+)?$")  # Matomo writes every unformatted number like this, in every language
_DURATION = (
    re.compile(r"^(?:(?P<d>\d+) (?:days?|tage?) )?(?P<h>\d+):(?P<m>\d{2}):(?P<s>\d{2}(?:[.,]\d+)?)$"),
    re.compile(r"^(?:(?P<m>\d+) ?(?:min|minuten?|min\.)\.? ?)?(?P<s>\d+(?:[.,]\d+)?) ?(?:s|sek\.?|sekunden)$"),
)


def _number(
    table: Table, index: int, column: str, raw: Any, percent: str, formatted: str, reading: Reading
) -> float | None:
    text = plain(raw).lstrip("'")
    if _PLAIN.match(text):
        return float(text)
    for pattern in _DURATION:
        found = pattern.match(text.casefold())
        if found:
            parts = {k: float((v or "0").replace(",", ".")) for k, v in found.groupdict().items()}
            return parts.get("d", 0) * 86400 + parts.get("h", 0) * 3600 + parts.get("m", 0) * 60 + parts["s"]
    try:
        return number(text, percent if "%" in text else formatted)
    except (ValueError, Censored):
        message = _("{value} in column {column} is not a number; the cell was left out").format(
            value=quote(text), column=quote(column)
        )
        reading.problems.append(Problem.at(table.origin(index), message))
        return None


def _period(table: Table, index: int, text: str) -> tuple[dt.date, dt.date, str]:
    """A row's period: ``2025-01`` a month, ``2025-01-01`` a day, ``2025-01-06,2025-01-12`` a week or range."""
    where = table.origin(index)
    if re.fullmatch(r"\d{4}-\d{2}", text) and (month := month_cell(text)):
        first = dt.date(int(month[:4]), int(month[5:]), 1)
        return first, _month_end(first), "month"
    if (single := day(text)) is not None:
        return single, single, "part"
    span = period(text)
    if span is None:
        if re.fullmatch(r"\d{4}", text):
            raise ExportError(_("the export has one row per year; export the report with the period Month"), where)
        raise ExportError(_("{value} is not a period Matomo writes").format(value=quote(text)), where)
    first, last = span
    if first.day == 1 and last == _month_end(first):
        return first, last, "month"
    if (first.year, first.month) != (last.year, last.month):
        raise ExportError(
            _(
                "the period {value} crosses into another month and cannot be split by month; "
                "export the report with the period Month or Day"
            ).format(value=quote(text)),
            where,
        )
    return first, last, "part"


def _month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _named_period(table: Table) -> tuple[dt.date, dt.date, str]:
    """The month a single-period export covers, from its file name (``Export _ Besuche _ Januar 2025.csv``)."""
    stem = table.file_name.rsplit(".", 1)[0]
    month = month_cell(re.split(r"\s_\s|_", stem)[-1].strip())
    if month is None:
        raise ExportError(
            _(
                "the export has no date column and its name states no month; export the report with the period "
                "Month, or from the evolution graph (one row per day or month)"
            )
        )
    first = dt.date(int(month[:4]), int(month[5:]), 1)
    return first, _month_end(first), "month"


# ---- months ---------------------------------------------------------------------------------------------------
def _months(table: Table, rows: list[Row]) -> tuple[dict[str, list[Row]], list[str]]:
    """Each month's rows: its month rows if it has any, else its days and weeks when they cover the whole month;
    the months only partly covered are returned apart (left out)."""
    by_month: dict[str, list[Row]] = {}
    for row in rows:
        by_month.setdefault(row.month, []).append(row)
    whole: dict[str, list[Row]] = {}
    partial: list[str] = []
    for month, found in sorted(by_month.items()):
        months = [row for row in found if row.kind == "month"]
        if months:
            _no_duplicates(table, months)
            whole[month] = months
            continue
        days = {row.first + dt.timedelta(n) for row in found for n in range((row.last - row.first).days + 1)}
        first = found[0].first.replace(day=1)
        if len(days) == (_month_end(first) - first).days + 1:
            _no_duplicates(table, found)
            whole[month] = found
        else:
            partial.append(month)
    return whole, partial


def _no_duplicates(table: Table, rows: list[Row]) -> None:
    seen: set[tuple[dt.date, dt.date, str | None]] = set()
    for row in rows:
        key = (row.first, row.last, row.written or row.label)
        if key in seen:
            raise ExportError(_("this period is in the export twice; export each period once"), table.origin(row.index))
        seen.add(key)


def _sums(rows: list[Row]) -> dict[str, float | None]:
    frame = pd.DataFrame([row.values for row in rows])
    return {c: (None if pd.isna(v) else float(v)) for c, v in frame.sum(min_count=1).items()}


def _origin(table: Table, rows: list[Row]) -> Any:
    return table.origin(min(r.index for r in rows), max(r.index for r in rows))


def _site_series(table: Table, header: Header, by_month: dict[str, list[Row]], reading: Reading) -> list[Series]:
    """Series of the site's totals; a non-additive metric a month cannot be given is refused once, naming rows."""
    found: dict[str, Series] = {}
    refused: dict[str, list[Row]] = {}
    for month, rows in by_month.items():
        own = rows[0].values if len(rows) == 1 and rows[0].kind == "month" else None
        for key, value in _month_values(_sums(rows), own, header).items():
            if value is not None:
                metric = METRICS[key] if key in METRICS else _goal_metric(key)
                found.setdefault(key, Series(metric)).values[month] = MonthValue(value, _origin(table, rows))
            elif own is None and key in _REFUSALS and key in header.columns:
                refused.setdefault(key, []).extend(rows)
    for key, rows in refused.items():
        reading.problems.append(Problem.at(_origin(table, rows), _(_REFUSALS[key])))
    currency = _currency(table, header)
    for series in found.values():
        if series.metric.unit == "eur":
            series.currency = currency
    return list(found.values())


_REFUSALS = {
    "unique_visitors": N_(
        "unique visitors cannot be added up over days or weeks (a visitor of two days is one visitor of the "
        "month), so they were not imported; export Visitors › Overview with the period Month"
    ),
    "bounce_rate": N_(
        "the bounce rate of days or weeks cannot be averaged and the export has no bounce count, so it was not "
        "imported; export Visitors › Overview with the period Month, or with the column Bounces"
    ),
    "conversion_rate": N_(
        "the conversion rate of days or weeks cannot be averaged and the export has no count of visits with "
        "conversions, so it was not imported; export the report with the period Month"
    ),
}


def _month_values(
    sums: dict[str, float | None], own: dict[str, float | None] | None, header: Header
) -> dict[str, float | None]:
    """One month's values from the sums of its rows. ``own`` is the month's own row when the export has exactly
    one: what cannot be recomputed from counts is taken from there and only from there."""
    has = header.columns
    visits = sums.get("visits")
    counts = own or {}
    own = {} if visits == 0 else counts  # a month without visits has no rates, whatever the export prints (0 %)
    values: dict[str, float | None] = {key: sums.get(key) for key in ADDITIVE if key in METRICS and key in has}
    if "unique_visitors" in has:
        values["unique_visitors"] = counts.get("unique_visitors")
    if "bounce_rate" in has or "bounces" in has:
        values["bounce_rate"] = _first(_ratio(sums.get("bounces"), visits, 100), own.get("bounce_rate"))
    if "avg_time" in has or "visit_length" in has:
        weighted = _ratio(sums.get("avg_time_x_visits"), sums.get("avg_time_visits"), 1)
        values["avg_time"] = _first(_ratio(sums.get("visit_length"), visits, 1), weighted)
    if "actions_per_visit" in has or ("actions" in has and "visits" in has):
        values["actions_per_visit"] = _first(_ratio(sums.get("actions"), visits, 1), own.get("actions_per_visit"))
    if "conversion_rate" in has:
        rate = _ratio(sums.get("visits_converted"), visits, 100)
        values["conversion_rate"] = _first(rate, own.get("conversion_rate"))
    for goal in header.goals:
        values[f"goal:{goal}"] = sums.get(f"goal:{goal}")
    return values


def _ratio(top: float | None, bottom: float | None, factor: float) -> float | None:
    return None if top is None or not bottom else top / bottom * factor


def _first(*values: float | None) -> float | None:
    return next((value for value in values if value is not None), None)


def _goal_metric(key: str) -> Metric:
    goal = key.removeprefix("goal:")
    de = f"Ziel {goal}" if goal.isdigit() else goal
    en = f"Goal {goal}" if goal.isdigit() else goal
    return _metric(
        f"conversions:{goal.casefold()}", f"Konversionen: {de}", f"Conversions: {en}",
        f"Konversionen: {de} (Website)", f"Conversions: {en} (website)",
    )  # fmt: skip


def _currency(table: Table, header: Header) -> str | None:
    position = header.columns.get("revenue")
    if position is None:
        return None
    cells = " ".join(_cell(cells, position) for cells in table.rows[header.row + 1 :])
    for mark, code in (("€", "EUR"), ("EUR", "EUR"), ("$", "USD"), ("USD", "USD"), ("£", "GBP"), ("CHF", "CHF")):
        if mark in cells:
            return code
    return None


# ---- channel types ------------------------------------------------------------------------------------------
def _channels(table: Table, header: Header, rows: list[Row]) -> dict[str, str] | None:
    """The channel of each label when the report is the channel-type report; refuses any other report by label."""
    found: dict[str, str] = {}
    for row in rows:
        label, _tab, segment = (row.label or "").partition("\t")
        channel = CHANNEL_LABELS.get(header_key(label)) or CHANNEL_LABELS.get(header_key(label.split(" - ")[0]))
        if channel is None and segment.startswith("referrerType=="):
            channel = segment.removeprefix("referrerType==").strip()
        if channel not in CHANNELS:
            raise ExportError(
                _(
                    "this report lists its rows by {column} (here {label}); such rows are not the website's "
                    "totals. Import Visitors › Overview and Acquisition › Channel Types, each with the period Month "
                    "(docs/import.md, Matomo)"
                ).format(column=quote(header.names[header.columns["label"]]), label=quote(label)),
                table.origin(row.index),
            )
        found[row.label or ""] = channel
    for row in rows:
        row.written, row.label = row.label, found[row.label or ""]
    return found


def channel_metric(channel: str) -> Metric:
    """The visits of one channel type (a key of :data:`CHANNELS`): ``Matomo › Besuche: Suchmaschinen``."""
    de, en, _more = CHANNELS[channel]
    name_de, name_en = CHANNEL_NAMES[channel]
    return _metric(f"visits:{channel}", f"Besuche: {de}", f"Visits: {en}", name_de, name_en)


def _channel_series(table: Table, by_month: dict[str, list[Row]]) -> list[Series]:
    """Visits per channel type (additive: every visit has exactly one channel type)."""
    found: dict[str, Series] = {}
    for month, rows in by_month.items():
        for channel in dict.fromkeys(row.label for row in rows):
            mine = [row for row in rows if row.label == channel]
            visits = _sums(mine).get("visits")
            if visits is None or channel is None:
                continue
            series = found.setdefault(channel, Series(channel_metric(channel)))
            series.values[month] = MonthValue(visits, _origin(table, mine))
    return list(found.values())
