"""The monthly batch end to end through the CLI: parallel workers, failures isolated, nothing half-written
after ``kill -9``, incremental re-runs, byte-identical output for any number of workers, limits per client,
slug collisions, progress output and the agency overview.

Real workbooks (the synthetic generator and tests/workbooks.py), real worker processes, real PDFs read back
with pypdf. Clients are few and small so the file stays fast, and the tests of the batch's mechanics that read
nothing WeasyPrint makes build with a stand-in for its layout (tests/stand_in.py, fixture ``stand_in_renderer``).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

from reporter import batch
from reporter.cli import cli
from reporter.cli_output import BuildProgress
from reporter.config import Config
from reporter.overview import misconception, note, overview_data, overview_texts
from tests import pool_tasks
from tests.pdftext import page_texts
from tests.synth import synthetic_clients
from tests.workbooks import kpi, make_workbook

MONTH = "2026-10"
ROOT = Path(__file__).resolve().parent.parent
SMALL_KPIS = [
    kpi("Seitenaufrufe", [1000 + 40 * i for i in range(13)]),
    kpi("Kontaktanfragen", [12 + (i % 3) for i in range(13)], target=15),
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


def small(folder: Path, name: str, client: str, kpis: list | None = None, **extra: object) -> Path:
    return make_workbook(folder / f"{name}.xlsx", client={"Kunde": client, **extra}, kpis=kpis or SMALL_KPIS)


def entries(out: Path, month: str = MONTH) -> dict[str, dict]:
    manifest = json.loads((out / month / "manifest.json").read_text(encoding="utf-8"))
    return {Path(e["workbook"]).name: e for e in manifest["clients"]}


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(text.split()) for text in page_texts(path))


def assert_complete_pdf(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-"), path
    assert data.rstrip().endswith(b"%%EOF"), path
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1


def final_files(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, tuple[int, str, str]]:
    """Two generated clients, two broken workbooks, a lock file and a hidden file; built with --jobs 1."""
    root = tmp_path_factory.mktemp("portfolio")
    inputs = root / "kunden"
    synthetic_clients(2, inputs, seed=7)
    (inputs / "kaputt.xlsx").write_bytes(b"this is not a workbook at all")
    make_workbook(
        inputs / "falsch.xlsx",
        client={"Kunde": "Falsch & Co. KG"},
        kpis=[kpi("Kontaktanfragen", [10, 11, "viel"])],
    )
    (inputs / "~$kaputt.xlsx").write_bytes(b"lock")
    (inputs / ".versteckt.xlsx").write_bytes(b"hidden")
    out = root / "out1"
    return inputs, out, run(str(inputs), "--out", str(out), "--jobs", "1")


def test_a_folder_with_broken_workbooks_builds_the_others_and_names_the_broken(portfolio) -> None:
    inputs, out, (code, stdout, stderr) = portfolio
    assert code == 1
    found = entries(out)
    assert sorted(found) == sorted(
        p.name for p in inputs.glob("*.xlsx") if not p.name.startswith(("~$", "."))
    )
    assert "~$kaputt.xlsx" not in found
    assert ".versteckt.xlsx" not in found
    broken = {"kaputt.xlsx", "falsch.xlsx"}
    for name, entry in found.items():
        if name in broken:
            assert entry["status"] == "error"
            assert entry["pdf"] is None
            assert entry["sha256"] is None
            assert entry["message"].startswith(name)
            assert entry["slug"], "every entry has a slug, even an unreadable workbook"
        else:
            assert entry["status"] == "ok", entry["message"]
            assert_complete_pdf(out / MONTH / entry["pdf"])
            assert entry["pages"] == len(pypdf.PdfReader(out / MONTH / entry["pdf"]).pages)
            assert entry["inputs"]["fingerprint"]
    assert "Kennzahlen!" in found["falsch.xlsx"]["message"]
    assert '"viel"' in found["falsch.xlsx"]["message"]
    # summary table on stdout, failures with their located messages below it
    assert "Client" in stdout
    assert "Effect" in stdout
    assert "Status" in stdout
    failures = stdout.split("Failures:")[1]
    assert "kaputt.xlsx" in failures
    assert '"viel"' in failures
    assert "2 of 4 reports built, 2 failed." in stderr
    # one plain progress line per client without a terminal
    assert sum(1 for line in stderr.splitlines() if line.startswith("[")) == 4


def test_the_overview_lists_every_client_failures_first(portfolio) -> None:
    _inputs, out, _result = portfolio
    overview = out / MONTH / "_overview.pdf"
    assert_complete_pdf(overview)
    reader = pypdf.PdfReader(overview)
    assert len(reader.pages) <= 2
    # in the language of the messages (English here; tests/test_i18n.py builds a German one)
    assert reader.metadata.title.startswith("Portfolio overview October 2026")  # no agency name is set
    text = pdf_text(overview)
    found = entries(out)
    names = [e["client"] for e in found.values() if e["status"] == "ok"]
    for name in names:
        assert name in text
    assert text.index("kaputt.xlsx") < min(text.index(name) for name in names)
    assert "Error" in text
    assert "Impact questions" in text
    manifest = json.loads((out / MONTH / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["overview"]["pdf"] == "_overview.pdf"
    assert manifest["overview"]["sha256"] == batch.sha256_file(overview)


def test_two_jobs_give_byte_identical_files(portfolio) -> None:
    inputs, out1, _result = portfolio
    out2 = out1.parent / "out2"
    code, _, stderr = run(str(inputs), "--out", str(out2), "--jobs", "2")
    assert code == 1, stderr
    one, two = final_files(out1 / MONTH), final_files(out2 / MONTH)
    assert sorted(one) == sorted(two)
    for name in one:
        if name != "manifest.json":
            assert one[name] == two[name], f"{name} differs between --jobs 1 and --jobs 2"

    def normalised(data: bytes) -> dict:
        manifest = json.loads(data)
        manifest.pop("generated_at")
        # fingerprints cover the theme files: equal unless someone edits templates between the two builds
        manifest["overview"].pop("fingerprint")
        for entry in manifest["clients"]:
            entry.pop("seconds")
            if entry["inputs"]:
                entry["inputs"].pop("fingerprint")
        return manifest

    assert normalised(one["manifest.json"]) == normalised(two["manifest.json"])


@pytest.mark.usefixtures("stand_in_renderer")  # reads statuses, hashes, mtimes: no PDF's text or layout
def test_incremental_runs_skip_unchanged_clients_and_rebuild_changed_ones(tmp_path: Path) -> None:
    inputs = tmp_path / "kunden"
    logo = inputs / "logo.svg"
    inputs.mkdir()
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" '
        'height="10" fill="#123456"/></svg>',
        encoding="utf-8",
    )
    small(inputs, "a", "Alpha GmbH", Logo="logo.svg")
    small(inputs, "b", "Beta GmbH")
    out = tmp_path / "out"
    assert run(str(inputs), "--out", str(out))[0] == 0
    first = entries(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in (out / MONTH).iterdir()}

    code, stdout, stderr = run(str(inputs), "--out", str(out))
    assert code == 0
    assert "0 of 2 reports built, 2 unchanged (skipped)." in stderr
    second = entries(out)
    for name in first:
        assert second[name]["status"] == "skipped"
        for key in ("pdf", "json", "sha256", "pages", "recipients", "summary", "inputs"):
            assert second[name][key] == first[name][key]
    for path in (out / MONTH).iterdir():
        if path.name != "manifest.json":
            assert path.stat().st_mtime_ns == mtimes[path.name], f"{path.name} was written again"
    assert "skipped" in stdout

    small(inputs, "b", "Beta GmbH", kpis=[*SMALL_KPIS, kpi("Anrufe", [5] * 13)])
    code, _, stderr = run(str(inputs), "--out", str(out))
    assert code == 0
    assert "1 of 2 reports built, 1 unchanged (skipped)." in stderr
    assert {n: e["status"] for n, e in entries(out).items()} == {"a.xlsx": "skipped", "b.xlsx": "ok"}

    logo.write_text(logo.read_text(encoding="utf-8").replace("#123456", "#654321"), encoding="utf-8")
    run(str(inputs), "--out", str(out))
    assert {n: e["status"] for n, e in entries(out).items()} == {"a.xlsx": "ok", "b.xlsx": "skipped"}

    (out / MONTH / entries(out)["b.xlsx"]["pdf"]).unlink()
    run(str(inputs), "--out", str(out))
    assert {n: e["status"] for n, e in entries(out).items()} == {"a.xlsx": "skipped", "b.xlsx": "ok"}

    code, _, stderr = run(str(inputs), "--out", str(out), "--force")
    assert code == 0
    assert "2 of 2 reports built." in stderr
    assert {e["status"] for e in entries(out).values()} == {"ok"}

    run(str(inputs / "a.xlsx"), "--out", str(out), "--html")
    assert entries(out)["a.xlsx"]["status"] == "ok", "--html is an input: the HTML must be written"
    assert entries(out)["a.xlsx"]["html"] == "alpha-gmbh.html"
    assert (out / MONTH / "alpha-gmbh.html").is_file()


# ``python -m reporter`` whose build lays out no PDF and takes a second per client (tests/pool_tasks.py)
SLOW_STAND_IN_REPORTER = (
    "import runpy; from reporter import batch; from tests import pool_tasks, stand_in; stand_in._install(); "
    "batch.stage_client = pool_tasks.stand_in_slowly; batch._run_overview = stand_in.run_overview; "
    "runpy.run_module('reporter', run_name='__main__', alter_sys=True)"
)


@pytest.mark.usefixtures("stand_in_renderer")  # reads no PDF's text or layout: complete files, hashes, statuses
def test_a_build_killed_midway_leaves_only_complete_files_and_a_rerun_completes(tmp_path: Path) -> None:
    """``kill -9`` while the second of four clients is being built: each client takes a second (a worker that
    sleeps, so the kill lands midway however busy the machine), everything else of the build is real."""
    inputs = tmp_path / "kunden"
    for index, name in enumerate(["Anton", "Berta", "Caesar", "Dora"]):
        small(inputs, f"k{index}", f"{name} GmbH")
    out = tmp_path / "out"
    command = [sys.executable, "-c", SLOW_STAND_IN_REPORTER, "build", str(inputs), "--out", str(out), "--jobs", "1"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    folder = out / MONTH
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if folder.is_dir() and any(
                p.suffix == ".pdf" and not p.name.startswith((".", "_")) for p in folder.iterdir()
            ):
                break
            time.sleep(0.02)
        else:
            pytest.fail("no PDF appeared within 60 s")
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(10)
    pdfs = [p for p in folder.iterdir() if p.suffix == ".pdf" and not p.name.startswith(".")]
    assert 1 <= len(pdfs) < 4, "killed midway"
    for pdf in pdfs:
        assert_complete_pdf(pdf)
        assert (folder / f"{pdf.stem}.json").is_file(), "the JSON is in place before its PDF"
    if (folder / "manifest.json").exists():
        json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

    code, _, stderr = run(str(inputs), "--out", str(out))
    assert code == 0, stderr
    found = entries(out)
    assert len(found) == 4
    assert {e["status"] for e in found.values()} <= {"ok", "skipped"}
    for entry in found.values():
        assert_complete_pdf(folder / entry["pdf"])
        assert batch.sha256_file(folder / entry["pdf"]) == entry["sha256"]
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")], "stale temporary files removed"


@pytest.mark.usefixtures("stand_in_renderer")  # the overview, in its worker
def test_a_client_over_the_time_limit_is_stopped_and_the_others_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real time limit, end to end. Langsam's worker blocks (tests/pool_tasks.py) instead of working, so the
    limit stops it whatever the load, without taking a core; Alpha and the overview are built with the stand-in
    renderer (tests/stand_in.py; everything but WeasyPrint's layout is real): Alpha needs 0.2 s on an idle machine
    and 1.3 s with a sixth of a core (a machine loaded twelve times over), so the limit can be 2 s.
    tests/test_hostile.py stops the real renderer on a 4,900-KPI workbook; the worker pool's own tests
    (tests/test_pool.py) use trivial tasks."""
    inputs = tmp_path / "kunden"
    small(inputs, "a", "Alpha GmbH")
    small(inputs, "langsam", "Langsam GmbH")
    monkeypatch.setattr(batch, "stage_client", pool_tasks.stand_in_or_hang)
    config = tmp_path / "reporter.toml"
    config.write_text("[limits]\nrender_timeout_s = 2\n", encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    code, stdout, _ = run(str(inputs), "--out", str(out), "--config", str(config), "--jobs", "2")
    assert time.monotonic() - started < 120  # the blocked worker alone would sleep for 5 minutes
    assert code == 1
    found = entries(out)
    assert found["a.xlsx"]["status"] == "ok"
    assert_complete_pdf(out / MONTH / found["a.xlsx"]["pdf"])
    assert found["langsam.xlsx"]["status"] == "error"
    assert "render_timeout_s" in found["langsam.xlsx"]["message"]
    assert found["langsam.xlsx"]["message"].startswith("langsam.xlsx: stopped after 2 s")
    assert "langsam.xlsx" in stdout


def test_a_client_over_the_memory_limit_is_reported(tmp_path: Path) -> None:
    path = small(tmp_path, "a", "Alpha GmbH")
    config = tmp_path / "reporter.toml"
    config.write_text("[limits]\nrender_memory_mb = 20\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, _ = run(str(path), "--out", str(out), "--config", str(config), "--month", MONTH)
    assert code == 1
    message = entries(out)["a.xlsx"]["message"]
    assert message.startswith("a.xlsx: stopped")
    assert "render_memory_mb = 20 MB" in message
    assert not (out / MONTH / "alpha-gmbh.pdf").exists()


@pytest.mark.usefixtures("stand_in_renderer")
def test_a_slug_taken_in_an_earlier_run_is_not_overwritten(tmp_path: Path) -> None:
    first = small(tmp_path / "in1", "a", "Alpha GmbH", Ansprechpartner="Frau Erste")
    # another KPI: a report that differs from the first (the contact person is not in the report), so that an
    # overwritten alpha-gmbh.pdf would have other bytes
    other_kpis = [*SMALL_KPIS, kpi("Anrufe", [5] * 13)]
    second = small(tmp_path / "in2", "a-neu", "Alpha GmbH", other_kpis, Ansprechpartner="Herr Zweiter")
    out = tmp_path / "out"
    assert run(str(first), "--out", str(out))[0] == 0
    before = (out / MONTH / "alpha-gmbh.pdf").read_bytes()
    code, stdout, _ = run(str(second), "--out", str(out))
    assert code == 1
    found = entries(out)
    assert found["a.xlsx"]["status"] == "ok"
    assert found["a-neu.xlsx"]["status"] == "error"
    assert "already belongs to a.xlsx" in found["a-neu.xlsx"]["message"]
    assert (out / MONTH / "alpha-gmbh.pdf").read_bytes() == before
    assert batch.sha256_file(out / MONTH / "alpha-gmbh.pdf") == found["a.xlsx"]["sha256"]


@pytest.mark.usefixtures("stand_in_renderer")
def test_month_option_without_data_for_that_month_is_a_clear_error(tmp_path: Path) -> None:
    path = small(tmp_path, "a", "Alpha GmbH")
    out = tmp_path / "out"
    code, stdout, _ = run(str(path), "--out", str(out), "--month", "2027-03")
    assert code == 1
    entry = entries(out, "2027-03")["a.xlsx"]
    assert entry["status"] == "error"
    assert "2027-03" in entry["message"]
    assert entry["message"].startswith("a.xlsx")
    code, _, stderr = run(str(path), "--out", str(out), "--month", "2026-09", "--verbose")
    assert code == 0
    assert entries(out, "2026-09")["a.xlsx"]["status"] == "ok"
    assert "[1/1] ok      alpha-gmbh  (" in stderr
    assert f"overview 2026-09: ok ({out / '2026-09' / '_overview.pdf'})" in stderr


@pytest.mark.usefixtures("stand_in_renderer")
def test_quiet_prints_only_failures_and_the_count(tmp_path: Path) -> None:
    inputs = tmp_path / "kunden"
    small(inputs, "a", "Alpha GmbH")
    (inputs / "b.xlsx").write_bytes(b"broken")
    code, stdout, stderr = run(str(inputs), "--out", str(tmp_path / "out"), "--quiet")
    assert code == 1
    assert "alpha-gmbh" not in stdout
    assert "b.xlsx" in stdout
    assert stderr.strip().splitlines() == ["1 of 2 reports built, 1 failed."]


def injected(*_args: object, **_kwargs: object) -> Any:
    raise TypeError("a bug quoting 'geheim'")


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        ("reporter.workbook._Reader.read_kpis", "internal error while reading k.xlsx › Kennzahlen"),
        ("reporter.findings.analyse", "internal error while building k.xlsx"),
    ],
)
def test_a_bug_met_while_building_a_client_is_an_internal_error_with_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str, message: str
) -> None:
    path = small(tmp_path, "k", "Muster GmbH")
    monkeypatch.setattr(stage, injected)
    result = batch.stage_client(path, batch.BuildOptions(out_dir=tmp_path / "out"), "run", "sha")
    assert (result.status, result.internal) == ("error", True)
    assert result.message == f"{message}; please report it (run with --debug for details)"
    assert result.details is not None
    assert "TypeError: a bug quoting 'geheim'" in result.details
    assert "geheim" not in json.dumps(result.manifest_entry())


