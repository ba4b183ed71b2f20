"""Export files byte for byte as Google Ads, Meta (Ads Manager, Business Suite) and Google Business Profile write
them, for tests/test_import_google_ads.py, test_import_meta.py and test_import_business_profile.py.

Each writer takes the cells as the platform shows them (text, with the UI language's number forms) so that a test
states its numbers where a reader can check them, and writes the file with the platform's encoding, delimiter,
quoting and the rows around the table (title rows, ``Total: …`` rows, a description row, ``No data available.``).
What each format looks like, and which were seen as real files: /work/shared/platform-exports.md, docs/import.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

Rows = Sequence[Sequence[str]]


def _field(cell: str, delimiter: str, quote_all: bool = False) -> str:
    if quote_all or any(mark in cell for mark in (delimiter, ",", '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def delimited(rows: Rows, delimiter: str, *, quote_header: bool = False, header_row: int = -1) -> str:
    """Rows as a platform writes them: a field quoted when it holds a comma, quote or line break (Google Ads
    quotes ``"9,380"`` even in its TAB files); ``quote_header`` quotes every field of row ``header_row`` (Meta)."""
    lines = []
    for number, row in enumerate(rows):
        quote_all = quote_header and number == header_row
        lines.append(delimiter.join(_field(cell, delimiter, quote_all) for cell in row))
    return "".join(line + "\r\n" for line in lines) if delimiter == "\t" else "".join(line + "\n" for line in lines)


# ---- Google Ads -----------------------------------------------------------------------------------------------
def google_ads(
    path: Path,
    title: str,
    period: str,
    header: Sequence[str],
    rows: Rows,
    totals: Rows = (),
    *,
    utf16: bool = True,
) -> Path:
    """A Google Ads report download: row 1 the report's name, row 2 its range, the header, the rows, the
    ``Total: …`` rows. ``utf16``: the default "CSV for Excel" (UTF-16LE with BOM, TAB, CRLF); else UTF-8, comma."""
    table = [[title], [period], list(header), *map(list, rows), *map(list, totals)]
    if utf16:
        path.write_bytes(b"\xff\xfe" + delimited(table, "\t").encode("utf-16-le"))
    else:
        path.write_bytes(delimited(table, ",").encode("utf-8"))
    return path


# ---- Meta ------------------------------------------------------------------------------------------------------
META_NO_DATA = {"en": "No data available.", "de": "Keine Daten verfügbar."}


def meta_ads(path: Path, header: Sequence[str], rows: Rows) -> Path:
    """Ads Manager › Export table data › CSV: UTF-8 without BOM, comma, every header field quoted, data fields
    quoted only where needed."""
    text = delimited([list(header), *map(list, rows)], ",", quote_header=True, header_row=0)
    path.write_bytes(text.encode("utf-8"))
    return path


def meta_ads_empty(path: Path, header: Sequence[str], lang: str = "en") -> Path:
    """Ads Manager's export of a period without delivery: the header and one body line."""
    return meta_ads(path, header, [[META_NO_DATA[lang]]])


def business_suite_primary(path: Path, title: str, days: Sequence[tuple[str, str]], lang: str = "en") -> Path:
    """Meta Business Suite › Insights › Export (CSV), one metric per file (built from Meta's documentation, not
    seen): ``sep=,``, the metric's title, ``"Date","Primary"``, one row per day."""
    date, primary = ("Datum", "Primär") if lang == "de" else ("Date", "Primary")
    lines = ["sep=,", f'"{title}"', f'"{date}","{primary}"', *(f'"{d}T00:00:00","{v}"' for d, v in days)]
    path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    return path


def business_suite_table(path: Path, header: Sequence[str], description: Sequence[str] | None, rows: Rows) -> Path:
    """The older Page insights layout: a header row, a description row under it (its date cell empty), then one
    row per day (built from documentation, not seen)."""
    table = [list(header), *([list(description)] if description else []), *map(list, rows)]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


# ---- Google Business Profile ------------------------------------------------------------------------------------
def business_profile(path: Path, header: Sequence[str], description: Sequence[str], rows: Rows) -> Path:
    """Business Profile › Performance › Download (bulk): UTF-8, comma; a description row under the header; one
    row per location. The period is only in the file name Google gives it (``path``'s name)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([list(header), list(description), *map(list, rows)])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path
