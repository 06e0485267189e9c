"""Sentences as evidence spans, and the article's own wording of a phrase inside a sentence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from ..article import Sentence, find_written, normalise, normalise_with_map
from ..schema import Span


def span_of(sentence: Sentence) -> Span:
    """The sentence as an evidence span."""
    return Span(start=sentence.start, end=sentence.end, text=sentence.text)


def spans(sentences: Iterable[Sentence]) -> list[Span]:
    """Distinct sentence spans in article order."""
    return merge_spans(span_of(s) for s in sentences)


def merge_spans(found: Iterable[Span]) -> list[Span]:
    """Distinct spans in article order."""
    unique = {(s.start, s.end): s for s in found}
    return [unique[key] for key in sorted(unique)]


def locate(phrase: str, sentence: Sentence, min_score: float = 90.0) -> str | None:
    """The article's own wording of ``phrase`` inside ``sentence``, or None if it is not there."""
    needle = normalise(phrase).strip(" .,;:'\"")
    if len(needle) < 2:
        return None
    if (written := find_written(sentence.text, needle)) is not None:
        return _closing_quote(sentence.text, *written)
    if len(needle) < 8:
        return None
    hay, index = normalise_with_map(sentence.text)
    alignment = fuzz.partial_ratio_alignment(needle, hay)
    if alignment is None or alignment.score < min_score:
        return None
    start, end = index[alignment.dest_start], index[max(alignment.dest_start, alignment.dest_end - 1)] + 1
    return _widen_to_words(sentence.text, start, end).strip(" ,;:.\"'“”‘’")


def _closing_quote(text: str, start: int, end: int) -> str:
    """``text[start:end]``, with the quote mark that closes one it opens ('a return to "quiet' -> '... "quiet"')."""
    found = text[start:end]
    opened = found.count('"') % 2 == 1 or found.count("“") > found.count("”") or found.count("‘") > found.count("’")
    if opened and end < len(text) and text[end] in "\"”’":
        return text[start:end + 1]
    return found


def _widen_to_words(text: str, start: int, end: int) -> str:
    """Extend [start, end) so that it neither begins nor ends inside a word."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return text[start:end]


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
