"""A pool of warm worker processes with a watch on each: any picklable task per item, with a time limit and a
memory limit per task. A dead or stopped worker is replaced and only its task fails; there is no shared pool
that could break.

Workers fork from a server process that has already imported what the caller names (``preload``), so each
starts warm and a replacement starts in milliseconds. The parent watches every running task: past its time
limit, or with more resident memory than the limit, the worker is killed and the task is reported with that
error; a worker that dies for any other reason is replaced and its task tried once more on the fresh worker.
A worker is replaced after ``max_tasks`` tasks, so whatever a library keeps does not grow with the batch.

Generic: the tasks are plain functions of the caller (``Task.func``, pickled by reference) and the hooks in
:class:`WorkerSetup`; the batch uses it to render reports, the tests drive it with trivial tasks.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from multiprocessing import connection
from pathlib import Path
from typing import Any

from .i18n import _

# A worker is replaced after this many tasks, so that whatever WeasyPrint or fontconfig keep does not grow
# with the size of the batch.
MAX_TASKS_PER_WORKER = 40
# How often the parent looks at running workers (timeouts, memory).
WATCH_INTERVAL_S = 0.2
# A worker that has not finished starting by then is replaced.
WORKER_START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Task:
    """One unit of work for a worker: ``func(*args)``, with a top-level (picklable) ``func``."""

    key: int  # the caller's id of the task, e.g. the workbook's index in the run
    func: Callable[..., Any]
    args: tuple[Any, ...]
    name: str  # shown in progress and in error messages
    path: Path | None = None
    attempt: int = 0  # a task whose worker died is tried once more on a fresh worker


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


@dataclass(frozen=True)
class WorkerSetup:
    """What every worker is given; top-level functions only, since they travel to the worker by pickle."""

    preload: tuple[str, ...] = ()  # modules the fork server imports once for every worker
    warm: Callable[[], None] | None = None  # run once in each worker before its first task
    describe: Callable[[BaseException], str] = _describe  # the error text of a task that raised
    discard: Callable[[Any], None] | None = None  # clean up a result the parent can no longer receive


def _limit_memory(megabytes: int) -> None:
    """Let allocations beyond the limit fail inside the worker (MemoryError) rather than swap the machine; the
    parent's watch on the resident size stays the authority. The address space also holds shared libraries and
    reserved regions, so the limit is added to what the warm worker already has."""
    try:
        import resource

        current = _vm_size_bytes() or 0
        limit = current + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _proc_status(pid: int | None, key: str) -> int | None:
    """A ``VmRSS``-like field of /proc/PID/status in bytes (Linux); None elsewhere."""
    try:
        with open(f"/proc/{pid or 'self'}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _vm_size_bytes() -> int | None:
    return _proc_status(None, "VmSize")


def _worker_main(conn: connection.Connection, memory_mb: int, scratch: str, setup: WorkerSetup) -> None:
    """A warm worker: warms up once, then runs whatever the parent sends until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    os.environ["TMPDIR"] = scratch  # WeasyPrint's font folders go to the run's scratch folder
    tempfile.tempdir = scratch
    if setup.warm is not None:
        setup.warm()
    _limit_memory(memory_mb)
    try:  # a client's time starts when it reaches a warm worker, not while the worker starts
        conn.send(("ready", os.getpid()))
    except (OSError, ValueError):
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        func, args = task
        try:
            outcome: Any = ("ok", func(*args))
        except MemoryError:
            outcome = ("error", "MemoryError")
        except Exception as exc:  # reported to the parent, which decides
            outcome = ("error", setup.describe(exc))
        try:
            conn.send(outcome)
        except (OSError, ValueError):  # the parent is gone: nobody will rename these files into place
            if outcome[0] == "ok" and setup.discard is not None:
                setup.discard(outcome[1])
            return


