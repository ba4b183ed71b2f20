"""The monthly batch: one PDF report and one JSON sidecar per client workbook, the month's manifest and the
agency overview, built in parallel worker processes.

Outputs for a month live together in ``OUT/<YYYY-MM>/`` (see docs/operations.md): ``<slug>.pdf``,
``<slug>.json``, optionally ``<slug>.html``, ``manifest.json`` and ``_overview.pdf``; a quarter's or year's
report (``BuildOptions.period``, reporter/periods.py) in ``OUT/<YYYY-Qn>/`` or ``OUT/<YYYY>/`` the same way.

How a run goes:

1. **Plan** (parent): every workbook's bytes are hashed; a workbook whose inputs (its bytes, its logo, the
   theme, the config, the tool, ``--month``, ``--html``) match the fingerprint stored in the manifest entry of
   its last successful build, and whose PDF is still the one recorded, is *skipped* and keeps its entry.
2. **Build** (workers): the rest go to a small pool of warm worker processes (WeasyPrint imported once, one
   font configuration and image cache shared by all reports of a worker). A worker writes each output to a
   hidden temporary file beside its final name (fsync'd) and returns the names; it never writes a final path.
3. **Commit** (parent): the parent renames the files into place (``os.replace``), after checking that no other
   workbook of the month claims the same slug: two claimants are both errors, never a silent overwrite. The
   manifest is rewritten atomically as results arrive, so a killed run leaves complete files and a manifest
   that matches them, and a re-run builds only what is missing.
4. **Overview**: the month's ``_overview.pdf`` for the agency, rendered by a worker from the manifest and the
   JSON sidecars.

The parent watches every worker: a client that takes longer than ``[limits] render_timeout_s`` or whose worker
grows beyond ``[limits] render_memory_mb`` is stopped (the worker is killed and replaced) and reported as that
client's error; a worker that dies for any other reason costs only the client it was building.

Library code: no printing, no click. Progress is reported through a callback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import re
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, clock
from .config import Config
from .files import (
    LockBusy,
    atomic_write,  # noqa: F401  (re-exported: callers and tests use batch.atomic_write)
    discard,
    exclusive_lock,
    fsync_dir,
    sha256_file,
    stage_file,
    to_json,
)
from .i18n import _, use_language
from .manifest import Manifest, ManifestEntry
from .model import ClientData, Problem, ReporterError, period_of, period_start
from .pool import Task, WorkerPool, WorkerSetup, start_server

if TYPE_CHECKING:
    from .findings import Analysis
    from .render import Rendered

MANIFEST = "manifest.json"
OVERVIEW = "_overview.pdf"
LOCK_NAME = ".reporter-build.lock"
STATUSES = ("ok", "skipped", "error")
_MONTH_DIR = re.compile(r"\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?")  # a month's, a quarter's or a year's folder
# Hidden temporary files of atomic_write: ``.<final name>.<random>.tmp``.
_TEMP_FILE = re.compile(r"\.(?P<final>.+)\.[^.]+\.tmp")
# What the workers' fork server imports once: fastload first, WeasyPrint without its slow library look-up.
PRELOAD = ("reporter.fastload", "reporter.render", "reporter.report", "reporter.findings", "reporter.workbook")


# ---- results -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientResult:
    """What happened to one workbook; ``manifest_entry`` is its line in manifest.json."""

    workbook: Path
    status: str  # ok | skipped | error
    month: str | None = None
    slug: str | None = None
    client: str | None = None
    message: str | None = None
    pdf: str | None = None
    json: str | None = None
    html: str | None = None
    sha256: str | None = None
    recipients: tuple[str, ...] = ()
    contact: str | None = None
    language: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    summary: str | None = None
    warnings: tuple[str, ...] = field(default=())
    # For the summary table (read from the JSON sidecar for skipped clients).
    effect: int | None = None
    vanity: int | None = None
    findings: int | None = None
    # What the incremental build compares next time (manifest field "inputs"); None on error.
    inputs: Mapping[str, Any] | None = None
    # Temporary files a worker wrote, (final name, temporary path), for the parent to rename into place.
    staged: tuple[tuple[str, str], ...] = ()
    internal: bool = False  # the failure is a bug of reporter, not the workbook's fault (never in the manifest)
    details: str | None = None  # its traceback, for ``reporter --debug build``

    @property
    def ok(self) -> bool:
        return self.status != "error"

    def entry(self) -> ManifestEntry:
        """This result's line in the manifest."""
        return ManifestEntry(
            workbook=str(self.workbook),
            slug=self.slug or fallback_slug(self.workbook),
            client=self.client,
            status=self.status,
            message=self.message,
            pdf=self.pdf,
            json=self.json,
            html=self.html,
            sha256=self.sha256,
            recipients=self.recipients,
            contact=self.contact,
            language=self.language,
            pages=self.pages,
            seconds=round(self.seconds, 2),
            summary=self.summary,
            inputs=dict(self.inputs) if self.inputs is not None else None,
        )

    def manifest_entry(self) -> dict[str, Any]:
        return self.entry().to_dict()


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build needs besides the workbook list; sent to every worker, so it must pickle."""

    out_dir: Path
    config: Config = field(default_factory=Config)
    month: str | None = None  # the report month; for a quarter or year report the last month of the period
    keep_html: bool = False
    templates: Path | None = None
    force: bool = False
    jobs: int | None = None
    period: str = "month"  # month | quarter | year (reporter/periods.py)

    @property
    def folder(self) -> str | None:
        """The output folder's name ``--month`` names: ``2026-10``, ``2026-Q3`` or ``2026``; else None."""
        return period_of(self.month, self.period) if self.month else None

    @property
    def workers(self) -> int:
        return max(1, self.jobs or default_jobs())


