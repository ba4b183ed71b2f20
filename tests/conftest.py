"""Fixtures shared by several test modules."""

from __future__ import annotations

import os

import pytest

from reporter.glyphs import Fonts
from tests.workbooks import NAMES_IN_EVERY_SCRIPT


@pytest.fixture
def fonts_for_every_script() -> None:
    """Skip a test that draws every script where the fonts .ci/run installs are missing (README: Fonts)."""
    missing = Fonts().missing("".join(NAMES_IN_EVERY_SCRIPT.values()))
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI installs the fonts of README › Fonts (.ci/run), yet no installed font has {' '.join(missing)}")
    if missing:
        pytest.skip(f"no installed font has {' '.join(missing)}: install the packages README › Fonts names")
