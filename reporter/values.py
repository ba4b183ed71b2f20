"""Values as people type them, whatever the source: number text, months and dates, text that means "empty" or
an error; and a value quoted for a one-line message.

The workbook reader uses them on cells, and a platform export's text numbers are read the same way; the rules
are documented in ``docs/workbook.md`` (*Values*, *Month headers*).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import i18n
from .vocabulary import normalize

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TEXT = 10_000  # characters in one cell; longer text is an error (the commentary is the longest field)
# Rows whose first filled cell starts with one of these are the template's example rows and are skipped.
EXAMPLE_PREFIXES = ("beispiel:", "example:")

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


def quote(value: object, limit: int = 60) -> str:
    """A cell's content for a one-line message: control characters made visible, long text shortened, quoted as
    the tool's language writes it ("viel" in English, „viel“ in German)."""
    text = value if isinstance(value, str) else plain(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    text = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return i18n.quote(text)


def thousands(number: int) -> str:
    """A whole number grouped as the tool's language writes it: 10,000 in English, 10.000 in German."""
    text = f"{number:,}"
    return text.replace(",", ".") if i18n.language() == "de" else text


def plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value)



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


def looks_like_month(value: object) -> bool:
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


def is_example(text: str) -> bool:
    """Whether a name marks one of the template's example rows (``Beispiel: …``)."""
    return text.strip().lower().startswith(EXAMPLE_PREFIXES)
