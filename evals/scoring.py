"""Score a predicted Brief against a gold brief, field by field: deterministic and offline.

Modelled on pydantic-evals / inspect_ai: a comparator is a small pure function returning a
:class:`Score` (a value in [0, 1] and an explanation); metrics are pure functions.

Conventions
-----------
* Every section is a list of items; a singleton (summary, event, truce, meeting) is a list of zero or
  one item. Items are aligned one-to-one per section (Hungarian, maximum summed similarity).
* A pair matches only when its KEY matches, and the key carries the meaning of the section:
  a casualty claim's figure is the same as stated (equal ends: "at least one" is not "four"), its kind
  is equal and its claimant is the same (null only against null); a reaction's actor and stance; a
  truce's status; a condition's or caveat's content; an attendee's or a source's name. Names compare
  symmetrically: a fragment never matches a whole, and names with different head words never match
  ("army" / "navy"; a state and one of its offices are different actors).
* A gold item may accept alternatives (``evals/gold.py``): it is compared as its best variant.
  An optional gold item counts in recall only when it is matched.
* Soft credit: a matched pair earns its similarity (a weighted mean of field scores), so
  ``precision = credit / n_pred``, ``recall = credit / n_gold``, ``f1 = 2 credit / (n_pred + n_gold)``.
  A section that is empty on both sides has no counts: it is a correct abstention, reported as such,
  never averaged in as 1.0.
* Evidence is scored apart: a matched pair's evidence is right when a predicted span overlaps a span of
  the gold item (any variant); another sentence that holds the same figure or name is not its evidence.
  Evidence accuracy = right / matched.
* Pooled (micro) metrics sum credit and counts over items, sections and cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from scipy.optimize import linear_sum_assignment

from summarizer.schema import (
    Attendee,
    Brief,
    CasualtyClaim,
    Event,
    GovernmentReaction,
    Grounded,
    Meeting,
    Source,
    Statement,
    Truce,
)

from .fields import (
    NAME_THRESHOLD,
    ItemScore,
    Score,
    aliases_from_text,
    clamp,
    enum_similarity,
    evidence_supports,
    figure_similarity,
    figures_equal,
    name_similarity,
    summary_similarity,
    text_similarity,
)
from .gold import GoldBrief, as_gold

TEXT_THRESHOLD = 0.5
"""Minimum content similarity for a condition or caveat to match its gold."""

SCORED_SECTIONS = (
    "summary", "event", "truce", "truce_conditions", "truce_caveats",
    "meeting", "attendees", "casualties", "reactions", "sources",
)

T = TypeVar("T")
G = TypeVar("G")
Aliases = Mapping[str, str]


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MatchedPair(_Result):
    """A predicted item paired with a gold item."""

    pred_index: int
    gold_index: int
    similarity: float = Field(ge=0.0, le=1.0)
    evidence_ok: bool = Field(description="a predicted span overlaps the gold's or states its key fact")
    explanation: str


class SectionScore(_Result):
    """Precision, recall and F1 of one section, with the alignment behind them."""

    section: str
    precision: float | None = Field(description="None when nothing was predicted")
    recall: float | None = Field(description="None when the gold has nothing")
    f1: float | None = Field(description="None when both sides are empty (a correct abstention)")
    n_pred: int
    n_gold: int = Field(description="required gold items plus the optional ones that were matched")
    credit: float = Field(description="sum of the matched pairs' similarities")
    matched: list[MatchedPair] = Field(default_factory=list)
    unmatched_pred: list[int] = Field(default_factory=list)
    unmatched_gold: list[int] = Field(default_factory=list, description="required gold items not matched")
    evidence_ok: int = 0

    @property
    def outcome(self) -> str:
        """'abstained' (both empty: a correct abstention), 'missed' (gold only: a false abstention),
        'invented' (prediction only) or 'scored'."""
        if not self.n_pred and not self.n_gold:
            return "abstained"
        if not self.n_pred:
            return "missed"
        return "invented" if not self.n_gold else "scored"


class BriefScore(_Result):
    """Every section's score and the pooled figures over all sections' items."""

    sections: dict[str, SectionScore]
    overall_precision: float | None
    overall_recall: float | None
    overall_f1: float | None
    evidence_accuracy: float | None


# --- item similarities ---------------------------------------------------------------------


def _combine(parts: Sequence[tuple[str, float, Score]], key_matched: bool = True, key: str = "") -> ItemScore:
    """Weighted mean of field scores, explained field by field."""
    total = sum(weight for _, weight, _ in parts)
    value = sum(weight * score.value for _, weight, score in parts) / total
    fields = ", ".join(f"{name} {score.value:.2f}" for name, _, score in parts)
    head = f"key {'ok' if key_matched else 'FAILED'} ({key}); " if key else ""
    return ItemScore(value=clamp(value), key_matched=key_matched, explanation=f"{head}{fields}")


def casualty_similarity(pred: CasualtyClaim, gold: CasualtyClaim, aliases: Aliases | None = None) -> ItemScore:
    """Key: the same figure as stated (equal ends), kind equal and the same claimant (null only against null)."""
    figure = figure_similarity(pred.figure, gold.figure)
    kind = enum_similarity(pred.kind, gold.kind)
    claimant = name_similarity(pred.claimant, gold.claimant, aliases)
    key = figures_equal(pred.figure, gold.figure) and kind.value == 1.0 and claimant.value >= NAME_THRESHOLD
    return _combine(
        [
            ("figure", 2.0, figure),
            ("kind", 1.0, kind),
            ("claimant", 1.5, claimant),
            ("victims", 0.5, text_similarity(pred.victims, gold.victims)),
            ("side", 0.5, text_similarity(pred.side, gold.side)),
            ("place", 0.5, text_similarity(pred.place, gold.place)),
            ("incident", 0.5, text_similarity(pred.incident, gold.incident)),
            ("hedge", 0.5, text_similarity(pred.hedge, gold.hedge)),
        ],
        key_matched=key,
        key=f"{figure.explanation}; kind {kind.explanation}; claimant {claimant.value:.2f}",
    )


def reaction_similarity(pred: GovernmentReaction, gold: GovernmentReaction, aliases: Aliases | None = None) -> ItemScore:
    """Key: the same actor and the same stance; then statement and speaker."""
    actor = name_similarity(pred.actor, gold.actor, aliases)
    stance = enum_similarity(pred.stance, gold.stance)
    return _combine(
        [
            ("actor", 2.0, actor),
            ("stance", 2.0, stance),
            ("statement", 1.0, text_similarity(pred.statement, gold.statement)),
            ("speaker", 0.5, name_similarity(pred.speaker, gold.speaker, aliases)),
        ],
        key_matched=actor.value >= NAME_THRESHOLD and stance.value == 1.0,
        key=f"{actor.explanation}; stance {stance.explanation}",
    )


def attendee_similarity(pred: Attendee, gold: Attendee, aliases: Aliases | None = None) -> ItemScore:
    """Key: the same name; then kind, role, affiliation, representatives."""
    name = name_similarity(pred.name, gold.name, aliases)
    return _combine(
        [
            ("name", 2.0, name),
            ("kind", 1.0, enum_similarity(pred.kind, gold.kind)),
            ("role", 0.5, text_similarity(pred.role, gold.role)),
            ("affiliation", 0.5, name_similarity(pred.affiliation, gold.affiliation, aliases)),
            ("representatives", 0.5, enum_similarity(pred.representatives, gold.representatives)),
        ],
        key_matched=name.value >= NAME_THRESHOLD,
        key=name.explanation,
    )


def source_similarity(pred: Source, gold: Source, aliases: Aliases | None = None) -> ItemScore:
    """Key: the same name; then anonymity."""
    name = name_similarity(pred.name, gold.name, aliases)
    return _combine(
        [("name", 2.0, name), ("anonymous", 1.0, enum_similarity(pred.anonymous, gold.anonymous))],
        key_matched=name.value >= NAME_THRESHOLD,
        key=name.explanation,
    )


def statement_similarity(pred: Statement, gold: Statement, aliases: Aliases | None = None) -> ItemScore:
    """A truce condition or caveat. Key: content similarity >= TEXT_THRESHOLD."""
    text = text_similarity(pred.text, gold.text)
    return _combine([("text", 1.0, text)], key_matched=text.value >= TEXT_THRESHOLD, key=text.explanation)


def event_similarity(pred: Event, gold: Event, aliases: Aliases | None = None) -> ItemScore:
    """Date and place, by content."""
    return _combine(
        [("date", 1.0, text_similarity(pred.date, gold.date)), ("place", 1.0, text_similarity(pred.place, gold.place))]
    )


def truce_similarity(pred: Truce, gold: Truce, aliases: Aliases | None = None) -> ItemScore:
    """Key: the same status. Then parties and toward (name sets), when, where; conditions and caveats
    are sections of their own."""
    status = enum_similarity(pred.status, gold.status)
    return _combine(
        [
            ("status", 2.0, status),
            ("parties", 1.0, name_set_similarity(pred.parties, gold.parties, aliases)),
            ("toward", 1.0, name_set_similarity(pred.toward, gold.toward, aliases)),
            ("when", 0.5, text_similarity(pred.when, gold.when)),
            ("where", 0.5, text_similarity(pred.where, gold.where)),
        ],
        key_matched=status.value == 1.0,
        key=f"status {status.explanation}",
    )


def meeting_similarity(pred: Meeting, gold: Meeting, aliases: Aliases | None = None) -> ItemScore:
    """Place, time, host and unnamed others; attendees are a section of their own."""
    return _combine(
        [
            ("place", 1.0, text_similarity(pred.place, gold.place)),
            ("time", 1.0, text_similarity(pred.time, gold.time)),
            ("host", 1.0, name_similarity(pred.host, gold.host, aliases)),
            ("unnamed_others", 0.5, enum_similarity(pred.unnamed_others, gold.unnamed_others)),
        ]
    )


# --- alignment and metrics -----------------------------------------------------------------


def prf(credit: float, n_pred: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall, F1 from soft credit; None where a denominator is empty."""
    precision = clamp(credit / n_pred) if n_pred else None
    recall = clamp(credit / n_gold) if n_gold else None
    f1 = clamp(2 * credit / (n_pred + n_gold)) if n_pred + n_gold else None
    return precision, recall, f1