def test_build_counts_internal_errors_apart_and_shows_tracebacks_only_with_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = "internal error while building k.xlsx; please report it (run with --debug for details)"
    results = (
        batch.ClientResult(workbook=tmp_path / "a.xlsx", status="error", slug="a", message="a.xlsx: not a workbook"),
        batch.ClientResult(
            workbook=tmp_path / "k.xlsx", status="error", slug="k", message=message, internal=True,
            details="Traceback (most recent call last):\nTypeError: a bug",
        ),
    )
    monkeypatch.setattr("reporter.batch.start_workers_early", lambda: None)
    monkeypatch.setattr("reporter.batch.build_all", lambda *_args, **_kwargs: batch.BuildReport(results))
    (tmp_path / "k.xlsx").write_bytes(b"")
    (tmp_path / "reporter.toml").write_text('[agency]\nname = "Agentur Klarblick"\n', encoding="utf-8")
    code, stdout, stderr = run(str(tmp_path / "k.xlsx"), "--out", str(tmp_path / "out"))
    assert code == 3
    assert [line.split() for line in stdout.splitlines()[2:4]] == [["a.xlsx", "error"], ["k.xlsx", "internal", "error"]]
    assert f"  {message}" in stdout.splitlines()
    assert stderr.splitlines() == [
        "0 of 2 reports built, 1 failed, 1 with an internal error (please report it; run with --debug for details)."
    ]
    debug = CliRunner().invoke(cli, ["--debug", "build", str(tmp_path / "k.xlsx"), "--out", str(tmp_path / "out")])
    assert debug.exit_code == 3
    assert debug.stderr.startswith(f"{tmp_path / 'k.xlsx'}:\nTraceback (most recent call last):\nTypeError: a bug\n")


