"""What a source hands to the validation pass: the values it read, as it stored them, each with its origin; and
reading one such value as text, a number, a date or a choice, with the problem at its origin.

The workbook reader (``reporter/xlsx.py``) produces these from cells; any other source (a platform export)
produces the same, and ``reporter/validate.py`` judges them the same way.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import Origin, Problem, ProblemLog, Severity
from .values import (
    ACCEPTED_NUMBER_FORMS,
    AMBIGUOUS,
    DECIMAL_SEPARATOR,
    EMPTY_MARKERS,
    EXCEL_ERRORS,
    MAX_TEXT,
    MAX_YEAR,
    MIN_YEAR,
    NumberText,
    parse_date,
    plain,
    quote,
    read_number_text,
)
from .vocabulary import KPI_COLUMNS, UNITS, Labels, label, lookup

LARGEST_NUMBER = 1e12  # anything larger is a typo or an attack (1e308), never a marketing figure


@dataclass(frozen=True)
class Value:
    """One stored value before it is judged: text, a number, a date, a boolean, or ``None`` when empty."""

    raw: Any
    origin: Origin
    percent: bool = False  # shown as a percentage by the source: a stored number is the fraction (0.125)
    error_value: bool = False  # the source's own error value (Excel's #DIV/0!), whatever its text
    missing: str | None = None  # why the source has no value here, said where the value is used

    @property
    def empty(self) -> bool:
        return self.raw is None or (isinstance(self.raw, str) and not self.raw.strip())


@dataclass(frozen=True)
class Section:
    """The client's fields: field → its value (only the fields the source has)."""

    origin: Origin  # the sheet or export, for problems that have no one value
    fields: Mapping[str, Value]


@dataclass(frozen=True)
class Row:
    """One row of a table (a KPI, a measure): its values by column and, for KPIs, by month."""

    number: int  # the row in its sheet or export
    origin: Origin  # where the row starts: problems of a column the table lacks point here
    fields: Mapping[str, Value]
    months: Mapping[str, Value] = field(default_factory=dict)  # in the source's column order
    only_name: bool = False  # nothing but the name is filled, not even an ignored column: a heading row

    def get(self, key: str) -> Value:
        """The value of a column; an empty one at the start of the row when the table has no such column."""
        return self.fields.get(key) or Value(None, self.origin)


@dataclass(frozen=True)
class Table:
    """The KPI or measure table of a source: its columns, its month columns and its rows."""

    origin: Origin
    columns: tuple[str, ...]  # the keys of the columns it has, in the source's order
    months: tuple[str, ...]  # the month columns, in the source's order
    rows: tuple[Row, ...]


