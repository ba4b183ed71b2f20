"""The workbook writer of ``reporter import`` (reporter/importing/write.py), with series made here as a platform
module would make them: where each value lands, what stays as it was (formats, dropdowns, comments, other
sheets, images, macros, formulas with their results), conflicts, new rows and month columns, and the file on disk
(backup, dry run, idempotence, lock, a failure after staging)."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

from reporter.files import locked_in_place
from reporter.formatting import Fmt
from reporter.i18n import use_language
from reporter.importing import Exports
from reporter.importing import write as write_module
from reporter.importing.kpis import month_text
from reporter.importing.model import MonthValue, Reading, Series
from reporter.importing.write import ImportOptions, Status, agrees, distinct, import_into, source_key
from reporter.model import Origin, ReporterError, Role
from reporter.workbook import check_workbook, read_workbook
from tests.import_fixtures import (
    CLICKS,
    COST,
    CTR,
    DURATION,
    SIXTEEN,
    TEMPLATE_MONTHS,
    cells,
    clicks,
    exports,
    header_months,
    patch_part,
    put_formula,
    series,
    shared_strings,
    sheet_part,
    template,
)
from tests.synth import KpiSpec, WorkbookSpec, write_client_workbook
from tests.workbooks import kpi, make_workbook

CTR_VALUES = {month: 6.4712345 + i / 10 for i, month in enumerate(SIXTEEN)}


@pytest.fixture(scope="module")
def template_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return template(tmp_path_factory.mktemp("template") / "kunde.xlsx").read_bytes()


@pytest.fixture
def kunde(tmp_path: Path, template_bytes: bytes) -> Path:
    path = tmp_path / "kunde.xlsx"
    path.write_bytes(template_bytes)
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def statuses(result: object) -> dict[tuple[str, str], str]:
    return {(c.cell, c.month): str(c.status) for c in result.cells}  # type: ignore[attr-defined]


# ---- a first import into the template --------------------------------------------------------------------------


def test_a_first_import_fills_sixteen_months_and_adds_the_rows(kunde: Path) -> None:
    before = members(kunde)
    result = import_into(kunde, exports(series(CLICKS, clicks()), series(CTR, CTR_VALUES)))
    assert not result.problems
    assert result.written
    assert not result.check
    # three months before the template's first, inserted in calendar order before it
    assert [(m.month, m.column) for m in result.new_months] == [("2025-07", "J"), ("2025-08", "K"), ("2025-09", "L")]
    assert header_months(kunde) == list(zip("JKLMNOPQRSTUVWXY", SIXTEEN, strict=True))
    got = cells(kunde)
    # the new rows follow the example row, with every column the issue names, in the workbook's language
    assert [got[f"{col}3"] for col in "ABCEF"] == [
        "Klicks (Google-Suche)", "SEO", "Anzahl", "höher ist besser", "Search Console › Klicks"
    ]
    assert [got[f"{col}4"] for col in "ABCF"] == ["Klickrate (Google-Suche)", "SEO", "%", "Search Console › CTR"]
    assert [(r.row, r.kpi) for r in result.new_rows] == [(3, "Klicks (Google-Suche)"), (4, "Klickrate (Google-Suche)")]
    assert [got[f"{col}3"] for col in ("J", "K", "Y")] == [100, 110, 250]
    assert got["J4"] == pytest.approx(6.4712345)
    # the example row moved with its months; nothing else of it changed
    assert got["A2"].startswith("Beispiel:")
    assert got["M2"] == 12
    assert "J2" not in got
    assert result.count(Status.NEW) == 32
    # the reader reads exactly what was imported, and the workbook passes `reporter check`
    data = read_workbook(kunde)
    assert {k.name: k.monthly for k in data.kpis}["Klicks (Google-Suche)"] == clicks()
    assert {k.name: k.monthly for k in data.kpis}["Klickrate (Google-Suche)"] == pytest.approx(CTR_VALUES)
    assert not [p for p in check_workbook(kunde) if p.severity == "error"]
    # the backup is the previous version; the other sheets are byte for byte what they were
    assert result.backup == kunde.with_name(".kunde.xlsx.bak")
    assert result.backup.read_bytes() == kunde.with_name(
        ".kunde.xlsx.bak"
    ).read_bytes()
    after = members(kunde)
    kpi_part = sheet_part(kunde, "Kennzahlen")
    for name in before:
        if name not in (kpi_part, "xl/comments/comment1.xml", "xl/drawings/commentsDrawing1.vml"):
            assert after[name] == before[name], name


def test_formats_dropdowns_comments_widths_and_panes_stay(kunde: Path, template_bytes: bytes) -> None:
    import_into(kunde, exports(series(CLICKS, clicks())))
    old = openpyxl.load_workbook(io.BytesIO(template_bytes))["Kennzahlen"]
    new = openpyxl.load_workbook(kunde)["Kennzahlen"]
    assert new.freeze_panes == old.freeze_panes == "B2"
    assert [(str(v.sqref), v.formula1) for v in new.data_validations.dataValidation] == [
        (str(v.sqref), v.formula1) for v in old.data_validations.dataValidation
    ]
    assert [new.cell(1, c).comment.text for c in range(1, 10)] == [old.cell(1, c).comment.text for c in range(1, 10)]
    assert [new.column_dimensions[c].width for c in "ABCDEFGHI"] == [
        old.column_dimensions[c].width for c in "ABCDEFGHI"
    ]
    # the new month columns are formatted like their neighbour: width, header style, date format
    assert new.column_dimensions["J"].width == old.column_dimensions["J"].width == 11
    assert new["J1"].number_format == old["J1"].number_format == "MMM YYYY"
    assert new["J1"].fill.fgColor.rgb == old["J1"].fill.fgColor.rgb
    assert new["J1"].font.bold
    assert new["J1"].value == dt.datetime(2025, 7, 1)
    assert new["J2"].font.italic  # the example row's format goes on into the new column


def test_importing_the_same_values_again_changes_nothing(kunde: Path) -> None:
    found = exports(series(CLICKS, clicks()), series(CTR, CTR_VALUES))
    import_into(kunde, found)
    data, stamp = kunde.read_bytes(), kunde.stat().st_mtime_ns
    backup = kunde.with_name(".kunde.xlsx.bak").read_bytes()
    again = import_into(kunde, found)
    assert not again.changed
    assert not again.written
    assert again.backup is None
    assert {c.status for c in again.cells} == {Status.UNCHANGED}
    assert len(again.cells) == 32
    assert kunde.read_bytes() == data
    assert kunde.stat().st_mtime_ns == stamp
    assert kunde.with_name(".kunde.xlsx.bak").read_bytes() == backup


def test_a_dry_run_touches_nothing(kunde: Path) -> None:
    data, stamp = kunde.read_bytes(), kunde.stat().st_mtime_ns
    result = import_into(kunde, exports(series(CLICKS, clicks())), ImportOptions(dry_run=True))
    assert result.changed
    assert not result.written
    assert result.count(Status.NEW) == 16
    assert len(result.new_rows) == 1
    assert kunde.read_bytes() == data
    assert kunde.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in kunde.parent.iterdir()) == ["kunde.xlsx"]


# ---- finding rows, conflicts -----------------------------------------------------------------------------------

MONTHS3 = ["2026-08", "2026-09", "2026-10"]


def test_a_different_typed_value_is_a_conflict_and_the_others_are_written(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[
        kpi("Klicks (Google-Suche)", [1234, None, 1300], unit="Anzahl", source="Search Console › Klicks"),
    ])  # fmt: skip
    values = {"2026-08": 1240.0, "2026-09": 1250.0, "2026-10": 1300.0}
    result = import_into(path, exports(series(CLICKS, values)))
    assert statuses(result) == {("J2", "2026-08"): "conflict", ("K2", "2026-09"): "new", ("L2", "2026-10"): "unchanged"}
    assert [str(p) for p in result.problems] == [
        "kunde.xlsx › Kennzahlen!J2: the workbook holds 1,234, the export 1,240 (Chart.csv › row 2): kept; "
        "--overwrite replaces it"
    ]
    assert result.has_errors
    assert result.written
    row = {k: v for k, v in cells(path).items() if k[0] in "JKL" and k[1:] == "2"}
    assert row == {"J2": 1234, "K2": 1250, "L2": 1300}
    again = import_into(path, exports(series(CLICKS, values)), ImportOptions(overwrite=True))
    assert statuses(again)[("J2", "2026-08")] == "overwritten"
    assert not again.problems
    assert cells(path)["J2"] == 1240


def test_equal_at_the_typed_precision_is_unchanged() -> None:
    assert agrees(6.47, 6.4712345)
    assert agrees(1250, 1250.0000000001)
    assert agrees(0.1 + 0.2, 0.3)
    assert not agrees(6.4, 6.4712345)  # typed with one decimal: 6.5 would be the same
    assert not agrees(1234, 1240)
    assert not agrees(12000, 12043)
    assert not agrees(0, 0.3)


def test_values_are_told_apart_in_messages() -> None:
    assert distinct(Fmt("de"), 6.46, 6.4712, "percent") == ("6,46\u00a0%", "6,47\u00a0%")
    assert distinct(Fmt("en"), 1234.0, 1240.0, "count") == ("1,234", "1,240")
    assert distinct(Fmt("de"), 1250.0, 1250.4, "eur") == ("1.250\u00a0€", "1.250,4\u00a0€")


def test_rows_are_found_by_source_then_by_name_in_either_language(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[
        kpi("Klicks", [1, 2, 3], source="search console > KLICKS"),
        kpi("Click-through rate (Google Search)", [None, None, None], unit="%"),
        kpi("Kosten", [None, None, None], unit="€", source="Google Ads › Kosten"),
    ])  # fmt: skip
    result = import_into(path, exports(
        series(CLICKS, {"2026-10": 3.0}), series(CTR, {"2026-10": 5.5}), series(COST, {"2026-10": 99.5})
    ))  # fmt: skip
    assert not result.new_rows
    assert not result.problems
    assert statuses(result) == {("L2", "2026-10"): "unchanged", ("L3", "2026-10"): "new", ("L4", "2026-10"): "new"}
    # the row found by its name got the stable source, so the next import finds it by that
    assert [(f.row, f.source) for f in result.sources_filled] == [(3, "Search Console › CTR")]
    assert cells(path)["F3"] == "Search Console › CTR"
    assert cells(path)["F2"] == "search console > KLICKS"


def test_a_row_whose_source_names_another_metric_is_not_taken_by_name(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[
        kpi("Klicks (Google-Suche)", [5, 5, 5], source="Google Ads › Kosten"),
    ])  # fmt: skip
    result = import_into(path, exports(series(CLICKS, {"2026-10": 7.0}), series(COST, {"2026-10": 5.0})))
    assert [str(p) for p in result.problems] == [
        "kunde.xlsx › Kennzahlen!A2: a row named \"Klicks (Google-Suche)\" holds another source, so Search "
        "Console › Klicks got no row: rename that row or correct its source"
    ]
    assert statuses(result) == {("L2", "2026-10"): "unchanged"}


def test_a_formula_is_never_overwritten(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[
        kpi("Klicks (Google-Suche)", [None, None, None], source="Search Console › Klicks"),
    ])  # fmt: skip
    put_formula(path, "Kennzahlen", "J2", "10*2", 20)
    put_formula(path, "Kennzahlen", "K2", "15*2", 30)
    found = exports(series(CLICKS, {"2026-08": 20.0, "2026-09": 31.0, "2026-10": 40.0}))
    result = import_into(path, found, ImportOptions(overwrite=True))
    assert statuses(result) == {("J2", "2026-08"): "unchanged", ("K2", "2026-09"): "conflict", ("L2", "2026-10"): "new"}
    assert [c.reason for c in result.cells] == [None, "formula", None]
    assert [str(p) for p in result.problems] == [
        "kunde.xlsx › Kennzahlen!K2: the cell holds a formula (result 30), the export 31 (Chart.csv › row 3): "
        "a formula is never overwritten"
    ]
    xml = members(path)[sheet_part(path, "Kennzahlen")].decode()
    # the formulas are there with their saved results: the reader still reads them
    assert '<c r="J2"><f>10*2</f><v>20</v></c>' in xml
    assert '<c r="K2"><f>15*2</f><v>30</v></c>' in xml
    assert read_workbook(path).kpis[0].monthly == {"2026-08": 20.0, "2026-09": 30.0, "2026-10": 40.0}


def test_percent_formatted_cells_hold_the_fraction(tmp_path: Path) -> None:
    spec = WorkbookSpec("Muster GmbH", Role.INQUIRIES, [
        KpiSpec("Klickrate (Google-Suche)", [None, None, None], "seo", "percent", source="Search Console › CTR",
                number_format="0.00%"),
    ], last_month="2026-10")  # fmt: skip
    path = write_client_workbook(tmp_path / "kunde.xlsx", spec)
    import_into(path, exports(series(CTR, {"2026-09": 6.47, "2026-10": 12.5})))
    ws = openpyxl.load_workbook(path)["Kennzahlen"]
    assert (ws["K2"].value, ws["L2"].value, ws["L2"].number_format) == (0.0647, 0.125, "0.00%")
    assert read_workbook(path).kpis[0].monthly["2026-10"] == 12.5
    assert {c.status for c in import_into(path, exports(series(CTR, {"2026-10": 12.5}))).cells} == {Status.UNCHANGED}


def test_seconds_in_a_duration_format_are_a_fraction_of_a_day(tmp_path: Path) -> None:
    spec = WorkbookSpec("Muster GmbH", Role.INQUIRIES, [
        KpiSpec("Ø Interaktionsdauer (GA4)", [None, None], "website", "seconds", number_format="[mm]:ss"),
    ], last_month="2026-10")  # fmt: skip
    path = write_client_workbook(tmp_path / "kunde.xlsx", spec)
    import_into(path, exports(series(DURATION, {"2026-10": 90.0})))
    assert read_workbook(path).kpis[0].monthly["2026-10"] == 90.0
    assert openpyxl.load_workbook(path)["Kennzahlen"]["K2"].number_format == "[mm]:ss"


def test_two_exports_that_disagree_leave_the_cell_empty(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Klicks (Google-Suche)", [None, None, None])])
    found = Exports([
        Reading("a.csv", "Search Console", "Chart", [series(CLICKS, {"2026-09": 10.0, "2026-10": 20.0}, "a.csv")]),
        Reading("b.csv", "Search Console", "Chart", [series(CLICKS, {"2026-09": 10.0, "2026-10": 25.0}, "b.csv")]),
    ])  # fmt: skip
    result = import_into(path, found)
    assert [str(p) for p in result.problems] == [
        "b.csv › row 3: Search Console › Clicks for 2026-10: 25 here, but 20 in a.csv › row 3; neither was "
        "imported (leave out the export that is wrong)"
    ]
    assert statuses(result) == {("K2", "2026-09"): "new"}
    assert "L2" not in cells(path)


def test_amounts_in_another_currency_need_currency_ok(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Kontaktanfragen", [1, 2, 3])])
    dollars = series(COST, {"2026-10": 120.0}, "ads.csv", currency="USD")
    refused = import_into(path, Exports([Reading("ads.csv", "Google Ads", "Campaigns", [dollars])]))
    assert [str(p) for p in refused.problems] == [
        "ads.csv: Google Ads › Cost: the amounts are in USD, and the workbook keeps euros, so they were not "
        "imported: export the report in EUR, or import them as they are with --currency-ok"
    ]
    assert not refused.cells
    assert not refused.new_rows
    assert not refused.changed
    taken = import_into(path, Exports([Reading("ads.csv", "Google Ads", "Campaigns", [dollars])]),
                        ImportOptions(currency_ok=True))
    assert taken.count(Status.NEW) == 1
    assert cells(path)["L3"] == 120


def test_a_value_the_workbook_cannot_hold_is_not_imported(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Klicks (Google-Suche)", [None, None, None])])
    result = import_into(path, exports(series(CLICKS, {"2026-09": -5.0, "2026-10": 5.0})))
    assert [str(p) for p in result.problems] == [
        "Chart.csv › row 2: Search Console › Clicks for 2026-09: the export's value \"-5\" cannot be a value of "
        "this KPI; not imported"
    ]
    assert statuses(result) == {("L2", "2026-10"): "new"}


def test_month_limits_the_import(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Klicks (Google-Suche)", [None, None, None])])
    result = import_into(path, exports(series(CLICKS, clicks(MONTHS3))), ImportOptions(month="2026-09"))
    assert statuses(result) == {("K2", "2026-09"): "new"}
    none = import_into(path, exports(series(CLICKS, clicks(MONTHS3))), ImportOptions(month="2027-01"))
    assert [p.message for p in none.problems] == ["the exports hold no values for 2027-01"]
    assert not none.changed


# ---- month columns ------------------------------------------------------------------------------------------


def gap_workbook(path: Path) -> Path:
    """Months 2026-08 and 2026-10 as text, a sum column after them, a dropdown, a comment, a merged title,
    a formula on another sheet and a print area: everything an inserted column must move."""
    make_workbook(path, kpis=[kpi("Klicks (Google-Suche)", [100, 999, 300], source="Search Console › Klicks")])
    wb = openpyxl.load_workbook(path)
    ws = wb["Kennzahlen"]
    ws.delete_cols(11)  # 2026-09: the gap
    ws.cell(1, 12, "Summe 2026")
    ws["K1"].comment = Comment("Oktober", "Agentur")
    validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    ws.add_data_validation(validation)
    validation.add("K2:K20")
    ws.column_dimensions["K"].width = 17
    ws.freeze_panes = "B2"
    wb["Kunde"]["D1"] = "=Kennzahlen!K2*2"
    wb.create_sheet("Notizen")["A1"] = "=SUM(Kennzahlen!$J$2:$K$2)"
    wb.defined_names["Oktober"] = openpyxl.workbook.defined_name.DefinedName("Oktober", attr_text="Kennzahlen!$K$2")
    ws.auto_filter.ref = "A1:L3"
    ws.auto_filter.add_filter_column(10, ["300"])  # the October column, counted from A
    ws["A3"] = "Doppelt"
    wb.save(path)
    put_formula(path, "Kennzahlen", "L2", "SUM(J2:K2)", 400)
    # a shared formula across the months, as Excel saves a formula filled to the right
    patch_part(path, sheet_part(path, "Kennzahlen"), lambda xml: xml.replace(
        '<c r="A3" t="inlineStr"><is><t>Doppelt</t></is></c>',
        '<c r="A3" t="inlineStr"><is><t>Doppelt</t></is></c><c r="J3"><f t="shared" ref="J3:K3" si="0">J2*2</f>'
        '<v>200</v></c><c r="K3"><f t="shared" si="0"/><v>600</v></c>',
    ))  # fmt: skip
    assert "<f t=\"shared\"" in members(path)[sheet_part(path, "Kennzahlen")].decode()
    return path


def test_a_month_in_a_gap_is_inserted_and_everything_moves_with_the_columns(tmp_path: Path) -> None:
    path = gap_workbook(tmp_path / "kunde.xlsx")
    result = import_into(path, exports(series(CLICKS, {"2026-08": 100.0, "2026-09": 200.0, "2026-10": 300.0})))
    assert [(m.month, m.column) for m in result.new_months] == [("2026-09", "K")]
    assert result.written
    # the sums over the months now count the new one, but their saved results are from before
    assert [str(p) for p in result.problems] == [
        "kunde.xlsx › Kennzahlen!M2: 2 formulas use values the import wrote (Kennzahlen!M2, Notizen!A1); their "
        "saved results are from before the import: open the workbook in Excel or LibreOffice and save it before "
        "reporter check and build"
    ]
    assert result.problems[0].severity == "warning"
    assert 'fullCalcOnLoad="1"' in members(path)["xl/workbook.xml"].decode()
    wb = openpyxl.load_workbook(path)
    ws = wb["Kennzahlen"]
    assert [ws.cell(1, c).value for c in range(10, 14)] == ["2026-08", "2026-09", "2026-10", "Summe 2026"]
    assert [ws.cell(2, c).value for c in range(10, 13)] == [100, 200, 300]
    assert ws["M2"].value == "=SUM(J2:L2)"  # the range widened over the new column, as Excel does
    assert ws["L1"].comment.text == "Oktober"
    assert ws["K1"].comment is None
    assert [str(v.sqref) for v in ws.data_validations.dataValidation if v.type == "decimal"] == ["L2:L20"]
    assert ws.column_dimensions["L"].width == 17
    assert wb["Kunde"]["D1"].value == "=Kennzahlen!L2*2"
    assert wb["Notizen"]["A1"].value == "=SUM(Kennzahlen!$J$2:$L$2)"
    assert wb.defined_names["Oktober"].attr_text == "Kennzahlen!$L$2"
    assert read_workbook(path).kpis[0].monthly == {"2026-08": 100.0, "2026-09": 200.0, "2026-10": 300.0}
    assert (ws["J3"].value, ws["K3"].value, ws["L3"].value) == ("=J2*2", None, "=L2*2")  # each its own formula now
    assert ws.auto_filter.ref == "A1:M3"
    assert [f.colId for f in ws.auto_filter.filterColumn] == [11]
    assert ws.freeze_panes == "B2"
    vml = members(path)["xl/drawings/commentsDrawing1.vml"].decode()
    assert re.search(r"<(\w+:)?Column>11</\1Column>", vml)  # the note box went with its cell (0-based: L)


def test_a_later_month_goes_before_a_column_after_the_months(tmp_path: Path) -> None:
    path = gap_workbook(tmp_path / "kunde.xlsx")
    result = import_into(path, exports(series(CLICKS, {"2026-11": 400.0})))
    assert [(m.month, m.column) for m in result.new_months] == [("2026-11", "L")]
    ws = openpyxl.load_workbook(path)["Kennzahlen"]
    assert [ws.cell(1, c).value for c in range(10, 14)] == ["2026-08", "2026-10", "2026-11", "Summe 2026"]
    assert ws["M2"].value == "=SUM(J2:K2)"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [("date", dt.datetime(2026, 11, 1)), ("text", "2026-11")],
)
def test_a_new_month_header_is_written_like_its_neighbours(tmp_path: Path, headers: str, expected: object) -> None:
    spec = WorkbookSpec("Muster GmbH", Role.INQUIRIES, [
        KpiSpec("Klicks (Google-Suche)", [1, 2], "seo", "count", source="Search Console › Klicks"),
    ], last_month="2026-10", month_headers=headers)  # type: ignore[arg-type]  # fmt: skip
    path = write_client_workbook(tmp_path / "kunde.xlsx", spec)
    import_into(path, exports(series(CLICKS, {"2026-11": 3.0})))
    ws = openpyxl.load_workbook(path)["Kennzahlen"]
    assert ws["L1"].value == expected
    assert ws["L1"].number_format == ws["K1"].number_format
    assert ws["L1"].fill.fgColor.rgb == ws["K1"].fill.fgColor.rgb
    assert (ws["L2"].value, ws["L2"].number_format) == (3, "#,##0")


@pytest.mark.parametrize(
    ("example", "month", "expected"),
    [
        ("2026-10", "2026-11", "2026-11"), ("10/2026", "2027-03", "03/2027"), ("10.2026", "2027-03", "03.2027"),
        ("01.10.2026", "2026-11", "01.11.2026"), ("Okt 2026", "2026-12", "Dez 2026"),
        ("Okt. 2026", "2027-05", "Mai 2027"), ("Oktober 2026", "2027-03", "März 2027"),
        ("Oct-26", "2026-11", "Nov-26"), ("OKT 26", "2026-12", "DEZ 26"), ("Dez. '25", "2026-01", "Jan. '26"),
        ("October 2026", "2027-06", "June 2027"), ("Summe", "2026-11", "2026-11"),
    ],
)  # fmt: skip
def test_text_month_headers_go_on_in_their_form(example: str, month: str, expected: str) -> None:
    assert month_text(example, month) == expected


# ---- new rows ---------------------------------------------------------------------------------------------


def test_new_rows_are_formatted_like_the_kpi_row_above(tmp_path: Path) -> None:
    spec = WorkbookSpec("Muster GmbH", Role.INQUIRIES, [
        KpiSpec("Kontaktanfragen", [10, 12], "website", "count"),
    ], last_month="2026-10")  # fmt: skip
    path = write_client_workbook(tmp_path / "kunde.xlsx", spec)
    result = import_into(path, exports(series(CLICKS, {"2026-10": 40.0}), series(CTR, {"2026-10": 6.47})))
    assert [(r.row, r.kpi, r.unit) for r in result.new_rows] == [
        (3, "Klicks (Google-Suche)", "count"), (4, "Klickrate (Google-Suche)", "percent")
    ]
    ws = openpyxl.load_workbook(path)["Kennzahlen"]
    assert ws["K3"].number_format == ws["K2"].number_format == "#,##0"
    assert ws["J3"].number_format == "#,##0"
    assert ws["J3"].value is None
    assert ws["K4"].number_format == "0.0#"  # a rate does not show as a whole number
    assert not [p for p in check_workbook(path) if p.severity == "error"]


def test_an_english_workbook_gets_english_rows(tmp_path: Path) -> None:
    path = template(tmp_path / "client.xlsx", "en")
    result = import_into(path, exports(series(CLICKS, clicks(TEMPLATE_MONTHS))))
    got = cells(path, "KPIs")
    assert [got[f"{col}3"] for col in "ABCEF"] == [
        "Clicks (Google Search)", "SEO", "Count", "higher is better", "Search Console › Clicks"
    ]
    assert not result.new_months
    assert not result.check


# ---- what the package holds besides the values -----------------------------------------------------------------


def test_excels_namespaces_and_extensions_stay(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Klicks (Google-Suche)", [1, 2, 3])])
    part = sheet_part(path, "Kennzahlen")
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    x14ac = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
    patch_part(path, part, lambda xml: xml.replace(
        "<worksheet ", f'<worksheet xmlns:mc="{mc}" mc:Ignorable="x14ac" xmlns:x14ac="{x14ac}" ', 1
    ).replace('<row r="2"', '<row r="2" x14ac:dyDescent="0.25"', 1))  # fmt: skip
    import_into(path, exports(series(CLICKS, {"2026-11": 4.0})))
    xml = members(path)[part].decode()
    assert 'mc:Ignorable="x14ac"' in xml
    assert f'xmlns:x14ac="{x14ac}"' in xml
    assert 'x14ac:dyDescent="0.25"' in xml
    assert read_workbook(path).kpis[0].monthly["2026-11"] == 4.0


def test_a_workbook_with_shared_strings_as_excel_saves_it(tmp_path: Path) -> None:
    path = shared_strings(template(tmp_path / "kunde.xlsx"))
    strings = members(path)["xl/sharedStrings.xml"]
    assert b"<si><t>Kennzahlen</t></si>" not in strings
    assert b"<si><t>Kennzahl</t></si>" in strings
    assert '<c r="A1" s="4" t="s">' in members(path)[sheet_part(path, "Kennzahlen")].decode()
    result = import_into(path, exports(series(CLICKS, clicks()), series(CTR, CTR_VALUES)))
    assert not result.problems
    assert not result.check
    assert len(result.new_rows) == 2
    assert members(path)["xl/sharedStrings.xml"] == strings  # new text goes inline; the table is not rewritten
    data = read_workbook(path)
    assert [k.name for k in data.kpis] == ["Klicks (Google-Suche)", "Klickrate (Google-Suche)"]
    assert data.kpis[0].monthly == clicks()
    assert data.client.name == "Muster GmbH"
    again = import_into(path, exports(series(CLICKS, clicks()), series(CTR, CTR_VALUES)))
    assert not again.changed


def test_an_image_stays_and_stops_only_an_insert_on_its_sheet(tmp_path: Path) -> None:
    from openpyxl.drawing.image import Image
    from PIL import Image as Picture

    png = tmp_path / "logo.png"
    Picture.new("RGB", (8, 8), (200, 30, 30)).save(png)
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Klicks (Google-Suche)", [1, 2, 3])])
    wb = openpyxl.load_workbook(path)
    wb["Kennzahlen"].add_image(Image(str(png)), "N5")
    wb.save(path)
    before = members(path)
    media = [name for name in before if name.startswith("xl/media/")]
    result = import_into(path, exports(series(CLICKS, {"2026-07": 0.5, "2026-10": 3.0, "2026-11": 4.0})))
    after = members(path)
    assert media
    assert all(after[name] == before[name] for name in media + ["xl/drawings/drawing1.xml"])
    assert [str(p) for p in result.problems] == [
        "kunde.xlsx › Kennzahlen!J1: the month 2026-07 has no column, and one cannot be inserted here because "
        "the sheet has drawings, images or charts that reporter cannot move: insert an empty column with the "
        "header 2026-07 in this place, then import again"
    ]
    assert statuses(result) == {("L2", "2026-10"): "unchanged", ("M2", "2026-11"): "new"}


def test_macros_stay_in_an_xlsm(tmp_path: Path) -> None:
    xlsx = make_workbook(tmp_path / "kunde.xlsx", kpis=[kpi("Klicks (Google-Suche)", [1, 2, 3])])
    path = tmp_path / "kunde.xlsm"
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    import_into(path, exports(series(CLICKS, {"2026-11": 4.0})))
    assert members(path)["xl/vbaProject.bin"] == b"\xd0\xcf\x11\xe0 macros"


# ---- the file on disk ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lock", "program"), [("~$kunde.xlsx", "Excel"), (".~lock.kunde.xlsx#", "LibreOffice")])
def test_a_workbook_open_in_an_office_program_is_refused(kunde: Path, lock: str, program: str) -> None:
    (kunde.parent / lock).write_bytes(b"owner")
    data = kunde.read_bytes()
    with pytest.raises(ReporterError) as caught:
        import_into(kunde, exports(series(CLICKS, clicks())))
    assert [str(p) for p in caught.value.problems] == [
        f"kunde.xlsx: the workbook is open in {program} ({lock} is beside it): close it first, then import again"
    ]
    assert kunde.read_bytes() == data


def test_a_second_import_at_the_same_time_is_refused(kunde: Path) -> None:
    with locked_in_place(kunde), pytest.raises(ReporterError) as caught:
        import_into(kunde, exports(series(CLICKS, clicks())))
    assert "another import into this workbook is running" in str(caught.value)


def test_what_is_not_a_workbook_is_refused_by_the_readers_checks(tmp_path: Path) -> None:
    path = tmp_path / "kunde.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ReporterError) as caught:
        import_into(path, exports(series(CLICKS, clicks())))
    assert str(caught.value) == (
        "kunde.csv: this is a CSV file: open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)"
    )
    with pytest.raises(ReporterError, match="file not found"):
        import_into(tmp_path / "fehlt.xlsx", exports(series(CLICKS, clicks())))


def test_a_failure_after_staging_leaves_the_old_workbook(kunde: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = kunde.read_bytes()

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # as good as a kill: the import stops between staging and renaming

    monkeypatch.setattr(write_module, "_errors", killed)
    with pytest.raises(KeyboardInterrupt):
        import_into(kunde, exports(series(CLICKS, clicks())))
    assert kunde.read_bytes() == data
    assert sorted(p.name for p in kunde.parent.iterdir()) == ["kunde.xlsx"]


def test_a_failed_rename_is_an_error_and_changes_nothing(kunde: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = kunde.read_bytes()
    real = os.replace

    def replace(source: object, target: object) -> None:
        if Path(str(target)) == kunde:
            raise PermissionError(13, "Permission denied")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(write_module.os, "replace", replace)
    with pytest.raises(ReporterError, match="kunde.xlsx: cannot write the file: Permission denied"):
        import_into(kunde, exports(series(CLICKS, clicks())))
    assert kunde.read_bytes() == data
    assert not [p for p in kunde.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_import_that_check_would_reject_is_not_written(kunde: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reporter.model import Problem

    data = kunde.read_bytes()
    broken = Problem("kunde.xlsx", "broken", "Kennzahlen", "J3")
    monkeypatch.setattr(write_module, "_errors", lambda path, file, config: [broken] if ".tmp" in path.name else [])
    result = import_into(kunde, exports(series(CLICKS, clicks())))
    assert result.internal
    assert not result.written
    assert kunde.read_bytes() == data
    assert result.problems[0].message.startswith("the workbook would not pass reporter check after the import")


# ---- small parts -----------------------------------------------------------------------------------------------


def test_sources_match_whatever_arrow_and_case() -> None:
    assert source_key("search console > KLICKS") == source_key("Search Console › Klicks")
    assert source_key("GA4 » Schlüsselereignisse: generate_lead") == source_key(
        "ga4 › Schluesselereignisse: generate lead"
    )
    assert source_key("GA4") != source_key("GA4 › Sitzungen")


def test_messages_speak_german(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "kunde.xlsx", kpis=[
        kpi("Klicks (Google-Suche)", [1234, None, None], source="Search Console › Klicks"),
    ])  # fmt: skip
    with use_language("de"):
        result = import_into(path, exports(series(CLICKS, {"2026-08": 1240.5})))
    assert [str(p) for p in result.problems] == [
        "kunde.xlsx › Kennzahlen!J2: Die Arbeitsmappe enthält 1.234, der Export 1.241 (Chart.csv › row 2): "
        "Der Wert der Arbeitsmappe bleibt; --overwrite ersetzt ihn"
    ]


def test_series_values_keep_their_export_row() -> None:
    made = series(CLICKS, {"2026-10": 1.0})
    assert made.values["2026-10"] == MonthValue(1.0, Origin("Chart.csv", cell="row 2"))
    assert isinstance(made, Series)
    assert re.match(r"^Search Console › Clicks$", CLICKS.source("en"))


def test_a_changed_part_keeps_its_namespace_declarations_and_prefixes() -> None:
    from reporter.importing.package import parse, serialize

    source = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<worksheet xmlns="urn:main" xmlns:r="urn:r" xmlns:mc="urn:mc" xmlns:x14ac="urn:x14ac" xmlns:xr="urn:xr" '
        'mc:Ignorable="x14ac xr" xr:uid="{1}"><!-- a note -->'
        '<sheetData><row r="1" x14ac:dyDescent="0.25"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b'
        ' </t></is></c></row></sheetData><extLst><ext xmlns:x14="urn:x14" uri="{CCE6A557}"><x14:dataValidations '
        'xmlns:xm="urn:xm"><x14:dataValidation><xm:sqref>K2:K20</xm:sqref></x14:dataValidation>'
        "</x14:dataValidations></ext></extLst></worksheet>"
    )
    root, declared = parse(source.encode())
    written = serialize(root, declared).decode()
    assert written == source  # as Excel writes it: declarations first, each where it was, with its prefix
    root[1][0].set("{urn:new}flag", "1")  # an attribute in a namespace the part does not declare gets a prefix
    assert '<row xmlns:ns0="urn:new" r="1" x14ac:dyDescent="0.25" ns0:flag="1">' in serialize(root, declared).decode()


def test_a_linked_workbook_stays_a_link(kunde: Path) -> None:
    link = kunde.with_name("link.xlsx")
    link.symlink_to(kunde.name)
    result = import_into(link, exports(series(CLICKS, clicks(TEMPLATE_MONTHS))))
    assert result.written
    assert link.is_symlink()
    assert read_workbook(kunde).kpis[0].monthly == clicks(TEMPLATE_MONTHS)
    assert kunde.with_name(".kunde.xlsx.bak").exists()


def test_a_fresh_template_is_written_and_what_check_still_finds_is_listed(tmp_path: Path) -> None:
    path = template(tmp_path / "kunde.xlsx", client=False)
    result = import_into(path, exports(series(CLICKS, clicks(TEMPLATE_MONTHS))))
    assert result.written
    assert not result.problems
    assert [(p.sheet, p.cell, p.message) for p in result.check] == [
        ("Kunde", "B2", 'required field "Kunde" (Client) is empty or missing'),
        ("Kunde", "B5", 'required field "Rolle des Marketings" (Marketing role) is empty or missing'),
    ]
