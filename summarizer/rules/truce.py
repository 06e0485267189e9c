"""What became of a truce, read from the whole story: agreed, offered, rejected, broken; or none at all.

The status of a truce is the last thing that happened to it, and news prose says it with a few verbs
in the sentences that speak of the truce (or of the offer or deal it is): "has collapsed" after
"agreed" is broken, "rejected the offer" after "offered" is rejected. "Talks ended without a
ceasefire" says there is none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..article import Sentence
from ..parse import parse
from .cues import speaks_of_truce
from .lexicon import EARLIER_TRUCE, MODALS, NO_TRUCE, TRUCE_STATUS_WORDS, TRUCE_WORDS, alternation
from .tree import token_at

_STATUS = {status: re.compile(rf"\b(?:{'|'.join(words)})\b", re.I) for status, words in TRUCE_STATUS_WORDS.items()}
_DEAL = re.compile(r"\b(?:offer|proposal|deal|agreement|pause|plan|accord)s?\b", re.I)
_NO_TRUCE = re.compile("|".join(NO_TRUCE), re.I)
_EARLIER = re.compile("|".join(EARLIER_TRUCE), re.I)
_TRUCE_NOUN = re.compile(rf"(?:{alternation(TRUCE_WORDS)})|{_DEAL.pattern}", re.I)


def about_truce(sentence: Sentence) -> bool:
    """The sentence speaks of this story's truce, or of the offer, deal or pause it is (not of earlier ones)."""
    return (speaks_of_truce(sentence) or bool(_DEAL.search(sentence.text))) and not _EARLIER.search(sentence.text)


def stated_status(sentences: Sequence[Sentence]) -> str | None:
    """The status the story gives its truce, from the sentences about it; None when no verb says."""
    return status_and_sentences(sentences)[0]


def status_and_sentences(sentences: Sequence[Sentence]) -> tuple[str | None, list[Sentence]]:
    """The status the story gives its truce and the sentences that state it ((None, []) when no verb says)."""
    about = [s for s in sentences if about_truce(s)]
    for status, pattern in _STATUS.items():
        if stating := [s for s in about if any(_asserted(s.text, m.start()) for m in pattern.finditer(s.text))]:
            return status, stating
    return None, []


def _asserted(text: str, at: int) -> bool:
    """The status word at ``at`` tells what happened, as the parse reads it: not an adjective or noun modifier
    of something else ("the country's shattered army"), not under a modal ("conduct that could violate it")."""
    token = token_at(parse(text), at)
    if token is None:
        return True
    if token.dep_ in ("amod", "compound") and not _TRUCE_NOUN.search(token.head.text):
        return False
    verbs = [token]
    while verbs[-1].dep_ == "conj" and verbs[-1].head.i != verbs[-1].i:  # "could undermine it or violate it"
        verbs.append(verbs[-1].head)
    return not any(c.dep_ == "aux" and c.lower_ in MODALS for v in verbs for c in v.children)


def says_no_truce(sentences: Sequence[Sentence]) -> bool:
    """Every sentence that speaks of a truce says there was none ("talks ended without a ceasefire")."""
    truce = [s for s in sentences if speaks_of_truce(s)]
    return bool(truce) and all(_NO_TRUCE.search(s.text) for s in truce)
