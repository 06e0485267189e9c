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
                     r"member|aide|leader|man|woman|person|people|medic|nurse|survivor|attendee|participant)s?\b",
                     re.I)


def anonymous(name: str) -> bool:
    """A source the article does not name: "a senior commander", "sources", "the commander"."""
    words = name.split()
    first = words[0].lower()
    if first in _UNNAMED:
        return True
    return first == "the" and len(words) > 1 and not words[1][:1].isupper() and bool(_PERSON.search(name))


def stated_sources(sentences: Sequence[Sentence]) -> Iterator[A.SourceAnswer]:
    """Everyone the article quotes or attributes a claim to, as source answers citing their sentence; a later
    "the commander" for a commander named before is the same source, not a new one."""
    named: list[str] = []
    for s in sentences:
        for name in speakers(s.text):
            if refers_back(name, named):
                continue
            named.append(name)
            yield A.SourceAnswer.model_construct(sentence=s.number, name=name, anonymous=anonymous(name))


def refers_back(name: str, earlier: Sequence[str]) -> bool:
    """``name`` is a definite description of a person ("the commander", "the attendee") whose noun an earlier
    source's name holds ("a naval commander in the port", "one of the attendees")."""
    words = name.lower().split()
    if len(words) != 2 or words[0] != "the" or name.split()[1][:1].isupper() or not _PERSON.fullmatch(words[1]):
        return False
    return any(w.startswith(words[1]) for other in earlier for w in other.lower().split())
