"""Work done once per test run and shared by every module and every xdist worker (each worker has a session of
its own, so a session fixture alone would still do the work once per worker)."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import shutil
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest


def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this run that every xdist worker sees: the parent of the workers' own base folders (each worker
    has its own session and its own ``getbasetemp()`` below it); without xdist the base folder itself."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def file_lock(path: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on ``path`` (created if missing) while the block runs, shared by every process of
    the run; yields ``False`` at once (``wait=False``) while another process holds it."""
    with path.open("a") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def run_lock(tmp_path_factory: pytest.TempPathFactory, name: str, *, wait: bool = True) -> Iterator[Path | None]:
    """Hold the run-wide lock ``name`` (one xdist worker at a time); yields the shared folder ``name`` names, or
    None at once (``wait=False``) while another worker holds the lock."""
    root = shared_root(tmp_path_factory)
    with file_lock(root / f"{name}.lock", wait=wait) as held:
        yield root / name if held else None


def _produce_once(folder: Path, produce: Callable[[Path], None]) -> None:
    """``produce(folder)`` unless an earlier call finished it; then its files are made read-only."""
    done = folder / ".done"
    if done.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
    folder.mkdir()
    produce(folder)
    for path in folder.rglob("*"):
        mode = path.lstat()
        # never through a link: a hostile case may link to a file outside (root ignores the bits anyway)
        if stat.S_ISREG(mode.st_mode) and mode.st_nlink == 1:
            path.chmod(mode.st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    done.touch()


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, produce: Callable[[Path], None]) -> Path:
    """``produce(folder)`` once per test run, by the first worker that asks; every other worker (and every later
    call) gets the same folder. Its files are made read-only: a test that changes an output copies it first."""
    with run_lock(tmp_path_factory, name) as folder:
        assert folder is not None
        _produce_once(folder, produce)
    return folder


def each_once_per_run(
    tmp_path_factory: pytest.TempPathFactory, names: Sequence[str], produce: Callable[[str, Path], None]
) -> list[Path]:
    """``produce(name, folder)`` once per test run for each of ``names``, shared out among the workers that ask
    at the same time: a worker produces every part that no other worker is producing, then waits for the parts
    the others are (and produces one itself should its producer have failed). One worker alone does them all."""
    busy = []
    for name in names:
        with run_lock(tmp_path_factory, name, wait=False) as folder:
            if folder is None:
                busy.append(name)
            else:
                _produce_once(folder, functools.partial(produce, name))
    for name in busy:
        once_per_run(tmp_path_factory, name, functools.partial(produce, name))
    return [shared_root(tmp_path_factory) / name for name in names]
