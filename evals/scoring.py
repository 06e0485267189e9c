"""Score a predicted Brief against a gold Brief, field by field: deterministic and offline.

Modelled on pydantic-evals / inspect_ai: a comparator is a small pure function returning a
:class:`Score` (a value in [0, 1] and an explanation); metrics are pure functions.

Conventions
-----------
* Every section is a list of items; a singleton (summary, event, truce, meeting) is a list
  of zero or one item.
* Items are aligned one-to-one per section with the Hungarian algorithm, maximising the summed
  item similarity. A pair counts as matched only if its KEY matches (e.g. a casualty's figure
  ranges overlap and its kind is equal) and its similarity is >= ``threshold`` (0.5).
* Soft credit: ``credit`` is the sum of the matched pairs' similarities, so
  ``precision = credit / n_pred``, ``recall = credit / n_gold`` and
  ``f1 = 2 * credit / (n_pred + n_gold)`` (the harmonic mean of the two).
  An empty denominator gives 1.0: nothing predicted is nothing predicted wrongly, so empty
  pred vs empty gold gives P = R = F1 = 1.0; empty pred vs non-empty gold gives P = 1.0,
  R = F1 = 0.0.
* ``BriefScore.overall_f1`` is the micro-average (all sections' items pooled: one summary
  counts as much as one casualty claim); ``macro_f1`` is the mean F1 of the sections that
  have at least one item on either side (1.0 if none has).
* Evidence is not part of an item's similarity; it is reported apart, per matched pair and
  as the share of matched pairs whose spans overlap.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from functools import partial
from statistics import fmean
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

from summarizer.schema import (
    Attendee,
    Brief,
    CasualtyClaim,
    Event,
    Figure,
    GovernmentReaction,
    Grounded,
    Meeting,
    Source,
    Span,
    Statement,
    Summary,
    Truce,
)

DEFAULT_THRESHOLD = 0.5
"""Minimum item similarity for a pair to count as a match."""
NAME_THRESHOLD = 0.8
"""Minimum name similarity for a name key (actor, attendee, source, truce party) to match."""
TEXT_THRESHOLD = 0.7
"""Minimum text similarity for a text key (truce condition, caveat) to match.

Higher than DEFAULT_THRESHOLD: unrelated sentences of one article score ~0.46 (median) and up
to ~0.63 with ``token_set_ratio``, so 0.5 would pair a condition with an unrelated caveat."""

SECTIONS = (
    "summary", "event", "truce", "truce_conditions", "truce_caveats",
    "meeting", "attendees", "casualties", "reactions", "sources",
)

T = TypeVar("T")
G = TypeVar("G")
Aliases = Mapping[str, str]


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Score(_Result):
    """A value in [0, 1] and why."""

    value: float = Field(ge=0.0, le=1.0)
    explanation: str


class ItemScore(Score):
    """The similarity of two items; ``key_matched`` False means they can never be paired."""

    key_matched: bool = True


class MatchedPair(_Result):
    """A predicted item paired with a gold item."""

    pred_index: int
    gold_index: int
    similarity: float = Field(ge=0.0, le=1.0)
    evidence: float = Field(ge=0.0, le=1.0, description="share of pred spans overlapping gold spans")
    explanation: str


class SectionScore(_Result):
    """Precision, recall and F1 of one section, with the alignment behind them."""

    section: str
    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int
    credit: float = Field(description="sum of the matched pairs' similarities")
    matched: list[MatchedPair] = Field(default_factory=list)
    unmatched_pred: list[int] = Field(default_factory=list)
    unmatched_gold: list[int] = Field(default_factory=list)
    evidence_overlap: float | None = Field(
        default=None, description="share of matched pairs whose evidence overlaps; None if no pair"
    )


class BriefScore(_Result):
    """Every section's score and the overall figures (see the module docstring)."""

    sections: dict[str, SectionScore]
    overall_precision: float
    overall_recall: float
    overall_f1: float = Field(description="micro-average over all sections' items")
    macro_f1: float = Field(description="mean F1 of the sections with any item")
    evidence_overlap: float | None = None


# --- normalisation and aliases -------------------------------------------------------------

