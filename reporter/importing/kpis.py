"""The KPI sheet as ``reporter import`` finds it, by the reader's rules (docs/workbook.md): the sheet named
``Kennzahlen`` (or an alias), its header row (the first within 30 rows with a ``Kennzahl`` column), the known
columns and the month columns, the KPI rows, the workbook's language, and each cell's value read as the reader
reads it (number text in the workbook's language, percent-formatted cells × 100, Excel times as seconds).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..draft import Value, ValueReader
from ..i18n import _
from ..i18n import quote as i18n_quote
from ..model import Origin, Problem, ProblemLog
from ..values import is_example, parse_month, plain
from ..vocabulary import CLIENT_FIELDS, CLIENT_HEADER, KPI_COLUMNS, SHEETS, UNITS, Labels, header_key, lookup
from .package import Book, Cell, Sheet, cell_ref, excel_date
from .references import insert_columns

HEADER_SEARCH_ROWS = 30  # as the reader: the header is within the first 30 rows
# Month names as month headers write them, to continue a header row of text months in its own form.
MONTH_NAMES = {
    ("de", "short"): ["Jan", "Feb", "Mrz", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
    ("en", "short"): ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ("de", "full"): ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                     "November", "Dezember"],
    ("en", "full"): ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"],
}  # fmt: skip
# Column attributes a new month column does not take from its neighbour: it is never born hidden or grouped.
_NOT_COPIED = ("hidden", "outlineLevel", "collapsed")


class TableError(Exception):
    """The workbook has no KPI table import can write into; carries the located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class KpiRow:
    number: int
    name: str
    source: str | None = None
    unit: str | None = None  # the reader's unit: the Einheit, or percent when it is empty and a month is
    example: bool = False
    heading: bool = False  # a name and nothing else: the reader skips it as a heading

    @property
    def kpi(self) -> bool:
        return not self.example and not self.heading


