"""``reporter check`` end to end: folders and files, the readable list, ``--json``, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reporter.cli import cli, format_check_report
from reporter.model import Problem, Severity
from reporter.workbook import _Reader
from tests.workbooks import kpi, make_workbook

VIEL = 'bad.xlsx › Kennzahlen!K2: "viel" is not a number'
INSTA = (
    'bad.xlsx › Kennzahlen!B2: unknown channel "Insta" was ignored (expected one of: Website, SEO, '
    "Social Media, Anzeigen, E-Mail, Vertrieb, Sonstiges)"
)
NO_TARGET = 'bad.xlsx › Kennzahlen!D2: the KPI "Anfragen" has no target (Ziel)'
LOCKED = (
    "good.xlsx: ~$good.xlsx is Excel's lock file: close the workbook in Excel, or changes not saved yet are missing"
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout


def folder_with_workbooks(tmp_path: Path) -> Path:
    folder = tmp_path / "kunden"
    make_workbook(folder / "good.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    make_workbook(folder / "bad.xlsx", kpis=[kpi("Anfragen", [1, "viel", 3], channel="Insta")])
    (folder / "~$good.xlsx").write_bytes(b"lock file of an open workbook")
    (folder / ".versteckt.xlsx").write_bytes(b"hidden")
    (folder / "notizen.txt").write_text("nicht lesen")
    return folder


def test_folder_readable_list_and_exit_code(tmp_path: Path) -> None:
    folder = folder_with_workbooks(tmp_path)
    code, out = run(str(folder))
    assert code == 1
    assert out.splitlines() == [
        f"{folder / 'bad.xlsx'}: 1 error, 2 warnings",
        f"  error: {VIEL}",
        f"  warning: {INSTA}",
        f"  warning: {NO_TARGET}",
        f"{folder / 'good.xlsx'}: 1 warning",
        f"  warning: {LOCKED}",
        "Checked 2 workbooks: 1 with errors, 1 OK (1 error, 3 warnings).",
    ]


def test_spreadsheets_in_a_folder_that_are_no_workbooks_are_errors_with_the_fix(tmp_path: Path) -> None:
    """A client who sent an .ods must not silently get no report; notes, config, logos and the output
    folder beside the workbooks are no client data and are left alone."""
    folder = tmp_path / "kunden"
    good = make_workbook(folder / "good.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    (folder / "~$good.xlsx").write_bytes(b"\x0bFrau Muster" + b"\x20" * 150)
    (folder / "x.ods").write_bytes(b"PK\x03\x04 an OpenDocument spreadsheet")
    (folder / "x.csv").write_text("Kennzahl;2026-10\nAnfragen;3\n")
    (folder / "x.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (folder / "x.numbers").write_bytes(b"PK\x03\x04 an Apple Numbers file")
    (folder / "README.md").write_text("# Kunden\n")
    (folder / "reporter.toml").write_text("")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / ".x.ods").write_bytes(b"hidden")
    (folder / "reports").mkdir()
    (folder / "reports" / "y.csv").write_text("output, not input")
    code, out = run(str(folder))
    assert code == 1
    fix = "open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)"
    assert out.splitlines() == [
        f"{good}: 1 warning",
        "  warning: good.xlsx: ~$good.xlsx is Excel's lock file: close the workbook in Excel, or changes not "
        "saved yet are missing",
        f"{folder / 'x.csv'}: 1 error",
        f"  error: x.csv: this is a CSV file: {fix}",
        f"{folder / 'x.numbers'}: 1 error",
        f"  error: x.numbers: this is an Apple Numbers file: {fix}",
        f"{folder / 'x.ods'}: 1 error",
        f"  error: x.ods: this is an OpenDocument spreadsheet (.ods): {fix}",
        f"{folder / 'x.xls'}: 1 error",
        f"  error: x.xls: this is an old Excel 97–2003 file (.xls): {fix}",
        "Checked 5 workbooks: 4 with errors, 1 OK (4 errors, 1 warning).",
    ]


def test_a_lock_file_named_explicitly_says_so(tmp_path: Path) -> None:
    make_workbook(tmp_path / "good.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    lock = tmp_path / "~$good.xlsx"
    lock.write_bytes(b"\x0bFrau Muster" + b"\x20" * 150)
    code, out = run(str(lock))
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{lock}: 1 error",
        "  error: ~$good.xlsx: this is Excel's lock file: close the workbook in Excel and name good.xlsx instead",
    ]


def test_a_libreoffice_lock_file_beside_a_workbook_is_a_warning(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "good.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    (tmp_path / ".~lock.good.xlsx#").write_text(",Frau Muster,laptop,27.10.2026 09:12,file:///home/muster;")
    code, out = run(str(tmp_path))
    assert code == 0
    assert out.splitlines()[:2] == [
        f"{path}: 1 warning",
        "  warning: good.xlsx: .~lock.good.xlsx# is LibreOffice's lock file: close the workbook in LibreOffice, "
        "or changes not saved yet are missing",
    ]


def test_json_output(tmp_path: Path) -> None:
    folder = folder_with_workbooks(tmp_path)
    code, out = run(str(folder), "--json")
    assert code == 1
    rows = json.loads(out)
    assert [r["text"] for r in rows] == [VIEL, INSTA, NO_TARGET, LOCKED]
    assert rows[0] == {
        "file": "bad.xlsx",
        "sheet": "Kennzahlen",
        "cell": "K2",
        "severity": "error",
        "message": '"viel" is not a number',
        "text": VIEL,
        "internal": False,
        "path": str(folder / "bad.xlsx"),
    }
    assert rows[2]["severity"] == "warning"


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3])])
    code, out = run(str(path))
    assert code == 0
    assert out.splitlines()[0] == f"{path}: 1 warning"
    assert out.splitlines()[-1] == "Checked 1 workbook: 0 with errors, 1 OK (0 errors, 1 warning)."
    code, out = run(str(path), "--json")
    assert code == 0
    assert [r["severity"] for r in json.loads(out)] == ["warning"]


@pytest.mark.usefixtures("fonts_for_every_script")
def test_a_character_no_font_has_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "k.xlsx",
        client={"Kunde": "Müller & Söhne — Ærø 株式会社 🚀 \ue000"},
        kpis=[kpi("Anfragen", [1, 2, 3], target=3)],
    )
    code, out = run(str(path))
    assert code == 0
    assert out.splitlines() == [
        f"{path}: 1 warning",
        '  warning: k.xlsx › Kunde!B2: "\ue000" (U+E000) cannot be shown with the installed fonts',
        "Checked 1 workbook: 0 with errors, 1 OK (0 errors, 1 warning).",
    ]  # 株 and 🚀 need CJK and emoji fonts: README, Fonts


def test_an_identical_line_is_printed_once_with_its_count() -> None:
    warning = Problem("k.xlsx", "x", "Kunde", "B2", Severity.WARNING)
    assert format_check_report([(Path("k.xlsx"), [warning] * 50)]).splitlines()[:2] == [
        "k.xlsx: 50 warnings",
        "  warning: k.xlsx › Kunde!B2: x (×50)",
    ]


def test_explicit_files_of_any_kind_are_checked(tmp_path: Path) -> None:
    (tmp_path / "alt.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    good = make_workbook(tmp_path / "sub" / "good.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    code, out = run(str(tmp_path / "alt.xls"), str(good.parent))
    assert code == 1
    assert out.splitlines()[:3] == [
        f"{tmp_path / 'alt.xls'}: 1 error",
        "  error: alt.xls: this is an old Excel 97–2003 file (.xls): open it in Excel or LibreOffice and "
        "save it "
        "as an Excel workbook (.xlsx)",
        f"{good}: OK",
    ]


def test_folder_without_workbooks(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"Error: no workbooks (.xlsx, .xlsm) found in {tmp_path}" in result.output


def test_a_missing_path_is_an_error_and_the_others_are_still_checked(tmp_path: Path) -> None:
    good = make_workbook(tmp_path / "good.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    missing = tmp_path / "missing.xlsx"
    code, out = run(str(good), str(missing))
    assert code == 1
    assert out.splitlines() == [
        f"{good}: OK",
        f"{missing}: 1 error",
        "  error: missing.xlsx: file not found",
        "Checked 2 workbooks: 1 with errors, 1 OK (1 error, 0 warnings).",
    ]


def test_config_limits_apply(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi(f"KPI {i}", [1, 2, 3], target=1) for i in range(8)])
    (tmp_path / "reporter.toml").write_text("[limits]\nmax_rows = 5\n")
    code, out = run(str(path), "--config", str(tmp_path / "reporter.toml"))
    assert code == 1
    assert (
        "  error: k.xlsx › Kennzahlen!A6: the sheet has more than 5 rows; the limit is 5 (limits.max_rows in "
        "reporter.toml)"
    ) in out.splitlines()


def test_no_traceback_for_hostile_files(tmp_path: Path) -> None:
    for name, content in [
        ("leer.xlsx", b""),
        ("text.xlsx", b"hallo"),
        ("zip.xlsx", b"PK\x05\x06" + b"\x00" * 18),
        ("html.xlsm", b"<html></html>"),
    ]:
        (tmp_path / name).write_bytes(content)
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Internal error" not in result.output
    assert (
        result.stdout.splitlines()[-1] == "Checked 4 workbooks: 4 with errors, 0 OK (4 errors, 0 warnings)."
    )


def test_a_workbook_named_twice_is_checked_once(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])
    code, out = run(str(path), str(tmp_path), str(path))
    assert code == 0
    assert out.splitlines() == [
        f"{path}: OK",
        "Checked 1 workbook: 0 with errors, 1 OK (0 errors, 0 warnings).",
    ]


def test_an_internal_error_is_counted_apart_and_its_traceback_shown_only_with_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug of ours met on one workbook: said as such, never as the workbook's fault, without the exception's
    text; exit code 3; ``--debug`` adds the traceback on stderr."""
    folder = folder_with_workbooks(tmp_path)

    def broken(self: Any, ws: Any, measures: Any) -> Any:
        if self.file == "bad.xlsx":
            raise TypeError("a bug quoting 'geheim'")
        return original(self, ws, measures)

    original = _Reader.read_kpis
    monkeypatch.setattr(_Reader, "read_kpis", broken)
    internal = "internal error while reading bad.xlsx › Kennzahlen; please report it (run with --debug for details)"
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        f"{folder / 'bad.xlsx'}: 1 internal error",
        f"  {internal}",
        f"{folder / 'good.xlsx'}: 1 warning",
        "  warning: good.xlsx: ~$good.xlsx is Excel's lock file: close the workbook in Excel, or changes not saved yet"
        " are missing",
        "Checked 2 workbooks: 1 with errors, 1 OK (0 errors, 1 warning, 1 internal error).",
    ]
    assert "geheim" not in result.output
    assert "Traceback" not in result.output
    rows = json.loads(CliRunner().invoke(cli, ["check", "--json", str(folder)]).stdout)
    assert [(r["text"], r["internal"]) for r in rows if r["severity"] == "error"] == [(internal, True)]
    debug = CliRunner().invoke(cli, ["--debug", "check", str(folder)])
    assert debug.exit_code == 3
    assert debug.stdout == result.stdout
    assert debug.stderr.startswith(f"{internal}\nTraceback (most recent call last):")
    assert "TypeError: a bug quoting 'geheim'" in debug.stderr


def test_an_unexpected_exception_outside_the_reader_is_one_line_without_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi("Anfragen", [1, 2, 3], target=3)])

    def broken(*_args: Any) -> Any:
        raise KeyError("geheim")

    monkeypatch.setattr("reporter.impact.unknown_kpi_warnings", broken)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 3
    assert result.stderr == "Internal error: KeyError; please report it (run with --debug for details)\n"
    assert "geheim" not in result.output
    debug = CliRunner().invoke(cli, ["--debug", "check", str(path)])
    assert isinstance(debug.exception, KeyError)