_APOSTROPHES = "'\u2018\u2019\u02bc`"
_POSSESSIVE = re.compile(rf"(\w)[{_APOSTROPHES}]s\b")
_STOPWORDS = frozenset({"of", "the", "for", "and", "de", "du", "des", "la", "le", "in", "on", "&"})
_STRIP = "\"'\u201c\u201d\u2018\u2019()[]{},;:.!?"
_ACRONYM_AFTER = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)")
_ACRONYM_BEFORE = re.compile(r"\b([A-Z][A-Za-z0-9&]{1,9})\s*\(([^()]{3,80})\)")


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def _score(value: float, explanation: str) -> Score:
    return Score(value=_clamp(value), explanation=explanation)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def normalize(text: str | None) -> str:
    """Casefold, strip accents (NFKD), drop possessive 's and punctuation, a leading "the", extra spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    bare = _POSSESSIVE.sub(r"\1", bare)
    chars = [
        "" if ch in _APOSTROPHES else " " if unicodedata.category(ch)[0] in "PSZC" else ch
        for ch in bare
    ]
    words = "".join(chars).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _acronym_letters(acronym: str) -> str | None:
    letters = "".join(ch for ch in acronym if ch.isupper())
    return letters if len(letters) >= 2 else None


def _initial(word: str) -> str | None:
    """The capital initial of a name word ("al-Shuhada" -> "S"); None for a lowercase word."""
    for part in word.split("-"):
        if part[:1].isupper():
            return part[0]
    return None


def _expand_backwards(words: list[str], letters: str) -> str | None:
    """The name whose word initials spell ``letters``, ending at the last of ``words``."""
    need, taken = list(letters), []
    for i, raw in enumerate(reversed(words)):
        if i > 0 and raw[-1] in ",;:.!?":
            return None
        word = raw.strip(_STRIP)
        initial = _initial(word) if word else None
        if initial is None:
            if taken and word.lower() in _STOPWORDS:
                taken.append(word)
                continue
            return None
        if initial != need[-1]:
            return None
        need.pop()
        taken.append(word)
        if not need:
            return " ".join(reversed(taken))
    return None


def _spells(name: str, letters: str) -> bool:
    """True when the capitalised words of ``name`` spell ``letters`` (stopwords skipped)."""
    spelled = ""
    for raw in name.split():
        word = raw.strip(_STRIP)
        if not word:
            continue
        initial = _initial(word)
        if initial is None and word.lower() not in _STOPWORDS:
            return False
        spelled += initial or ""
    return spelled == letters


def aliases_from_text(text: str | None) -> dict[str, str]:
    """The acronyms a text defines, acronym -> full name.

    "Kataib Hezbollah (KH)" and "KH (Kataib Hezbollah)" both give {"KH": "Kataib Hezbollah"}.
    The full name must spell the acronym with its capitalised words' initials (lowercase
    "of", "the", ... may sit inside it). The first definition of an acronym wins.
    """
    aliases: dict[str, str] = {}
    if not text:
        return aliases
    for match in _ACRONYM_AFTER.finditer(text):
        letters = _acronym_letters(match.group(1))
        words = text[: match.start()].split()[-12:]
        full = _expand_backwards(words, letters) if letters and words else None
        if full:
            aliases.setdefault(match.group(1), full)
    for match in _ACRONYM_BEFORE.finditer(text):
        letters = _acronym_letters(match.group(1))
        full = match.group(2).strip()
        if letters and _spells(full, letters):
            aliases.setdefault(match.group(1), full)
    return aliases


def _alias_table(aliases: Aliases | None) -> dict[str, str]:
    table: dict[str, str] = {}
    for short, full in (aliases or {}).items():
        key, value = normalize(short), normalize(full)
        if key and value and key != value:
            table.setdefault(key, value)
    return table


def canonical_name(name: str | None, aliases: Aliases | None = None) -> str:
    """The normalised name with aliases resolved, whole ("KH") or as a word ("chief of the PMA")."""
    norm, table = normalize(name), _alias_table(aliases)
    if norm in table:
        return table[norm]
    return " ".join(table.get(word, word) for word in norm.split())


# --- field comparators ---------------------------------------------------------------------


def _absent(pred: object, gold: object, what: str) -> Score | None:
    """1.0 if both are absent, 0.0 if one is, None if both are present."""
    pred_none = pred is None or (isinstance(pred, str) and _blank(pred))
    gold_none = gold is None or (isinstance(gold, str) and _blank(gold))
    if pred_none and gold_none:
        return _score(1.0, f"{what}: both absent")
    if pred_none or gold_none:
        return _score(0.0, f"{what}: pred {pred!r} vs gold {gold!r}")
    return None


def name_similarity(pred: str | None, gold: str | None, aliases: Aliases | None = None) -> Score:
    """Fuzzy similarity of two names after normalisation and alias resolution.

    max(rapidfuzz ``ratio``, ``token_set_ratio``) / 100, so a name that is a subset of the
    other ("Amiri" vs "Hadi al-Amiri") scores 1.0.
    """
    absent = _absent(pred, gold, "name")
    if absent is not None:
        return absent
    a, b = canonical_name(pred, aliases), canonical_name(gold, aliases)
    value = 1.0 if a == b else max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b)) / 100
    via = f" (as {a!r} / {b!r})" if (a, b) != (normalize(pred), normalize(gold)) else ""
    return _score(value, f"name {pred!r} ~ {gold!r}{via}: {value:.2f}")


_OFFICE_WORDS = frozenset(
    "government govt ministry minister ministers foreign defence defense interior affairs prime president "
    "presidency office spokesman spokeswoman spokesperson of for state department cabinet administration".split()
)
"""Words that name an office of a state rather than the state itself ("Lessarian government")."""


def _same_stem(a: str, b: str) -> bool:
    """Equal, or a country and its adjective ("iraq"/"iraqi", "lessaria"/"lessarian")."""
    if a == b:
        return True
    common = len(os.path.commonprefix([a, b]))
    return common >= 4 and common >= max(len(a), len(b)) - 3


def _state_core(name: str, aliases: Aliases | None) -> list[str]:
    return [w for w in canonical_name(name, aliases).split() if w not in _OFFICE_WORDS]


def actor_similarity(pred: str | None, gold: str | None, aliases: Aliases | None = None) -> Score:
    """A government actor: the name similarity, or 0.9 when both name the same state once the
    office words are set aside ("Lessarian government" ~ "Lessaria", "Iraq's foreign ministry" ~ "Iraq").

    A different body of that state ("Lessarian army") keeps its own word and does not match."""
    by_name = name_similarity(pred, gold, aliases)
    if by_name.value >= 0.9 or pred is None or gold is None:
        return by_name
    a, b = _state_core(pred, aliases), _state_core(gold, aliases)
    if a and len(a) == len(b) and all(_same_stem(x, y) for x, y in zip(sorted(a), sorted(b))):
        return _score(0.9, f"actor {pred!r} ~ {gold!r}: the same state ({' '.join(b)}): 0.90")
    return by_name


def text_similarity(pred: str | None, gold: str | None) -> Score:
    """rapidfuzz ``token_set_ratio`` / 100 of the normalised texts."""
    absent = _absent(pred, gold, "text")
    if absent is not None:
        return absent
    a, b = normalize(pred), normalize(gold)
    value = 1.0 if a == b else fuzz.token_set_ratio(a, b) / 100
    return _score(value, f"text {_short(pred)!r} ~ {_short(gold)!r}: {value:.2f}")


def _short(text: str | None, limit: int = 40) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 3] + "..."


def enum_similarity(pred: Enum | bool | str | None, gold: Enum | bool | str | None) -> Score:
    """1.0 when equal (enum members compared by value), else 0.0."""
    a = pred.value if isinstance(pred, Enum) else pred
    b = gold.value if isinstance(gold, Enum) else gold
    return _score(float(a == b), f"{a!r} {'==' if a == b else '!='} {b!r}")


def _bounds(figure: Figure) -> tuple[float, float]:
    low = 0 if figure.low is None else figure.low
    high = math.inf if figure.high is None else figure.high
    return low, high


def figures_overlap(pred: Figure, gold: Figure) -> bool:
    """True when the inclusive ranges intersect (open low = 0, open high = infinity)."""
    (pred_low, pred_high), (gold_low, gold_high) = _bounds(pred), _bounds(gold)
    return max(pred_low, gold_low) <= min(pred_high, gold_high)


def _end_agreement(a: int | None, b: int | None) -> float:
    if a == b:
        return 1.0
    if a is None or b is None or a < 0 or b < 0:
        return 0.0
    return min(a, b) / max(a, b)


def _fmt(figure: Figure) -> str:
    return f"{'' if figure.low is None else figure.low}..{'' if figure.high is None else figure.high}"


def figure_similarity(pred: Figure | None, gold: Figure | None) -> Score:
    """1.0 for equal ranges, 0.0 for disjoint ones; overlapping ones score in [0.5, 1).

    Partial credit = 0.5 + 0.5 * mean agreement of the two ends, an end agreeing by
    min/max of its numbers (open ends agree only with open ends). The ``approximate``
    flag is ignored: "about 4" and "5" do not overlap.
    """
    absent = _absent(pred, gold, "figure")
    if absent is not None or pred is None or gold is None:
        return absent or _score(0.0, "figure missing")
    pair = f"{_fmt(pred)} vs {_fmt(gold)}"
    if (pred.low, pred.high) == (gold.low, gold.high):
        return _score(1.0, f"figure {pair}: equal")
    if not figures_overlap(pred, gold):
        return _score(0.0, f"figure {pair}: disjoint")
    ends = (_end_agreement(pred.low or 0, gold.low or 0) + _end_agreement(pred.high, gold.high)) / 2
    value = 0.5 + 0.5 * ends
    return _score(value, f"figure {pair}: overlap {value:.2f}")


def _spans_intersect(a: Span, b: Span) -> bool:
    if a.start == a.end:
        return b.start <= a.start < b.end or a.start == b.start == b.end
    return max(a.start, b.start) < min(a.end, b.end)


def evidence_overlap(pred: Sequence[Span], gold: Sequence[Span]) -> Score:
    """The share of predicted spans whose character range intersects any gold span."""
    if not pred and not gold:
        return _score(1.0, "evidence: both empty")
    if not pred or not gold:
        return _score(0.0, f"evidence: {len(pred)} pred vs {len(gold)} gold spans")
    hits = sum(any(_spans_intersect(p, g) for g in gold) for p in pred)
    return _score(hits / len(pred), f"evidence: {hits}/{len(pred)} pred spans overlap gold")


# --- alignment and metrics -----------------------------------------------------------------


def _eligible(score: ItemScore, threshold: float) -> bool:
    return score.key_matched and score.value >= threshold


_TIE_BREAK = 1e-3


def _overlap_of(pred: object, gold: object) -> float:
    if isinstance(pred, Grounded) and isinstance(gold, Grounded):
        return evidence_overlap(pred.evidence, gold.evidence).value
    return 0.0


def align(
    preds: Sequence[T],
    golds: Sequence[G],
    similarity: Callable[[T, G], ItemScore],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[tuple[int, int, ItemScore]]:
    """Optimal one-to-one pairs (Hungarian, maximum summed similarity) whose key matches and
    similarity >= ``threshold``, as (pred_index, gold_index, score) sorted by pred_index."""
    if not preds or not golds:
        return []
    scores = [[similarity(p, g) for g in golds] for p in preds]
    # Ties (e.g. two sources both named "a commander") are broken by evidence overlap, so the
    # pairing does not depend on the order of the items.
    weights = np.array([
        [s.value + _TIE_BREAK * _overlap_of(p, g) if _eligible(s, threshold) else 0.0
         for s, g in zip(row, golds)]
        for row, p in zip(scores, preds)
    ])
    rows, cols = linear_sum_assignment(weights, maximize=True)
    pairs = [(int(i), int(j), scores[i][j]) for i, j in zip(rows, cols)]
    return sorted((p for p in pairs if _eligible(p[2], threshold)), key=lambda p: p[0])


def prf(credit: float, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from soft credit; an empty denominator gives 1.0 (see module doc)."""
    precision = credit / n_pred if n_pred else 1.0
    recall = credit / n_gold if n_gold else 1.0
    f1 = 2 * credit / (n_pred + n_gold) if n_pred + n_gold else 1.0
    return _clamp(precision), _clamp(recall), _clamp(f1)


