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

from .i18n import N_, _
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
    thousands,
)
from .vocabulary import KPI_COLUMNS, UNITS, Labels, label, lookup

LARGEST_NUMBER = 1e12  # anything larger is a typo or an attack (1e308), never a marketing figure
# An Excel error where a number belongs, by what belongs there (``ValueReader.number``'s ``what``).
EXCEL_ERROR_WHERE = {
    "a number": N_("Excel error {value} where a number belongs: fix the formula or clear the cell"),
    "a budget": N_("Excel error {value} where a budget belongs: fix the formula or clear the cell"),
}
# An unknown value from a fixed vocabulary, by what it is (``ValueReader.choice``'s ``what``): (required, optional).
UNKNOWN_CHOICE = {
    "marketing role": (
        N_("unknown marketing role {value} ({expected})"),
        N_("unknown marketing role {value} was ignored ({expected})"),
    ),
    "language": (N_("unknown language {value} ({expected})"), N_("unknown language {value} was ignored ({expected})")),
    "discipline": (
        N_("unknown discipline {value} ({expected})"),
        N_("unknown discipline {value} was ignored ({expected})"),
    ),
    "status": (N_("unknown status {value} ({expected})"), N_("unknown status {value} was ignored ({expected})")),
    "channel": (N_("unknown channel {value} ({expected})"), N_("unknown channel {value} was ignored ({expected})")),
    "unit": (N_("unknown unit {value} ({expected})"), N_("unknown unit {value} was ignored ({expected})")),
    "direction": (
        N_("unknown direction {value} ({expected})"),
        N_("unknown direction {value} was ignored ({expected})"),
    ),
    "classification": (
        N_("unknown classification {value} ({expected})"),
        N_("unknown classification {value} was ignored ({expected})"),
    ),
    "impact question": (
        N_("unknown impact question {value} ({expected})"),
        N_("unknown impact question {value} was ignored ({expected})"),
    ),
}


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
            message = _("Excel error {value}: fix the formula or clear the cell")
            self.error(message.format(value=quote(given.raw)), given.origin)
            return None
        value = plain(given.raw)
        if len(value) > MAX_TEXT:
            message = _("the text is too long (more than {limit} characters)")
            self.error(message.format(limit=thousands(MAX_TEXT)), given.origin)
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
            message = _(EXCEL_ERROR_WHERE.get(what, EXCEL_ERROR_WHERE["a number"]))
            self.error(message.format(value=quote(value)), given.origin)
            return None
        if isinstance(value, bool):
            self.error(_("{value} is not a number").format(value=quote(value)), given.origin)
            return None
        if seconds and isinstance(value, dt.timedelta):
            return value.total_seconds()
        if seconds and isinstance(value, dt.time):
            return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            self.error(_("{value} is a date or time, not a number").format(value=quote(value)), given.origin)
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
            self.error(_("{value} is not a number").format(value=quote(value)), given.origin)
            return None
        number = float(value)
        if not math.isfinite(number) or abs(number) > LARGEST_NUMBER:
            message = _("{value} is not a usable number (too large or not finite)")
            self.error(message.format(value=quote(value)), given.origin)
            return None
        return number

    def _refused_number(self, text: str, parsed: NumberText, sheet: str | None) -> str:
        """Why a number text was refused, with the forms that are accepted in this workbook's language."""
        forms = ACCEPTED_NUMBER_FORMS[self.labels.lang]  # in the workbook's language: its cells are typed so
        value = quote(text)
        if parsed.problem == "currency":
            message = _("{value} is not in euros: the report shows amounts in €; convert it to euros")
            return message.format(value=value)
        if parsed.problem != AMBIGUOUS:
            if re.search(r"\d", text):
                return _("{value} is not a number; accepted forms: {forms}").format(value=value, forms=forms)
            return _("{value} is not a number").format(value=value)
        whole, fraction = re.findall(r"\d+", text)[:2]
        sign = "-" if re.match(r"\s*[-−–]", text) else ""
        doubt = (
            _("(a thousands separator or a decimal point?)")
            if parsed.separator == "."
            else _("(a thousands separator or a decimal comma?)")
        )
        if parsed.unit is None:
            unit_column = self.labels.column(sheet, KPI_COLUMNS, "unit")
            examples = _("{first} or {second}").format(
                first=label(UNITS, "count", self.labels.lang), second=label(UNITS, "percent", self.labels.lang)
            )
            return _(
                "{value} is ambiguous for a KPI without a unit {doubt}: type {number}, "
                "or set the {column} (e.g. {examples}); accepted forms: {forms}"
            ).format(
                value=value, doubt=doubt, number=f"{sign}{whole}{fraction}", column=unit_column, examples=examples,
                forms=forms,
            )
        decimal = f"{sign}{whole}{DECIMAL_SEPARATOR[self.labels.lang]}{fraction}"
        unit_text = {"percent": "%", "seconds": _("seconds"), "points": _("points")}.get(parsed.unit, parsed.unit)
        return _(
            "{value} is ambiguous for a value in {unit} {doubt}: type {number} or {decimal}; accepted forms: {forms}"
        ).format(
            value=value, unit=unit_text, doubt=doubt, number=f"{sign}{whole}{fraction}", decimal=decimal, forms=forms
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
        if key is None:
            required_message, ignored_message = UNKNOWN_CHOICE[what]
            message = _(required_message if required else ignored_message)
            message = message.format(value=quote(text), expected=self.labels.expected(table))
            (self.error if required else self.warn)(message, given.origin)
        return key

    def date(self, given: Value) -> dt.date | None:
        if self.unavailable(given) or given.empty:
            return None
        date = parse_date(given.raw)
        if date is None or not MIN_YEAR <= date.year <= MAX_YEAR:
            message = _(
                "{value} is not a date (expected a date such as 01.03.2026 or 2026-03-01, between {first} and {last})"
            )
            self.error(message.format(value=quote(given.raw), first=MIN_YEAR, last=MAX_YEAR), given.origin)
            return None
        return date

    def url(self, given: Value) -> str | None:
        text = self.text(given)
        if text is None:
            return None
        if re.match(r"(?i)^www\.", text) or re.fullmatch(r"(?i)[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", text):
            text = "https://" + text
        if not re.fullmatch(r"(?i)https?://[^\s/?#<>\"'`\\]+\.[^\s/?#<>\"'`\\]+([/?#][^\s<>\"'`\\]*)?", text):
            self.error(_("{value} is not a web address (expected https://…)").format(value=quote(text)), given.origin)
            return None
        return text
