"""``reporter import``'s second step: the month values read from the exports go into the client's workbook.

Each metric finds its KPI row by its ``Quelle`` (``Search Console › Klicks``), else by its name; a metric no row
holds gets a new row below the last KPI. Missing month columns are added in calendar order. A value goes into an
empty cell; an equal one is left alone; a different value a person typed is a conflict and stays unless
``overwrite``; a formula is never overwritten (docs/import.md, "The command").

The workbook is changed as Excel stores it (``package.py``: only the changed XML parts are written again, so
images, charts, macros and formulas' saved results stay), under a lock, after the reader's package checks,
staged beside it, checked with the workbook reader, then renamed into place with the previous version kept as
``.kunde.xlsx.bak``. Nothing here prints: :func:`import_into` returns an :class:`ImportResult`.
"""

from __future__ import annotations

import decimal
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl.styles.numbers import is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter

from ..config import Config
from ..draft import LARGEST_NUMBER
from ..files import LockBusy, atomic_write, fsync_dir, locked_in_place, stage_file
from ..formatting import Fmt
from ..i18n import _, language, ngettext
from ..i18n import quote as i18n_quote
from ..model import Origin, Problem, ReporterError, Severity
from ..values import plain, quote
from ..vocabulary import CHANNELS, DIRECTIONS, UNITS, label, normalize
from ..xlsx import LOCK_FILES
from ..xlsx import Package as SafePackage
from . import Exports
from .kpis import KpiRow, KpiTable, TableError
from .model import Metric, MonthValue
from .package import Book, PackageError, cell_ref
from .references import InsertRefused, formulas_using

TOLERANCE = 1e-9  # relative: a value equal to this is unchanged (docs/import.md, "Unchanged")
MAX_TYPED_DECIMALS = 6  # a typed value with up to this many decimals is compared at its own precision
BACKUP = ".{name}.bak"  # the previous version of kunde.xlsx, overwritten by the next import that changes it


@dataclass(frozen=True)
class ImportOptions:
    month: str | None = None  # only this month ("YYYY-MM")
    dry_run: bool = False  # change nothing, say what would change
    overwrite: bool = False  # replace values a person typed (never formulas)
    currency_ok: bool = False  # write amounts in another currency than EUR as they are


class Status(StrEnum):
    NEW = "new"  # written into an empty cell
    UNCHANGED = "unchanged"  # the workbook holds the same value already
    CONFLICT = "conflict"  # the workbook holds another value (or a formula): kept
    OVERWRITTEN = "overwritten"  # the workbook held another value; replaced (--overwrite)


@dataclass(frozen=True)
class CellResult:
    """One KPI's value for one month, and what the import did with it."""

    kpi: str
    source: str
    month: str
    row: int
    cell: str  # "H7"
    status: Status
    value: float  # the export's value (percent metrics as percent numbers: 6.47)
    unit: str | None
    before: float | str | None = None  # what the workbook held: a number, or its text
    reason: str | None = None  # of a conflict: "value", "text" (no number) or "formula"
    origin: Origin | None = None  # the export rows the value came from

    def as_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi, "source": self.source, "month": self.month, "row": self.row, "cell": self.cell,
            "status": str(self.status), "reason": self.reason, "value": self.value, "before": self.before,
            "unit": self.unit, "export": str(self.origin) if self.origin else None,
        }  # fmt: skip


@dataclass(frozen=True)
class NewRow:
    row: int
    kpi: str
    source: str
    channel: str | None
    unit: str | None


@dataclass(frozen=True)
class NewMonth:
    month: str
    column: str  # "W"


@dataclass(frozen=True)
class FilledSource:
    """A row found by its name whose empty ``Quelle`` got the metric's stable source text."""

    row: int
    kpi: str
    source: str


