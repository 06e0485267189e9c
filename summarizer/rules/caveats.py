"""Caveats of a truce, read by rule: the threats, refusals and doubts that hang over it, in the article's words.

A caveat is the words of whoever voices it: the quotation that holds the cue, else what the sentence
reports after its speech verb ("X said that ..."), else the sentence itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import answers as A
from ..article import Sentence
from .lexicon import CAVEAT_CUES
from .quotes import voiced

_CUE = re.compile("|".join(CAVEAT_CUES), re.I)
_MIN_WORDS = 3


def stated_caveats(sentences: Sequence[Sentence]) -> Iterator[A.QuoteAnswer]:
    """Every caveat a sentence voices, as a quote answer citing its sentence."""
    for s in sentences:
        cue = _CUE.search(s.text)
        if cue is None:
            continue
        words = voiced(s.text, cue.start())
        if len(words.split()) >= _MIN_WORDS:
            yield A.QuoteAnswer.model_construct(sentence=s.number, text=words)
