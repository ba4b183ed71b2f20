"""Google Analytics 4: the CSV download of standard reports and of explorations (English and German UI).

A GA4 CSV is one or more **blocks**, each a ``#`` comment block, a header and rows:

* a standard report (Pages and screens, Events, Traffic acquisition, Reports snapshot …) starts each block with
  ``# ----``, the report name, ``# Account:``/``# Konto:``, ``# Property:``, the segment (``# All Users``) and
  ``# Start date: 20250101`` / ``# End date: 20251231`` (``# Startdatum:`` / ``# Enddatum:``); a report with
  several cards (Reports snapshot) writes one block per card, separated by a blank line;
* an exploration (Free form) writes its range as ``# 20251213-20260312``, then a blank line, and a **grand
  total** row (first cell empty, one column more than the header) among the rows.

Numbers are plain (``1.4350649350649352``), rates fractions (``0.2785`` is 27.85 %), durations seconds. A row
dimension ``Date``/``Datum`` (``20250101``), ``Month``/``Monat`` (``202501``) or ``Nth day`` splits by time only
when the user added it.

What may be added up depends on the metric and on the rows (docs/import.md, "Which numbers add up"):

* counts of events (views, event count, key events, purchases, revenue, add to carts) add up over days and over
  any rows: each event happens once, on one page;
* sessions and engaged sessions add up over days and over rows of a session's own dimensions (channel, source /
  medium, campaign, landing page, device, country …), never over pages or event names;
* users, rates and averages never add up: they come from a total for one whole month (an exploration's grand
  total, a month's row of a report whose only dimension is Month); engagement and bounce rate are recomputed
  from engaged sessions ÷ sessions and the average engagement time per session weighted by sessions wherever
  sessions add up. Anything else is refused with the export to download instead.

A file without a date dimension must cover exactly one whole calendar month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

from ...formatting import Fmt
from ...i18n import N_, _, language, quote
from ...model import Direction, Problem, Severity, month_add
from .. import aggregate
from ..model import Aggregation, Metric, MonthValue, Reading, Series
from ..read import Table, day, decimal_mark, month_cell, number, period, plain, whole_months
from . import register

PLATFORM = "GA4"


class Scope(StrEnum):
    """Over which rows a metric's values may be added up."""

    EVENT = "event"  # a count of events: over days and any rows
    SESSION = "session"  # a count of sessions: over days and rows of session dimensions
    NONE = "none"  # users, rates, averages: never


@dataclass(frozen=True)
class Spec:
    """One GA4 metric: the workbook row it fills and the column headers that hold it."""

    metric: Metric
    aliases: tuple[str, ...]  # normalised headers: English UI, German UI, API name
    scope: Scope
    fraction: bool = False  # a rate GA4 writes as a fraction (0.2785 = 27.85 %)
    parts: tuple[str, str] | None = None  # RATIO: (numerator, denominator) columns; WEIGHTED: (product, weight)


def _metric(
    key: str,
    label: tuple[str, str],
    name: tuple[str, str],
    unit: str = "count",
    aggregation: Aggregation = Aggregation.SUM,
    direction: Direction = Direction.HIGHER,
) -> Metric:
    return Metric(
        PLATFORM,
        key,
        {"de": label[0], "en": label[1]},
        {"de": name[0], "en": name[1]},
        channel="website",
        unit=unit,
        direction=direction,
        aggregation=aggregation,
    )


