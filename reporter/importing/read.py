"""Reading export files as the platforms write them: the bytes → tables of cells, and the cells → numbers,
days and periods. What is the same for every platform lives here; what one platform's columns mean lives in its
module under ``platforms/``.

* :func:`open_export` turns one file into :class:`Table`\\ s: a CSV/TSV (UTF-8 with or without BOM, UTF-16 with
  BOM and TAB as Google Ads and Matomo write it, Windows-1252 as a last resort), each CSV inside a zip (Search
  Console), each sheet of an ``.xlsx`` (Search Console's Excel download) or of a legacy ``.xls`` (LinkedIn).
  The delimiter is found by the standard library's ``csv.Sniffer``; rows are parsed with the real CSV reader
  (quoted newlines and ``""`` in search queries), so a row knows the line it starts on.
* :func:`number` reads a cell as the platforms write numbers (``40,585``, ``1.234,5``, ``6.47%``, ``66,67 %``,
  `` --``, ``< 10%``) once :func:`decimal_mark` has decided from the file's own cells whether it writes a
  decimal comma or point.
* :func:`day`, :func:`period` and :func:`whole_months` read dates and date ranges in every form seen
  (``20250101``, ``202501``, ISO, ``1 Jan 2025``, ``27 January 2026 - 23 February 2026``, ``01.01.2025``).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import errno
import io
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import _, language
from ..model import Origin, month_add

MAX_EXPORT_BYTES = 100_000_000  # a year of a big site's daily pages is a few MB; more is not an export
MAX_ZIP_MEMBERS = 50  # Search Console's zip holds 7 files
MAX_ROWS = 1_000_000
MAX_COLUMNS = 1_000  # GA4 and Matomo write a few dozen columns; thousands are no export's
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
SHEET_SUFFIXES = (".xlsx", ".xlsm")
LEGACY_SUFFIXES = (".xls",)
ZIP_SUFFIXES = (".zip",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + SHEET_SUFFIXES + LEGACY_SUFFIXES + ZIP_SUFFIXES


class ExportError(Exception):
    """A file that cannot be read as an export; the message says why and what to do (translated), and
    ``origin`` the rows it is about, when it is about some."""

    def __init__(self, message: str, origin: Origin | None = None) -> None:
        super().__init__(message)
        self.origin = origin


@dataclass
class Table:
    """One table of cells as the export holds it: every row, title and total rows included."""

    name: str  # as messages name it: "Chart.csv", "suche.zip › Chart.csv", "linkedin.xls › Besucher"
    path: Path  # the file on disk (the zip or workbook for a member)
    member: str | None = None  # the zip member or sheet name
    rows: list[list[Any]] = field(default_factory=list)  # str for text files; str, float, int, date for sheets
    lines: list[int] = field(default_factory=list)  # the line (text) or row (sheet) each row starts on, 1-based
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def file_name(self) -> str:
        """The name of the file itself (Business Profile puts the period only there)."""
        return self.member.rsplit("/", 1)[-1] if self.member else self.path.name

    def origin(self, first: int, last: int | None = None) -> Origin:
        """Where rows ``first``..``last`` (indexes into ``rows``) are: ``Chart.csv › rows 2–32``."""
        start = self.lines[first] if first < len(self.lines) else first + 1
        end = self.lines[last] if last is not None and last < len(self.lines) else None
        if end is None or end == start:
            return Origin(self.name, cell=_("row {row}").format(row=start))
        return Origin(self.name, cell=_("rows {first}–{last}").format(first=start, last=end))

    def text_rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each row's index and its cells as stripped text (sheet cells too), for finding headers."""
        for index, row in enumerate(self.rows):
            yield index, [plain(cell) for cell in row]


# ---- files --------------------------------------------------------------------------------------------------
def open_export(path: Path) -> list[Table]:
    """The tables of one export file; raises :class:`ExportError` for what is not an export we can read."""
    data = read_export_bytes(path)
    if not data.strip():
        raise ExportError(_("the file is empty"))
    if data.startswith(b"PK"):
        return _zip_tables(path, data)
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARKS[0] in data or ENCRYPTED_MARKS[1] in data:
            raise ExportError(
                _(
                    "the file is password-protected (encrypted): remove the password in Excel "
                    "(File › Info › Protect Workbook › Encrypt with Password) and save it again"
                )
            )
        return _legacy_tables(path, data)
    try:
        return [text_table(path.name, path, data)]
    except ExportError:
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            raise
        raise ExportError(_("not an export reporter can read (docs/import.md lists the supported exports)")) from None


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARKS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


