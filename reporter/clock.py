"""The one place reporter reads the calendar and the wall clock: ``today()`` for the agency's date (the months
of a new template), ``now()`` for timestamps (manifest, ledger, the e-mail's ``Date``).

No other module calls ``date.today()`` or ``datetime.now()``; they call these through the module
(``clock.now()``), so a test freezes time by replacing them here alone (``tests/conftest.py``). Durations are
measured with ``time.monotonic()``, which the calendar does not move.
"""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in the machine's local time zone: the agency's calendar."""
    return dt.date.today()