RATIO, WEIGHTED, TOTAL = Aggregation.RATIO, Aggregation.WEIGHTED, Aggregation.TOTAL
# The metrics reporter imports from GA4: (Quelle label de/en), (KPI name de/en), header aliases (normalised:
# lower case, single spaces; English UI, German UI, API name). Adding a column is one line here.
SPECS: tuple[Spec, ...] = (
    Spec(
        _metric("sessions", ("Sitzungen", "Sessions"), ("Sitzungen (GA4)", "Sessions (GA4)")),
        ("sessions", "sitzungen"),
        Scope.SESSION,
    ),
    Spec(
        _metric(
            "engaged_sessions",
            ("Sitzungen mit Interaktion", "Engaged sessions"),
            ("Sitzungen mit Interaktion (GA4)", "Engaged sessions (GA4)"),
        ),
        ("engaged sessions", "sitzungen mit interaktion", "engagedsessions"),
        Scope.SESSION,
    ),
    Spec(
        _metric(
            "engagement_rate",
            ("Interaktionsrate", "Engagement rate"),
            ("Interaktionsrate (GA4)", "Engagement rate (GA4)"),
            "percent",
            RATIO,
        ),
        ("engagement rate", "interaktionsrate", "engagementrate"),
        Scope.NONE,
        fraction=True,
        parts=("engaged_sessions", "sessions"),
    ),
    Spec(
        _metric(
            "bounce_rate",
            ("Absprungrate", "Bounce rate"),
            ("Absprungrate (GA4)", "Bounce rate (GA4)"),
            "percent",
            RATIO,
            Direction.LOWER,
        ),
        ("bounce rate", "absprungrate", "bouncerate"),
        Scope.NONE,
        fraction=True,
        parts=("bounced_sessions", "sessions"),
    ),
    Spec(
        _metric("key_events", ("Schlüsselereignisse", "Key events"), ("Schlüsselereignisse (GA4)", "Key events (GA4)")),
        ("key events", "schlüsselereignisse", "conversions", "keyevents"),
        Scope.EVENT,
    ),
    Spec(
        _metric(
            "session_key_event_rate",
            ("Rate der Schlüsselereignisse", "Session key event rate"),
            ("Rate der Schlüsselereignisse (GA4)", "Session key event rate (GA4)"),
            "percent",
            TOTAL,
        ),
        (
            "session key event rate",
            "key event rate",
            "rate der schlüsselereignisse",
            "sitzungsrate der schlüsselereignisse",
            "session conversion rate",
            "sitzungs-conversion-rate",
            "sessionkeyeventrate",
            "sessionconversionrate",
        ),
        Scope.NONE,
        fraction=True,
    ),  # fmt: skip
    Spec(
        _metric(
            "total_users",
            ("Nutzer insgesamt", "Total users"),
            ("Nutzer insgesamt (GA4)", "Total users (GA4)"),
            aggregation=TOTAL,
        ),
        ("total users", "nutzer insgesamt", "users", "nutzer", "totalusers"),
        Scope.NONE,
    ),  # fmt: skip
    Spec(
        _metric(
            "active_users",
            ("Aktive Nutzer", "Active users"),
            ("Aktive Nutzer (GA4)", "Active users (GA4)"),
            aggregation=TOTAL,
        ),
        ("active users", "aktive nutzer", "activeusers"),
        Scope.NONE,
    ),  # fmt: skip
    Spec(
        _metric("new_users", ("Neue Nutzer", "New users"), ("Neue Nutzer (GA4)", "New users (GA4)"), aggregation=TOTAL),
        ("new users", "neue nutzer", "newusers"),
        Scope.NONE,
    ),
    Spec(
        _metric("views", ("Aufrufe", "Views"), ("Seitenaufrufe (GA4)", "Views (GA4)")),
        ("views", "aufrufe", "screenpageviews"),
        Scope.EVENT,
    ),
    Spec(
        _metric(
            "engagement_time_per_session",
            ("Durchschnittliche Interaktionsdauer pro Sitzung", "Average engagement time per session"),
            ("Durchschnittliche Interaktionsdauer pro Sitzung (GA4)", "Average engagement time per session (GA4)"),
            "seconds",
            WEIGHTED,
        ),
        ("average engagement time per session", "durchschnittliche interaktionsdauer pro sitzung"),
        Scope.NONE,
        parts=("engagement_x_sessions", "sessions"),
    ),
    Spec(
        _metric(
            "engagement_time_per_user",
            ("Durchschnittliche Interaktionsdauer pro aktivem Nutzer", "Average engagement time per active user"),
            (
                "Durchschnittliche Interaktionsdauer pro aktivem Nutzer (GA4)",
                "Average engagement time per active user (GA4)",
            ),
            "seconds",
            TOTAL,
        ),
        (
            "average engagement time per active user",
            "average engagement time",
            "durchschnittliche interaktionsdauer pro aktivem nutzer",
            "durchschnittliche interaktionsdauer",
        ),
        Scope.NONE,
    ),  # fmt: skip
    Spec(
        _metric("event_count", ("Ereignisanzahl", "Event count"), ("Ereignisse (GA4)", "Events (GA4)")),
        ("event count", "ereignisanzahl", "eventcount", "anzahl der ereignisse"),
        Scope.EVENT,
    ),
    Spec(
        _metric("purchases", ("Käufe", "Purchases"), ("Käufe (GA4)", "Purchases (GA4)")),
        (
            "purchases",
            "ecommerce purchases",
            "e-commerce purchases",
            "transactions",
            "käufe",
            "e-commerce-käufe",
            "transaktionen",
            "ecommercepurchases",
        ),
        Scope.EVENT,
    ),  # fmt: skip
    Spec(
        _metric("revenue", ("Umsatz", "Revenue"), ("Umsatz (GA4)", "Revenue (GA4)"), "eur"),
        ("total revenue", "revenue", "gesamtumsatz", "umsatz", "totalrevenue"),
        Scope.EVENT,
    ),
    Spec(
        _metric(
            "purchase_revenue",
            ("Kaufumsatz", "Purchase revenue"),
            ("Kaufumsatz (GA4)", "Purchase revenue (GA4)"),
            "eur",
        ),
        ("purchase revenue", "kaufumsatz", "e-commerce-umsatz", "purchaserevenue"),
        Scope.EVENT,
    ),
    Spec(
        _metric(
            "add_to_carts",
            ("In den Einkaufswagen", "Add to carts"),
            ("In den Einkaufswagen gelegt (GA4)", "Add to carts (GA4)"),
        ),
        ("add to carts", "adds to cart", "in den einkaufswagen", "zum einkaufswagen hinzugefügt", "addtocarts"),
        Scope.EVENT,
    ),
)
BY_ALIAS = {alias: spec for spec in SPECS for alias in spec.aliases}
SPEC = {spec.metric.key: spec for spec in SPECS}
# "Key events: generate_lead", "Key events (generate_lead)", "Schlüsselereignisse: generate_lead"
PER_EVENT_COLUMN = re.compile(
    r"^(?:key events|conversions|schlüsselereignisse)\s*(?::|\(|-|–)\s*([^()]+?)\)?$", re.IGNORECASE
)
# The events whose count gets its own row when the export has no key events column (GA4's recommended lead and
# purchase events); every other event only counts in "Event count".
LEAD_EVENTS = frozenset(
    {
        "generate_lead", "qualify_lead", "close_convert_lead", "form_submit", "form_start", "sign_up",
        "purchase", "add_to_cart", "begin_checkout", "file_download",
    }
)  # fmt: skip
# GA4's API names, which only GA4 writes: a table headed by them is GA4's even without a comment block.
API_METRICS = frozenset(
    {
        "engagedsessions", "screenpageviews", "keyevents", "totalusers", "activeusers", "eventcount",
        "sessionkeyeventrate", "engagementrate", "ecommercepurchases", "totalrevenue",
    }
)  # fmt: skip