@dataclass(frozen=True)
class Progress:
    """One progress event: a client started (``result`` None) or finished."""

    total: int
    done: int
    running: tuple[str, ...]  # file names of the workbooks being built right now
    result: ClientResult | None = None
    eta_s: float | None = None


@dataclass(frozen=True)
class OverviewResult:
    month: str
    status: str  # ok | skipped | error
    path: Path | None = None
    pages: int | None = None
    message: str | None = None


@dataclass(frozen=True)
class BuildReport:
    """The whole run: one result per workbook (input order) and the overviews written."""

    results: tuple[ClientResult, ...]
    overviews: tuple[OverviewResult, ...] = ()
    manifests: tuple[Path, ...] = ()

    @property
    def failed(self) -> list[ClientResult]:
        return [r for r in self.results if r.status == "error"]

    @property
    def ok(self) -> bool:
        return not self.failed and all(o.status != "error" for o in self.overviews)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# ---- files -------------------------------------------------------------------------------------------------


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Remove the temporary files a killed run left in the month folders; called under the lock."""
    removed: list[Path] = []
    if not out_dir.is_dir():
        return removed
    for folder in out_dir.iterdir():
        if not (folder.is_dir() and _MONTH_DIR.fullmatch(folder.name)):
            continue
        for child in folder.iterdir():
            match = _TEMP_FILE.fullmatch(child.name)
            if match and child.is_file() and match["final"].endswith((".pdf", ".json", ".html")):
                child.unlink(missing_ok=True)
                removed.append(child)
    return removed


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder: a second one would race for the same files and manifest."""
    with contextlib.ExitStack() as stack:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            stack.enter_context(exclusive_lock(out_dir / LOCK_NAME))
        except LockBusy:
            raise ReporterError(
                Problem(
                    str(out_dir), _("another `reporter build` is writing to this folder; wait for it to finish")
                )
            ) from None
        except OSError as exc:
            raise ReporterError(
                Problem(
                    str(out_dir), _("cannot write to the output folder: {error}").format(error=exc.strerror or exc)
                )
            ) from None
        yield


# ---- fingerprints ------------------------------------------------------------------------------------------


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def tree_digest(folder: Path | None, suffixes: tuple[str, ...] = ()) -> str | None:
    """One digest over every file below ``folder`` (names and bytes), caches and hidden files left out."""
    if folder is None or not folder.is_dir():
        return None
    entries = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (
            any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
            or not path.is_file()
        ):
            continue
        if suffixes and path.suffix not in suffixes:
            continue
        entries.append((relative.as_posix(), sha256_file(path)))
    return _digest(entries)


