"""Score a predicted Brief against a gold brief, field by field: deterministic and offline.

Modelled on pydantic-evals / inspect_ai: a comparator is a small pure function returning a
:class:`Score` (a value in [0, 1] and an explanation); metrics are pure functions.

Conventions
-----------
* Every section is a list of items; a singleton (summary, event, truce, meeting) is a list of zero or
  one item. Items are aligned one-to-one per section (Hungarian, maximum summed similarity).
* A pair matches only when its KEY matches, and the key carries the meaning of the section:
  a casualty claim's figures overlap, its kind is equal and its claimant is the same (null only
  against null); a reaction's actor and stance; a truce's status; a condition's or caveat's content;
  an attendee's or a source's name. Names compare symmetrically: a fragment never matches a whole.
* A gold item may accept alternatives (``evals/gold.py``): it is compared as its best variant.
  An optional gold item counts in recall only when it is matched.
* Soft credit: a matched pair earns its similarity (a weighted mean of field scores), so
  ``precision = credit / n_pred``, ``recall = credit / n_gold``, ``f1 = 2 credit / (n_pred + n_gold)``.
  A section that is empty on both sides has no counts: it is a correct abstention, reported as such,
  never averaged in as 1.0.
* Evidence is scored apart: a matched pair's evidence is right when a predicted span overlaps a span of
  the gold item (any variant) or states the gold item's key fact (a casualty's figure, an attendee's
  name, a condition's text ...). Evidence accuracy = right / matched.
* Pooled (micro) metrics sum credit and counts over items, sections and cases.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from functools import partial
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

from .gold import GoldBrief, as_gold

NAME_THRESHOLD = 0.8
"""Minimum symmetric name similarity for a name key (actor, attendee, source, claimant) to match."""
TEXT_THRESHOLD = 0.5
"""Minimum content similarity for a condition or caveat to match its gold."""
SUMMARY_WORDS = 80
"""A summary longer than this loses credit in proportion (the brief asks for about 60 words)."""

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
        """'abstained' (both empty), 'missed' (gold only), 'invented' (pred only) or 'scored'."""
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


# --- normalisation and aliases -------------------------------------------------------------

_APOSTROPHES = "'\u2018\u2019\u02bc`"
_POSSESSIVE = re.compile(rf"(\w)[{_APOSTROPHES}]s\b")
_NAME_STOPWORDS = frozenset({"of", "the", "for", "and", "de", "du", "des", "la", "le", "in", "on", "&"})
_STRIP = "\"'\u201c\u201d\u2018\u2019()[]{},;:.!?"
_ACRONYM_AFTER = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)")
_ACRONYM_BEFORE = re.compile(r"\b([A-Z][A-Za-z0-9&]{1,9})\s*\(([^()]{3,80})\)")
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for from with and or but that this these those is are was were be been "
    "being has have had it its as their them they he she his her him we our us i you your will would "
    "shall should can could may might must do does did so than then there here which who whom whose "
    "what when where while into onto upon over about after before also if said says".split()
)
"""Words that carry no content of their own; "not", "no" and numbers are content."""
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}


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
    found = "".join(chars).split()
    if found and found[0] == "the":
        found = found[1:]
    return " ".join(found)


def words(text: str | None) -> list[str]:
    """The normalised words of a text (see :func:`normalize`)."""
    return normalize(text).split()


def states(text: str | None, phrasing: str) -> bool:
    """True when the words of ``phrasing`` appear, consecutively and in order, among the words of ``text``."""
    want, have = words(phrasing), words(text)
    return bool(want) and any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1))


def content_words(text: str | None) -> list[str]:
    """The words of a text that carry content: function words dropped, a plural "s" taken off."""
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words(text) if w not in _FUNCTION_WORDS]


def _acronym_letters(acronym: str) -> str | None:
    letters = "".join(ch for ch in acronym if ch.isupper())
    return letters if len(letters) >= 2 else None


def _initial(word: str) -> str | None:
    """The capital initial of a name word ("al-Shuhada" -> "S"); None for a lowercase word."""
    for part in word.split("-"):
        if part[:1].isupper():
            return part[0]
    return None


def _expand_backwards(tokens: list[str], letters: str) -> str | None:
    """The name whose word initials spell ``letters``, ending at the last of ``tokens``."""
    need, taken = list(letters), []
    for i, raw in enumerate(reversed(tokens)):
        if i > 0 and raw[-1] in ",;:.!?":
            return None
        word = raw.strip(_STRIP)
        initial = _initial(word) if word else None
        if initial is None:
            if taken and word.lower() in _NAME_STOPWORDS:
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
        if initial is None and word.lower() not in _NAME_STOPWORDS:
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
        before = text[: match.start()].split()[-12:]
        full = _expand_backwards(before, letters) if letters and before else None
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
    """Symmetric similarity of two names after normalisation and alias resolution.

    max(rapidfuzz ``ratio``, ``token_sort_ratio``) / 100: both punish what either side lacks, so a
    fragment ("al", "Kataib", "Hezbollah") scores low against a whole name ("Kataib Hezbollah")."""
    absent = _absent(pred, gold, "name")
    if absent is not None:
        return absent
    a, b = canonical_name(pred, aliases), canonical_name(gold, aliases)
    value = 1.0 if a == b else max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100
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
    """Content-word F1 of two texts (symmetric): missing and extra content both cost.

    "calm" against "provided the Americans remain calm" scores 0.4, not 1.0."""
    absent = _absent(pred, gold, "text")
    if absent is not None:
        return absent
    a, b = content_words(pred), content_words(gold)
    if not a or not b:
        value = float(normalize(pred) == normalize(gold))
    else:
        common = sum(min(a.count(w), b.count(w)) for w in set(a))
        value = 2 * common / (len(a) + len(b))
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
    min/max of its numbers (open ends agree only with open ends)."""
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