def per_event(key: str, event: str) -> Metric:
    """The metric of one event: ``Key events: generate_lead`` or ``Event count: form_submit``."""
    if key == "key_events":
        label = (f"Schlüsselereignisse: {event}", f"Key events: {event}")
        return _metric(f"key_events:{event}", label, label)
    return _metric(
        f"event_count:{event}",
        (f"Ereignisanzahl: {event}", f"Event count: {event}"),
        (f"Ereignisse: {event}", f"Events: {event}"),
    )


# ---- dimensions ----------------------------------------------------------------------------------------------
class Dim(StrEnum):
    DAY = "day"  # Date: 20250101
    MONTH = "month"  # Month: 202501 (or 01 with Year, or within one year)
    YEAR = "year"
    NTH_DAY = "nth_day"  # Nth day: 0000 is the period's first day
    EVENT = "event"  # Event name
    SESSION = "session"  # a dimension of the session or user: sessions add up over its rows
    OTHER = "other"  # pages, screens, anything else: sessions do not add up over its rows


TIME_DIMS = {
    "date": Dim.DAY, "datum": Dim.DAY,
    "month": Dim.MONTH, "monat": Dim.MONTH, "year month": Dim.MONTH, "yearmonth": Dim.MONTH,
    "jahr und monat": Dim.MONTH,
    "year": Dim.YEAR, "jahr": Dim.YEAR,
    "nth day": Dim.NTH_DAY, "nthday": Dim.NTH_DAY, "n-ter tag": Dim.NTH_DAY,
}  # fmt: skip
EVENT_DIMS = frozenset({"event name", "ereignisname", "eventname"})
SESSION_WORDS = (
    "session", "sitzung", "channel", "source", "quelle", "medium", "campaign", "kampagne", "landing",
    "zielseite", "device", "gerät", "country", "land", "region", "city", "stadt", "browser", "operating system",
    "betriebssystem", "platform", "plattform", "language", "sprache", "first user", "erste nutzer",
)  # fmt: skip
TOTAL_LABELS = frozenset({"grand total", "gesamtsumme", "summe", "gesamt", "insgesamt", "total", "totals"})
START = re.compile(r"^(?:start date|startdatum)\s*:\s*(.+)$", re.IGNORECASE)
END = re.compile(r"^(?:end date|enddatum)\s*:\s*(.+)$", re.IGNORECASE)


def _norm(cell: Any) -> str:
    return " ".join(plain(cell).casefold().split())


def dimension(header: str) -> Dim:
    """What a row dimension is, by its header (English UI, German UI, API name)."""
    name = _norm(header)
    if name in TIME_DIMS:
        return TIME_DIMS[name]
    if name in EVENT_DIMS:
        return Dim.EVENT
    if any(word in name for word in SESSION_WORDS):
        return Dim.SESSION
    return Dim.OTHER