def run_digest(options: BuildOptions) -> str:
    """What every client of the run shares: tool version, theme, config and its files, options."""
    from .report import agency_assets
    from .resources import templates_dir

    config = options.config
    override = options.templates or config.resolve(config.report.templates)
    catalog = config.resolve(config.report.catalog)
    files = [config.path, catalog, *agency_assets(config)]
    return _digest(
        __version__,  # code changed in a checkout without a new version: build with --force
        tree_digest(templates_dir()),
        tree_digest(override),
        [(str(p), sha256_file(p)) for p in files if p is not None],
        repr(config),  # built-in defaults and environment-derived values count too
        options.month,
        options.period,
        options.keep_html,
    )


def client_fingerprint(run: str, workbook_sha256: str, logo: str | None) -> str:
    logo_sha = sha256_file(Path(logo)) if logo else None
    return _digest(run, workbook_sha256, logo, logo_sha)


# ---- one client (runs in a worker) -------------------------------------------------------------------------


def render_analysis(analysis: Analysis, config: Config, templates: Path | None = None) -> Rendered:
    """The PDF (and its self-contained HTML) for one client's analysis."""
    from .render import render_report, theme_for
    from .report import build_context

    theme = theme_for(config, templates)
    context = build_context(analysis, config, theme.override)
    logo = analysis.client.brand.logo
    with reproducible(analysis.month):
        return render_report(context, theme, logos=[logo] if logo else [], source=analysis.data.source.name)


@contextlib.contextmanager
def reproducible(month: str) -> Iterator[None]:
    """Fix the one clock a PDF would otherwise carry: the timestamps in embedded font subsets (fontTools reads
    ``SOURCE_DATE_EPOCH``). They are set to the first day of the report month, so the same inputs give the
    same bytes on every run and with any number of workers."""
    first = period_start(month)  # a quarter's or year's report: its first month
    epoch = int(dt.datetime(int(first[:4]), int(first[5:7]), 1, tzinfo=dt.UTC).timestamp())
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def error_message(exc: BaseException) -> str:
    if isinstance(exc, ReporterError):
        return "\n".join(str(p) if p.file else p.message for p in exc.problems)
    return _("internal error: {error}").format(error=f"{type(exc).__name__}: {exc}")


def failure(exc: Exception, path: Path) -> dict[str, Any]:
    """Message, ``internal`` and ``details`` of a client that failed with ``exc``: a bug of ours (from the reader
    or any later stage) says so, without the exception's text, and keeps its traceback for ``--debug``."""
    if isinstance(exc, ReporterError):
        details = [p.details for p in exc.problems if p.internal and p.details]
        internal = any(p.internal for p in exc.problems)
        return {"message": error_message(exc), "internal": internal, "details": "\n".join(details) or None}
    problem = Problem.internal_error(path.name, details="".join(traceback.format_exception(exc)), doing="building")
    return {"message": str(problem), "internal": True, "details": problem.details}


def fallback_slug(path: Path) -> str:
    """A name for a workbook that could not be read: its file name, so every manifest entry has a slug."""
    from .workbook import slugify

    return slugify(path.stem) or "workbook"


def _stage_outputs(
    path: Path, folder: Path, names: Mapping[str, str], payloads: Mapping[str, bytes], staged: list[tuple[str, str]]
) -> None:
    """Write each output to a temporary file beside its final name, adding (name, temporary path) to ``staged``."""
    for kind in ("json", "html", "pdf"):  # the PDF last: when it is in place, so is everything else
        if kind in names:
            try:
                staged.append((names[kind], str(stage_file(folder / names[kind], payloads[kind]))))
            except OSError as exc:
                reason = _("cannot write the report to {folder}: {error}").format(
                    folder=folder, error=exc.strerror or exc
                )
                raise ReporterError(Problem(path.name, reason)) from None


def stage_client(path: Path, options: BuildOptions, run: str, workbook_sha256: str) -> ClientResult:
    """One client's build in the agency's language (``Config.language``): a batch worker speaks it too."""
    with use_language(options.config.language):
        return _stage_client(path, options, run, workbook_sha256)


