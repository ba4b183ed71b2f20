"""What is Excel's in reading a client workbook: the package's safety, finding the sheets, streaming their rows
and turning cells into values with their origin (``reporter/draft.py``), for ``reporter/validate.py`` to judge.

Workbooks are untrusted input: before openpyxl parses anything, the file is checked for its kind (no
.xls/.csv/.ods, no encrypted package), its size, the uncompressed size and the compression ratio of each member
(zip bombs) and for XML document type declarations (entity bombs; openpyxl also parses through defusedxml).
Sheets are read in openpyxl's streaming mode with explicit row and column bounds, so a sheet's declared
dimensions are never trusted.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import operator
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import EMPTY_CELL, ReadOnlyWorksheet

from .config import LimitsConfig
from .draft import Row, Section, Table, Value, ValueReader
from .i18n import N_, _
from .i18n import quote as i18n_quote
from .model import Origin, ProblemLog, ReporterError
from .values import MAX_TEXT, MAX_YEAR, MIN_YEAR, is_example, looks_like_month, parse_month, quote, thousands
from .vocabulary import CLIENT_FIELDS, CLIENT_HEADER, SHEETS, Labels, header_key, label, lookup


def _bounded_get_size(self: Any) -> None:
    """openpyxl's read-only sheet looks for ``<dimension>`` when it is created and, when a crafted sheet
    leaves the element out, parses the whole sheet to find it, before any row limit applies (a million
    cells: half a minute). Only the sheet's head is looked at here; the reader never relies on the declared
    size anyway."""
    from xml.etree.ElementTree import ParseError

    from openpyxl.worksheet._reader import WorkSheetParser

    with self._get_source() as source:
        head = source.read(SHEET_HEAD_BYTES)
    try:
        dimensions = WorkSheetParser(io.BytesIO(head), []).parse_dimensions()
    except ParseError:  # the head ends before a <dimension>: the bounds stay unknown, as without one
        dimensions = None  # (defusedxml's refusals are no ParseError: they still stop the load, as before)
    if dimensions is not None:
        self._min_column, self._min_row, self._max_column, self._max_row = dimensions


SHEET_HEAD_BYTES = 65_536  # Excel writes <dimension> within the first few hundred bytes of a sheet
ReadOnlyWorksheet._get_size = _bounded_get_size

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
# Suffixes of spreadsheet files that must be saved as .xlsx first, with the name shown to the user.
# (Marked for translation; translated where a message names them.)
FOREIGN_SUFFIXES = {
    ".xls": N_("an old Excel 97–2003 file (.xls)"),
    ".xlsb": N_("a binary Excel file (.xlsb)"),
    ".csv": N_("a CSV file"),
    ".tsv": N_("a tab-separated text file"),
    ".txt": N_("a text file"),
    ".ods": N_("an OpenDocument spreadsheet (.ods)"),
    ".fods": N_("an OpenDocument spreadsheet (.fods)"),
    ".numbers": N_("an Apple Numbers file"),
}
# The fix for every file that is no readable workbook; it follows a colon. Translate with ``_(SAVE_AS)`` at use.
SAVE_AS = N_("open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)")
# What a folder is expanded to: workbooks, and every spreadsheet a client may have sent instead, so that a CSV or
# an .ods is listed with the fix rather than skipped. A .txt in a folder is a note, not data.
FOLDER_SUFFIXES = WORKBOOK_SUFFIXES + tuple(suffix for suffix in FOREIGN_SUFFIXES if suffix != ".txt")
# The lock files office programs write beside a workbook while it is open, by their name for ``{}``.
LOCK_FILES = (("~${}", "Excel"), (".~lock.{}#", "LibreOffice"))

MAX_COMPRESSION_RATIO = 100  # deflate reaches ~1000:1 on crafted input; real parts stay below 50:1
RATIO_MIN_BYTES = 1_000_000  # tiny members may compress extremely well without harm
# Parts openpyxl parses whole into memory (not streamed like sheets): a client workbook needs kilobytes.
WHOLE_PARTS = ("xl/sharedstrings.xml", "xl/styles.xml", "xl/workbook.xml")
MAX_WHOLE_PART_BYTES = 20_000_000
# The package's bookkeeping and chart sheets, which openpyxl also parses whole: kilobytes in real files
# (1.5 MB of crafted relationships took 14 s and 1.5 GB before this limit).
MAX_METADATA_PART_BYTES = 5_000_000
MAX_MEMBERS = 10_000
# What Python's zip reader raises on a damaged archive (zlib's error on a broken compressed stream).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, zlib.error)
MAX_SHEET_COLUMNS = 16_384  # Excel's own limit (column XFD); a row with more cells is crafted
MAX_CELL_PARTS = 10_000  # elements inside one cell (rich-text runs); real cells have a handful
MAX_MERGED_RANGES = 10_000  # a client workbook merges a handful of cells; millions are an attack on memory
# What may stand between a sheet's rows and its merged ranges (the order is fixed by the file format).
_BEFORE_MERGES = {
    "sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells",
}

# What Excel writes where a formula's result belongs when the file was saved by a program that does not calculate.
NO_RESULT = N_(
    "the formula here has no saved result (the file was written by a program that does not "
    "calculate): open the file in Excel or LibreOffice and save it"
)


@dataclass
class _Cell:
    """What the reader needs of one cell; ``formula`` marks a formula without a saved result."""

    value: Any
    row: int
    col: int  # 1-based
    number_format: str = "General"
    is_error: bool = False
    formula: bool = False

    @property
    def ref(self) -> str:
        return f"{get_column_letter(self.col)}{self.row}"

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


    def drafted(self, file: str, sheet: str) -> Value:
        """The cell's content as a value of the draft, located at this cell."""
        missing = _(NO_RESULT) if self.formula and self.value is None else None
        origin = Origin(file, sheet, self.ref)
        return Value(self.value, origin, "%" in self.number_format, self.is_error, missing)