# ---- the blocks of a file ------------------------------------------------------------------------------------
@dataclass
class Block:
    """One comment block with its table."""

    comments: list[str] = field(default_factory=list)
    header: int | None = None  # row index
    rows: list[int] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    first: dt.date | None = None
    last: dt.date | None = None

    @property
    def title(self) -> str | None:
        """The report's name: the block's first comment that is not a line of dashes."""
        return next((c for c in self.comments if c.strip("- ")), None)


def _is_total(cells: Sequence[str], width: int | None) -> bool:
    """A totals row: ``Grand total``/``Gesamtsumme`` in one of its first cells, or (explorations) an empty first
    cell and one column more than the header."""
    if any(_norm(cell) in TOTAL_LABELS for cell in cells[:2]):
        return True
    return width is not None and len(cells) == width + 1 and not cells[0]


def blocks(table: Table) -> list[Block]:
    """The comment blocks of a GA4 file and the header, data and totals rows under each."""
    found: list[Block] = []
    current: Block | None = None
    joiner = table.delimiter or ","
    for index, cells in table.text_rows():
        if not any(cells):
            continue
        if cells[0].startswith("#"):
            if current is None or current.header is not None:
                current = Block()
                found.append(current)
            current.comments.append(joiner.join(cells).lstrip("#").strip().rstrip(joiner).strip())
            continue
        if current is None:  # no comment block (an API export): one block
            current = Block()
            found.append(current)
        width = len(table.rows[current.header]) if current.header is not None else None
        if _is_total(cells, width):
            current.totals.append(index)
        elif current.header is None:
            current.header = index
        else:
            current.rows.append(index)
    for block in found:
        _read_period(block)
    return [block for block in found if block.header is not None]


def _read_period(block: Block) -> None:
    for comment in block.comments:
        if found := START.match(comment):
            block.first = day(found.group(1).strip())
        elif found := END.match(comment):
            block.last = day(found.group(1).strip())
        elif (span := period(comment)) and block.first is None:
            block.first, block.last = span


def _is_ga4(table: Table) -> bool:
    """GA4's comment block with its period, or a header of GA4's API names."""
    joiner = table.delimiter or ","
    for index, cells in table.text_rows():
        if index > 60:
            return False
        if not any(cells):
            continue
        if cells[0].startswith("#"):
            comment = joiner.join(cells).lstrip("#").strip().rstrip(joiner).strip()
            if START.match(comment) or re.fullmatch(r"\d{8}\s*-\s*\d{8}", comment):
                return True
            continue
        return bool({_norm(cell) for cell in cells} & API_METRICS)
    return False


# ---- columns -------------------------------------------------------------------------------------------------
@dataclass
class Columns:
    """What each column of a block's header is."""

    names: list[str]  # the headers as written
    dims: list[tuple[int, Dim]] = field(default_factory=list)
    specs: dict[int, Spec] = field(default_factory=dict)  # metric columns
    events: dict[int, str] = field(default_factory=dict)  # "Key events: generate_lead" columns → event name

    @property
    def metric_indexes(self) -> list[int]:
        return sorted([*self.specs, *self.events])

    def of(self, kind: Dim) -> int | None:
        return next((i for i, d in self.dims if d is kind), None)

    @property
    def time(self) -> Dim | None:
        kinds = {d for _, d in self.dims}
        return next((kind for kind in (Dim.DAY, Dim.NTH_DAY, Dim.MONTH) if kind in kinds), None)

    @property
    def split(self) -> list[tuple[int, Dim]]:
        """The row dimensions other than time: what the rows of one month are split by."""
        return [(i, d) for i, d in self.dims if d not in (Dim.DAY, Dim.MONTH, Dim.YEAR, Dim.NTH_DAY)]

    def split_names(self) -> str:
        return ", ".join(self.names[i] for i, _ in self.split)

    def adds_up(self, scope: Scope) -> bool:
        """Whether a metric of ``scope`` may be added up over this block's rows (time aside)."""
        if scope is Scope.EVENT:
            return True
        if scope is Scope.SESSION:
            return all(d is Dim.SESSION for _, d in self.split)
        return False


def columns(header: Sequence[Any]) -> Columns:
    """Dimensions are the columns before the first metric; metrics are recognised by their header; any other
    column after them is not imported."""
    names = [plain(cell) for cell in header]
    found = Columns(names)
    for index, name in enumerate(names):
        norm = _norm(name)
        event = PER_EVENT_COLUMN.match(" ".join(name.split()))
        if norm in BY_ALIAS:
            found.specs[index] = BY_ALIAS[norm]
        elif event:
            found.events[index] = event.group(1).strip()
        elif not found.specs and not found.events and name:
            found.dims.append((index, dimension(name)))
    return found


