"""``reporter build`` end to end: workbooks made here and the samples, through the CLI, to PDF, JSON and
manifest.

Also the batch's promises: files are written atomically, one client's failure does not stop the others, a
slug used twice does not overwrite the first report, and a later run keeps the manifest entries of other
workbooks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html.parser
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

from reporter import batch
from reporter.cli import cli
from reporter.config import load_config
from reporter.findings import analyse
from reporter.workbook import read_workbook
from tests.pdftext import page_texts
from tests.workbooks import NAMES_IN_EVERY_SCRIPT, kpi, make_workbook

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
    return " ".join(page_texts(pdf))


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


@pytest.mark.usefixtures("stand_in_renderer")  # reads files exist, manifest, output: nothing WeasyPrint makes
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


@pytest.mark.usefixtures("stand_in_renderer")  # reads manifest and messages: nothing WeasyPrint makes
def test_spreadsheets_that_are_no_workbooks_and_missing_paths_fail_and_the_client_is_built(tmp_path: Path) -> None:
    inputs = tmp_path / "kunden"
    workbook(inputs, "good", "Alpha GmbH")
    (inputs / "~$good.xlsx").write_bytes(b"\x0bFrau Muster" + b"\x20" * 150)
    (inputs / "x.ods").write_bytes(b"PK\x03\x04 an OpenDocument spreadsheet")
    (inputs / "x.csv").write_text("Kennzahl;2026-10\nAnfragen;3\n")
    (inputs / "x.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (inputs / "x.numbers").write_bytes(b"PK\x03\x04 an Apple Numbers file")
    (inputs / "notizen.txt").write_text("not client data")
    out = tmp_path / "reports"
    code, stdout, stderr = run(str(inputs), str(tmp_path / "missing.xlsx"), "--out", str(out))
    assert code == 1
    assert (out / "2026-10" / "alpha-gmbh.pdf").is_file()
    manifest = json.loads((out / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    entries = {Path(c["workbook"]).name: c for c in manifest["clients"]}
    assert set(entries) == {"good.xlsx", "x.csv", "x.numbers", "x.ods", "x.xls", "missing.xlsx"}
    assert entries["good.xlsx"]["status"] == "ok"
    fix = "open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx)"
    assert entries["x.ods"]["message"] == f"x.ods: this is an OpenDocument spreadsheet (.ods): {fix}"
    assert entries["x.csv"]["message"] == f"x.csv: this is a CSV file: {fix}"
    assert entries["missing.xlsx"]["message"] == "missing.xlsx: file not found"
    for name in ("x.csv", "x.numbers", "x.ods", "x.xls", "missing.xlsx"):
        assert entries[name]["status"] == "error"
        assert entries[name]["pdf"] is None
        row = next(line for line in stdout.splitlines() if line.startswith(name))
        assert row.split()[-1] == "error", "the summary names each failed file"
    assert f"{inputs / 'x.xls'}:\n  x.xls: this is an old Excel 97–2003 file (.xls): {fix}" in stdout
    assert "1 of 6 reports built, 5 failed." in stderr


@pytest.mark.usefixtures("fonts_for_every_script")
def test_names_in_every_script_are_in_the_reports_and_the_overview(tmp_path: Path) -> None:
    inputs = tmp_path / "kunden"
    names = dict(NAMES_IN_EVERY_SCRIPT)
    clients = {slug: names.pop(slug) for slug in ("mix", "arabisch", "hebraeisch")}
    clients["vielschrift"] = " · ".join(names.values())  # Turkish, Polish, Vietnamese, Greek, Cyrillic, Korean
    clients["privat"] = "Privat \ue000 GmbH"  # no font has U+E000
    for slug, name in clients.items():
        workbook(inputs, slug, name, Kürzel=slug)
    out = tmp_path / "reports"
    code, stdout, stderr = run(str(inputs), "--out", str(out), "--verbose")
    assert code == 0, stdout + stderr
    assert 'privat.xlsx › Kunde!B2: "\ue000" (U+E000) cannot be shown with the installed fonts' in stderr
    assert stderr.count("cannot be shown") == 1
    overview = text_of(out / "2026-10" / "_overview.pdf")
    for slug, name in clients.items():
        report = text_of(out / "2026-10" / f"{slug}.pdf")
        for word in name.replace("\ue000", "\ufffd").split():  # right-to-left text comes in visual order
            assert word in report, (slug, word)
            assert word in overview, (slug, word)


def test_a_repeated_message_is_printed_once_with_its_count(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials" / "cover.html.j2").write_text('<p style="unicode-bidi: plaintext">x</p>' * 50)
    path = workbook(tmp_path / "kunden", "alpha", "Alpha GmbH")
    code, stdout, _ = run(str(path), "--out", str(tmp_path / "reports"), "--templates", str(theme))
    assert code == 1
    message = "WeasyPrint: Ignored `unicode-bidi: plaintext` at 1:1, property not supported yet."
    assert f"  alpha.xlsx: {message} (×50)" in stdout.splitlines()
    assert stdout.count(message) == 1


@pytest.mark.usefixtures("stand_in_renderer")  # reads manifests, send's outbox: nothing WeasyPrint makes
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


@pytest.mark.usefixtures("stand_in_renderer")  # reads the manifest only: nothing WeasyPrint makes
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


@pytest.mark.usefixtures("stand_in_renderer")  # reads the manifest only: nothing WeasyPrint makes
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
def test_sample_reports_show_every_kpi_and_finding(sample_reports: Path, sample: str) -> None:
    out = sample_reports  # ``build sample_inputs --html``, once per run (tests/conftest.py)
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


def test_without_agency_settings_the_report_names_no_agency_and_build_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"Erstellt von Ihre Agentur" is wrong German and looks broken to a client: without a reporter.toml the
    cover has no agency line at all, and the agency hears once which file was looked for."""
    monkeypatch.chdir(tmp_path)
    inputs = tmp_path / "kunden"
    workbook(inputs, "a", "Alpha GmbH", Kommentar="Ein ruhiger Monat.")
    workbook(inputs, "b", "Beta GmbH")
    out = tmp_path / "reports"
    code, _, stderr = run(str(inputs), "--out", str(out))
    assert code == 0, stderr
    warnings = [line for line in stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: the agency's name, logo and colours are not set: no reporter.toml at {tmp_path / 'reporter.toml'} "
        f"or {inputs / 'reporter.toml'}. The reports show no agency and the default colours; see "
        "docs/configuration.md, [agency]."
    ]
    for pdf in (out / "2026-10" / "alpha-gmbh.pdf", out / "2026-10" / "_overview.pdf"):
        text = text_of(pdf)
        assert "Erstellt von" not in text
        assert "Ihre Agentur" not in text
        metadata = pypdf.PdfReader(pdf).metadata
        assert "Ihre Agentur" not in (metadata.title or "")
        assert not metadata.author
    (inputs / "reporter.toml").write_text('[agency]\nname = "Agentur Klarblick"\n', encoding="utf-8")
    code, _, stderr = run(str(inputs), "--out", str(out), "--force")
    assert code == 0, stderr
    assert "warning:" not in stderr
    assert "Erstellt von Agentur Klarblick" in text_of(out / "2026-10" / "alpha-gmbh.pdf")
    assert pypdf.PdfReader(out / "2026-10" / "alpha-gmbh.pdf").metadata.author == "Agentur Klarblick"
