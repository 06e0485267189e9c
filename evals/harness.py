"""The eval suite: every case through the same pipeline as `summarize`, scored field by field, gated.

    python -m evals run [--backend local] [--case ID ...] [--out DIR]    # score, report, gate
    python -m evals update-baseline [--report DIR/report.json]           # accept a run as the baseline

A run writes ``report.json`` (per case and per section P/R/F1 plus totals), ``summary.md`` and
``junit.xml`` into ``--out`` (default ``evals/reports/latest``), prints a per-section table, and exits
non-zero when any section's F1 over all cases is below its floor or more than the tolerance below
the committed baseline (``evals/baseline.json``). Model answers are cached on disk by content hash
(model file hash, prompt hash, article, settings), so re-scoring is instant; hits are reported.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from summarizer import Summarizer
from summarizer.config import Settings
from summarizer.errors import SummarizerError
from summarizer.schema import Brief

from .scoring import BriefScore, aggregate, score_brief

EVALS = Path(__file__).resolve().parent
CASES_DIR = EVALS / "cases"
BASELINE = EVALS / "baseline.json"
SECTIONS = ("summary", "event", "truce", "truce_conditions", "truce_caveats", "meeting", "attendees",
            "casualties", "reactions", "sources")
DEFAULT_FLOOR = 0.0
DEFAULT_TOLERANCE = 0.05


@dataclass(frozen=True)
class Case:
    """One eval case: an article, its hand-written gold brief and why it exists."""

    id: str
    article: str
    gold: Brief
    group: str
    purpose: str
    meta: dict[str, Any]


def load_cases(directory: Path = CASES_DIR, only: Sequence[str] = ()) -> list[Case]:
    """Every ``case.json`` under ``directory`` (or just the ids in ``only``), sorted by id."""
    cases = []
    for meta_path in sorted(directory.glob("*/case.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if only and meta["id"] not in only:
            continue
        article_path = (meta_path.parent / meta["article"]).resolve()
        article = article_path.read_bytes().decode("utf-8")
        gold = Brief.model_validate_json((meta_path.parent / "gold.json").read_text(encoding="utf-8"))
        group = "fictional" if meta.get("fictional") else "seeds"
        cases.append(Case(meta["id"], article, gold, group, meta.get("purpose", ""), meta))
    missing = set(only) - {c.id for c in cases}
    if missing:
        raise SystemExit(f"evals: unknown case(s): {', '.join(sorted(missing))}")
    return cases


def run_case(case: Case, summarizer: Summarizer) -> dict[str, Any]:
    """Summarize one case and score it; a failure scores zero and is reported, never hidden."""
    started = time.perf_counter()
    try:
        brief = summarizer.summarize(case.article)
        valid = Brief.model_validate_json(brief.model_dump_json()) is not None
        error = None
    except SummarizerError as exc:
        brief, valid, error = Brief(), False, exc.one_line()
    score = score_brief(brief, case.gold, case.article)
    run = brief.run
    calls = run.calls if run else []
    return {
        "id": case.id,
        "group": case.group,
        "purpose": case.purpose,
        "error": error,
        "schema_valid": valid,
        "overall_f1": round(score.overall_f1, 4),
        "macro_f1": round(score.macro_f1, 4),
        "evidence_overlap": score.evidence_overlap,
        "sections": {name: _section(s) for name, s in score.sections.items()},
        "dropped": len(brief.dropped),
        "latency_s": round(time.perf_counter() - started, 2),
        "model_latency_s": run.latency_s if run else None,
        "prompt_tokens": run.prompt_tokens if run else 0,
        "completion_tokens": run.completion_tokens if run else 0,
        "attempts": run.attempts if run else 0,
        "chunks": run.chunks if run else 0,
        "cache": "hit" if calls and all(c.cached for c in calls) else "partial" if any(c.cached for c in calls) else "miss",
        "_score": score,
        "brief": json.loads(brief.model_dump_json()),
    }


def _section(s) -> dict[str, Any]:
    return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
            "n_pred": s.n_pred, "n_gold": s.n_gold,
            "evidence_overlap": None if s.evidence_overlap is None else round(s.evidence_overlap, 4),
            "unmatched_gold": len(s.unmatched_gold), "unmatched_pred": len(s.unmatched_pred)}


def run_suite(cases: Sequence[Case], summarizer_for: Callable[[Case], Summarizer],
              progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run every case and aggregate per group (seeds, fictional) and over all cases."""
    results = []
    for case in cases:
        if progress:
            progress(f"{case.id} ...")
        result = run_case(case, summarizer_for(case))
        if progress:
            progress(f"{case.id}: F1 {result['overall_f1']:.3f} in {result['latency_s']:.1f} s (cache {result['cache']})"
                     + (f" ERROR {result['error']}" if result["error"] else ""))
        results.append(result)
    groups: dict[str, Any] = {}
    for group in ("seeds", "fictional", "all"):
        members = [r for r in results if group == "all" or r["group"] == group]
        if members:
            groups[group] = _rounded(aggregate([r["_score"] for r in members]))
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


