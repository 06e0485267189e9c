"""Caveats of a truce, read by rule: the threats, refusals and doubts that hang over it, in the article's words.

A caveat is the words of whoever voices it: the quotation that holds the cue, else what the sentence
reports after its speech verb ("X said that ..."), else the sentence itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import answers as A
from ..article import Sentence
from .lexicon import CAVEAT_CUES, CLAIM_VERBS, alternation

_CUE = re.compile("|".join(CAVEAT_CUES), re.I)
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_REPORTED = re.compile(rf"\b(?:{alternation(CLAIM_VERBS + ('warned', 'vowed', 'insisted', 'added'))})\b"
                       r"(?:\s+(?:on|late on|early on)\s+\w+day)?(?:\s+(?:reporters|journalists|[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*))?"
                       r",?\s+(?:that\s+)?")
_SAID_AFTER = re.compile(rf",\s*[^,;“”\"]{{2,80}}?\s+(?:{alternation(CLAIM_VERBS)})\b[^,;]*$")
_MIN_WORDS = 3


def stated_caveats(sentences: Sequence[Sentence]) -> Iterator[A.QuoteAnswer]:
    """Every caveat a sentence voices, as a quote answer citing its sentence."""
    for s in sentences:
        cue = _CUE.search(s.text)
        if cue is None:
            continue
        words = _voiced(s.text, cue.start())
        if len(words.split()) >= _MIN_WORDS:
            yield A.QuoteAnswer.model_construct(sentence=s.number, text=words)


def _voiced(text: str, at: int) -> str:
    """The words that carry the cue at ``at``: its quotation, the reported clause, or the sentence."""
    for m in _QUOTED.finditer(text):
        if m.start() <= at < m.end():
            return (m.group(1) or m.group(2)).strip(" ,.")
    said = [m for m in _REPORTED.finditer(text) if m.end() <= at]
    start = said[-1].end() if said else 0
    clause = _SAID_AFTER.sub("", text[start:]).strip(" .;:")
    return clause
