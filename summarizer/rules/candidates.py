"""Every rule reader over an article's sentences, as candidates per section."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from ..article import Sentence
from .attribution import stated_sources
from .casualties import stated_claims
from .caveats import stated_caveats
from .conditions import stated_conditions
from .meeting import stated_attendees
from .reactions import stated_reaction_answers


def rule_candidates(sentences: Sequence[Sentence]) -> dict[str, list[BaseModel]]:
    """What the rules find in the body of ``sentences`` (never in page furniture), in article order: claim,
    reaction, source, truce-term, truce-caveat and attendee answers."""
    sentences = [s for s in sentences if s.body]
    return {
        "casualties": list(stated_claims(sentences)),
        "reactions": list(stated_reaction_answers(sentences)),
        "sources": list(stated_sources(sentences)),
        "conditions": list(stated_conditions(sentences)),
        "caveats": list(stated_caveats(sentences)),
        "attendees": list(stated_attendees(sentences)),
    }
