"""A stand-in for WeasyPrint's layout, for the tests whose subject is the batch's mechanics (skipping, slugs,
manifests, locks, limits, exit codes) and which read nothing WeasyPrint makes: the issue's "test the worker pool
with an injected trivial task". Everything else of a build stays real: reading, analysing, filling the templates
(the HTML written with ``--html`` is the real one), staging and committing the files, the manifest.

The stand-in writes a valid one-page PDF whose text is the SHA-256 of the report's HTML, so two reports differ
exactly when their HTML does ("not overwritten", "built again" stay assertions that can fail). Tests that read a
PDF's text, pages or bytes across renderers keep the real renderer.

Batch tasks run in worker processes forked from a server that imported ``reporter`` long before the test, so
patching ``reporter.render`` in the test's process would not reach them; the tasks themselves are looked up in
``reporter.batch`` when the run makes them, so the fixture swaps those for the wrappers below, which install the
stand-in in the worker before doing the real task.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from reporter import batch, render

if TYPE_CHECKING:  # not at run time: build workers import this module, and pytest is no small import
    import pytest

_real_stage_client = batch.stage_client
_real_run_overview = batch._run_overview
_real_html_to_pdf = render.html_to_pdf


def pdf_for(html: str) -> bytes:
    """One A4 page that says ``stand-in <sha256 of html>``; a well-formed PDF with a correct cross-reference table."""
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    stream = f"BT /F1 10 Tf 40 800 Td (stand-in {digest}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def html_to_pdf(html: str, fetcher: Any, *, source: str = "report") -> render.Rendered:
    """``render.html_to_pdf`` without WeasyPrint: the HTML as it is, and :func:`pdf_for` it."""
    return render.Rendered(pdf=pdf_for(html), html=html, pages=1)


def _install() -> None:
    render.html_to_pdf = html_to_pdf  # type: ignore[assignment]  # in this worker process only


def stage_client(*args: Any) -> Any:
    """``batch.stage_client`` in a worker, with the stand-in renderer."""
    _install()
    return _real_stage_client(*args)


def run_overview(*args: Any) -> Any:
    """``batch._run_overview`` in a worker, with the stand-in renderer."""
    _install()
    return _real_run_overview(*args)


def use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds under ``monkeypatch`` lay out no PDF, in the test's process as in the build's workers: the fixture
    ``stand_in_renderer`` (tests/conftest.py), or ``pytest.MonkeyPatch.context()`` in a module's shared build."""
    monkeypatch.setattr(batch, "stage_client", stage_client)
    monkeypatch.setattr(batch, "_run_overview", run_overview)
    monkeypatch.setattr(render, "html_to_pdf", html_to_pdf)


def stage_client_real_for_viele(path: Any, *args: Any) -> Any:
    """``batch.stage_client`` in a worker with the real renderer for a workbook whose file name starts with
    ``viele`` and the stand-in for every other (tests/test_hostile.py: a real workbook stopped by the real time
    limit, beside a client whose build must finish within that short limit on a loaded machine)."""
    real = path.name.startswith("viele")
    render.html_to_pdf = _real_html_to_pdf if real else html_to_pdf  # type: ignore[assignment]
    return _real_stage_client(path, *args)
