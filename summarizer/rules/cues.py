"""Does a sentence speak of casualties, a reaction, a truce, a meeting? Cheap cues, no extraction.

The prompts point the model at the sentences that carry these cues, and grounding asks that a
truce's or a meeting's evidence carry them.
"""

from __future__ import annotations

import re

from ..article import Sentence
from ..parse import parse
from .lexicon import (
    CASUALTY_CUES,
    HALT_VERBS,
    HALTED_ACTIONS,
    MEETING_WORDS,
    MODALS,
    PRESENCE_WORDS,
    REACTION_CUES,
    TRUCE_PHRASES,
    TRUCE_WORDS,
    UNREALISED_VERBS,
    alternation,
)
from .tree import token_at

_CASUALTY = re.compile(rf"\b(?:{alternation(CASUALTY_CUES)})", re.I)
_REACTION = re.compile(rf"\b(?:{alternation(REACTION_CUES)})", re.I)
_TRUCE = re.compile(
    rf"{alternation(TRUCE_WORDS)}|\b(?:{alternation(HALT_VERBS)})\w*\s+(?:\w+\s+){{0,3}}?(?:{alternation(HALTED_ACTIONS)})"
    rf"|{'|'.join(TRUCE_PHRASES)}",
    re.I)
_MEETING = re.compile("|".join(MEETING_WORDS), re.I)
_PRESENCE = re.compile("|".join(MEETING_WORDS + PRESENCE_WORDS), re.I)


def mentions_casualties(sentence: Sentence) -> bool:
    """True when the sentence speaks of people killed, wounded or missing."""
    return bool(_CASUALTY.search(sentence.text))


def mentions_reaction(sentence: Sentence) -> bool:
    """True when the sentence holds a reaction verb (condemn, defend, warn, call for ...)."""
    return bool(_REACTION.search(sentence.text))


def speaks_of_truce(sentence: Sentence) -> bool:
    """True when the sentence speaks of a truce, a ceasefire, or halting attacks."""
    return bool(_TRUCE.search(sentence.text))


def describes_meeting(sentence: Sentence) -> bool:
    """True when the sentence tells of a meeting, talks or a gathering that happens or happened, as the parse
    reads it: not one only called for, planned or possible ("hoping to arrange a summit", "would call a
    meeting", "agreed to hold talks")."""
    return any(_held(sentence.text, m.start()) for m in _MEETING.finditer(sentence.text))


def _held(text: str, at: int) -> bool:
    """The meeting word at ``at`` is not under a modal, an infinitive or a verb that only wishes for it."""
    token = token_at(parse(text), at)
    if token is None:
        return True
    for node in (token, *token.ancestors):
        if any(c.dep_ == "aux" and c.lower_ in (*MODALS, "to") for c in node.children):
            return False
        if node.i != token.i and node.lemma_.lower() in UNREALISED_VERBS:
            return False
    return True



def places_at_meeting(sentence: Sentence) -> bool:
    """True when the sentence tells of a meeting or of someone's presence at one (attended, sat, led a delegation)."""
    return bool(_PRESENCE.search(sentence.text))
