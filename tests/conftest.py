"""What every test module shares: the same property-test examples on every machine, and a frozen clock for the
tests whose outcome depends on the date.

The suite passes on any date (also run under ``faketime``): a test that needs "today" or "now" takes the
``frozen_clock`` fixture instead of reading the machine's calendar.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import settings

from reporter import clock

# Derandomized (a fixed seed per test, no example database): CI runs the same examples every time and never
# flakes on a new one. No deadline: a slow example on a loaded machine is not a failure.
settings.register_profile("reporter", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("reporter")

# A morning in December 2026: later than the fixtures' report month (2026-10), and not the month right after it.
FROZEN_NOW = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """reporter's clock (``reporter.clock``, the only place it reads the time) stands still at FROZEN_NOW."""
    monkeypatch.setattr(clock, "now", lambda: FROZEN_NOW)
    monkeypatch.setattr(clock, "today", lambda: FROZEN_NOW.date())
    return FROZEN_NOW
