"""The words of a phrase, as the checks compare them: normalised, content words only, names of someone."""

from __future__ import annotations

import re

from ..article import normalise
from .lexicon import ATTRIBUTION_WORDS, CLAIM_VERBS, STOPWORDS

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