class ValueReader:
    """Reads one value as text, a number, a date, a web address or a choice from a fixed vocabulary, and says
    what is wrong with it at its origin. Number text is read in the language of the source's labels."""

    def __init__(self, log: ProblemLog, labels: Labels) -> None:
        self.problem_log = log
        self.labels = labels

    def error(self, message: str, origin: Origin) -> None:
        self.problem_log.problems.append(Problem.at(origin, message))

    def warn(self, message: str, origin: Origin) -> None:
        self.problem_log.problems.append(Problem.at(origin, message, Severity.WARNING))

    def text(self, given: Value, *, multiline: bool = False) -> str | None:
        if self.unavailable(given) or given.empty:
            return None
        if given.error_value or (isinstance(given.raw, str) and given.raw.strip().upper() in EXCEL_ERRORS):
            self.error(f"Excel error {quote(given.raw)}: fix the formula or clear the cell", given.origin)
            return None
        value = plain(given.raw)
        if len(value) > MAX_TEXT:
            self.error(f"the text is too long (more than {MAX_TEXT:,} characters)", given.origin)
            return None
        value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")
        value = unicodedata.normalize("NFC", value)
        if multiline:
            return "\n".join(line.strip() for line in value.strip().split("\n"))
        return " ".join(value.split())

    def unavailable(self, given: Value) -> bool:
        """Whether the source has no value where one is stored (a formula without a result): an error here."""
        if given.missing is not None:
            self.error(given.missing, given.origin)
            return True
        return False

    def number(self, given: Value, *, what: str = "a number", unit: str | None = None) -> float | None:
        """A finite number or ``None`` for an empty value; anything else is an error at its origin. The ``unit``
        (count, eur, percent, seconds, points) decides how number text such as ``1.234`` is read."""
        seconds = unit == "seconds"
        if self.unavailable(given):
            return None
        value = given.raw
        if value is None:
            return None
        if given.error_value or (isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS):
            self.error(
                f"Excel error {quote(value)} where {what} belongs: fix the formula or clear the cell",
                given.origin,
            )
            return None
        if isinstance(value, bool):
            self.error(f"{quote(value)} is not a number", given.origin)
            return None
        if seconds and isinstance(value, dt.timedelta):
            return value.total_seconds()
        if seconds and isinstance(value, dt.time):
            return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            self.error(f"{quote(value)} is a date or time, not a number", given.origin)
            return None
        if isinstance(value, str):
            text = value.strip()
            if not text or text.lower() in EMPTY_MARKERS:
                return None
            parsed = read_number_text(text, self.labels.lang, unit)
            if parsed.value is None:
                self.error(self._refused_number(text, parsed, given.origin.sheet), given.origin)
                return None
            value = parsed.value
        if not isinstance(value, int | float):
            self.error(f"{quote(value)} is not a number", given.origin)
            return None
        number = float(value)
        if not math.isfinite(number) or abs(number) > LARGEST_NUMBER:
            self.error(f"{quote(value)} is not a usable number (too large or not finite)", given.origin)
            return None
        return number

    def _refused_number(self, text: str, parsed: NumberText, sheet: str | None) -> str:
        """Why a number text was refused, with the forms that are accepted in this workbook's language."""
        forms = f"accepted forms: {ACCEPTED_NUMBER_FORMS[self.labels.lang]}"
        if parsed.problem == "currency":
            return f"{quote(text)} is not in euros: the report shows amounts in €; convert it to euros"
        if parsed.problem != AMBIGUOUS:
            return f"{quote(text)} is not a number" + (f"; {forms}" if re.search(r"\d", text) else "")
        whole, fraction = re.findall(r"\d+", text)[:2]
        sign = "-" if re.match(r"\s*[-−–]", text) else ""
        kind = "point" if parsed.separator == "." else "comma"
        doubt = f"(a thousands separator or a decimal {kind}?)"
        if parsed.unit is None:
            unit_column = self.labels.column(sheet, KPI_COLUMNS, "unit")
            examples = " or ".join(label(UNITS, key, self.labels.lang) for key in ("count", "percent"))
            return (
                f"{quote(text)} is ambiguous for a KPI without a unit {doubt}: type {sign}{whole}{fraction}, "
                f"or set the {unit_column} (e.g. {examples}); {forms}"
            )
        decimal = f"{sign}{whole}{DECIMAL_SEPARATOR[self.labels.lang]}{fraction}"
        unit_text = {"percent": "%", "seconds": "seconds", "points": "points"}.get(parsed.unit, parsed.unit)
        return (
            f"{quote(text)} is ambiguous for a value in {unit_text} {doubt}: type {sign}{whole}{fraction} or "
            f"{decimal}; {forms}"
        )

    def choice(
        self, given: Value, table: dict[str, dict[str, list[str]]], what: str, required: bool = False
    ) -> str | None:
        """A value from a fixed vocabulary. Unknown values of optional columns are ignored with a warning (the
        report can still be built: channel, unit and direction are then inferred); only values the report
        cannot do without (role, language) are errors."""
        text = self.text(given)
        if text is None:
            return None
        key = lookup(table, text)
        if key is None and required:
            self.error(f"unknown {what} {quote(text)} ({self.labels.expected(table)})", given.origin)
        elif key is None:
            self.warn(f"unknown {what} {quote(text)} was ignored ({self.labels.expected(table)})", given.origin)
        return key

    def date(self, given: Value) -> dt.date | None:
        if self.unavailable(given) or given.empty:
            return None
        date = parse_date(given.raw)
        if date is None or not MIN_YEAR <= date.year <= MAX_YEAR:
            self.error(
                f"{quote(given.raw)} is not a date (expected a date such as 01.03.2026 or 2026-03-01, "
                f"between {MIN_YEAR} and {MAX_YEAR})",
                given.origin,
            )
            return None
        return date

    def url(self, given: Value) -> str | None:
        text = self.text(given)
        if text is None:
            return None
        if re.match(r"(?i)^www\.", text) or re.fullmatch(r"(?i)[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", text):
            text = "https://" + text
        if not re.fullmatch(r"(?i)https?://[^\s/?#<>\"'`\\]+\.[^\s/?#<>\"'`\\]+([/?#][^\s<>\"'`\\]*)?", text):
            self.error(f"{quote(text)} is not a web address (expected https://…)", given.origin)
            return None
        return text
