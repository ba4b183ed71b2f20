"""The hostile corpus through the real command line: ``reporter check``, ``reporter build`` and
``reporter send --dry-run`` over every file of ``tests/hostile.py``, each run once per test run in a
subprocess, for each half of the corpus (two xdist workers that need the runs at the same time make one half
each, tests/shared.py).

For every file: the expected located error or a safe report, never a traceback. For the whole run: no local
file's content in any output (PDF text, HTML with its embedded data, JSON, e-mails, stdout/stderr), no network
connection (a guard in every process of the run refuses and records any attempt, and a local listener that the
attacks aim at counts visitors), files written only under ``--out``, and bounded time and memory.
"""

from __future__ import annotations

import base64
import email
import email.policy
import io
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reporter import batch, render
from reporter.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile import (  # noqa: E402
    CANARY,
    CASES,
    Case,
    Env,
    Repeated,
    Trap,
    blank_png,
    generate,
    guarded_env,
    make_secret,
    run_measured,
    sheet_rows,
)
from workbooks import kpi, make_workbook  # noqa: E402

from tests import stand_in  # noqa: E402
from tests.pdftext import pdf_text  # noqa: E402
from tests.shared import each_once_per_run  # noqa: E402

CASE = {case.name: case for case in CASES}
# The first line of the machine's /etc/passwd: what a successful path attack would leak.
PASSWD = Path("/etc/passwd").read_text().splitlines()[0] if Path("/etc/passwd").is_file() else CANARY
CHECK_SECONDS, BUILD_SECONDS = 60, 180  # whole runs over the whole corpus (both halves) on a shared 2-core machine
MEMORY_MB = 1500  # peak resident memory of any one process of a run
PARTS = 2  # the corpus runs in halves, so that two xdist workers can share the work (tests/shared.py)


def part_cases(part: int) -> list[Case]:
    """Every other case; the two workbooks that claim one Kürzel meet in the first half's build."""
    return [c for i, c in enumerate(CASES) if (0 if c.name.startswith("collide-") else i % PARTS) == part]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


@dataclass
class Part:
    """Everything the runs over one half of the corpus produced; shared by the test workers through
    ``results.json``."""

    root: Path
    paths: dict[str, Path]
    check: Run
    rows: dict[str, list[dict[str, str]]]  # check --json rows by case
    build: Run
    send: Run
    entries: dict[str, dict[str, Any]]  # manifest entries by case
    changed: dict[str, Any]  # files outside --out that the runs created, changed or removed
    connections: list[str]  # visitors of the local listener
    network: str | None  # what the network guard recorded

    @property
    def out(self) -> Path:
        return self.root / "out"

    def save(self) -> None:
        data = {k: v for k, v in self.__dict__.items() if k != "root"}
        data["paths"] = {k: str(v) for k, v in self.paths.items()}
        for key in ("check", "build", "send"):
            data[key] = self.__dict__[key].__dict__
        (self.root / "results.json").write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load(cls, root: Path) -> Part:
        data = json.loads((root / "results.json").read_text(encoding="utf-8"))
        data["paths"] = {k: Path(v) for k, v in data["paths"].items()}
        for key in ("check", "build", "send"):
            data[key] = Run(**data[key])
        return cls(root=root, **data)


@dataclass
class Results:
    """The halves together: every case's path, check rows and manifest entry, and the half that holds it."""

    parts: list[Part]

    @property
    def paths(self) -> dict[str, Path]:
        return {name: path for part in self.parts for name, path in part.paths.items()}

    @property
    def rows(self) -> dict[str, list[dict[str, str]]]:
        return {name: rows for part in self.parts for name, rows in part.rows.items()}

    @property
    def entries(self) -> dict[str, dict[str, Any]]:
        return {name: entry for part in self.parts for name, entry in part.entries.items()}

    def out_of(self, name: str) -> Path:
        """The ``--out`` folder of the build that had case ``name``."""
        return next(part.out for part in self.parts if name in part.paths)


def run(root: Path, *args: str, timeout: float) -> Run:
    """``python -m reporter ARGS`` with the network guard in every process it starts."""
    with (root / "stdout.txt").open("w+") as out, (root / "stderr.txt").open("w+") as err:
        code, seconds, peak = run_measured(
            [sys.executable, "-m", "reporter", *args],
            guarded_env(root / "guard", root / "network.log"),
            stdout=out,
            stderr=err,
            cwd=root / "corpus",
            timeout=timeout,
        )
        out.seek(0)
        err.seek(0)
        return Run(code, out.read(), err.read(), seconds, peak)


