"""Who took part in a meeting, read by rule from the grammar news prose gives delegations:
"representatives of X", "delegates from X", "X sent its delegation, which Y headed", "Y led X's delegation".

A delegation is its organisation (``kind`` organisation, ``representatives`` true); the person who leads it
is an attendee of their own. People the article only quotes are never read here. Each shape is read from the
sentence's parse (:mod:`.tree`), so any name, however it is spelled or titled, is read whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from .. import answers as A
from ..article import Sentence
from ..parse import parse
from .lexicon import DELEGATE_NOUNS, LEADING_VERBS
from .tree import phrase, split_role, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

_BODIES = frozenset({"ORG", "GPE", "NORP"})
"""Entity kinds that can send a delegation."""


def _object(token: Token, preps: tuple[str, ...]) -> Token | None:
    """The object of a preposition of ``token`` among ``preps`` ("delegates from X" -> X)."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            return next((g for g in prep.children if g.dep_ == "pobj"), None)
    return None


def _sender(delegation: Token) -> Token | None:
    """Whose delegation it is: "X's delegation", "a delegation from X", "X sent a delegation"."""
    owner = next((c for c in delegation.children if c.dep_ == "poss"), None)
    owner = owner or _object(delegation, ("of", "from"))
    if owner is None and delegation.dep_ == "dobj" and delegation.head.lemma_ == "send":
        owner = subject_of(delegation.head)
    return owner


def _leader(delegation: Token) -> Token | None:
    """Who leads it: the agent of "headed"/"led" set after it ("the team, led by Y"), or the subject of "Y led it"."""
    for child in delegation.children:
        if child.dep_ == "acl" and child.lemma_ in LEADING_VERBS:
            agent = next((g for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            if agent is not None:
                return agent
    if delegation.dep_ == "dobj" and delegation.head.lemma_ in LEADING_VERBS:
        return subject_of(delegation.head)
    return None


def _entity_of(token: Token) -> str | None:
    """The organisation or place the recogniser names around ``token``, where the parse splits it ("the Upper
    Valley’s Defence League delegation": "Valley" owns the delegation, "Defence League" hangs off it)."""
    return next((e.text for e in token.doc.ents if e.start <= token.i < e.end and e.label_ in _BODIES), None)


def _organisation(name: str) -> str:
    """An organisation as an attendee is named: without a leading article."""
    return name[4:] if name.lower().startswith("the ") else name


def stated_attendees(sentences: Sequence[Sentence]) -> Iterator[A.AttendeeAnswer]:
    """Delegations and the people who lead them, as attendee answers citing their sentence."""
    for s in sentences:
        found: list[tuple[str, str]] = []
        for token in parse(s.text):
            if token.pos_ != "NOUN" or token.lemma_.lower() not in DELEGATE_NOUNS:
                continue
            leader = _leader(token)
            if leader is not None and (person := phrase(leader)):
                found.append(("person", person))
            sender = _sender(token)
            if sender is not None and (org := _entity_of(sender) or phrase(sender, apposition=sender.pos_ != "PROPN")):
                found.append(("organisation", _organisation(org)))
        for kind, name in dict.fromkeys(found):
            role = None
            if kind == "person":
                role, name = split_role(name, s.text)
            if len(name.split()) > 8:
                continue
            yield A.AttendeeAnswer.model_construct(sentence=s.number, name=name, kind=kind, role=role,
                                                   affiliation=None, representatives=kind == "organisation")