def evidence_supports(pred: Sequence[Span], gold: Sequence[Span], key_facts: Sequence[str | None] = ()) -> Score:
    """1.0 when a predicted span overlaps a gold span or states one of the gold's key facts, else 0.0."""
    if any(_spans_intersect(p, g) for p in pred for g in gold):
        return _score(1.0, "evidence overlaps the gold's")
    facts = [f for f in key_facts if f and not _blank(f)]
    for fact in facts:
        if any(states(p.text, fact) for p in pred):
            return _score(1.0, f"evidence states {fact!r}")
    return _score(0.0, f"evidence: none of {len(pred)} spans overlaps the gold's or states {facts!r}")


# --- the summary ---------------------------------------------------------------------------


def _number_forms(word: str) -> set[str]:
    if word in _NUMBER_WORDS:
        return {word, str(_NUMBER_WORDS[word])}
    by_value = {str(v): k for k, v in _NUMBER_WORDS.items()}
    return {word, by_value[word]} if word in by_value else {word}


def mentions(text: str) -> list[str]:
    """The names and figures a text states: the normalised words of its capitalised tokens and numbers."""
    out = []
    for raw in text.split():
        token = raw.strip(_STRIP + "-\u2013\u2014")
        if token and (token[0].isupper() or any(ch.isdigit() for ch in token)):
            out.extend(words(token))
    return out


def unsupported_mentions(text: str, article: str) -> list[str]:
    """The names and figures of a text that the article does not state: not among its words, as a
    number in digits or in words, or as a form of the same stem ("Iraqi" for "Iraq")."""
    known = set(words(article))
    return [word for word in mentions(text)
            if not (_number_forms(word) & known) and not any(_same_stem(word, k) for k in known if k[:3] == word[:3])]


def summary_similarity(pred: Summary, gold: Summary, article: str | None = None) -> ItemScore:
    """The share of the gold's key facts the summary states (content similarity to the gold's text when
    the gold lists none), times the squared share of its names and figures the article supports, times a
    length factor (at most ``SUMMARY_WORDS`` words)."""
    facts = getattr(gold, "key_facts", None) or []
    if facts:
        stated = [fact for fact in facts if any(states(pred.text, p) for p in fact)]
        missing = [fact[0] for fact in facts if fact not in stated]
        content = len(stated) / len(facts)
        head = f"key facts {len(stated)}/{len(facts)}" + (f" (missing {missing})" if missing else "")
    else:
        similarity = text_similarity(pred.text, gold.text)
        content, head = similarity.value, similarity.explanation
    unsupported = unsupported_mentions(pred.text, article) if article else []
    support = (1.0 - len(unsupported) / max(len(mentions(pred.text)), 1)) ** 2
    n_words = len(pred.text.split())
    length = min(1.0, SUMMARY_WORDS / n_words) if n_words else 0.0
    value = _clamp(content * support * length)
    explanation = (head + f"; unsupported {unsupported[:5]}" * bool(unsupported) + f"; {n_words} words: {value:.2f}")
    return ItemScore(value=value, explanation=explanation)


# --- item similarities ---------------------------------------------------------------------


def _combine(parts: Sequence[tuple[str, float, Score]], key_matched: bool = True, key: str = "") -> ItemScore:
    """Weighted mean of field scores, explained field by field."""
    total = sum(weight for _, weight, _ in parts)
    value = sum(weight * score.value for _, weight, score in parts) / total
    fields = ", ".join(f"{name} {score.value:.2f}" for name, _, score in parts)
    head = f"key {'ok' if key_matched else 'FAILED'} ({key}); " if key else ""
    return ItemScore(value=_clamp(value), key_matched=key_matched, explanation=f"{head}{fields}")