class Package:
    """The file as a whole: refuses what openpyxl should never see, then opens it in streaming mode."""

    def __init__(self, path: Path, limits: LimitsConfig, log: ProblemLog) -> None:
        self.path = path
        self.limits = limits
        self.problem_log = log
        self.error = log.error
        self.warn = log.warn

    # -- the file as a whole -------------------------------------------------------------------------------
    def preflight(self) -> bytes | None:
        """Refuse what openpyxl should never see; returns the file's bytes when it may be parsed."""
        path = self.path
        if not path.exists():
            self.error(_("file not found"))
            return None
        if path.is_dir():
            self.error(_("is a folder, not a workbook"))
            return None
        if path.name.startswith("~$") and not _is_zip(path):
            self.error(
                _("this is Excel's lock file: close the workbook in Excel and name {workbook} instead").format(
                    workbook=path.name[2:]
                )
            )
            return None
        for pattern, program in LOCK_FILES:
            lock = path.with_name(pattern.format(path.name))
            if lock.exists():
                self.warn(
                    _(
                        "{lock} is {program}'s lock file: close the workbook in {program}, or changes not "
                        "saved yet are missing"
                    ).format(lock=lock.name, program=program)
                )
        suffix = path.suffix.lower()
        if suffix in FOREIGN_SUFFIXES:
            self.error(_foreign(suffix))
            return None
        limit = self.limits.max_file_mb * 1e6
        try:
            size = path.stat().st_size
            data = path.read_bytes() if 0 < size <= limit else b""  # a file over the limit is never read
        except OSError as exc:  # no permission, a device, a file removed meanwhile: not a bug of ours
            self.error(_("the file cannot be read ({reason})").format(reason=exc.strerror or type(exc).__name__))
            return None
        if size == 0:
            self.error(_("the file is empty (0 bytes)"))
            return None
        if size > limit:
            self.error(
                _(
                    "the file is too large ({size} MB; the limit is {limit} MB, limits.max_file_mb in reporter.toml)"
                ).format(size=f"{size / 1e6:.1f}", limit=f"{self.limits.max_file_mb:g}")
            )
            return None
        if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            # An OLE compound file: either a legacy .xls or an encrypted (password-protected) .xlsx.
            if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
                self.error(
                    _(
                        "the file is password-protected (encrypted): remove the password in Excel "
                        "(File › Info › Protect Workbook › Encrypt with Password) and save it again"
                    )
                )
            else:
                self.error(_foreign(".xls"))
            return None
        if not data.startswith(b"PK"):
            head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
            if head.startswith((b"<?xml", b"<html", b"<!doctype", b"<table")):
                message = _("this is an XML or HTML file, not an Excel workbook: {fix}")
            else:
                message = _("this is not an Excel workbook (.xlsx): {fix}")
            self.error(message.format(fix=_(SAVE_AS)))
            return None
        return data if self._check_archive(data) else None

    def _check_archive(self, data: bytes) -> bool:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = archive.infolist()
                names = {m.filename for m in members}
                if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
                    self.error(_foreign(".ods"))
                    return False
                if "xl/workbook.bin" in names:
                    self.error(_foreign(".xlsb"))
                    return False
                if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
                    self.error(_("this is a zip archive, not an Excel workbook: {fix}").format(fix=_(SAVE_AS)))
                    return False
                if len(members) > MAX_MEMBERS:
                    message = _("the archive has {count} parts, far more than any workbook: refused")
                    self.error(message.format(count=len(members)))
                    return False
                total = sum(m.file_size for m in members)
                if total > self.limits.max_uncompressed_mb * 1e6:
                    self.error(
                        _(
                            "the uncompressed content is too large ({size} MB; the limit is {limit} MB, "
                            "limits.max_uncompressed_mb in reporter.toml)"
                        ).format(size=f"{total / 1e6:.0f}", limit=f"{self.limits.max_uncompressed_mb:g}")
                    )
                    return False
                for member in members:
                    ratio = member.file_size / max(member.compress_size, 1)
                    if member.file_size > RATIO_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
                        self.error(
                            _(
                                "the part {part} is compressed {ratio}:1, which only crafted files do "
                                "(a zip bomb): refused"
                            ).format(part=_quoted_part(member.filename), ratio=f"{ratio:.0f}")
                        )
                        return False
                    limit = _whole_part_limit(member.filename)
                    if limit is not None and member.file_size > limit:
                        self.error(
                            _(
                                "the part {part} is {size} MB, far more than a client workbook needs "
                                "(at most {limit} MB): refused"
                            ).format(
                                part=_quoted_part(member.filename),
                                size=f"{member.file_size / 1e6:.0f}",
                                limit=limit // 1_000_000,
                            )
                        )
                        return False
                for member in members:
                    if member.filename.lower().endswith((".xml", ".rels", ".vml")) and member.file_size:
                        with archive.open(member) as stream:
                            doctype = _declares_doctype(stream)
                        if doctype:
                            self.error(
                                _(
                                    "the part {part} declares an XML document type (DOCTYPE), which Excel never "
                                    "writes: refused as a possible XML entity attack"
                                ).format(part=_quoted_part(member.filename))
                            )
                            return False
        except _ZIP_ERRORS as exc:
            message = _("the file is damaged (not a readable zip archive: {reason}): {fix}")
            self.error(message.format(reason=_one_line(str(exc)), fix=_(SAVE_AS)))
            return False
        except RuntimeError:  # zipfile raises it for encrypted members
            self.error(
                _("the archive is encrypted (password-protected parts): remove the password and save it again")
            )
            return False
        except Exception as exc:  # whatever else zipfile raises on a crafted archive; our own bugs go on
            refusal = _refusal(exc)
            if refusal is None:
                raise
            self.error(_("the file is damaged ({reason}): {fix}").format(reason=refusal, fix=_(SAVE_AS)))
            return False
        return True

    # -- sheets --------------------------------------------------------------------------------------------
    def open(self, data: bytes) -> Any:
        try:
            with _parsing():
                return openpyxl.load_workbook(
                    io.BytesIO(data), read_only=True, data_only=True, keep_vba=False, keep_links=False
                )
        except _Refused as refusal:  # openpyxl raises anything from KeyError to ParseError on damaged files
            if refusal.entities:
                self.error(
                    _("the file contains XML entity declarations: refused as a possible XML entity attack")
                )
            else:
                message = _("the file cannot be read as an Excel workbook ({reason}): {fix}")
                self.error(message.format(reason=refusal, fix=_(SAVE_AS)))
            return None


