"""``reporter check`` end to end: folders and files, the readable list, ``--json``, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.workbook import _Reader
from tests.workbooks import kpi, make_workbook

VIEL = 'bad.xlsx › Kennzahlen!K2: "viel" is not a number'
INSTA = (
    'bad.xlsx › Kennzahlen!B2: unknown channel "Insta" was ignored (expected one of: Website, SEO, '
    "Social Media, Anzeigen, E-Mail, Vertrieb, Sonstiges)"
)
NO_TARGET = 'bad.xlsx › Kennzahlen!D2: the KPI "Anfragen" has no target (Ziel)'


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
        f"{folder / 'good.xlsx'}: OK",
        "Checked 2 workbooks: 1 with errors, 1 OK (1 error, 2 warnings).",
    ]


def test_json_output(tmp_path: Path) -> None:
    folder = folder_with_workbooks(tmp_path)
    code, out = run(str(folder), "--json")
    assert code == 1
    rows = json.loads(out)
    assert [r["text"] for r in rows] == [VIEL, INSTA, NO_TARGET]
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


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["check", str(tmp_path / "nope.xlsx")]).exit_code == 2


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
        f"{folder / 'good.xlsx'}: OK",
        "Checked 2 workbooks: 1 with errors, 1 OK (0 errors, 0 warnings, 1 internal error).",
    ]
    assert "geheim" not in result.output
    assert "Traceback" not in result.output
    rows = json.loads(CliRunner().invoke(cli, ["check", "--json", str(folder)]).stdout)
    assert [(r["text"], r["internal"]) for r in rows] == [(internal, True)]
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
