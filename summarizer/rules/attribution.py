"""Who an article says is speaking: "X said", "X told Y", "according to X", "..., X added".

Plain functions over one sentence's text. :func:`attribution` gives the speaker of a figure or
phrase at a position; :func:`speakers` everyone a sentence quotes; :func:`stated_sources` turns them
into the source answers the model would give.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import answers as A
from ..article import Sentence
from .lexicon import CLAIM_VERBS, DETERMINERS, SPEAKER_PRONOUNS, alternation
from .words import names_someone

_SAYING = re.compile(rf"\b(?:{alternation(CLAIM_VERBS)})\b", re.I)
_CLAUSE_START = re.compile(r"(?:^|[,;:“”\"(]|\bbut\b|\band\b|\bwhile\b|\bthat\b|\bwhen\b)\s*", re.I)
_AUXILIARIES = re.compile(r"(?:\s+(?:had|has|have|was|were|is|also|initially|later|earlier|previously|reportedly|then))+$", re.I)
_TRAILING = re.compile(rf"[,”\"]\s*([^,.;:“”\"]{{3,80}}?),?\s+(?:{alternation(CLAIM_VERBS)})\b")
_ACCORDING = re.compile(r"\baccording to ([^,.;:“”\"]{3,80})", re.I)
_LEADING_CLAUSE = re.compile(
    r"^(?:(?:though|although|but|and|while|as|so)\s+|(?:on|in|at|by|after|before|late|early)\s+(?:\w+\s+){0,4}?"
    r"(?=(?:the|a|an|both|its|their|his|her)\s))",
    re.I)
_NOT_A_SPEAKER = re.compile(
    r"^(?:the|a|an|its|their)\s+(?:\w+\s+)?(?:statement|report|document|text|order|letter|video|footage|agreement|"
    r"communiqu[eé]|decision|reports|figures?)$", re.I)
_UNNAMED = frozenset("a an one some several two three four sources witnesses officials residents".split())
_PERSON = re.compile(r"\b(?:commander|official|source|spokes\w+|witness|resident|diplomat|doctor|officer|fighter|"
                     r"member|aide|leader|man|woman|person|people|medic|nurse|survivor)s?\b", re.I)


def _attributed(text: str, before: int) -> list[tuple[int, str]]:
    """(position, subject) of every "according to X" and "X said/told ..." that starts before ``before``."""
    found = [(m.start(), m.group(1)) for m in _ACCORDING.finditer(text) if m.start() < before]
    for m in _SAYING.finditer(text[:before]):
        head = text[: m.start()]
        subject = _AUXILIARIES.sub("", _last_clause(head))
        if not subject and head.rstrip().endswith(","):
            subject = _apposed(head)
        if 2 < len(subject) <= 80 or subject.lower() in SPEAKER_PRONOUNS:
            found.append((m.start(), subject))
    return sorted(found)


def _last_clause(head: str) -> str:
    starts = [c.end() for c in _CLAUSE_START.finditer(head)]
    return head[max(starts) if starts else 0:].strip()


def _apposed(head: str) -> str:
    """The subject of "NAME, a ROLE, said", "the ROLE, NAME, said" or "ORG, which ..., said": the name, not
    the role or the relative clause set off by commas before the verb."""
    parts = head.rstrip().rstrip(",").rsplit(",", 1)
    inner = parts[-1].strip()
    first = inner.split()[0].lower() if inner else ""
    if inner and first not in DETERMINERS and first not in ("which", "who", "whose", "where") and inner[:1].isupper():
        return inner  # "the mayor, Dr. Anna Prill, said"
    return _last_clause(parts[0]) if len(parts) == 2 else ""  # "Ole Brandt, a spokesman for the RDF, told"


def _speaker(subject: str, pronouns: bool = False) -> str | None:
    """The subject as a speaker's name, without a leading clause ("On Monday the rebels" -> "the rebels");
    None when it is no one ("the report", "the ministry had not", "condemned ... and"); a pronoun ("He")
    only when ``pronouns`` is set."""
    subject = _LEADING_CLAUSE.sub("", subject.strip())
    if pronouns and subject.lower() in SPEAKER_PRONOUNS:
        return subject
    if not subject or subject.split()[-1].lower() in ("not", "never") or _NOT_A_SPEAKER.search(subject):
        return None
    return subject if names_someone(subject) and _looks_like_subject(subject) else None


def _looks_like_subject(phrase: str) -> bool:
    """A speaker is a noun phrase: it starts with a capital or a determiner and does not end in a conjunction."""
    words = phrase.split()
    first = words[0].strip("“”\"'‘’(")
    if not first or not (first[:1].isupper() or first.lower() in DETERMINERS):
        return False
    return words[-1].lower() not in ("and", "or", "but", "that", "which", "who")


def attribution(text: str, before: int, pronouns: bool = False) -> str | None:
    """Who a news sentence says is speaking about the words at ``before``: "X told/said", "according to X".

    The nearest attribution before that position wins; otherwise a trailing ``..., X said``. With
    ``pronouns``, a pronoun speaker ("He added that ...") is returned as written, for the caller to resolve.
    """
    found = _attributed(text, before)
    if found:
        return _speaker(found[-1][1], pronouns)
    rest = text[before:]
    m = _TRAILING.search(rest) or _ACCORDING.search(rest)
    if m is None:
        return None
    return _speaker(_name_before_role(rest[: m.start(1)]) or m.group(1), pronouns)


_NAME_WORD = r"[A-Z][^\s,.;:“”\"]*"
_NAME_BEFORE = re.compile(rf"[,“”\"]\s*({_NAME_WORD}(?:\s+(?:{_NAME_WORD}|al|el|de|da|van|von|bin|ibn)){{1,4}})\s*,\s*$")


def _name_before_role(head: str) -> str | None:
    """The name set off before a trailing role: '..., Ivo Renn, a rebel spokesman, said' -> 'Ivo Renn'."""
    m = _NAME_BEFORE.search(head)
    return m.group(1) if m and m.group(1).split()[0].lower() not in DETERMINERS else None


def is_pronoun(speaker: str) -> bool:
    """The speaker is a pronoun that stands for someone named before."""
    return speaker.lower() in SPEAKER_PRONOUNS


def speakers(text: str) -> list[str]:
    """Everyone a news sentence attributes words to ("X said", "X told", "according to X"), in order."""
    out: list[str] = []
    for _, subject in _attributed(text, len(text)):
        name = _speaker(subject)
        if name and name not in out:
            out.append(name)
    return out


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
