"""``reporter build`` end to end: workbooks made here and the samples, through the CLI, to PDF, JSON and
manifest.

Also the batch's promises: files are written atomically, one client's failure does not stop the others, a
slug used twice does not overwrite the first report, and a later run keeps the manifest entries of other
workbooks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from reporter import batch
from reporter.cli import cli
from reporter.config import load_config
from reporter.findings import analyse
from reporter.workbook import read_workbook
from tests.workbooks import kpi, make_workbook

SAMPLES = Path(__file__).resolve().parent.parent / "sample_inputs"
KPIS = [
    kpi("Seitenaufrufe", [1000 + 50 * i for i in range(13)]),
    kpi("Kontaktanfragen", [14] * 13, target=16),
]


def workbook(folder: Path, name: str, client: str, **extra: object) -> Path:
    return make_workbook(folder / f"{name}.xlsx", client={"Kunde": client, **extra}, kpis=KPIS)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


def text_of(pdf: Path) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)


def test_build_writes_pdf_json_html_and_manifest(tmp_path: Path) -> None:
    inputs = tmp_path / "kunden"
    workbook(
        inputs, "mueller", "Müller Haustechnik GmbH", Empfänger="chef@mueller.example; buero@mueller.example"
    )
    out = tmp_path / "reports"
    code, stdout, stderr = run(str(inputs), "--out", str(out), "--html")
    assert code == 0, stderr
    month = out / "2026-10"
    pdf = month / "mueller-haustechnik-gmbh.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "Müller Haustechnik GmbH" in text_of(pdf)
    sidecar = json.loads((month / "mueller-haustechnik-gmbh.json").read_text(encoding="utf-8"))
    assert sidecar["client"] == "Müller Haustechnik GmbH"
    assert {k["kpi"] for k in sidecar["kpis"]} == {"Seitenaufrufe", "Kontaktanfragen"}
    html = (month / "mueller-haustechnik-gmbh.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    manifest = json.loads((month / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["month"] == "2026-10"
    assert manifest["tool_version"]
    assert manifest["generated_at"].endswith("+00:00")
    [entry] = manifest["clients"]
    assert entry["status"] == "ok"
    assert entry["message"] is None
    assert entry["workbook"] == str((inputs / "mueller.xlsx").resolve())
    assert entry["pdf"] == "mueller-haustechnik-gmbh.pdf"
    assert entry["json"] == "mueller-haustechnik-gmbh.json"
    assert entry["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert entry["recipients"] == ["chef@mueller.example", "buero@mueller.example"]
    assert entry["language"] == "de"
    assert entry["pages"] == len(pypdf.PdfReader(pdf).pages)
    assert entry["summary"] == sidecar["summary"]
    assert "mueller-haustechnik-gmbh" in stdout
    assert "1 of 1 reports built." in stderr
    assert not [p for p in month.iterdir() if p.name.startswith(".")], "no temporary files are left behind"
    assert oct(pdf.stat().st_mode & 0o777) != oct(0o600), "reports are readable like any other file"


def test_one_broken_workbook_does_not_stop_the_others_and_exit_is_1(tmp_path: Path) -> None:
    inputs = tmp_path / "kunden"
    workbook(inputs, "a", "Alpha GmbH")
    broken = inputs / "b.xlsx"
    broken.write_bytes(b"this is not a workbook")
    workbook(inputs, "c", "Gamma GmbH")
    out = tmp_path / "reports"
    code, stdout, stderr = run(str(inputs), "--out", str(out))
    assert code == 1
    assert (out / "2026-10" / "alpha-gmbh.pdf").is_file()
    assert (out / "2026-10" / "gamma-gmbh.pdf").is_file()
    manifest = json.loads((out / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    statuses = {Path(c["workbook"]).name: c for c in manifest["clients"]}
    assert statuses["a.xlsx"]["status"] == "ok"
    assert statuses["c.xlsx"]["status"] == "ok"
    assert statuses["b.xlsx"]["status"] == "error"
    assert statuses["b.xlsx"]["pdf"] is None
    assert "b.xlsx" in statuses["b.xlsx"]["message"]
    assert "error" in stdout
    assert "b.xlsx" in stdout
    assert "2 of 3 reports built, 1 failed." in stderr


def test_a_failure_of_unknown_month_goes_to_the_month_of_the_run_not_the_calendar(
    tmp_path: Path, frozen_clock: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built in December: the unreadable workbook, finished first, once made ``2026-11/manifest.json`` (the
    month before today) and ``send`` then picked that month, which holds no report."""
    monkeypatch.chdir(tmp_path)  # no stray ./reporter.toml
    inputs = tmp_path / "kunden"
    inputs.mkdir()
    (inputs / "a-kaputt.xlsx").write_bytes(b"this is not a workbook")  # first in the queue of one worker
    workbook(inputs, "b-gut", "Gut GmbH", Empfänger="chefin@gut.example")
    out = tmp_path / "reports"
    code, _, stderr = run(str(inputs), "--out", str(out), "--jobs", "1")
    assert code == 1, stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.glob("*/manifest.json")) == ["2026-10/manifest.json"]
    manifest = json.loads((out / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generated_at"] == "2026-12-05T09:00:00+00:00"
    entries = {Path(c["workbook"]).name: c for c in manifest["clients"]}
    assert entries["b-gut.xlsx"]["status"] == "ok"
    assert entries["a-kaputt.xlsx"]["status"] == "error"
    assert entries["a-kaputt.xlsx"]["message"].startswith("a-kaputt.xlsx: ")

    sent = CliRunner().invoke(cli, ["send", str(out), "--dry-run", "--from", "Agentur <berichte@agentur.example>"])
    assert sent.exit_code == 1, sent.output  # the failed build is listed as refused
    assert f"Reports for 2026-10 ({out / '2026-10'})" in sent.stdout
    assert [p.name for p in (out / "2026-10" / "outbox").glob("*.eml")] == ["gut-gmbh.eml"]


def test_a_run_in_which_no_workbook_names_its_month_writes_no_manifest(
    tmp_path: Path, frozen_clock: dt.datetime
) -> None:
    inputs = tmp_path / "kunden"
    inputs.mkdir()
    (inputs / "kaputt.xlsx").write_bytes(b"this is not a workbook")
    out = tmp_path / "reports"
    code, stdout, stderr = run(str(inputs), "--out", str(out))
    assert code == 1
    assert "kaputt.xlsx" in stdout
    assert "0 of 1 reports built, 1 failed." in stderr
    assert list(out.glob("*/manifest.json")) == []
    code, _, _ = run(str(inputs), "--out", str(out), "--month", "2026-10")
    assert code == 1
    manifest = json.loads((out / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    assert [(Path(c["workbook"]).name, c["status"]) for c in manifest["clients"]] == [("kaputt.xlsx", "error")]


def test_same_slug_twice_makes_both_errors(tmp_path: Path) -> None:
    inputs = tmp_path / "kunden"
    workbook(inputs, "a", "Alpha GmbH", Ansprechpartner="Frau Erste")
    workbook(inputs, "b", "Alpha GmbH", Ansprechpartner="Herr Zweiter")
    out = tmp_path / "reports"
    code, _, _ = run(str(inputs), "--out", str(out))
    assert code == 1
    manifest = json.loads((out / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    first, second = manifest["clients"]
    assert first["status"] == second["status"] == "error"
    assert first["pdf"] is None, "send must find no report for either"
    assert second["pdf"] is None
    assert "also used by b.xlsx" in first["message"]
    assert "also used by a.xlsx" in second["message"]


def test_a_later_run_keeps_manifest_entries_of_other_workbooks(tmp_path: Path) -> None:
    first = workbook(tmp_path / "in1", "a", "Alpha GmbH")
    second = workbook(tmp_path / "in2", "b", "Beta GmbH")
    out = tmp_path / "reports"
    assert run(str(first), "--out", str(out))[0] == 0
    assert run(str(second), "--out", str(out), "--quiet")[0] == 0
    manifest = json.loads((out / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    assert [c["client"] for c in manifest["clients"]] == ["Alpha GmbH", "Beta GmbH"]


def test_month_option_is_validated(tmp_path: Path) -> None:
    path = workbook(tmp_path, "a", "Alpha GmbH")
    code, _, stderr = run(str(path), "--out", str(tmp_path / "out"), "--month", "Oktober")
    assert code == 2
    assert "YYYY-MM" in stderr


def test_a_folder_without_workbooks_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "leer").mkdir()
    code, _, stderr = run(str(tmp_path / "leer"), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "no workbooks" in stderr


def test_atomic_write_replaces_whole_files_and_cleans_up_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.pdf"
    batch.atomic_write(target, b"old")
    batch.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        batch.atomic_write(target, b"half")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


@pytest.mark.parametrize("sample", ["dachdecker.xlsx", "zahnarzt.xlsx"])
def test_sample_reports_show_every_kpi_and_finding(tmp_path: Path, sample: str) -> None:
    out = tmp_path / "reports"
    code, _, stderr = run(
        str(SAMPLES / sample), "--out", str(out), "--config", str(SAMPLES / "reporter.toml")
    )
    assert code == 0, stderr
    config = load_config(SAMPLES / "reporter.toml")
    analysis = analyse(read_workbook(SAMPLES / sample, config), config)
    pdf = out / analysis.month / f"{analysis.client.slug}.pdf"
    text = " ".join(text_of(pdf).split()).replace("\u00a0", " ")
    for trend in analysis.trends:
        assert trend.name in text, trend.name
    for finding in analysis.findings:
        assert " ".join(finding.text(analysis.language).split()).replace("\u00a0", " ") in text, finding.id
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.author == "Klarwerk Marketing GmbH"
    assert analysis.client.name in reader.metadata.title
    assert pdf.stat().st_size < 1_000_000
