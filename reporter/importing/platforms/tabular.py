"""What the row-per-entity exports share (Google Ads campaigns, Meta Ads campaigns, Business Profile locations):
finding the header row by the column names a platform writes in its German and English UI, reading the number
cells with their problems located at the row, and building series from values a month took from one row.

A platform declares its columns as data, ``{key: (English spellings, German spellings)}``; :class:`Columns`
matches a header cell to its key whatever its case, spacing, dashes or a currency in brackets (``Amount spent
(USD)``), and tells from the spellings it met whether the UI was German (the decimal mark's hint).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from babel.dates import format_date
from babel.numbers import list_currencies

from ...formatting import Fmt
from ...i18n import _, language, quote
from ...model import Direction, Problem, Severity
from ..model import Aggregation, Metric, MonthValue, Series
from ..read import Censored, Table, number, plain

Spellings = tuple[tuple[str, ...], tuple[str, ...]]  # (English UI and API spellings, German UI spellings)

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_CURRENCY_SUFFIX = re.compile(r"\s*\(([A-Z]{3})\)\s*$")
_ISO_CURRENCIES = frozenset(list_currencies())
# A total row's label: "Total: Account", "Gesamt: Konto", "Grand total", "Summe"; never a campaign named "Total Dach"
TOTAL_LABEL = re.compile(r"(?i)^\s*(total|totals|gesamt|gesamtwert|gesamtsumme|summe|grand total)\s*(:.*)?$")


def norm(text: Any) -> str:
    """A header cell as it is compared: case, spaces, dashes and a trailing currency (``(USD)``) do not count."""
    value = plain(text).replace("\ufeff", "")
    if currency_in(value):
        value = _CURRENCY_SUFFIX.sub("", value)
    value = _DASHES.sub("-", value.replace("\u00a0", " ").replace("\u202f", " "))
    return re.sub(r"\s+", " ", value).strip().casefold()


def currency_in(text: Any) -> str | None:
    """The ISO code a header names in brackets at its end: ``Amount spent (USD)`` → ``USD``."""
    found = _CURRENCY_SUFFIX.search(plain(text))
    return found.group(1) if found and found.group(1) in _ISO_CURRENCIES else None


class Columns:
    """A platform's column names in both UI languages, matched to their keys."""

    def __init__(self, table: Mapping[str, Spellings]) -> None:
        self.spellings = dict(table)  # as declared: docs/import.md's tables show them
        self.keys: dict[str, str] = {}
        self.german: set[str] = set()
        self.english: set[str] = set()
        for key, (english, german) in table.items():
            for spelling in english:
                self.keys[norm(spelling)] = key
                self.english.add(norm(spelling))
            for spelling in german:
                self.keys[norm(spelling)] = key
                self.german.add(norm(spelling))

    def key(self, cell: Any) -> str | None:
        return self.keys.get(norm(cell))

    def is_german(self, cells: Iterable[Any]) -> bool:
        """Whether the header's spellings are the German UI's (more German-only than English-only names)."""
        names = {norm(cell) for cell in cells}
        return len(names & (self.german - self.english)) > len(names & (self.english - self.german))


@dataclass
class Header:
    """The header row of a table: which column holds which key."""

    index: int  # into Table.rows
    columns: dict[str, int]  # key → column index (the first column of that key)
    names: dict[str, str]  # key → the header text as the export writes it
    german: bool

    def cell(self, row: Sequence[Any], key: str) -> Any:
        column = self.columns.get(key)
        return row[column] if column is not None and column < len(row) else None

    def has(self, key: str) -> bool:
        return key in self.columns


def find_header(table: Table, columns: Columns, *, least: int = 2, within: int = 10) -> Header | None:
    """The first of the table's first ``within`` rows that names at least ``least`` known columns."""
    for index, cells in table.text_rows():
        if index >= within:
            break
        found: dict[str, int] = {}
        for position, cell in enumerate(cells):
            key = columns.key(cell)
            if key is not None and key not in found:
                found[key] = position
        if len(found) >= least:
            names = {key: cells[position] for key, position in found.items()}
            return Header(index, found, names, columns.is_german(cells))
    return None


