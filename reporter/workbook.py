"""Reading and validating one client workbook into ``ClientData``, reporting every problem with its location.

The contract is documented in ``docs/workbook.md``. Workbooks are untrusted input: before openpyxl
parses anything, the file is checked for its kind (no .xls/.csv/.ods, no encrypted package), its size, the
uncompressed size and the compression ratio of each member (zip bombs) and for XML document type
declarations (entity bombs; openpyxl also parses through defusedxml). Sheets are read in openpyxl's
streaming mode with explicit row and column bounds, so a sheet's declared dimensions are never trusted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import itertools
import math
import re
import traceback
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PureWindowsPath
from typing import Any, TypeVar

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .config import Config
from .impact import catalog_for_config, classify_kpi
from .model import (
    Brand,
    Client,
    ClientData,
    Direction,
    Kpi,
    KpiClass,
    Measure,
    Problem,
    Question,
    ReporterError,
    Role,
    Severity,
    WorkbookError,
)
from .vocabulary import (
    CHANNELS,
    CLASSES,
    CLIENT_FIELDS,
    CLIENT_HEADER,
    DIRECTIONS,
    DISCIPLINES,
    KPI_COLUMNS,
    LANGUAGES,
    MEASURE_COLUMNS,
    QUESTIONS,
    ROLES,
    SHEETS,
    STATUSES,
    UNITS,
    label,
    languages_of,
    lookup,
    normalize,
)


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
FOREIGN_SUFFIXES = {
    ".xls": "an old Excel 97–2003 file (.xls)",
    ".xlsb": "a binary Excel file (.xlsb)",
    ".csv": "a CSV file",
    ".tsv": "a tab-separated text file",
    ".txt": "a text file",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".fods": "an OpenDocument spreadsheet (.fods)",
    ".numbers": "an Apple Numbers file",
}
SAVE_AS = "open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)"
# What a folder is expanded to: workbooks, and every spreadsheet a client may have sent instead, so that a CSV or
# an .ods is listed with the fix rather than skipped. A .txt in a folder is a note, not data.
FOLDER_SUFFIXES = WORKBOOK_SUFFIXES + tuple(suffix for suffix in FOREIGN_SUFFIXES if suffix != ".txt")
# The lock files office programs write beside a workbook while it is open, by their name for ``{}``.
LOCK_FILES = (("~${}", "Excel"), (".~lock.{}#", "LibreOffice"))

# Rows whose first filled cell starts with one of these are the template's example rows and are skipped.
EXAMPLE_PREFIXES = ("beispiel:", "example:")
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
MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 25_000_000  # what a logo never needs; the renderer decodes 4 bytes per pixel
MAX_TEXT = 10_000  # characters in one cell; longer text is an error (the commentary is the longest field)
LARGEST_NUMBER = 1e12  # anything larger is a typo or an attack (1e308), never a marketing figure
MIN_YEAR, MAX_YEAR = 2000, 2100
SLUG_MAX = 60
WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
EXCEL_ERRORS = {
    "#DIV/0!",
    "#N/A",
    "#NV",
    "#NAME?",
    "#NAME",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#WERT!",
    "#BEZUG!",
    "#ZAHL!",
    "#LEER!",
    "#GETTING_DATA",
    "#SPILL!",
    "#ÜBERLAUF!",
    "#CALC!",
    "#BERECHNEN!",
    "#FIELD!",
    "#BLOCKED!",
    "#UNKNOWN!",
    "#CONNECT!",
    "#BUSY!",
}
# Text that means "not measured" in a number cell, as agencies write it.
EMPTY_MARKERS = {"-", "–", "—", "n/a", "n. a.", "k. a.", "k.a."}

MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("januar", "jan", "jänner", "january"),
        ("februar", "feb", "february"),
        ("märz", "mär", "mrz", "marz", "march", "mar"),
        ("april", "apr"),
        ("mai", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "october", "oct"),
        ("november", "nov"),
        ("dezember", "dez", "december", "dec"),
    ],
    start=1,
):
    for _name in _names:
        MONTH_NAMES[normalize(_name)] = _number


def _named_month(name: str, year: int) -> tuple[int, int] | None:
    month = MONTH_NAMES.get(normalize(name))
    return (year, month) if month else None


_MONTH_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[int, int] | None]]] = [
    (
        re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"),
        lambda m: (int(m[1]), int(m[2])),
    ),
    (re.compile(r"(?:\d{1,2}\.)?(\d{1,2})[./-](\d{4})"), lambda m: (int(m[2]), int(m[1]))),
    (  # "Okt 2026", "Oct-2026" (Excel's mmm-yyyy pasted as text)
        re.compile(r"([a-zäöü]+)\.?[\s_/-]*'?(\d{4})"),
        lambda m: _named_month(m[1], int(m[2])),
    ),
    (  # "Okt 26", "Okt. '26", "Oct-26": agencies abbreviate the year in headers; a month name needs no day
        re.compile(r"([a-zäöü]+)\.?[\s_/-]*['’]?(\d{2})"),
        lambda m: _named_month(m[1], 2000 + int(m[2])),
    ),
]
_DATE_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[int, int, int]]]] = [
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), lambda m: (int(m[1]), int(m[2]), int(m[3]))),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), lambda m: (int(m[3]), int(m[2]), int(m[1]))),
]
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,}", re.UNICODE
)
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def _quote(value: object, limit: int = 60) -> str:
    """A cell's content for a one-line message: control characters made visible, long text shortened."""
    text = value if isinstance(value, str) else _plain(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value)


def slugify(text: str) -> str:
    """A file-name-safe id: lowercase ascii, umlauts transliterated, ``[a-z0-9-]``, never empty, short."""
    folded = text.strip().lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(src, dst)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:SLUG_MAX].strip("-")
    if not slug:
        # Names without any latin letter or digit still need a stable, distinct file name.
        slug = "client-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    if slug in WINDOWS_RESERVED:
        slug += "-client"
    return slug


def month_of(year: int, month: int) -> str | None:
    if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
        return f"{year:04d}-{month:02d}"
    return None


def parse_month(value: object) -> str | None:
    """``"YYYY-MM"`` for an Excel date or month text (``2026-10``, ``10/2026``, ``Okt 2026``), or ``None``."""
    if isinstance(value, dt.datetime | dt.date):
        return month_of(value.year, value.month)
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    for pattern, convert in _MONTH_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            found = convert(match)
            return month_of(*found) if found else None
    return None


def _looks_like_month(value: object) -> bool:
    """A header that was probably meant as a month: a date or number, only digits and separators
    (``2026-13``), or only month names and numbers (``Oktober 26``). ``Summe 2026`` is an extra column."""
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    if not isinstance(value, str):
        return False
    if re.fullmatch(r"[\d\s./'-]+", value) and re.search(r"\d", value):
        return True
    words = re.findall(r"[^\W\d_]+", value.lower())
    return bool(words) and all(normalize(word) in MONTH_NAMES for word in words)


def header_key(table: dict[str, dict[str, list[str]]], text: object) -> str | None:
    """The column or field of a header as people write it: ``Kunde:``, ``Ziel*``, ``Budget (€)``."""
    found = header_label(table, text)
    return found[0] if found else None


def header_label(table: dict[str, dict[str, list[str]]], text: object) -> tuple[str, str] | None:
    """The key of a header and the label it matched as written (``Ziel*`` → ``("target", "Ziel")``)."""
    if not isinstance(text, str):
        return None
    cleaned = text.strip().rstrip(":*").strip()
    forms = [cleaned]
    if cleaned.endswith(")") and "(" in cleaned:
        forms.append(cleaned[: cleaned.rindex("(")].strip().rstrip(":*").strip())
    for form in forms:
        key = lookup(table, form)
        if key is not None:
            return key, form
    return None


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern, convert in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return dt.date(*convert(match))
            except ValueError:
                return None
    month = parse_month(text)
    return dt.date(int(month[:4]), int(month[5:7]), 1) if month else None


