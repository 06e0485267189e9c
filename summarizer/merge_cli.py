"""``summarize merge PATH [PATH ...]``: brief every article (from the cache where it can), then merge the briefs
into one event brief (``summarizer.merge``)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .api import Summarizer
from .errors import SummarizerError
from .flags import add_model_flags, settings_from
from .merge import markdown, merge


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="summarize merge",
        description="Merge the briefs of several articles about one event: what the sources agree on, what only "
                    "one states, and where they (or one of them) contradict each other, each with its evidence.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files, saved web pages or http(s) URLs")
    p.add_argument("--format", choices=("json", "markdown"), default="json")
    add_model_flags(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    return p


def merge_main(argv: list[str]) -> int:
    """Brief each article, merge, print the event brief; one line and a non-zero exit on bad input."""
    from .cli import _read_all

    args = build_parser().parse_args(argv)
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    if len(args.paths) < 2:
        print("summarize: error: merge needs at least two articles", file=sys.stderr)
        return 2
    try:
        articles = _read_all(args.paths)
        summarizer = Summarizer(settings_from(args))
        briefs = []
        for name, loaded in articles:
            if not args.quiet:
                print(f"summarize: {name}: briefing", file=sys.stderr, flush=True)
            briefs.append((Path(name).name, summarizer.summarize_loaded(loaded)))
    except SummarizerError as exc:
        print(f"summarize: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    event = merge(briefs)
    sys.stdout.write(markdown(event) if args.format == "markdown" else event.model_dump_json(indent=2) + "\n")
    return 0
