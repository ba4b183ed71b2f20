"""``reporter import`` end to end through the CLI: a Testplattform export (tests/import_fixtures.py) into a
workbook from ``reporter template``, then ``reporter check`` and one ``reporter build`` (real but for WeasyPrint's
layout: tests/stand_in.py) whose JSON sidecar holds exactly the imported numbers; the table, the summary, --json,
--dry-run, conflicts, folders, German."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from reporter.cli import cli
from reporter.importing.platforms import Platform
from reporter.model import month_range
from tests import stand_in
from tests.import_fixtures import SIXTEEN, TEMPLATE_MONTHS, template, with_testplattform, write_export

ROWS = {month: (100.0 + 10 * i, 6.4712 + i / 100, 250.0 + i) for i, month in enumerate(SIXTEEN)}


@pytest.fixture(autouse=True)
def platform() -> Iterator[Platform]:
    with with_testplattform() as registered:
        yield registered


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["import", *args])


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """template → import 16 months → check → build, once for the module."""
    folder = tmp_path_factory.mktemp("roundtrip")
    workbook = template(folder / "kunde.xlsx")
    export = write_export(folder / "downloads" / "testplattform.csv", ROWS)
    with with_testplattform():
        imported = run(str(workbook), str(export.parent), "--lang", "en")
    checked = CliRunner().invoke(cli, ["check", str(workbook), "--lang", "en"])
    with pytest.MonkeyPatch.context() as patch:  # the tests read the build's JSON sidecar, no PDF
        stand_in.use(patch)
        built = CliRunner().invoke(cli, ["build", str(workbook), "--out", str(folder / "out"), "--lang", "en"])
    return {"workbook": workbook, "import": imported, "check": checked, "build": built, "out": folder / "out"}


@pytest.fixture
def kunde(tmp_path: Path) -> Path:
    return template(tmp_path / "kunde.xlsx")


def test_the_import_prints_what_it_wrote(round_trip: dict[str, object]) -> None:
    result = round_trip["import"]
    assert isinstance(result, Result)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["KPI", "Month", "Cell", "Status", "Value", "Before"]
    assert lines[3].split() == ["Klicks", "(Test)", "2025-07", "J3", "new", "100"]
    assert "Kosten (Test)  2026-10  Y5    new     €265" in result.stdout
    assert "New month columns: 2025-07 (J), 2025-08 (K), 2025-09 (L)" in result.stdout
    assert "  row 3: Klicks (Test) (Testplattform › Klicks)" in result.stdout
    assert "48 values written, 0 unchanged, 0 conflicts; 3 new KPI rows, 3 new month columns." in result.stdout
    assert "the previous version is" in lines[-1]
    assert ".kunde.xlsx.bak" in lines[-1]
    assert result.stderr == ""


def test_the_imported_workbook_passes_check_and_builds(round_trip: dict[str, object]) -> None:
    checked, built = round_trip["check"], round_trip["build"]
    assert isinstance(checked, Result)
    assert isinstance(built, Result)
    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output
    out = round_trip["out"]
    assert isinstance(out, Path)
    sidecar = json.loads(next((out / "2026-10").glob("*.json")).read_text(encoding="utf-8"))
    series = {kpi["kpi"]: kpi["series"] for kpi in sidecar["kpis"]}
    window = month_range("2026-10", 13)
    assert series["Klicks (Test)"] == [{"month": m, "value": ROWS[m][0]} for m in window]
    assert series["Quote (Test)"] == [{"month": m, "value": round(ROWS[m][1], 10)} for m in window]
    assert series["Kosten (Test)"] == [{"month": m, "value": ROWS[m][2]} for m in window]


def test_a_second_import_changes_nothing(round_trip: dict[str, object], tmp_path: Path) -> None:
    workbook = round_trip["workbook"]
    assert isinstance(workbook, Path)
    copy = shutil.copy2(workbook, tmp_path / "kunde.xlsx")
    data, stamp = copy.read_bytes(), copy.stat().st_mtime_ns
    export = write_export(tmp_path / "export.csv", ROWS)
    result = run(str(copy), str(export))
    assert result.exit_code == 0, result.output
    assert "0 values written, 48 unchanged, 0 conflicts." in result.stdout
    assert f"Nothing to change in {copy}." in result.stdout
    assert copy.read_bytes() == data
    assert copy.stat().st_mtime_ns == stamp
    assert not (tmp_path / ".kunde.xlsx.bak").exists()


def test_a_conflict_exits_1_and_the_other_values_are_written(kunde: Path, tmp_path: Path) -> None:
    first = write_export(tmp_path / "a.csv", {"2026-09": (10, 5, 1), "2026-10": (20, 5, 1)})
    assert run(str(kunde), str(first)).exit_code == 0
    second = write_export(tmp_path / "b.csv", {"2026-09": (10, 5, 1), "2026-10": (25, 5, 1), "2026-08": (5, 5, 1)})
    result = run(str(kunde), str(second))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: kunde.xlsx › Kennzahlen!V3: the workbook holds 20, the export 25 (b.csv › row 5): kept; "
        "--overwrite replaces it"
    ]
    assert "Klicks (Test)  2026-10  V3    conflict   25     20" in result.stdout
    assert "3 values written, 5 unchanged, 1 conflict." in result.stdout
    ws = openpyxl.load_workbook(kunde)["Kennzahlen"]
    assert (ws["T3"].value, ws["V3"].value) == (5, 20)
    overwritten = run(str(kunde), str(second), "--overwrite")
    assert overwritten.exit_code == 0
    assert "1 value written, 1 overwritten, 8 unchanged, 0 conflicts." in overwritten.stdout
    assert openpyxl.load_workbook(kunde)["Kennzahlen"]["V3"].value == 25


def test_dry_run_leaves_the_bytes(kunde: Path, tmp_path: Path) -> None:
    data = kunde.read_bytes()
    result = run(str(kunde), str(write_export(tmp_path / "a.csv", ROWS)), "--dry-run")
    assert result.exit_code == 0
    assert "48 values to write, 0 unchanged" in result.stdout
    assert f"Dry run: nothing was written; {kunde} is unchanged." in result.stdout
    assert kunde.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "kunde.xlsx"]


def test_json_has_the_documented_schema(kunde: Path, tmp_path: Path) -> None:
    export = write_export(tmp_path / "a.csv", {"2026-10": (20, 5.5, 12.5)})
    result = run(str(kunde), str(export), "--json")
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert list(data) == [
        "workbook", "sheet", "dry_run", "changed", "written", "backup", "summary", "cells", "new_rows",
        "new_months", "sources_filled", "notes", "problems", "check",
    ]
    assert data["summary"] == {
        "written": 3, "new": 3, "overwritten": 0, "unchanged": 0, "conflicts": 0, "new_rows": 3, "new_months": 0,
        "sources_filled": 0, "errors": 0, "warnings": 0,
    }
    assert data["cells"][1] == {
        "kpi": "Quote (Test)", "source": "Testplattform › Quote", "month": "2026-10", "row": 4, "cell": "V4",
        "status": "new", "reason": None, "value": 5.5, "before": None, "unit": "percent", "export": "a.csv › row 3",
    }
    assert data["new_rows"][2] == {
        "row": 5, "kpi": "Kosten (Test)", "source": "Testplattform › Kosten", "channel": "ads", "unit": "eur"
    }
    assert data["written"] is True
    assert data["backup"].endswith(".kunde.xlsx.bak")
    assert data["dry_run"] is False


def test_german_messages(kunde: Path, tmp_path: Path) -> None:
    assert run(str(kunde), str(write_export(tmp_path / "a.csv", {"2026-10": (20, 5, 1)}))).exit_code == 0
    result = run(str(kunde), str(write_export(tmp_path / "b.csv", {"2026-10": (25, 5, 1)})), "--lang", "de")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Fehler: kunde.xlsx › Kennzahlen!V3: Die Arbeitsmappe enthält 20, der Export 25 (b.csv › Zeile 3): "
        "Der Wert der Arbeitsmappe bleibt; --overwrite ersetzt ihn"
    ]
    assert "0 Werte geschrieben, 2 unverändert, 1 Konflikt." in result.stdout
    assert "Konflikt" in result.stdout
    assert "Monat" in result.stdout


def test_a_folder_lists_what_it_cannot_read_and_imports_the_rest(kunde: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    write_export(folder / "test.csv", {"2026-10": (20, 5, 1)})
    (folder / "notizen.txt").write_text("Anruf bei Frau Muster\n", encoding="utf-8")
    (folder / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    result = run(str(kunde), str(folder))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: bild.png: not an export reporter can read (docs/import.md lists the supported exports)",
        "error: notizen.txt: not recognised as a supported platform export (docs/import.md lists them and how to "
        "download them)",
    ]
    assert "3 values written" in result.stdout


def test_currency_other_than_euro(kunde: Path, tmp_path: Path) -> None:
    export = write_export(tmp_path / "a.csv", {"2026-10": (20, 5, 120)}, currency="USD")
    refused = run(str(kunde), str(export))
    assert refused.exit_code == 1
    assert "the amounts are in USD" in refused.stderr
    assert "2 values written" in refused.stdout
    taken = run(str(kunde), str(export), "--currency-ok")
    assert taken.exit_code == 0
    assert "1 value written, 2 unchanged" in taken.stdout


def test_usage_errors_exit_2(kunde: Path, tmp_path: Path) -> None:
    export = write_export(tmp_path / "a.csv", {"2026-10": (20, 5, 1)})
    wrong = run(str(kunde), str(export), "--month", "Oktober")
    assert wrong.exit_code == 2
    assert "'Oktober' is not a month; use YYYY-MM" in wrong.stderr
    assert run(str(kunde)).exit_code == 2


def test_an_open_workbook_is_refused(kunde: Path, tmp_path: Path) -> None:
    (tmp_path / "~$kunde.xlsx").write_bytes(b"owner")
    export = write_export(tmp_path / "a.csv", {"2026-10": (20, 5, 1)})
    result = run(str(kunde), str(export))
    assert result.exit_code == 1
    assert "the workbook is open in Excel (~$kunde.xlsx is beside it): close it first" in result.stderr
    as_json = run(str(kunde), str(export), "--json")
    assert as_json.exit_code == 1
    problems = json.loads(as_json.stdout)["problems"]
    assert [p["message"] for p in problems] == [
        "the workbook is open in Excel (~$kunde.xlsx is beside it): close it first, then import again"
    ]


def test_the_month_option(kunde: Path, tmp_path: Path) -> None:
    result = run(str(kunde), str(write_export(tmp_path / "a.csv", ROWS)), "--month", TEMPLATE_MONTHS[-1])
    assert result.exit_code == 0
    assert "3 values written" in result.stdout


def test_an_import_check_would_reject_exits_3(kunde: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reporter.importing import write
    from reporter.model import Problem

    broken = Problem("kunde.xlsx", "broken", "Kennzahlen", "V3")
    monkeypatch.setattr(write, "_errors", lambda path, file, config: [broken] if ".tmp" in path.name else [])
    data = kunde.read_bytes()
    result = run(str(kunde), str(write_export(tmp_path / "a.csv", {"2026-10": (20, 5, 1)})))
    assert result.exit_code == 3
    assert "the workbook would not pass reporter check after the import, so nothing was written" in result.stderr
    assert f"{kunde} was not changed." in result.stdout
    assert kunde.read_bytes() == data


def test_an_empty_folder_is_an_error(kunde: Path, tmp_path: Path) -> None:
    (tmp_path / "leer").mkdir()
    result = run(str(kunde), str(tmp_path / "leer"))
    assert result.exit_code == 1
    assert f"no export files in {tmp_path / 'leer'}" in result.stderr


def test_sixteen_months_of_search_console_fill_the_template_at_once(tmp_path: Path) -> None:
    """The issue's first import: Search Console's 16-month daily chart (its zip, as downloaded) into a new
    workbook from the template (13 months); then the same export unpacked changes nothing."""
    import datetime as dt

    from reporter.workbook import read_workbook
    from tests.exports_google import gsc_days, gsc_files, gsc_month_totals, gsc_zip

    days = gsc_days(dt.date(2025, 7, 1), dt.date(2026, 10, 31))
    kunde = template(tmp_path / "kunde.xlsx")
    export = gsc_zip(tmp_path / "muster.de-Performance-on-Search-2026-11-02.zip", days)
    result = run(str(kunde), str(export))
    assert result.exit_code == 0, result.output
    assert "New month columns: 2025-07 (J), 2025-08 (K), 2025-09 (L)" in result.stdout
    assert "64 values written, 0 unchanged, 0 conflicts; 4 new KPI rows, 3 new month columns." in result.stdout
    expected = gsc_month_totals(days)
    assert sorted(expected) == SIXTEEN
    kpis = {kpi.source: kpi.monthly for kpi in read_workbook(kunde).kpis}
    assert kpis["Search Console › Klicks"] == {month: float(row[0]) for month, row in expected.items()}
    assert kpis["Search Console › Impressionen"] == {month: float(row[1]) for month, row in expected.items()}
    assert kpis["Search Console › CTR"] == pytest.approx({month: row[2] for month, row in expected.items()})
    assert kpis["Search Console › Position"] == pytest.approx({month: row[3] for month, row in expected.items()})
    data = kunde.read_bytes()
    again = run(str(kunde), str(gsc_files(tmp_path / "entpackt", days)))
    assert again.exit_code == 0, again.output
    assert "0 values written, 64 unchanged, 0 conflicts." in again.stdout
    assert kunde.read_bytes() == data