# Units whose values never have three decimals: one separator before three digits groups thousands there.
WHOLE_UNITS = ("count", "eur")
# Units whose values often have decimals: there the workbook's thousands separator before three digits may be
# a decimal separator typed the other language's way.
FRACTION_UNITS = ("percent", "seconds", "points")
DECIMAL_SEPARATOR = {"de": ",", "en": "."}
# Number text that is accepted in any unit, in the workbook's language: listed where a text is refused.
ACCEPTED_NUMBER_FORMS = {
    "de": "1234 · 1.234.567 · 1.234,5 · 12,5 · 12,5 % · 1.200 € · 1.200,50 EUR",
    "en": "1234 · 1,234,567 · 1,234.5 · 12.5 · 12.5 % · €1,200 · 1,200.50 EUR",
}
_NUMBER_TEXT = re.compile(
    r"(?P<sign>[-+−–]?)\s*(?P<before>€|euro|eur)?\s*(?P<inner_sign>[-+−–]?)\s*"
    r"(?P<body>\d(?:[\d.,'’\s]*\d)?)\s*(?P<after>€|euro|eur|%)?",
    re.IGNORECASE,
)
MAX_NUMBER_TEXT = 40  # characters: "-1.234.567.890,50 EUR" has 21
_FOREIGN_CURRENCY = re.compile(r"(?i)(?<![a-z])(chf|sfr\.?|fr\.|usd|gbp)(?![a-z])|[$£]")
AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class NumberText:
    """What a number typed as text says: its value, or why it has none (``ambiguous``, ``currency``)."""

    value: float | None
    problem: str | None = None  # None, "ambiguous" or "currency"
    separator: str = ""  # of an ambiguous text: the one separator before three digits
    unit: str | None = None  # the unit that decided: from the text (€, %) or the KPI's


def read_number_text(text: str, lang: str = "de", unit: str | None = None) -> NumberText:
    """A number typed as text, the way agencies type it (see docs/workbook.md, *Values*).

    ``1.234`` is one thousand two hundred thirty-four wherever a value cannot have three decimals (a count,
    euros: ``€ 1.200``, ``1.200,50 EUR``) and, without a unit, where the dot is the workbook's thousands
    separator (German). Where decimals are usual (%, seconds, points) only the workbook's decimal separator
    makes a decimal; the other one before three digits stays ambiguous, as does a KPI without a unit written
    with the decimal separator before three digits.
    """
    t = text.strip()
    if len(t) > MAX_NUMBER_TEXT:  # no amount is that long; the pattern need not try
        return NumberText(None)
    negative = False
    if len(t) > 2 and t[0] == "(" and t[-1] == ")":  # accounting: (1.200) is -1200
        negative, t = True, t[1:-1].strip()
    match = _NUMBER_TEXT.fullmatch(t)
    if match is None or (match["sign"] and match["inner_sign"]) or (match["before"] and match["after"]):
        return NumberText(None, "currency" if _FOREIGN_CURRENCY.search(t) and re.search(r"\d", t) else None)
    sign = match["sign"] or match["inner_sign"]
    if negative and sign:
        return NumberText(None)
    negative = negative or sign in ("-", "−", "–")
    mark = (match["before"] or match["after"] or "").lower()
    context = "percent" if mark == "%" else "eur" if mark else unit
    value = _number_body(re.sub(r"[\s'’]+", "_", match["body"]), lang, context)
    if isinstance(value, str):
        return NumberText(None, AMBIGUOUS, value, context)
    if value is None:
        return NumberText(None)
    return NumberText(-value if negative else value, unit=context)


def _number_body(body: str, lang: str, unit: str | None) -> float | str | None:
    """The digits and separators of a number text (spaces and apostrophes already ``_``); the separator
    when ``1.234`` or ``1,234`` stays ambiguous; ``None`` when it is no number."""
    if re.fullmatch(r"\d+", body):
        return float(body)
    grouped = re.fullmatch(r"(\d{1,3}(?:_\d{3})+)(?:[.,](\d+))?", body)  # 1 234, Swiss 1'234.50
    if grouped:
        return float(grouped[1].replace("_", "") + "." + (grouped[2] or "0"))
    for group, decimal in ((".", ","), (",", ".")):
        g, d = re.escape(group), re.escape(decimal)
        if re.fullmatch(rf"\d{{1,3}}({g}\d{{3}})+{d}\d+|\d{{1,3}}({g}\d{{3}}){{2,}}", body):
            return float(body.replace(group, "").replace(decimal, "."))
    single = re.fullmatch(r"(\d+)([.,])(\d+)", body)
    if single is None:
        return None
    whole, separator, fraction = single.groups()
    as_decimal, as_thousands = float(f"{whole}.{fraction}"), float(whole + fraction)
    if len(fraction) != 3 or len(whole) > 3 or whole.startswith("0"):
        return as_decimal  # 12,5 · 0.500 · 1234.567: no thousands separator could stand there
    if unit in WHOLE_UNITS:
        return as_thousands
    is_decimal_separator = separator == DECIMAL_SEPARATOR.get(lang, ",")
    if unit in FRACTION_UNITS and is_decimal_separator:
        return as_decimal
    if unit not in FRACTION_UNITS and not is_decimal_separator:
        return as_thousands  # no unit: the workbook's own thousands separator
    return separator


def parse_number_text(text: str, lang: str = "de", unit: str | None = None) -> float | None:
    """A number typed as text, or ``None`` when it is none or stays ambiguous (see ``read_number_text``)."""
    return read_number_text(text, lang, unit).value


# ---- the reader ------------------------------------------------------------------------------------------


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