class Sheets:
    """The sheets of an open workbook: which is which, their rows within the limits, and their content as the
    draft of the client's fields and of the KPI and measure tables. The sheets' own layout (a header row,
    merged cells, a column or a field given twice, month headers) is judged here; the values are not."""

    def __init__(self, file: str, limits: LimitsConfig, log: ProblemLog, labels: Labels) -> None:
        self.file = file
        self.limits = limits
        self.problem_log = log
        self.error = log.error
        self.warn = log.warn
        self.labels = labels
        self.values = ValueReader(log, labels)
        self.merged: dict[str, list[str]] = {}  # sheet title → merged ranges (``A1:C1``), from the scan
        self.last_row: dict[str, int] = {}  # sheet title → number of its last row, from the scan
        self.refusals: dict[str, str] = {}  # sheet title → why it is not handed to openpyxl, from the scan
        self.scans: dict[int, tuple[Any, _SheetScan]] = {}  # id of a sheet → the sheet and its finished scan

    def find(self, wb: Any) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for ws in wb.worksheets + list(getattr(wb, "chartsheets", [])):
            self.labels.seen(SHEETS, ws.title)
        for ws in wb.worksheets + list(getattr(wb, "chartsheets", [])):
            key = lookup(SHEETS, ws.title)
            if key is None or key == "instructions":
                continue
            if key in found:
                self.error(
                    _("two sheets are the {sheet} sheet: {first} and {second}; rename or delete one of them").format(
                        sheet=label(SHEETS, key, self.labels.lang),
                        first=_quoted_part(found[key].title),
                        second=_quoted_part(ws.title),
                    ),
                    ws.title,
                )
                continue
            if not hasattr(ws, "iter_rows"):
                self.error(_("{sheet} is a chart sheet, not a table").format(sheet=_quoted_part(ws.title)), ws.title)
                continue
            if getattr(ws, "sheet_state", "visible") != "visible":
                hidden = _("the sheet {sheet} is hidden; it was read anyway")
                self.warn(hidden.format(sheet=_quoted_part(ws.title)), ws.title)
            found[key] = ws
            self.labels.titles[key] = ws.title
        for key in ("client", "kpis", "measures"):
            if key not in found and not any(
                p.sheet and lookup(SHEETS, p.sheet) == key for p in self.problem_log.problems
            ):
                sheet = self.labels.named(SHEETS, key)
                if key == "measures":
                    self.warn(_("missing sheet {sheet}: the report will list no measures").format(sheet=sheet))
                else:
                    self.error(_("missing sheet {sheet}").format(sheet=sheet))
        return found

    def rows(self, ws: Any) -> Iterator[tuple[int, list[_Cell]]]:
        """The sheet's non-empty rows within the limits, each as a list of cells from column A."""
        max_rows, max_cols = self.limits.max_rows, self.limits.max_columns
        with _parsing():
            missing_results, broken = self._scan_sheet(ws)
        for (row, col), stored in sorted(broken.items()):
            if stored is None:
                self.error(
                    _too_many_columns(max_cols),
                    ws.title,
                    f"{get_column_letter(min(col, MAX_SHEET_COLUMNS))}{row}",
                )
                continue
            self.error(
                _("the stored value {value} is not a usable number, date or text").format(value=quote(stored)),
                ws.title,
                f"{get_column_letter(col)}{row}",
            )
        if broken:
            return  # openpyxl would stop at the first of them; what is reported above is what to fix
        if ws.title in self.refusals:
            self.error(self.refusals[ws.title], ws.title)
            return
        with _parsing():
            source = ws.iter_rows(min_row=1, max_row=max_rows + 1, max_col=max_cols + 1)
        if ws.title in self.last_row:
            # openpyxl's parser would go on through everything after the last row, building it in memory
            source = itertools.islice(source, min(self.last_row[ws.title], max_rows + 1))
        # openpyxl pads every row with its one empty cell up to the column bound (and yields a row of it for
        # each row the file leaves out): only the other cells, and those holding a formula without a result,
        # are looked at; an empty cell elsewhere is skipped below anyway.
        missing_cols: dict[int, set[int]] = {}
        for row_number, col_number in missing_results:
            missing_cols.setdefault(row_number, set()).add(col_number)
        for index, raw in enumerate(_parsed(source), 1):
            cells: list[_Cell] = []
            padding = itertools.repeat(EMPTY_CELL, len(raw))
            filled: Iterable[int] = itertools.compress(itertools.count(1), map(operator.is_not, raw, padding))
            if index in missing_cols:
                filled = sorted({*filled, *(c for c in missing_cols[index] if c <= len(raw))})
            for col in filled:
                cell = raw[col - 1]
                value = cell.value
                formula = (index, col) in missing_results
                if value is None and not formula:
                    continue
                if isinstance(value, str):
                    # Text longer than any field needs is cut here: a giant string costs nothing later.
                    value = value[: MAX_TEXT + 1].replace("\r\n", "\n")
                    if not value.strip():
                        continue
                if col > len(cells) + 1:
                    cells.extend(_Cell(None, index, c) for c in range(len(cells) + 1, col))
                cells.append(_Cell(value, index, col, _number_format(cell), cell.data_type == "e", formula))
            if not cells:
                continue
            if index > max_rows:
                self.error(
                    _("the sheet has more than {limit} rows; the limit is {limit} (limits.max_rows in reporter.toml)")
                    .format(limit=max_rows),
                    ws.title,
                    cells[0].ref,
                )
                return
            if len(cells) > max_cols:
                self.error(
                    _too_many_columns(max_cols),
                    ws.title,
                    cells[-1].ref,
                )
                return
            yield index, cells

    def _scan_sheet(self, ws: Any) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
        """One cheap pass over the sheet's XML for what openpyxl cannot tell us or would crash on (see
        ``_SheetScan``): the cells holding a formula without a saved result and the cells whose stored value
        openpyxl cannot convert, keyed by (row, column). Merged ranges are kept in ``self.merged``, the last
        row's number in ``self.last_row``, a reason to refuse the sheet in ``self.refusals``."""
        path = getattr(ws, "_worksheet_path", None)
        archive = getattr(ws.parent, "_archive", None)
        if path is None or archive is None:
            return set(), {}
        known = self.scans.get(id(ws))
        if known is not None and known[0] is ws:  # the same sheet read again (as another table): the same scan
            scan = known[1]
        else:
            scan = _SheetScan(self.limits, getattr(ws, "_shared_strings", None))
            with archive.open(path) as source:
                scan.run(source)
            self.scans[id(ws)] = (ws, scan)
        if scan.refusal is not None:
            self.refusals[ws.title] = scan.refusal
        self.merged[ws.title] = scan.merged
        self.last_row[ws.title] = scan.last_row
        return scan.missing, scan.broken  # type: ignore[return-value]

    # -- the Kunde sheet -----------------------------------------------------------------------------------
    def client(self, ws: Any) -> Section:
        """The client's fields: a ``Feld | Wert`` header may follow title rows and say where the two columns
        are; without it, column A holds the field names and column B the values."""
        sheet = ws.title
        field_col, value_col = 0, 1
        cells: dict[str, tuple[_Cell, _Cell]] = {}
        for _index, row in self.rows(ws):
            keys = [header_key(CLIENT_HEADER, c.value) for c in row] if not cells else []
            if "field" in keys and "value" in keys:
                field_col, value_col = keys.index("field"), keys.index("value")
                for part in ("field", "value"):
                    self.labels.seen(CLIENT_HEADER, row[keys.index(part)].value)
                continue
            name_cell, value_cell = _at(row, field_col), _at(row, value_col)
            name = self.field_name(name_cell, sheet)
            if name is None or is_example(name):
                continue
            key = header_key(CLIENT_FIELDS, name)
            if key is not None and key not in cells:
                self.labels.seen(CLIENT_FIELDS, name, sheet)
            if key is None:
                if not value_cell.empty:
                    self.warn(_("unknown field {field} was ignored").format(field=quote(name)), sheet, name_cell.ref)
                continue
            if key in cells:
                self.error(
                    _("the field {field} appears twice (also in {cell})").format(
                        field=quote(name), cell=cells[key][0].ref
                    ),
                    sheet,
                    name_cell.ref,
                )
                continue
            cells[key] = (name_cell, value_cell)
        self._merged_fields(sheet, cells.values())
        fields = {key: value_cell.drafted(self.file, sheet) for key, (_name, value_cell) in cells.items()}
        return Section(Origin(self.file, sheet), fields)

    def field_name(self, cell: _Cell, sheet: str) -> str | None:
        """The text of a field-name cell, judged as any text is."""
        return self.values.text(cell.drafted(self.file, sheet))

    def _merged_fields(self, sheet: str, cells: Iterable[tuple[_Cell, _Cell]]) -> None:
        """A field merged with its value into one cell: the value would be lost."""
        for name_cell, value_cell in cells:
            for ref in self.merged.get(sheet, []):
                first_col, first_row, last_col, last_row = _bounds(ref)
                in_rows = first_row <= name_cell.row <= last_row
                if in_rows and first_col <= name_cell.col and last_col >= value_cell.col:
                    self.error(
                        _("the field {field} and its value are merged into one cell ({cells}): unmerge them").format(
                            field=quote(name_cell.value), cells=ref
                        ),
                        sheet,
                        value_cell.ref,
                    )

    # -- the Kennzahlen and Maßnahmen sheets ---------------------------------------------------------------
    def table(self, ws: Any, columns: dict[str, dict[str, list[str]]], *, months: bool) -> Table | None:
        """The table after its header row (the first within 30 rows that names the ``name`` column), with a
        value for each known column and each month column of every row; ``None`` when there is no header."""
        sheet = ws.title
        rows = self.rows(ws)
        header: list[_Cell] | None = None
        for index, row in rows:
            if any(header_key(columns, c.value) == "name" for c in row):
                header = row
                break
            if index > 30:
                break
        if header is not None:
            self._merged_header(sheet, header[0].row)
        if header is None:
            if self.problem_log.has_error_in(sheet):
                return None  # the sheet could not be read; that error says what to fix
            message = _("no header row with a {column} column")
            self.error(message.format(column=self.labels.named(columns, "name")), sheet)
            return None
        fields, month_cols = self._header(sheet, header, columns, months=months)
        drafted = tuple(self._row(sheet, index, row, fields, month_cols) for index, row in rows)
        return Table(Origin(self.file, sheet), tuple(fields), tuple(month_cols.values()), drafted)

    def _merged_header(self, sheet: str, header_row: int) -> None:
        for ref in self.merged.get(sheet, []):
            first_col, first_row, last_col, last_row = _bounds(ref)
            if first_row <= header_row <= last_row and last_col > first_col:
                # the merged-away headers would silently drop their columns (a month, Kanal, Einheit)
                self.error(
                    _("the header cells {cells} are merged: unmerge them so that every column has its own header")
                    .format(cells=ref),
                    sheet,
                    f"{get_column_letter(first_col)}{header_row}",
                )

    def _header(
        self, sheet: str, header: list[_Cell], columns: dict[str, dict[str, list[str]]], *, months: bool
    ) -> tuple[dict[str, int], dict[int, str]]:
        """Field → column index and column index → month, in the order of the header's columns."""
        fields: dict[str, int] = {}
        month_cols: dict[int, str] = {}
        seen_months: dict[str, str] = {}
        for col, cell in enumerate(header):
            if self.values.unavailable(cell.drafted(self.file, sheet)) or cell.empty:
                continue
            key = header_key(columns, cell.value)
            if key is not None:
                if key not in fields:
                    self.labels.seen(columns, cell.value, sheet)
                if key in fields:
                    self.error(
                        _("the column {column} appears twice (also in {cell})").format(
                            column=quote(cell.value), cell=header[fields[key]].ref
                        ),
                        sheet,
                        cell.ref,
                    )
                else:
                    fields[key] = col
                continue
            if not months:
                continue
            month = parse_month(cell.value)
            if month is None:
                if looks_like_month(cell.value):
                    self.error(
                        _(
                            "{value} is not a month header (expected YYYY-MM text such as 2026-10, "
                            "or a date between {first} and {last})"
                        ).format(value=quote(cell.value), first=MIN_YEAR, last=MAX_YEAR),
                        sheet,
                        cell.ref,
                    )
                elif re.search(r"\d{4}", str(cell.value)):
                    self.warn(
                        _("the column {column} is neither a known column nor a month and was ignored").format(
                            column=quote(cell.value)
                        ),
                        sheet,
                        cell.ref,
                    )
                continue
            if month in seen_months:
                message = _("the month {month} appears twice (also in {cell})")
                self.error(message.format(month=month, cell=seen_months[month]), sheet, cell.ref)
                continue
            seen_months[month] = cell.ref
            month_cols[col] = month
        return fields, month_cols

    def _row(
        self, sheet: str, index: int, row: list[_Cell], fields: dict[str, int], month_cols: dict[int, str]
    ) -> Row:
        name_col = fields.get("name")
        return Row(
            number=index,
            origin=Origin(self.file, sheet, f"A{index}"),
            fields={key: _at(row, col).drafted(self.file, sheet) for key, col in fields.items()},
            months={month: _at(row, col).drafted(self.file, sheet) for col, month in month_cols.items()},
            only_name=all(c.empty and not c.formula for c in row if c.col - 1 != name_col),
        )