@dataclass
class ImportResult:
    """What one import did (or, with ``dry_run``, would do) to one workbook."""

    workbook: Path
    dry_run: bool = False
    sheet: str | None = None
    cells: list[CellResult] = field(default_factory=list)
    new_rows: list[NewRow] = field(default_factory=list)
    new_months: list[NewMonth] = field(default_factory=list)
    sources_filled: list[FilledSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the exports' and the import's, located
    notes: list[str] = field(default_factory=list)  # how values were aggregated, where an export says so
    check: list[Problem] = field(default_factory=list)  # errors `reporter check` reports on the workbook after
    changed: bool = False  # the import changes the workbook (with dry_run: would change it)
    written: bool = False
    backup: Path | None = None

    def count(self, *statuses: str) -> int:
        """How many values got one of these statuses (``Status`` members or their names)."""
        return sum(1 for cell in self.cells if cell.status in statuses)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def internal(self) -> bool:
        return any(p.internal for p in self.problems)

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON schema of ``reporter import --json`` (docs/import.md, "--json")."""
        return {
            "workbook": str(self.workbook),
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "changed": self.changed,
            "written": self.written,
            "backup": str(self.backup) if self.backup else None,
            "summary": {
                "written": self.count(Status.NEW, Status.OVERWRITTEN),
                "new": self.count(Status.NEW),
                "overwritten": self.count(Status.OVERWRITTEN),
                "unchanged": self.count(Status.UNCHANGED),
                "conflicts": self.count(Status.CONFLICT),
                "new_rows": len(self.new_rows),
                "new_months": len(self.new_months),
                "sources_filled": len(self.sources_filled),
                "errors": sum(1 for p in self.problems if p.severity is Severity.ERROR),
                "warnings": sum(1 for p in self.problems if p.severity is Severity.WARNING),
            },
            "cells": [cell.as_dict() for cell in self.cells],
            "new_rows": [vars(row) for row in self.new_rows],
            "new_months": [vars(month) for month in self.new_months],
            "sources_filled": [vars(filled) for filled in self.sources_filled],
            "notes": self.notes,
            "problems": [p.as_dict() for p in self.problems],
            "check": [p.as_dict() for p in self.check],
        }


# ---- the exports' values, one per metric and month --------------------------------------------------------


@dataclass(eq=False)
class Incoming:
    """One metric's month values gathered from every export that has it."""

    metric: Metric
    values: dict[str, MonthValue] = field(default_factory=dict)


def collect(exports: Exports, options: ImportOptions, result: ImportResult) -> list[Incoming]:
    """Every metric's month values; amounts in another currency and months two exports disagree on are left
    out with an error naming the files."""
    gathered: dict[tuple[str, str], Incoming] = {}
    disputed: set[tuple[tuple[str, str], str]] = set()
    for reading in exports.readings:
        for series in reading.series:
            currency = (series.currency or "EUR").upper()
            if currency != "EUR" and not options.currency_ok:
                message = _(
                    "{source}: the amounts are in {currency}, and the workbook keeps euros, so they were not "
                    "imported: export the report in EUR, or import them as they are with --currency-ok"
                ).format(source=series.metric.source(language()), currency=currency)
                result.problems.append(Problem(reading.file, message))
                continue
            if series.note:
                result.notes.append(f"{reading.file}: {series.note}")
            key = (series.metric.platform, series.metric.key)
            entry = gathered.setdefault(key, Incoming(series.metric))
            for month, value in sorted(series.values.items()):
                if options.month and month != options.month:
                    continue
                known = entry.values.get(month)
                if known is None:
                    entry.values[month] = value
                elif not math.isclose(known.value, value.value, rel_tol=TOLERANCE, abs_tol=TOLERANCE):
                    disputed.add((key, month))
                    result.problems.append(_disagreement(series.metric, month, known, value))
    for key, month in disputed:
        gathered[key].values.pop(month, None)
    if options.month and not any(entry.values for entry in gathered.values()) and exports.readings:
        message = _("the exports hold no values for {month}").format(month=options.month)
        result.problems.append(Problem(", ".join(dict.fromkeys(r.file for r in exports.readings)), message))
    return [entry for entry in gathered.values() if entry.values]


def _disagreement(metric: Metric, month: str, first: MonthValue, second: MonthValue) -> Problem:
    fmt = Fmt(language())
    message = _(
        "{source} for {month}: {value} here, but {other_value} in {other}; neither was imported (leave out "
        "the export that is wrong)"
    ).format(
        source=metric.source(language()),
        month=month,
        value=fmt.value(second.value, metric.unit),
        other_value=fmt.value(first.value, metric.unit),
        other=first.origin,
    )
    return Problem.at(second.origin, message)


# ---- comparing ------------------------------------------------------------------------------------------------


def agrees(before: float, value: float) -> bool:
    """Whether the workbook's value is the export's: equal within :data:`TOLERANCE`, or equal at the precision
    it was typed with (``6,47`` for 6.4712…; up to :data:`MAX_TYPED_DECIMALS` decimals)."""
    if math.isclose(before, value, rel_tol=TOLERANCE, abs_tol=TOLERANCE):
        return True
    exponent = decimal.Decimal(repr(float(before))).as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return 1 <= places <= MAX_TYPED_DECIMALS and _rounded(value, places) == _rounded(before, places)


def _rounded(value: float, places: int) -> decimal.Decimal:
    return decimal.Decimal(repr(float(value))).quantize(
        decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP
    )


def distinct(fmt: Fmt, first: float, second: float, unit: str | None) -> tuple[str, str]:
    """Two different values as a reader sees them, with as many decimals as it takes to tell them apart
    (``6,4 %`` and ``6,5 %``, but ``6,46 %`` and ``6,47 %``)."""
    shown = fmt.value(first, unit), fmt.value(second, unit)
    for places in range(1, 7):
        if shown[0] != shown[1]:
            break
        if unit == "percent":
            shown = fmt.percent(first, places), fmt.percent(second, places)
        else:
            suffix = {"eur": "\u00a0€", "seconds": "\u00a0s"}.get(unit or "", "")
            shown = fmt.number(first, places) + suffix, fmt.number(second, places) + suffix
    return shown


def source_key(text: str) -> str:
    """A ``Quelle`` as it is matched: case, spaces and umlaut spelling aside, and ``>``, ``»``, ``→`` as ``›``."""
    return re.sub(r"\s*[›>»→]+\s*", " › ", normalize(text)).strip()


# ---- the writer -----------------------------------------------------------------------------------------------


class _Writer:
    """Puts the gathered values into one workbook's KPI table (in memory)."""

    def __init__(self, table: KpiTable, options: ImportOptions, result: ImportResult) -> None:
        self.table = table
        self.sheet = table.sheet
        self.styles = table.book.styles
        self.options = options
        self.result = result
        self.lang = table.labels.lang
        self.fmt = Fmt(language())
        self.written: set[tuple[int, int]] = set()  # (row, column) of every value written

    def run(self, incoming: list[Incoming]) -> None:
        found = self.match(incoming)
        refused = self.add_months(sorted({month for entry in found for month in entry.values}))
        for entry, number in list(found.items()):
            if number is None:
                found[entry] = self.add_row(entry.metric)
        self.table.locate()
        rows = {row.number: row for row in self.table.rows}
        for entry, number in found.items():
            if number is None:
                continue
            row = rows[number]
            self.fill_source(row, entry.metric)
            for month, value in sorted(entry.values.items()):
                if month not in refused:
                    self.put(row, entry.metric, month, value)
        self.result.cells.sort(key=lambda cell: (cell.row, cell.month))
        self.sheet.refresh_dimension()
        self.stale_formulas()

    def stale_formulas(self) -> None:
        """Formulas that use a written cell keep their old saved results until Excel calculates them again, and
        the reader reads those: Excel is asked to calculate on opening, and a warning says to open and save."""
        stale = formulas_using(self.table.book, self.sheet, self.written)
        if not stale:
            return
        self.table.book.recalculate_on_load()
        cells = ", ".join(f"{sheet}!{ref}" for sheet, ref in stale[:5]) + (", …" if len(stale) > 5 else "")
        message = ngettext(
            "{count} formula uses values the import wrote ({cells}); its saved result is from before the import: "
            "open the workbook in Excel or LibreOffice and save it before reporter check and build",
            "{count} formulas use values the import wrote ({cells}); their saved results are from before the "
            "import: open the workbook in Excel or LibreOffice and save it before reporter check and build",
            len(stale),
        ).format(count=len(stale), cells=cells)
        sheet, ref = stale[0]
        self.result.problems.append(Problem(self.table.file, message, sheet, ref, Severity.WARNING))

    # -- rows -------------------------------------------------------------------------------------------------
    def match(self, incoming: list[Incoming]) -> dict[Incoming, int | None]:
        """Each metric's row: by its ``Quelle``, else by its name; ``None`` when no row holds it yet. Metrics
        whose row cannot be told are left out with an error."""
        rows = [row for row in self.table.rows if not row.example]  # a row with only a name: one to fill
        claimed = {source_key(s) for entry in incoming for s in entry.metric.sources}
        found: dict[Incoming, int | None] = {}
        taken: dict[int, Metric] = {}
        for entry in incoming:
            keys = {source_key(s) for s in entry.metric.sources}
            by_source = [row for row in rows if row.source and source_key(row.source) in keys]
            names = {normalize(name) for name in entry.metric.name.values()}
            by_name = [
                row for row in rows
                if normalize(row.name) in names and not (row.source and source_key(row.source) in claimed)
            ]  # fmt: skip
            candidates = by_source or by_name
            if len(by_source) > 1:
                self.problem(by_source[1].number, "source", _(
                    "the rows {first} and {second} both have the source {source}; nothing was imported for it: "
                    "keep one of the rows"
                ).format(first=by_source[0].number, second=by_source[1].number, source=i18n_quote(by_source[0].source)))
                continue
            if candidates and candidates[0].number in taken:
                self.problem(candidates[0].number, "name", _(
                    "the row is found for both {first} and {second}; nothing was imported for the second: give "
                    "each its own row with its source"
                ).format(first=taken[candidates[0].number].source(self.lang), second=entry.metric.source(self.lang)))
                continue
            found[entry] = candidates[0].number if candidates else None
            if candidates:
                taken[candidates[0].number] = entry.metric
        return found

    def add_row(self, metric: Metric) -> int | None:
        """A new KPI row below the last one, formatted like the last KPI row: name, channel, unit, direction and
        source filled in, in the workbook's language."""
        table, lang = self.table, self.lang
        name = metric.name.get(lang) or metric.name["en"]
        clash = next((row for row in table.rows if normalize(row.name) == normalize(name)), None)
        if clash is not None:
            message = _(
                "a row named {name} holds another source, so {source} got no row: rename that row or correct its "
                "source"
            ).format(name=i18n_quote(name), source=metric.source(lang))
            self.problem(clash.number, "name", message)
            return None
        number, like = table.free_row(), table.style_row()
        self.sheet.ensure_row(number, like)
        texts = {
            "name": name,
            "channel": label(CHANNELS, metric.channel, lang) if metric.channel in CHANNELS else None,
            "unit": label(UNITS, metric.unit, lang) if metric.unit in UNITS else None,
            "direction": label(DIRECTIONS, metric.direction, lang),
            "source": metric.source(lang),
        }
        for key, col in table.fields.items():
            style = self.sheet.style(like, col) if like else None
            if texts.get(key):
                self.sheet.set_text(number, col, str(texts[key]), style)
            elif style is not None:
                self.sheet.set_style(number, col, style)
        for col in table.months.values():
            style = self.sheet.style(like, col) if like else None
            if style is not None:
                self.sheet.set_style(number, col, self.fit(style, metric.unit, 0.0, new_row=True)[0])
        table.rows.append(KpiRow(number, name, metric.source(lang), metric.unit))
        self.result.new_rows.append(NewRow(number, name, metric.source(lang), metric.channel, metric.unit))
        return number

    def fill_source(self, row: KpiRow, metric: Metric) -> None:
        col = self.table.fields.get("source")
        if col is None or row.source or any(new.row == row.number for new in self.result.new_rows):
            return
        self.sheet.set_text(row.number, col, metric.source(self.lang), self.sheet.style(row.number, col))
        self.result.sources_filled.append(FilledSource(row.number, row.name, metric.source(self.lang)))

    # -- months -----------------------------------------------------------------------------------------------
    def add_months(self, months: list[str]) -> set[str]:
        """Add the month columns the table lacks, in calendar order; the months that could not be added."""
        refused: set[str] = set()
        for month in months:
            if month in self.table.months:
                continue
            try:
                col = self.table.add_month(month)
            except InsertRefused as exc:
                refused.add(month)
                message = _(
                    "the month {month} has no column, and one cannot be inserted here because the sheet has {what} "
                    "that reporter cannot move: insert an empty column with the header {month} in this place, "
                    "then import again"
                ).format(month=month, what=exc)
                at = self.table.insertion_point(month)
                self.result.problems.append(Problem.at(self.table.origin(self.table.header, at), message))
                continue
            self.result.new_months.append(NewMonth(month, get_column_letter(col)))
        return refused

    # -- cells ------------------------------------------------------------------------------------------------
    def put(self, row: KpiRow, metric: Metric, month: str, given: MonthValue) -> None:
        col = self.table.months[month]
        if not self.acceptable(row, metric, month, given):
            return
        cell = self.sheet.cell(row.number, col)
        before, readable = self.table.number(cell, row, col)
        shown: float | str | None = before if readable and before is not None else (
            None if cell.raw is None else plain(cell.raw)
        )
        done = CellResult(
            row.name, metric.source(self.lang), month, row.number, cell_ref(row.number, col), Status.NEW,
            given.value, row.unit or metric.unit, shown, None, given.origin,
        )  # fmt: skip
        if cell.formula:
            same = readable and before is not None and agrees(before, given.value)
            self.record(replace(done, status=Status.UNCHANGED) if same else self.conflict(done, "formula"))
            return
        if cell.empty:
            self.write(row, col, given.value)
            self.record(done)
        elif readable and before is not None and agrees(before, given.value):
            self.record(replace(done, status=Status.UNCHANGED))
        elif self.options.overwrite:
            self.write(row, col, given.value)
            self.record(replace(done, status=Status.OVERWRITTEN))
        else:
            self.record(self.conflict(done, "value" if readable and before is not None else "text"))

    def acceptable(self, row: KpiRow, metric: Metric, month: str, given: MonthValue) -> bool:
        """Whether the workbook can hold the export's value as the reader reads it (a platform module's error
        never becomes a workbook that ``reporter check`` refuses)."""
        value = given.value
        if math.isfinite(value) and abs(value) <= LARGEST_NUMBER:
            if value >= 0 or (row.unit or metric.unit) not in (None, "count", "seconds"):
                return True
        message = _("{source} for {month}: the export's value {value} cannot be a value of this KPI; not imported")
        self.result.problems.append(Problem.at(given.origin, message.format(
            source=metric.source(language()), month=month, value=quote(value)
        )))
        return False

    def conflict(self, done: CellResult, reason: str) -> CellResult:
        if isinstance(done.before, float):
            before, value = distinct(self.fmt, done.before, done.value, done.unit)
        else:
            before, value = quote(done.before) if done.before else "", self.fmt.value(done.value, done.unit)
        if reason == "formula":
            message = _(
                "the cell holds a formula (result {before}), the export {value} ({export}): a formula is never "
                "overwritten"
            )
        else:
            message = _("the workbook holds {before}, the export {value} ({export}): kept; --overwrite replaces it")
        self.problem(done.row, None, message.format(before=before or "–", value=value, export=done.origin),
                     col_ref=done.cell)
        return replace(done, status=Status.CONFLICT, reason=reason)

    def record(self, done: CellResult) -> None:
        self.result.cells.append(done)

    def write(self, row: KpiRow, col: int, value: float) -> None:
        style = self.sheet.style(row.number, col)
        if style is None:
            style = self.neighbour_style(row.number, col)
        factor = 1.0
        if style is not None:
            style, factor = self.fit(style, row.unit, value)
        self.sheet.set_number(row.number, col, value * factor, style)
        self.written.add((row.number, col))

    def neighbour_style(self, number: int, col: int) -> int | None:
        """The format of the nearest month cell of the row, left first."""
        others = sorted(self.table.months.values(), key=lambda c: (abs(c - col), c > col))
        return next((s for c in others if c != col and (s := self.sheet.style(number, c)) is not None), None)

    def fit(self, style: int, unit: str | None, value: float, *, new_row: bool = False) -> tuple[int, float]:
        """A cell format that shows the unit's values as the reader reads them back, and the factor to store
        them with: percent-formatted cells of percent KPIs hold the fraction, time-formatted cells of seconds
        KPIs a fraction of a day; other percent and date formats give way to General. A new row of a unit with
        decimals does not take a whole-number format from the row above."""
        fmt = self.styles.number_format(style)
        if new_row and unit in ("percent", "seconds", "points") and re.fullmatch(r"[#,0]+", fmt):
            return self.styles.with_format(style, "0.0#"), 1.0
        if "%" in fmt:
            return (style, 0.01) if unit in (None, "percent") else (self.styles.with_format(style, "General"), 1.0)
        if is_date_format(fmt):
            if unit == "seconds" and (is_timedelta_format(fmt) or 0 <= value < 86400):
                return style, 1 / 86400
            return self.styles.with_format(style, "General"), 1.0
        return style, 1.0

    def problem(self, row: int, key: str | None, message: str, col_ref: str | None = None) -> None:
        cell = col_ref or cell_ref(row, self.table.fields.get(key or "name", 1))
        self.result.problems.append(Problem(self.table.file, message, self.table.title, cell))


# ---- the workbook on disk ---------------------------------------------------------------------------------------


def import_into(
    workbook: Path, exports: Exports, options: ImportOptions | None = None, config: Config | None = None
) -> ImportResult:
    """Import the exports' values into ``workbook``; raises :class:`ReporterError` when the workbook cannot be
    written at all (not found, open in Excel, unreadable, no KPI sheet, busy)."""
    options = options or ImportOptions()
    config = config or Config()
    result = ImportResult(workbook, options.dry_run, problems=list(exports.problems))
    incoming = collect(exports, options, result)
    refuse_unwritable(workbook, config)
    try:
        with locked_in_place(workbook):
            original = _preflight(workbook, config)  # read again under the lock
            book, table = _open(original, workbook.name)
            result.sheet = table.title
            try:
                _Writer(table, options, result).run(incoming)
            except PackageError as exc:
                message = _("the workbook cannot be changed: {reason}").format(reason=exc)
                raise ReporterError(Problem(workbook.name, message)) from None
            result.changed = book.modified
            if result.changed and not options.dry_run:
                _commit(workbook, original, book.save(), config, result)
    except LockBusy:
        message = _("another import into this workbook is running; try again when it has finished")
        raise ReporterError(Problem(workbook.name, message)) from None
    return result


def refuse_unwritable(path: Path, config: Config | None = None) -> None:
    """Raise :class:`ReporterError` at once for a workbook an import cannot write: open in Excel or LibreOffice,
    missing, a folder (the CLI asks before it reads the exports)."""
    _refuse_open(path)
    if not path.is_file():
        _preflight(path, config or Config())  # says what it is instead


def _refuse_open(path: Path) -> None:
    for pattern, program in LOCK_FILES:
        lock = path.with_name(pattern.format(path.name))
        if lock.exists():
            message = _("the workbook is open in {program} ({lock} is beside it): close it first, then import again")
            raise ReporterError(Problem(path.name, message.format(program=program, lock=lock.name)))


def _preflight(path: Path, config: Config) -> bytes:
    """The workbook's bytes once the reader's package checks passed (kind, sizes, zip and entity bombs)."""
    from ..model import ProblemLog

    log = ProblemLog(path.name)
    data = SafePackage(path, config.limits, log).preflight()
    errors = [p for p in log.problems if p.severity is Severity.ERROR]
    if data is None or errors:
        raise ReporterError(errors or [Problem(path.name, _("the workbook could not be read"))])
    return data


def _open(data: bytes, file: str) -> tuple[Book, KpiTable]:
    try:
        book = Book(data)
        return book, KpiTable.find(book, file)
    except TableError as exc:
        raise ReporterError(exc.problem) from None
    except PackageError as exc:
        message = _("the workbook cannot be changed: {reason}").format(reason=exc)
        raise ReporterError(Problem(file, message)) from None


def _commit(path: Path, original: bytes, data: bytes, config: Config, result: ImportResult) -> None:
    """Stage the new workbook beside the old one, check it, keep the old one as the backup, rename. A symbolic
    link stays a link: the file it points to is replaced."""
    shown, path = path, path.resolve()
    mode = path.stat().st_mode & 0o777
    try:
        staged = stage_file(path, data, mode)
    except OSError as exc:
        raise ReporterError(Problem(shown.name, _cannot_write(exc))) from None
    try:
        after = _errors(staged, shown.name, config)
        # Only the KPI sheet's cells (and on an insert, formulas' text) change: an error elsewhere was there before
        # (the reader reads formulas' saved results), so the old workbook is only read when it may not have been.
        ours = [p for p in after if p.sheet in (None, result.sheet)]
        introduced = _introduced(ours, _errors(path, shown.name, config) if ours else [])
        if introduced:
            detail = "\n".join(str(p) for p in introduced)
            message = _(
                "the workbook would not pass reporter check after the import, so nothing was written; please "
                "report it (run with --debug for details): {problem}"
            ).format(problem=introduced[0])
            result.problems.append(Problem(shown.name, message, internal=True, details=detail))
            return
        backup = path.with_name(BACKUP.format(name=path.name))
        atomic_write(backup, original, mode)
        os.replace(staged, path)
        fsync_dir(path.parent)
    except OSError as exc:
        raise ReporterError(Problem(shown.name, _cannot_write(exc))) from None
    finally:
        staged.unlink(missing_ok=True)
    result.written, result.check = True, after
    result.backup = shown.with_name(backup.name) if shown.parent.resolve() == path.parent else backup


def _cannot_write(exc: OSError) -> str:
    return _("cannot write the file: {error}").format(error=exc.strerror or exc)


def _errors(path: Path, file: str, config: Config) -> list[Problem]:
    from ..workbook import check_workbook

    return [replace(p, file=file) for p in check_workbook(path, config) if p.severity is Severity.ERROR]


def _introduced(after: Iterable[Problem], before: Iterable[Problem]) -> list[Problem]:
    """The errors ``after`` has that ``before`` had not (cells aside: an inserted column moves them)."""

    def key(problem: Problem) -> tuple[str | None, str]:
        return problem.sheet, re.sub(r"\b[A-Z]{1,3}\d+\b", "", problem.message)

    known: dict[tuple[str | None, str], int] = {}
    for problem in before:
        known[key(problem)] = known.get(key(problem), 0) + 1
    new = []
    for problem in after:
        if known.get(key(problem), 0):
            known[key(problem)] -= 1
        else:
            new.append(problem)
    return new
