"""Runs a batch: the main thread feeds a bounded queue, N workers summarize, one thread writes.

Memory stays flat: at most N articles wait in the queue and N are being summarized. An error about
an article (bad input, invalid model output, anything unexpected) becomes that article's ``error``
line and the batch goes on; an error about the setup (settings, an unreachable server after its
retries, a refused key) stops the batch, since every later article would fail the same way: the
articles in flight finish, the rest stay pending for a re-run.

Exit code (:attr:`BatchReport.exit_code`): 0 when every input id's latest line is ``ok``; 1 when
any is ``error`` (failed in this run, or earlier and not retried); the error's own code (3 settings,
4 server) when the setup stopped the batch; 130 on Ctrl-C.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..api import Summarizer
from ..errors import ArticleUnreadable, AuthenticationFailed, BackendUnavailable, ConfigError, SummarizerError
from .inputs import InputPlan, Item
from .journal import ErrorInfo, Journal, ResultLine, Timings, Usage
from .progress import Progress, duration

log = logging.getLogger("summarizer")
SETUP_ERRORS = (ConfigError, BackendUnavailable, AuthenticationFailed)
"""Errors that are not about one article: they stop the batch instead of becoming error lines."""


@dataclass
class BatchReport:
    total: int
    skipped_ok: int = 0
    skipped_failed: int = 0
    ok: int = 0
    failed: int = 0
    seconds: float = 0.0
    stopped_by: SummarizerError | None = None
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if self.stopped_by is not None:
            return self.stopped_by.exit_code
        return 1 if self.failed or self.skipped_failed else 0


def summarize_item(summarizer: Summarizer, item: Item) -> ResultLine:
    """One article's result line; raises only the setup errors."""
    started = time.perf_counter()
    brief, error = None, None
    try:
        brief = summarizer.summarize_loaded(item.article())
    except SETUP_ERRORS:
        raise
    except SummarizerError as exc:
        error = ErrorInfo(type=type(exc).__name__, message=exc.one_line())
    except Exception as exc:  # a bug must not stop the batch: record it and go on
        log.debug("%s: unexpected error", item.id, exc_info=True)
        error = ErrorInfo(type=type(exc).__name__, message=" ".join(str(exc).split()) or "no message")
    run = brief.run if brief is not None else None
    return ResultLine(
        id=item.id, status="ok" if error is None else "error", brief=brief, error=error,
        usage=Usage(prompt_tokens=run.prompt_tokens, completion_tokens=run.completion_tokens) if run else Usage(),
        timings=Timings(seconds=round(time.perf_counter() - started, 3)),
        source=item.source, published=item.published,
    )


def run_batch(plan: InputPlan, summarizer: Summarizer, journal: Journal, *, concurrency: int = 1,
              retry_failed: bool = False, quiet: bool = False, stream: TextIO | None = None,
              interval_s: float | None = None) -> BatchReport:
    """Summarize every input id not done yet into ``journal``; closes the journal."""
    stream = stream or sys.stderr
    status = journal.existing.status
    done = {i for i in plan.ids if status.get(i) == "ok"}
    failed_before = {i for i in plan.ids if status.get(i) == "error"}
    skip = done | (set() if retry_failed else failed_before)
    report = BatchReport(total=len(plan.ids), skipped_ok=len(done),
                         skipped_failed=0 if retry_failed else len(failed_before))
    _say_what_is_skipped(report, failed_before if retry_failed else set(), journal.path, stream)
    progress = Progress(len(plan.ids) - len(skip), stream, quiet=quiet, interval_s=interval_s)

    def written(line: ResultLine) -> None:
        if line.error is not None:
            progress.note(f"error: {line.id}: {line.error.message}")
        progress.update(line.status == "ok")

    journal.on_written = written
    todo: queue.Queue[Item | None] = queue.Queue(maxsize=concurrency)
    stop = threading.Event()

    def work() -> None:
        while (item := todo.get()) is not None:
            if stop.is_set():
                continue  # drained, not run: stays pending for the next run
            try:
                journal.write(summarize_item(summarizer, item))
            except SETUP_ERRORS as exc:
                report.stopped_by = report.stopped_by or exc
                stop.set()

    workers = [threading.Thread(target=work, name=f"batch-{n}", daemon=True) for n in range(concurrency)]
    for worker in workers:
        worker.start()
    try:
        try:
            for item in plan.items(skip):
                if stop.is_set() or journal.error is not None:
                    break
                todo.put(item)
        except OSError as exc:  # an input file vanished or became unreadable since the plan was made
            report.stopped_by = ArticleUnreadable(f"cannot read the inputs: {exc.strerror or exc}", "check the paths")
            stop.set()
        for _ in workers:
            todo.put(None)
        for worker in workers:
            worker.join()
    except KeyboardInterrupt:  # the articles in flight are dropped; every line written is whole
        stop.set()
        report.interrupted = True
    finally:
        journal.close()
        progress.finish()
    if journal.error is not None and report.stopped_by is None:
        report.stopped_by = SummarizerError(f"cannot write {journal.path}: {journal.error.strerror or journal.error}",
                                            "free some space, then re-run the same command to resume")
    report.ok, report.failed, report.seconds = progress.ok, progress.failed, progress.elapsed()
    print(_summary(report, journal.path), file=stream, flush=True)
    return report


def _say_what_is_skipped(report: BatchReport, retried: set[str], out: Path, stream: TextIO) -> None:
    parts = []
    if report.skipped_ok:
        parts.append(f"{report.skipped_ok} done before, skipped")
    if report.skipped_failed:
        parts.append(f"{report.skipped_failed} failed before, skipped (--retry-failed retries them)")
    if retried:
        parts.append(f"{len(retried)} failed before, retried")
    if parts:
        print(f"summarize: {out}: of {report.total} ids, " + "; ".join(parts), file=stream, flush=True)


def _summary(report: BatchReport, out: Path) -> str:
    ran = report.ok + report.failed
    rate = f", {ran / report.seconds * 60:.1f}/min" if ran and report.seconds > 0 else ""
    text = (f"summarize: {report.ok} ok, {report.failed} failed of {ran} run in {duration(report.seconds)}{rate}"
            f" ({report.skipped_ok + report.skipped_failed} skipped, {report.total} ids); results in {out}"
            " (the last line per id counts)")
    if report.interrupted:
        return text + "\nsummarize: interrupted: re-run the same command to resume"
    if report.stopped_by is not None:
        return (text + f"\nsummarize: error: {report.stopped_by.one_line()}"
                "; stopped: re-run the same command to resume")
    return text
