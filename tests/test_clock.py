"""``reporter.clock`` is the one place the package reads the calendar, so freezing it there freezes reporter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from reporter import clock

PACKAGE = Path(clock.__file__).resolve().parent
READS_THE_TIME = re.compile(
    r"\b(date\.today|datetime\.(now|utcnow|today)|time\.(time|time_ns|localtime|gmtime|ctime|strftime))\("
)


def test_only_the_clock_module_reads_the_calendar() -> None:
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.glob("*.py"))
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if READS_THE_TIME.search(line)
    ]
    assert found == []


def test_now_is_aware_utc_and_today_is_a_date() -> None:
    assert clock.now().utcoffset() == dt.timedelta(0)
    assert type(clock.today()) is dt.date


def test_the_fixture_freezes_both(frozen_clock: dt.datetime) -> None:
    assert clock.now() == frozen_clock
    assert clock.today() == dt.date(2026, 12, 5)
