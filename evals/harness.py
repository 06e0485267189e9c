"""The eval suite: every case through the same pipeline as `summarize`, scored field by field, gated.

    python -m evals run [--backend local] [--case ID ...] [--out DIR]    # score, report, gate
    python -m evals run --briefs DIR                                     # score saved briefs, no model
    python -m evals update-baseline [--report FILE] [--reason TEXT]      # accept a run as the baseline

A run writes ``report.json`` (per case and per section, pooled totals), ``summary.md`` and ``junit.xml``
into ``--out`` (default ``evals/reports/latest``), prints a per-section table, and exits 1 when the gate
fails (see ``evals/gate.py``). Model answers are cached on disk by content hash (model file hash, prompt hash,
article, settings), so re-scoring is instant; hits are reported.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.config import CANDIDATES
from summarizer.errors import SummarizerError
from summarizer.flags import add_model_flags, settings_from
from summarizer.schema import Brief
from summarizer.webpage import is_html, page_text

from . import real_reports
from .attribution import attribute, attribution_table
from .faithfulness import faithfulness
from .faithfulness import line as faithfulness_line
from .gate import BASELINE, COMMITTED_GROUPS, GROUPS, baseline_from, load_baseline
from .gold import GoldBrief, load_gold, strip_marks
from .recorded import RECORDED, record
from .reports import table, write_reports
from .scoring import SCORED_SECTIONS, aggregate, score_brief

EVALS = Path(__file__).resolve().parent
CASES_DIR = EVALS / "cases"


@dataclass(frozen=True)
class Case:
    """One eval case: an article, its hand-written gold brief and why it exists."""

    id: str
    article: str
    gold: GoldBrief
    group: str
    purpose: str
    meta: dict[str, Any]


@dataclass(frozen=True)
class Produced:
    """What a system returned for one case: a brief, or the error that stopped it."""

    brief: Brief
    error: str | None = None
    seconds: float = 0.0


Producer = Callable[["Case"], Produced]


def read_case_article(path: Path) -> str:
    """A case's article as ``summarize`` reads it: a text file exactly as stored (no newline translation), a
    saved web page as its main text; the gold's offsets slice this text."""
    data = path.read_bytes()
    return page_text(data, str(path)) if is_html(data, path.name) else data.decode("utf-8")


