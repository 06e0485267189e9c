"""Casualty figures a sentence states, found by rule, as the claims the model would give.

Reads each sentence the way an analyst skims it: a figure ("four", "at least 12", "between 30 and
40", "dozens") tied to a casualty word ("killed", "dead", "wounded", "missing") a few words away, a
casualty verb followed by a figure ("killing four", "wounded 12 people"), one person ("A soldier
was killed"), a death toll ("the toll rose to 9"), or a claim of none ("caused no
casualties", "no one was hurt"). It never reads outside the sentence; who makes the claim is left
to grounding, as for the model's claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .. import answers as A
from ..article import Sentence
from .figures import parse_figure
from .lexicon import (
    CARDINALS,
    CASUALTY_KINDS,
    LOSS_VERBS,
    NOT_PEOPLE,
    PEOPLE_NOUNS,
    QUALIFIERS,
    SPEECH_VERBS,
    TENS,
    UNITS_OF_COUNT,
    VAGUE_MULTIPLIERS,
    VAGUE_PHRASES,
    alternation,
)

_UNIT = alternation([w for w, v in CARDINALS.items() if v >= 1] + list(TENS))
_NUM = (rf"\d{{1,3}}(?:,\d{{3}})+|\d+|(?:a|several|{_UNIT})\s+(?:hundred|thousand)"
        rf"|(?:{_UNIT})(?:[- ](?:{_UNIT}))?(?:\s+hundred)?")
_MULTIPLIED = rf"(?:{alternation(VAGUE_MULTIPLIERS)}|{_UNIT}|\d+)\s+(?:{alternation(UNITS_OF_COUNT)})"
_FIGURE = (rf"(?:(?:{alternation(QUALIFIERS)})\s+)?(?:{_MULTIPLIED}|between\s+(?:{_NUM})\s+and\s+(?:{_NUM})"
           rf"|(?:{_NUM})\s*(?:-|–|to)\s*(?:{_NUM})|(?:{_NUM})|{alternation(VAGUE_PHRASES)})")
_KIND_WORDS = {kind: alternation(words) for kind, words in CASUALTY_KINDS.items()}
_KIND = "|".join(f"(?P<{kind}>{words})" for kind, words in _KIND_WORDS.items())
_GAP = r"(?:[^\W\d][\w'’-]*\s+){0,6}?"  # up to six words, none a number, no punctuation
_BEFORE_KIND = re.compile(rf"\b(?P<figure>{_FIGURE})[”\"’']?\s+(?:of\s+)?(?P<gap>{_GAP})(?:{_KIND})\b", re.I)
_VERB_FIRST = re.compile(
    rf"\b(?:(?P<killed>killing|killed)|(?P<wounded>wounding|wounded|injuring|injured))\s+"
    rf"(?P<figure>{_FIGURE})\b(?!\s+(?:of\s+)?(?:{_KIND_WORDS['wounded']}|{_KIND_WORDS['killed']}))", re.I)
_ONE_PERSON = re.compile(
    rf"\b(?P<figure>[Aa]n?)\s+(?P<gap>(?:[a-z][\w'’-]*\s+){{0,2}}?[a-z][\w'’-]*)\s+(?:was|has been|had been|is)\s+"
    rf"(?:reportedly\s+|also\s+|later\s+)?(?:{_KIND})\b")
_LOST = re.compile(
    rf"\b(?:{alternation(LOSS_VERBS)})\s+[“\"]?(?P<figure>{_FIGURE})[”\"]?\s+(?:of\s+)?(?:(?:its|their|his|her|our|the)\s+)?"
    rf"(?:own\s+)?(?P<gap>(?:[a-z][\w'’-]*\s+){{0,2}}?(?:{alternation(PEOPLE_NOUNS)}))\b", re.I)
_TOLL = re.compile(rf"\bdeath toll\b(?:\s+\w+){{0,3}}?\s+(?:to|at|of)\s+(?P<figure>{_FIGURE})\b", re.I)
_NOT_PEOPLE = re.compile(rf"^(?:{'|'.join(NOT_PEOPLE)})\b", re.I)
_BREAKS = re.compile(rf"\b(?:{alternation(SPEECH_VERBS)}|and|but|while|after|before|among|{_UNIT})\b", re.I)
_ENDS_VICTIMS = frozenset("were was are is be been being have has had came come remain remained still now later "
                          "reportedly reported left lightly badly seriously critically".split())
_NOT_REPORTED = r"(?!(?:\w+\s+)?(?:confirm|report|comment|disclos|give|gave|release|say|said|provide|know|specif|verif)\w*)"
_QUALITIES = r"(?:(?!(?:on|about|of|word|information|details|figures?|reports?|comment)\b)[a-z-]+\s+){0,4}?"
_NONE = re.compile(
    r"\b(?:no(?:body| one)\s+(?:was|were|had been|has been)\s+(?:killed|hurt|injured|wounded)"
    rf"|(?:(?:did|does|do|had|has|have|was|were)\s+)?(?:no\s+|not\s+{_NOT_REPORTED}(?:\w+\s+){{0,3}}?(?:any\s+)?)"
    rf"{_QUALITIES}(?:casualties|losses|injuries|deaths|fatalities))\b", re.I)
"""A claim of none ("the blast caused no injuries", "did not cause any deaths"); never a figure not given
("has yet to report casualties", "gave no details of losses")."""


@dataclass(frozen=True)
class StatedFigure:
    """A casualty figure as one sentence states it."""

    figure_text: str
    kind: str
    start: int
    victims: str | None


def _victims(gap: str) -> str | None:
    """The words between a figure and its casualty word, up to the first verb ("SLF fighters were")."""
    kept: list[str] = []
    for i, word in enumerate(gap.split()):
        bare = word.lower().strip("'’")
        if bare in _ENDS_VICTIMS or (i > 0 and bare.endswith("ed")):
            break
        kept.append(word)
    return " ".join(kept) or None


def _kind_of(match: re.Match) -> str:
    return next(kind for kind in _KIND_WORDS if match.group(kind))


def stated_figures(sentence: str) -> list[StatedFigure]:
    """Every casualty figure in ``sentence``, in order, with its kind and (if stated) its victims."""
    found: dict[int, StatedFigure] = {}
    at = 0
    while (m := _BEFORE_KIND.search(sentence, at)) is not None:
        gap = m.group("gap")
        if _NOT_PEOPLE.match(gap) or _BREAKS.search(gap):
            at = m.start("figure") + 1  # a later figure may still be the one the casualty word counts
            continue
        at = m.end("figure")
        found.setdefault(m.start("figure"), StatedFigure(m.group("figure"), _kind_of(m), m.start("figure"),
                                                         _victims(gap)))
    for m in _VERB_FIRST.finditer(sentence):
        if _NOT_PEOPLE.match(sentence[m.end("figure"):].lstrip()):
            continue
        kind = "killed" if m.group("killed") else "wounded"
        found.setdefault(m.start("figure"), StatedFigure(m.group("figure"), kind, m.start("figure"), None))
    for m in _ONE_PERSON.finditer(sentence):  # "A soldier was killed"
        if not _NOT_PEOPLE.match(m.group("gap")):
            found.setdefault(m.start("figure"), StatedFigure(m.group("figure"), _kind_of(m), m.start("figure"),
                                                             m.group("gap")))
    for m in _LOST.finditer(sentence):  # "has lost some forty of its men"
        found.setdefault(m.start("figure"), StatedFigure(m.group("figure"), "killed", m.start("figure"), m.group("gap")))
    for m in _TOLL.finditer(sentence):
        found.setdefault(m.start("figure"), StatedFigure(m.group("figure"), "killed", m.start("figure"), None))
    for m in _NONE.finditer(sentence):
        for at in [at for at in found if m.start() <= at < m.end()]:
            del found[at]  # the "one" of "no one was hurt" counts nobody
        found[m.start()] = StatedFigure(m.group(0), "none", m.start(), None)
    return [f for _, f in sorted(found.items()) if f.kind == "none" or parse_figure(f.figure_text) is not None]


def stated_claims(sentences: Sequence[Sentence]) -> Iterator[A.ClaimAnswer]:
    """Every stated casualty figure as a claim answer citing its sentence (claimant left to grounding)."""
    for s in sentences:
        for f in stated_figures(s.text):
            # built, not validated: the answers' length bounds only keep the model's decoding finite
            yield A.ClaimAnswer.model_construct(sentences=[s.number], figure=f.figure_text, kind=f.kind, claimant=None,
                                                victims=f.victims, side=None, place=None, incident=None, hedge=None)