def casualty_similarity(pred: CasualtyClaim, gold: CasualtyClaim, aliases: Aliases | None = None) -> ItemScore:
    """Key: figure ranges overlap, kind equal and the same claimant (null only against null)."""
    figure = figure_similarity(pred.figure, gold.figure)
    kind = enum_similarity(pred.kind, gold.kind)
    claimant = name_similarity(pred.claimant, gold.claimant, aliases)
    key = figures_overlap(pred.figure, gold.figure) and kind.value == 1.0 and claimant.value >= NAME_THRESHOLD
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
    actor = actor_similarity(pred.actor, gold.actor, aliases)
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
    precision = _clamp(credit / n_pred) if n_pred else None
    recall = _clamp(credit / n_gold) if n_gold else None
    f1 = _clamp(2 * credit / (n_pred + n_gold)) if n_pred + n_gold else None
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
        return _score(1.0, "names: both empty")
    pairs = align(pred, gold, similarity)
    f1 = prf(sum(s.value for _, _, s in pairs), len(pred), len(gold))[2] or 0.0
    return _score(f1, f"names {list(pred)} ~ {list(gold)}: F1 {f1:.2f}")


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
    key_facts: Callable[[Any], Sequence[str | None]] = lambda item: (),
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
            (evidence_supports(preds[i].evidence, v.evidence, key_facts(v)) for v in _variants(golds[j])),
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


def _facts(*fields: str) -> Callable[[Any], list[str | None]]:
    return lambda item: [getattr(item, name) for name in fields]


def _reaction_facts(item: GovernmentReaction) -> list[str | None]:
    return [item.statement] if item.statement else [item.actor]


SectionSpec = tuple[str, Callable[[Brief], Sequence[Grounded]], Callable[..., ItemScore], Callable[[Any], Sequence[str | None]]]

_SECTION_SPECS: tuple[SectionSpec, ...] = (
    ("summary", lambda b: _one(b.summary), summary_similarity, lambda item: ()),
    ("event", lambda b: _one(b.event), event_similarity, _facts("date", "place")),
    ("truce", lambda b: _one(b.truce), truce_similarity, lambda item: ()),
    ("truce_conditions", lambda b: b.truce.conditions if b.truce else [], statement_similarity, _facts("text")),
    ("truce_caveats", lambda b: b.truce.caveats if b.truce else [], statement_similarity, _facts("text")),
    ("meeting", lambda b: _one(b.meeting), meeting_similarity, _facts("host", "place")),
    ("attendees", lambda b: b.meeting.attendees if b.meeting else [], attendee_similarity, _facts("name")),
    ("casualties", lambda b: b.casualties, casualty_similarity, _facts("figure_text")),
    ("reactions", lambda b: b.reactions, reaction_similarity, _reaction_facts),
    ("sources", lambda b: b.sources, source_similarity, _facts("name")),
)


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
    for name, get, similarity, facts in _SECTION_SPECS:
        compare = (partial(summary_similarity, article=article) if similarity is summary_similarity
                   else partial(similarity, aliases=table))
        sections[name] = section_score(name, get(pred), get(gold), compare, facts)
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
    over the matched pairs; and how many cases abstained correctly (both empty), missed the section
    (gold only) or invented it (prediction only). ``macro_f1`` is the mean of the sections' pooled F1."""
    sections: dict[str, dict[str, Any]] = {}
    for name in SECTIONS:
        rows = [s.sections[name] for s in scores if name in s.sections]
        numbers = pooled(rows)
        outcomes = [r.outcome for r in rows]
        n_matched = sum(len(r.matched) for r in rows)
        sections[name] = {
            "precision": numbers["overall_precision"], "recall": numbers["overall_recall"],
            "f1": numbers["overall_f1"], "evidence_accuracy": numbers["evidence_accuracy"],
            "n_pred": sum(r.n_pred for r in rows), "n_gold": sum(r.n_gold for r in rows),
            "n_matched": n_matched, "credit": sum(r.credit for r in rows),
            "abstained": outcomes.count("abstained"), "missed": outcomes.count("missed"),
            "invented": outcomes.count("invented"),
        }
    overall = pooled(r for s in scores for r in s.sections.values())
    f1s = [v["f1"] for v in sections.values() if v["f1"] is not None]
    overall["macro_f1"] = sum(f1s) / len(f1s) if f1s else None
    return {"n_cases": len(scores), "sections": sections, "overall": overall}