def section_f1(report: dict[str, Any], group: str = "all") -> dict[str, float]:
    """Mean F1 per section over a group's cases."""
    sections = report["groups"][group]["sections"]
    return {name: sections[name]["f1"] for name in SECTIONS if name in sections and sections[name]["f1"] is not None}


def gate(report: dict[str, Any], baseline: dict[str, Any] | None) -> list[str]:
    """Reasons the run fails the gate (empty when it passes)."""
    failures = []
    floors = (baseline or {}).get("floors", {})
    tolerance = (baseline or {}).get("tolerance", DEFAULT_TOLERANCE)
    base = (baseline or {}).get("sections", {})
    for name, f1 in section_f1(report).items():
        floor = floors.get(name, DEFAULT_FLOOR)
        if f1 < floor:
            failures.append(f"{name}: F1 {f1:.3f} is below its floor {floor:.3f}")
        if name in base and f1 < base[name] - tolerance:
            failures.append(f"{name}: F1 {f1:.3f} is more than {tolerance:.2f} below the baseline {base[name]:.3f}")
    failed_cases = [r["id"] for r in report["cases"] if r["error"]]
    if failed_cases:
        failures.append(f"cases failed to run: {', '.join(failed_cases)}")
    return failures


def table(report: dict[str, Any], baseline: dict[str, Any] | None = None) -> str:
    """Per-section Markdown table: F1 for seeds, fictional cases and all, with the baseline."""
    groups = [g for g in ("seeds", "fictional", "all") if g in report["groups"]]
    base = (baseline or {}).get("sections", {})
    head = "| section | " + " | ".join(f"F1 {g}" for g in groups) + " | P all | R all | baseline |"
    rows = [head, "|" + "---|" * (len(groups) + 4)]
    for name in SECTIONS:
        cells = []
        for g in groups:
            s = report["groups"][g]["sections"].get(name, {})
            cells.append("-" if s.get("f1") is None else f"{s['f1']:.3f}")
        a = report["groups"]["all"]["sections"].get(name, {})
        p = "-" if a.get("precision") is None else f"{a['precision']:.3f}"
        r = "-" if a.get("recall") is None else f"{a['recall']:.3f}"
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {p} | {r} | {base.get(name, '-') if name not in base else f'{base[name]:.3f}'} |")
    overall = [f"{report['groups'][g]['overall']['overall_f1']:.3f}" if report["groups"][g]["overall"].get("overall_f1") is not None else "-"
               for g in groups]
    rows.append("| **overall** | " + " | ".join(overall) + " | | | |")
    return "\n".join(rows)


def summary_markdown(report: dict[str, Any], baseline: dict[str, Any] | None, failures: list[str]) -> str:
    meta = report["meta"]
    lines = [f"# Eval report: {meta['backend']} / {meta['model']}", "",
             f"prompts v{meta['prompt_version']} ({meta['prompt_sha256'][:12]}), {len(report['cases'])} cases, "
             f"{meta['wall_s']:.0f} s wall", "", table(report, baseline), "", "## Cases", "",
             "| case | group | overall F1 | dropped | tokens in+out | attempts | model s | cache | error |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in report["cases"]:
        lines.append(f"| {r['id']} | {r['group']} | {r['overall_f1']:.3f} | {r['dropped']} | {r['prompt_tokens']}+"
                     f"{r['completion_tokens']} | {r['attempts']} | {r['model_latency_s'] or 0:.1f} | {r['cache']} | "
                     f"{r['error'] or ''} |")
    lines += ["", "## Gate", ""] + ([f"- FAIL: {f}" for f in failures] or ["- pass"])
    return "\n".join(lines) + "\n"


def junit_xml(report: dict[str, Any], failures: list[str]) -> str:
    """One testcase per case and section (properties carry P/R/F1) plus one per gate check."""
    cases = []
    for r in report["cases"]:
        for name, s in r["sections"].items():
            props = "".join(f'<property name="{k}" value="{v}"/>' for k, v in s.items())
            body = f"<properties>{props}</properties>"
            if r["error"]:
                body += f"<error message={quoteattr(r['error'])}/>"
            cases.append(f'<testcase classname="evals.{escape(r["id"])}" name="{name}" time="0">{body}</testcase>')
    for name in section_f1(report):
        mine = [f for f in failures if f.startswith(f"{name}:")]
        body = "".join(f"<failure message={quoteattr(f)}/>" for f in mine)
        cases.append(f'<testcase classname="evals.gate" name="{name}" time="0">{body}</testcase>')
    n_fail = sum(1 for c in cases if "<failure" in c)
    n_err = sum(1 for c in cases if "<error" in c)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="summarizer-evals" tests="{len(cases)}" '
            f'failures="{n_fail}" errors="{n_err}">\n' + "\n".join(cases) + "\n</testsuite>\n")


