"""Run a build's jobs on every core: worker processes forked from the one that
holds the site model, so nothing is sent to them but which jobs to run, and each
job's outputs come back to the one writer as they are made.

Rendering starts only after every file has been validated and linked, so a
worker never meets an error in the content; an exception in a job is raised in
the build as if the job had run here. A job gives the same bytes in any
process, so the output never depends on how many workers there were.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

# Set `BUILD_PROCESSES=1` to build in one process (tests compare the two).
WORKERS_ENV = "BUILD_PROCESSES"
MIN_JOBS = 200  # fewer jobs than this (a rebuild after an edit) are quicker made here than handed out
BATCH = 64  # jobs sent to a worker at a time: few enough messages, small enough to share out evenly

_jobs: list[Callable] = []  # the jobs of the build in progress, inherited by forked workers
last = {"jobs": 0, "processes": 1}  # how the last run() went, for tests and the benchmark


def setting() -> int | None:
    value = os.environ.get(WORKERS_ENV, "").strip()
    if not value:
        return None
    try:
        return max(1, int(value))
    except ValueError:
        raise SystemExit(f"{WORKERS_ENV}={value!r}: give a whole number of processes, such as 1 or 2") from None


def workers() -> int:
    """How many processes to render in: BUILD_PROCESSES, else one per core."""
    chosen = setting()
    if chosen is not None:
        return chosen
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _worth_it(count: int, least: int) -> bool:
    # With BUILD_PROCESSES set, even a few jobs go to workers, so tests can use small corpora.
    return count >= least or (setting() is not None and count > 0)


def can_fork() -> bool:
    # A fork copies one thread only: a lock another thread holds (a server's, a
    # logger's) would stay locked in the worker, so a process with threads renders alone.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _start_worker() -> None:
    # The inherited model lives as long as the worker: never scan it, but collect
    # what the jobs leave, so a worker's memory stays flat.
    gc.freeze()
    gc.enable()


def _run_batch(span: tuple[int, int]) -> tuple[dict, list]:
    outputs: dict = {}
    entries: list = []
    for job in _jobs[span[0] : span[1]]:
        made, fresh = job()
        outputs.update(made)
        entries += fresh
    return outputs, entries


def run(jobs: list[Callable], processes: int | None = None) -> Iterator[tuple[dict, list]]:
    """Each job's (outputs, cache entries), in batches, as they are made; in any order."""
    processes = workers() if processes is None else processes
    if processes <= 1 or not _worth_it(len(jobs), MIN_JOBS) or not can_fork():
        last.update(jobs=len(jobs), processes=1)
        for job in jobs:
            yield job()
        return
    global _jobs
    _jobs = jobs
    last.update(jobs=len(jobs), processes=processes)
    batch = min(BATCH, -(-len(jobs) // (processes * 4)))  # small runs are shared out too
    spans, start, weight = [], 0, 0
    for i, job in enumerate(jobs):
        # A job with a weight (a calendar job joins hundreds of calendars) is worth that
        # many pages, so a batch of them does not come back as one huge message.
        weight += getattr(job, "weight", 1)
        if weight >= batch:
            spans.append((start, i + 1))
            start, weight = i + 1, 0
    if start < len(jobs):
        spans.append((start, len(jobs)))
    pool = _pool(processes)
    try:
        # A few batches per worker in flight, no more: results wait here until the
        # writer takes them, and a slow disk must not make the whole site pile up.
        flight: deque = deque()
        for span in spans:
            flight.append(_submit(pool, _run_batch, span))
            if len(flight) >= processes * 3:
                yield _result(flight.popleft())
        while flight:
            yield _result(flight.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _jobs = []


def _pool(processes: int) -> ProcessPoolExecutor:
    # An executor, not multiprocessing.Pool: a worker that dies (killed, or a crash in
    # a library) fails the build with a message instead of leaving it waiting forever.
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker)


def _lost() -> WorkerLost:
    return WorkerLost(
        f"a worker process stopped unexpectedly (out of memory, killed or crashed); "
        f"build in one process to see where: {WORKERS_ENV}=1"
    )


def _submit(pool: ProcessPoolExecutor, fn: Callable, *args):
    try:
        return pool.submit(fn, *args)
    except BrokenProcessPool:
        raise _lost() from None


def _result(future):
    try:
        return future.result()
    except BrokenProcessPool:
        raise _lost() from None


class WorkerLost(RuntimeError):
    pass


def _map(fn: Callable, inputs: list) -> list:
    return [fn(x) for x in inputs]


MIN_AHEAD = 16  # fewer inputs than this are worked out here, when needed


class Ahead:
    """`fn` over a list of inputs, started now in worker processes while this one
    goes on with something else; `get(x)` gives fn(x), waiting for the workers if
    they are not done, or working it out here if x was not in the list."""

    def __init__(self, fn: Callable, inputs: list, processes: int | None = None):
        self.fn = fn
        self._done: dict = {}
        self._pool = self._pending = None
        processes = workers() if processes is None else processes
        if processes > 1 and _worth_it(len(inputs), MIN_AHEAD) and can_fork():
            self._pool = _pool(processes)
            size = max(1, len(inputs) // (processes * 8))
            self._pending = [
                (inputs[i : i + size], _submit(self._pool, _map, fn, inputs[i : i + size]))
                for i in range(0, len(inputs), size)
            ]

    def get(self, x):
        if self._pending is not None:
            try:
                for inputs, future in self._pending:
                    self._done.update(zip(inputs, _result(future), strict=False))
            finally:
                self._pending = None
                self.close()
        return self._done[x] if x in self._done else self.fn(x)

    def close(self) -> None:
        """Stop the workers (if the build ends before it needs their results)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