def read_client(path: Path, options: BuildOptions) -> ClientData:
    """The workbook's data for the report ``options`` ask for: its month's, or a quarter's or year's."""
    from .impact import catalog_for_config
    from .periods import to_period
    from .workbook import read_workbook

    data = read_workbook(path, options.config, options.month)
    return data if options.period == "month" else to_period(data, options.period, catalog_for_config(options.config))


def _stage_client(path: Path, options: BuildOptions, run: str, workbook_sha256: str) -> ClientResult:
    """Read, analyse and render one client; outputs go to temporary files (``staged``), never final names.

    Every failure becomes an ``error`` result with the located message; nothing is left behind for it.
    """
    from .findings import analyse, report_data
    from .glyphs import glyph_warnings, theme_fonts

    started = time.monotonic()
    workbook = path.resolve()
    result = ClientResult(workbook=workbook, status="error", month=options.folder, slug=fallback_slug(path))
    staged: list[tuple[str, str]] = []
    try:
        data = read_client(path, options)
        client = data.client
        glyphs = glyph_warnings(data, theme_fonts(options.config, options.templates))
        result = replace(
            result,
            month=client.report_month,
            slug=client.slug,
            client=client.name,
            recipients=client.recipients,
            contact=client.contact,
            language=client.language,
            warnings=tuple(str(w) for w in (*data.warnings, *glyphs)),
        )
        analysis = analyse(data, options.config, templates=options.templates)
        rendered = render_analysis(analysis, options.config, options.templates)
        folder = options.out_dir / client.report_month
        names = {"json": f"{client.slug}.json", "pdf": f"{client.slug}.pdf"}
        if options.keep_html:
            names["html"] = f"{client.slug}.html"
        payloads = {
            "json": to_json(report_data(analysis)),
            "html": rendered.html.encode("utf-8"),
            "pdf": rendered.pdf,
        }
        _stage_outputs(path, folder, names, payloads, staged)
        logo = str(client.brand.logo.resolve()) if client.brand.logo else None
        counts = analysis.counts()
        return replace(
            result,
            status="ok",
            pdf=names["pdf"],
            json=names["json"],
            html=names.get("html"),
            sha256=hashlib.sha256(rendered.pdf).hexdigest(),
            pages=rendered.pages,
            summary=analysis.summary(),
            warnings=(*result.warnings, *(str(w) for w in rendered.warnings)),
            seconds=time.monotonic() - started,
            effect=counts.get("effect", 0),
            vanity=counts.get("vanity", 0),
            findings=len(analysis.findings),
            inputs={
                "fingerprint": client_fingerprint(run, workbook_sha256, logo),
                "workbook_sha256": workbook_sha256,
                "logo": logo,
                "month_option": options.month,
                "period": options.period,
            },
            staged=tuple(staged),
        )
    except MemoryError:
        discard(staged)
        limit = options.config.limits.render_memory_mb
        return replace(
            result,
            status="error",
            seconds=time.monotonic() - started,
            message=_(
                "{file}: stopped: the report needs more memory than [limits] render_memory_mb = {limit} MB allows"
            ).format(file=path.name, limit=limit),
        )
    except Exception as exc:  # one client's failure, whatever it is, must not stop the others
        discard(staged)
        return replace(result, status="error", seconds=time.monotonic() - started, **failure(exc, path))


# ---- incremental builds ------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> Manifest | None:
    """The month folder's manifest as the batch reads it: None if unreadable, unusable entries left out."""
    return Manifest.read(folder / MANIFEST, strict=False)


def _entries(manifest_data: Manifest | None) -> tuple[ManifestEntry, ...]:
    return manifest_data.clients if manifest_data is not None else ()


def previous_builds(out_dir: Path, month: str | None) -> dict[str, list[tuple[str, ManifestEntry]]]:
    """Workbook path → (month, manifest entry) of its earlier successful builds, from every month folder (or
    only ``month``'s): without ``--month`` a workbook's month is only known once it has been read."""
    found: dict[str, list[tuple[str, ManifestEntry]]] = {}
    if not out_dir.is_dir():
        return found
    folders = (
        [out_dir / month] if month else sorted(p for p in out_dir.iterdir() if _MONTH_DIR.fullmatch(p.name))
    )
    for folder in folders:
        for entry in _entries(read_manifest(folder)):
            if entry.status in ("ok", "skipped") and entry.inputs is not None:
                found.setdefault(entry.workbook, []).append((folder.name, entry))
    return found