def name_set_similarity(pred: Sequence[str], gold: Sequence[str], aliases: Aliases | None = None) -> Score:
    """Soft F1 of two sets of names, matched one-to-one at >= NAME_THRESHOLD; both empty -> 1.0."""

    def similarity(a: str, b: str) -> ItemScore:
        s = name_similarity(a, b, aliases)
        return ItemScore(value=s.value, explanation=s.explanation, key_matched=s.value >= NAME_THRESHOLD)

    if not pred and not gold:
        return _score(1.0, "names: both empty")
    pairs = align(pred, gold, similarity, NAME_THRESHOLD)
    f1 = prf(sum(s.value for _, _, s in pairs), len(pred), len(gold))[2]
    return _score(f1, f"names {list(pred)} ~ {list(gold)}: F1 {f1:.2f}")


def section_score(
    section: str,
    preds: Sequence[Grounded],
    golds: Sequence[Grounded],
    similarity: Callable[[Any, Any], ItemScore],
    threshold: float = DEFAULT_THRESHOLD,
) -> SectionScore:
    """Align one section's items and compute its soft precision, recall and F1."""
    pairs = align(preds, golds, similarity, threshold)
    matched = [
        MatchedPair(
            pred_index=i, gold_index=j, similarity=s.value,
            evidence=evidence_overlap(preds[i].evidence, golds[j].evidence).value,
            explanation=s.explanation,
        )
        for i, j, s in pairs
    ]
    credit = sum(m.similarity for m in matched)
    precision, recall, f1 = prf(credit, len(preds), len(golds))
    paired_pred, paired_gold = {m.pred_index for m in matched}, {m.gold_index for m in matched}
    return SectionScore(
        section=section, precision=precision, recall=recall, f1=f1,
        n_pred=len(preds), n_gold=len(golds), credit=credit, matched=matched,
        unmatched_pred=[i for i in range(len(preds)) if i not in paired_pred],
        unmatched_gold=[j for j in range(len(golds)) if j not in paired_gold],
        evidence_overlap=_share(m.evidence > 0 for m in matched),
    )


