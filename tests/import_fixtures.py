"""What the tests of ``reporter import``'s writer share: metrics and series made by hand (as a platform module
would make them), workbooks from the template and the synthetic generator, and small edits of a workbook's XML
for what openpyxl cannot write (a formula with its saved result, Excel's namespace declarations).

A tiny test platform (``Testplattform``) reads a simple CSV, so the command can be run end to end before the
real platform modules exist; :func:`with_testplattform` registers it for a block and removes it after.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import openpyxl

from reporter.importing import Exports
from reporter.importing.model import Aggregation, Metric, MonthValue, Reading, Series
from reporter.importing.platforms import PLATFORMS, Platform, platforms, register
from reporter.importing.read import Table, number
from reporter.model import Direction, Origin, month_range
from reporter.template import write_template

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TODAY = dt.date(2026, 11, 5)  # the template's months: 2025-10 … 2026-10
TEMPLATE_MONTHS = month_range("2026-10", 13)
SIXTEEN = month_range("2026-10", 16)  # 2025-07 … 2026-10: three months before the template's first

CLICKS = Metric(
    "Search Console", "clicks", {"de": "Klicks", "en": "Clicks"},
    {"de": "Klicks (Google-Suche)", "en": "Clicks (Google Search)"}, "seo", "count",
)  # fmt: skip
CTR = Metric(
    "Search Console", "ctr", {"de": "CTR", "en": "CTR"},
    {"de": "Klickrate (Google-Suche)", "en": "Click-through rate (Google Search)"}, "seo", "percent",
    aggregation=Aggregation.RATIO,
)  # fmt: skip
COST = Metric(
    "Google Ads", "cost", {"de": "Kosten", "en": "Cost"}, {"de": "Kosten (Google Ads)", "en": "Cost (Google Ads)"},
    "ads", "eur", Direction.LOWER,
)  # fmt: skip
DURATION = Metric(
    "GA4", "duration", {"de": "Durchschnittliche Interaktionsdauer", "en": "Average engagement time"},
    {"de": "Ø Interaktionsdauer (GA4)", "en": "Avg. engagement time (GA4)"}, "website", "seconds",
    aggregation=Aggregation.TOTAL,
)  # fmt: skip


def series(metric: Metric, values: dict[str, float], file: str = "Chart.csv", **extra: object) -> Series:
    """A series as a platform module hands it over, each month from its own export row."""
    months = {
        month: MonthValue(value, Origin(file, cell=f"row {index + 2}"))
        for index, (month, value) in enumerate(sorted(values.items()))
    }
    return Series(metric, months, **extra)  # type: ignore[arg-type]


def exports(*found: Series, file: str = "Chart.csv") -> Exports:
    return Exports([Reading(file, found[0].metric.platform if found else "", "test", list(found))])


def clicks(months: Sequence[str] = SIXTEEN, start: int = 100) -> dict[str, float]:
    return {month: float(start + 10 * i) for i, month in enumerate(months)}


def template(path: Path, lang: str = "de", client: bool = True) -> Path:
    """``reporter template``'s workbook; with ``client`` the client name and role are filled in, so that it
    passes ``reporter check`` once it has KPIs."""
    write_template(path, lang, today=TODAY)
    if client:
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[1]
        ws["B2"] = "Muster GmbH" if lang == "de" else "Sample Ltd"
        ws["B5"] = "Anfragen gewinnen" if lang == "de" else "Win inquiries"
        wb.save(path)
    return path


def patch_part(path: Path, part: str, edit: Callable[[str], str]) -> None:
    """Rewrite one XML part of a workbook as text (what openpyxl cannot write)."""
    patch_parts(path, lambda name, xml: edit(xml) if name == part else xml)


def patch_parts(path: Path, edit: Callable[[str, str], str], added: dict[str, str] | None = None) -> None:
    """Rewrite every XML part of a workbook as text, ``edit(name, xml)``, and add parts."""
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                content = edit(info.filename, content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
        for name, xml in (added or {}).items():
            target.writestr(name, xml)
    path.write_bytes(out.getvalue())


def shared_strings(path: Path) -> Path:
    """Store every text cell in the shared strings table, as Excel does (openpyxl writes them inline)."""
    strings: list[str] = []

    def share(found: re.Match[str]) -> str:
        strings.append(found[3])
        return f'<c {found[1]}t="s"{found[2]}><v>{len(strings) - 1}</v></c>'

    def edit(name: str, xml: str) -> str:
        if name.startswith("xl/worksheets/"):
            return re.sub(r'<c ([^>]*)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', share, xml)
        if name == "xl/_rels/workbook.xml.rels":
            return xml.replace("</Relationships>", f'<Relationship Id="rIdStrings" Type="{RELS}/sharedStrings" '
                               'Target="sharedStrings.xml"/></Relationships>')
        if name == "[Content_Types].xml":
            return xml.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                               'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        return xml

    patch_parts(path, edit)
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    table = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="{len(strings)}" '
             f'uniqueCount="{len(strings)}">{items}</sst>')
    patch_parts(path, lambda name, xml: xml, {"xl/sharedStrings.xml": table})
    return path


def sheet_part(path: Path, title: str) -> str:
    """The part of a sheet, by its title (``xl/worksheets/sheet3.xml``)."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="(\w+)"', workbook)
    assert rid, title
    target = re.search(rf'Id="{rid[1]}"[^>]*Target="/?(?:xl/)?([^"]+)"', rels) or re.search(
        rf'Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rid[1]}"', rels
    )
    assert target, rid[1]
    return "xl/" + target[1]