# ---- brand colours: from the workbook (client) or reporter.toml (agency) into the HTML and the PDF -------------

# Colours nothing in the theme uses. The agency's primary is light, so that the ink darkened from it for text on
# white (the agency name, the overview's text) differs from it: only var(--brand) can draw it.
CLIENT_PRIMARY, CLIENT_ACCENT = "#C0FFEE", "#BADA55"
AGENCY_PRIMARY, AGENCY_ACCENT = "#FFC2D1", "#2E4A7D"


class _StyleText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside, self.css = False, ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        self.css += data if self.inside else ""


def stylesheet(page: str) -> str:
    """The CSS of every ``<style>`` element of an HTML document."""
    parser = _StyleText()
    parser.feed(page)
    return parser.css


def colour_variables(css: str) -> dict[str, str]:
    """The custom properties holding a colour, as declared last (``--brand: #c0ffee``)."""
    return {name: value.lower() for name, value in re.findall(r"(--[\w-]+)\s*:\s*(#[0-9A-Fa-f]{6})\b", css)}


def drawn_colours(pdf: bytes, first_page_only: bool = False) -> set[tuple[int, int, int]]:
    """Every RGB colour a page fills or strokes with: the ``r g b rg`` / ``RG`` operators of its content stream
    and of the form XObjects it draws, as 0–255 triples (WeasyPrint writes them as decimals)."""
    found: set[tuple[int, int, int]] = set()
    operator = re.compile(rb"(?<![\w.])(\d*\.?\d+) (\d*\.?\d+) (\d*\.?\d+) (?:rg|RG)\b")

    def visit(data: bytes, resources: Any, seen: set[int]) -> None:
        found.update(tuple(round(float(x) * 255) for x in m.groups()) for m in operator.finditer(data))
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        for ref in (xobjects.get_object() if xobjects is not None else {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                seen.add(id(xobject))
                visit(xobject.get_data(), xobject.get("/Resources"), seen)

    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    for page in pages[:1] if first_page_only else pages:
        visit(page.get_contents().get_data(), page.get("/Resources"), set())
    return found


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_brand_colours_reach_the_html_and_the_pdf(tmp_path: Path) -> None:
    """The client's Primärfarbe and Akzentfarbe colour its report (the cover band and its badge on page 1); a
    client without them gets the agency's colours from reporter.toml, and so does the agency overview."""
    inputs = tmp_path / "kunden"
    workbook(inputs, "farbig", "Farbig GmbH", Primärfarbe=CLIENT_PRIMARY, Akzentfarbe=CLIENT_ACCENT)
    workbook(inputs, "schlicht", "Schlicht GmbH")
    config = tmp_path / "reporter.toml"
    config.write_text(f'[agency]\nprimary = "{AGENCY_PRIMARY}"\naccent = "{AGENCY_ACCENT}"\n', encoding="utf-8")
    out = tmp_path / "reports"
    code, _, stderr = run(str(inputs), "--out", str(out), "--html", "--config", str(config))
    assert code == 0, stderr
    month = out / "2026-10"
    for slug, primary, accent in [
        ("farbig-gmbh", CLIENT_PRIMARY, CLIENT_ACCENT),
        ("schlicht-gmbh", AGENCY_PRIMARY, AGENCY_ACCENT),
    ]:
        css = stylesheet((month / f"{slug}.html").read_text(encoding="utf-8"))
        variables = colour_variables(css)
        assert (variables["--brand"], variables["--accent"]) == (primary.lower(), accent.lower()), slug
        assert "var(--brand)" in css  # the theme's rules use them
        assert "var(--accent)" in css
        cover = drawn_colours((month / f"{slug}.pdf").read_bytes(), first_page_only=True)
        assert rgb(primary) in cover, (slug, sorted(cover))
        assert rgb(accent) in cover, (slug, sorted(cover))
    assert rgb(CLIENT_PRIMARY) not in drawn_colours((month / "schlicht-gmbh.pdf").read_bytes())
    assert rgb(AGENCY_PRIMARY) in drawn_colours((month / "_overview.pdf").read_bytes())