# ---- messages ------------------------------------------------------------------------------------------------
NOT_ADDITIVE_OVER_DAYS = N_(
    "{metric} cannot be added up over days: the same person counts on several days; export it with the dimension "
    "Month instead of Date (Explore › Free form), or one calendar month with its grand total"
)
NOT_ADDITIVE_OVER_ROWS = N_(
    "{metric} cannot be added up over the rows ({dimension}): the same person counts in several rows; export it "
    "with the dimension Month as the only row dimension (Explore › Free form), or one calendar month with its "
    "grand total"
)
SESSIONS_OVER_ROWS = N_(
    "{metric} cannot be added up over the rows ({dimension}): a session visits several pages and triggers "
    "several events; export it from Reports › Acquisition › Traffic acquisition, or one calendar month with its "
    "grand total (Explore › Free form)"
)
RATE_WITHOUT_PARTS = N_(
    "{metric} is a rate: reporter recomputes it from engaged sessions and sessions, which the export lacks or "
    "which cannot be added up over its rows ({dimension}); add the columns Sessions and Engaged sessions to a "
    "report by channel or date, or export one calendar month with its grand total"
)
AVERAGE_WITHOUT_WEIGHT = N_(
    "{metric} is an average: reporter weights it by sessions, which the export lacks or which cannot be added up "
    "over its rows ({dimension}); add the column Sessions to a report by channel or date, or export one "
    "calendar month with its grand total"
)


def _refused(table: Table, block: Block, message: str) -> Problem:
    last = block.rows[-1] if block.rows else None
    return Problem.at(table.origin(block.header or 0, last), message)


# ---- cells ---------------------------------------------------------------------------------------------------
_CLOCK = re.compile(r"^(\d+):(\d{2}):(\d{2})$")
_PLAIN = {".": re.compile(r"-?\d+(?:\.\d+)?"), ",": re.compile(r"-?\d+(?:,\d+)?")}


def _number(cell: Any, spec: Spec | None, decimal: str) -> float | None:
    """A metric cell: rates from fractions to percent (``0.2785`` → 27.85; ``27.85%`` stays), ``00:01:05`` as
    seconds."""
    text = cell.strip() if isinstance(cell, str) else plain(cell)
    if _PLAIN[decimal].fullmatch(text):  # GA4's own numbers: what float() reads as the file means it
        value: float | None = float(text.replace(",", "."))
        return value * 100 if spec is not None and spec.fraction else value
    if spec is not None and spec.metric.unit == "seconds" and (clock := _CLOCK.match(text)):
        hours, minutes, seconds = (int(part) for part in clock.groups())
        return hours * 3600.0 + minutes * 60 + seconds
    value = number(cell, decimal)
    if value is not None and spec is not None and spec.fraction and "%" not in text:
        value *= 100
    return value


def _values(row: Sequence[Any], cols: Columns, decimal: str, offset: int = 0) -> dict[str, float | None]:
    """The metric values of one row by metric key (and the derived columns that ratios and weights need);
    raises ``ValueError`` with the header and the cell of a cell that is no number."""
    values: dict[str, float | None] = {}
    cells = {index: (row[index + offset] if 0 <= index + offset < len(row) else None) for index in cols.metric_indexes}
    for index, spec in cols.specs.items():
        try:
            values[spec.metric.key] = _number(cells[index], spec, decimal)
        except ValueError as exc:
            raise ValueError(cols.names[index], plain(cells[index])) from exc
    for index, event in cols.events.items():
        try:
            values[f"key_events:{event}"] = _number(cells[index], None, decimal)
        except ValueError as exc:
            raise ValueError(cols.names[index], plain(cells[index])) from exc
    sessions, engaged = values.get("sessions"), values.get("engaged_sessions")
    if sessions is not None and engaged is not None:
        values["bounced_sessions"] = sessions - engaged
    average = values.get("engagement_time_per_session")
    if sessions is not None and average is not None:
        values["engagement_x_sessions"] = sessions * average
    return values


class NoYear(ValueError):
    """A Month cell (``01``) in a period of several years, without a Year column."""


def _when(row: Sequence[Any], cols: Columns, block: Block) -> dict[str, Any]:
    """The day or month of one row (``{"day": …}`` or ``{"month": …}``); raises ``ValueError`` with the cell."""
    time = cols.time
    if time is Dim.DAY:
        column = cols.of(Dim.DAY)
        assert column is not None
        found = day(row[column]) if column < len(row) else None
        if found is None:
            raise ValueError(plain(row[column]) if column < len(row) else "")
        return {"day": found}
    if time is Dim.NTH_DAY:
        column = cols.of(Dim.NTH_DAY)
        assert column is not None
        text = plain(row[column]) if column < len(row) else ""
        if not text.isdigit() or block.first is None:
            raise ValueError(text)
        return {"day": block.first + dt.timedelta(days=int(text))}
    column = cols.of(Dim.MONTH)
    assert column is not None
    text = plain(row[column]) if column < len(row) else ""
    month = month_cell(text)
    if month is None and text.isdigit() and 1 <= int(text) <= 12:  # GA4's Month is the month of the year
        year = _year(row, cols, block)
        if year is None:
            raise NoYear(text)
        month = f"{year:04d}-{int(text):02d}"
    if month is None:
        raise ValueError(text)
    return {"month": month}


