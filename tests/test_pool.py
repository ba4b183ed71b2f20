"""The worker pool (reporter/pool.py) driven with trivial tasks and short limits: time and memory limits per
task, a crashed worker, recycling, start failures, hooks and the order of answers. The batch's end-to-end tests
(tests/test_batch.py) keep one real render per limit."""

from __future__ import annotations

import time
from typing import Any

import pytest

from reporter.pool import Task, WorkerPool, WorkerSetup
from tests import pool_tasks

Outcomes = dict[int, tuple[str, Any]]


def run(
    tasks: list[Task], jobs: int = 1, timeout_s: float = 30, memory_mb: int = 2000, **kwargs: Any
) -> tuple[Outcomes, list[int]]:
    """Run ``tasks``; the outcome per key and the keys in the order they were answered."""
    outcomes: Outcomes = {}
    order: list[int] = []

    def on_done(task: Task, status: str, value: Any) -> None:
        outcomes[task.key] = (status, value)
        order.append(task.key)

    with WorkerPool(jobs, timeout_s, memory_mb, **kwargs) as pool:
        pool.run(tasks, on_done)
    return outcomes, order


def task(key: int, func: Any, *args: Any) -> Task:
    return Task(key, func, args, f"t{key}")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_task_over_the_time_limit_is_stopped_and_the_others_finish(jobs: int) -> None:
    started = time.monotonic()
    outcomes, _ = run(
        [task(0, pool_tasks.sleep, 30), task(1, pool_tasks.echo, "a"), task(2, pool_tasks.echo, "b")],
        jobs=jobs,
        timeout_s=0.5,
    )
    assert time.monotonic() - started < 15
    assert outcomes[0] == (
        "error",
        "stopped after 0.5 s: building the report took longer than [limits] render_timeout_s allows",
    )
    assert outcomes[1] == ("ok", "a")
    assert outcomes[2] == ("ok", "b")


def test_a_task_over_the_memory_limit_is_stopped() -> None:
    # Below the worker's address-space cap (its start-up size + the limit), above the limit as resident memory.
    outcomes, _ = run(
        [task(0, pool_tasks.allocate, 60, 30), task(1, pool_tasks.echo, "next")], timeout_s=20, memory_mb=64
    )
    status, message = outcomes[0]
    assert status == "error"
    assert message.startswith("stopped: the report used ")
    assert message.endswith("MB of memory, more than [limits] render_memory_mb = 64 MB allows")
    assert outcomes[1] == ("ok", "next")


def test_an_allocation_beyond_the_address_space_cap_fails_inside_the_worker() -> None:
    outcomes, _ = run([task(0, pool_tasks.allocate, 4000), task(1, pool_tasks.echo, "next")], memory_mb=64)
    assert outcomes[0] == ("error", "MemoryError")
    assert outcomes[1] == ("ok", "next")


def test_a_task_that_raises_is_described_and_the_worker_goes_on() -> None:
    tasks = [task(0, pool_tasks.fail, "boom"), task(1, pool_tasks.pid, 1), task(2, pool_tasks.pid, 2)]
    outcomes, _ = run(tasks)
    assert outcomes[0] == ("error", "ValueError: boom")
    assert outcomes[1][1] == outcomes[2][1], "the same worker"
    custom, _ = run([task(0, pool_tasks.fail, "boom")], setup=WorkerSetup(describe=pool_tasks.short_describe))
    assert custom[0] == ("error", "failed: boom")


@pytest.mark.parametrize("kills", [1, 2])
def test_a_task_whose_worker_died_is_tried_once_more(kills: int) -> None:
    """A killed worker is replaced; its task is tried once more, then reported; the rest go on."""
    outcomes: Outcomes = {}
    started: list[int] = []
    tasks = [task(i, pool_tasks.sleep, 0.2 if i == 0 else 0) for i in range(3)]
    with WorkerPool(1, timeout_s=30, memory_mb=2000) as pool:

        def on_start(task: Task, running: object) -> None:
            started.append(task.key)
            if task.key == 0 and started.count(0) <= kills:
                pool.workers[0].process.kill()

        pool.run(tasks, lambda task, status, value: outcomes.__setitem__(task.key, (status, value)), on_start)
    assert started == [0, 0, 1, 2]
    if kills == 2:
        assert outcomes[0] == ("error", "the worker building this report stopped unexpectedly twice (SIGKILL)")
    else:
        assert outcomes[0] == ("ok", 0.2)
    assert outcomes[1] == ("ok", 0)
    assert outcomes[2] == ("ok", 0)


def test_a_task_that_crashes_its_worker_every_time_fails_alone() -> None:
    outcomes, _ = run(
        [task(0, pool_tasks.exit_worker, 3), task(1, pool_tasks.kill_worker), task(2, pool_tasks.echo, "c")]
    )
    assert outcomes[0] == ("error", "the worker building this report stopped unexpectedly twice (exit code 3)")
    assert outcomes[1] == ("error", "the worker building this report stopped unexpectedly twice (SIGKILL)")
    assert outcomes[2] == ("ok", "c")


def test_workers_are_replaced_after_max_tasks_and_warmed_once_each() -> None:
    setup = WorkerSetup(warm=pool_tasks.warm)
    outcomes, order = run([task(i, pool_tasks.warmed, i) for i in range(5)], setup=setup, max_tasks=2)
    assert order == [0, 1, 2, 3, 4], "one worker answers in the order of the queue"
    warmed = [outcomes[i][1] for i in range(5)]
    assert [len(w) for w in warmed] == [1, 1, 1, 1, 1], "each worker warms up once, before its first task"
    pids = [w[0] for w in warmed]
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]
    assert len(set(pids)) == 3


def test_answers_come_as_tasks_finish_each_with_its_key() -> None:
    tasks = [task(0, pool_tasks.sleep, 1.0), task(1, pool_tasks.sleep, 0), task(2, pool_tasks.sleep, 0)]
    outcomes, order = run(tasks, jobs=2)
    assert order[-1] == 0, "the slow task is answered last"
    assert outcomes == {0: ("ok", 1.0), 1: ("ok", 0), 2: ("ok", 0)}


def test_workers_that_cannot_start_fail_the_queued_tasks() -> None:
    setup = WorkerSetup(warm=pool_tasks.broken_warm)
    outcomes, _ = run([task(i, pool_tasks.echo, i) for i in range(3)], setup=setup)
    assert outcomes == {i: ("error", "the worker processes cannot start (exit code 1)") for i in range(3)}