def read_export_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_EXPORT_BYTES`; a pipe, device, dangling or looping link,
    or a file the user may not read is an :class:`ExportError` (never a hang or a traceback)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ExportError(_("this is not a regular file (a folder, pipe or device); give the export file itself"))
        if info.st_size > MAX_EXPORT_BYTES:
            raise ExportError(
                _("the file is too large for an export ({size} MB; at most {limit} MB)").format(
                    size=f"{info.st_size / 1e6:.0f}", limit=MAX_EXPORT_BYTES // 1_000_000
                )
            )
        with path.open("rb") as handle:
            return handle.read(MAX_EXPORT_BYTES + 1)
    except OSError as exc:
        raise ExportError(_("the file cannot be read ({reason})").format(reason=os_reason(exc))) from None


def os_reason(exc: OSError) -> str:
    """Why the operating system refused a file, in the user's language."""
    reasons = {
        errno.EACCES: _("you are not allowed to read it; ask whoever owns it, or copy it again"),
        errno.EPERM: _("you are not allowed to read it; ask whoever owns it, or copy it again"),
        errno.ELOOP: _("it is a symbolic link that leads round in a loop"),
        errno.ENOENT: _("it does not exist, or is a link to a file that does not"),
        errno.EISDIR: _("it is a folder"),
    }
    return reasons.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def text_table(name: str, path: Path, data: bytes, member: str | None = None) -> Table:
    """A delimited text file as a table of strings."""
    text, encoding = decode(data)
    refuse_non_text(text)
    delimiter = sniff_delimiter(text)
    rows: list[list[Any]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise ExportError(too_wide(len(row), start))
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
            if len(rows) > MAX_ROWS:
                raise ExportError(_("the file has more than {limit} rows").format(limit=grouped(MAX_ROWS)))
    except csv.Error:
        message = _("the file is not a readable CSV file (line {line} cannot be split into cells); download it again")
        raise ExportError(message.format(line=reader.line_num)) from None
    return Table(name, path, member, rows, lines, encoding, delimiter)


def too_wide(cells: int, line: int) -> str:
    return _("row {row} has {count} cells, more than any export has columns ({limit}): this is no export").format(
        row=line, count=grouped(cells), limit=grouped(MAX_COLUMNS)
    )


def grouped(count: int) -> str:
    """A whole number with thousands marks as the user's language writes them (1,000 / 1.000)."""
    text = f"{count:,}"
    return text.replace(",", ".") if language() == "de" else text


def decode(data: bytes) -> tuple[str, str]:
    """The text of an export and the encoding it was written in: by its BOM, else UTF-8, UTF-16 (a NUL in every
    other byte) or Windows-1252."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                message = _("the file is damaged: its text is not {encoding}").format(encoding=encoding)
                raise ExportError(message) from exc
    head = data[:4000]
    if head.count(b"\x00") > len(head) // 4:
        encoding = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f\ufffd]")


def refuse_non_text(text: str) -> None:
    """Refuse what is no text table although its name says .csv: a web page (a login page saved instead of the
    download), NUL bytes (a damaged file) or binary data."""
    head = text[:2000].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body")):
        raise ExportError(
            _(
                "this is a web page (HTML or XML), not an export: download the export again with the platform's Export "
                "or Download button, not with the browser's Save page"
            )
        )
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > len(sample) // 100:
        raise ExportError(_("the file holds binary data, not the text of a CSV export: download the export again"))
    if "\x00" in text:
        raise ExportError(_("the file holds NUL bytes, so it is damaged or no text export: download it again"))


def sniff_delimiter(text: str) -> str:
    """The delimiter of the table in ``text``, found by ``csv.Sniffer`` on its lines that are neither comments
    (``# …``) nor title lines; a comma when the sniffer cannot decide."""
    lines = [line for line in text[:65536].splitlines() if line.strip() and not line.lstrip().startswith("#")]
    sample_lines = [line for line in lines[:60] if any(mark in line for mark in ",;\t")]
    if not sample_lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(sample_lines), delimiters=",;\t").delimiter
    except csv.Error:
        return "\t" if sum("\t" in line for line in sample_lines) > len(sample_lines) // 2 else ","


def _zip_tables(path: Path, data: bytes) -> list[Table]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names or "xl/workbook.xml" in names:
                return _sheet_tables(path)
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_ZIP_MEMBERS:
                raise ExportError(_("the zip holds {count} files, more than any export").format(count=len(members)))
            if sum(m.file_size for m in members) > MAX_EXPORT_BYTES:
                raise ExportError(_("the zip unpacks to more than {limit} MB").format(limit=MAX_EXPORT_BYTES // 10**6))
            tables = []
            for member in members:
                base = member.filename.rsplit("/", 1)[-1]
                if base.startswith(".") or not base.lower().endswith(TEXT_SUFFIXES):
                    continue
                tables.append(text_table(f"{path.name} › {base}", path, archive.read(member), member.filename))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, RuntimeError, EOFError) as exc:
        if path.suffix.lower() in SHEET_SUFFIXES:
            raise ExportError(_("the file is a damaged Excel workbook and cannot be read: download it again")) from exc
        raise ExportError(_("the file is a damaged zip archive: download it again")) from exc
    if not tables:
        raise ExportError(_("the zip holds no CSV file"))
    return tables


def _sheet_tables(path: Path) -> list[Table]:
    """Each sheet of an .xlsx export, through the workbook reader's safety checks."""
    from ..config import LimitsConfig
    from ..model import ProblemLog
    from ..xlsx import Package

    log = ProblemLog(path.name)
    package = Package(path, LimitsConfig(), log)
    data = package.preflight()
    wb = package.open(data) if data is not None else None
    if wb is None:
        raise ExportError("; ".join(p.message for p in log.problems) or _("the workbook cannot be read"))
    try:
        tables = []
        for ws in wb.worksheets:
            rows: list[list[Any]] = []
            for row in ws.iter_rows(values_only=True):
                if len(row) > MAX_COLUMNS:
                    raise ExportError(too_wide(len(row), len(rows) + 1), Origin(f"{path.name} › {ws.title}"))
                rows.append(list(row))
                if len(rows) > MAX_ROWS:
                    raise ExportError(_("the file has more than {limit} rows").format(limit=grouped(MAX_ROWS)))
            tables.append(Table(f"{path.name} › {ws.title}", path, ws.title, rows, list(range(1, len(rows) + 1))))
        return tables
    finally:
        wb.close()


def _legacy_tables(path: Path, data: bytes) -> list[Table]:
    """Each sheet of a legacy .xls workbook (LinkedIn's page analytics), read with xlrd."""
    import xlrd  # only for .xls

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        return [_legacy_sheet(path, book, sheet, xlrd) for sheet in book.sheets()]
    except Exception as exc:  # xlrd raises its own XLRDError and struct/index errors on damaged files
        raise ExportError(_("the file is a damaged Excel workbook and cannot be read: download it again")) from exc


def _legacy_sheet(path: Path, book: Any, sheet: Any, xlrd: Any) -> Table:
    rows = []
    for r in range(sheet.nrows):
        row = []
        for cell in sheet.row(r):
            if cell.ctype == xlrd.XL_CELL_DATE:
                row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                row.append(None)
            else:
                row.append(cell.value)
        rows.append(row)
    return Table(f"{path.name} › {sheet.name}", path, sheet.name, rows, list(range(1, len(rows) + 1)))


# ---- cells --------------------------------------------------------------------------------------------------
def plain(cell: Any) -> str:
    """A cell as stripped text ('' for empty)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


MISSING = frozenset({"", "--", "-", "—", "–", "n/a", "(not set)", "(nicht festgelegt)", "null", "none"})
_CENSORED = re.compile(r"^\s*[<>]\s*\d")
_NUMBER = re.compile(r"^[+-]?[\d.,'\u202f\u00a0 ]*\d[\d.,'\u202f\u00a0 ]*$")
_CURRENCY = re.compile(r"(?i)\s*(€|eur|usd|\$|chf|gbp|£)\s*")


class Censored(ValueError):
    """A value the platform only states as a bound: ``< 10%``, ``> 90%``."""


def decimal_mark(cells: Iterable[Any], hint: str = ".") -> str:
    """Whether the file writes a decimal ``","`` or ``"."``, decided from its own number cells:
    ``10.38`` or ``1,234.5`` mean a point, ``66,67 %`` or ``1.234,5`` a comma; ``hint`` (the UI language's mark)
    when no cell tells (``40,585`` could be either)."""
    for cell in cells:
        if not isinstance(cell, str):
            continue
        text = _CURRENCY.sub("", cell.strip().rstrip("%").strip())
        if not _NUMBER.match(text):
            continue
        if "," in text and "." in text:
            return "," if text.rfind(",") > text.rfind(".") else "."
        for mark in ",.":
            if mark in text:
                parts = text.split(mark)
                if len(parts) == 2 and len(parts[1]) != 3:  # 10.38, 66,67: a decimal mark
                    return mark
                if len(parts) > 2:  # 1.234.567: thousands, so the other mark is the decimal
                    return "," if mark == "." else "."
    return hint


def number(cell: Any, decimal: str = ".") -> float | None:
    """A cell as a number: ``None`` for the platforms' "no value" (``--``, empty); raises :class:`Censored` for
    ``< 10%`` and ``ValueError`` for text that is no number. A percent sign is dropped (``6.47%`` → 6.47)."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(str(cell))
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip()
    if text.casefold() in MISSING:
        return None
    if _CENSORED.match(text):
        raise Censored(text)
    text = _CURRENCY.sub("", text.replace("%", "")).strip()
    if not _NUMBER.match(text):
        raise ValueError(cell)
    negative = text.startswith("-")
    text = re.sub(r"[\s'\u202f\u00a0+-]", "", text)
    thousands = "." if decimal == "," else ","
    text = text.replace(thousands, "").replace(decimal, ".")
    if text.count(".") > 1:
        raise ValueError(cell)
    value = float(text)
    return -value if negative else value


# ---- days and periods ---------------------------------------------------------------------------------------
_MONTHS = {
    **{name.casefold(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name},
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3, "mär": 3, "mrz": 3, "april": 4,
    "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "okt": 10, "dezember": 12, "dez": 12, "sept": 9,
}  # fmt: skip
_DAY_FORMS = (
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),  # 20250101 (GA4)
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$"), "ymd"),  # 2025-01-01 (ISO), 2025-10-1
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), "dmy"),  # 01.01.2025
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), "mdy"),  # 1/31/2025 (US UIs)
    (re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})$"), "dMy"),  # 1 Jan 2025, 1. Januar 2025
    (re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$"), "Mdy"),  # Jan 1, 2025
)


def day(cell: Any) -> dt.date | None:
    """A cell as a calendar day, or ``None`` when it is none."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool) and 19000101 <= cell <= 21001231:
        cell = str(int(cell))
    text = plain(cell)
    for pattern, order in _DAY_FORMS:
        found = pattern.match(text)
        if not found:
            continue
        a, b, c = found.groups()
        try:
            if order == "ymd":
                return dt.date(int(a), int(b), int(c))
            if order == "dmy":
                return dt.date(int(c), int(b), int(a))
            if order == "mdy":
                return dt.date(int(c), int(a), int(b))
            if order == "dMy" and a and (month := _MONTHS.get(b.casefold())):
                return dt.date(int(c), month, int(a))
            if order == "Mdy" and (month := _MONTHS.get(a.casefold())):
                return dt.date(int(c), month, int(b))
        except ValueError:
            return None
    return None


def month_cell(cell: Any) -> str | None:
    """A cell naming a month (``202501`` GA4's Month dimension, ``2025-01``, ``Jan 2025``) as ``YYYY-MM``."""
    text = plain(cell)
    found = re.match(r"^(\d{4})-?(\d{2})$", text)
    if found and 1 <= int(found.group(2)) <= 12:
        return f"{found.group(1)}-{found.group(2)}"
    found = re.match(r"^([^\W\d_]+)\.?\s+(\d{4})$", text)
    if found and (month := _MONTHS.get(found.group(1).casefold())):
        return f"{found.group(2)}-{month:02d}"
    return None


def period(text: Any) -> tuple[dt.date, dt.date] | None:
    """A date range as exports write it: ``20250101-20251231``, ``1 Jan 2025-31 Dec 2025``,
    ``27 January 2026 - 23 February 2026``, ``2009-12-28,2010-01-03``, ``01.01.2025 - 31.01.2025``,
    ``01.01.2025-31.01.2025``."""
    value = plain(text)
    found = re.match(r"^(\d{8})\s*-\s*(\d{8})$", value)
    if found:
        first, last = day(found.group(1)), day(found.group(2))
        return (first, last) if first and last and first <= last else None
    separators = (r"\s+-\s+", r"\s*[–—]\s*", r"\s+(?:bis|to)\s+", r"\s*,\s*(?=\d{4}-)", r"(?<=\d{4})-(?=\d{1,2}[.\s])")
    for pattern in separators:
        parts = re.split(pattern, value)
        if len(parts) == 2:
            first, last = day(parts[0]), day(parts[1])
            if first and last and first <= last:
                return first, last
    return None


def whole_months(first: dt.date, last: dt.date) -> list[str] | None:
    """The calendar months ``first``..``last`` covers when it covers only whole months, else ``None``."""
    if first.day != 1 or last.day != calendar.monthrange(last.year, last.month)[1] or last < first:
        return None
    months = [f"{first.year:04d}-{first.month:02d}"]
    while months[-1] != f"{last.year:04d}-{last.month:02d}":
        months.append(month_add(months[-1], 1))
    return months


def month_of_day(value: dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def months_label(months: Sequence[str]) -> str:
    return months[0] if len(months) == 1 else f"{months[0]}…{months[-1]}"
