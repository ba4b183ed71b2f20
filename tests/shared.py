"""Work done once per test run and shared by every module and every xdist worker (each worker has a session of
its own, so a session fixture alone would still do the work once per worker)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this run that every xdist worker sees: the parent of the workers' own base folders (each worker
    has its own session and its own ``getbasetemp()`` below it); without xdist the base folder itself."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def run_lock(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Path]:
    """Hold the run-wide lock ``name`` (one xdist worker at a time); yields the shared folder ``name`` names."""
    root = shared_root(tmp_path_factory)
    with (root / f"{name}.lock").open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield root / name
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, produce: Callable[[Path], None]) -> Path:
    """``produce(folder)`` once per test run, by the first worker that asks; every other worker (and every later
    call) gets the same folder. Its files are made read-only: a test that changes an output copies it first."""
    with run_lock(tmp_path_factory, name) as folder:
        done = folder / ".done"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            produce(folder)
            for path in folder.rglob("*"):
                mode = path.lstat()
                # never through a link: a hostile case may link to a file outside (root ignores the bits anyway)
                if stat.S_ISREG(mode.st_mode) and mode.st_nlink == 1:
                    path.chmod(mode.st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
            done.touch()
    return folder