def test_on_a_terminal_progress_is_a_bar_and_a_workbook_named_twice_is_built_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reporter.cli._stderr_is_tty", lambda: True)
    inputs = tmp_path / "kunden"
    inputs.mkdir()
    (inputs / "b.xlsx").write_bytes(b"broken")
    code, stdout, stderr = run(str(inputs), str(inputs / "b.xlsx"), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "\r\x1b[K[########################] 1/1" in stderr
    assert "[1/1] error   b.xlsx" in stderr, "a failure is printed above the bar"
    assert stderr.endswith("\r\x1b[K0 of 1 reports built, 1 failed.\n")
    assert "also used" not in stdout


def test_progress_bar_shows_count_eta_and_current_clients() -> None:
    event = batch.Progress(total=10, done=4, running=("dachdecker.xlsx", "zahnarzt.xlsx"), eta_s=75.4)
    text = BuildProgress.bar_text(event, width=10)
    assert text == "[####------] 4/10  ETA 1:15  dachdecker.xlsx, zahnarzt.xlsx"


def test_a_second_build_into_the_same_folder_waits_for_none(tmp_path: Path) -> None:
    path = small(tmp_path, "a", "Alpha GmbH")
    out = tmp_path / "out"
    with batch.build_lock(out):
        code, _, stderr = run(str(path), "--out", str(out))
    assert code == 1
    assert "another `reporter build` is writing to this folder" in stderr


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "out" / MONTH
    folder.mkdir(parents=True)
    stale = folder / ".alpha-gmbh.pdf.x1y2z3.tmp"
    stale.write_bytes(b"%PDF-half")
    other = folder / "notes.txt"
    other.write_text("mine", encoding="utf-8")
    assert batch.remove_stale_temporaries(tmp_path / "out") == [stale]
    assert not stale.exists()
    assert other.exists()


def test_overview_sorts_clients_needing_attention_first_and_speaks_the_agencys_language(tmp_path: Path) -> None:
    def sidecar(slug: str, measured: int, findings: list[dict], improvement: bool | None) -> dict:
        questions = ["understanding", "findability", "trust", "next_step"]
        (tmp_path / f"{slug}.json").write_text(
            json.dumps(
                {
                    "questions": [
                        {"question": q, "status": "stable" if i < measured else "not_measured"}
                        for i, q in enumerate(questions)
                    ],
                    "kpis": [
                        {
                            "kpi": "Anfragen",
                            "class": "effect",
                            "primary": True,
                            "value": 12,
                            "previous": 10,
                            "unit": "count",
                            "change_pct": 20.0,
                            "improvement": improvement,
                        }
                    ],
                    "findings": findings,
                }
            ),
            encoding="utf-8",
        )
        return {
            "workbook": f"/in/{slug}.xlsx",
            "slug": slug,
            "client": slug.title(),
            "status": "ok",
            "json": f"{slug}.json",
            "pages": 7,
        }

    social = {
        "id": "social_replaces_sales",
        "severity": "attention",
        "misconception": True,
        "title": "“Social media replaces sales”",
        "kpis": [],
        "measures": [],
    }
    isolated = {
        "id": "isolated_measure",
        "severity": "attention",
        "misconception": False,
        "title": "Measures not connected",
        "kpis": [],
        "measures": ["A", "B"],
    }
    off_role = {**isolated, "id": "measures_off_role", "title": "Measures serving a different job"}
    entries = [
        sidecar("fine", 4, [isolated], True),
        sidecar("busy", 4, [off_role], True),
        sidecar("gap", 3, [], True),
        sidecar("worse", 4, [], False),
        sidecar("english", 4, [social], True),
        {
            "workbook": "/in/broken.xlsx",
            "slug": "broken",
            "client": None,
            "status": "error",
            "message": "broken.xlsx: this is not an Excel workbook",
            "json": None,
        },
    ]
    rows = overview_data(MONTH, entries, tmp_path, Config())["clients"]
    assert [(r["slug"], r["level"]) for r in rows] == [
        ("broken", "error"),
        ("english", "act"),
        ("worse", "watch"),
        ("gap", "watch"),
        ("busy", "watch"),  # measures working on another job: not on track, though no misconception
        ("fine", "fine"),
    ]
    assert rows[1]["misconceptions"] == [{"id": "social_replaces_sales", "title": "“Social media replaces sales”"}]
    assert rows[0]["message"] == "broken.xlsx: this is not an Excel workbook"
    assert overview_texts("de")["no_effect_kpi"] == "keine Wirkungskennzahl"
    assert overview_texts("en")["no_effect_kpi"] == "no effect metric"
    assert misconception(rows[1]["misconceptions"][0], "de") == "„Social Media ersetzt Vertrieb“"
    assert note(rows[-1]["findings"][0], "de") == "2\u00a0Maßnahmen ohne Wirkungskennzahl"
    assert note(rows[-1]["findings"][0], "en") == "2\u00a0measures without an effect metric"
    assert note(rows[-2]["findings"][0], "de") == "2\u00a0Maßnahmen für eine andere Aufgabe"
