"""Where each miss and each wrong item comes from: the model, the rules, or grounding.

Given the reports of one suite run three ways (``--candidates model``, ``rules``, ``both``), every required
gold item of the ``both`` run is classed as

- ``found``: matched (its partial credit lost is counted apart, as ``credit_lost``);
- ``lost``: matched by the model-only or rules-only run but not by both (merging chose another item);
- ``dropped``: grounding dropped a candidate of that section in some run (a wrong span, an unstated name);
- ``unproposed``: no run matched it and nothing of the section was dropped: neither model nor rules found it;

and every unmatched item of the ``both`` run as coming from the model (its first evidence span is in the
model-only run), from both, or else from the rules (rule terms, caveats and delegations only join a model's
truce or meeting, so they never show in the rules-only run).

    python -m evals attribute --model R1/report.json --rules R2/report.json --both R3/report.json
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from summarizer.config import CANDIDATES
from summarizer.schema import Brief

from .scoring import _SECTION_SPECS, score_brief


def _dropped_sections(brief: Brief) -> set[str]:
    """Sections in which grounding dropped a whole candidate (not just one of its phrases)."""
    whole = {"casualties": "casualties", "reactions": "reactions", "sources": "sources", "summary": "summary",
             "truce": "truce", "meeting": "meeting", "meeting.attendees": "attendees",
             "truce.conditions": "truce_conditions", "truce.caveats": "truce_caveats", "event.date": "event",
             "event.place": "event"}
    return {whole[d.section] for d in brief.dropped if d.section in whole}


def _first_span(item: Any) -> tuple[int, int] | None:
    spans = getattr(item, "evidence", None) or []
    return (spans[0].start, spans[0].end) if spans else None


def attribute_case(gold: Any, article: str, briefs: Mapping[str, Brief]) -> dict[str, Counter]:
    """Per section, counts of gold items by class and of wrong items by origin, for one case."""
    scores = {mode: score_brief(briefs[mode], gold, article) for mode in CANDIDATES}
    dropped = set().union(*(_dropped_sections(briefs[mode]) for mode in CANDIDATES))
    out: dict[str, Counter] = {}
    for name, get, _ in _SECTION_SPECS:
        both = scores["both"].sections[name]
        counts: Counter = Counter()
        counts["found"] = len(both.matched)
        counts["credit_lost"] = sum(1 - m.similarity for m in both.matched)
        alone = {j for mode in ("model", "rules") for j in (m.gold_index for m in scores[mode].sections[name].matched)}
        for j in both.unmatched_gold:
            counts["lost" if j in alone else "dropped" if name in dropped else "unproposed"] += 1
        items = list(get(briefs["both"]))
        by_model = {_first_span(i) for i in get(briefs["model"])}
        by_rules = {_first_span(i) for i in get(briefs["rules"])}
        for i in both.unmatched_pred:
            span = _first_span(items[i])
            counts["wrong_from_" + ("model+rules" if span in by_model and span in by_rules
                                    else "model" if span in by_model else "rules")] += 1
        out[name] = counts
    return out


def attribute(reports: Mapping[str, dict[str, Any]], golds: Mapping[str, tuple[Any, str]]) -> dict[str, Counter]:
    """Counts per section summed over the cases all three reports hold; ``golds`` maps case id to (gold, article)."""
    by_mode = {mode: {c["id"]: c for c in reports[mode]["cases"] if c.get("brief")} for mode in CANDIDATES}
    total: dict[str, Counter] = {}
    for case_id in sorted(set.intersection(*(set(v) for v in by_mode.values())) & set(golds)):
        gold, article = golds[case_id]
        briefs = {mode: Brief.model_validate(by_mode[mode][case_id]["brief"]) for mode in CANDIDATES}
        for section, counts in attribute_case(gold, article, briefs).items():
            total.setdefault(section, Counter()).update(counts)
    return total


COLUMNS = ("found", "credit_lost", "lost", "dropped", "unproposed", "wrong_from_model", "wrong_from_rules",
           "wrong_from_model+rules")


def attribution_table(total: Mapping[str, Counter], sections: Sequence[str] | None = None) -> str:
    """A markdown table of ``attribute``'s counts."""
    rows = ["| section | " + " | ".join(c.replace("_", " ") for c in COLUMNS) + " |",
            "|---|" + "---|" * len(COLUMNS)]
    for section in sections or list(total):
        counts = total.get(section, Counter())
        cells = [f"{counts[c]:.1f}" if c == "credit_lost" else str(counts[c]) for c in COLUMNS]
        rows.append(f"| {section} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
