"""Batch mode: inputs and ids, one whole line per article, resuming, repair, concurrency, Retry-After."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx2
import openai
import pytest
from tenacity import RetryCallState

from summarizer import Summarizer
from summarizer.backends.fake import FakeBackend
from summarizer.backends.openai_compat import retry_after_s, wait_retry_after
from summarizer.backends.stub_server import StubServer
from summarizer.batch import Journal, latest, plan_inputs, run_batch
from summarizer.batch.command import resolve_concurrency
from summarizer.batch.progress import Progress
from summarizer.cli import main
from summarizer.config import Settings
from summarizer.errors import ConfigError, InputError
from summarizer.schema import Brief

from .conftest import ROOT, assert_grounded


def article(n: int) -> str:
    return (f"Rebels said {n + 2} soldiers were killed near the town of Orlen on Monday. "
            f"The ministry of Kessia condemned the attack in statement {n}.\n")


def lines(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.endswith(b"\n"), "the file ends in a whole line"
    return [json.loads(line) for line in raw.splitlines()]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def inputs(tmp_path) -> dict:
    """A directory of two articles (plus files the directory rule skips), one file, a JSONL of two records."""
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "b.txt").write_text(article(1), encoding="utf-8")
    (folder / "a.txt").write_text(article(0), encoding="utf-8")
    (folder / ".hidden.txt").write_text(article(9), encoding="utf-8")
    (folder / "notes.md").write_text(article(8), encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "c.txt").write_text(article(7), encoding="utf-8")
    single = tmp_path / "single.txt"
    single.write_text(article(2), encoding="utf-8")
    records = tmp_path / "items.jsonl"
    records.write_text(
        json.dumps({"id": "r1", "text": article(3), "source": "Agence X", "published": "2024-02-05"}) + "\n"
        + json.dumps({"id": "r2", "text": article(4)}) + "\n", encoding="utf-8")
    return {"dir": folder, "single": single, "jsonl": records, "out": tmp_path / "results.jsonl",
            "ids": {f"{folder}/a.txt", f"{folder}/b.txt", str(single), "r1", "r2"}}


def test_files_dir_and_jsonl_give_one_valid_line_per_id(capsys, inputs):
    code, out, err = run(capsys, inputs["single"], inputs["dir"], inputs["jsonl"], "--backend", "fake",
                         "--out", inputs["out"], "-q")
    assert code == 0, err
    assert out == ""
    got = lines(inputs["out"])
    assert sorted(r["id"] for r in got) == sorted(inputs["ids"])
    for record in got:
        assert record["status"] == "ok" and record["error"] is None
        assert set(record) >= {"id", "status", "brief", "error", "usage", "timings"}
        assert set(record["usage"]) == {"prompt_tokens", "completion_tokens"} and record["usage"]["prompt_tokens"] > 0
        brief = Brief.model_validate(record["brief"])
        assert 0 < brief.run.latency_s <= record["timings"]["seconds"] < 60  # the timing covers the summarizing
        text = (Path(record["id"]).read_text(encoding="utf-8") if record["id"].endswith(".txt")
                else article(int(record["id"][1:]) + 2))
        assert_grounded(brief, text)
    by_id = {r["id"]: r for r in got}
    assert by_id["r1"]["source"] == "Agence X" and by_id["r1"]["published"] == "2024-02-05"
    assert "source" not in by_id["r2"] and "source" not in by_id[str(inputs["single"])]
    assert "done, 0 failed" not in err and "5 ok, 0 failed" in err  # -q: no progress, the summary stays


def test_directory_order_is_sorted_and_non_recursive(inputs):
    plan = plan_inputs([str(inputs["dir"])])
    assert plan.ids == [f"{inputs['dir']}/a.txt", f"{inputs['dir']}/b.txt"]


def test_resume_skips_done_ids(capsys, inputs):
    base = ["--backend", "fake", "--out", inputs["out"], "-q"]
    assert run(capsys, inputs["dir"], *base)[0] == 0
    assert len(lines(inputs["out"])) == 2
    (inputs["dir"] / "c.txt").write_text(article(5), encoding="utf-8")
    code, _, err = run(capsys, inputs["dir"], inputs["jsonl"], *base)
    assert code == 0
    assert "2 done before, skipped" in err
    got = [r["id"] for r in lines(inputs["out"])]
    assert len(got) == len(set(got)) == 5
    code, _, err = run(capsys, inputs["dir"], inputs["jsonl"], *base)
    assert code == 0 and "5 done before, skipped" in err and "0 ok, 0 failed of 0 run" in err
    assert len(lines(inputs["out"])) == 5


def test_failed_ids_are_retried_only_when_asked(capsys, tmp_path):
    records = tmp_path / "items.jsonl"
    records.write_text(json.dumps({"id": "good", "text": article(0)}) + "\n"
                       + json.dumps({"id": "empty", "text": "   "}) + "\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    code, _, err = run(capsys, records, "--backend", "fake", "--out", out, "-q")
    assert code == 1
    assert "error: empty:" in err and "1 ok, 1 failed" in err
    code, _, err = run(capsys, records, "--backend", "fake", "--out", out, "-q")
    assert code == 1, "an id whose last line is an error still fails the run"
    assert "1 failed before, skipped (--retry-failed retries them)" in err
    assert len(lines(out)) == 2
    records.write_text(json.dumps({"id": "good", "text": article(0)}) + "\n"
                       + json.dumps({"id": "empty", "text": article(1)}) + "\n", encoding="utf-8")
    code, _, err = run(capsys, records, "--backend", "fake", "--out", out, "-q", "--retry-failed")
    assert code == 0, err
    assert "1 failed before, retried" in err
    got = lines(out)
    assert [r["id"] for r in got] == ["good", "empty", "empty"]
    assert [r["status"] for r in got] == ["ok", "error", "ok"]
    assert latest(out)["empty"]["status"] == "ok"


@pytest.mark.parametrize("tail", [b'{"id": "x", "status": "o', b"garbage that is not json\n"])
def test_half_written_last_line_is_cut_away(capsys, inputs, tail):
    base = [inputs["dir"], "--backend", "fake", "--out", inputs["out"], "-q"]
    assert run(capsys, *base)[0] == 0
    whole = inputs["out"].read_bytes()
    with open(inputs["out"], "ab") as fh:
        fh.write(tail)
    code, _, err = run(capsys, *base)
    assert code == 0
    assert f"cut away a half-written last line ({len(tail)} bytes)" in err
    assert inputs["out"].read_bytes() == whole  # nothing else was touched, nothing re-run
    assert "2 done before, skipped" in err


def test_bad_jsonl_lines_become_error_lines_with_their_line_number(capsys, tmp_path):
    records = tmp_path / "items.jsonl"
    records.write_text("\n".join([
        json.dumps({"id": "ok1", "text": article(0)}),
        "{not json",
        json.dumps({"id": 7, "text": article(1)}),
        json.dumps({"id": "no-text"}),
        "",
        json.dumps({"id": "extra", "text": article(2), "title": "t"}),
        json.dumps(["a", "list"]),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    code, _, err = run(capsys, records, "--backend", "fake", "--out", out, "-q")
    assert code == 1
    got = {r["id"]: r for r in lines(out)}
    assert got["ok1"]["status"] == "ok"
    expected = {f"{records}:2": "line 2", f"{records}:3": "line 3", "no-text": "line 4", "extra": "line 6",
                f"{records}:7": "line 7"}
    assert set(got) == {"ok1", *expected}
    for item_id, where in expected.items():
        assert got[item_id]["status"] == "error" and got[item_id]["brief"] is None
        assert got[item_id]["error"]["type"] == "BadRecord"
        assert got[item_id]["error"]["message"].startswith(f"{where} of {records}")
    assert "text" in got["no-text"]["error"]["message"] and "title" in got["extra"]["error"]["message"]


def test_duplicate_ids_and_missing_paths_fail_before_anything_runs(capsys, tmp_path, inputs):
    dup = tmp_path / "dup.jsonl"
    dup.write_text(json.dumps({"id": "r1", "text": article(0)}) + "\n", encoding="utf-8")
    code, _, err = run(capsys, inputs["jsonl"], dup, "--backend", "fake", "--out", inputs["out"])
    assert code == 2 and "duplicate id 'r1'" in err and "line 1 of" in err
    code, _, err = run(capsys, inputs["single"], inputs["single"], "--backend", "fake", "--out", inputs["out"])
    assert code == 2 and "duplicate id" in err
    code, _, err = run(capsys, tmp_path / "nope.txt", "--backend", "fake", "--out", inputs["out"])
    assert code == 2 and "no such file" in err
    assert not inputs["out"].exists() or inputs["out"].read_bytes() == b""


def test_batch_flags_need_a_jsonl_out(capsys, inputs):
    code, _, err = run(capsys, inputs["single"], "--backend", "fake", "--retry-failed")
    assert code == 3 and "--out RESULTS.jsonl" in err


def test_concurrency_runs_articles_at_once_and_stays_bounded(tmp_path):
    records = tmp_path / "items.jsonl"
    records.write_text("".join(json.dumps({"id": f"a{n}", "text": article(n)}) + "\n" for n in range(12)))
    summarizer = Summarizer(Settings(backend="fake", cache=False), backend=FakeBackend(delay_s=0.04))
    inflight, peak, lock = 0, 0, threading.Lock()
    summarize = summarizer.summarize

    def counting(text, progress=None):
        nonlocal inflight, peak
        with lock:
            inflight += 1
            peak = max(peak, inflight)
        try:
            return summarize(text)
        finally:
            with lock:
                inflight -= 1

    summarizer.summarize = counting
    started = time.perf_counter()
    report = run_batch(plan_inputs([str(records)]), summarizer, Journal(tmp_path / "r.jsonl"), concurrency=4,
                       quiet=True, stream=io.StringIO())
    elapsed = time.perf_counter() - started
    assert report.ok == 12 and report.exit_code == 0
    assert peak == 4
    assert elapsed < 12 * 5 * 0.04 * 0.6, "4 at a time must beat one at a time (2.4 s)"
    assert sorted(r["id"] for r in lines(tmp_path / "r.jsonl")) == sorted(f"a{n}" for n in range(12))


def test_concurrency_flag_beats_env_beats_default(monkeypatch):
    assert resolve_concurrency(None) == 1
    monkeypatch.setenv("SUMMARIZER_CONCURRENCY", "3")
    assert resolve_concurrency(None) == 3
    assert resolve_concurrency(5) == 5
    monkeypatch.setenv("SUMMARIZER_CONCURRENCY", "many")
    with pytest.raises(ConfigError):
        resolve_concurrency(None)
    with pytest.raises(ConfigError):
        resolve_concurrency(0)


def test_local_backend_runs_one_article_at_a_time(capsys, monkeypatch, inputs):
    import summarizer.batch.command as command
    from summarizer.batch.runner import BatchReport

    seen = {}

    def fake_run(plan, summarizer, journal, **kw):
        seen.update(kw)
        journal.close()
        return BatchReport(total=len(plan.ids))

    monkeypatch.setattr(command, "Summarizer", lambda settings: Summarizer(settings, backend=FakeBackend()))
    monkeypatch.setattr(command, "run_batch", fake_run)
    code, _, err = run(capsys, inputs["dir"], "--backend", "local", "--concurrency", "3", "--out", inputs["out"])
    assert code == 0 and seen["concurrency"] == 1
    assert "the local backend decodes one article at a time; running 1, not 3" in err


def test_a_setup_error_stops_the_batch_and_leaves_the_articles_pending(capsys, monkeypatch, inputs):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("SUMMARIZER_TRANSPORT_RETRIES", "0")
    code, _, err = run(capsys, inputs["dir"], inputs["jsonl"], "--backend", "openai", "--model", "m", "--base-url",
                       f"http://127.0.0.1:{port}/v1", "--out", inputs["out"], "-q")
    assert code == 4
    assert "no answer from" in err and "re-run the same command to resume" in err
    assert inputs["out"].read_bytes() == b""


def test_one_run_at_a_time_per_results_file(tmp_path):
    first = Journal(tmp_path / "r.jsonl")
    try:
        with pytest.raises(ConfigError, match="another run"):
            Journal(tmp_path / "r.jsonl")
    finally:
        first.close()
    Journal(tmp_path / "r.jsonl").close()


def test_progress_redraws_on_a_terminal_and_prints_lines_otherwise():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    progress = Progress(3, tty, interval_s=0)
    progress.update(True)
    progress.note("error: x: bad")
    progress.update(False)
    progress.finish()
    text = tty.getvalue()
    assert text.count("\r\x1b[K") >= 3 and "summarize: error: x: bad\n" in text
    assert "2/3 done, 1 failed" in text and "/min, ETA" in text
    plain = io.StringIO()
    progress = Progress(3, plain, interval_s=3600)
    for ok in (True, True, False):
        progress.update(ok)
    assert plain.getvalue().splitlines() == [plain.getvalue().splitlines()[-1]]  # throttled: only the last
    assert "3/3 done, 1 failed" in plain.getvalue() and "\r" not in plain.getvalue()
    quiet = io.StringIO()
    Progress(1, quiet, quiet=True, interval_s=0).update(True)
    assert quiet.getvalue() == ""


# -- Retry-After ----------------------------------------------------------------------------------
def _status_error(status: int, headers: dict[str, str]) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(status, headers=headers, request=request, json={"error": {"message": "busy"}})
    cls = {429: openai.RateLimitError, 500: openai.InternalServerError}.get(status, openai.APIStatusError)
    return cls("busy", response=response, body=None)


def _state(exc: BaseException) -> RetryCallState:
    state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})
    state.set_exception((type(exc), exc, None))
    return state


def test_retry_after_seconds_and_http_dates_are_read_and_capped():
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    assert retry_after_s(_status_error(429, {"Retry-After": "7"})) == 7.0
    assert retry_after_s(_status_error(503, {"retry-after": " 2.5 "})) == 2.5
    assert retry_after_s(_status_error(429, {"Retry-After": "3600"})) == 60.0
    assert retry_after_s(_status_error(429, {"Retry-After": "-4"})) == 0.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 27 <= retry_after_s(_status_error(503, {"Retry-After": later})) <= 30
    earlier = format_datetime(datetime.now(UTC) - timedelta(seconds=30), usegmt=True)
    assert retry_after_s(_status_error(429, {"Retry-After": earlier})) == 0.0
    assert retry_after_s(_status_error(429, {"Retry-After": "soon"})) is None
    assert retry_after_s(_status_error(429, {})) is None
    assert retry_after_s(_status_error(500, {"Retry-After": "5"})) is None, "only 429 and 503 ask to wait"
    assert retry_after_s(openai.APIConnectionError(request=httpx2.Request("GET", "http://x"))) is None


def test_the_wait_uses_retry_after_else_the_fallback():
    wait = wait_retry_after(lambda state: 0.125, cap_s=60)
    assert wait(_state(_status_error(429, {"Retry-After": "3"}))) == 3.0
    assert wait(_state(_status_error(429, {}))) == 0.125
    assert wait(_state(_status_error(500, {"Retry-After": "3"}))) == 0.125


def test_openai_backend_honours_retry_after_from_the_stub_server(tmp_path):
    records = tmp_path / "items.jsonl"
    records.write_text("".join(json.dumps({"id": f"a{n}", "text": article(n)}) + "\n" for n in range(3)))
    with StubServer(latency_s=0.01, fail_first=2, retry_after="2") as stub:
        summarizer = Summarizer(Settings(backend="openai", base_url=stub.url, model="stub", cache=False))
        started = time.perf_counter()
        report = run_batch(plan_inputs([str(records)]), summarizer, Journal(tmp_path / "r.jsonl"), concurrency=3,
                           quiet=True, stream=io.StringIO())
        elapsed = time.perf_counter() - started
    assert report.ok == 3 and report.failed == 0
    assert stub.refused == 2 and stub.answered == 15
    assert elapsed >= 2.0, "the first retry waited what Retry-After asked (back-off alone waits at most 1.5 s)"
    assert elapsed < 10


# -- killed at any moment -------------------------------------------------------------------------
def test_a_run_killed_with_sigkill_resumes_without_losing_or_repeating_an_id(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    ids = []
    for n in range(30):
        path = folder / f"a{n:02d}.txt"
        path.write_text(article(n), encoding="utf-8")
        ids.append(str(path))
    out = tmp_path / "results.jsonl"
    with StubServer(latency_s=0.1) as stub:
        argv = [sys.executable, "-m", "summarizer", str(folder), "--out", str(out), "--backend", "openai",
                "--base-url", stub.url, "--model", "stub", "--no-cache", "--concurrency", "3"]
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 5:
                break
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, "the run had finished before the kill: nothing was tested"
        before = out.read_bytes()
        done_before = before.count(b"\n")
        assert 5 <= done_before < 30
        assert before.endswith(b"\n") and all(json.loads(line)["status"] == "ok" for line in before.splitlines())
        again = subprocess.run(argv + ["-q"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"{done_before} done before, skipped" in again.stderr
    assert out.read_bytes().startswith(before), "the first run's lines are kept as they were"
    got = lines(out)
    assert sorted(r["id"] for r in got) == sorted(ids), "every id exactly once"
    assert all(r["status"] == "ok" and Brief.model_validate(r["brief"]) for r in got)


def test_plan_refuses_stdin():
    with pytest.raises(InputError, match="stdin"):
        plan_inputs(["-"])


def test_an_unreadable_line_inside_the_file_is_ignored_and_named(capsys, inputs):
    base = [inputs["dir"], "--backend", "fake", "--out", inputs["out"], "-q"]
    assert run(capsys, *base)[0] == 0
    whole = inputs["out"].read_bytes()
    inputs["out"].write_bytes(b"not a record\n" + whole)
    code, _, err = run(capsys, *base)
    assert code == 0 and "ignored 1 unreadable line(s)" in err and "2 done before, skipped" in err
    assert inputs["out"].read_bytes() == b"not a record\n" + whole


def test_a_directory_gives_its_saved_web_pages_too_read_through_their_main_text(capsys, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil_page = ROOT / "tests" / "data" / "pages" / "harbour_truce.html"
    (folder / "harbour.html").write_bytes(shutil_page.read_bytes())
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    code, _, err = run(capsys, str(folder), "--backend", "fake", "--candidates", "rules", "--out", str(out), "-q")
    assert code == 0, err
    (record,) = lines(out)
    brief = Brief.model_validate(record["brief"])
    assert record["id"] == f"{folder}/harbour.html" and brief.article_text is not None
    assert "cookies" not in brief.article_text
    assert all(brief.article_text[s.start:s.end] == s.text for i in brief.items() for s in i.evidence)
