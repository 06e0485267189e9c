"""Find the casualty figures a sentence states, by rule, so that none the model skips is lost.

A small model lists some casualty claims and misses others. This module reads each sentence the
way an analyst skims it: a figure ("four", "at least 12", "between 30 and 40", "dozens") tied to a
casualty word ("killed", "dead", "wounded", "missing") a few words away, or a casualty verb
followed by a figure ("killing four", "wounded 12 people"), a death toll ("the toll rose to 9"), or
a claim of none ("did not result in any casualties", "no one was hurt").
What it finds is grounded like any model answer; it never reads outside the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .figures import parse_figure

_UNIT = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
         r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_NUM = (rf"\d{{1,3}}(?:,\d{{3}})+|\d+|(?:a|one|two|three|four|five|several)\s+(?:hundred|thousand)"
        rf"|(?:{_UNIT})(?:[- ](?:{_UNIT}))?(?:\s+hundred)?")
_QUALIFIER = (r"at least|no fewer than|more than|over|up to|as many as|nearly|almost|about|around|roughly|"
              r"approximately|some|an estimated|close to|fewer than|less than")
_VAGUE = r"a handful|a dozen|dozens|scores|hundreds|thousands|several|a few"
_FIGURE = (rf"(?:(?:{_QUALIFIER})\s+)?(?:between\s+(?:{_NUM})\s+and\s+(?:{_NUM})"
           rf"|(?:{_NUM})\s*(?:-|–|to)\s*(?:{_NUM})|(?:{_NUM})|{_VAGUE})")
_KIND_WORDS = {
    "killed": r"killed|dead|died|deaths?|slain|lost their lives|perished|fatalities",
    "wounded": r"wounded|injured|hurt|injuries",
    "missing": r"missing|unaccounted for|disappeared",
}
_KIND = "|".join(f"(?P<{kind}>{words})" for kind, words in _KIND_WORDS.items())
_GAP = r"(?:[^\W\d][\w'’-]*\s+){0,6}?"  # up to six words, none a number, no punctuation
_BEFORE_KIND = re.compile(rf"\b(?P<figure>{_FIGURE})\s+(?:of\s+)?(?P<gap>{_GAP})(?:{_KIND})\b", re.I)
_VERB_FIRST = re.compile(
    rf"\b(?:(?P<killed>killing|killed)|(?P<wounded>wounding|wounded|injuring|injured))\s+"
    rf"(?P<figure>{_FIGURE})\b(?!\s+(?:of\s+)?(?:{_KIND_WORDS['wounded']}|{_KIND_WORDS['killed']}))", re.I)
_TOLL = re.compile(rf"\bdeath toll\b(?:\s+\w+){{0,3}}?\s+(?:to|at|of)\s+(?P<figure>{_FIGURE})\b", re.I)
_NOT_PEOPLE = re.compile(
    r"^(?:years?|months?|weeks?|days?|hours?|minutes?|kilomet(?:er|re)s?|km|miles?|met(?:er|re)s?|times|"
    r"percent|per cent|%|rockets?|missiles?|shells?|drones?|rounds|battalions?|brigades?|vehicles?|tanks?|"
    r"houses?|homes?|buildings?|villages?|towns?|a\.m\.|p\.m\.|o'clock)\b", re.I)
_BREAKS = re.compile(rf"\b(?:said|says|told|and|but|while|after|before|among|{_UNIT})\b", re.I)
_VERBISH = frozenset("were was are is be been being have has had came come remain remained remain still now later "
                     "reportedly reported left lightly badly seriously critically".split())
_NONE = re.compile(
    r"\b(?:no(?:body| one)\s+(?:was|were|had been|has been)\s+(?:killed|hurt|injured|wounded)"
    r"|(?:(?:did|does|do|had|has|have|was|were)\s+)?(?:no\s+|not\s+(?:\w+\s+){0,3}?(?:any\s+)?)"
    r"(?:(?:real|human|material|or|civilian|military|confirmed|immediate)\s+)*"
    r"(?:casualties|losses|injuries|deaths|fatalities))\b", re.I)


def _victims(gap: str) -> str | None:
    """The words between a figure and its casualty word, up to the first verb ("SLF fighters were")."""
    kept: list[str] = []
    for i, word in enumerate(gap.split()):
        bare = word.lower().strip("'’")
        if bare in _VERBISH or (i > 0 and bare.endswith("ed")):
            break
        kept.append(word)
    return " ".join(kept) or None


@dataclass(frozen=True)
class StatedFigure:
    """A casualty figure as one sentence states it."""

    figure_text: str
    kind: str
    start: int
    victims: str | None


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
        victims = _victims(gap)
        found.setdefault(m.start("figure"), StatedFigure(m.group("figure"), _kind_of(m), m.start("figure"), victims))
    for m in _VERB_FIRST.finditer(sentence):
        rest = sentence[m.end("figure"):].lstrip()
        if _NOT_PEOPLE.match(rest):
            continue
        kind = "killed" if m.group("killed") else "wounded"
        found.setdefault(m.start("figure"), StatedFigure(m.group("figure"), kind, m.start("figure"), None))
    for m in _TOLL.finditer(sentence):
        found.setdefault(m.start("figure"), StatedFigure(m.group("figure"), "killed", m.start("figure"), None))
    for m in _NONE.finditer(sentence):
        for at in [at for at in found if m.start() <= at < m.end()]:
            del found[at]  # the "one" of "no one was hurt" counts nobody
        found[m.start()] = StatedFigure(m.group(0), "none", m.start(), None)
    return [f for _, f in sorted(found.items()) if f.kind == "none" or parse_figure(f.figure_text) is not None]