class _Reader:
    def __init__(self, path: Path, config: Config) -> None:
        self.path = path
        self.file = path.name
        self.config = config
        self.limits = config.limits
        self.problems: list[Problem] = []
        self.merged: dict[str, list[str]] = {}  # sheet title → merged ranges (``A1:C1``), from _scan_sheet
        self.last_row: dict[str, int] = {}  # sheet title → number of its last row, from _scan_sheet
        self.refusals: dict[str, str] = {}  # sheet title → why it is not handed to openpyxl, from _scan_sheet
        self.votes = {"de": 0, "en": 0}  # labels of the workbook found only in German / only in English
        self.headers: dict[str, dict[str, str]] = {}  # sheet title → column or field → its name as written
        self.sheet_titles: dict[str, str] = {}  # client, kpis, measures → the sheet's title, from find_sheets
        self.origins: dict[str, tuple[str, str]] = {}  # ClientData.origins: value → (sheet, cell)

    # -- problems ------------------------------------------------------------------------------------------
    def error(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, sheet, cell, Severity.ERROR))

    def warn(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, sheet, cell, Severity.WARNING))

    def internal(self, exc: BaseException, sheet: str | None = None) -> None:
        """Our own code failed on this file: a bug to report, kept apart from the file's problems."""
        details = "".join(traceback.format_exception(exc))
        self.problems.append(Problem.internal_error(self.file, sheet, details))

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    # -- the workbook's language ---------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        """The language of the workbook's labels (sheet names, fields, column headers) read so far: German
        unless more of them are only English. It decides how number text is read and how messages name
        columns; the client's ``Sprache`` is the report's language, not necessarily the agency's."""
        return "en" if self.votes["en"] > self.votes["de"] else "de"

    def label_seen(self, table: dict[str, dict[str, list[str]]], text: object, sheet: str | None = None) -> None:
        """A sheet name, field or column header the reader recognised: a vote for its language, and the
        name that messages use for it in this ``sheet``."""
        found = header_label(table, text)
        if found is None:
            return
        key, written = found
        langs = languages_of(table, written)
        if len(langs) == 1:
            self.votes[langs.pop()] += 1
        if sheet is not None:
            self.headers.setdefault(sheet, {})[key] = written

    def column(self, sheet: str, table: dict[str, dict[str, list[str]]], key: str) -> str:
        """A column or field as this workbook names it: its own header, else the label in its language."""
        return self.headers.get(sheet, {}).get(key) or label(table, key, self.lang)

    def named(self, table: dict[str, dict[str, list[str]]], key: str, *, quoted: bool = True) -> str:
        """A sheet, field or column the workbook lacks: ``"Kunde" (Client)``, or ``"Client"`` in English."""
        german, english = table[key]["de"][0], table[key]["en"][0]
        if quoted:
            return f'"{english}"' if self.lang == "en" else f'"{german}" ({english})'
        return english if self.lang == "en" else f"{german} ({english})"

    def expected(self, table: dict[str, dict[str, list[str]]]) -> str:
        return "expected one of: " + ", ".join(label(table, key, self.lang) for key in table)

    # -- the file as a whole -------------------------------------------------------------------------------
    def preflight(self) -> bytes | None:
        """Refuse what openpyxl should never see; returns the file's bytes when it may be parsed."""
        path = self.path
        if not path.exists():
            self.error("file not found")
            return None
        if path.is_dir():
            self.error("is a folder, not a workbook")
            return None
        if path.name.startswith("~$") and not _is_zip(path):
            self.error(f"this is Excel's lock file: close the workbook in Excel and name {path.name[2:]} instead")
            return None
        for pattern, program in LOCK_FILES:
            lock = path.with_name(pattern.format(path.name))
            if lock.exists():
                self.warn(
                    f"{lock.name} is {program}'s lock file: close the workbook in {program}, or changes not "
                    "saved yet are missing"
                )
        suffix = path.suffix.lower()
        if suffix in FOREIGN_SUFFIXES:
            self.error(f"this is {FOREIGN_SUFFIXES[suffix]}: {SAVE_AS}")
            return None
        limit = self.limits.max_file_mb * 1e6
        try:
            size = path.stat().st_size
            data = path.read_bytes() if 0 < size <= limit else b""  # a file over the limit is never read
        except OSError as exc:  # no permission, a device, a file removed meanwhile: not a bug of ours
            self.error(f"the file cannot be read ({exc.strerror or type(exc).__name__})")
            return None
        if size == 0:
            self.error("the file is empty (0 bytes)")
            return None
        if size > limit:
            self.error(
                f"the file is too large ({size / 1e6:.1f} MB; the limit is {self.limits.max_file_mb:g} MB, "
                "limits.max_file_mb in reporter.toml)"
            )
            return None
        if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            # An OLE compound file: either a legacy .xls or an encrypted (password-protected) .xlsx.
            if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
                self.error(
                    "the file is password-protected (encrypted): remove the password in Excel "
                    "(File › Info › Protect Workbook › Encrypt with Password) and save it again"
                )
            else:
                self.error(f"this is {FOREIGN_SUFFIXES['.xls']}: {SAVE_AS}")
            return None
        if not data.startswith(b"PK"):
            head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
            if head.startswith((b"<?xml", b"<html", b"<!doctype", b"<table")):
                kind = "an XML or HTML file, not an Excel workbook"
            else:
                kind = "not an Excel workbook (.xlsx)"
            self.error(f"this is {kind}: {SAVE_AS}")
            return None
        return data if self._check_archive(data) else None

    def _check_archive(self, data: bytes) -> bool:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = archive.infolist()
                names = {m.filename for m in members}
                if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
                    self.error(f"this is {FOREIGN_SUFFIXES['.ods']}: {SAVE_AS}")
                    return False
                if "xl/workbook.bin" in names:
                    self.error(f"this is {FOREIGN_SUFFIXES['.xlsb']}: {SAVE_AS}")
                    return False
                if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
                    self.error(f"this is a zip archive, not an Excel workbook: {SAVE_AS}")
                    return False
                if len(members) > MAX_MEMBERS:
                    self.error(f"the archive has {len(members)} parts, far more than any workbook: refused")
                    return False
                total = sum(m.file_size for m in members)
                if total > self.limits.max_uncompressed_mb * 1e6:
                    self.error(
                        f"the uncompressed content is too large ({total / 1e6:.0f} MB; the limit is "
                        f"{self.limits.max_uncompressed_mb:g} MB, limits.max_uncompressed_mb in "
                        "reporter.toml)"
                    )
                    return False
                for member in members:
                    ratio = member.file_size / max(member.compress_size, 1)
                    if member.file_size > RATIO_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
                        self.error(
                            f'the part "{member.filename}" is compressed {ratio:.0f}:1, which only crafted '
                            "files do (a zip bomb): refused"
                        )
                        return False
                    limit = _whole_part_limit(member.filename)
                    if limit is not None and member.file_size > limit:
                        self.error(
                            f'the part "{member.filename}" is {member.file_size / 1e6:.0f} MB, far more than '
                            "a client workbook needs "
                            f"(at most {limit // 1_000_000} MB): refused"
                        )
                        return False
                for member in members:
                    if member.filename.lower().endswith((".xml", ".rels", ".vml")) and member.file_size:
                        with archive.open(member) as stream:
                            doctype = _declares_doctype(stream)
                        if doctype:
                            self.error(
                                f'the part "{member.filename}" declares an XML document type (DOCTYPE), '
                                "which "
                                "Excel never writes: refused as a possible XML entity attack"
                            )
                            return False
        except _ZIP_ERRORS as exc:
            self.error(f"the file is damaged (not a readable zip archive: {_one_line(str(exc))}): {SAVE_AS}")
            return False
        except RuntimeError:  # zipfile raises it for encrypted members
            self.error(
                "the archive is encrypted (password-protected parts): remove the password and save it again"
            )
            return False
        except Exception as exc:  # whatever else zipfile raises on a crafted archive; our own bugs go on
            refusal = _refusal(exc)
            if refusal is None:
                raise
            self.error(f"the file is damaged ({refusal}): {SAVE_AS}")
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
                    "the file contains XML entity declarations: refused as a possible XML entity attack"
                )
            else:
                self.error(f"the file cannot be read as an Excel workbook ({refusal}): {SAVE_AS}")
            return None

    def find_sheets(self, wb: Any) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for ws in wb.worksheets + list(getattr(wb, "chartsheets", [])):
            self.label_seen(SHEETS, ws.title)
        for ws in wb.worksheets + list(getattr(wb, "chartsheets", [])):
            key = lookup(SHEETS, ws.title)
            if key is None or key == "instructions":
                continue
            if key in found:
                self.error(
                    f'two sheets are the {label(SHEETS, key, self.lang)} sheet: "{found[key].title}" and '
                    f'"{ws.title}"; rename or delete one of them',
                    ws.title,
                )
                continue
            if not hasattr(ws, "iter_rows"):
                self.error(f'"{ws.title}" is a chart sheet, not a table', ws.title)
                continue
            if getattr(ws, "sheet_state", "visible") != "visible":
                self.warn(f'the sheet "{ws.title}" is hidden; it was read anyway', ws.title)
            found[key] = ws
            self.sheet_titles[key] = ws.title
        for key in ("client", "kpis", "measures"):
            if key not in found and not any(
                p.sheet and lookup(SHEETS, p.sheet) == key for p in self.problems
            ):
                message = f"missing sheet {self.named(SHEETS, key)}"
                if key == "measures":
                    self.warn(message + ": the report will list no measures")
                else:
                    self.error(message)
        return found

    def rows(self, ws: Any) -> Iterator[tuple[int, list[_Cell]]]:
        """The sheet's non-empty rows within the limits, each as a list of cells from column A."""
        max_rows, max_cols = self.limits.max_rows, self.limits.max_columns
        with _parsing():
            missing_results, broken = self._scan_sheet(ws)
        for (row, col), stored in sorted(broken.items()):
            if stored is None:
                self.error(
                    f"the sheet has more than {max_cols} columns; the limit is {max_cols} "
                    "(limits.max_columns in reporter.toml)",
                    ws.title,
                    f"{get_column_letter(min(col, MAX_SHEET_COLUMNS))}{row}",
                )
                continue
            self.error(
                f"the stored value {_quote(stored)} is not a usable number, date or text",
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
        for index, raw in enumerate(_parsed(source), 1):
            cells: list[_Cell] = []
            for col, cell in enumerate(raw, 1):
                value = cell.value
                formula = (index, col) in missing_results
                if value is None and not formula:
                    continue
                if isinstance(value, str):
                    # Text longer than any field needs is cut here: a giant string costs nothing later.
                    value = value[: MAX_TEXT + 1].replace("\r\n", "\n")
                    if not value.strip():
                        continue
                cells.extend(_Cell(None, index, c) for c in range(len(cells) + 1, col))
                cells.append(_Cell(value, index, col, _number_format(cell), cell.data_type == "e", formula))
            if not cells:
                continue
            if index > max_rows:
                self.error(
                    f"the sheet has more than {max_rows} rows; the limit is {max_rows} "
                    "(limits.max_rows in reporter.toml)",
                    ws.title,
                    cells[0].ref,
                )
                return
            if len(cells) > max_cols:
                self.error(
                    f"the sheet has more than {max_cols} columns; the limit is {max_cols} "
                    "(limits.max_columns in reporter.toml)",
                    ws.title,
                    cells[-1].ref,
                )
                return
            yield index, cells

    def _scan_sheet(self, ws: Any) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
        """One cheap pass over the sheet's XML for what openpyxl cannot tell us or would crash on.

        Returns the cells holding a formula without a saved result (openpyxl reports them as empty in
        data-only mode) and the cells whose stored value openpyxl cannot convert (``NaN``, ``INF``, a broken
        date or text reference), keyed by (row, column). A cell beyond the column limit is returned as broken
        with the value ``None`` (openpyxl would build a whole row of a million cells in memory before any
        limit applies, so such a sheet is never handed to it). Merged ranges are kept in ``self.merged``, the
        last row's number in ``self.last_row``. Every element is dropped as soon as it is looked at, so memory
        stays flat however long a row or a list of merged ranges is; the scan ends with the merged ranges,
        since nothing after them in a sheet matters here.
        """
        path = getattr(ws, "_worksheet_path", None)
        archive = getattr(ws.parent, "_archive", None)
        if path is None or archive is None:
            return set(), {}
        from defusedxml.ElementTree import iterparse

        shared = getattr(ws, "_shared_strings", None)
        missing: set[tuple[int, int]] = set()
        broken: dict[tuple[int, int], str | None] = {}
        merged: list[str] = []
        row_index = col_index = cells_in_row = in_cell = last_row = cell_parts = 0
        row_element = None
        stack: list[Any] = []  # the open elements, root first
        after_data = False
        with archive.open(path) as source:
            for event, element in iterparse(source, events=("start", "end")):
                tag = element.tag.rsplit("}", 1)[-1]
                if event == "start":
                    if after_data and len(stack) == 1 and tag not in _BEFORE_MERGES:
                        break  # conditional formats, validations, drawings …: none of them is data
                    stack.append(element)
                    if tag == "row":
                        row_index = _row_number(element.get("r"), row_index + 1)
                        last_row = max(last_row, row_index)
                        col_index = cells_in_row = 0
                        row_element = element
                    elif tag == "c":
                        in_cell += 1
                        cell_parts = 0
                    elif in_cell:
                        cell_parts += 1
                        if cell_parts > MAX_CELL_PARTS:  # a million rich-text runs: only crafted cells
                            self.refusals[ws.title] = (
                                f"a cell in row {row_index} has more than {MAX_CELL_PARTS:,} parts, far more "
                                "than any text: refused"
                            )
                            break
                    continue
                stack.pop()
                if tag == "c":
                    in_cell -= 1
                if tag == "mergeCell" and element.get("ref"):
                    merged.append(element.get("ref"))
                    if len(merged) > MAX_MERGED_RANGES:
                        self.refusals[ws.title] = (
                            f"the sheet has more than {MAX_MERGED_RANGES:,} merged cell ranges, far more "
                            "than any workbook: refused"
                        )
                        break
                elif tag == "row":
                    if row_index > self.limits.max_rows + 1:
                        break
                elif tag == "c" and row_element is not None:
                    ref = element.get("r")
                    col_index = _column_index(ref) if ref else col_index + 1
                    cells_in_row += 1
                    beyond = col_index > self.limits.max_columns and len(element)  # a filled cell past it
                    if beyond or cells_in_row > MAX_SHEET_COLUMNS:  # ... or a crafted row
                        broken[(row_index, col_index)] = None
                        break
                    kind = element.get("t", "n")
                    formula = value = None
                    for child in element:
                        name = child.tag.rsplit("}", 1)[-1]
                        if name == "f":
                            formula = child
                        elif name == "v":
                            value = child.text
                        elif name == "is":
                            value = "inline"
                    if formula is not None and not value and kind != "str":
                        missing.add((row_index, col_index))
                    elif value and not _convertible(kind, value, shared):
                        broken[(row_index, col_index)] = value
                elif tag == "sheetData":
                    after_data = True
                elif tag == "mergeCells":
                    break
                if stack and not in_cell:
                    stack[-1].remove(element)  # looked at, so gone (it is its parent's only child by now)
        self.merged[ws.title] = merged
        self.last_row[ws.title] = last_row
        return missing, broken  # type: ignore[return-value]

    # -- cell values ---------------------------------------------------------------------------------------
    def text(self, cell: _Cell, sheet: str, *, multiline: bool = False) -> str | None:
        if self.formula_missing(cell, sheet) or cell.empty:
            return None
        if cell.is_error or (isinstance(cell.value, str) and cell.value.strip().upper() in EXCEL_ERRORS):
            self.error(
                f"Excel error {_quote(cell.value)}: fix the formula or clear the cell", sheet, cell.ref
            )
            return None
        value = _plain(cell.value)
        if len(value) > MAX_TEXT:
            self.error(f"the text is too long (more than {MAX_TEXT:,} characters)", sheet, cell.ref)
            return None
        value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc")
        value = unicodedata.normalize("NFC", value)
        if multiline:
            return "\n".join(line.strip() for line in value.strip().split("\n"))
        return " ".join(value.split())

    def formula_missing(self, cell: _Cell, sheet: str) -> bool:
        if cell.formula and cell.value is None:
            self.error(
                "the formula here has no saved result (the file was written by a program that does not "
                "calculate): open the file in Excel or LibreOffice and save it",
                sheet,
                cell.ref,
            )
            return True
        return False

    def number(self, cell: _Cell, sheet: str, *, what: str = "a number", unit: str | None = None) -> float | None:
        """A finite number or ``None`` for an empty cell; anything else is an error at the cell. The ``unit``
        (count, eur, percent, seconds, points) decides how number text such as ``1.234`` is read."""
        seconds = unit == "seconds"
        if self.formula_missing(cell, sheet):
            return None
        value = cell.value
        if value is None:
            return None
        if cell.is_error or (isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS):
            self.error(
                f"Excel error {_quote(value)} where {what} belongs: fix the formula or clear the cell",
                sheet,
                cell.ref,
            )
            return None
        if isinstance(value, bool):
            self.error(f"{_quote(value)} is not a number", sheet, cell.ref)
            return None
        if seconds and isinstance(value, dt.timedelta):
            return value.total_seconds()
        if seconds and isinstance(value, dt.time):
            return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            self.error(f"{_quote(value)} is a date or time, not a number", sheet, cell.ref)
            return None
        if isinstance(value, str):
            text = value.strip()
            if not text or text.lower() in EMPTY_MARKERS:
                return None
            parsed = read_number_text(text, self.lang, unit)
            if parsed.value is None:
                self.error(self._refused_number(text, parsed, sheet), sheet, cell.ref)
                return None
            value = parsed.value
        if not isinstance(value, int | float):
            self.error(f"{_quote(value)} is not a number", sheet, cell.ref)
            return None
        number = float(value)
        if not math.isfinite(number) or abs(number) > LARGEST_NUMBER:
            self.error(f"{_quote(value)} is not a usable number (too large or not finite)", sheet, cell.ref)
            return None
        return number

    def _refused_number(self, text: str, parsed: NumberText, sheet: str) -> str:
        """Why a number text was refused, with the forms that are accepted in this workbook's language."""
        forms = f"accepted forms: {ACCEPTED_NUMBER_FORMS[self.lang]}"
        if parsed.problem == "currency":
            return f"{_quote(text)} is not in euros: the report shows amounts in €; convert it to euros"
        if parsed.problem != AMBIGUOUS:
            return f"{_quote(text)} is not a number" + (f"; {forms}" if re.search(r"\d", text) else "")
        whole, fraction = re.findall(r"\d+", text)[:2]
        sign = "-" if re.match(r"\s*[-−–]", text) else ""
        kind = "point" if parsed.separator == "." else "comma"
        doubt = f"(a thousands separator or a decimal {kind}?)"
        if parsed.unit is None:
            unit_column = self.column(sheet, KPI_COLUMNS, "unit")
            examples = " or ".join(label(UNITS, key, self.lang) for key in ("count", "percent"))
            return (
                f"{_quote(text)} is ambiguous for a KPI without a unit {doubt}: type {sign}{whole}{fraction}, "
                f"or set the {unit_column} (e.g. {examples}); {forms}"
            )
        decimal = f"{sign}{whole}{DECIMAL_SEPARATOR[self.lang]}{fraction}"
        unit_text = {"percent": "%", "seconds": "seconds", "points": "points"}.get(parsed.unit, parsed.unit)
        return (
            f"{_quote(text)} is ambiguous for a value in {unit_text} {doubt}: type {sign}{whole}{fraction} or "
            f"{decimal}; {forms}"
        )

    def choice(
        self, cell: _Cell, sheet: str, table: dict[str, dict[str, list[str]]], what: str, required: bool = False
    ) -> str | None:
        """A value from a fixed vocabulary. Unknown values of optional columns are ignored with a warning (the
        report can still be built: channel, unit and direction are then inferred); only values the report
        cannot do without (role, language) are errors."""
        text = self.text(cell, sheet)
        if text is None:
            return None
        key = lookup(table, text)
        if key is None and required:
            self.error(f"unknown {what} {_quote(text)} ({self.expected(table)})", sheet, cell.ref)
        elif key is None:
            self.warn(f"unknown {what} {_quote(text)} was ignored ({self.expected(table)})", sheet, cell.ref)
        return key

    # -- the Kunde sheet -----------------------------------------------------------------------------------
    def read_client(self, ws: Any) -> dict[str, Any]:
        sheet = ws.title
        field_col, value_col = 0, 1
        cells: dict[str, tuple[_Cell, _Cell]] = {}
        for _index, row in self.rows(ws):
            keys = [header_key(CLIENT_HEADER, c.value) for c in row] if not cells else []
            if "field" in keys and "value" in keys:
                # The Feld | Wert header may follow title rows, and it says where the two columns are.
                field_col, value_col = keys.index("field"), keys.index("value")
                for part in ("field", "value"):
                    self.label_seen(CLIENT_HEADER, row[keys.index(part)].value)
                continue
            name_cell, value_cell = _at(row, field_col), _at(row, value_col)
            name = self.text(name_cell, sheet)
            if name is None or _is_example(name):
                continue
            key = header_key(CLIENT_FIELDS, name)
            if key is not None and key not in cells:
                self.label_seen(CLIENT_FIELDS, name, sheet)
            if key is None:
                if not value_cell.empty:
                    self.warn(f"unknown field {_quote(name)} was ignored", sheet, name_cell.ref)
                continue
            if key in cells:
                self.error(
                    f"the field {_quote(name)} appears twice (also in {cells[key][0].ref})",
                    sheet,
                    name_cell.ref,
                )
                continue
            cells[key] = (name_cell, value_cell)

        for name_cell, value_cell in cells.values():
            for ref in self.merged.get(sheet, []):
                first_col, first_row, last_col, last_row = _bounds(ref)
                in_rows = first_row <= name_cell.row <= last_row
                if in_rows and first_col <= name_cell.col and last_col >= value_cell.col:
                    self.error(
                        f"the field {_quote(name_cell.value)} and its value are merged into one cell "
                        f"({ref}): unmerge them",
                        sheet,
                        value_cell.ref,
                    )
        values: dict[str, Any] = {}
        for key in ("name", "role"):
            if key not in cells or cells[key][1].empty:
                where = cells[key][1].ref if key in cells else None
                self.error(f"required field {self.named(CLIENT_FIELDS, key)} is empty or missing", sheet, where)
        for key, (_name_cell, cell) in cells.items():
            values[key] = self._client_value(key, cell, sheet)
            self.origins[f"client.{key}"] = (sheet, cell.ref)
        values["_cells"] = cells
        return values

    def _client_value(self, key: str, cell: _Cell, sheet: str) -> Any:
        if key == "role":
            role = self.choice(cell, sheet, ROLES, "marketing role", required=True)
            return Role(role) if role else None
        if key == "language":
            return self.choice(cell, sheet, LANGUAGES, "language", required=True)
        if key == "report_month":
            if self.formula_missing(cell, sheet) or cell.empty:
                return None
            month = parse_month(cell.value)
            if month is None:
                self.error(
                    f"{_quote(cell.value)} is not a month (expected YYYY-MM text such as 2026-10, or a date "
                    f"between {MIN_YEAR} and {MAX_YEAR})",
                    sheet,
                    cell.ref,
                )
            return month
        if key == "recipients":
            return self._recipients(cell, sheet)
        if key in ("primary", "accent"):
            text = self.text(cell, sheet)
            if text is None:
                return None
            if not _COLOUR.fullmatch(text):
                self.error(
                    f"{_quote(text)} is not a colour (expected #RRGGBB, e.g. #1F5C99)", sheet, cell.ref
                )
                return None
            return text.upper()
        if key == "logo":
            return self._logo(cell, sheet)
        return self.text(cell, sheet, multiline=key == "comment")

    def _recipients(self, cell: _Cell, sheet: str) -> tuple[str, ...]:
        if self.formula_missing(cell, sheet) or cell.empty:
            return ()
        raw = _plain(cell.value)
        if "\n" in raw or "\r" in raw:
            self.error(
                f"{_quote(raw)}: the recipients contain a line break; separate addresses with ; or ,",
                sheet,
                cell.ref,
            )
            return ()
        found: list[str] = []
        for part in re.split(r"[;,]", raw):
            part = part.strip()
            if not part:
                continue
            named = re.fullmatch(r"[^<>]*<([^<>]+)>", part)
            address = named[1].strip() if named else part
            if not _EMAIL.fullmatch(address) or len(address) > 254:
                self.error(f"{_quote(part)} is not a valid e-mail address", sheet, cell.ref)
                continue
            if address.lower() not in (a.lower() for a in found):
                found.append(address)
        return tuple(found)

    def _logo(self, cell: _Cell, sheet: str) -> Path | None:
        text = self.text(cell, sheet)
        if text is None:
            return None
        bad = f"logo {_quote(text)}"
        if (
            re.match(r"(?i)^[a-z][a-z0-9+.-]*:", text)
            and not re.match(r"(?i)^[a-z]:[\\/]", text)
            or text.startswith("//")
        ):
            self.error(
                f"{bad} is a web address or URL; put the image file beside the workbook and give its "
                "name, e.g. logo.png",
                sheet,
                cell.ref,
            )
            return None
        if (
            text.startswith(("/", "\\", "~"))
            or PureWindowsPath(text).is_absolute()
            or re.match(r"(?i)^[a-z]:", text)
        ):
            self.error(
                f"{bad} is an absolute path; give a path relative to the workbook's folder, e.g. logo.png",
                sheet,
                cell.ref,
            )
            return None
        folder = self.path.parent.resolve()
        try:
            target = (folder / text.replace("\\", "/")).resolve()
        except (OSError, RuntimeError) as exc:  # a loop of symbolic links (RuntimeError before Python 3.13)
            reason = getattr(exc, "strerror", None) or "a loop of links"
            self.error(f"{bad} cannot be followed ({reason}); put the image file beside the workbook", sheet, cell.ref)
            return None
        if not target.is_relative_to(folder):
            self.error(
                f"{bad} points outside the workbook's folder; put the image beside the workbook",
                sheet,
                cell.ref,
            )
            return None
        if not target.is_file():
            self.error(f"{bad}: file not found beside the workbook", sheet, cell.ref)
            return None
        try:
            with target.open("rb"):  # the checks below read it: unreadable is the file's matter, not a bug of ours
                pass
        except OSError as exc:
            self.error(f"{bad} cannot be read ({exc.strerror or type(exc).__name__})", sheet, cell.ref)
            return None
        if target.stat().st_size > MAX_LOGO_BYTES:
            self.error(f"{bad} is larger than {MAX_LOGO_BYTES // 1_000_000} MB", sheet, cell.ref)
            return None
        if target.suffix.lower() == ".svg":
            prolog = target.read_bytes().split(b"<svg", 1)[0]
            if b"<!ENTITY" in prolog or re.search(rb"<!DOCTYPE[^>\[]*\[", prolog):
                self.error(
                    f"{bad} declares XML entities (a DOCTYPE with an internal subset), which a logo never "
                    "needs: refused as a possible XML entity attack",
                    sheet,
                    cell.ref,
                )
                return None
            reference = _svg_reference(target)
            if reference is not None:
                # the renderer would refuse it too, but only at build time and without the cell
                self.error(
                    f"{bad} refers to {_quote(reference)}: an SVG logo must contain everything it shows "
                    "(embedded images, no links to other files or web addresses)",
                    sheet,
                    cell.ref,
                )
                return None
        kind = _image_kind(target)
        if kind is None:
            self.error(f"{bad} is not a PNG, JPEG or SVG image", sheet, cell.ref)
            return None
        if kind in ("png", "jpeg"):
            size = _pixel_size(target)  # unreadable: the renderer reports the broken image
            if size is not None and size[0] * size[1] > MAX_LOGO_PIXELS:
                # a small file can declare a huge picture: decoding 12,000 × 12,000 pixels takes over 1 GB
                self.error(
                    f"{bad} is {size[0]:,} × {size[1]:,} pixels; a logo may have at most "
                    f"{MAX_LOGO_PIXELS // 1_000_000} megapixels (e.g. 5,000 × 5,000): save a smaller version",
                    sheet,
                    cell.ref,
                )
                return None
        return target

    # -- the Kennzahlen and Maßnahmen sheets ---------------------------------------------------------------
    def table(
        self, ws: Any, columns: dict[str, dict[str, list[str]]], *, months: bool
    ) -> tuple[dict[str, int], dict[int, str], list[tuple[int, list[_Cell]]]] | None:
        """Header (field → column index), month columns (index → month) and the data rows after the header."""
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
            header_row = header[0].row
            for ref in self.merged.get(sheet, []):
                first_col, first_row, last_col, last_row = _bounds(ref)
                if first_row <= header_row <= last_row and last_col > first_col:
                    # the merged-away headers would silently drop their columns (a month, Kanal, Einheit)
                    self.error(
                        f"the header cells {ref} are merged: unmerge them so that every column has its own "
                        "header",
                        sheet,
                        f"{get_column_letter(first_col)}{header_row}",
                    )
        if header is None:
            if any(p.sheet == sheet and p.severity is Severity.ERROR for p in self.problems):
                return None  # the sheet could not be read; that error says what to fix
            self.error(f"no header row with a {self.named(columns, 'name')} column", sheet)
            return None
        fields: dict[str, int] = {}
        month_cols: dict[int, str] = {}
        seen_months: dict[str, str] = {}
        for col, cell in enumerate(header):
            if self.formula_missing(cell, sheet) or cell.empty:
                continue
            key = header_key(columns, cell.value)
            if key is not None:
                if key not in fields:
                    self.label_seen(columns, cell.value, sheet)
                if key in fields:
                    self.error(
                        f"the column {_quote(cell.value)} appears twice (also in {header[fields[key]].ref})",
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
                if _looks_like_month(cell.value):
                    self.error(
                        f"{_quote(cell.value)} is not a month header (expected YYYY-MM text such as 2026-10, "
                        f"or a date between {MIN_YEAR} and {MAX_YEAR})",
                        sheet,
                        cell.ref,
                    )
                elif re.search(r"\d{4}", str(cell.value)):
                    self.warn(
                        f"the column {_quote(cell.value)} is neither a known column nor a month "
                        "and was ignored",
                        sheet,
                        cell.ref,
                    )
                continue
            if month in seen_months:
                self.error(f"the month {month} appears twice (also in {seen_months[month]})", sheet, cell.ref)
                continue
            seen_months[month] = cell.ref
            month_cols[col] = month
        data = [(index, row) for index, row in rows]
        return fields, month_cols, data

    def read_measures(self, ws: Any) -> list[Measure]:
        sheet = ws.title
        parsed = self.table(ws, MEASURE_COLUMNS, months=False)
        if parsed is None:
            return []
        fields, _months, rows = parsed
        measures: list[Measure] = []
        seen: dict[str, str] = {}
        for index, row in rows:
            get = _getter(row, fields)
            name_cell = get("name")
            name = self.text(name_cell, sheet)
            if name is not None and _is_example(name):
                continue
            if name is None:
                if any(not get(k).empty for k in fields if k != "name"):
                    self.error(
                        f"the measure has no name (column {self.column(sheet, MEASURE_COLUMNS, 'name')})",
                        sheet,
                        name_cell.ref,
                    )
                continue
            key = normalize(name)
            if key in seen:
                self.error(f"duplicate measure {_quote(name)} (also in {seen[key]})", sheet, name_cell.ref)
                continue
            seen[key] = name_cell.ref
            start = self._date(get("start"), sheet)
            end = self._date(get("end"), sheet)
            if start and end and end < start:
                self.error(
                    f"the end {end:%d.%m.%Y} is before the start {start:%d.%m.%Y}", sheet, get("end").ref
                )
            budget = self.number(get("budget"), sheet, what="a budget", unit="eur")
            if budget is not None and budget < 0:
                self.error(f"negative budget {_quote(get('budget').value)}", sheet, get("budget").ref)
                budget = None
            self.note_origins(f"measures.{len(measures)}", sheet, fields, get)
            measures.append(
                Measure(
                    name=name,
                    discipline=self.choice(get("discipline"), sheet, DISCIPLINES, "discipline"),
                    start=start,
                    end=end,
                    status=self.choice(get("status"), sheet, STATUSES, "status"),
                    landing_page=self._url(get("landing_page"), sheet),
                    budget=budget,
                    note=self.text(get("note"), sheet, multiline=True),
                    row=index,
                )
            )
        return measures

    def note_origins(self, prefix: str, sheet: str, fields: dict[str, int], get: Callable[[str], _Cell]) -> None:
        """Remember the cell of each field of one table row (``kpis.3.name`` → ``A5``)."""
        for key in fields:
            self.origins[f"{prefix}.{key}"] = (sheet, get(key).ref)

    def _date(self, cell: _Cell, sheet: str) -> dt.date | None:
        if self.formula_missing(cell, sheet) or cell.empty:
            return None
        date = parse_date(cell.value)
        if date is None or not MIN_YEAR <= date.year <= MAX_YEAR:
            self.error(
                f"{_quote(cell.value)} is not a date (expected a date such as 01.03.2026 or 2026-03-01, "
                f"between {MIN_YEAR} and {MAX_YEAR})",
                sheet,
                cell.ref,
            )
            return None
        return date

    def _url(self, cell: _Cell, sheet: str) -> str | None:
        text = self.text(cell, sheet)
        if text is None:
            return None
        if re.match(r"(?i)^www\.", text) or re.fullmatch(r"(?i)[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", text):
            text = "https://" + text
        if not re.fullmatch(r"(?i)https?://[^\s/?#<>\"'`\\]+\.[^\s/?#<>\"'`\\]+([/?#][^\s<>\"'`\\]*)?", text):
            self.error(f"{_quote(text)} is not a web address (expected https://…)", sheet, cell.ref)
            return None
        return text

    def read_kpis(self, ws: Any, measures: list[Measure]) -> tuple[list[Kpi], list[str], dict[str, Any]]:
        sheet = ws.title
        parsed = self.table(ws, KPI_COLUMNS, months=True)
        if parsed is None:
            return [], [], {}
        fields, month_cols, rows = parsed
        if not month_cols:
            self.error(
                "no month columns: head each month's column with YYYY-MM text (e.g. 2026-10) or a date", sheet
            )
        if "target" not in fields:
            self.warn(f"no {self.named(KPI_COLUMNS, 'target', quoted=False)} column: no KPI has a target", sheet)
        measure_names = {normalize(m.name): m.name for m in measures}
        kpis: list[Kpi] = []
        seen: dict[str, str] = {}
        cells_by_kpi: dict[str, dict[str, _Cell]] = {}
        for index, row in rows:
            get = _getter(row, fields)
            name_cell = get("name")
            name = self.text(name_cell, sheet)
            if name is not None and _is_example(name):
                continue
            if name is None:
                filled = [get(k) for k in fields if k != "name"] + [_at(row, c) for c in month_cols]
                if any(not c.empty for c in filled):
                    self.error(
                        f"the KPI has no name (column {self.column(sheet, KPI_COLUMNS, 'name')})",
                        sheet,
                        name_cell.ref,
                    )
                continue
            if all(c.empty and not c.formula for c in row if c is not name_cell):
                # Agencies group KPIs under heading rows ("Website", "Social Media"): a name and nothing else.
                self.warn(
                    f"the row {_quote(name)} has no other entries and was skipped as a heading",
                    sheet,
                    name_cell.ref,
                )
                continue
            key = normalize(name)
            if key in seen:
                self.error(f"duplicate KPI {_quote(name)} (also in {seen[key]})", sheet, name_cell.ref)
                continue
            seen[key] = name_cell.ref
            unit = self.choice(get("unit"), sheet, UNITS, "unit")
            values: dict[str, _Cell] = {month: _at(row, col) for col, month in month_cols.items()}
            if unit is None and get("unit").empty and any("%" in c.number_format for c in values.values()):
                unit = "percent"  # formatted as percent in Excel: that is the unit
            monthly = {m: self._kpi_value(c, sheet, unit) for m, c in values.items()}
            target_cell = get("target")
            target = self._kpi_value(target_cell, sheet, unit) if "target" in fields else None
            no_target = target is None and "target" in fields and not self._has_error_at(sheet, target_cell.ref)
            measure_name = self.text(get("measure"), sheet)
            if measure_name is not None:
                known = measure_names.get(normalize(measure_name))
                if known is None:
                    self.warn(
                        f"measure {_quote(measure_name)} is not on the "
                        f"{self.sheet_titles.get('measures') or label(SHEETS, 'measures', self.lang)} sheet",
                        sheet,
                        get("measure").ref,
                    )
                measure_name = known or measure_name
            direction = self.choice(get("direction"), sheet, DIRECTIONS, "direction")
            klass = self.choice(get("class_override"), sheet, CLASSES, "classification")
            question = self._question(get("question_override"), sheet)
            self.note_origins(f"kpis.{len(kpis)}", sheet, fields, get)
            kpis.append(
                Kpi(
                    name=name,
                    channel=self.choice(get("channel"), sheet, CHANNELS, "channel"),
                    unit=unit,
                    target=target,
                    direction=Direction(direction) if direction else None,
                    source=self.text(get("source"), sheet),
                    class_override=KpiClass(klass) if klass else None,
                    question_override=Question(question) if question else None,
                    measure=measure_name,
                    monthly=dict(sorted(monthly.items())),
                    row=index,
                )
            )
            if no_target and self._wants_target(kpis[-1]):
                self.warn(
                    f"the KPI {_quote(name)} has no target ({self.column(sheet, KPI_COLUMNS, 'target')})",
                    sheet,
                    target_cell.ref,
                )
            cells_by_kpi[name] = values
        if not kpis and not any(p.sheet == sheet and p.severity is Severity.ERROR for p in self.problems):
            self.error("no KPIs: add one row per KPI below the header row", sheet)
        return kpis, sorted(month_cols.values()), cells_by_kpi

    def _wants_target(self, kpi: Kpi) -> bool:
        """Whether a KPI without a target is worth a warning: not a vanity metric (nobody sets a target for
        impressions), by the agency's Einstufung or else the catalog; unknown KPIs may be effect metrics."""
        try:
            catalog = catalog_for_config(self.config)
        except ReporterError:  # a broken agency catalog is reported where it is used; the packaged one judges here
            catalog = None
        return classify_kpi(kpi, None, catalog).kpi_class is not KpiClass.VANITY

    def _question(self, cell: _Cell, sheet: str) -> str | None:
        """One impact question; of several (``Vertrauen, Nächster Schritt``) the first counts (a warning)."""
        text = self.text(cell, sheet)
        if text is None or lookup(QUESTIONS, text):
            return lookup(QUESTIONS, text) if text else None
        parts = [part.strip() for part in re.split(r"[,;/+&]|\bund\b|\band\b", text) if part.strip()]
        keys = [lookup(QUESTIONS, part) for part in parts]
        if len(parts) > 1 and all(keys):
            self.warn(
                f"{_quote(text)} names several impact questions; the override takes one, "
                f"{_quote(parts[0])} was used",
                sheet,
                cell.ref,
            )
            return keys[0]
        return self.choice(cell, sheet, QUESTIONS, "impact question")

    def _kpi_value(self, cell: _Cell, sheet: str, unit: str | None) -> float | None:
        value = self.number(cell, sheet, unit=unit)
        if value is None:
            return None
        if "%" in cell.number_format and isinstance(cell.value, int | float):
            if unit in (None, "percent"):
                value *= 100  # Excel stores 12,5 % as 0.125; the contract keeps percent numbers 0–100
            else:
                self.warn(
                    f"{_quote(cell.value)} is formatted as a percentage but the unit is not %; "
                    "the value was read as it is stored",
                    sheet,
                    cell.ref,
                )
        if value < 0 and unit in (None, "count", "seconds"):
            units = ", ".join(label(UNITS, key, self.lang) for key in ("points", "eur"))
            hint = (
                ""
                if unit
                else f" (set the {self.column(sheet, KPI_COLUMNS, 'unit')} to {units} or "
                f"{label(UNITS, 'percent', self.lang)} if negative values are possible)"
            )
            self.error(f"negative value {_quote(cell.value)} for a count{hint}", sheet, cell.ref)
            return None
        return round(value, 10)

    # -- putting it together -------------------------------------------------------------------------------
    def read(self, month: str | None) -> ClientData | None:
        data = self.preflight()
        if data is None:
            return None
        wb = self.open(data)
        if wb is None:
            return None
        try:
            return self._read_open(wb, month)
        finally:
            wb.close()

    def _read_open(self, wb: Any, month: str | None) -> ClientData | None:
        sheets = self.find_sheets(wb)
        client_values = self.guarded(sheets.get("client"), self.read_client, {})
        measures = self.guarded(sheets.get("measures"), self.read_measures, [])
        kpis, months, kpi_cells = self.guarded(
            sheets.get("kpis"), lambda ws: self.read_kpis(ws, measures), ([], [], {})
        )
        if self.has_errors:
            return None
        kpi_sheet = sheets["kpis"].title
        client_sheet = sheets["client"].title
        report_month = self._report_month(month, client_values, months, kpis, client_sheet, kpi_sheet)
        if report_month is None:
            return None
        self._missing_value_warnings(kpis, months, report_month, kpi_cells, kpi_sheet)
        name = client_values["name"]
        slug_text = client_values.get("slug")
        slug = slugify(slug_text or name)
        if slug_text and slug != slug_text:
            self.warn(
                f"the {self.column(client_sheet, CLIENT_FIELDS, 'slug')} {_quote(slug_text)} is used as "
                f"{_quote(slug)} (file names allow only a–z, 0–9 and -)",
                client_sheet,
                client_values["_cells"]["slug"][1].ref,
            )
        recipients = client_values.get("recipients") or ()
        if not recipients:
            self.warn(
            f"no {self.named(CLIENT_FIELDS, 'recipients', quoted=False)}: the report cannot be e-mailed",
            client_sheet,
        )
        client = Client(
            name=name,
            slug=slug,
            report_month=report_month,
            role=client_values["role"],
            language=client_values.get("language") or "de",
            recipients=recipients,
            contact=client_values.get("contact"),
            brand=Brand(
                logo=client_values.get("logo"),
                primary=client_values.get("primary"),
                accent=client_values.get("accent"),
            ),
            comment=client_values.get("comment"),
        )
        return ClientData(
            source=self.path,
            client=client,
            kpis=tuple(kpis),
            measures=tuple(measures),
            months=tuple(months),
            warnings=tuple(p for p in self.problems if p.severity is Severity.WARNING),
            origins=dict(self.origins),
        )

    def guarded(self, ws: Any, read: Callable[[Any], Any], default: Any) -> Any:
        """Read one sheet. A sheet the parser refuses becomes an error at that sheet; an exception of our own
        code becomes an internal error at that sheet (a bug to report), and the other sheets are still read."""
        if ws is None:
            return default
        try:
            return read(ws)
        except (ReporterError, MemoryError):
            raise
        except _Refused as refusal:
            if refusal.entities:
                self.error(
                    "the sheet contains XML entity declarations: refused as a possible XML entity attack",
                    ws.title,
                )
            else:
                self.error(f"the sheet cannot be read ({refusal}): {SAVE_AS}", ws.title)
        except Exception as exc:
            self.internal(exc, ws.title)
        return default

    def _report_month(
        self,
        month: str | None,
        client_values: dict[str, Any],
        months: list[str],
        kpis: list[Kpi],
        client_sheet: str,
        kpi_sheet: str,
    ) -> str | None:
        if month is not None:
            if parse_month(month) != month:
                self.error(f"{_quote(month)} is not a month (expected YYYY-MM, e.g. 2026-10)")
                return None
            wanted, sheet, cell = month, kpi_sheet, None
        elif client_values.get("report_month"):
            wanted = client_values["report_month"]
            sheet, cell = client_sheet, client_values["_cells"]["report_month"][1].ref
        else:
            with_data = [m for m in months if any(k.monthly.get(m) is not None for k in kpis)]
            if not with_data:
                self.error("no KPI has any monthly value yet", kpi_sheet)
                return None
            return with_data[-1]
        if wanted not in months:
            self.error(f"the report month {wanted} has no column on the {kpi_sheet} sheet", sheet, cell)
            return None
        if all(k.monthly.get(wanted) is None for k in kpis):
            self.error(f"no KPI has a value for the report month {wanted}", sheet, cell)
            return None
        return wanted

    def _missing_value_warnings(
        self, kpis: list[Kpi], months: list[str], report_month: str, cells: dict[str, Any], sheet: str
    ) -> None:
        present = set(months)
        gaps = [m for m in _month_span(months[0], months[-1]) if m not in present] if months else []
        if gaps:
            self.warn(f"no column for the month(s) {', '.join(gaps)}", sheet)
        for kpi in kpis:
            kpi_cells = cells[kpi.name]
            if kpi.monthly.get(report_month) is None:
                self.warn(
                    f"the KPI {_quote(kpi.name)} has no value for the report month {report_month}",
                    sheet,
                    kpi_cells[report_month].ref,
                )
            filled = [m for m in months if m <= report_month and kpi.monthly.get(m) is not None]
            if filled:
                inner = [m for m in months if filled[0] < m < report_month and kpi.monthly.get(m) is None]
                if inner:
                    self.warn(
                        f"the KPI {_quote(kpi.name)} has no value for {', '.join(inner)}",
                        sheet,
                        kpi_cells[inner[0]].ref,
                    )

    def _has_error_at(self, sheet: str, ref: str) -> bool:
        return any(p.sheet == sheet and p.cell == ref for p in self.problems)


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


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        if not ch.isalpha():
            break
        index = index * 26 + (ord(ch.upper()) - 64)
    return index


def _month_span(first: str, last: str) -> list[str]:
    from .model import month_add, months_between

    return [month_add(first, i) for i in range(months_between(first, last) + 1)]


def _is_example(text: str) -> bool:
    return text.strip().lower().startswith(EXAMPLE_PREFIXES)


def _at(row: list[_Cell], col: int) -> _Cell:
    """The cell in 0-based column ``col`` of a (trimmed) row; an empty one past its end."""
    return row[col] if col < len(row) else _Cell(None, row[0].row if row else 1, col + 1)


def _getter(row: list[_Cell], fields: dict[str, int]) -> Callable[[str], _Cell]:
    """Cell of a named column in this row; an empty placeholder (in column A) when the column is absent."""

    def get(key: str) -> _Cell:
        if key in fields:
            return _at(row, fields[key])
        return _Cell(None, row[0].row if row else 1, 1)

    return get


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


_CSS_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")]*)|@import\s+(?:url\(\s*)?['"]?([^'");\s]*)""", re.I)


def _svg_reference(path: Path) -> str | None:
    """The first thing an SVG logo would load from outside itself (a file, a web address), else ``None``.

    ``#fragment`` and ``data:`` references stay inside the file; a link (``<a href>``) loads nothing. A file
    that cannot be parsed is left to the renderer, which reports it.
    """
    from defusedxml.ElementTree import parse

    def outside(value: str) -> bool:
        value = value.strip()
        return bool(value) and not value.startswith(("#", "data:"))

    try:
        root = parse(str(path)).getroot()
    except Exception:  # damaged SVG: the renderer says so
        return None
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        texts = [element.text or ""] if tag == "style" else []
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] in ("href", "src") and tag != "a" and outside(value):
                return str(value).strip()
            texts.append(value)
        for text in texts:
            for match in _CSS_REFERENCE.finditer(text):
                target = match.group(1) if match.group(1) is not None else match.group(2)
                if target is not None and outside(target):
                    return target.strip()
    return None


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
    for _ in range(10):
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
        return f"the part {_quote(missing[1])} is missing"
    # openpyxl wraps its parsers' errors: "Unable to read workbook: could not read stylesheet from <file>. ..."
    wrapped = re.match(r"Unable to read workbook: (could not .*?) from ", text.strip())
    if wrapped:
        cause = exc.__cause__
        text = wrapped[1] + (f": {_library_detail(cause)}" if cause is not None and str(cause) else "")
    text = _one_line(text)
    if isinstance(exc, zipfile.BadZipFile):
        return f"not a readable zip archive: {text}"
    if isinstance(exc, SyntaxError):  # xml.etree's ParseError
        return f"invalid XML: {text}"
    return text or "unreadable content"


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


def _pixel_size(path: Path) -> tuple[int, int] | None:
    """Width and height from the image's header, without decoding it; ``None`` when unreadable."""
    from PIL import Image

    with path.open("rb") as stream:
        head = stream.read(24)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        return width, height
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns about huge images: the caller decides
            with Image.open(path) as image:
                return image.size
    except Exception:  # Pillow refuses damaged and gigantic images with assorted errors
        return None


def _image_kind(path: Path) -> str | None:
    """``png``, ``jpeg`` or ``svg`` by content (magic bytes / root element), never by the name alone."""
    with path.open("rb") as stream:
        head = stream.read(4096)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    text = re.sub(rb"^(<\?xml[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*", b"", text, flags=re.S)
    if text.startswith(b"<svg") and path.suffix.lower() == ".svg":
        return "svg"
    return None


def _read(path: Path, config: Config | None, month: str | None) -> tuple[ClientData | None, list[Problem]]:
    reader = _Reader(Path(path), config or Config())
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (extensions, styles); none of them matters for the data
            warnings.simplefilter("ignore")
            data = reader.read(month)
    except ReporterError as exc:
        reader.problems.extend(exc.problems)
        data = None
    except MemoryError:
        reader.error("reading the file needs more memory than is available")
        data = None
    except Exception as exc:  # a bug of ours, met on this file: reported as such, never as the file's fault
        reader.internal(exc)
        data = None
    # The same cell can be looked at twice (e.g. a formula without result as a name); say it once.
    problems = sorted(merge_runs(dict.fromkeys(reader.problems)), key=_problem_order)
    if reader.has_errors:
        return None, problems
    if data is not None:
        data = replace(data, warnings=tuple(p for p in problems if p.severity is Severity.WARNING))
    return data, problems


def merge_runs(problems: Iterable[Problem]) -> list[Problem]:
    """The same message at neighbouring cells of one row or column as one problem at their range
    (``Kennzahlen!K3:V3``): a row of thirteen formulas without a result is one thing to fix, not thirteen.
    Runs along a row are taken first; the cells left over are joined along their columns."""
    merged: list[Problem] = []
    cells: dict[tuple[str, str | None, Severity, str], list[tuple[int, int, Problem]]] = {}
    for problem in problems:
        match = re.fullmatch(r"([A-Z]{1,3})(\d+)", problem.cell or "")
        if match is None:
            merged.append(problem)
            continue
        key = (problem.file, problem.sheet, problem.severity, problem.message)
        cells.setdefault(key, []).append((int(match[2]), _column_index(match[1]), problem))
    for group in cells.values():
        rest = group  # (row, column, problem)
        for along_row in (True, False):
            # where a cell sits: (the row or column that stays, the index that counts up)
            position: Callable[[tuple[int, int, Problem]], tuple[int, int]] = (
                (lambda c: (c[0], c[1])) if along_row else (lambda c: (c[1], c[0]))
            )
            runs: list[list[tuple[int, int, Problem]]] = []
            for cell in sorted(rest, key=position):
                line, step = position(cell)
                if runs and position(runs[-1][-1]) == (line, step - 1):
                    runs[-1].append(cell)
                else:
                    runs.append([cell])
            merged += [replace(run[0][2], cell=f"{run[0][2].cell}:{run[-1][2].cell}") for run in runs if len(run) > 1]
            rest = [run[0] for run in runs if len(run) == 1]
        merged += [problem for _row, _col, problem in rest]
    return merged


def _problem_order(problem: Problem) -> tuple[int, int, int, int]:
    """Errors before warnings; then file-level, Kunde, Kennzahlen, Maßnahmen; then row and column."""
    sheet_rank = {None: 0, "client": 1, "kpis": 2, "measures": 3}.get(
        lookup(SHEETS, problem.sheet) if problem.sheet else None, 4
    )
    row = col = 0
    match = re.match(r"([A-Z]+)(\d+)", problem.cell or "")  # a range is ordered by its first cell
    if match:
        row, col = int(match[2]), _column_index(match[1])
    return (0 if problem.severity is Severity.ERROR else 1, sheet_rank, row, col)


def read_workbook(path: Path, config: Config | None = None, month: str | None = None) -> ClientData:
    """Read one workbook; raise ``WorkbookError`` with every error; warnings go to ``ClientData.warnings``."""
    data, problems = _read(path, config, month)
    if data is None:
        errors = [p for p in problems if p.severity is Severity.ERROR]
        raise WorkbookError(errors or [Problem(Path(path).name, "the workbook could not be read")])
    return data


def inspect_workbook(path: Path, config: Config | None = None) -> tuple[ClientData | None, list[Problem]]:
    """The data (``None`` when there are errors) and every error and warning; never raises for a bad file."""
    return _read(path, config, None)


def check_workbook(path: Path, config: Config | None = None) -> list[Problem]:
    """Every error and warning of one workbook; never raises for a bad file."""
    return inspect_workbook(path, config)[1]


def _is_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(2) == b"PK"


def find_workbooks(paths: list[Path] | tuple[Path, ...]) -> list[Path]:
    """Files as given, also missing ones (reading them says so); folders expanded to their workbooks and the
    spreadsheets that must be saved as workbooks first (``FOLDER_SUFFIXES``), without lock files and hidden
    files: a lock file is a warning on the workbook beside it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                child
                for child in sorted(path.iterdir())
                if child.suffix.lower() in FOLDER_SUFFIXES
                and child.is_file()
                and not child.name.startswith(("~$", "."))
            )
        else:
            found.append(path)
    # A file named twice (or by itself and through its folder) is checked and built once.
    return list(dict.fromkeys(found))
