"""Files that readers never see half-written: atomic writes, staged temporary files, digests, the exclusive lock
that keeps a second build or send out of an output folder, and the lock on a workbook that ``reporter import``
replaces. Shared by the batch, the mail stage and the import.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

# Reports are for sharing: files get the usual permissions (mkstemp alone makes them private to the owner).
_UMASK = os.umask(0o022)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK


class LockBusy(Exception):
    """Another process holds the lock."""


def fsync_dir(folder: Path) -> None:
    try:  # make a rename durable; not every platform lets a folder be opened
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def stage_file(path: Path, data: bytes, mode: int | None = FILE_MODE) -> Path:
    """Write ``data`` to a hidden temporary file beside ``path`` (fsync'd); the caller renames it. ``mode``
    None keeps the file private to its owner."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: bytes, mode: int | None = FILE_MODE) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part."""
    tmp = stage_file(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def discard(staged: Iterable[tuple[str, str]]) -> None:
    """Remove staged temporary files, given as (final name, temporary path)."""
    for _name, tmp in staged:
        Path(tmp).unlink(missing_ok=True)


def to_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sha256_file(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def _flock(handle: IO[bytes], path: Path, *, unlockable_ok: bool) -> Iterator[bool]:
    """An exclusive lock on the open ``handle`` while the block runs (released by the operating system when the
    process ends, also after ``kill -9``); yields whether a lock is held. :class:`LockBusy` if another process
    holds it. Not POSIX: no lock. A file system that cannot lock (some network shares): no lock if
    ``unlockable_ok``, else :class:`LockBusy`."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield False
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if not unlockable_ok or exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise LockBusy(str(path)) from None
        yield False
        return
    try:
        yield True
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) while the block runs. Raises :class:`LockBusy` if
    another process holds it, ``OSError`` if the file cannot be opened. Not POSIX: no lock (atomic writes and the
    ledger's transactions still hold)."""
    with path.open("a+b") as handle, _flock(handle, path, unlockable_ok=False):
        yield


@contextlib.contextmanager
def locked_in_place(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the existing file ``path`` itself while the block runs, for a writer that
    replaces the file by a rename (``reporter import``): no lock file is left behind. A second writer is
    refused with :class:`LockBusy`, also one that opened the file just before it was replaced (it holds the
    old file, which the name no longer points to). ``OSError`` if the file cannot be opened; not POSIX or a file
    system without locks (some network shares): no lock, the rename still keeps the file whole."""
    with path.open("rb") as handle, _flock(handle, path, unlockable_ok=True) as held:
        if held and os.fstat(handle.fileno()).st_ino != os.stat(path).st_ino:
            raise LockBusy(str(path))
        yield