def put_formula(path: Path, title: str, ref: str, formula: str, result: float) -> None:
    """Make cell ``ref`` hold ``formula`` with its saved ``result``, as Excel saves it."""

    def edit(xml: str) -> str:
        cell = f'<c r="{ref}"><f>{formula}</f><v>{result}</v></c>'
        existing = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml)
        if existing:
            return xml[: existing.start()] + cell + xml[existing.end() :]
        row = re.search(rf'<row r="{re.sub(r"[A-Z]", "", ref)}"[^>]*>', xml)
        assert row, ref
        return xml[: row.end()] + cell + xml[row.end() :]

    patch_part(path, sheet_part(path, title), edit)


def cells(path: Path, title: str = "Kennzahlen") -> dict[str, object]:
    """Every cell's value of a sheet, by reference (openpyxl, values as stored)."""
    ws = openpyxl.load_workbook(path)[title]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def header_months(path: Path, title: str = "Kennzahlen") -> list[tuple[str, str]]:
    """The month headers of row 1 as (column, YYYY-MM)."""
    from reporter.values import parse_month

    ws = openpyxl.load_workbook(path)[title]
    return [(c.column_letter, m) for c in ws[1] if (m := parse_month(c.value)) is not None]


# ---- a platform for end-to-end tests ----------------------------------------------------------------------

TEST_CLICKS = Metric(
    "Testplattform", "clicks", {"de": "Klicks", "en": "Clicks"}, {"de": "Klicks (Test)", "en": "Clicks (test)"},
    "website", "count",
)  # fmt: skip
TEST_RATE = Metric(
    "Testplattform", "rate", {"de": "Quote", "en": "Rate"}, {"de": "Quote (Test)", "en": "Rate (test)"},
    "website", "percent", aggregation=Aggregation.RATIO,
)  # fmt: skip
TEST_COST = Metric(
    "Testplattform", "cost", {"de": "Kosten", "en": "Cost"}, {"de": "Kosten (Test)", "en": "Cost (test)"},
    "ads", "eur", Direction.LOWER,
)  # fmt: skip
MARK = "# testplattform"


def write_export(path: Path, rows: dict[str, tuple[float, float, float]], currency: str | None = None) -> Path:
    """A Testplattform export: a mark line, a header, one row per month (clicks, rate in %, cost)."""
    lines = [MARK, "month,clicks,rate,cost" + (",currency" if currency else "")]
    for month, (clicks_, rate, cost) in sorted(rows.items()):
        lines.append(f"{month},{clicks_:g},{rate:g},{cost:g}" + (f",{currency}" if currency else ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sniff(table: Table) -> bool:
    return bool(table.rows) and bool(table.rows[0]) and str(table.rows[0][0]).strip() == MARK


def _read(table: Table, siblings: Sequence[Table]) -> Reading:
    found = {metric.key: Series(metric) for metric in (TEST_CLICKS, TEST_RATE, TEST_COST)}
    for index, row in enumerate(table.rows[2:], 2):
        for metric, col in ((TEST_CLICKS, 1), (TEST_RATE, 2), (TEST_COST, 3)):
            value = number(row[col])
            if value is not None:
                found[metric.key].values[row[0]] = MonthValue(value, table.origin(index))
        if len(row) > 4:
            found[TEST_COST.key].currency = row[4]
    return Reading(table.name, "Testplattform", "Monthly", list(found.values()))


@contextlib.contextmanager
def with_testplattform() -> Iterator[Platform]:
    """The Testplattform registered while the block runs (only then: other modules' tests never see it)."""
    platforms()  # the real modules first, so that removing ours leaves the registry as it was
    register("Testplattform", "Monthly", sniff=_sniff)(_read)
    added = PLATFORMS[-1]
    try:
        yield added
    finally:
        PLATFORMS.remove(added)