# What ElementTree's ``iterparse`` read at a time, which the scan replaced: a scan stops, meets a syntax error and
# reads the zip member to its end (where zipfile checks its CRC) at exactly the same place as before.
_SCAN_CHUNK = 16 * 1024


class _OpenCell:
    """A ``<c>`` element being scanned: its attributes and what its direct children said so far."""

    __slots__ = ("attrs", "depth", "children", "formula", "value", "text")

    def __init__(self, attrs: dict[str, str], depth: int) -> None:
        self.attrs = attrs
        self.depth = depth  # of the cell element itself (the root is 1)
        self.children = 0
        self.formula = False
        self.value: str | None = None  # the text of its last <v> child, "inline" for an <is> child
        self.text: list[str] = []  # the text of the <v> child being read


class _SheetScan:
    """One cheap pass over a sheet's XML for what openpyxl cannot tell us or would crash on.

    Finds the cells holding a formula without a saved result (openpyxl reports them as empty in data-only
    mode) and the cells whose stored value openpyxl cannot convert (``NaN``, ``INF``, a broken date or text
    reference), keyed by (row, column). A cell beyond the column limit is kept as broken with the value
    ``None`` (openpyxl would build a whole row of a million cells in memory before any limit applies, so such
    a sheet is never handed to it). The XML is streamed through expat in chunks and nothing but the open
    cells is kept, so memory stays flat however long a row or a list of merged ranges is; the scan ends with
    the merged ranges, since nothing after them in a sheet matters here. Like defusedxml (which openpyxl parses
    through), it refuses entity declarations and external entity references.
    """

    def __init__(self, limits: LimitsConfig, shared: Any) -> None:
        self.limits = limits
        self.shared = shared  # the workbook's shared strings, which a text cell refers to by index
        self.missing: set[tuple[int, int]] = set()
        self.broken: dict[tuple[int, int], str | None] = {}
        self.merged: list[str] = []
        self.refusal: str | None = None  # why the sheet must not be handed to openpyxl
        self.last_row = 0
        self.row_index = self.col_index = self.cells_in_row = self.in_cell = self.cell_parts = 0
        self.in_rows = False  # a <row> was met
        self.depth = 0  # of the innermost open element (the root is 1)
        self.attrs: list[dict[str, str]] = []  # the attributes of the open elements, root first
        self.cells: list[_OpenCell] = []  # the open <c> elements, outermost first
        self.text: list[str] | None = None  # where the characters of a <v> go while it is read
        self.tags: dict[str, str] = {}  # expat's "namespace}name" → name
        self.after_data = self.stopped = False
        self.parser: Any = None

    def run(self, source: Any) -> None:
        from xml.parsers import expat

        from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

        parser = self.parser = expat.ParserCreate(None, "}")  # as ElementTree's parser, which the scan replaced
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.DefaultHandlerExpand = self._default
        parser.EntityDeclHandler = _forbid_entity
        parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
        parser.ExternalEntityRefHandler = _forbid_external_reference
        try:
            while not self.stopped:
                data = source.read(_SCAN_CHUNK)
                try:
                    parser.Parse(data, not data)
                except expat.ExpatError as exc:
                    if self.stopped:  # past the end of the scan (ElementTree never got to report it)
                        break
                    raise _Refused(_parse_error(exc)) from exc
                if not data:
                    break
        except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
            raise _Refused(exc) from exc
        finally:
            self.parser = None

    def _stop(self) -> None:
        """The scan is over: the rest of the chunk is parsed without looking at it, as before."""
        self.stopped = True
        parser = self.parser
        parser.StartElementHandler = parser.EndElementHandler = None
        parser.CharacterDataHandler = parser.DefaultHandlerExpand = None

    def _tag(self, name: str) -> str:
        tag = self.tags.get(name)
        if tag is None:
            tag = self.tags[name] = name.rsplit("}", 1)[-1]
        return tag

    def _characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def _default(self, data: str) -> None:
        """What expat reports nowhere else; an entity reference it left undefined is an error, as before."""
        if data[:1] == "&":
            from xml.parsers import expat

            parser = self.parser
            line, column = parser.ErrorLineNumber, parser.ErrorColumnNumber
            error = expat.error(f"undefined entity {data}: line {line}, column {column}")
            error.code, error.lineno, error.offset = 11, line, column  # XML_ERROR_UNDEFINED_ENTITY
            raise error

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        """An element opens (it may end the scan)."""
        tag = self.tags.get(name) or self._tag(name)
        depth = self.depth
        if self.after_data and depth == 1 and tag not in _BEFORE_MERGES:
            self._stop()  # conditional formats, validations, drawings …: none of them is data
            return
        self.depth = depth + 1
        self.attrs.append(attrs)
        self.text = None  # a <v>'s text is what comes before its first child element
        cells = self.cells
        if cells and cells[-1].depth == depth:  # a direct child of the innermost open cell
            cell = cells[-1]
            cell.children += 1
            if tag == "f":
                cell.formula = True
            elif tag == "v":
                self.text = cell.text = []
            elif tag == "is":
                cell.value = "inline"
        if tag == "row":
            self.row_index = _row_number(attrs.get("r"), self.row_index + 1)
            self.last_row = max(self.last_row, self.row_index)
            self.col_index = self.cells_in_row = 0
            self.in_rows = True
        elif tag == "c":
            self.in_cell += 1
            self.cell_parts = 0
            cells.append(_OpenCell(attrs, depth + 1))
        elif self.in_cell:
            self.cell_parts += 1
            if self.cell_parts > MAX_CELL_PARTS:  # a million rich-text runs: only crafted cells
                self.refusal = _(
                    "a cell in row {row} has more than {limit} parts, far more than any text: refused"
                ).format(row=self.row_index, limit=thousands(MAX_CELL_PARTS))
                self._stop()

    def _end(self, name: str) -> None:
        """An element closes (it may end the scan)."""
        tag = self.tags.get(name) or self._tag(name)
        depth = self.depth
        self.depth = depth - 1
        attrs = self.attrs.pop()
        self.text = None
        if tag == "v":
            cells = self.cells
            if cells and cells[-1].depth == depth - 1:  # the saved value of the innermost open cell
                cell = cells[-1]
                cell.value = "".join(cell.text) or None
        elif tag == "c":
            self.in_cell -= 1
            cell = self.cells.pop()
            if self.in_rows and self._cell(cell):
                self._stop()
        elif tag == "mergeCell":
            if attrs.get("ref"):
                self.merged.append(attrs["ref"])
                if len(self.merged) > MAX_MERGED_RANGES:
                    self.refusal = _(
                        "the sheet has more than {limit} merged cell ranges, far more than any workbook: refused"
                    ).format(limit=thousands(MAX_MERGED_RANGES))
                    self._stop()
        elif tag == "row":
            if self.row_index > self.limits.max_rows + 1:
                self._stop()
        elif tag == "sheetData":
            self.after_data = True
        elif tag == "mergeCells":
            self._stop()

    def _cell(self, cell: _OpenCell) -> bool:
        """A cell closes: a formula without a result, a value openpyxl cannot convert, or a crafted row."""
        ref = cell.attrs.get("r")
        self.col_index = _ref_column(ref) if ref else self.col_index + 1
        self.cells_in_row += 1
        beyond = self.col_index > self.limits.max_columns and cell.children  # a filled cell past it
        if beyond or self.cells_in_row > MAX_SHEET_COLUMNS:  # ... or a crafted row
            self.broken[(self.row_index, self.col_index)] = None
            return True
        kind = cell.attrs.get("t", "n")
        value = cell.value
        if cell.formula and not value and kind != "str":
            self.missing.add((self.row_index, self.col_index))
        elif value and not _convertible(kind, value, self.shared):
            self.broken[(self.row_index, self.col_index)] = value
        return False


