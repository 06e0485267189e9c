"""Admission: at most ``max_in_flight`` jobs run in worker threads, at most ``max_queue`` wait, the rest get 429.

A job's slot is held until its thread returns, even when its request has already timed out (504):
a thread cannot be cancelled, and releasing the slot early would let more jobs run at once than
``max_in_flight`` allows. Waiting requests are served first come, first served; the request
timeout covers the wait in the queue and the work.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from .errors import Busy, TimedOut

T = TypeVar("T")


class Admission:
    """Runs blocking jobs from asyncio code under the in-flight and queue limits. Use from one event loop."""

    def __init__(self, max_in_flight: int, max_queue: int) -> None:
        self.max_in_flight = max_in_flight
        self.max_queue = max_queue
        self._executor = ThreadPoolExecutor(max_workers=max_in_flight, thread_name_prefix="brief")
        self._running = 0  # slots held: jobs whose thread has not returned, timed-out ones included
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._mean_s: float | None = None  # moving mean of job durations, for Retry-After

    @property
    def in_flight(self) -> int:
        return self._running

    @property
    def queued(self) -> int:
        return sum(1 for w in self._waiters if not w.done())

    def retry_after_s(self) -> int:
        """Seconds until a slot is likely to free up (at least 1)."""
        if self._mean_s is None:
            return 1
        return max(1, math.ceil(self._mean_s / self.max_in_flight))

    async def run(self, job: Callable[[], T], timeout_s: float) -> T:
        """``job()`` in a worker thread; Busy when in flight and queue are full, TimedOut past ``timeout_s``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        await self._acquire(deadline, timeout_s)
        started = time.perf_counter()
        try:
            future = loop.run_in_executor(self._executor, job)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(lambda f: self._finished(f, time.perf_counter() - started))
        limit = asyncio.timeout_at(deadline)
        try:
            async with limit:
                return await asyncio.shield(future)  # a timeout abandons the wait, not the job
        except TimeoutError:
            if limit.expired():
                raise TimedOut(f"no brief within {timeout_s:g} s; the article is still being summarized and "
                               "holds its slot until done (retry later, or raise --request-timeout)") from None
            raise

    async def _acquire(self, deadline: float, timeout_s: float) -> None:
        if self._running < self.max_in_flight and not self.queued:
            self._running += 1
            return
        if self.queued >= self.max_queue:
            raise Busy(f"{self._running} article(s) in progress and {self.queued} waiting; try again later",
                       headers={"Retry-After": str(self.retry_after_s())})
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        limit = asyncio.timeout_at(deadline)
        try:
            async with limit:
                await waiter
        except BaseException as exc:
            if waiter.done() and not waiter.cancelled():
                self._release()  # a slot was handed over just as this request gave up: pass it on
            else:
                waiter.cancel()
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
            if isinstance(exc, TimeoutError) and limit.expired():
                raise TimedOut(f"waited {timeout_s:g} s in the queue without a free slot "
                               "(retry later, or raise --request-timeout)") from None
            raise

    def _release(self) -> None:
        """Hand the slot to the first live waiter, or free it."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._running -= 1

    def _finished(self, future: asyncio.Future[T], took_s: float) -> None:
        if not future.cancelled():
            future.exception()  # retrieved here, so a timed-out job's error is not reported as never retrieved
        self._mean_s = took_s if self._mean_s is None else 0.8 * self._mean_s + 0.2 * took_s
        self._release()

    def close(self) -> None:
        """Stop taking jobs; running ones finish in their threads."""
        self._executor.shutdown(wait=False, cancel_futures=True)