@dataclass
class KpiTable:
    """Where things are on the KPI sheet; :meth:`locate` finds them again after a change."""

    book: Book
    file: str
    sheet: Sheet
    labels: Labels
    header: int = 0
    fields: dict[str, int] = field(default_factory=dict)  # column key → column number
    months: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" → column number
    rows: list[KpiRow] = field(default_factory=list)
    voted: bool = False  # the header's labels have voted for the workbook's language (once, as the reader does)

    @classmethod
    def find(cls, book: Book, file: str) -> KpiTable:
        labels = Labels()
        refs = book.sheets()
        for ref in refs:
            labels.seen(SHEETS, ref.name)
        found = [ref for ref in refs if lookup(SHEETS, ref.name) == "kpis" and not ref.chart]
        if not found:
            raise TableError(Problem(file, _("missing sheet {sheet}").format(sheet=labels.named(SHEETS, "kpis"))))
        if len(found) > 1:
            message = _("two sheets are the {sheet} sheet: {first} and {second}; rename or delete one of them")
            raise TableError(Problem(file, message.format(
                sheet=found[0].name, first=i18n_quote(found[0].name), second=i18n_quote(found[1].name)
            )))
        client = next((ref for ref in refs if lookup(SHEETS, ref.name) == "client" and not ref.chart), None)
        if client is not None:
            _vote_client(Sheet(book, client), labels)
        table = cls(book, file, Sheet(book, found[0]), labels)
        table.locate()
        return table

    @property
    def title(self) -> str:
        return self.sheet.ref.name

    def origin(self, row: int, col: int) -> Origin:
        return Origin(self.file, self.title, cell_ref(row, col))

    def locate(self) -> None:
        """Find the header row, the columns, the month columns and the KPI rows."""
        sheet = self.sheet
        self.header, self.fields, self.months, self.rows = 0, {}, {}, []
        for number in sheet.row_numbers():
            if number > HEADER_SEARCH_ROWS + 1:
                break
            if any(header_key(KPI_COLUMNS, sheet.cell(number, c).raw) == "name" for c in sheet.columns_of(number)):
                self.header = number
                break
        if not self.header:
            message = _("no header row with a {column} column").format(column=self.labels.named(KPI_COLUMNS, "name"))
            raise TableError(Problem(self.file, message, self.title))
        self._header()
        for number in sheet.row_numbers():
            if number > self.header:
                row = self._row(number)
                if row is not None:
                    self.rows.append(row)

    def _header(self) -> None:
        seen: dict[str, int] = {}
        for col in self.sheet.columns_of(self.header):
            raw = self.sheet.cell(self.header, col).raw
            key = header_key(KPI_COLUMNS, raw)
            if key is not None:
                if not self.voted:
                    self.labels.seen(KPI_COLUMNS, raw, self.title)
                self.fields.setdefault(key, col)
                continue
            month = parse_month(raw) if isinstance(raw, str | dt.date) else None
            if month is None:
                continue
            if month in seen:
                message = _("the month {month} appears twice (also in {cell})")
                origin = self.origin(self.header, col)
                problem = Problem.at(origin, message.format(month=month, cell=cell_ref(self.header, seen[month])))
                raise TableError(problem)
            seen[month] = col
        self.months = dict(sorted(seen.items()))
        self.voted = True

    def _row(self, number: int) -> KpiRow | None:
        name_col = self.fields["name"]
        name_cell = self.sheet.cell(number, name_col)
        if name_cell.empty or not isinstance(name_cell.raw, str | int | float):
            return None
        name = " ".join(plain(name_cell.raw).split())
        others = [c for c in self.sheet.columns_of(number) if c != name_col]
        heading = all(self.sheet.cell(number, c).empty for c in others)
        source = self.text(number, "source")
        unit_text = self.text(number, "unit")
        unit = lookup(UNITS, unit_text) if unit_text else None
        if unit is None and not unit_text and any(self.sheet.cell(number, c).percent for c in self.months.values()):
            unit = "percent"
        return KpiRow(number, name, source, unit, is_example(name), heading)

    def text(self, row: int, key: str) -> str | None:
        """A known column's text in a row (``None`` when the column is missing or the cell empty)."""
        col = self.fields.get(key)
        if col is None:
            return None
        cell = self.sheet.cell(row, col)
        return None if cell.empty or cell.raw is None else " ".join(plain(cell.raw).split())

    # -- month columns -----------------------------------------------------------------------------------------
    def insertion_point(self, month: str) -> int:
        """Where the column of ``month`` belongs: before the first later month when the month columns are in
        calendar order, else after the last month column (or after the header's last column)."""
        columns = list(self.months.values())
        later = [col for other, col in self.months.items() if other > month]
        if later and columns == sorted(columns):
            return min(later)
        if columns:
            return max(columns) + 1
        return max(self.sheet.columns_of(self.header)) + 1

    def add_month(self, month: str) -> int:
        """Add the column of ``month`` where it belongs (inserting a column when the place is taken), headed and
        formatted like its neighbouring month column; its column number."""
        at = self.insertion_point(month)
        if self.sheet.column_used(at):
            insert_columns(self.book, self.sheet, at)
            self.locate()
        sheet = self.sheet
        nearest = min(self.months.values(), key=lambda c: (abs(c - at), c > at), default=None)
        like = nearest or max(sheet.columns_of(self.header))
        example = sheet.cell(self.header, like)
        style = sheet.style(self.header, like)
        if nearest is not None and isinstance(example.raw, dt.date):
            sheet.set_number(self.header, at, excel_date(month, self.book.date1904), style)
        else:
            written = month_text(example.raw, month) if nearest is not None and isinstance(example.raw, str) else month
            sheet.set_text(self.header, at, written, style)
        if nearest is not None:
            widths = sheet.column_widths()
            if nearest in widths:
                widths[at] = {k: v for k, v in widths[nearest].items() if k not in _NOT_COPIED}
                sheet.set_column_widths(widths)
            for number in sheet.row_numbers():
                copied = sheet.style(number, nearest)
                if number > self.header and copied is not None and sheet.cell(number, at).empty:
                    sheet.set_style(number, at, copied)
        self.locate()
        return at

    # -- rows and values ---------------------------------------------------------------------------------------
    @property
    def last_row(self) -> int:
        """The last row with a name (a KPI, an example or a heading), or the header."""
        return max([self.header, *(row.number for row in self.rows)])

    def style_row(self) -> int | None:
        """The last real KPI row, whose formats a new row takes; ``None`` when there is none."""
        return next((row.number for row in reversed(self.rows) if row.kpi), None)

    def free_row(self) -> int:
        """The first row below the last named row that holds nothing."""
        number = self.last_row + 1
        while self.sheet.used(number):
            number += 1
        return number

    def number(self, cell: Cell, row: KpiRow, col: int) -> tuple[float | None, bool]:
        """A cell's number as the reader reads it, and whether it is readable (text such as ``viel`` is not)."""
        if cell.empty and not cell.formula:
            return None, True
        log = ProblemLog(self.file)
        given = Value(cell.raw, self.origin(row.number, col), cell.percent, cell.error)
        value = ValueReader(log, self.labels).number(given, unit=row.unit)
        if log.problems or value is None:
            return None, False
        if cell.percent and isinstance(cell.raw, int | float) and row.unit in (None, "percent"):
            value *= 100
        return round(value, 10), True


