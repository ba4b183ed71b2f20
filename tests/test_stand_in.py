"""The stand-in for WeasyPrint's layout (tests/stand_in.py) that the tests of the batch's mechanics build with:
its PDF is a valid one-page PDF whose bytes depend on the report's HTML, and the fixture reaches the build's
worker processes (else those tests would quietly lay out real PDFs, or test nothing of what they claim)."""

from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from reporter.cli import cli
from tests import stand_in
from tests.workbooks import kpi, make_workbook


def test_the_stand_in_pdf_is_valid_has_one_page_and_differs_when_the_html_does(
    caplog: pytest.LogCaptureFixture,
) -> None:
    first, second = "<!DOCTYPE html><p>Alpha GmbH</p>", "<!DOCTYPE html><p>Alpha GmbH.</p>"
    pdfs = {html: stand_in.pdf_for(html) for html in (first, second)}
    assert pdfs[first] != pdfs[second]
    assert stand_in.pdf_for(first) == pdfs[first], "the same HTML gives the same bytes"
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        for html, data in pdfs.items():
            assert data.startswith(b"%PDF-1.7\n")
            assert data.endswith(b"%%EOF\n")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=True)  # raises on a broken xref table or trailer
            assert len(reader.pages) == 1
            assert reader.pages[0].mediabox.width == 595
            digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
            assert reader.pages[0].extract_text() == f"stand-in {digest}"
    assert caplog.records == [], "pypdf found nothing to repair"


@pytest.mark.usefixtures("stand_in_renderer")
def test_the_fixture_reaches_the_build_workers_and_lays_out_the_real_html(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path / "a.xlsx", client={"Kunde": "Alpha GmbH"}, kpis=[kpi("Kontaktanfragen", [12] * 13, target=15)]
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(out), "--html", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    html = (out / "2026-10" / "alpha-gmbh.html").read_text(encoding="utf-8")
    assert "Alpha GmbH" in html
    assert (out / "2026-10" / "alpha-gmbh.pdf").read_bytes() == stand_in.pdf_for(html)
    overview = pypdf.PdfReader(out / "2026-10" / "_overview.pdf", strict=True)
    assert overview.pages[0].extract_text().startswith("stand-in "), "the overview's worker has it too"
