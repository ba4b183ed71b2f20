"""The monthly batch: one PDF report and one JSON sidecar per client workbook, plus the month's manifest.

Outputs for a month live together in ``OUT/<YYYY-MM>/`` (see the build output contract in docs):
``<slug>.pdf``, ``<slug>.json``, optionally ``<slug>.html``, and ``manifest.json``. Every file is written
atomically (a temporary file in the same folder, fsync, ``os.replace``), so a crash never leaves a half-
written file at a final path. One client's failure is recorded as ``status: error`` with its located
message, and the others go on.

The per-client step (:func:`build_one`) is a pure function of its arguments apart from the files it writes,
so it can run in a worker process unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .findings import Analysis, analyse, report_data
from .model import Problem, RenderError, ReporterError
from .render import Rendered, Theme, render_report
from .report import agency_assets, build_context
from .workbook import read_workbook

MANIFEST = "manifest.json"
# Reports are for sharing: files get the usual permissions (mkstemp alone makes them private to the owner).
_UMASK = os.umask(0o022)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


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

    @property
    def ok(self) -> bool:
        return self.status != "error"

    def manifest_entry(self) -> dict[str, Any]:
        return {
            "workbook": str(self.workbook),
            "slug": self.slug,
            "client": self.client,
            "status": self.status,
            "message": self.message,
            "pdf": self.pdf,
            "json": self.json,
            "sha256": self.sha256,
            "recipients": list(self.recipients),
            "contact": self.contact,
            "language": self.language,
            "pages": self.pages,
            "seconds": round(self.seconds, 2),
            "summary": self.summary,
        }


# ---- files -------------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable; not every platform lets a folder be opened
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def to_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---- one client --------------------------------------------------------------------------------


def theme_for(config: Config, templates: Path | None = None) -> Theme:
    """Templates (``--templates`` before ``[report] templates``) and the agency files WeasyPrint may read."""
    override = templates or config.resolve(config.report.templates)
    if override is not None and not override.is_dir():
        raise RenderError(Problem(str(override), "template folder not found"))
    return Theme(override=override, assets=agency_assets(config))


def render_analysis(analysis: Analysis, config: Config, templates: Path | None = None) -> Rendered:
    """The PDF (and its self-contained HTML) for one client's analysis."""
    theme = theme_for(config, templates)
    context = build_context(analysis, config, theme.override)
    logo = analysis.client.brand.logo
    return render_report(context, theme, logos=[logo] if logo else [], source=analysis.data.source.name)


def error_message(exc: BaseException) -> str:
    if isinstance(exc, ReporterError):
        return "\n".join(str(p) if p.file else p.message for p in exc.problems)
    return f"internal error: {type(exc).__name__}: {exc}"


def build_one(
    path: Path,
    out_dir: Path,
    config: Config,
    month: str | None = None,
    keep_html: bool = False,
    templates: Path | None = None,
    taken: Mapping[tuple[str, str], Path] | None = None,
) -> ClientResult:
    """Read, analyse, render and write one client's report; every failure becomes an ``error`` result.

    ``taken`` maps (month, slug) to the workbook that already wrote those files in this run: a second client
    with the same slug is an error instead of silently overwriting the first one's report.
    """
    started = time.monotonic()
    workbook = path.resolve()
    result = ClientResult(workbook=workbook, status="error", month=month)
    try:
        data = read_workbook(path, config, month)
        client = data.client
        result = replace(
            result,
            month=client.report_month,
            slug=client.slug,
            client=client.name,
            recipients=client.recipients,
            contact=client.contact,
            language=client.language,
            warnings=tuple(str(w) for w in data.warnings),
        )
        other = (taken or {}).get((client.report_month, client.slug))
        if other is not None and other != workbook:
            raise ReporterError(
                Problem(
                    path.name,
                    f"the slug {client.slug!r} is already used by {other.name}; "
                    "give one of the clients a different name",
                )
            )
        analysis = analyse(data, config)
        rendered = render_analysis(analysis, config, templates)
        folder = out_dir / client.report_month
        names = {"pdf": f"{client.slug}.pdf", "json": f"{client.slug}.json"}
        atomic_write(folder / names["json"], to_json(report_data(analysis)))
        if keep_html:
            names["html"] = f"{client.slug}.html"
            atomic_write(folder / names["html"], rendered.html.encode("utf-8"))
        atomic_write(folder / names["pdf"], rendered.pdf)
        return replace(
            result,
            status="ok",
            pdf=names["pdf"],
            json=names["json"],
            html=names.get("html"),
            sha256=hashlib.sha256(rendered.pdf).hexdigest(),
            pages=rendered.pages,
            summary=analysis.summary(),
            seconds=time.monotonic() - started,
        )
    except Exception as exc:  # one client's failure, whatever it is, must not stop the others
        return replace(result, status="error", message=error_message(exc), seconds=time.monotonic() - started)


# ---- the batch ---------------------------------------------------------------------------------


def manifest(
    month: str,
    results: Iterable[ClientResult],
    previous: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The month's manifest: this run's results, plus earlier entries for workbooks not in this run."""
    entries = [r.manifest_entry() for r in results]
    built = {e["workbook"] for e in entries}
    kept = [
        e
        for e in (previous or {}).get("clients", [])
        if isinstance(e, dict) and e.get("workbook") not in built
    ]
    return {
        "month": month,
        "tool_version": __version__,
        "generated_at": (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat(),
        "clients": kept + entries,
    }


def read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_manifests(out_dir: Path, results: Sequence[ClientResult], month: str | None = None) -> list[Path]:
    """One manifest per month folder of this run; failed workbooks of unknown month are listed in each."""
    months = sorted({r.month for r in results if r.month} | ({month} if month else set()))
    written = []
    for m in months:
        mine = [r for r in results if r.month == m or r.month is None]
        folder = out_dir / m
        atomic_write(folder / MANIFEST, to_json(manifest(m, mine, read_manifest(folder))))
        written.append(folder / MANIFEST)
    return written


def build_all(
    paths: Sequence[Path],
    out_dir: Path,
    config: Config,
    month: str | None = None,
    keep_html: bool = False,
    templates: Path | None = None,
    progress: Callable[[ClientResult], None] | None = None,
) -> list[ClientResult]:
    """Build every workbook in turn and write the month's manifest; returns one result per workbook."""
    results = []
    taken: dict[tuple[str, str], Path] = {}
    for path in paths:
        result = build_one(path, out_dir, config, month, keep_html, templates, taken)
        if result.status == "ok" and result.month and result.slug:
            taken[(result.month, result.slug)] = result.workbook
        if progress:
            progress(result)
        results.append(result)
    write_manifests(out_dir, results, month)
    return results


def results_table(results: Sequence[ClientResult], out_dir: Path, only_errors: bool = False) -> str:
    """The summary the CLI prints: one line per workbook, the error text indented below a failed one."""
    lines = []
    for r in results:
        if only_errors and r.ok:
            continue
        name = r.slug or r.workbook.name
        if r.ok:
            where = out_dir / (r.month or "") / (r.pdf or "")
            lines.append(f"{r.status:<6}  {name:<32}  {r.pages or 0:>3} p.  {where}")
        else:
            lines.append(f"{r.status:<6}  {name}")
            lines.extend(f"        {line}" for line in (r.message or "").splitlines())
    return "\n".join(lines)
