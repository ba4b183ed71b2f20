"""Hostile exports through ``reporter import``: whatever lies in the downloads folder, the command exits 1 with a
one-line message naming the file, never a traceback, and never writes the workbook (its bytes stay)."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from tests.import_fixtures import template

Maker = Callable[[Path], Path]


def binary(folder: Path) -> Path:
    path = folder / "daten.csv"
    path.write_bytes(bytes(range(256)) * 80)
    return path


def html_page(folder: Path) -> Path:
    path = folder / "search-console.csv"
    page = b"\n<!DOCTYPE html>\n<html><head><title>Sign in - Google Accounts</title></head><body></body></html>\n"
    path.write_bytes(page)
    return path


def zip_bomb(folder: Path) -> Path:
    """A Search Console zip whose Chart.csv unpacks to 120 MB of zeros (about 120 KB packed)."""
    path = folder / "suche.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("Chart.csv", "w", force_zip64=True) as member:
            chunk = b"0" * 1_000_000
            for _ in range(120):
                member.write(chunk)
    return path


def zip_of_many(folder: Path) -> Path:
    path = folder / "suche.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(1000):
            archive.writestr(f"Chart{index}.csv", "Date,Clicks\n2025-01-01,1\n")
    return path


def empty(folder: Path) -> Path:
    path = folder / "leer.csv"
    path.write_bytes(b"")
    return path


def long_line(folder: Path) -> Path:
    path = folder / "lang.csv"
    path.write_bytes(b"Date,Clicks," + b"1," * 2_500_000 + b"\n")  # 5 MB, one line
    return path


def long_field(folder: Path) -> Path:
    path = folder / "feld.csv"
    path.write_bytes(b'Top queries,Clicks\n"' + b"x" * 5_000_000 + b'",1\n')
    return path


def nul_bytes(folder: Path) -> Path:
    path = folder / "chart.csv"
    path.write_bytes(b"Date,Clicks,Impressions,CTR,Position\n2025-01-01,1\x00,100,1%,4\n" * 20)
    return path


def utf16_without_bom(folder: Path) -> Path:
    """UTF-16LE without its BOM, cut off in the middle of a character (an odd number of bytes)."""
    path = folder / "kampagnen.csv"
    text = "Campaign report\r\nCampaign\tClicks\r\nMarke\tviele\r\n"
    path.write_bytes(text.encode("utf-16-le")[:-1])
    return path


def encrypted_xlsx(folder: Path) -> Path:
    path = folder / "leistung.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + bytes(64) + os.urandom(4096))
    return path


def damaged_xlsx(folder: Path) -> Path:
    path = folder / "leistung.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(4096))
    return path


def symlink_loop(folder: Path) -> Path:
    (folder / "a.csv").symlink_to("b.csv")
    (folder / "b.csv").symlink_to("a.csv")
    return folder


CASES: dict[str, tuple[Maker, str]] = {
    "binary garbage named .csv": (binary, "daten.csv: the file holds binary data, not the text of a CSV export"),
    "an HTML page saved as .csv": (html_page, "search-console.csv: this is a web page (HTML or XML), not an export"),
    "a zip bomb": (zip_bomb, "suche.zip: the zip unpacks to more than 100 MB"),
    "a zip of 1,000 members": (zip_of_many, "suche.zip: the zip holds 1000 files, more than any export"),
    "a 0-byte file": (empty, "leer.csv: the file is empty"),
    "a 5 MB single line": (long_line, "lang.csv: row 1 has 2,500,003 cells, more than any export has columns"),
    "a 5 MB single field": (long_field, "feld.csv: the file is not a readable CSV file (line 2 cannot be split"),
    "NUL bytes": (nul_bytes, "chart.csv: the file holds NUL bytes, so it is damaged or no text export"),
    "UTF-16 without BOM": (utf16_without_bom, "kampagnen.csv: the file holds NUL bytes"),
    "an encrypted .xlsx": (encrypted_xlsx, "leistung.xlsx: the file is password-protected (encrypted)"),
    "a damaged .xlsx": (damaged_xlsx, "leistung.xlsx: the file is a damaged Excel workbook and cannot be read"),
    "a symlink loop in the folder": (symlink_loop, "a.csv: the file cannot be read (it is a symbolic link that leads"),
}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return template(tmp_path_factory.mktemp("hostile") / "kunde.xlsx")


def refused(workbook: Path, export: Path, folder: Path, *args: str) -> list[str]:
    """Import ``export`` into a copy of ``workbook``; assert exit 1 and unchanged bytes; the error lines."""
    copy = folder / "kunde.xlsx"
    copy.write_bytes(workbook.read_bytes())
    result = CliRunner().invoke(cli, ["import", str(copy), str(export), "--lang", "en", *args])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert copy.read_bytes() == workbook.read_bytes()
    assert not (folder / ".kunde.xlsx.bak").exists()
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_export_is_refused_in_one_line_naming_it(workbook: Path, tmp_path: Path, case: str) -> None:
    make, says = CASES[case]
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    export = make(downloads)
    errors = refused(workbook, export, tmp_path)
    assert errors, errors
    assert errors[0].startswith(f"error: {says}"), errors
    assert all("\n" not in line and len(line) < 300 for line in errors)


def test_a_folder_of_hostile_exports_names_each(workbook: Path, tmp_path: Path) -> None:
    """The folder form: each hostile file is named on its own line, and the command exits 1."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    html_page(downloads)
    empty(downloads)
    errors = refused(workbook, downloads, tmp_path)
    assert [line.split(":", 2)[1].strip() for line in errors] == ["leer.csv", "search-console.csv"]


def test_a_file_the_user_may_not_read(workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    export = downloads / "ga4.csv"
    export.write_text("# Start date: 20250101\nDate,Sessions\n20250101,5\n", encoding="utf-8")
    export.chmod(0)
    if os.geteuid() == 0:  # root reads it anyway: make opening it fail as it does for everybody else
        real_open = Path.open

        def deny(self: Path, *args: object, **kwargs: object) -> object:
            if self.name == "ga4.csv":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", deny)
    try:
        errors = refused(workbook, downloads, tmp_path)
    finally:
        export.chmod(0o600)
    assert errors == [
        "error: ga4.csv: the file cannot be read (you are not allowed to read it; ask whoever owns it, or copy it "
        "again)"
    ]


def test_a_pipe_named_csv_does_not_hang(workbook: Path, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    os.mkfifo(downloads / "export.csv")
    errors = refused(workbook, downloads / "export.csv", tmp_path)
    assert errors == [
        "error: export.csv: this is not a regular file (a folder, pipe or device); give the export file itself"
    ]


def test_hostile_exports_in_german(workbook: Path, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    html_page(downloads)
    copy = tmp_path / "kunde.xlsx"
    copy.write_bytes(workbook.read_bytes())
    result = CliRunner().invoke(cli, ["import", str(copy), str(downloads), "--lang", "de"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Fehler: search-console.csv: Dies ist eine Webseite (HTML oder XML), kein Export: Laden Sie den Export erneut "
        "über die Schaltfläche „Exportieren“ bzw. „Herunterladen“ der Plattform herunter, nicht über „Seite speichern“ "
        "des Browsers"
    ]