def unchanged(
    workbook: Path,
    workbook_sha256: str,
    run: str,
    options: BuildOptions,
    previous: Mapping[str, list[tuple[str, ManifestEntry]]],
) -> ClientResult | None:
    """A ``skipped`` result carrying the earlier entry over, if nothing this client's report depends on
    changed and its files are still the ones recorded; else None (build it)."""
    for month, entry in previous.get(str(workbook), []):
        inputs = entry.inputs or {}
        if inputs.get("workbook_sha256") != workbook_sha256 or inputs.get("month_option") != options.month:
            continue
        if inputs.get("fingerprint") != client_fingerprint(run, workbook_sha256, inputs.get("logo")):
            continue
        folder = options.out_dir / month
        names = [entry.pdf, entry.json] + ([entry.html] if options.keep_html else [])
        if not all(isinstance(n, str) and n and (folder / n).is_file() for n in names):
            continue
        if sha256_file(folder / str(entry.pdf)) != entry.sha256:
            continue
        try:
            sidecar = json.loads((folder / str(entry.json)).read_text(encoding="utf-8"))
            counts = sidecar.get("counts") or {}
            findings = len(sidecar.get("findings") or [])
        except (OSError, ValueError, AttributeError):
            continue
        return ClientResult(
            workbook=workbook,
            status="skipped",
            month=month,
            slug=entry.slug,
            client=entry.client,
            pdf=entry.pdf,
            json=entry.json,
            html=entry.html if options.keep_html else None,
            sha256=entry.sha256,
            recipients=entry.recipients,
            contact=entry.contact,
            language=entry.language,
            pages=entry.pages,
            seconds=entry.seconds,
            summary=entry.summary,
            effect=counts.get("effect"),
            vanity=counts.get("vanity"),
            findings=findings,
            inputs=inputs,
        )
    return None


# ---- tasks run by the worker pool --------------------------------------------------------------------------


def _run_overview(month: str, options: BuildOptions, data: Mapping[str, Any]) -> tuple[str, int]:
    """Render the month's overview to a temporary file; returns (temporary path, pages)."""
    from .overview import render_overview

    with reproducible(month):
        pdf, pages = render_overview(data, options.config, options.templates)
    return str(stage_file(options.out_dir / month / OVERVIEW, pdf)), pages


# A report's layout allocates millions of small objects; with Python's default thresholds the cyclic garbage
# collector ran so often that it took about an eighth of a report's CPU time, most of it walking the modules and
# fonts every worker holds for its whole life. Those are set aside (``gc.freeze``) once the worker is warm, and the
# collector runs less often: the same reports, about 10 % less CPU each; garbage still goes within a report.
WORKER_GC_THRESHOLDS = (5000, 10, 10)


def _warm_worker() -> None:
    """In each worker, before its first report: one font configuration and template cache for all, and the
    collector tuned for many short-lived objects (:data:`WORKER_GC_THRESHOLDS`)."""
    from . import render

    warm = getattr(render, "warm", None)
    if warm is not None:
        warm()
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _discard_result(value: Any) -> None:
    """In a worker whose parent is gone: nobody will rename these files into place."""
    if isinstance(value, ClientResult):
        discard(value.staged)


WORKER_SETUP = WorkerSetup(preload=PRELOAD, warm=_warm_worker, describe=error_message, discard=_discard_result)


def start_workers_early() -> None:
    """Start the workers' fork server now: it imports the renderer while the caller is still finding, hashing
    and planning workbooks, so the first report is done sooner."""
    start_server(PRELOAD)


# ---- the batch ---------------------------------------------------------------------------------------------