def _year(row: Sequence[Any], cols: Columns, block: Block) -> int | None:
    """The year of a row whose Month is only the month of the year: its Year column, or the period's one year."""
    column = cols.of(Dim.YEAR)
    if column is not None and column < len(row) and plain(row[column]).isdigit():
        return int(plain(row[column]))
    if block.first and block.last and block.first.year == block.last.year:
        return block.first.year
    return None


def _frame(table: Table, block: Block, cols: Columns, decimal: str) -> tuple[pd.DataFrame, Problem | None]:
    """The block's data rows as a frame: ``row``, ``day`` or ``month``, ``event`` (with an Event name dimension)
    and one column per metric key."""
    records = []
    event = cols.of(Dim.EVENT)
    for index in block.rows:
        row = table.rows[index]
        try:
            record: dict[str, Any] = {"row": index, **(_when(row, cols, block) if cols.time else {})}
        except NoYear:
            message = _(
                "the dimension Month gives only the month of the year, and the period spans several years; add "
                "the dimension Year, or use Date"
            )
            return pd.DataFrame(), Problem.at(table.origin(index), message)
        except ValueError as exc:
            return pd.DataFrame(), Problem.at(
                table.origin(index), _("{value} is not a date").format(value=quote(exc.args[0]))
            )
        try:
            record.update(_values(row, cols, decimal))
        except ValueError as exc:
            column, value = exc.args if len(exc.args) == 2 else ("", exc.args[0])
            return pd.DataFrame(), Problem.at(
                table.origin(index),
                _("{value} in the column {column} is not a number").format(value=quote(value), column=quote(column)),
            )
        if event is not None:
            record["event"] = plain(row[event]) if event < len(row) else ""
        records.append(record)
    return pd.DataFrame.from_records(records), None


# ---- a block's months ----------------------------------------------------------------------------------------
def _covers(block: Block, month: str) -> bool:
    if block.first is None or block.last is None:
        return True
    start = dt.date(int(month[:4]), int(month[5:7]), 1)
    end = dt.date.fromisoformat(f"{month_add(month, 1)}-01") - dt.timedelta(days=1)
    return block.first <= start and end <= block.last


def _months(frame: pd.DataFrame, keys: Sequence[str], block: Block) -> aggregate.Months:
    """Month sums of ``keys``; months the block's period covers only in part are left out (``partial``)."""
    keys = [key for key in keys if key in frame.columns]
    if frame.empty or not keys:
        return aggregate.Months()
    if "day" in frame.columns:
        return aggregate.monthly(frame, keys, first=block.first, last=block.last)
    partial = sorted({m for m in frame["month"] if not _covers(block, m)})
    found = aggregate.monthly(frame[~frame["month"].isin(partial)], keys)
    found.partial = partial
    return found


def _single_month(block: Block) -> str | None:
    """The one calendar month the block's period is, or ``None``."""
    if block.first is None or block.last is None:
        return None
    months = whole_months(block.first, block.last)
    return months[0] if months and len(months) == 1 else None


def _check_period(table: Table, block: Block, cols: Columns) -> Problem | None:
    """Why the block's rows cannot be put into calendar months, or ``None``."""
    if cols.time in (Dim.DAY, Dim.MONTH):
        return None
    if block.first is None or block.last is None:
        return _refused(
            table,
            block,
            _(
                "the export states no period and has no date dimension; download it from GA4 with its comment "
                "lines (# Start date: …), or add the dimension Date or Month"
            ),
        )
    if cols.time is Dim.NTH_DAY:
        return None
    span = {"first": block.first.isoformat(), "last": block.last.isoformat()}
    months = whole_months(block.first, block.last)
    if months is None:
        return _refused(
            table,
            block,
            _(
                "the period {first} – {last} is not one or more whole calendar months and the export has no date "
                "dimension; export whole calendar months, or add the dimension Date"
            ).format(**span),
        )
    if len(months) > 1:
        return _refused(
            table,
            block,
            _(
                "the export covers {first} – {last} without a date dimension, so its numbers cannot be split into "
                "months; add the dimension Month or Date to the report, or export one calendar month at a time"
            ).format(**span),
        )
    return None


