"""The terms of a truce, read by rule: what "Under the truce, ..." lists, and what an offer's "if",
"provided that" or "on condition that" asks, one term per clause, in the article's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import answers as A
from ..article import Sentence
from .lexicon import CLAIM_VERBS, alternation
from .truce import about_truce

_UNDER_TERMS = re.compile(
    r"\b(?:under|according to|as part of|in line with) the (?:truce|cease-?fire|agreement|deal|accord|terms|plan)"
    r"(?:\s*,\s*(?:agreed|signed|reached|brokered|which)[^,]*)?\s*,\s*", re.I)
_ASKS = re.compile(r"\b(?:on (?:the )?condition (?:that )?|provided (?:that )?)|\bwould\b[^,;“”\"]{3,80}?\bif\s+", re.I)
_SAID = re.compile(rf",\s*[^,;“”\"]{{2,80}}?\s+(?:{alternation(CLAIM_VERBS)})\b[^,;]*$|,\s*according to [^,;]*$|\s+\(\w+\)$")
_NEXT_CLAUSE = re.compile(r",?\s+and\s+(?:on (?:the )?condition (?:that )?|provided (?:that )?|that\s+|if\s+)?"
                          r"(?=(?:the|both|its|their|all|no|each)\s|[A-Z])|,\s+(?=(?:the|both|its|their|all|each)\s)"
                          r"|\s+and\s+(?=to\s)")
_MIN_WORDS = 3


def stated_conditions(sentences: Sequence[Sentence]) -> Iterator[A.QuoteAnswer]:
    """Every term a sentence about the truce sets, as a quote answer citing its sentence."""
    for s in sentences:
        if not about_truce(s):
            continue
        m = _UNDER_TERMS.search(s.text) or _ASKS.search(s.text)
        if m is None or _inside_quote(s.text, m.start()):
            continue  # a term inside a quote is someone's threat or wish, not the truce's text
        terms = _SAID.sub("", s.text[m.end():].rstrip(" .;:")).strip()
        if terms[-1:] in "\"”" and (terms.count('"') % 2 == 1 or terms.count("”") > terms.count("“")):
            terms = terms[:-1]  # the quote that closes around the whole sentence, not one the terms opened
        for clause in _NEXT_CLAUSE.split(terms):
            clause = clause.strip(" ,;")
            if len(clause.split()) >= _MIN_WORDS:
                yield A.QuoteAnswer.model_construct(sentence=s.number, text=clause)


def _inside_quote(text: str, at: int) -> bool:
    """An opening quote mark before ``at`` that is not closed before it."""
    before = text[:at]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1
