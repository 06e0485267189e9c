"""Who took part in a meeting, read by rule from the shapes news prose gives delegations:
"representatives of X", "a delegation from X", "X's delegation, led by Y", "Y headed X's delegation".

A delegation is its organisation (``kind`` organisation, ``representatives`` true); the person who leads it
is an attendee of their own. People the article only quotes are never read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import answers as A
from ..article import Sentence
from .reactions import split_office_and_name

_PARTICLE = r"(?:al|el|ad|bin|ibn|de|van|von|der|du|da)-?"
_BODY = (r"(?:\s+(?:city|town|regional|foreign|interior|defence|provincial)?\s*"
         r"(?:council|ministry|government|authority|committee))?")
_NAME = (rf"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+|and\s+|for\s+|{_PARTICLE})?[A-Z(][\w'’.)-]*"
         rf"|\s+{_PARTICLE}[A-Z][\w'’-]*)*{_BODY}")
_PERSON = r"(?:[A-Z][\w'’.-]+\s+){1,5}?[A-Z][\w'’-]+"
_OF_ORG = re.compile(rf"\b(?:[Rr]epresentatives?|[Dd]elegates?|[Dd]elegations?)\s+(?:of|from)\s+(?P<org>{_NAME})")
_SENT = re.compile(rf"(?P<org>{_NAME})\s+sent\s+(?:a|its)\s+delegation")
_HEADED_BY = re.compile(rf"\bdelegation\b[^.;]{{0,40}}?\b(?:headed|led)\s+by\s+(?P<person>{_PERSON})")
_LED = re.compile(rf"(?P<person>{_PERSON}),?\s+(?:who\s+)?(?:led|headed)\s+(?:the\s+)?"
                  rf"(?P<org>[\w'’ ().-]{{3,60}}?)['’]s\s+delegation")


def _org(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(" ,"), flags=re.I)
    return name[:-1] if name.endswith(".") and name.count(".") == 1 else name


def stated_attendees(sentences: Sequence[Sentence]) -> Iterator[A.AttendeeAnswer]:
    """Delegations and the people who lead them, as attendee answers citing their sentence."""
    for s in sentences:
        found: list[tuple[str, str]] = []
        for m in _LED.finditer(s.text):
            found += [("person", m.group("person")), ("organisation", m.group("org"))]
        for m in _HEADED_BY.finditer(s.text):
            found.append(("person", m.group("person")))
        for m in list(_OF_ORG.finditer(s.text)) + list(_SENT.finditer(s.text)):
            found.append(("organisation", m.group("org")))
        for kind, name in found:
            if kind == "person":
                office, person = split_office_and_name(name)
                name, role = (person, office) if person else (name, None)
            else:
                name, role = _org(name), None
            if len(name.split()) > 8:
                continue
            yield A.AttendeeAnswer.model_construct(sentence=s.number, name=name, kind=kind, role=role,
                                                   affiliation=None, representatives=kind == "organisation")