def _share(flags: Iterable[bool]) -> float | None:
    values = list(flags)
    return sum(values) / len(values) if values else None


# --- item similarities ---------------------------------------------------------------------


def _combine(parts: Sequence[tuple[str, float, Score]], key_matched: bool = True, key: str = "") -> ItemScore:
    """Weighted mean of field scores, explained field by field."""
    total = sum(weight for _, weight, _ in parts)
    value = sum(weight * score.value for _, weight, score in parts) / total
    fields = ", ".join(f"{name} {score.value:.2f}" for name, _, score in parts)
    head = f"key {'ok' if key_matched else 'FAILED'} ({key}); " if key else ""
    return ItemScore(value=_clamp(value), key_matched=key_matched, explanation=f"{head}{fields}")


def casualty_similarity(
    pred: CasualtyClaim, gold: CasualtyClaim, aliases: Aliases | None = None
) -> ItemScore:
    """Key: figure ranges overlap and kind equal; then figure, kind, claimant and context fields."""
    figure = figure_similarity(pred.figure, gold.figure)
    kind = enum_similarity(pred.kind, gold.kind)
    key = figures_overlap(pred.figure, gold.figure) and kind.value == 1.0
    return _combine(
        [
            ("figure", 2.0, figure),
            ("kind", 1.0, kind),
            ("claimant", 1.0, name_similarity(pred.claimant, gold.claimant, aliases)),
            ("victims", 0.5, text_similarity(pred.victims, gold.victims)),
            ("side", 0.5, text_similarity(pred.side, gold.side)),
            ("place", 0.5, text_similarity(pred.place, gold.place)),
            ("incident", 0.5, text_similarity(pred.incident, gold.incident)),
            ("hedge", 0.5, text_similarity(pred.hedge, gold.hedge)),
        ],
        key_matched=key,
        key=f"{figure.explanation}; kind {kind.explanation}",
    )