def load_cases(directory: Path = CASES_DIR, only: Sequence[str] = ()) -> list[Case]:
    """Every ``case.json`` under ``directory`` (or just the ids in ``only``), sorted by id."""
    cases = []
    for meta_path in sorted(directory.glob("*/case.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if only and meta["id"] not in only:
            continue
        article = read_case_article((meta_path.parent / meta["article"]).resolve())
        gold = load_gold((meta_path.parent / "gold.json").read_text(encoding="utf-8"))
        group = "fictional" if meta.get("fictional") else "seeds"
        cases.append(Case(meta["id"], article, gold, group, meta.get("purpose", ""), meta))
    missing = set(only) - {c.id for c in cases}
    if missing:
        raise SystemExit(f"evals: unknown case(s): {', '.join(sorted(missing))}")
    return cases


def load_real_cases(only: Sequence[str] = ()) -> tuple[list[Case], list[str]]:
    """The real cases whose text is on disk unaltered (group "real"), and why each other one is left out."""
    cases, absent = [], []
    for case_dir in real_reports.case_dirs(only):
        meta = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
        found = real_reports.read_text(meta)
        gold_path = case_dir / "gold.json"
        if found.text is None or not gold_path.is_file():
            absent.append(f"{meta['id']}: {found.problem or 'no gold.json'}")
            continue
        raw = json.loads(gold_path.read_text(encoding="utf-8"))
        gold = load_gold(json.dumps(real_reports.with_span_texts(raw, found.text)))
        cases.append(Case(meta["id"], found.text, gold, "real", meta.get("purpose", ""), meta))
    return cases, absent


# --- producers: where the briefs come from ----------------------------------------------------


def from_summarizer(summarizer: Any) -> Producer:
    """Briefs made by a :class:`summarizer.Summarizer`; its errors become failed cases."""

    def produce(case: Case) -> Produced:
        started = time.perf_counter()
        try:
            brief = summarizer.summarize(case.article)
        except SummarizerError as exc:
            return Produced(Brief(), exc.one_line(), time.perf_counter() - started)
        return Produced(brief, None, time.perf_counter() - started)

    return produce


def from_directory(directory: Path) -> Producer:
    """Briefs saved as ``DIR/<case id>.json`` (a Brief, or a gold brief whose marks are ignored)."""

    def produce(case: Case) -> Produced:
        path = directory / f"{case.id}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Produced(Brief.model_validate(strip_marks(data)))
        except FileNotFoundError:
            return Produced(Brief(), f"no brief for this case: {path} does not exist")
        except (OSError, ValueError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            return Produced(Brief(), f"{path} is not a valid brief: {first}")

    return produce


# --- running and reporting --------------------------------------------------------------------


def run_case(case: Case, produce: Producer) -> dict[str, Any]:
    """One case's brief scored against its gold; a failure scores as an empty brief and is reported."""
    produced = produce(case)
    brief = produced.brief
    score = score_brief(brief, case.gold, case.article)
    run = brief.run
    calls = run.calls if run else []
    return {
        "id": case.id,
        "group": case.group,
        "purpose": case.purpose,
        "error": produced.error,
        "failed_sections": list(run.failed_sections) if run else [],
        "overall_f1": _round(score.overall_f1),
        "evidence_accuracy": _round(score.evidence_accuracy),
        "sections": {name: _section(s) for name, s in score.sections.items()},
        "alignment": {name: {"matched": [[m.pred_index, m.gold_index, round(m.similarity, 4), m.evidence_ok]
                                         for m in s.matched],
                             "missed": list(s.unmatched_gold), "invented": list(s.unmatched_pred)}
                      for name, s in score.sections.items()},
        "faithfulness": faithfulness(brief, case.article),
        "dropped": len(brief.dropped),
        "latency_s": round(produced.seconds, 2),
        "model_latency_s": run.latency_s if run else None,
        "prompt_tokens": run.prompt_tokens if run else 0,
        "completion_tokens": run.completion_tokens if run else 0,
        "attempts": run.attempts if run else 0,
        "chunks": run.chunks if run else 0,
        "cache": "hit" if calls and all(c.cached for c in calls) else "partial" if any(c.cached for c in calls) else "miss",
        "_score": score,
        "brief": json.loads(brief.model_dump_json()),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _section(s) -> dict[str, Any]:
    return {"precision": _round(s.precision), "recall": _round(s.recall), "f1": _round(s.f1),
            "outcome": s.outcome, "n_pred": s.n_pred, "n_gold": s.n_gold, "credit": round(s.credit, 4),
            "n_matched": len(s.matched), "evidence_ok": s.evidence_ok,
            "unmatched_gold": len(s.unmatched_gold), "unmatched_pred": len(s.unmatched_pred)}


def run_suite(cases: Sequence[Case], produce: Producer,
              progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run every case and pool the scores per group (seeds, fictional) and over all cases."""
    results = []
    for case in cases:
        if progress:
            progress(f"{case.id} ...")
        result = run_case(case, produce)
        if progress:
            f1 = result["overall_f1"]
            progress(f"{case.id}: F1 {'-' if f1 is None else f'{f1:.3f}'} in {result['latency_s']:.1f} s "
                     f"(cache {result['cache']})" + (f" ERROR {result['error']}" if result["error"] else "")
                     + (f" failed sections {result['failed_sections']}" if result["failed_sections"] else ""))
        results.append(result)
    groups: dict[str, Any] = {}
    for group in GROUPS:
        members = [r["_score"] for r in results
                   if (group == "all" and r["group"] in COMMITTED_GROUPS) or r["group"] == group]
        if members:
            groups[group] = _rounded(aggregate(members))
    for r in results:
        del r["_score"]
    return {"cases": results, "groups": groups}


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def update_baseline(report: dict[str, Any], path: Path, reason: str | None) -> str:
    """Write the new baseline; refuse a partial run, or a failing one without a reason. Returns a message."""
    if sorted(r["id"] for r in report["cases"] if r["group"] in COMMITTED_GROUPS) != sorted(c.id for c in load_cases()):
        raise ValueError("the report does not cover every case; run the whole suite first")
    failures = report.get("gate", {}).get("failures", [])
    if failures and not (reason and reason.strip()):
        raise ValueError(f"the run failed the gate ({len(failures)} failures, first: {failures[0]}); "
                         "accept it only with --reason TEXT saying why")
    path.write_text(json.dumps(baseline_from(report, load_baseline(path), reason), indent=2) + "\n", encoding="utf-8")
    return f"wrote {path}" + (f" (accepting {len(failures)} gate failures: {reason})" if failures else "")


# --- the command ------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the suite, write reports, apply the gate")
    add_model_flags(run.add_argument_group("model (as for summarize; --candidates rules runs the fake backend "
                                           "unless --backend is given)"))
    run.add_argument("--briefs", type=Path, default=None, help="score DIR/<case id>.json instead of running a model")
    run.add_argument("--case", action="append", default=[], help="only this case id (repeatable)")
    run.add_argument("--out", type=Path, default=EVALS / "reports" / "latest")
    run.add_argument("--baseline", type=Path, default=BASELINE)
    run.add_argument("--prompts-dir", type=Path, default=None)
    run.add_argument("--no-recorded", dest="recorded", action="store_false",
                     help="do not use the answers recorded with the baseline (evals/answers/): ask the model")
    run.add_argument("--record", action="store_true",
                     help="after the run, store exactly the answers it used in evals/answers/ (for a new baseline)")
    run.add_argument("--no-real", dest="real", action="store_false",
                     help="leave out the real reports (evals/real/) even where their texts are on disk")
    update = sub.add_parser("update-baseline", help="accept a report as the new committed baseline")
    update.add_argument("--report", type=Path, default=EVALS / "reports" / "latest" / "report.json")
    update.add_argument("--baseline", type=Path, default=BASELINE)
    update.add_argument("--reason", default=None, help="why a run that failed the gate is accepted")
    attr = sub.add_parser("attribute", help="where each miss comes from: reports of runs with --candidates model, "
                                            "rules and both")
    for mode in CANDIDATES:
        attr.add_argument(f"--{mode}", type=Path, required=True, help=f"report.json of a --candidates {mode} run")
    return parser


def _system(args: argparse.Namespace) -> tuple[Producer, dict[str, Any]]:
    """The producer of briefs, and what is known of the system before it runs."""
    if args.briefs is not None:
        if not args.briefs.is_dir():
            raise SystemExit(f"evals: --briefs {args.briefs} is not a directory")
        return from_directory(args.briefs), {"backend": "briefs", "briefs_dir": str(args.briefs)}
    from summarizer import Summarizer

    settings = settings_from(args, prompts_dir=args.prompts_dir, answer_stores=(RECORDED,) if args.recorded else None)
    return from_summarizer(Summarizer(settings)), {"answer_cache": str(settings.cache_dir / "answers")}


def run_meta(cases: Sequence[dict[str, Any]], known: dict[str, Any]) -> dict[str, Any]:
    """The system that made the briefs, as their run records say ("unknown" where none does)."""
    runs = [c["brief"]["run"] for c in cases if isinstance(c.get("brief", {}).get("run"), dict)]
    first = runs[0] if runs else {}
    meta = {key: first.get(key, "unknown") for key in ("backend", "model", "prompt_version", "candidates")}
    meta |= {key: first.get(key) for key in ("model_sha256", "prompt_sha256")}
    return meta | known


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "update-baseline":
        try:
            report = json.loads(args.report.read_text(encoding="utf-8"))
            print(f"evals: {update_baseline(report, args.baseline, args.reason)}")
        except (OSError, ValueError) as exc:
            print(f"evals: update-baseline refused: {exc}", file=sys.stderr)
            return 2
        return 0

    if args.command == "attribute":
        reports = {mode: json.loads(getattr(args, mode).read_text(encoding="utf-8")) for mode in CANDIDATES}
        golds = {c.id: (c.gold, c.article) for c in load_cases()}
        print(attribution_table(attribute(reports, golds), SCORED_SECTIONS))
        return 0

    try:
        produce, meta = _system(args)
        committed = [c for c in args.case if not (real_reports.REAL / c / "case.json").is_file()]
        cases = load_cases(only=committed) if committed or not args.case else []
        if args.real:
            real, absent = load_real_cases(only=[c for c in args.case if c not in committed])
            cases += real
            for note in absent:
                print(f"evals: real case left out: {note}", file=sys.stderr)
        started = time.perf_counter()
        report = run_suite(cases, produce, progress=lambda m: print(f"evals: {m}", file=sys.stderr))
    except SummarizerError as exc:
        print(f"evals: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    report["meta"] = {"created": datetime.now(UTC).isoformat(timespec="seconds"),
                      **run_meta(report["cases"], meta),
                      "wall_s": round(time.perf_counter() - started, 1), "cases": [c.id for c in cases]}
    baseline = load_baseline(args.baseline)
    if args.case and baseline:
        # A subset is not comparable with the whole suite's pooled figures: only its own cases are gated.
        baseline = {k: v for k, v in baseline.items() if k not in ("sections", "evidence")}
    failures = write_reports(report, baseline, args.out, {c.id: (c.gold, c.article) for c in cases})
    print(table(report, baseline))
    print(f"\n{faithfulness_line(report)}")
    print(f"\nevals: reports in {args.out} (report.json, report.html, summary.md, junit.xml)")
    for note in report["gate"]["warnings"]:
        print(f"evals: warning: {note}", file=sys.stderr)
    for f in failures:
        print(f"evals: gate: FAIL {f}", file=sys.stderr)
    print(f"evals: gate: {'FAILED with ' + str(len(failures)) + ' failures' if failures else 'passed'}")
    if args.record:
        try:
            stored, removed = record(report, [Path(report["meta"]["answer_cache"]), RECORDED], RECORDED)
        except (KeyError, ValueError) as exc:
            print(f"evals: --record refused: {exc}", file=sys.stderr)
            return 2
        print(f"evals: recorded {stored} answers in {RECORDED} ({removed} no longer used removed)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