def snapshot(root: Path, skip: tuple[Path, ...]) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in root.rglob("*")
        if not any(p == s or s in p.parents for s in skip)
    }


def produce(root: Path, cases: list[Case]) -> Part:
    """Generate the cases, then ``check --json``, ``build --html`` and ``send --dry-run`` over all of them."""
    trap = Trap()
    try:
        env = Env(make_secret(root / "secret"), trap.port)
        paths = generate(root / "corpus", env, cases)
        check = run(root, "check", "--json", *map(str, paths.values()), timeout=CHECK_SECONDS * 3)
        rows: dict[str, list[dict[str, str]]] = {name: [] for name in paths}
        names = {str(path): name for name, path in paths.items()}
        for row in json.loads(check.stdout):
            rows[names[row["path"]]].append(row)
        out = root / "out"
        skip = (out, root / "guard", root / "network.log", root / "stdout.txt", root / "stderr.txt")
        before = snapshot(root, skip)
        build = run(
            root, "build", "--out", str(out), "--html", *map(str, paths.values()), timeout=BUILD_SECONDS * 2
        )
        send = run(
            root, "send", str(out), "--dry-run", "--from", "Agentur <berichte@agentur.example>", timeout=120
        )
        after = snapshot(root, skip)
    finally:
        trap.close()
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    changed.update({k: "removed" for k in before if k not in after})
    names = {str(path.resolve()): name for name, path in paths.items()}
    entries: dict[str, dict[str, Any]] = {}
    for manifest in out.glob("*/manifest.json"):
        for entry in json.loads(manifest.read_text(encoding="utf-8"))["clients"]:
            entries[names[entry["workbook"]]] = entry
    log = root / "network.log"
    return Part(
        root,
        paths,
        check,
        rows,
        build,
        send,
        entries,
        changed,
        trap.connections,
        log.read_text() if log.exists() else None,
    )


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Results:
    """The runs happen once per test run, also with ``pytest -n 2``: each half is produced under a lock by a
    worker that asks for it while no other worker makes it (tests/shared.py), the others read its results."""

    def make(name: str, root: Path) -> None:
        produce(root, part_cases(int(name.rsplit("-", 1)[1]))).save()

    names = [f"hostile-{part}" for part in range(PARTS)]
    return Results([Part.load(root) for root in each_once_per_run(tmp_path_factory, names, make)])


# ---- every file --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASE))
def test_check_gives_the_expected_located_error_or_passes(name: str, hostile: Results) -> None:
    case = CASE[name]
    rows = hostile.rows[name]
    errors = [r for r in rows if r["severity"] == "error"]
    assert all(r["file"] == Path(r["path"]).name and r["message"] for r in rows)
    assert [r["text"] for r in rows if r["internal"]] == []  # a bug of ours is never a correct rejection
    if case.check == "ok":
        assert errors == [], errors
        return
    assert errors, f"{name}: no error"
    text = "\n".join(r["text"] for r in errors)
    for words in case.says:
        assert words in text, f"{name}: {words!r} not in\n{text}"


@pytest.mark.parametrize("name", list(CASE))
def test_build_gives_the_expected_error_or_a_safe_report(name: str, hostile: Results) -> None:
    case = CASE[name]
    entry = hostile.entries[name]
    status, message = entry["status"], entry["message"] or ""
    assert "internal error" not in message
    if case.build == "report" or (case.build == "either" and status == "ok"):
        assert status == "ok", f"{name}: {message}"
        pdf = hostile.out_of(name) / "2026-10" / str(entry["pdf"])
        assert pdf.parent == hostile.out_of(name) / "2026-10"
        assert pdf.is_file()
        assert str(entry["slug"]).startswith(case.slug or name), entry["slug"]
        return
    assert status == "error", f"{name} was built"
    assert message.startswith(Path(str(entry["workbook"])).name), message
    for words in case.says:
        assert words in message, f"{name}: {words!r} not in\n{message}"


# ---- the whole run -----------------------------------------------------------------------------------------