def reaction_similarity(
    pred: GovernmentReaction, gold: GovernmentReaction, aliases: Aliases | None = None
) -> ItemScore:
    """Key: actor names match (>= NAME_THRESHOLD); then actor, stance, statement, speaker."""
    actor = actor_similarity(pred.actor, gold.actor, aliases)
    return _combine(
        [
            ("actor", 2.0, actor),
            ("stance", 1.5, enum_similarity(pred.stance, gold.stance)),
            ("statement", 1.0, text_similarity(pred.statement, gold.statement)),
            ("speaker", 0.5, name_similarity(pred.speaker, gold.speaker, aliases)),
        ],
        key_matched=actor.value >= NAME_THRESHOLD,
        key=actor.explanation,
    )


def attendee_similarity(pred: Attendee, gold: Attendee, aliases: Aliases | None = None) -> ItemScore:
    """Key: names match (>= NAME_THRESHOLD); then name, kind, role, affiliation, representatives."""
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
    """Key: names match (>= NAME_THRESHOLD); then name and anonymity."""
    name = name_similarity(pred.name, gold.name, aliases)
    return _combine(
        [("name", 2.0, name), ("anonymous", 1.0, enum_similarity(pred.anonymous, gold.anonymous))],
        key_matched=name.value >= NAME_THRESHOLD,
        key=name.explanation,
    )