def _parse_error(exc: Any) -> SyntaxError:
    """expat's error as ElementTree's ``ParseError``, which the reader reports as invalid XML."""
    from xml.etree.ElementTree import ParseError

    error = ParseError(exc)
    error.code = exc.code
    error.position = exc.lineno, exc.offset
    return error


# The refusals of defusedxml's parser (the same exceptions, so that they are reported the same way).
def _forbid_entity(name: str, _is_parameter: bool, value: str | None, base: str | None, *ids: str | None) -> None:
    from defusedxml import EntitiesForbidden

    raise EntitiesForbidden(name, value, base, *ids)


def _forbid_unparsed_entity(name: str, base: str | None, sysid: str, pubid: str | None, notation: str) -> None:
    from defusedxml import EntitiesForbidden

    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _forbid_external_reference(context: str, base: str | None, sysid: str | None, pubid: str | None) -> None:
    from defusedxml import ExternalReferenceForbidden

    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def _convertible(kind: str, value: str, shared: Any) -> bool:
    """Whether openpyxl can turn a stored value of this cell type into a Python value without raising."""
    try:
        if kind == "n":
            float(value) if ("." in value or "e" in value.lower()) else int(value)
            return math.isfinite(float(value)) or "e" in value.lower()
        if kind == "s":
            return shared is None or 0 <= int(value) < len(shared)
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            from_ISO8601(value)
        if kind == "b":
            int(value)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