def _vote_client(sheet: Sheet, labels: Labels) -> None:
    """The client sheet's header and field names vote for the workbook's language, as they do for the reader."""
    for number in sheet.row_numbers()[:40]:
        for col in sheet.columns_of(number)[:2]:
            raw = sheet.cell(number, col).raw
            labels.seen(CLIENT_HEADER, raw)
            labels.seen(CLIENT_FIELDS, raw)


def month_text(example: str, month: str) -> str:
    """``month`` as a text header in the form of ``example``: ``2026-11``, ``11/2026``, ``11.2026``,
    ``Nov 2026``, ``November 2026``, ``Okt. '26`` …; ``YYYY-MM`` when the form is not one of these."""
    year, number = int(month[:4]), int(month[5:7])
    text = example.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return f"{year:04d}-{number:02d}-01"
    if found := re.fullmatch(r"\d{4}([-/.])\d{1,2}", text):
        return f"{year:04d}{found[1]}{number:02d}"
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", text):
        return f"01.{number:02d}.{year:04d}"
    if found := re.fullmatch(r"(\d{1,2})([./-])\d{4}", text):
        return f"{number:0{len(found[1])}d}{found[2]}{year:04d}"
    found = re.fullmatch(r"([^\W\d_]+)(\.?)([\s_/-]*)(['’]?)(\d{4}|\d{2})", text)
    kind = _month_names(found[1]) if found else None
    if found is None or kind is None:
        return month
    lang, length = kind
    name = MONTH_NAMES[kind][number - 1]
    if found[1].isupper() and len(found[1]) > 1:
        name = name.upper()
    abbreviated = length == "short" and MONTH_NAMES[(lang, "full")][number - 1] != MONTH_NAMES[kind][number - 1]
    year_text = str(year) if len(found[5]) == 4 else f"{year % 100:02d}"
    return f"{name}{found[2] if abbreviated else ''}{found[3]}{found[4]}{year_text}"


def _month_names(name: str) -> tuple[str, str] | None:
    """Which list of month names ``name`` is from (short forms first: ``Mai`` continues as ``Jun``)."""
    wanted = {"mär": "mrz", "sept": "sep"}.get(name.casefold(), name.casefold())
    for key in (("de", "short"), ("en", "short"), ("de", "full"), ("en", "full")):
        if wanted in (known.casefold() for known in MONTH_NAMES[key]):
            return key
    return None