def _die_with_parent() -> None:
    """Linux: end this worker as soon as the fork server it came from ends, which it does when the build
    process dies (even by ``kill -9``), so no orphan goes on rendering into a folder a re-run is using."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before the line above
        os._exit(0)


def _signal_name(code: int | None) -> str:
    if code is None:
        return _("unknown exit")
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return _("signal {number}").format(number=-code)
    return _("exit code {code}").format(code=code)


class _Worker:
    def __init__(self, ctx: Any, memory_mb: int, scratch: str, setup: WorkerSetup) -> None:
        parent_conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child_conn, memory_mb, scratch, setup), daemon=True
        )
        self.process.start()
        child_conn.close()
        self.conn = parent_conn
        self.task: Task | None = None
        self.ready = False  # warm and waiting for work
        self.created = time.monotonic()
        self.started = 0.0
        self.done = 0

    def send(self, task: Task) -> None:
        self.task = task
        self.started = time.monotonic()
        self.conn.send((task.func, task.args))

    def rss(self) -> int | None:
        return _proc_status(self.process.pid, "VmRSS")

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


def _context(preload: Sequence[str]) -> Any:
    """Workers fork from a server that has already imported ``preload``: a replacement starts warm and in
    milliseconds, and no lock or file of the parent leaks into a worker (unlike plain ``fork``)."""
    try:
        ctx = mp.get_context("forkserver")
    except ValueError:  # no forkserver on this platform
        return mp.get_context("spawn")
    ctx.set_forkserver_preload(list(preload))
    return ctx


def start_server(preload: Sequence[str]) -> None:
    """Start the fork server now (it does not wait for it): it imports ``preload`` while the caller is still
    preparing the tasks, so the first one is done sooner. Pools use this server; if nothing needs running,
    it only ends with the process."""
    ctx = _context(preload)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class WorkerPool:
    """A fixed number of warm worker processes with a watch on each: timeouts and memory are per task, a dead
    or stopped worker is replaced, and its task alone fails (there is no shared pool that could break)."""

    def __init__(
        self,
        jobs: int,
        timeout_s: float,
        memory_mb: int,
        setup: WorkerSetup | None = None,
        max_tasks: int = MAX_TASKS_PER_WORKER,
    ) -> None:
        self.jobs = max(1, jobs)
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.setup = setup or WorkerSetup()
        self.max_tasks = max_tasks
        self.ctx = _context(self.setup.preload)
        self.scratch = tempfile.mkdtemp(prefix="reporter-build-")
        self.workers: list[_Worker] = []
        self.queue: deque[Task] = deque()
        self.start_failures = 0

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.workers:
            if worker.ready and worker.task is None:
                worker.stop()
            else:
                worker.kill()
        self.workers.clear()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def run(
        self,
        tasks: Iterable[Task],
        on_done: Callable[[Task, str, Any], None],
        on_start: Callable[[Task, Sequence[Task]], None] | None = None,
    ) -> None:
        """Run every task; ``on_done(task, "ok" | "error", value)`` in the parent as each ends."""
        self.queue = deque(tasks)
        queue = self.queue
        while queue or any(w.task for w in self.workers):
            self._grow()
            while queue and (idle := self._idle()) is not None:
                task = queue.popleft()
                if not idle.process.is_alive():  # ended while idle (an operator, the OOM killer): replace it
                    self._drop(idle)
                    queue.appendleft(task)
                    continue
                try:
                    idle.send(task)
                except (OSError, ValueError):  # died between tasks: replace it, the task waits
                    self._drop(idle)
                    queue.appendleft(task)
                    continue
                if on_start:
                    on_start(task, [w.task for w in self.workers if w.task])
            watched = [w for w in self.workers if w.task or not w.ready]
            waitables: list[Any] = [w.conn for w in watched] + [w.process.sentinel for w in watched]
            ready = connection.wait(waitables, timeout=WATCH_INTERVAL_S)
            for worker in watched:
                if worker.ready:
                    self._check(worker, ready, on_done)
                else:
                    self._check_start(worker, ready, on_done)

    def _grow(self) -> None:
        """Start as many workers as there is work for, up to ``jobs``."""
        busy = sum(1 for w in self.workers if w.task)
        wanted = min(self.jobs, busy + len(self.queue))
        while len(self.workers) < wanted:
            self.workers.append(_Worker(self.ctx, self.memory_mb, self.scratch, self.setup))

    def _idle(self) -> _Worker | None:
        for worker in self.workers:
            if worker.ready and worker.task is None:
                return worker
        return None

    def _check_start(
        self, worker: _Worker, ready: list[Any], on_done: Callable[[Task, str, Any], None]
    ) -> None:
        """A starting worker says it is warm or fails to start; after three failures the queued work fails."""
        if worker.conn in ready or worker.process.sentinel in ready:
            try:
                message = worker.conn.recv() if worker.conn.poll() else None
            except (EOFError, OSError):
                message = None
            if isinstance(message, tuple) and message[0] == "ready":
                worker.ready = True
                self.start_failures = 0
                return
        elif time.monotonic() - worker.created < WORKER_START_TIMEOUT_S:
            return
        self._drop(worker)
        self.start_failures += 1
        if self.start_failures >= 3:  # something is wrong with the installation, not with a client
            reason = _("the worker processes cannot start ({cause})").format(
                cause=_signal_name(worker.process.exitcode)
            )
            while self.queue:
                on_done(self.queue.popleft(), "error", reason)

    def _drop(self, worker: _Worker) -> None:
        worker.kill()
        self.workers.remove(worker)

    def _check(self, worker: _Worker, ready: list[Any], on_done: Callable[[Task, str, Any], None]) -> None:
        task = worker.task
        assert task is not None
        if worker.conn in ready or worker.process.sentinel in ready:
            try:
                status, value = worker.conn.recv() if worker.conn.poll() else (None, None)
            except (EOFError, OSError):
                status, value = None, None
            if status is None:  # the process ended without an answer
                worker.process.join(1)
                self._drop(worker)
                if task.attempt == 0:  # not necessarily this task's fault: once more, on a fresh worker
                    self.queue.appendleft(replace(task, attempt=1))
                    return
                on_done(
                    task,
                    "error",
                    _("the worker building this report stopped unexpectedly twice ({cause})").format(
                        cause=_signal_name(worker.process.exitcode)
                    ),
                )
                return
            worker.task = None
            worker.done += 1
            if worker.done >= self.max_tasks:
                worker.stop()
                self.workers.remove(worker)
            on_done(task, status, value)
            return
        elapsed = time.monotonic() - worker.started
        if elapsed > self.timeout_s:
            self._drop(worker)
            on_done(
                task,
                "error",
                _(
                    "stopped after {seconds} s: building the report took longer than [limits] render_timeout_s allows"
                ).format(seconds=f"{self.timeout_s:g}"),
            )
            return
        rss = worker.rss()
        if rss is not None and rss > self.memory_mb * 1024 * 1024:
            self._drop(worker)
            on_done(
                task,
                "error",
                _(
                    "stopped: the report used {used} MB of memory, more than [limits] render_memory_mb = {limit} MB "
                    "allows"
                ).format(used=rss // (1024 * 1024), limit=self.memory_mb),
            )