def _number_format(cell: Any) -> str:
    """The cell's number format, looked up by openpyxl in the file's styles (a call into the library)."""
    if getattr(cell, "_style_id", 0) == "":
        # An empty style attribute (s="", valid XML some generators write) means the default style. openpyxl
        # keeps the empty string as the style index and fails on it here, the only place the reader looks a
        # style up; this cell alone is given the index the file means (openpyxl itself is left unchanged).
        cell._style_id = 0
    try:
        return str(cell.number_format or "General")
    except (IndexError, KeyError, AttributeError):  # a style index the file does not define
        return "General"
    except Exception as exc:
        refusal = _refusal(exc)
        if refusal is None:
            raise
        raise refusal from exc


def _bounds(ref: str) -> tuple[int, int, int, int]:
    """First column, first row, last column, last row of ``A1:C2`` (or of one cell); zeros when malformed."""
    match = re.fullmatch(r"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?", ref.strip().upper())
    if not match:
        return 0, 0, 0, 0
    last_col, last_row = (match[3], match[4]) if match[3] else (match[1], match[2])
    return _column_index(match[1]), int(match[2]), _column_index(last_col), int(last_row)


def _ref_column(ref: str) -> int:
    """``_column_index`` of a cell reference, remembered for the letters of the usual ones (``AB12``)."""
    letters = ref.rstrip("0123456789")
    index = _REF_COLUMNS.get(letters)
    if index is None:
        index = _column_index(ref)
        if len(letters) <= 3 and letters.isascii() and letters.isalpha() and letters.isupper():
            _REF_COLUMNS[letters] = index  # only letters followed by digits or nothing: the same index
    return index


