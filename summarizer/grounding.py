"""Pure functions that tie model output to the article: spans, phrase support, figures and names.

A phrase is *supported* by evidence when it appears in it after normalisation (case, quotes,
dashes, whitespace), or, failing that, when every content word of it appears there. Numbers are
stricter: every number in a phrase, in digits or words, must appear in the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from .article import Sentence, normalise, normalise_with_map
from .figures import words_to_int
from .schema import Span

_STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or but as is was were be been are that this these those "
    "its it his her their they he she we our your who whom which what when where than then there here into "
    "over after before about said says say told also not no has have had will would could should may might "
    "s al el".split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million dozen dozens hundreds thousands"
).split()


def span_of(sentence: Sentence) -> Span:
    """The sentence as an evidence span."""
    return Span(start=sentence.start, end=sentence.end, text=sentence.text)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Distinct spans in article order."""
    unique = {(s.start, s.end): s for s in spans}
    return [unique[key] for key in sorted(unique)]


def content_words(text: str) -> list[str]:
    """Lower-cased words worth checking: not stop words, not single letters."""
    return [w for w in _WORD.findall(normalise(text)) if w not in _STOPWORDS and len(w) > 1]


def _word_in(word: str, vocabulary: set[str]) -> bool:
    """Exact word, or a shared stem of at least 4 letters (Iraq/Iraqi, attack/attacks)."""
    if word in vocabulary:
        return True
    if len(word) >= 4:
        stem = word[: max(4, len(word) - 2)]
        return any(v.startswith(stem) or (len(v) >= 4 and word.startswith(v[: max(4, len(v) - 2)])) for v in vocabulary)
    return False


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
    words = content_words(phrase)
    if not words:
        return False
    vocabulary = set(_WORD.findall(e))
    hits = sum(1 for w in words if _word_in(w, vocabulary))
    return hits / len(words) >= min_coverage


def unsupported_words(text: str, reference: str) -> list[str]:
    """Content words of ``text`` that ``reference`` never uses."""
    vocabulary = set(_WORD.findall(normalise(reference)))
    return [w for w in content_words(text) if not _word_in(w, vocabulary)]


def locate(phrase: str, sentence: Sentence, min_score: float = 90.0) -> str | None:
    """The article's own wording of ``phrase`` inside ``sentence``, or None if it is not there."""
    needle = normalise(phrase).strip(" .,;:'\"")
    if len(needle) < 2:
        return None
    hay, index = normalise_with_map(sentence.text)
    at = hay.find(needle)
    if at >= 0:
        start, end = index[at], index[at + len(needle) - 1] + 1
        return sentence.text[start:end]
    if len(needle) < 8:
        return None
    alignment = fuzz.partial_ratio_alignment(needle, hay)
    if alignment is None or alignment.score < min_score:
        return None
    start, end = index[alignment.dest_start], index[max(alignment.dest_start, alignment.dest_end - 1)] + 1
    return _widen_to_words(sentence.text, start, end).strip(" ,;:.\"'“”‘’")


def _widen_to_words(text: str, start: int, end: int) -> str:
    """Extend [start, end) so that it neither begins nor ends inside a word."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return text[start:end]


_EMPTY = frozenset({"", "none", "null", "n/a", "na", "unknown", "not stated", "not specified", "unspecified", "-"})


def blank(phrase: str | None) -> bool:
    """True for a missing phrase or a placeholder such as "none" or "unknown"."""
    return phrase is None or phrase.strip().strip(".").lower() in _EMPTY


_NOT_A_NAME = frozenset("according said told reportedly initially claimed reported says stated sources source".split())


def names_someone(phrase: str) -> bool:
    """True when the phrase holds a word that could name a claimant (not just "according to")."""
    return any(w not in _NOT_A_NAME for w in content_words(phrase)) or "sources" in phrase.lower()


def find_sentences(phrase: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """Sentences that contain ``phrase`` after normalisation."""
    needle = normalise(phrase)
    if len(needle) < 2:
        return []
    return [s for s in sentences if needle in normalise(s.text)]


def nearest(candidates: Sequence[Sentence], anchor: int) -> Sentence | None:
    """The candidate closest to sentence number ``anchor`` (earlier wins ties)."""
    if not candidates:
        return None
    return min(candidates, key=lambda s: (abs(s.number - anchor), s.number))


def figure_supported(figure_text: str, evidence: str) -> bool:
    """The figure's words appear in the evidence (normalised), or all its numbers do."""
    p, e = normalise(figure_text), normalise(evidence)
    if p and p in e:
        return True
    wanted = numbers_in(figure_text)
    if wanted:
        return wanted <= numbers_in(evidence)
    words = [w for w in _WORD.findall(p) if w in _NUMBER_WORDS]
    return bool(words) and all(w in _WORD.findall(e) for w in words)


