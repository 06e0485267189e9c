"""The sources an article quotes: everyone its sentences have speak (read from the parse by :mod:`.tree`),
as the source answers the model would give, and whether the article names them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import answers as A
from ..article import Sentence
from .tree import speakers

_UNNAMED = frozenset("a an one some several two three four sources witnesses officials residents".split())
_PERSON = re.compile(r"\b(?:commander|official|source|spokes\w+|witness|resident|diplomat|doctor|officer|fighter|"
                     r"member|aide|leader|man|woman|person|people|medic|nurse|survivor)s?\b", re.I)


def anonymous(name: str) -> bool:
    """A source the article does not name: "a senior commander", "sources", "the commander"."""
    words = name.split()
    first = words[0].lower()
    if first in _UNNAMED:
        return True
    return first == "the" and len(words) > 1 and not words[1][:1].isupper() and bool(_PERSON.search(name))


def stated_sources(sentences: Sequence[Sentence]) -> Iterator[A.SourceAnswer]:
    """Everyone the article quotes or attributes a claim to, as source answers citing their sentence."""
    for s in sentences:
        for name in speakers(s.text):
            yield A.SourceAnswer.model_construct(sentence=s.number, name=name, anonymous=anonymous(name))
