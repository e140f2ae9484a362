"""Share work out among processes forked from this one.

The generator and the site build both hold large, read-only state (the linked
archive, MkDocs' files and navigation) and then do the same work for thousands
of pages. Forked children see that state without copying or pickling it; each
does its share and sends back a small result. The first share runs in this
process, so one job means no fork at all.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ShareFailed(RuntimeError):
    """A child process raised: its traceback, as text."""


class Counter:
    """0, 1, 2, … drawn by this process and the ones forked from it after it is made,
    each number once: a shared queue of work, for shares to balance themselves."""

    def __init__(self) -> None:
        self._value = multiprocessing.Value("q", 0)

    def __call__(self) -> int:
        with self._value.get_lock():
            number = self._value.value
            self._value.value = number + 1
        return number


def default_jobs() -> int:
    """One process per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_shares(work: Callable[[int], T], jobs: int) -> list[T]:
    """[work(0), work(1), …, work(jobs - 1)], each share but the first in a forked child."""
    # What the shares read was built before and outlives them: frozen, the collector stops
    # walking all of it at every full collection in every process (0.5 s a share at
    # 20,000 pages), and a child stops touching, so copying, every page of it.
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    try:
        return _run_shares(work, jobs)
    finally:
        if freezing:
            gc.unfreeze()


def _run_shares(work: Callable[[int], T], jobs: int) -> list[T]:
    children = []
    for share in range(1, jobs):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work, report, and leave without running the parent's cleanup
            os.close(read_end)
            status = 0
            try:
                try:
                    outcome: tuple[bool, object] = (True, work(share))
                except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
                    outcome = (False, traceback.format_exc())
                with os.fdopen(write_end, "wb") as out:
                    pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - the parent reports a child that ends without a result
                status = 2
            finally:
                os._exit(status)
        os.close(write_end)
        children.append((pid, read_end))
    try:
        results = [work(0)]
    finally:
        # Gather every child even when this share failed, so none is left behind.
        outcomes = []
        for pid, read_end in children:
            with os.fdopen(read_end, "rb") as incoming:
                data = incoming.read()
            _, status = os.waitpid(pid, 0)
            try:
                outcomes.append(pickle.loads(data))
            except (EOFError, pickle.UnpicklingError):
                outcomes.append((False, f"a worker process ended without a result (exit status {os.waitstatus_to_exitcode(status)})"))
    for succeeded, value in outcomes:
        if not succeeded:
            raise ShareFailed(str(value))
        results.append(value)
    return results
