"""Export files exactly as Matomo, LinkedIn's page analytics and the newsletter tools write them, for
tests/test_import_matomo.py, tests/test_import_linkedin.py and tests/test_import_newsletter.py.

Matomo (seen in Matomo's own test exports): UTF-16LE with a BOM, ``\\n`` between rows and none after the last,
a cell quoted only when it holds a quote, a comma or a semicolon (PHP ``Csv::formatValue``), TAB for TSV.
LinkedIn (not seen; as documented): workbooks, one row per day, the content sheet with a note above its header;
``.xls`` written with xlwt (a test dependency), ``.xlsx`` with openpyxl. Newsletters (not seen; as documented):
Mailchimp's campaign list (comma, UTF-8, a field with a space quoted), CleverReach's (semicolon, UTF-8 with BOM,
CRLF), Brevo's (comma in English, semicolon in German).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

Rows = Sequence[Sequence[Any]]


# ---- Matomo ---------------------------------------------------------------------------------------------------
def matomo(path: Path, header: Sequence[str], rows: Rows, *, tsv: bool = False) -> Path:
    """A Matomo CSV/TSV download: UTF-16LE with BOM, ``\\n`` line ends, no newline after the last row."""
    separator = "\t" if tsv else ","

    def cell(value: Any) -> str:
        text = str(value).replace("\t", " ")
        if any(mark in text for mark in ('"', separator, ",", ";")):
            return '"' + text.replace('"', '""') + '"'
        return text

    text = "\n".join(separator.join(cell(value) for value in row) for row in [header, *rows])
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return path


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(n) for n in range((last - first).days + 1)]


# ---- LinkedIn -------------------------------------------------------------------------------------------------
def linkedin_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    """A LinkedIn analytics workbook as .xlsx: each sheet's rows as given (dates as real dates where given)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "mm/dd/yyyy"
    workbook.save(path)
    return path


def linkedin_xls(path: Path, sheets: dict[str, Rows]) -> Path:
    """The same as a legacy .xls (BIFF8), as LinkedIn has long delivered it."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="MM/DD/YYYY")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                elif value is not None:
                    sheet.write(r, c, value)
    workbook.save(str(path))
    return path


# ---- newsletters ----------------------------------------------------------------------------------------------
def mailchimp(path: Path, header: Sequence[str], rows: Rows) -> Path:
    """Mailchimp's campaign list: UTF-8, comma, a field quoted when it holds a space, comma or quote."""

    def cell(value: Any) -> str:
        text = str(value)
        return '"' + text.replace('"', '""') + '"' if any(mark in text for mark in ' ,"') else text

    path.write_text("\n".join(",".join(cell(v) for v in row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return path


def delimited(path: Path, header: Sequence[str], rows: Rows, *, separator: str, bom: bool, crlf: bool) -> Path:
    """A CSV as CleverReach or Brevo write it: every field quoted when it holds the separator or a quote."""

    def cell(value: Any) -> str:
        text = str(value)
        return '"' + text.replace('"', '""') + '"' if separator in text or '"' in text else text

    end = "\r\n" if crlf else "\n"
    text = end.join(separator.join(cell(v) for v in row) for row in [header, *rows]) + end
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8"))
    return path


def flat(rows: Iterable[Rows]) -> list[Sequence[Any]]:
    return [row for block in rows for row in block]
