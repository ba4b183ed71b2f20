"""What every test module shares: the same property-test examples on every machine, a frozen clock for the
tests whose outcome depends on the date, the fonts for text in every script, English messages whatever the
machine's locale (a test that wants German asks for it), the sample reports, built once per run, and the texts of
the PDFs the tests read (tests/pdftext.py), extracted once per run.

The suite passes on any date (also run under ``faketime``): a test that needs "today" or "now" takes the
``frozen_clock`` fixture instead of reading the machine's calendar.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from reporter import clock, i18n
from reporter.batch import WORKER_GC_THRESHOLDS
from reporter.cli import cli
from reporter.glyphs import Fonts
from tests import pdftext, stand_in
from tests.shared import once_per_run, shared_root
from tests.workbooks import NAMES_IN_EVERY_SCRIPT

# Derandomized (a fixed seed per test, no example database): CI runs the same examples every time and never
# flakes on a new one. No deadline: a slow example on a loaded machine is not a failure.
settings.register_profile("reporter", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("reporter")


def pytest_collection_finish(session: pytest.Session) -> None:
    """The collected tests, the imported modules and their tables live for the whole run: set aside from the
    cyclic garbage collector (``gc.freeze``), which otherwise walks them again and again, and collect less often,
    as the batch's workers do (reporter/batch.py, WORKER_GC_THRESHOLDS). About 6 CPU-seconds of the suite."""
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


# A morning in December 2026: later than the fixtures' report month (2026-10), and not the month right after it.
FROZEN_NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's locale does not choose the language of reporter's messages: LANG=C.UTF-8 for the test
    process and the CLI it runs, English in the i18n context (a command sets it for the rest of the process)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language(i18n.DEFAULT)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """reporter's clock (``reporter.clock``, the only place it reads the time) stands still at FROZEN_NOW."""
    monkeypatch.setattr(clock, "now", lambda: FROZEN_NOW)
    monkeypatch.setattr(clock, "today", lambda: FROZEN_NOW.date())
    return FROZEN_NOW


@pytest.fixture
def stand_in_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in this test lay out no PDF: tests/stand_in.py, for tests of the batch's mechanics that read nothing
    WeasyPrint makes; in the test's process as in the build's workers."""
    stand_in.use(monkeypatch)


@pytest.fixture
def fonts_for_every_script() -> None:
    """Skip a test that draws every script where the fonts .ci/run installs are missing (README: Fonts)."""
    missing = Fonts().missing("".join(NAMES_IN_EVERY_SCRIPT.values()))
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI installs the fonts of README › Fonts (.ci/run), yet no installed font has {' '.join(missing)}")
    if missing:
        pytest.skip(f"no installed font has {' '.join(missing)}: install the packages README › Fonts names")


# ---- built once per run, shared by every module and every xdist worker ------------------------------------------

SAMPLES = Path(__file__).resolve().parent.parent / "sample_inputs"


def _build_samples(out: Path) -> None:
    # --lang en: a session fixture runs before the per-test locale fixture; the tests expect the English overview
    result = CliRunner().invoke(cli, ["build", str(SAMPLES), "--out", str(out), "--html", "--lang", "en"])
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``reporter build sample_inputs --html`` (its reporter.toml, every sample, the overview), built once per run
    for every module that checks the sample reports: the ``--out`` folder, read-only."""
    return once_per_run(tmp_path_factory, "sample-reports", _build_samples)


@pytest.fixture(scope="session", autouse=True)
def pdf_texts_shared(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A PDF's text (tests/pdftext.py) is extracted by one xdist worker and read by the others."""
    pdftext.share_between_workers(shared_root(tmp_path_factory) / "pdf-texts")
