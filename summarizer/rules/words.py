"""The words of a phrase, as the checks compare them: normalised, content words only, names of someone."""

from __future__ import annotations

import re

from ..article import normalise
from .lexicon import ATTRIBUTION_WORDS, CLAIM_VERBS, PERSON_TITLES, STOPWORDS

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NAMES_NO_ONE = frozenset(ATTRIBUTION_WORDS + CLAIM_VERBS)


def words(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return _WORD.findall(normalise(text))


def content_words(text: str) -> list[str]:
    """Lower-cased words worth checking: not stop words, not single letters."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


def names_someone(phrase: str) -> bool:
    """True when the phrase holds a word that could name a claimant (not just "according to")."""
    return any(w not in _NAMES_NO_ONE for w in content_words(phrase)) or "sources" in phrase.lower()


_TITLE_WORDS = frozenset(PERSON_TITLES)
_APPOSITION = re.compile(r"^(?P<title>[^,]+?),\s+(?P<name>[A-Z][^,]+)$")


def split_title(name: str) -> tuple[str | None, str]:
    """A person's title and bare name: "Lieutenant Colonel Ada Brenn" -> ("Lieutenant Colonel", "Ada Brenn"),
    "Korvia's defence minister, Pal Ostrom" -> ("Korvia's defence minister", "Pal Ostrom"); (None, name) when there
    is no title or nothing would be left of the name."""
    name = name.strip()
    apposed = _APPOSITION.match(name)
    if apposed and any(w in _TITLE_WORDS for w in words(apposed.group("title"))):
        return apposed.group("title").strip(), apposed.group("name").strip()
    tokens = name.split()
    cut = 0
    while cut < len(tokens) - 1 and tokens[cut].strip(".").lower() in _TITLE_WORDS:
        cut += 1
    if cut == 0 or len(tokens) - cut < 2 or not tokens[cut][:1].isupper():
        return None, name
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])