def align(
    preds: Sequence[T], golds: Sequence[G], similarity: Callable[[T, G], ItemScore],
    tie_break: Callable[[int, int], float] | None = None,
) -> list[tuple[int, int, ItemScore]]:
    """Optimal one-to-one pairs (Hungarian, maximum summed similarity) whose key matches,
    as (pred_index, gold_index, score) sorted by pred_index. ``tie_break`` adds a tiny preference."""
    if not preds or not golds:
        return []
    scores = [[similarity(p, g) for g in golds] for p in preds]
    weights = np.array([
        [(s.value + 1.0 + (tie_break(i, j) if tie_break else 0.0)) if s.key_matched else 0.0
         for j, s in enumerate(row)]
        for i, row in enumerate(scores)
    ])
    rows, cols = linear_sum_assignment(weights, maximize=True)
    pairs = [(int(i), int(j), scores[i][j]) for i, j in zip(rows, cols)]
    return sorted((p for p in pairs if p[2].key_matched), key=lambda p: p[0])


def name_set_similarity(pred: Sequence[str], gold: Sequence[str], aliases: Aliases | None = None) -> Score:
    """Soft F1 of two sets of names, matched one-to-one at >= NAME_THRESHOLD; both empty -> 1.0."""

    def similarity(a: str, b: str) -> ItemScore:
        s = name_similarity(a, b, aliases)
        return ItemScore(value=s.value, explanation=s.explanation, key_matched=s.value >= NAME_THRESHOLD)

    if not pred and not gold:
        return Score(value=1.0, explanation="names: both empty")
    pairs = align(pred, gold, similarity)
    f1 = prf(sum(s.value for _, _, s in pairs), len(pred), len(gold))[2] or 0.0
    return Score(value=clamp(f1), explanation=f"names {list(pred)} ~ {list(gold)}: F1 {f1:.2f}")