def write_reports(report: dict[str, Any], baseline: dict[str, Any] | None, out: Path) -> list[str]:
    """Write report.json, summary.md and junit.xml; return the gate's failures."""
    failures = gate(report, baseline)
    report["gate"] = {"passed": not failures, "failures": failures,
                      "tolerance": (baseline or {}).get("tolerance", DEFAULT_TOLERANCE)}
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "summary.md").write_text(summary_markdown(report, baseline, failures), encoding="utf-8")
    (out / "junit.xml").write_text(junit_xml(report, failures), encoding="utf-8")
    return failures


def load_baseline(path: Path = BASELINE) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def baseline_from(report: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """A new baseline: this report's section F1s; floors and tolerance kept from the previous one."""
    previous = previous or {}
    return {
        "produced_by": "python -m evals run && python -m evals update-baseline",
        "meta": {k: report["meta"][k] for k in ("backend", "model", "model_sha256", "prompt_version", "prompt_sha256")},
        "tolerance": previous.get("tolerance", DEFAULT_TOLERANCE),
        "floors": previous.get("floors", {}),
        **({"why": previous["why"]} if "why" in previous else {}),
        "sections": section_f1(report),
        "groups": {g: {name: v["f1"] for name, v in report["groups"][g]["sections"].items()}
                   | {"overall": report["groups"][g]["overall"]["overall_f1"]} for g in report["groups"]},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the suite, write reports, apply the gate")
    run.add_argument("--backend", default=None)
    run.add_argument("--model", default=None)
    run.add_argument("--model-path", type=Path, default=None)
    run.add_argument("--base-url", default=None)
    run.add_argument("--case", action="append", default=[], help="only this case id (repeatable)")
    run.add_argument("--out", type=Path, default=EVALS / "reports" / "latest")
    run.add_argument("--baseline", type=Path, default=BASELINE)
    run.add_argument("--no-cache", dest="cache", action="store_const", const=False)
    run.add_argument("--cache-dir", type=Path, default=None)
    run.add_argument("--prompts-dir", type=Path, default=None)
    update = sub.add_parser("update-baseline", help="accept a report as the new committed baseline")
    update.add_argument("--report", type=Path, default=EVALS / "reports" / "latest" / "report.json")
    update.add_argument("--baseline", type=Path, default=BASELINE)
    args = parser.parse_args(argv)

    if args.command == "update-baseline":
        report = json.loads(args.report.read_text(encoding="utf-8"))
        if len(report["cases"]) != len(load_cases()):
            print("evals: the report does not cover every case; run the whole suite first", file=sys.stderr)
            return 2
        new = baseline_from(report, load_baseline(args.baseline))
        args.baseline.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
        print(f"evals: wrote {args.baseline}")
        return 0

    try:
        settings = Settings.resolve(backend=args.backend, model=args.model, model_path=args.model_path,
                                    base_url=args.base_url, cache=args.cache, cache_dir=args.cache_dir,
                                    prompts_dir=args.prompts_dir)
        summarizer = Summarizer(settings)
        cases = load_cases(only=args.case)
        started = time.perf_counter()
        report = run_suite(cases, lambda case: summarizer, progress=lambda m: print(f"evals: {m}", file=sys.stderr))
        pipeline = summarizer.pipeline
    except SummarizerError as exc:
        print(f"evals: error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    report["meta"] = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "backend": pipeline.backend.name, "model": pipeline.backend.model_name(),
        "model_sha256": pipeline.backend.model_sha256(), "prompt_version": pipeline.prompts.version,
        "prompt_sha256": pipeline.prompts.sha256, "wall_s": round(time.perf_counter() - started, 1),
        "cases": [c.id for c in cases],
    }
    # A subset of cases is not comparable with the whole suite's baseline: only floors apply then.
    baseline = load_baseline(args.baseline)
    if args.case and baseline:
        baseline = {k: v for k, v in baseline.items() if k != "sections"}
    failures = write_reports(report, baseline, args.out)
    print(table(report, baseline))
    print(f"\nevals: reports in {args.out} (report.json, summary.md, junit.xml)")
    for f in failures:
        print(f"evals: gate: FAIL {f}", file=sys.stderr)
    checks = [*section_f1(report), "cases failed to run"]
    failed = [c for c in checks if any(f.startswith(f"{c}:") for f in failures)]
    print(f"evals: gate: {len(checks) - len(failed)} checks passed, {len(failed)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
