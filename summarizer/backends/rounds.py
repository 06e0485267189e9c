"""Gathers requests that arrive together from several threads into one decoding round.

A caller submits its job and blocks. If no round is running, it waits a short window for
others to join, then runs the round for everyone waiting (up to ``max_jobs``) and hands each
caller its own result; requests that arrive during a round are held until it ends. So the five
section requests of one article, sent at once, are decoded together, and several articles
summarized from several threads share rounds too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")


@dataclass
class _Waiting(Generic[J, R]):
    job: J
    done: threading.Event = field(default_factory=threading.Event)
    result: R | None = None
    error: BaseException | None = None


class Rounds(Generic[J, R]):
    """Runs ``run(jobs) -> results`` for batches of jobs submitted from many threads."""

    def __init__(self, run: Callable[[Sequence[J]], Sequence[R]], max_jobs: int, window_s: float = 0.2) -> None:
        self._run = run
        self.max_jobs = max_jobs
        self.window_s = window_s
        self._cond = threading.Condition()
        self._queue: list[_Waiting[J, R]] = []
        self._running = False

    def submit(self, job: J) -> R:
        """Block until ``job`` has been run in some round; its result, or its round's error, comes back."""
        mine = _Waiting(job)
        with self._cond:
            self._queue.append(mine)
            self._cond.notify_all()
        while not mine.done.is_set():
            with self._cond:
                if self._running or not self._queue:
                    self._cond.wait(timeout=0.5)
                    continue
                self._running = True
                # a short window lets requests sent at the same moment join this round
                self._cond.wait_for(lambda: len(self._queue) >= self.max_jobs, timeout=self.window_s)
                batch, self._queue = self._queue[: self.max_jobs], self._queue[self.max_jobs:]
            try:
                results = self._run([w.job for w in batch])
                for waiting, result in zip(batch, results, strict=True):
                    waiting.result = result
            except BaseException as exc:  # every caller in the round hears of the failure
                for waiting in batch:
                    waiting.error = exc
            finally:
                with self._cond:
                    self._running = False
                    for waiting in batch:
                        waiting.done.set()
                    self._cond.notify_all()
        if mine.error is not None:
            raise mine.error
        return mine.result  # type: ignore[return-value]
