"""The answer cache: records come back as stored, and writers of the same key never collide."""

from __future__ import annotations

import threading

from summarizer.cache import AnswerCache, cache_key


def test_a_record_comes_back_as_stored_and_a_missing_key_is_none(tmp_path):
    cache = AnswerCache(tmp_path)
    cache.put("ab12", {"answer": {"summary": "Truce agreed."}, "prompt_tokens": 7})
    assert cache.get("ab12") == {"answer": {"summary": "Truce agreed."}, "prompt_tokens": 7, "key": "ab12"}
    assert cache.get("cd34") is None


def test_threads_storing_the_same_key_at_once_all_succeed_and_leave_one_whole_record(tmp_path):
    cache = AnswerCache(tmp_path)
    key = cache_key({"article": "the same article posted twice"})
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def store(n: int) -> None:
        start.wait()
        for i in range(40):
            try:
                cache.put(key, {"answer": {"writer": n, "round": i, "padding": "x" * 20_000}})
            except BaseException as exc:  # noqa: BLE001 - any failure of a writer is the bug
                errors.append(exc)

    threads = [threading.Thread(target=store, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    record = cache.get(key)
    assert record is not None and record["answer"]["round"] == 39 and len(record["answer"]["padding"]) == 20_000
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{key}.json"]  # no temporary file left