def statement_similarity(pred: Statement, gold: Statement, aliases: Aliases | None = None) -> ItemScore:
    """A truce condition or caveat. Key: text similarity >= TEXT_THRESHOLD."""
    text = text_similarity(pred.text, gold.text)
    return _combine([("text", 1.0, text)], key_matched=text.value >= TEXT_THRESHOLD, key=text.explanation)


def summary_similarity(pred: Summary, gold: Summary, aliases: Aliases | None = None) -> ItemScore:
    """Text similarity of the summaries."""
    return _combine([("text", 1.0, text_similarity(pred.text, gold.text))])


def event_similarity(pred: Event, gold: Event, aliases: Aliases | None = None) -> ItemScore:
    """Date and place, as text."""
    return _combine(
        [
            ("date", 1.0, text_similarity(pred.date, gold.date)),
            ("place", 1.0, text_similarity(pred.place, gold.place)),
        ]
    )


def truce_similarity(pred: Truce, gold: Truce, aliases: Aliases | None = None) -> ItemScore:
    """Status, parties and toward (name sets), when, where; conditions and caveats are own sections."""
    return _combine(
        [
            ("status", 2.0, enum_similarity(pred.status, gold.status)),
            ("parties", 1.0, name_set_similarity(pred.parties, gold.parties, aliases)),
            ("toward", 1.0, name_set_similarity(pred.toward, gold.toward, aliases)),
            ("when", 0.5, text_similarity(pred.when, gold.when)),
            ("where", 0.5, text_similarity(pred.where, gold.where)),
        ]
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


# --- the brief -----------------------------------------------------------------------------


def _one(item: Grounded | None) -> list[Grounded]:
    return [] if item is None else [item]


_SECTION_SPECS: tuple[tuple[str, Callable[[Brief], Sequence[Grounded]], Callable[..., ItemScore]], ...] = (
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


def score_brief(
    pred: Brief,
    gold: Brief,
    article: str | None = None,
    *,
    aliases: Aliases | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> BriefScore:
    """Score ``pred`` against ``gold`` section by section.

    Names are compared with the acronyms the ``article`` defines plus ``aliases`` (which win).
    """
    table = dict(aliases or {})
    for short, full in aliases_from_text(article).items():
        table.setdefault(short, full)
    sections = {
        name: section_score(name, get(pred), get(gold), partial(similarity, aliases=table), threshold)
        for name, get, similarity in _SECTION_SPECS
    }
    scores = list(sections.values())
    precision, recall, f1 = prf(
        sum(s.credit for s in scores), sum(s.n_pred for s in scores), sum(s.n_gold for s in scores)
    )
    return BriefScore(
        sections=sections,
        overall_precision=precision,
        overall_recall=recall,
        overall_f1=f1,
        macro_f1=_macro_f1(scores),
        evidence_overlap=_share(m.evidence > 0 for s in scores for m in s.matched),
    )


def _macro_f1(scores: Sequence[SectionScore]) -> float:
    active = [s.f1 for s in scores if s.n_pred or s.n_gold]
    return fmean(active) if active else 1.0


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


def aggregate(scores: Sequence[BriefScore]) -> dict[str, Any]:
    """Per-section and overall means across cases (pure).

    Per section: mean ``precision``/``recall``/``f1`` over all cases (a case where both
    sides are empty counts 1.0), summed ``n_pred``/``n_gold``, ``micro_f1`` from the credit
    pooled across cases, and mean ``evidence_overlap`` over cases that have one. Means are
    None when there are no cases.
    """
    sections: dict[str, dict[str, Any]] = {}
    for name in SECTIONS:
        rows = [s.sections[name] for s in scores if name in s.sections]
        n_pred, n_gold = sum(r.n_pred for r in rows), sum(r.n_gold for r in rows)
        sections[name] = {
            "precision": _mean(r.precision for r in rows),
            "recall": _mean(r.recall for r in rows),
            "f1": _mean(r.f1 for r in rows),
            "n_pred": n_pred,
            "n_gold": n_gold,
            "micro_f1": prf(sum(r.credit for r in rows), n_pred, n_gold)[2] if rows else None,
            "evidence_overlap": _mean(r.evidence_overlap for r in rows),
        }
    overall = {
        key: _mean(getattr(s, key) for s in scores)
        for key in ("overall_precision", "overall_recall", "overall_f1", "macro_f1", "evidence_overlap")
    }
    return {"n_cases": len(scores), "sections": sections, "overall": overall}
