"""``summarize PATH... --out RESULTS.jsonl``: settings, checks, then :func:`~summarizer.batch.runner.run_batch`."""

from __future__ import annotations

import argparse
import os
import sys

from ..api import Summarizer
from ..config import Settings
from ..errors import ConfigError, SummarizerError
from .inputs import plan_inputs
from .journal import Journal
from .runner import run_batch

MAX_CONCURRENCY = 64


def resolve_concurrency(flag: int | None) -> int:
    """``--concurrency``, else ``$SUMMARIZER_CONCURRENCY``, else 1."""
    raw = flag if flag is not None else (os.environ.get("SUMMARIZER_CONCURRENCY") or 1)
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_CONCURRENCY:
        raise ConfigError(f"bad setting concurrency: {raw!r}",
                          f"give a whole number from 1 to {MAX_CONCURRENCY} (--concurrency or SUMMARIZER_CONCURRENCY)")
    return value


def batch_command(args: argparse.Namespace, settings: Settings) -> int:
    """``summarize PATH... --out RESULTS.jsonl``: checks inputs and output before loading the model."""
    journal = None
    try:
        if args.format != "json":
            raise ConfigError("batch results are JSON lines", "drop --format, or give --out a directory")
        concurrency = resolve_concurrency(args.concurrency)
        plan = plan_inputs(args.paths)
        if settings.backend == "local" and concurrency > 1:
            print(f"summarize: note: the local backend decodes one article at a time; running 1, not {concurrency}"
                  " (a server with parallel slots takes more: --backend openai)", file=sys.stderr)
            concurrency = 1
        args.out.parent.mkdir(parents=True, exist_ok=True)
        journal = Journal(args.out, fsync_each=args.fsync)
        existing = journal.existing
        if existing.repaired_bytes:
            print(f"summarize: {args.out}: cut away a half-written last line ({existing.repaired_bytes} bytes)"
                  " left by an interrupted run", file=sys.stderr)
        if existing.unreadable:
            print(f"summarize: warning: {args.out}: ignored {existing.unreadable} unreadable line(s)", file=sys.stderr)
        summarizer = Summarizer(settings)
        summarizer.pipeline  # noqa: B018 - create the backend now: a setup error stops here, not once per article
    except SummarizerError as exc:
        if journal is not None:
            journal.close()
        print(f"summarize: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        if journal is not None:
            journal.close()
        print(f"summarize: error: cannot write {args.out}: {exc.strerror or exc} (choose another --out)",
              file=sys.stderr)
        return 2
    report = run_batch(plan, summarizer, journal, concurrency=concurrency, retry_failed=args.retry_failed,
                       quiet=args.quiet)
    return report.exit_code
