"""Real reports: cases whose article text is never committed, only its address, hash and gold facts.

    evals/real/<id>/case.json   url, the search query and rank that find the text, sha256 and length of the
                                exact text used, its first words, purpose, region, year, kinds, notes
    evals/real/<id>/gold.json   the gold brief (``evals/GOLD.md``); evidence spans are offsets only
                                ({"start": 120, "end": 245}), their text is read from the article at load
    evals/real/texts/<id>.txt   the text itself, kept out of git (re-fetched by its recorded query)

    python -m evals.real_reports save ID --query Q --rank N < RESULT.json   # one search result, its excerpt exactly
    python -m evals.real_reports sentences ID        # the text's sentences with their offsets, to write evidence spans
    python -m evals.real_reports check [ID ...]      # texts present and unaltered, golds valid and grounded
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REAL = Path(__file__).resolve().parent / "real"
TEXTS = REAL / "texts"
FIRST_WORDS = 12
"""How many of the text's first words case.json keeps, to recognise it when re-fetched."""


@dataclass(frozen=True)
class RealText:
    """A real case's text as found on disk: present and unaltered, or why not."""

    id: str
    text: str | None
    problem: str | None


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def first_words(text: str) -> str:
    return " ".join(text.split()[:FIRST_WORDS])


def case_dirs(only: tuple[str, ...] | list[str] = ()) -> list[Path]:
    return [p.parent for p in sorted(REAL.glob("*/case.json")) if not only or p.parent.name in only]


def read_text(meta: dict[str, Any]) -> RealText:
    """The case's text if it is on disk with the recorded SHA-256."""
    path = TEXTS / f"{meta['id']}.txt"
    if not path.is_file():
        return RealText(meta["id"], None, f"text missing ({path}): re-fetch it by its query")
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    if sha256(text) != meta["sha256"]:
        return RealText(meta["id"], None, f"text altered: SHA-256 {sha256(text)[:12]}..., recorded "
                                          f"{meta['sha256'][:12]}...")
    return RealText(meta["id"], text, None)


def with_span_texts(gold: Any, article: str) -> Any:
    """The gold JSON with every evidence span's text read from the article (spans are stored as offsets)."""
    if isinstance(gold, dict):
        out = {k: with_span_texts(v, article) for k, v in gold.items()}
        if set(out) == {"start", "end"} and all(isinstance(out[k], int) for k in out):
            out["text"] = article[out["start"]:out["end"]]
        return out
    if isinstance(gold, list):
        return [with_span_texts(v, article) for v in gold]
    return gold


class TextDiffers(ValueError):
    """A re-fetched text is not the one the case's gold was written on."""


def save(case_id: str, result: dict[str, Any], query: str, rank: int) -> dict[str, Any]:
    """Store a search result's excerpt exactly as returned, and its case.json (created, or updated while the case
    has no gold). Re-fetching a case with a gold must give the recorded text: else TextDiffers, nothing written."""
    text = result["excerpt"]
    path = REAL / case_id / "case.json"
    if path.is_file() and (path.parent / "gold.json").is_file():
        recorded = json.loads(path.read_text(encoding="utf-8"))
        if sha256(text) != recorded["sha256"] or result["url"] != recorded["url"]:
            raise TextDiffers(f"{case_id}: this result ({result['url']}, SHA-256 {sha256(text)[:12]}...) is not the "
                              f"recorded text ({recorded['url']}, {recorded['sha256'][:12]}...): nothing written")
    TEXTS.mkdir(parents=True, exist_ok=True)
    with open(TEXTS / f"{case_id}.txt", "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    meta = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"id": case_id}
    meta |= {"id": case_id, "url": result["url"], "query": query, "rank": rank, "corpus": "pages",
             "sha256": sha256(text), "length": len(text), "first_words": first_words(text)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def sentences(text: str) -> list[tuple[int, int, int, str]]:
    """(number, start, end, text) of each sentence, split as the summarizer splits it."""
    from summarizer.article import split_sentences

    return [(s.number, s.start, s.end, s.text) for s in split_sentences(text)]


def check(case_dir: Path) -> list[str]:
    """What is wrong with one real case: its text, its gold's spans (whole sentences of the text), the rules."""
    from .gold import load_gold

    meta = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    problems = [f"case.json lacks {key}" for key in ("url", "query", "sha256", "length", "first_words", "purpose")
                if key not in meta]
    found = read_text(meta)
    if found.text is None:
        return problems + [found.problem or "text missing"]
    gold_path = case_dir / "gold.json"
    if not gold_path.is_file():
        return problems + ["no gold.json"]
    raw = json.loads(gold_path.read_text(encoding="utf-8"))
    starts = {s[1] for s in sentences(found.text)}
    ends = {s[2] for s in sentences(found.text)}
    for span in _spans(raw):
        if "text" in span:
            problems.append(f"span {span['start']}:{span['end']} stores article text: keep offsets only")
        if span["start"] not in starts or span["end"] not in ends:
            problems.append(f"span {span['start']}:{span['end']} is not whole sentences: "
                            f"{found.text[span['start']:span['end']][:60]!r}")
    try:
        load_gold(json.dumps(with_span_texts(raw, found.text)))
    except ValueError as exc:
        problems.append(f"gold.json does not validate: {str(exc).splitlines()[0]}")
    return problems


def _spans(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        if "start" in value and "end" in value:
            return [value]
        return [s for v in value.values() for s in _spans(v)]
    if isinstance(value, list):
        return [s for v in value for s in _spans(v)]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.real_reports", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("save", help="store a search result (JSON on stdin) as a case's text")
    s.add_argument("id")
    s.add_argument("--query", required=True)
    s.add_argument("--rank", type=int, required=True)
    sub.add_parser("sentences", help="print a case's sentences with offsets").add_argument("id")
    sub.add_parser("check", help="check real cases").add_argument("ids", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "save":
        try:
            meta = save(args.id, json.loads(sys.stdin.read()), args.query, args.rank)
        except TextDiffers as exc:
            print(f"evals.real_reports: {exc}", file=sys.stderr)
            return 2
        print(f"saved {args.id}: {meta['length']} characters, sha256 {meta['sha256'][:12]}..., "
              f"'{meta['first_words']}'")
        return 0
    if args.command == "sentences":
        meta = json.loads((REAL / args.id / "case.json").read_text(encoding="utf-8"))
        found = read_text(meta)
        if found.text is None:
            print(found.problem, file=sys.stderr)
            return 2
        for number, start, end, text in sentences(found.text):
            print(f"S{number} [{start}:{end}] {text}")
        return 0
    bad = 0
    for case_dir in case_dirs(args.ids):
        problems = check(case_dir)
        bad += bool(problems)
        print(f"{case_dir.name}: " + ("ok" if not problems else "; ".join(problems)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