def metrics(platform: str, channel: str, rows: Sequence[tuple]) -> dict[str, Metric]:
    """Metrics from a table of rows ``(key, "Quelle de | en", "KPI name de | en", unit, aggregation, direction)``;
    unit, aggregation and direction may be left off (count, sum, higher is better)."""
    out = {}
    for key, label, name, *rest in rows:
        unit, aggregation, direction = (*rest, *("count", Aggregation.SUM, Direction.HIGHER)[len(rest) :])
        de, en = (part.strip() for part in label.split("|"))
        name_de, name_en = (part.strip() for part in name.split("|"))
        labels, names = {"de": de, "en": en}, {"de": name_de, "en": name_en}
        out[key] = Metric(platform, key, labels, names, channel, unit, direction, aggregation)
    return out


def blank(row: Sequence[Any]) -> bool:
    return not any(plain(cell) for cell in row)


def span(first: dt.date, last: dt.date) -> str:
    """A date range as a message shows it: ``27 January 2026 – 23 February 2026``."""
    locale = Fmt(language()).locale
    return f"{format_date(first, 'long', locale=locale)} – {format_date(last, 'long', locale=locale)}"


def amount(value: float) -> str:
    """A number as a message shows it, in the tool's language (``12,345.5`` / ``12.345,5``)."""
    return Fmt(language()).number(value, 2)


@dataclass
class Cells:
    """Reads the number cells of one table with its decimal mark; keeps the problems, each at its row."""

    table: Table
    header: Header
    decimal: str
    problems: list[Problem] = field(default_factory=list)
    broken: list[Problem] = field(default_factory=list)  # text where a number belongs: the table is refused
    _read: dict[tuple[int, str], float | None] = field(default_factory=dict)

    def value(self, index: int, key: str) -> float | None:
        """The number in row ``index``'s ``key`` column; ``None`` for the platform's "no value" and for a
        censored bound (``< 10%``, a warning) and for text (an error that refuses the table). Each cell is read
        (and its problem noted) once."""
        if (index, key) not in self._read:
            self._read[index, key] = self._number(index, key)
        return self._read[index, key]

    def _number(self, index: int, key: str) -> float | None:
        cell = self.header.cell(self.table.rows[index], key)
        try:
            return number(cell, self.decimal)
        except Censored:
            self.problems.append(
                Problem.at(
                    self.table.origin(index),
                    _("{column}: {value} is only a bound, not a number; the month's value is not written").format(
                        column=quote(self.header.names[key]), value=quote(plain(cell))
                    ),
                    Severity.WARNING,
                )
            )
        except ValueError:
            self.broken.append(
                Problem.at(
                    self.table.origin(index),
                    _("{column}: {value} is not a number").format(
                        column=quote(self.header.names[key]), value=quote(plain(cell))
                    ),
                )
            )
        return None

    def values(self, index: int, keys: Iterable[str]) -> dict[str, float | None]:
        return {key: self.value(index, key) for key in keys}

    def refusal(self) -> list[Problem]:
        """The broken cells (at most five named) and the one error that nothing of the table was imported."""
        if not self.broken:
            return []
        message = _("the export has text where numbers belong, so nothing of it was imported; download it again")
        return [*self.broken[:5], Problem(self.table.name, message)]


def picked_series(metric: Metric, table: Table, picked: Mapping[str, tuple[float, int]]) -> Series | None:
    """A series of values each month took from one row (``month → (value, row index)``)."""
    values = {month: MonthValue(value, table.origin(row)) for month, (value, row) in sorted(picked.items())}
    return Series(metric, values) if values else None


def available_ratios(
    header: Header, ratios: Mapping[str, tuple[str, tuple[str, ...], float]]
) -> dict[str, tuple[str, str, float]]:
    """The ratio columns the export has whose parts it has too: column → (numerator, denominator, factor); the
    first denominator the export has is used (``ratios`` maps a column to its numerator, denominators, factor)."""
    found = {}
    for key, (top, bottoms, factor) in ratios.items():
        bottom = next((b for b in bottoms if header.has(b)), None)
        if header.has(key) and header.has(top) and bottom is not None:
            found[key] = (top, bottom, factor)
    return found


def ratio_note(numerator: str, denominator: str) -> str:
    """How a ratio was recomputed, in the export's own column names: ``Clicks ÷ Impr. of the month's sums``."""
    return _("{numerator} ÷ {denominator} of the month's sums").format(numerator=numerator, denominator=denominator)


def months_text(months: Iterable[str]) -> str:
    return ", ".join(sorted(months))