_SAYING = re.compile(r"\b(?:told|said|says|say|claimed|claims|reported|stated|confirmed|announced|added)\b", re.I)
_CLAUSE_START = re.compile(r"(?:^|[,;:“”\"(]|\bbut\b|\band\b|\bwhile\b|\bthat\b|\bwhen\b)\s*", re.I)
_AUXILIARIES = re.compile(r"(?:\s+(?:had|has|have|was|were|is|also|initially|later|earlier|previously|reportedly|then))+$", re.I)


_LEADING_CLAUSE = re.compile(
    r"^(?:(?:though|although|but|and|while|as|so)\s+|(?:on|in|at|by|after|before|late|early)\s+(?:\w+\s+){0,4}?"
    r"(?=(?:the|a|an|both|its|their|his|her)\s))",
    re.I)
_NOT_A_SPEAKER = re.compile(
    r"^(?:the|a|an|its|their)\s+(?:\w+\s+)?(?:statement|report|document|text|order|letter|video|footage|agreement|"
    r"communiqu[eé]|decision|reports|figures?)$", re.I)


def _attributed(text: str, before: int) -> list[tuple[int, str]]:
    """(position, subject) of every "according to X" and "X said/told ..." that starts before ``before``."""
    found = [(m.start(), m.group(1)) for m in re.finditer(r"\baccording to ([^,.;:“”\"]{3,80})", text, re.I)
             if m.start() < before]
    for m in _SAYING.finditer(text[:before]):
        head = text[: m.start()]
        starts = [c.end() for c in _CLAUSE_START.finditer(head)]
        subject = _AUXILIARIES.sub("", head[max(starts) if starts else 0:].strip())
        if 2 < len(subject) <= 80:
            found.append((m.start(), subject))
    return sorted(found)


def _speaker(subject: str) -> str | None:
    """The subject as a speaker's name, without a leading clause ("On Monday the rebels" -> "the rebels");
    None when it is no one ("the report", "the ministry had not", "condemned ... and")."""
    subject = _LEADING_CLAUSE.sub("", subject.strip())
    if not subject or subject.split()[-1].lower() in ("not", "never") or _NOT_A_SPEAKER.search(subject):
        return None
    return subject if names_someone(subject) and _looks_like_subject(subject) else None


def attribution(text: str, before: int) -> str | None:
    """Who a news sentence says is speaking about the words at ``before``: "X told/said", "according to X".

    The nearest attribution before that position wins; otherwise a trailing ``..., X said``.
    """
    found = _attributed(text, before)
    if found:
        return _speaker(found[-1][1])
    m = re.search(r"[,”\"]\s*([^,.;:“”\"]{3,80}?)\s+(?:said|told|added|says)\b", text[before:])
    return _speaker(m.group(1)) if m else None


def speakers(text: str) -> list[str]:
    """Everyone a news sentence attributes words to ("X said", "X told", "according to X"), in order."""
    out: list[str] = []
    for _, subject in _attributed(text, len(text)):
        name = _speaker(subject)
        if name and name not in out:
            out.append(name)
    return out


_DETERMINERS = frozenset("the a an its his her their one another two three several some this that these those".split())


def _looks_like_subject(phrase: str) -> bool:
    """A speaker is a noun phrase: it starts with a capital or a determiner and does not end in a conjunction."""
    words = phrase.split()
    first = words[0].strip("“”\"'‘’(")
    if not first or not (first[:1].isupper() or first.lower() in _DETERMINERS):
        return False
    return words[-1].lower() not in ("and", "or", "but", "that", "which", "who")
