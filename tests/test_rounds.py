"""Requests from several threads are gathered into shared rounds, and each caller gets its own result."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from summarizer.backends.rounds import Rounds


class Recorder:
    def __init__(self, fail_on: str | None = None) -> None:
        self.rounds: list[list[str]] = []
        self.fail_on = fail_on
        self.lock = threading.Lock()

    def __call__(self, jobs):
        with self.lock:
            self.rounds.append(list(jobs))
        if self.fail_on in jobs:
            raise RuntimeError(f"round with {self.fail_on} failed")
        return [job.upper() for job in jobs]


def test_requests_sent_together_share_one_round_and_get_their_own_answers():
    run = Recorder()
    rounds = Rounds(run, max_jobs=5, window_s=0.5)
    jobs = ["overview", "truce", "meeting", "casualties", "reactions"]
    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(rounds.submit, jobs))
    assert answers == [j.upper() for j in jobs]
    assert len(run.rounds) == 1 and sorted(run.rounds[0]) == sorted(jobs)


def test_a_round_never_takes_more_than_max_jobs_and_nothing_is_lost():
    run = Recorder()
    rounds = Rounds(run, max_jobs=3, window_s=0.05)
    jobs = [f"job{i}" for i in range(20)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(rounds.submit, jobs))
    assert answers == [j.upper() for j in jobs]
    assert all(len(r) <= 3 for r in run.rounds)
    assert sorted(j for r in run.rounds for j in r) == sorted(jobs)


def test_a_failed_round_fails_its_callers_and_not_the_next_round():
    run = Recorder(fail_on="bad")
    rounds = Rounds(run, max_jobs=2, window_s=0.2)
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(rounds.submit, "bad"), pool.submit(rounds.submit, "good")]
    for future in futures:
        with pytest.raises(RuntimeError, match="bad"):
            future.result()
    assert rounds.submit("later") == "LATER"