# ---- a block's series ----------------------------------------------------------------------------------------
@dataclass
class Found:
    """What one block gave."""

    series: list[Series] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _metrics(cols: Columns) -> dict[str, Metric]:
    """The block's metrics by key, each once, in column order (a per-event column as ``Key events: …``)."""
    found: dict[str, Metric] = {}
    for index in cols.metric_indexes:
        if index in cols.specs:
            metric = cols.specs[index].metric
        else:
            metric = per_event("key_events", cols.events[index])
        found.setdefault(metric.key, metric)
    return found


def read_block(table: Table, block: Block, decimal: str) -> Found:
    """The series of one block: from its grand total when it covers one whole month, else from its rows."""
    cols = columns(table.rows[block.header or 0])
    if not cols.specs and not cols.events:
        return Found()
    problem = _check_period(table, block, cols)
    if problem:
        return Found(problems=[problem])
    frame, problem = _frame(table, block, cols, decimal)
    if problem:
        return Found(problems=[problem])
    month = _single_month(block)
    if month and block.totals:
        found = _from_total(table, block, cols, decimal, month)
    else:
        found = _from_rows(table, block, cols, frame, month)
    if cols.of(Dim.EVENT) is not None and not frame.empty:
        found.series.extend(_per_event(table, block, cols, frame, month))
    return found


def _from_total(table: Table, block: Block, cols: Columns, decimal: str, month: str) -> Found:
    """Every metric of a one-month block from its grand total row (never added to the rows)."""
    index = block.totals[0]
    row = table.rows[index]
    offset = max(0, len(row) - len(table.rows[block.header or 0]))  # explorations: one more column in front
    try:
        values = _values(row, cols, decimal, offset)
    except ValueError as exc:
        column, value = exc.args if len(exc.args) == 2 else ("", exc.args[0])
        message = _("{value} in the column {column} is not a number").format(value=quote(value), column=quote(column))
        return Found(problems=[Problem.at(table.origin(index), message)])
    found = Found()
    origin = table.origin(index)
    for key, metric in _metrics(cols).items():
        if values.get(key) is not None:
            series = Series(metric, {month: MonthValue(values[key], origin)}, note=_("from the export's grand total"))
            found.series.append(_with_currency(series))
    return found


def _from_rows(table: Table, block: Block, cols: Columns, frame: pd.DataFrame, month: str | None) -> Found:
    """Each metric from the block's rows, where its aggregation allows it over these rows; a refusal where not."""
    found = Found()
    if frame.empty:
        return found
    if cols.time is None:
        frame = frame.assign(month=month)
    keys = [k for k in frame.columns if k not in ("row", "day", "month", "event")]
    months = _months(frame, keys, block)
    note = aggregate.partial_months_note(table, months)
    if note:
        found.problems.append(note)
    summed = _("summed over the rows ({dimension})").format(dimension=cols.split_names()) if cols.split else None
    for key, metric in _metrics(cols).items():
        spec = SPEC.get(key)
        scope = spec.scope if spec else Scope.EVENT
        if metric.aggregation is Aggregation.SUM and cols.adds_up(scope):
            series = _series(table, months, key, metric, note=summed)
        elif spec and spec.parts and set(spec.parts) <= set(frame.columns) and cols.adds_up(Scope.SESSION):
            top, bottom = spec.parts
            factor = 100.0 if metric.aggregation is Aggregation.RATIO else 1.0
            series = _series(table, months, key, metric, ratio=(top, bottom, factor))
        elif _one_row_per_month(cols, frame):
            series = _series(table, months, key, metric)
        else:
            found.problems.append(_refused(table, block, _refusal(metric, cols)))
            continue
        if series.values:
            found.series.append(_with_currency(series))
    return found


def _one_row_per_month(cols: Columns, frame: pd.DataFrame) -> bool:
    """Whether each row is a whole month's total: rows by Month only, or one row without any dimension."""
    if cols.split or cols.time in (Dim.DAY, Dim.NTH_DAY):
        return False
    return not frame["month"].duplicated().any() if "month" in frame.columns else len(frame) == 1


def shown(value: float) -> str:
    """A number as a message shows it, in the language of the messages."""
    return Fmt(language()).number(value)


def _label(metric: Metric) -> str:
    """The metric as GA4's UI names it, in the language of the messages, quoted."""
    return quote(metric.label.get(language()) or metric.label["en"])


