"""The ``summarize`` command: parse arguments, run the pipeline, print; errors become one line and an exit code."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from .api import Summarizer
from .article import decode_article
from .errors import InputError, SummarizerError
from .flags import add_model_flags, settings_from
from .html import html_page
from .render import FORMATS, SUFFIXES, render
from .schema import Brief
from .webpage import Loaded, is_html, load, page_text

log = logging.getLogger("summarizer")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="summarize",
        description="Evidence-grounded brief of news articles about armed conflict. "
        "Prints JSON (one object; one line per article when given several) unless --out is used. "
        "'summarize serve --help': the same briefs over HTTP; 'summarize merge --help': one event brief from "
        "several articles.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="article file(s) in UTF-8, saved web pages (.html), http(s) URLs; '-' reads stdin")
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("--out", type=Path,
                   help="a directory: one file per article; a FILE.jsonl: batch mode, one JSON line per article, "
                   "resumable (a re-run skips the ids already done)")
    p.add_argument("--concurrency", type=int, metavar="N",
                   help="batch mode: articles summarized at once (default $SUMMARIZER_CONCURRENCY or 1; "
                   "the local backend runs 1)")
    p.add_argument("--retry-failed", action="store_true", help="batch mode: also re-run the ids that failed before")
    p.add_argument("--fsync", action="store_true",
                   help="batch mode: fsync after every line (default: once at the end)")
    add_model_flags(p)
    p.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    return p


def _read_all(paths: list[str]) -> list[tuple[str, Loaded]]:
    """Read and check every input (files, saved web pages, URLs, '-') before any model call, so bad input fails
    fast."""
    out = []
    for path in paths:
        if path == "-":
            data = sys.stdin.buffer.read()
            out.append(("stdin", Loaded(page_text(data, "stdin"), from_page=True) if is_html(data)
                        else Loaded(decode_article(data, "stdin"))))
        else:
            out.append((path, load(path)))
    return out


def output_names(names: list[str]) -> list[str]:
    """The file name (without suffix) each input's brief is written under in ``--out DIR``: its stem where no
    other input shares it, else its path from the inputs' common folder ("a/x.txt" and "b/x.txt" -> "a__x",
    "b__x"), then with its extension ("x.txt" and "x.md" -> "x.txt", "x.md"). The same file given twice keeps
    one name; two files that still share a name are refused before any model call."""
    common = Path(os.path.commonpath([Path(n).resolve().parent for n in names])) if names else Path()

    def stem(name: str) -> str:
        return Path(name).stem

    def whole(name: str) -> str:
        return "__".join(Path(name).resolve().relative_to(common).parts)

    def folders(name: str) -> str:
        return whole(str(Path(name).with_suffix("")))

    chosen = []
    for name in names:
        for rule in (stem, folders, whole):
            if sum(rule(other) == rule(name) for other in names if _other_file(other, name)) == 0:
                chosen.append(rule(name))
                break
        else:
            raise InputError(f"{name} and another input would both be written to {stem(name)}: "
                             "pass them in separate runs or to separate --out folders")
    return chosen


def _other_file(a: str, b: str) -> bool:
    """``a`` and ``b`` name different inputs (not one file given twice)."""
    if a == b:
        return False
    try:
        return not Path(a).samefile(b)
    except OSError:
        return True


def _write_atomic(target: Path, text: str) -> None:
    """Write ``target`` whole or not at all, with the permissions a plain write would give it (mkstemp's own are
    owner-only, which would keep an analyst's colleagues from reading the briefs)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, target)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["serve"]:  # a file named "serve" is still read as ./serve
        from .service.cli import serve_main

        return serve_main(argv[1:])
    if argv[:1] == ["merge"]:  # likewise ./merge
        from .merge_cli import merge_main

        return merge_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="summarize: %(message)s")
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    batch = args.out is not None and args.out.suffix == ".jsonl"
    if not batch and (args.concurrency is not None or args.retry_failed or args.fsync):
        print("summarize: error: --concurrency, --retry-failed and --fsync need batch mode "
              "(pass --out RESULTS.jsonl)", file=sys.stderr)
        return 3
    try:
        settings = settings_from(args)
        if batch:
            from .batch.command import batch_command

            return batch_command(args, settings)
        articles = _read_all(args.paths)
        targets = output_names([name for name, _ in articles]) if args.out else [Path(n).stem for n, _ in articles]
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
        summarizer = Summarizer(settings)
    except SummarizerError as exc:
        print(f"summarize: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        print(f"summarize: error: cannot create {args.out}: {exc.strerror} (choose another --out)", file=sys.stderr)
        return 2
    failures = 0
    exit_code = 0
    one_page: list[tuple[str, str, Brief]] = []  # --format html, several articles, no --out: one page at the end
    for (name, loaded), target_name in zip(articles, targets):
        text = loaded.text
        def progress(step: str, name: str = name) -> None:
            if not args.quiet:
                print(f"summarize: {name}: {step}", file=sys.stderr, flush=True)
        try:
            brief = summarizer.summarize_loaded(loaded, progress=progress)
        except SummarizerError as exc:
            failures += 1
            exit_code = exit_code or exc.exit_code
            print(f"summarize: error: {name}: {exc.one_line()}", file=sys.stderr)
            continue
        if args.format == "html" and not args.out and len(articles) > 1:
            one_page.append((Path(name).stem, text, brief))
        elif args.out:
            output = render(brief, args.format, Path(name).stem, article=text)
            target = args.out / f"{target_name}{SUFFIXES[args.format]}"
            _write_atomic(target, output + ("\n" if not output.endswith("\n") else ""))
            if not args.quiet:
                print(f"summarize: {name}: wrote {target}", file=sys.stderr)
        elif len(articles) > 1 and args.format == "json":
            print(brief.model_dump_json(), flush=True)
        else:
            output = render(brief, args.format, Path(name).stem, article=text)
            sys.stdout.write(output if output.endswith("\n") else output + "\n")
            sys.stdout.flush()
        if brief.run and brief.run.failed_sections:
            print(f"summarize: warning: {name}: the model's answer stayed invalid for "
                  f"{', '.join(brief.run.failed_sections)}; the brief leaves these sections out", file=sys.stderr)
        if not args.quiet and brief.run:
            r = brief.run
            print(f"summarize: {name}: done in {r.latency_s:.1f} s, {r.prompt_tokens}+{r.completion_tokens} tokens, "
                  f"{r.attempts} attempts, {len(brief.dropped)} dropped", file=sys.stderr)
    if one_page:
        sys.stdout.write(html_page(one_page))
        sys.stdout.flush()
    if failures and len(articles) > 1:
        print(f"summarize: {failures} of {len(articles)} articles failed", file=sys.stderr)
    return exit_code


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