def output_texts(part: Part, runs: list[Run]) -> dict[str, str]:
    """Every output of the runs as text: streams, PDF text, HTML and its data: URLs, JSON, e-mails."""
    texts = {f"{part.root.name} run {i} stdout": r.stdout for i, r in enumerate(runs)}
    texts.update({f"{part.root.name} run {i} stderr": r.stderr for i, r in enumerate(runs)})
    for path in part.out.rglob("*"):
        if not path.is_file() or path.suffix == ".sqlite":
            continue
        if path.suffix == ".pdf":
            texts[str(path)] = pdf_text(path)
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        texts[str(path)] = text
        for index, match in enumerate(re.finditer(r"data:[\w/+.-]+;base64,([A-Za-z0-9+/=]+)", text)):
            texts[f"{path} data:{index}"] = base64.b64decode(match[1]).decode("utf-8", "replace")
        if path.suffix == ".eml":
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for part in message.walk():
                if part.get_content_maintype() == "text":
                    texts[f"{path} {part.get_content_type()}"] = part.get_content()
    return texts


def test_no_output_holds_a_local_file_or_a_traceback(hostile: Results) -> None:
    texts: dict[str, str] = {}
    for part in hostile.parts:
        texts.update(output_texts(part, [part.check, part.build, part.send]))
    assert len([t for t in texts if t.endswith(".pdf")]) >= 8  # the safe reports and the month overviews
    leaks = [where for where, text in texts.items() if CANARY in text or PASSWD in text]
    assert leaks == []
    crashes = [
        where for where, text in texts.items() if re.search(r"Traceback|Internal error|internal error", text)
    ]
    assert crashes == []


def test_no_network_connection_was_attempted(hostile: Results) -> None:
    for part in hostile.parts:
        assert part.network is None, part.network
        assert part.connections == []


def test_files_are_written_only_under_out(hostile: Results) -> None:
    for part in hostile.parts:
        assert part.changed == {}
        written = [p.relative_to(part.out) for p in part.out.rglob("*") if p.is_file()]
        assert written
        for relative in written:
            assert re.fullmatch(
                r"(2026-10/((outbox/)?[a-z0-9][a-z0-9-]*\.(pdf|json|html|eml)|_overview\.pdf|"
                r"manifest\.json)|ledger\.sqlite|\.[\w.-]+\.lock)",
                relative.as_posix(),
            ), relative
        assert not list(part.root.parent.glob("evil*"))
        assert not list(part.root.glob("evil*"))
    slugs = {e["slug"] for e in hostile.entries.values() if e["status"] == "ok"}
    assert {"evil", "con-client", "nul-client"} <= slugs
    assert any(s.startswith("client-") for s in slugs)


def test_a_shared_kuerzel_never_overwrites_another_report(hostile: Results) -> None:
    """Two workbooks with the Kürzel "gleich": both are errors and neither report is left behind."""
    for name in ("collide-a", "collide-b"):
        entry = hostile.entries[name]
        assert entry["status"] == "error"
        assert "the slug 'gleich' (2026-10) is also used by" in str(entry["message"])
    assert [p.name for p in (hostile.out_of("collide-a") / "2026-10").glob("gleich*")] == []


def test_injected_markup_stays_text(hostile: Results) -> None:
    out = hostile.out_of("inject-text")
    html = (out / "2026-10" / "inject-text.html").read_text(encoding="utf-8")
    for raw in (
        '<script>alert("x")</script>',
        "<img src=x",
        "<iframe",
        'href="http://127.0.0.1',
        "<link rel",
    ):
        assert raw not in html
    assert "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html  # template syntax in data is never evaluated
    assert ">49<" not in html
    text = pdf_text(out / "2026-10" / "inject-text.pdf")
    assert "<script>alert" in " ".join(text.split())  # shown as the text the client typed


def test_the_outbox_cannot_be_steered_by_workbook_content(hostile: Results) -> None:
    messages = []
    for part in hostile.parts:
        send = part.send
        assert send.code == 1  # the failed builds are listed as refused; everything else is written
        assert "Dry run: " in send.stdout
        assert "nothing was sent" in send.stdout
        written = sorted((part.out / "2026-10" / "outbox").glob("*.eml"))
        assert len(written) == sum(1 for e in part.entries.values() if e["status"] == "ok")
        messages += written
    for path in messages:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["To"] == "chefin@muster.de", path.name
        assert message["Cc"] is None
        assert message["Bcc"] is None
        # The client's name (with its "\r\nBcc: …") is part of the subject, on one line, never a header.
        assert {k.lower() for k in message.keys()} <= {
            "subject",
            "from",
            "to",
            "date",
            "message-id",
            "mime-version",
            "content-type",
            "reply-to",
            "content-language",
            "auto-submitted",
            "x-auto-response-suppress",
        }, message.keys()
        assert all("attacker" not in str(message[k] or "") for k in ("From", "To", "Reply-To"))
        assert "\n" not in str(message["Subject"])