def manifest(
    month: str,
    results: Iterable[ClientResult],
    previous: Manifest | None = None,
    now: dt.datetime | None = None,
    overview: Mapping[str, Any] | None = None,
) -> Manifest:
    """The month's manifest: earlier entries for workbooks not in ``results`` first, then ``results``."""
    entries = [r.entry() for r in results]
    built = {e.workbook for e in entries}
    kept = [e for e in _entries(previous) if e.workbook not in built]
    if overview is None and previous is not None:
        overview = previous.overview
    return Manifest(
        month=month,
        tool_version=__version__,
        generated_at=(now or clock.now()).replace(microsecond=0).isoformat(),
        clients=tuple(kept + entries),
        overview=dict(overview) if overview is not None else None,
    )


class _Run:
    """The parent's side of one build: plans, commits results in input order, writes manifests."""

    def __init__(
        self, paths: Sequence[Path], options: BuildOptions, progress: Callable[[Progress], None] | None
    ) -> None:
        self.paths = list(paths)
        self.options = options
        self.progress = progress
        self.results: list[ClientResult | None] = [None] * len(self.paths)
        self.claims: dict[tuple[str, str], list[int]] = {}
        self.previous: dict[str, Manifest | None] = {}  # month → manifest as it was before this run
        self.workbooks = {str(p.resolve()) for p in self.paths}
        self.started = time.monotonic()
        self.to_build = 0
        self.built = 0
        self.last_manifest_write = 0.0
        self.running: tuple[str, ...] = ()

    # -- planning

    def plan(self, run: str) -> list[Task]:
        previous = {} if self.options.force else previous_builds(self.options.out_dir, self.options.folder)
        tasks = []
        for index, path in enumerate(self.paths):
            workbook = path.resolve()
            sha = sha256_file(workbook)
            if sha is None:
                self.finish(
                    index,
                    ClientResult(
                        workbook=workbook,
                        status="error",
                        month=self.options.folder,
                        slug=fallback_slug(path),
                        message=(
                            _("{file}: the file cannot be read") if workbook.exists() else _("{file}: file not found")
                        ).format(file=path.name),
                    ),
                )
                continue
            skipped = unchanged(workbook, sha, run, self.options, previous)
            if skipped is not None:
                self.finish(index, skipped)
                continue
            tasks.append(Task(index, stage_client, (path, self.options, run, sha), path.name, path))
        self.to_build = len(tasks)
        self.started = time.monotonic()  # the ETA counts building time only
        return tasks

    # -- results

    def month_manifest(self, month: str) -> Manifest | None:
        if month not in self.previous:
            self.previous[month] = read_manifest(self.options.out_dir / month)
        return self.previous[month]

    def foreign_owner(self, month: str, slug: str, workbook: Path) -> str | None:
        """A workbook outside this run that already has this slug in the month's manifest and still exists."""
        for entry in _entries(self.month_manifest(month)):
            other = entry.workbook
            if (
                entry.slug == slug
                and entry.status in ("ok", "skipped")
                and other != str(workbook)
                and other not in self.workbooks
                and Path(other).is_file()
            ):
                return other
        return None

    def collided(self, result: ClientResult, others: Sequence[str]) -> ClientResult:
        discard(result.staged)
        names = ", ".join(Path(o).name for o in others)
        message = _(
            "{file}: the slug {slug} ({month}) is also used by {names}; "
            "no report is kept for either: give the clients different names (Kunde)"
        ).format(file=result.workbook.name, slug=repr(result.slug), month=result.month, names=names)
        return replace(
            result,
            status="error",
            message=message,
            pdf=None,
            json=None,
            html=None,
            sha256=None,
            pages=None,
            inputs=None,
            staged=(),
        )

    def commit(self, index: int, result: ClientResult) -> ClientResult:
        """Check the slug, then move the staged files into place (PDF last)."""
        if result.status == "error" or result.month is None or result.slug is None:
            return result
        key = (result.month, result.slug)
        claimants = self.claims.setdefault(key, [])
        if claimants:
            for other in claimants:  # the earlier claimant loses its report too: both are errors
                earlier = self.results[other]
                if earlier is not None and earlier.status != "error":
                    if earlier.status == "ok":  # its files are in place already: they must go with it
                        folder = self.options.out_dir / str(earlier.month)
                        for name in (earlier.pdf, earlier.json, earlier.html):
                            if name:
                                (folder / name).unlink(missing_ok=True)
                    others = [str(self.paths[i].resolve()) for i in claimants if i != other] + [
                        str(result.workbook)
                    ]
                    self.results[other] = self.collided(earlier, others)
            claimants.append(index)
            return self.collided(result, [str(self.paths[i].resolve()) for i in claimants if i != index])
        foreign = self.foreign_owner(result.month, result.slug, result.workbook)
        if foreign is not None:
            discard(result.staged)
            claimants.append(index)
            return replace(
                self.collided(result, [foreign]),
                message=_(
                    "{file}: the slug {slug} ({month}) already belongs to {other}, built earlier this month; "
                    "give the clients different names (Kunde)"
                ).format(file=result.workbook.name, slug=repr(result.slug), month=result.month,
                         other=Path(foreign).name),
            )
        claimants.append(index)
        if result.staged:
            folder = self.options.out_dir / result.month
            try:
                for name, tmp in result.staged:
                    os.replace(tmp, folder / name)
            except OSError as exc:
                discard(result.staged)
                return replace(
                    result,
                    status="error",
                    message=_("{file}: cannot write the report to {folder}: {error}").format(
                        file=result.workbook.name, folder=folder, error=exc.strerror or exc
                    ),
                    inputs=None,
                    staged=(),
                )
            fsync_dir(folder)
        return replace(result, staged=())

    def finish(self, index: int, result: ClientResult) -> None:
        self.results[index] = self.commit(index, result)
        if self.progress:
            self.progress(
                Progress(
                    total=len(self.paths),
                    done=sum(r is not None for r in self.results),
                    running=self.running,
                    result=self.results[index],
                    eta_s=self.eta(),
                )
            )
        if time.monotonic() - self.last_manifest_write > 2.0:  # a killed run leaves a useful manifest
            self.write_manifests()

    def eta(self) -> float | None:
        if not self.built or self.built >= self.to_build:
            return None if self.built < self.to_build else 0.0
        per_client = (time.monotonic() - self.started) / self.built
        return per_client * (self.to_build - self.built)

    def on_start(self, task: Task, running: Sequence[Task]) -> None:
        self.running = tuple(t.name for t in running)
        if self.progress and task.key >= 0:
            self.progress(
                Progress(
                    total=len(self.paths),
                    done=sum(r is not None for r in self.results),
                    running=self.running,
                    eta_s=self.eta(),
                )
            )

    def on_client_done(self, task: Task, status: str, value: Any) -> None:
        if status == "ok":
            result = value
        else:  # the worker died, timed out, ran out of memory, or failed outside stage_client
            path = task.path or Path(task.name)
            result = ClientResult(
                workbook=path.resolve(),
                status="error",
                month=self.options.folder,
                slug=fallback_slug(path),
                message=f"{path.name}: {value}",
            )
        self.running = tuple(n for n in self.running if n != task.name)
        self.built += 1
        self.finish(task.key, result)

    # -- manifests

    def done(self) -> list[ClientResult]:
        return [r for r in self.results if r is not None]

    def months(self) -> list[str]:
        """The months this run's workbooks (so far) or ``--month`` name, never one from the calendar (a manifest
        without reports would be where ``reporter send`` looks for the latest month). Failures whose month is
        unknown are listed in each; when no month is named, no manifest is written."""
        months = {r.month for r in self.done() if r.month} | (
            {self.options.folder} if self.options.folder else set()
        )
        return sorted(months)

    def write_manifests(self, overviews: Mapping[str, Mapping[str, Any]] | None = None) -> list[Path]:
        """One manifest per month of this run; failed workbooks of unknown month are listed in each."""
        written = []
        for month in self.months():
            mine = [r for r in self.done() if r.month == month or r.month is None]
            folder = self.options.out_dir / month
            manifest(month, mine, self.month_manifest(month), overview=(overviews or {}).get(month)).write(
                folder / MANIFEST
            )
            written.append(folder / MANIFEST)
        self.last_manifest_write = time.monotonic()
        return written