_REF_COLUMNS: dict[str, int] = {}  # column letters → index: at most 18,278 of them (A to ZZZ)


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        if not ch.isalpha():
            break
        index = index * 26 + (ord(ch.upper()) - 64)
    return index


def _at(row: list[_Cell], col: int) -> _Cell:
    """The cell in 0-based column ``col`` of a (trimmed) row; an empty one past its end."""
    return row[col] if col < len(row) else _Cell(None, row[0].row if row else 1, col + 1)


def _declares_doctype(stream: Any, limit: int = 1 << 20) -> bool:
    """Whether an XML part declares a DOCTYPE (where entities live) before its root element.

    The whole prolog is walked, not only its first bytes: a long comment must not hide a DOCTYPE behind it.
    Parts in another encoding than UTF-8 and prologs longer than ``limit`` count as declaring one (Excel
    writes neither); defusedxml stays the second line of defence when the part is parsed.
    """
    buffer = stream.read(4096)
    if buffer.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")):
        return True
    position = 3 if buffer.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while position < len(buffer) and buffer[position : position + 1] in b" \t\r\n":
            position += 1
        rest = buffer[position:]
        if rest.startswith(b"<!DOCTYPE") or rest.startswith(b"<!ENTITY"):
            return True
        closing = next((c for o, c in ((b"<?", b"?>"), (b"<!--", b"-->")) if rest.startswith(o)), None)
        if closing is None and len(rest) >= 9:
            return False  # the root element (or text openpyxl will refuse): the prolog is over
        end = buffer.find(closing, position + 2) if closing else -1
        if closing and end >= 0:
            position = end + len(closing)
            continue
        if len(buffer) > limit:
            return True
        more = stream.read(65536)
        if not more:
            return False
        buffer += more


