"""The reports of an eval run: a Markdown table, summary.md, junit.xml and report.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .faithfulness import line as faithfulness_line
from .gate import DEFAULT_TOLERANCE, GROUPS, gate, warnings
from .html_report import html_report
from .scoring import SCORED_SECTIONS


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def table(report: dict[str, Any], baseline: dict[str, Any] | None = None) -> str:
    """Per-section Markdown table: pooled F1 per group (seeds, fictional, real, all), precision, recall and
    evidence for "all" and for "real" where present, abstentions over "all", and the baseline."""
    groups = [g for g in GROUPS if g in report["groups"]]
    detail = [g for g in ("all", "real") if g in groups]
    base = (baseline or {}).get("sections", {})
    head = ("| section | " + " | ".join(f"F1 {g}" for g in groups)
            + "".join(f" | P {g} | R {g} | evidence {g}" for g in detail)
            + " | abstentions correct / false, invented | baseline F1 |")
    rows = [head, "|" + "---|" * (len(groups) + 3 * len(detail) + 3)]
    for name in SCORED_SECTIONS:
        cells = [_cell(report["groups"][g]["sections"][name]["f1"]) for g in groups]
        for g in detail:
            s = report["groups"][g]["sections"][name]
            cells += [_cell(s["precision"]), _cell(s["recall"]), _cell(s["evidence_accuracy"])]
        a = report["groups"][detail[0]]["sections"][name]
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {a['correct_abstentions']} / {a['false_abstentions']}, "
                    f"{a['invented']} | {_cell(base.get(name))} |")
    overall = [_cell(report["groups"][g]["overall"]["overall_f1"]) for g in groups]
    for g in detail:
        o = report["groups"][g]["overall"]
        overall += [_cell(o["overall_precision"]), _cell(o["overall_recall"]), _cell(o["evidence_accuracy"])]
    rows.append("| **pooled** | " + " | ".join(overall) + " | | |")
    return "\n".join(rows)


def summary_markdown(report: dict[str, Any], baseline: dict[str, Any] | None, failures: list[str]) -> str:
    meta = report["meta"]
    lines = [f"# Eval report: {meta['backend']} / {meta['model']}", "",
             f"prompts v{meta['prompt_version']} ({(meta['prompt_sha256'] or '?')[:12]}), {len(report['cases'])} cases, "
             f"{meta['wall_s']:.0f} s wall", "", table(report, baseline), "", faithfulness_line(report), "",
             "## Cases", "",
             "| case | group | pooled F1 | evidence | dropped | tokens in+out | attempts | model s | cache | error |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["cases"]:
        lines.append(f"| {r['id']} | {r['group']} | {_cell(r['overall_f1'])} | {_cell(r['evidence_accuracy'])} | "
                     f"{r['dropped']} | {r['prompt_tokens']}+{r['completion_tokens']} | {r['attempts']} | "
                     f"{r['model_latency_s'] or 0:.1f} | {r['cache']} | {r['error'] or ''} |")
    lines += ["", "## Gate", ""] + ([f"- FAIL: {f}" for f in failures] or ["- pass"])
    notes = report.get("gate", {}).get("warnings", [])
    if notes:
        lines += ["", "## Warnings", ""] + [f"- {n}" for n in notes]
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
    for name in (*SCORED_SECTIONS, "faithfulness", "cases"):
        mine = [f for f in failures if f.startswith(f"{name}:")]
        body = "".join(f"<failure message={quoteattr(f)}/>" for f in mine)
        cases.append(f'<testcase classname="evals.gate" name="{name}" time="0">{body}</testcase>')
    n_fail = sum(1 for c in cases if "<failure" in c)
    n_err = sum(1 for c in cases if "<error" in c)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="summarizer-evals" tests="{len(cases)}" '
            f'failures="{n_fail}" errors="{n_err}">\n' + "\n".join(cases) + "\n</testsuite>\n")


def write_reports(report: dict[str, Any], baseline: dict[str, Any] | None, out: Path,
                  cases: Mapping[str, tuple[Any, str]] | None = None) -> list[str]:
    """Apply the gate, write report.json, summary.md and junit.xml, and report.html where ``cases`` gives each
    case's gold and article; return the gate's failures."""
    failures = gate(report, baseline)
    report["gate"] = {"passed": not failures, "failures": failures, "warnings": warnings(report, baseline),
                      "tolerance": (baseline or {}).get("tolerance", DEFAULT_TOLERANCE)}
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "summary.md").write_text(summary_markdown(report, baseline, failures), encoding="utf-8")
    (out / "junit.xml").write_text(junit_xml(report, failures), encoding="utf-8")
    if cases is not None:
        (out / "report.html").write_text(html_report(report, baseline, cases), encoding="utf-8")
    return failures