@dataclass(frozen=True)
class _Overview:
    result: OverviewResult
    record: Mapping[str, Any] | None  # the manifest's "overview" field


def build_overviews(run: _Run, pool: WorkerPool, digest: str) -> list[_Overview]:
    """The agency overview of every month of the run, re-rendered only when what it shows has changed."""
    from .overview import overview_data

    options = run.options
    done: dict[str, _Overview] = {}
    tasks = []
    for number, month in enumerate(run.months()):
        folder = options.out_dir / month
        mine = [r for r in run.done() if r.month == month or r.month is None]
        entries = manifest(month, mine, run.month_manifest(month)).clients
        data = overview_data(month, entries, folder, options.config)
        fingerprint = _digest(digest, data)
        previous = run.month_manifest(month)
        before = previous.overview if previous is not None else None
        if (
            not options.force
            and isinstance(before, dict)
            and before.get("fingerprint") == fingerprint
            and before.get("sha256")
            and sha256_file(folder / OVERVIEW) == before.get("sha256")
        ):
            done[month] = _Overview(
                OverviewResult(month, "skipped", folder / OVERVIEW, before.get("pages")), before
            )
            continue
        tasks.append(Task(-1 - number, _run_overview, (month, options, data), f"{month}/{OVERVIEW}"))
        done[month] = _Overview(
            OverviewResult(month, "error", message=_("not built")), {"fingerprint": fingerprint}
        )

    def on_done(task: Task, status: str, value: Any) -> None:
        month = task.args[0]
        folder = options.out_dir / month
        fingerprint = done[month].record["fingerprint"]  # type: ignore[index]
        if status == "ok":
            tmp, pages = value
            try:
                os.replace(tmp, folder / OVERVIEW)
                fsync_dir(folder)
            except OSError as exc:
                Path(tmp).unlink(missing_ok=True)
                status, value = "error", _("cannot write {path}: {error}").format(
                    path=folder / OVERVIEW, error=exc.strerror or exc
                )
            else:
                record = {
                    "pdf": OVERVIEW,
                    "sha256": sha256_file(folder / OVERVIEW),
                    "pages": pages,
                    "fingerprint": fingerprint,
                }
                done[month] = _Overview(OverviewResult(month, "ok", folder / OVERVIEW, pages), record)
                return
        message = f"{OVERVIEW} ({month}): {value}"
        done[month] = _Overview(
            OverviewResult(month, "error", message=message),
            {"pdf": None, "message": message, "fingerprint": None},
        )

    pool.run(tasks, on_done)
    return [done[m] for m in sorted(done)]