def _variants(item: Grounded) -> list[Grounded]:
    """The item itself, then its alternatives (a gold item's), each as a whole item."""
    variants = getattr(item, "variants", None)
    return [item, *variants()[1:]] if callable(variants) else [item]


def _best(pred: Grounded, gold: Grounded, similarity: Callable[[Any, Any], ItemScore]) -> ItemScore:
    """The gold item compared as its best variant: a matching key first, then the highest value."""
    scores = [similarity(pred, variant) for variant in _variants(gold)]
    return max(scores, key=lambda s: (s.key_matched, s.value))


_EPSILON = 1e-3


def section_score(
    section: str,
    preds: Sequence[Grounded],
    golds: Sequence[Grounded],
    similarity: Callable[[Any, Any], ItemScore],
) -> SectionScore:
    """Align one section's items, then its soft precision, recall, F1 and evidence accuracy."""
    optional = [bool(getattr(g, "optional", False)) for g in golds]

    def tie_break(i: int, j: int) -> float:
        # Prefer a required gold over an optional one, and evidence that overlaps, so that the
        # pairing does not depend on the order of the items.
        overlap = evidence_supports(preds[i].evidence, golds[j].evidence).value
        return _EPSILON * overlap - _EPSILON * 2 * optional[j]

    pairs = align(preds, golds, lambda p, g: _best(p, g, similarity), tie_break)
    matched = []
    for i, j, s in pairs:
        evidence = max(
            (evidence_supports(preds[i].evidence, v.evidence) for v in _variants(golds[j])),
            key=lambda e: e.value,
        )
        matched.append(MatchedPair(pred_index=i, gold_index=j, similarity=s.value, evidence_ok=evidence.value == 1.0,
                                   explanation=f"{s.explanation}; {evidence.explanation}"))
    paired_pred, paired_gold = {m.pred_index for m in matched}, {m.gold_index for m in matched}
    n_gold = sum(1 for j in range(len(golds)) if not optional[j] or j in paired_gold)
    credit = sum(m.similarity for m in matched)
    precision, recall, f1 = prf(credit, len(preds), n_gold)
    return SectionScore(
        section=section, precision=precision, recall=recall, f1=f1,
        n_pred=len(preds), n_gold=n_gold, credit=credit, matched=matched,
        unmatched_pred=[i for i in range(len(preds)) if i not in paired_pred],
        unmatched_gold=[j for j in range(len(golds)) if j not in paired_gold and not optional[j]],
        evidence_ok=sum(m.evidence_ok for m in matched),
    )


