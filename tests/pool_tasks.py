"""Trivial tasks for the worker pool's tests (tests/test_pool.py, tests/test_batch.py): top-level functions, so
they pickle."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

WARMED: list[int] = []


def echo(value: object) -> object:
    return value


def pid(_index: int) -> int:
    return os.getpid()


def sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def fail(text: str) -> None:
    raise ValueError(text)


def allocate(megabytes: int, hold_s: float = 0.0) -> int:
    """Allocate and touch ``megabytes``, then hold them for a while (so the parent's watch sees them)."""
    data = bytearray(megabytes * 1024 * 1024)
    for offset in range(0, len(data), 4096):
        data[offset] = 1
    time.sleep(hold_s)
    return len(data)


def exit_worker(code: int) -> None:
    os._exit(code)


def kill_worker() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def warm() -> None:
    WARMED.append(os.getpid())


def warmed(_index: int) -> list[int]:
    return list(WARMED)


def broken_warm() -> None:
    raise RuntimeError("cannot start")


def short_describe(exc: BaseException) -> str:
    return f"failed: {exc}"


def stand_in_or_hang(path: Path, *args: Any) -> Any:
    """``batch.stage_client`` with the stand-in renderer (tests/stand_in.py), except that a workbook named
    ``langsam*.xlsx`` does not finish in the test's time: its worker sleeps, without using the CPU, until the time
    limit stops it, and were the limit broken it would be built after 5 minutes, failing the test. The other
    clients finish in a fraction of a second however busy the machine, so the time limit can be short."""
    from tests import stand_in

    if path.name.startswith("langsam"):
        time.sleep(300)
    return stand_in.stage_client(path, *args)


def stand_in_slowly(path: Path, *args: Any) -> Any:
    """``batch.stage_client`` with the stand-in renderer (tests/stand_in.py), after a second in which the worker
    sleeps instead of laying out pages: a build that takes its time whatever the machine's load, without a core."""
    from tests import stand_in

    time.sleep(1.0)
    return stand_in.stage_client(path, *args)
