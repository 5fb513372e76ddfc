"""The worker pool of the list pipeline: results in the tasks' order, wherever a task ran.

With ``helping``, the process that maps runs tasks itself while the next result in order is
not there yet; what it gives back must be what the workers alone give, in the same order,
and the first error in task order must still be the one raised.
"""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from nkcase.screening.pipeline.pool import OrderedPool


def slow_first(_state: object, index: int, fail: bool = False) -> tuple[int, int]:
    """Task 0 takes half a second, so the tasks after the worker's are run by the mapper."""
    if index == 0:
        time.sleep(0.5)
    if fail:
        raise ValueError(f"task {index}")
    return index, os.getpid()


def test_helping_runs_later_tasks_here_and_keeps_the_order() -> None:
    with OrderedPool(1) as pool:
        results = list(pool.map(slow_first, [(i,) for i in range(12)], helping=True))
    assert [index for index, _pid in results] == list(range(12))
    here = {index for index, pid in results if pid == os.getpid()}
    assert here and 0 not in here  # task 0 went to the worker; some later ones ran here
    assert len(here) < 12


def test_without_helping_every_task_runs_in_a_worker() -> None:
    with OrderedPool(1) as pool:
        results = list(pool.map(slow_first, [(i,) for i in range(6)]))
    assert [index for index, _pid in results] == list(range(6))
    assert all(pid != os.getpid() for _index, pid in results)


def test_the_first_error_in_task_order_wins_over_one_met_here_earlier() -> None:
    """Task 0 fails in the worker after half a second; a later task run here ahead of its
    turn fails at once: the error raised is task 0's, and nothing after it is given."""
    tasks = [(0, True)] + [(i, i == 4) for i in range(1, 8)]
    given: list[int] = []
    with OrderedPool(1) as pool, pytest.raises(ValueError, match="task 0"):
        for index, _pid in pool.map(slow_first, tasks, helping=True):
            given.append(index)
    assert given == []


def test_a_pool_closed_while_its_workers_start_leaves_no_process() -> None:
    """The workers start on a thread: a pool left at once (an error, Cancel) waits for that
    start and ends what it started, whether asked to stop or aborted."""
    for abort in (True, False):
        pool = OrderedPool(2)
        pool.close(abort=abort)
        assert not [p for p in multiprocessing.active_children() if p.name == "nkcase-list-reader"]


def test_the_first_map_waits_for_the_workers_start() -> None:
    with OrderedPool(1) as pool:
        results = list(pool.map(slow_first, [(i,) for i in range(1, 4)]))
    assert [index for index, _pid in results] == [1, 2, 3]
    assert all(pid != os.getpid() for _index, pid in results)
