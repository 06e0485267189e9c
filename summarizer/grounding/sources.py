"""Sources: who the article quotes or attributes claims to, each kept where a sentence names them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import answers as A
from ..rules.lexicon import CLAIM_VERBS, STANCE_VERBS, alternation
from ..schema import Source
from .evidence import Evidence

_CLAUSE = re.compile(
    rf"\b(?:{alternation(CLAIM_VERBS + tuple(w for ws in STANCE_VERBS.values() for w in ws))}"
    r"|draws|will|would|had|has)\b", re.I)


def is_a_name(name: str) -> bool:
    """A source's name is a short noun phrase, not a clause copied from the article."""
    return len(name.split()) <= 12 and not _CLAUSE.search(name)


def sources(ev: Evidence, answers: Sequence[A.SourceAnswer]) -> list[Source]:
    """Sources named in the article, each with the sentence that names them."""
    out: list[Source] = []
    for a in answers:
        if not is_a_name(a.name):
            ev.drop("sources", "not a name", a.name)
            continue
        found = ev.anchor(a.name, ev.cited([a.sentence]))
        if found is None:
            ev.drop("sources", "source not named in the article", a.name)
            continue
        out.append(Source(name=a.name.strip(), anonymous=a.anonymous, evidence=ev.spans(found)))
    return out