def _whole_part_limit(name: str) -> int | None:
    """Size limit of a part openpyxl parses (or keeps) whole; ``None`` for streamed sheets and the rest."""
    lower = name.lower()
    if lower in WHOLE_PARTS:
        return MAX_WHOLE_PART_BYTES
    metadata = lower == "[content_types].xml" or lower.endswith(".rels")
    # chart sheets, with their drawings and charts, are loaded whole too (0.5 MB of crafted chart: 1.2 GB)
    charts = lower.startswith(("xl/chartsheets/", "xl/drawings/", "xl/charts/"))
    if metadata or charts or lower.startswith(("docprops/", "xl/theme/")):
        return MAX_METADATA_PART_BYTES
    return None


def _is_defused_refusal(exc: BaseException) -> bool:
    """Whether defusedxml refused an entity or DTD somewhere in the chain of ``exc`` (openpyxl wraps it)."""
    seen: BaseException | None = exc
    for _attempt in range(10):
        if seen is None:
            return False
        module = type(seen).__module__ or ""
        name = type(seen).__name__
        if module.startswith("defusedxml") or "Entities" in name or "DTD" in name:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


# Where an exception raised while the reader hands the file to a library comes from when it is the file's fault.
_FILE_LIBRARIES = {"openpyxl", "defusedxml", "xml", "zipfile", "et_xmlfile", "_compression", "encodings", "codecs"}
_T = TypeVar("_T")


class _Refused(Exception):
    """A library refused the file's content at one of the reader's call sites: the file is damaged."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__(_library_detail(exc))
        self.entities = _is_defused_refusal(exc)


def _refusal(exc: Exception) -> _Refused | None:
    """``exc`` as the file's fault when a library raised it parsing the file; ``None`` when it is ours.

    Used only where the reader calls into openpyxl, zipfile or the XML parser, so that a library function our
    own code misuses elsewhere is never taken for a damaged file; and even there, what our own code raised
    (a callback such as ``_bounded_get_size``, a monkeypatched helper) stays an internal error: the frame that
    raised decides.
    """
    if isinstance(exc, _Refused):
        return exc
    if isinstance(exc, MemoryError | ReporterError):
        return None
    frame, module = exc.__traceback__, ""
    while frame is not None:
        module = str(frame.tb_frame.f_globals.get("__name__", ""))
        frame = frame.tb_next
    return _Refused(exc) if module.split(".")[0] in _FILE_LIBRARIES else None


@contextlib.contextmanager
def _parsing() -> Iterator[None]:
    """Around a call into a parsing library: what it raises on the file's content becomes ``_Refused``."""
    try:
        yield
    except Exception as exc:
        refusal = _refusal(exc)
        if refusal is None:
            raise
        raise refusal from exc


def _parsed(items: Iterable[_T]) -> Iterator[_T]:
    """The items of a library's streaming parser (openpyxl's rows), each fetched as in :func:`_parsing`."""
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as exc:
            refusal = _refusal(exc)
            if refusal is None:
                raise
            raise refusal from exc
        yield item


def _library_detail(exc: BaseException) -> str:
    """What a library said about the file, as one short printable line (never a traceback)."""
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    missing = re.fullmatch(r"There is no item named '(.*)' in the archive", text)
    if missing:
        return _("the part {part} is missing").format(part=quote(missing[1]))
    # openpyxl wraps its parsers' errors: "Unable to read workbook: could not read stylesheet from <file>. ..."
    wrapped = re.match(r"Unable to read workbook: (could not .*?) from ", text.strip())
    if wrapped:
        cause = exc.__cause__
        text = wrapped[1] + (f": {_library_detail(cause)}" if cause is not None and str(cause) else "")
    text = _one_line(text)
    if isinstance(exc, zipfile.BadZipFile):
        return _("not a readable zip archive: {reason}").format(reason=text)
    if isinstance(exc, SyntaxError):  # xml.etree's ParseError
        return _("invalid XML: {reason}").format(reason=text)
    return text or _("unreadable content")


def _foreign(suffix: str) -> str:
    """The message for a spreadsheet that is no Excel workbook: what it is and how to make it one."""
    return _("this is {kind}: {fix}").format(kind=_(FOREIGN_SUFFIXES[suffix]), fix=_(SAVE_AS))


def _quoted_part(name: str) -> str:
    """A part's or sheet's name in a message: in the language's quotes, as written (never shortened)."""
    return i18n_quote(name)


def _too_many_columns(limit: int) -> str:
    message = _("the sheet has more than {limit} columns; the limit is {limit} (limits.max_columns in reporter.toml)")
    return message.format(limit=limit)


def _one_line(text: str, limit: int = 120) -> str:
    """The first line of ``text``, control characters made visible, shortened."""
    line = text.strip().split("\n", 1)[0].strip()
    line = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _row_number(text: str | None, default: int) -> int:
    """A row's ``r`` attribute as openpyxl reads it (``7`` or ``7.0``); ``default`` when missing or not a whole
    number (openpyxl then refuses the sheet, which the reader reports)."""
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return default
        return int(number) if number.is_integer() else default


def _is_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(2) == b"PK"