def test_runs_stay_within_time_and_memory(hostile: Results) -> None:
    check = sum(part.check.seconds for part in hostile.parts)
    build = sum(part.build.seconds for part in hostile.parts)
    assert check < CHECK_SECONDS, check
    assert build < BUILD_SECONDS, build
    for part in hostile.parts:
        for run in (part.check, part.build, part.send):
            assert run.peak_mb < MEMORY_MB, run.peak_mb
    slow = {n: e["seconds"] for n, e in hostile.entries.items() if float(e["seconds"] or 0) > 30}
    assert slow == {}


@pytest.mark.parametrize(
    "name", ["sheet-300mb", "zip-bomb", "wide-row", "giant-cell", "rows-100k", "zip-liar"]
)
def test_big_files_are_refused_in_bounded_memory(name: str, hostile: Results) -> None:
    """Each big file alone, in a process whose address space is capped: a parse of the whole content would
    run out of memory and show up as an internal error."""
    limit = 1_200 * 1024 * 1024
    runner = (
        f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
        "sys.argv[0] = 'reporter'; from reporter.cli import main; main()"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", runner, "check", str(hostile.paths[name])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error:" in done.stdout
    assert "Internal error" not in done.stderr + done.stdout
    assert time.monotonic() - started < 60  # a few seconds, start-up included


# ---- limits from reporter.toml -----------------------------------------------------------------------------


def test_every_reading_limit_comes_from_reporter_toml(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "k.xlsx", kpis=[kpi(f"KPI {i}", [1, 2, 3], target=1) for i in range(6)])
    runner = CliRunner()
    expected = {
        "max_file_mb = 0.001": "limits.max_file_mb in reporter.toml",
        "max_uncompressed_mb = 0.001": "limits.max_uncompressed_mb in reporter.toml",
        "max_rows = 3": "limits.max_rows in reporter.toml",
        "max_columns = 5": "limits.max_columns in reporter.toml",
    }
    for setting, message in expected.items():
        config = tmp_path / "reporter.toml"
        config.write_text(f"[limits]\n{setting}\n")
        result = runner.invoke(cli, ["check", "--config", str(config), str(path)])
        assert result.exit_code == 1
        assert message in result.output, (setting, result.output)
    config.write_text("[limits]\nmax_rows = 50\nmax_columns = 50\n")
    assert runner.invoke(cli, ["check", "--config", str(config), str(path)]).exit_code == 0


def test_a_workbook_within_the_reading_limits_is_stopped_by_the_render_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """4,900 KPIs pass every reading limit but would keep the builder busy for minutes: the client's build is
    stopped at [limits] render_timeout_s, reported as its error, and the other client is built.

    viele is built for real (reading, analysis, templates: several seconds before its layout even starts, then
    WeasyPrint for minutes); gut, whose only role is to be built beside it within the limit, lays out no PDF
    (tests/stand_in.py), so the limit can be short and still leave gut a wide margin on a loaded machine."""
    monkeypatch.setattr(batch, "stage_client", stand_in.stage_client_real_for_viele)
    monkeypatch.setattr(batch, "_run_overview", stand_in.run_overview)
    monkeypatch.setattr(render, "html_to_pdf", stand_in.html_to_pdf)
    names = ["Kontaktanfragen", "Website-Besuche", "Anrufe", "Impressionen", "Follower", "Newsletter"]
    many = make_workbook(
        tmp_path / "in" / "viele.xlsx",
        client={"Kürzel": "viele", "Kunde": "Viele GmbH"},
        kpis=[kpi(f"{names[i % 6]} {i}", [i + j for j in range(13)], target=5) for i in range(4900)],
    )
    fine = make_workbook(tmp_path / "in" / "gut.xlsx", client={"Kürzel": "gut", "Kunde": "Gut GmbH"})
    config = tmp_path / "reporter.toml"
    # gut's build without the layout (a fresh worker: the KPI catalog, the templates compiled) needs 0.4 s on an
    # idle machine, about 1.5 s on one loaded six times over
    config.write_text("[limits]\nrender_timeout_s = 3\n")
    started = time.monotonic()
    result = CliRunner().invoke(
        cli, ["build", str(many), str(fine), "--out", str(tmp_path / "out"), "--config", str(config)]
    )
    assert time.monotonic() - started < 180  # rendering all 4,900 KPIs would take many minutes
    assert result.exit_code == 1
    manifest = json.loads((tmp_path / "out" / "2026-10" / "manifest.json").read_text(encoding="utf-8"))
    found = {Path(e["workbook"]).name: e for e in manifest["clients"]}
    assert found["gut.xlsx"]["status"] == "ok", found["gut.xlsx"]["message"]
    assert found["viele.xlsx"]["status"] == "error"
    assert found["viele.xlsx"]["message"] == (
        "viele.xlsx: stopped after 3 s: building the report took longer than "
        "[limits] render_timeout_s allows"
    )
    assert not (tmp_path / "out" / "2026-10" / "viele.pdf").exists()


def test_a_tampered_manifest_cannot_steer_the_outbox_out_of_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "2026-10"
    folder.mkdir(parents=True)
    pdf = folder / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    entry = {
        "client": "X",
        "status": "ok",
        "workbook": "",
        "pdf": "a.pdf",
        "recipients": ["a@b.de"],
        "sha256": __import__("hashlib").sha256(pdf.read_bytes()).hexdigest(),
        "language": "de",
    }
    for slug in ("../../../escaped", "/tmp/escaped", "a/../../b", "x\r\nBcc: y@z.de"):
        manifest = {"month": "2026-10", "clients": [{**entry, "slug": slug}]}
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        result = CliRunner().invoke(
            cli, ["send", str(tmp_path / "out"), "--dry-run", "--from", "a@agentur.example"]
        )
        assert result.exit_code == 1
        assert "is not a file name reporter build writes" in result.output
        assert [p for p in tmp_path.rglob("*.eml")] == []


@pytest.mark.parametrize(("width", "height"), [(1, 1), (7, 5000), (3000, 1025), (12000, 3000)])
def test_the_pixel_bomb_png_is_the_one_pillow_writes(width: int, height: int) -> None:
    """The corpus writes its pixel-bomb logos without Pillow (which holds a byte per pixel): the same bytes."""
    from PIL import Image

    written = io.BytesIO()
    Image.new("1", (width, height)).save(written, format="PNG", optimize=True)
    assert blank_png(width, height) == written.getvalue()


@pytest.mark.parametrize(("row", "count"), [("<row/>", 0), ("<row/>", 3), ("x" * 100, 10_000), ("x" * 100, 10_001),
                                            ("<row><c><v>1</v></c></row>", 200_000)])
def test_repeated_rows_stream_as_the_rows_one_by_one(row: str, count: int) -> None:
    one_by_one = sheet_rows((row for _ in range(count)), "<head>")()
    assert list(sheet_rows(Repeated(row, count), "<head>")()) == list(one_by_one)


def test_opening_a_sheet_without_dimension_reads_only_its_head(tmp_path: Path) -> None:
    """openpyxl alone parses a whole sheet on open to look for a missing <dimension> (a million cells: half a
    minute). With the reader's bounded look-up, a sheet whose end is not even XML still opens: nothing past
    its first 64 kB is read until the rows are."""
    import io
    import zipfile

    import openpyxl

    from reporter import workbook

    path = make_workbook(tmp_path / "k.xlsx")
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 20_000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                text = re.sub(r'<dimension ref="[^"]*"\s*/>', "", data.decode())
                data = text.replace("</sheetData>", rows + "<<not xml").encode()
            target.writestr(item, data)
    assert openpyxl.worksheet._read_only.ReadOnlyWorksheet._get_size is workbook._bounded_get_size
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    assert wb["Kennzahlen"].max_row is None  # unknown, and never needed: every read passes its own bounds
    wb.close()


def test_real_password_protected_workbooks_are_recognised(hostile: Results) -> None:
    """Encrypted workbooks saved by Excel, LibreOffice and libraries (six in the shared real-world corpus,
    when it is there), besides the crafted one of the hostile corpus."""
    corpus = Path(__file__).resolve().parents[2] / "shared" / "xlsx-corpus"
    files = [hostile.paths["encrypted"]]
    if corpus.is_dir():
        files += [
            p
            for p in sorted(corpus.glob("*.xlsx"))
            if p.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        ]
    result = CliRunner().invoke(cli, ["check", *map(str, files)])
    assert result.exit_code == 1
    for path in files:
        assert f"  error: {path.name}: the file is password-protected (encrypted): remove the password" in (
            result.output
        ), path.name
