"""Is a phrase stated by some evidence? Pure functions over text.

A phrase is *supported* by evidence when it appears in it after normalisation (case, quotes,
dashes, whitespace), or, failing that, when every content word of it appears there. Numbers are
stricter: every number in a phrase, in digits or words, must appear in the evidence.
"""

from __future__ import annotations

import os
import re

from ..article import normalise
from ..rules.figures import words_to_int
from ..rules.lexicon import number_words
from ..rules.words import content_words, words

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NUMBER_WORDS = frozenset(number_words())
_EMPTY = frozenset({"", "none", "null", "n/a", "na", "unknown", "not stated", "not specified", "unspecified", "-"})


_ENDINGS = frozenset(("", "s", "es", "d", "ed", "ing", "e", "i", "n", "an", "ian", "ians", "ans", "ese", "ish", "er",
                      "ers", "ly", "y", "ies", "ied"))
"""Endings two forms of one word may differ by (attack/attacks, Iraq/Iraqi, Syria/Syrian, casualty/casualties)."""


def _word_in(word: str, vocabulary: set[str]) -> bool:
    """Exact word, or another form of it: a shared stem of at least 4 letters followed by endings of inflection or
    nationality only (Iraq/Iraqi, attack/attacks), never a different word that shares a stem (Elbrast/Elbraft)."""
    if word in vocabulary:
        return True
    if len(word) < 4:
        return False
    return any(_same_word(word, v) for v in vocabulary if v[:4] == word[:4])


def _same_word(a: str, b: str) -> bool:
    common = len(os.path.commonprefix([a, b]))
    return common >= 4 and a[common:] in _ENDINGS and b[common:] in _ENDINGS


def numbers_in(text: str) -> set[int]:
    """Numbers written in ``text`` as digits or as single number words."""
    found: set[int] = set()
    for token in re.findall(r"\d{1,3}(?:,\d{3})+|\d+|[a-z]+(?:-[a-z]+)?", text.lower()):
        value = words_to_int(token)
        if value is not None and token not in ("a", "an", "no", "none"):
            found.add(value)
    return found


def numbers_supported(text: str, evidence: str) -> bool:
    """Every number in ``text`` also appears in ``evidence`` (in digits or words)."""
    wanted = numbers_in(text)
    return wanted <= numbers_in(evidence) if wanted else True


def supported(phrase: str, evidence: str, min_coverage: float = 1.0) -> bool:
    """Is the phrase stated by the evidence? See the module docstring."""
    p, e = normalise(phrase), normalise(evidence)
    if not p:
        return False
    if p in e:
        return True
    if not numbers_supported(phrase, evidence):
        return False
    wanted = content_words(phrase)
    if not wanted:
        return False
    vocabulary = set(_WORD.findall(e))
    hits = sum(1 for w in wanted if _word_in(w, vocabulary))
    return hits / len(wanted) >= min_coverage


def unsupported_words(text: str, reference: str) -> list[str]:
    """Content words of ``text`` that ``reference`` never uses."""
    vocabulary = set(words(reference))
    return [w for w in content_words(text) if not _word_in(w, vocabulary)]


def figure_supported(figure_text: str, evidence: str) -> bool:
    """The figure's words appear in the evidence (normalised), or all its numbers do."""
    p, e = normalise(figure_text), normalise(evidence)
    if p and p in e:
        return True
    wanted = numbers_in(figure_text)
    if wanted:
        return wanted <= numbers_in(evidence)
    said = [w for w in _WORD.findall(p) if w in _NUMBER_WORDS]
    return bool(said) and all(w in _WORD.findall(e) for w in said)


def blank(phrase: str | None) -> bool:
    """True for a missing phrase or a placeholder such as "none" or "unknown"."""
    return phrase is None or phrase.strip().strip(".").lower() in _EMPTY


def same_name(a: str | None, b: str | None) -> bool:
    """Two names for the same one: equal, or the words of one are all in the other ("the ministry" / "Health
    Ministry"); never two different names that share a word ("Iraq's government" / "Syria's government")."""
    if a is None or b is None:
        return a is b
    if normalise(a) == normalise(b):
        return True
    wa, wb = set(content_words(a)), set(content_words(b))
    return bool(wa and wb) and (wa <= wb or wb <= wa)