def build_all(
    paths: Sequence[Path],
    options: BuildOptions,
    progress: Callable[[Progress], None] | None = None,
) -> BuildReport:
    """Build every workbook (skipping unchanged ones unless ``options.force``), write each month's manifest
    and overview; returns one result per workbook in input order."""
    limits = options.config.limits
    unique: dict[Path, Path] = {}  # a workbook named twice (a folder and a file in it) is built once
    for path in paths:
        unique.setdefault(path.resolve(), path)
    paths = list(unique.values())
    with build_lock(options.out_dir):
        remove_stale_temporaries(options.out_dir)
        run = _Run(paths, options, progress)
        digest = run_digest(options)
        tasks = run.plan(digest)
        overviews: list[_Overview] = []
        try:
            with WorkerPool(
                min(options.workers, max(1, len(tasks))),
                limits.render_timeout_s,
                limits.render_memory_mb,
                WORKER_SETUP,
            ) as pool:
                pool.run(tasks, run.on_client_done, run.on_start)
                run.write_manifests()
                overviews = build_overviews(run, pool, digest)
        finally:  # also when interrupted: the manifest lists what was finished
            try:
                manifests = run.write_manifests(
                    {o.result.month: o.record for o in overviews if o.record is not None}
                )
            except OSError as exc:
                raise ReporterError(
                    Problem(
                        str(options.out_dir), _("cannot write the manifest: {error}").format(error=exc.strerror or exc)
                    )
                ) from None
    return BuildReport(
        results=tuple(r for r in run.results if r is not None),
        overviews=tuple(o.result for o in overviews),
        manifests=tuple(manifests),
    )
