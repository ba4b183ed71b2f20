"""Real-world robustness: every file of the shared xlsx corpus (Excel, LibreOffice, Google Sheets,
libraries, fuzzer output, encrypted and broken files) either passes ``check`` or gives at least one located
problem, within a time bound, and never lets an exception escape. None of those problems may be an internal
error: an exception of our own code is a bug, never a correct rejection of a file.

The corpus lives beside the repository (``../shared/xlsx-corpus``), both on the development machine and in CI.
In CI its absence is a failure; elsewhere a small generated set of odd files stands in, so the test always
checks something.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import cli
from reporter.config import Config
from reporter.model import Problem, Severity, WorkbookError
from reporter.workbook import _Reader, check_workbook, read_workbook

REPO = Path(__file__).resolve().parents[1]
CANDIDATES = [
    REPO.parent / "shared" / "xlsx-corpus",
    Path(__file__).resolve().parents[2] / "shared" / "xlsx-corpus",
]
CORPUS = next((path for path in CANDIDATES if path.is_dir()), None)
PER_FILE_SECONDS = 15
# The per-file tests go through the corpus in parts (every PARTS-th file), so that xdist shares them out.
PARTS = 6


class Overtime(BaseException):
    """One file took too long. Not an ``Exception``: the reader must not take it for a problem of the file."""


@contextlib.contextmanager
def time_bound(seconds: int, what: str) -> Iterator[None]:
    """Fail (instead of hanging the suite) when one file takes longer than ``seconds``."""

    def expire(_signum: int, _frame: object) -> None:
        raise Overtime(f"{what} took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def stand_in_corpus(folder: Path) -> Path:
    """Odd files of the kinds the real corpus holds, for a checkout without ``../shared``."""
    folder.mkdir()
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "text.xlsx").write_text("Kennzahl;Wert\n")
    (folder / "encrypted.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le")
    )
    (folder / "truncated.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with zipfile.ZipFile(folder / "no-workbook.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "=1/0"
    wb.active["B1"] = 5
    wb.save(folder / "plain.xlsx")
    with zipfile.ZipFile(folder / "plain.xlsx") as source, zipfile.ZipFile(folder / "empty-style.xlsx", "w") as copy:
        for item in source.infolist():  # s="": valid, and openpyxl fails on it (see test_empty_style_attribute…)
            data = source.read(item)
            copy.writestr(item, data.replace(b"<c ", b'<c s="" ') if item.filename.endswith("sheet1.xml") else data)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    if CORPUS is None:
        if os.environ.get("CI"):
            pytest.fail(f"the xlsx corpus is missing; looked in {', '.join(map(str, CANDIDATES))}")
        folder = stand_in_corpus(tmp_path_factory.mktemp("corpus") / "xlsx-corpus")
    else:
        folder = CORPUS
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm"))
    assert files, f"no workbooks in {folder}"
    return files


@pytest.mark.parametrize("part", range(PARTS), ids=lambda part: f"part{part}")
def test_every_corpus_file_passes_or_gives_a_located_problem(corpus: list[Path], part: int) -> None:
    failures: list[str] = []
    started = time.monotonic()
    files = corpus[part::PARTS]
    assert files
    for path in files:
        with time_bound(PER_FILE_SECONDS, path.name):
            problems = check_workbook(path)
            raised: tuple[Problem, ...] = ()
            try:
                read_workbook(path)
            except WorkbookError as exc:
                raised = exc.problems
        if list(raised) != [p for p in problems if p.severity is Severity.ERROR]:
            failures.append(f"{path.name}: read_workbook and check_workbook disagree")
        for problem in problems:
            if not isinstance(problem, Problem) or problem.file != path.name or not problem.message:
                failures.append(f"{path.name}: unlocated problem {problem!r}")
            if "Traceback" in problem.message:
                failures.append(f"{path.name}: {problem.message}")
            if problem.internal:
                failures.append(f"{path.name}: {problem}\n{problem.details}")
    assert failures == []
    assert time.monotonic() - started < 180 / PARTS  # 10 to 15 s for about 300 files on a loaded machine


@pytest.mark.parametrize("part", range(PARTS), ids=lambda part: f"part{part}")
def test_every_corpus_sheet_survives_the_table_readers(corpus: list[Path], part: int) -> None:
    """Most corpus files stop at "missing sheet"; here every sheet is read as if it were the Kennzahlen
    sheet and as the Kunde sheet, so the cell-level code meets every odd value the corpus holds."""
    files = corpus[part::PARTS]
    assert files
    for path in files:
        reader = _Reader(path, Config())
        data = reader.preflight()
        workbook = reader.open(data) if data is not None else None
        if workbook is None:
            continue
        with time_bound(PER_FILE_SECONDS, path.name):
            try:
                for sheet in workbook.worksheets:
                    reader.guarded(sheet, functools.partial(reader.read_kpis, measures=[]), None)
                    reader.guarded(sheet, reader.read_client, None)
            finally:
                workbook.close()
        assert all(p.file == path.name and p.message for p in reader.problems)
        assert [p.details for p in reader.problems if p.internal] == []


def test_check_command_over_the_whole_corpus(corpus: list[Path]) -> None:
    folder = corpus[0].parent
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1, (
        result.output
    )  # the corpus holds no client workbook: every file has an error
    assert "Traceback" not in result.output
    assert "internal error" not in result.output.lower()
    checked = [p for p in corpus if not p.name.startswith(("~$", "."))]
    assert result.stdout.splitlines()[-1].startswith(
        f"Checked {len(checked)} workbooks: {len(checked)} with errors"
    )
    # Excel lock files (~$name.xlsx) are skipped when a folder is checked, read when named explicitly.
    assert all(f"{p}:" not in result.stdout for p in corpus if p.name.startswith("~$"))
    few = [str(p) for p in corpus[:: max(1, len(corpus) // 5)]]
    result = CliRunner().invoke(cli, ["check", "--json", *few])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not any(row["internal"] for row in json.loads(result.stdout))


def test_a_valid_file_with_empty_style_attributes_is_read(tmp_path: Path) -> None:
    """The corpus file with ``s=""`` on its cells, its sheet named Kennzahlen: it used to give "the sheet
    cannot be read (list indices must be integers or slices, not str)", openpyxl's failure, not the file's."""
    if CORPUS is None:
        if os.environ.get("CI"):
            pytest.fail("the xlsx corpus is missing")
        pytest.skip("the xlsx corpus is not beside the repository (test_workbook.py covers a generated file)")
    source = CORPUS / "tafia__calamine__tests_empty_s_attribute.xlsx"
    path = tmp_path / "kunde.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as renamed:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'name="Sheet1"', b'name="Kennzahlen"')
            renamed.writestr(item, data)
    assert [str(p) for p in check_workbook(path)] == [
        'kunde.xlsx: missing sheet "Kunde" (Client)',
        'kunde.xlsx › Kennzahlen: no header row with a "Kennzahl" (KPI) column',
        'kunde.xlsx: missing sheet "Maßnahmen" (Measures): the report will list no measures',
    ]