# --- the brief -----------------------------------------------------------------------------


def _one(item: Grounded | None) -> list[Grounded]:
    return [] if item is None else [item]


SectionSpec = tuple[str, Callable[[Brief], Sequence[Grounded]], Callable[..., ItemScore]]

_SECTION_SPECS: tuple[SectionSpec, ...] = (
    ("summary", lambda b: _one(b.summary), summary_similarity),
    ("event", lambda b: _one(b.event), event_similarity),
    ("truce", lambda b: _one(b.truce), truce_similarity),
    ("truce_conditions", lambda b: b.truce.conditions if b.truce else [], statement_similarity),
    ("truce_caveats", lambda b: b.truce.caveats if b.truce else [], statement_similarity),
    ("meeting", lambda b: _one(b.meeting), meeting_similarity),
    ("attendees", lambda b: b.meeting.attendees if b.meeting else [], attendee_similarity),
    ("casualties", lambda b: b.casualties, casualty_similarity),
    ("reactions", lambda b: b.reactions, reaction_similarity),
    ("sources", lambda b: b.sources, source_similarity),
)


def section_items(brief: Brief | GoldBrief, name: str) -> list[Any]:
    """The items of scored section ``name`` in a brief or gold, in the order the scorer indexes them."""
    get = next(get for section, get, _ in _SECTION_SPECS if section == name)
    return list(get(brief))


def score_brief(pred: Brief, gold: Brief | GoldBrief, article: str | None = None, *,
                aliases: Aliases | None = None) -> BriefScore:
    """Score ``pred`` against ``gold`` section by section.

    Names are compared with the acronyms the ``article`` defines plus ``aliases`` (which win); the
    summary's names and figures are checked against the ``article``."""
    gold = as_gold(gold)
    table = dict(aliases or {})
    for short, full in aliases_from_text(article).items():
        table.setdefault(short, full)
    sections = {}
    for name, get, similarity in _SECTION_SPECS:
        compare = (partial(summary_similarity, article=article) if similarity is summary_similarity
                   else partial(similarity, aliases=table))
        sections[name] = section_score(name, get(pred), get(gold), compare)
    return BriefScore(sections=sections, **pooled(sections.values()))


def pooled(scores: Iterable[SectionScore]) -> dict[str, float | None]:
    """Micro precision, recall, F1 and evidence accuracy over the items of several section scores."""
    rows = list(scores)
    precision, recall, f1 = prf(sum(r.credit for r in rows), sum(r.n_pred for r in rows), sum(r.n_gold for r in rows))
    n_matched = sum(len(r.matched) for r in rows)
    return {
        "overall_precision": precision, "overall_recall": recall, "overall_f1": f1,
        "evidence_accuracy": sum(r.evidence_ok for r in rows) / n_matched if n_matched else None,
    }


def aggregate(scores: Sequence[BriefScore]) -> dict[str, Any]:
    """Pooled (micro) figures per section and overall across cases (pure).

    Per section: precision, recall, F1 from the credit and counts summed over cases; evidence accuracy
    over the matched pairs; and how many cases abstained correctly (both empty), abstained falsely
    (gold only) or invented the section (prediction only). ``macro_f1`` is the mean of the sections' pooled F1."""
    sections: dict[str, dict[str, Any]] = {}
    for name in SCORED_SECTIONS:
        rows = [s.sections[name] for s in scores if name in s.sections]
        numbers = pooled(rows)
        outcomes = [r.outcome for r in rows]
        n_matched = sum(len(r.matched) for r in rows)
        sections[name] = {
            "precision": numbers["overall_precision"], "recall": numbers["overall_recall"],
            "f1": numbers["overall_f1"], "evidence_accuracy": numbers["evidence_accuracy"],
            "n_pred": sum(r.n_pred for r in rows), "n_gold": sum(r.n_gold for r in rows),
            "n_matched": n_matched, "credit": sum(r.credit for r in rows),
            "correct_abstentions": outcomes.count("abstained"), "false_abstentions": outcomes.count("missed"),
            "invented": outcomes.count("invented"),
        }
    overall = pooled(r for s in scores for r in s.sections.values())
    f1s = [v["f1"] for v in sections.values() if v["f1"] is not None]
    overall["macro_f1"] = sum(f1s) / len(f1s) if f1s else None
    return {"n_cases": len(scores), "sections": sections, "overall": overall}