def _refusal(metric: Metric, cols: Columns) -> str:
    name = _label(metric)
    dimension = cols.split_names() or ", ".join(cols.names[i] for i, d in cols.dims if d in (Dim.DAY, Dim.NTH_DAY))
    spec = SPEC.get(metric.key)
    if spec and spec.scope is Scope.SESSION:
        return _(SESSIONS_OVER_ROWS).format(metric=name, dimension=dimension)
    if metric.aggregation is Aggregation.RATIO:
        return _(RATE_WITHOUT_PARTS).format(metric=name, dimension=dimension)
    if metric.aggregation is Aggregation.WEIGHTED:
        return _(AVERAGE_WITHOUT_WEIGHT).format(metric=name, dimension=dimension)
    if cols.split:
        return _(NOT_ADDITIVE_OVER_ROWS).format(metric=name, dimension=dimension)
    return _(NOT_ADDITIVE_OVER_DAYS).format(metric=name)


def _series(
    table: Table,
    months: aggregate.Months,
    key: str,
    metric: Metric,
    *,
    ratio: tuple[str, str, float] | None = None,
    note: str | None = None,
) -> Series:
    """One metric's series from month sums: the sum of ``key`` (one row per month for a total), or a ratio of
    two sums."""
    series = Series(metric, note=note)
    for month, sums in months.sums.items():
        if ratio:
            top, bottom, factor = ratio
            value = None if sums.get(top) is None or not sums.get(bottom) else sums[top] / sums[bottom] * factor
        else:
            value = sums.get(key)
        if value is not None:
            first, last = months.rows[month]
            series.values[month] = MonthValue(value, table.origin(first, last))
    return series


def _with_currency(series: Series) -> Series:
    """An amount's series with the note that GA4 does not say its currency (``Series.currency`` stays unset)."""
    if series.metric.unit == "eur":
        currency = _(
            "GA4 does not state the currency in its export: the amounts are in the property's currency "
            "(Admin › Property details)"
        )
        series.note = f"{series.note}; {currency}" if series.note else currency
    return series


def _per_event(table: Table, block: Block, cols: Columns, frame: pd.DataFrame, month: str | None) -> list[Series]:
    """With an Event name dimension: key events per event (events with any), or, without a key events column,
    the count of GA4's lead and purchase events."""
    key = "key_events" if "key_events" in frame.columns else "event_count" if "event_count" in frame.columns else None
    if key is None:
        return []
    if cols.time is None:
        frame = frame.assign(month=month)
    totals = frame.groupby("event", sort=False)[key].sum()
    wanted = [str(e) for e, total in totals.items() if total and (key == "key_events" or e in LEAD_EVENTS)]
    found = []
    for event in wanted:
        rows = frame[frame["event"] == event]
        months = _months(rows, [key], block)
        series = _series(table, months, key, per_event(key, event))
        if series.values and any(v.value for v in series.values.values()):
            found.append(series)
    return found


# ---- the file ------------------------------------------------------------------------------------------------
def _metric_cells(table: Table, found: Iterable[Block]) -> Iterable[Any]:
    for block in found:
        cols = columns(table.rows[block.header or 0])
        offset_rows = [(i, 0) for i in block.rows] + [
            (i, max(0, len(table.rows[i]) - len(table.rows[block.header or 0]))) for i in block.totals
        ]
        for index, offset in offset_rows:
            row = table.rows[index]
            for column in cols.metric_indexes:
                if column + offset < len(row):
                    yield row[column + offset]


@register(PLATFORM, "Report or exploration", sniff=_is_ga4)
def read(table: Table, siblings: Sequence[Table]) -> Reading:
    """Every block of a GA4 CSV; the same metric from two blocks is taken once (the first block's value)."""
    found = blocks(table)
    title = next((b.title for b in found if b.title), None)
    reading = Reading(table.name, PLATFORM, title or "Report")
    decimal = decimal_mark(_metric_cells(table, found), hint=".")
    merged: dict[str, Series] = {}
    for block in found:
        result = read_block(table, block, decimal)
        reading.problems.extend(result.problems)
        for series in result.series:
            _merge(table, merged, series, reading.problems)
    reading.series = list(merged.values())
    if not reading.series and not reading.problems:
        reading.problems.append(
            Problem(
                table.name,
                _("none of the export's columns is a metric reporter imports (docs/import.md lists them)"),
                severity=Severity.WARNING,
            )
        )
    return reading


def _merge(table: Table, merged: dict[str, Series], series: Series, problems: list[Problem]) -> None:
    """Add ``series`` to the file's series; a month a block before already gave keeps that value (a warning
    when the two differ)."""
    known = merged.get(series.metric.key)
    if known is None:
        merged[series.metric.key] = series
        return
    for month, value in series.values.items():
        before = known.values.get(month)
        if before is None:
            known.values[month] = value
        elif abs(before.value - value.value) > 1e-9 * max(1.0, abs(before.value)):
            message = _(
                "{metric} for {month} comes twice with different values ({first} and {second}); the first was kept"
            ).format(metric=_label(series.metric), month=month, first=shown(before.value), second=shown(value.value))
            problems.append(Problem.at(value.origin, message, severity=Severity.WARNING))
