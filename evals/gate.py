"""The eval gate and its baseline: what a run must keep, and how a new baseline is accepted.

A run fails the gate when, against the committed baseline (``evals/baseline.json``) and its tolerance,
a section's pooled F1 or evidence accuracy falls, a case loses a whole section it had, a seed case's
section falls, or a case fails to run. A run made by another system than the baseline's is compared all
the same, and says so.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .faithfulness import failures as faithfulness_failures
from .scoring import SCORED_SECTIONS

GROUPS = ("seeds", "fictional", "real", "all")
"""The report's columns: each group of cases, and "all" pooling the committed ones."""
COMMITTED_GROUPS = ("seeds", "fictional")
"""Groups whose articles are in the repository: "all" pools these and the gate reads only these. Real reports
(texts kept out of git, so absent in CI) get a column of their own and are never gated."""

BASELINE = Path(__file__).resolve().parent / "baseline.json"
DEFAULT_TOLERANCE = 0.03
META_KEYS = ("backend", "model", "model_sha256", "prompt_version", "prompt_sha256", "candidates")


def pooled_f1(report: dict[str, Any], group: str = "all") -> dict[str, float]:
    """Pooled F1 per section over a group's cases (sections with any item only)."""
    sections = report["groups"].get(group, {}).get("sections", {})
    return {name: sections[name]["f1"] for name in SCORED_SECTIONS if sections.get(name, {}).get("f1") is not None}


def evidence_accuracy(report: dict[str, Any], group: str = "all") -> dict[str, float]:
    """Pooled evidence accuracy per section over a group's cases (sections with a match only)."""
    sections = report["groups"].get(group, {}).get("sections", {})
    return {name: sections[name]["evidence_accuracy"] for name in SCORED_SECTIONS
            if sections.get(name, {}).get("evidence_accuracy") is not None}


def case_f1(result: dict[str, Any]) -> dict[str, float | None]:
    """One case's F1 per section (None: the case abstained correctly)."""
    return {name: s["f1"] for name, s in result["sections"].items()}


# --- the gate ---------------------------------------------------------------------------------


def gate(report: dict[str, Any], baseline: dict[str, Any] | None) -> list[str]:
    """Reasons the run fails the gate (empty when it passes). Against the baseline, with its tolerance:

    * a section's pooled F1 or pooled evidence accuracy (all cases) falls by more than the tolerance;
    * a case loses a whole section it had (F1 above 0 in the baseline, 0 now);
    * a seed case's section F1 falls by more than the tolerance (an abstention counts as 1.0);
    * a case failed to run;
    * and, whatever the baseline, a case has text in a script its article does not use or an item resting on
      page furniture alone (``faithfulness``).
    """
    failures = []
    baseline = baseline or {}
    tolerance = baseline.get("tolerance", DEFAULT_TOLERANCE)
    base_f1, base_evidence = baseline.get("sections", {}), baseline.get("evidence", {})
    now_f1, now_evidence = pooled_f1(report), evidence_accuracy(report)
    for name in SCORED_SECTIONS:
        if name in base_f1 and now_f1.get(name, 0.0) < base_f1[name] - tolerance:
            failures.append(f"{name}: pooled F1 {now_f1.get(name, 0.0):.3f} is more than {tolerance:.2f} below "
                            f"the baseline {base_f1[name]:.3f}")
        if name in base_evidence and now_evidence.get(name, 0.0) < base_evidence[name] - tolerance:
            failures.append(f"{name}: evidence accuracy {now_evidence.get(name, 0.0):.3f} is more than "
                            f"{tolerance:.2f} below the baseline {base_evidence[name]:.3f}")
    base_cases = baseline.get("cases", {})
    for result in [r for r in report["cases"] if r["group"] in COMMITTED_GROUPS]:
        before = base_cases.get(result["id"], {})
        for name, f1 in case_f1(result).items():
            old = before.get(name)
            if old is not None and old > 0 and f1 == 0:
                failures.append(f"{name}: case {result['id']} lost the whole section (F1 {old:.3f} -> 0)")
            elif result["group"] == "seeds" and name in before:
                old_value, new_value = 1.0 if old is None else old, 1.0 if f1 is None else f1
                if new_value < old_value - tolerance:
                    failures.append(f"{name}: seed {result['id']} F1 {new_value:.3f} is more than {tolerance:.2f} "
                                    f"below its baseline {old_value:.3f}")
    failures += faithfulness_failures(report, COMMITTED_GROUPS)
    failed_cases = [r["id"] for r in report["cases"] if r["error"] and r["group"] in COMMITTED_GROUPS]
    if failed_cases:
        failures.append(f"cases: failed to run: {', '.join(failed_cases)}")
    return failures


def warnings(report: dict[str, Any], baseline: dict[str, Any] | None) -> list[str]:
    """What makes this run not comparable, or not whole: another system, a subset, invalid sections."""
    notes = []
    base_meta = (baseline or {}).get("meta", {})
    for key in META_KEYS:
        if base_meta and base_meta.get(key) != report["meta"].get(key):
            notes.append(f"this run's {key} is {report['meta'].get(key)!r}, the baseline's {base_meta.get(key)!r}: "
                         "the comparison is across systems")
    for result in report["cases"]:
        if result["failed_sections"]:
            notes.append(f"case {result['id']}: sections failed validation and are empty: "
                         f"{', '.join(result['failed_sections'])}")
    return notes


# --- the baseline ---------------------------------------------------------------------------


def load_baseline(path: Path = BASELINE) -> dict[str, Any] | None:
    """The committed baseline, or None when there is none."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


WHY = (
    "tolerance: pooled section F1 and evidence accuracy may fall by at most this much, and so may a seed "
    "case's section F1; a case that loses a whole section it had fails at any tolerance. One whole item "
    "moves a section's pooled F1 by 2/(n_pred + n_gold): about 0.006 for sources, 0.011 for casualties, "
    "0.016 for reactions, 0.05-0.08 for the singleton sections (20 cases). So 0.03 lets the large "
    "sections absorb llama.cpp's run-to-run differences of a token or two, while any case that loses a "
    "whole summary, truce or meeting fails the gate."
)


def baseline_from(report: dict[str, Any], previous: dict[str, Any] | None, reason: str | None = None) -> dict[str, Any]:
    """A new baseline from a whole-suite report: pooled and per-case F1, evidence accuracy, the run's meta.

    Accepting a run that failed the gate needs a ``reason``; it is stored with the failures it accepts."""
    previous = previous or {}
    accepted = list(previous.get("accepted_failures", []))
    failures = report.get("gate", {}).get("failures", [])
    if failures:
        accepted.append({"date": datetime.now(UTC).date().isoformat(), "reason": reason,
                         "failures": failures})
    return {
        "produced_by": "python -m evals run && python -m evals update-baseline",
        "meta": {k: report["meta"].get(k) for k in META_KEYS},
        "tolerance": previous.get("tolerance", DEFAULT_TOLERANCE),
        "why": previous.get("why", WHY),
        "sections": pooled_f1(report),
        "evidence": evidence_accuracy(report),
        "groups": {g: {name: v["f1"] for name, v in report["groups"][g]["sections"].items()}
                   | {"pooled": report["groups"][g]["overall"]["overall_f1"]} for g in report["groups"]},
        "cases": {r["id"]: case_f1(r) for r in report["cases"]},
        "accepted_failures": accepted,
    }
