"""The meeting answer: where, when, who hosted, and who attended, each stated by the article."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import answers as A
from ..article import Sentence, normalise
from ..rules.cues import describes_meeting, places_at_meeting
from ..rules.tree import role_in, split_role
from ..schema import Attendee, AttendeeKind, Meeting
from .evidence import Evidence
from .text import blank, same_name, supported

_REPRESENTATIVES_OF = re.compile(r"^(?:the\s+)?representatives?\s+(?:of|from)\s+", re.I)


def _joined(*groups: Sequence[Sentence]) -> list[Sentence]:
    return sorted({s for group in groups for s in group}, key=lambda s: s.number)


def meeting(ev: Evidence, answer: A.MeetingAnswer) -> Meeting | None:
    """A meeting that some sentence describes, with the fields and attendees the article states."""
    if not (answer.attendees or answer.place or answer.host or answer.time):
        return None
    named = [p for p in (answer.place, answer.time, answer.host, *(a.name for a in answer.attendees)) if not blank(p)]
    cited = ev.cited(answer.sentences)
    described = [s for s in cited if describes_meeting(s)]
    if not described:
        # The model cited no sentence that tells of a meeting: accept one that does and names
        # one of its people or places; a meeting the article never describes is dropped.
        described = [s for s in ev.sentences if describes_meeting(s) and any(supported(p, s.text) for p in named)][:1]
    if not described:
        ev.drop("meeting", "no sentence of the article describes a meeting", answer.model_dump_json())
        return None
    evidence = _joined(described, [s for s in cited if any(supported(p, s.text) for p in named)])
    fields: dict[str, str | None] = {}
    for name in ("place", "time", "host"):
        phrase = getattr(answer, name)
        found = None if blank(phrase) else ev.anchor(phrase, evidence)
        if found is None and not blank(phrase):
            ev.drop(f"meeting.{name}", "not stated in the article", phrase)
        fields[name] = None if found is None else phrase.strip()
        evidence = _joined(evidence, found or [])
    people = attendees(ev, answer.attendees, evidence)
    evidence = _joined(evidence, [ev.at(span) for a in people for span in a.evidence])
    return Meeting(**fields, attendees=people, unnamed_others=answer.unnamed_others, evidence=ev.spans(evidence))


def attendees(ev: Evidence, answers: Sequence[A.AttendeeAnswer], meeting_evidence: list[Sentence]) -> list[Attendee]:
    """Attendees the article names, once each, where a sentence that names them tells of a meeting or of their
    presence; "representatives of X" become the organisation X, and a person's title ("Brigadier General")
    becomes their role when the model gave none."""
    out: list[Attendee] = []
    seen: set[str] = set()
    for a in answers:
        name = _REPRESENTATIVES_OF.sub("", a.name.strip())
        representatives = a.kind == "organisation" and (a.representatives or name != a.name.strip())
        context = ev.holding(name, ev.cited([a.sentence]) + ev.mentions(name))
        title, bare = split_role(name, context) if a.kind == "person" else (None, name)
        name, role = bare, a.role if not blank(a.role) else title  # the title was written with the name
        key = normalise(name)
        if blank(name) or key in seen:
            continue
        found = ev.anchor(name, ev.cited([a.sentence]) or meeting_evidence[:1])
        if found is None:
            ev.drop("meeting.attendees", "name not in the article", name)
            continue
        if not any(places_at_meeting(s) for s in ev.mentions(name)):
            ev.drop("meeting.attendees", "no sentence that names them tells of a meeting or their presence", name)
            continue
        seen.add(key)
        stated_role = ev.optional("meeting.attendees", "role", role, found)
        if stated_role is None and a.kind == "person":  # the role the article writes around the name
            stated_role = next((r for s in found if (r := role_in(name, s.text))), None)
        out.append(Attendee(
            name=name, kind=AttendeeKind(a.kind),
            role=stated_role,
            affiliation=ev.optional("meeting.attendees", "affiliation", a.affiliation, found),
            representatives=representatives, evidence=ev.spans(found),
        ))
    return out


def with_attendees(ev: Evidence, found: Meeting | None, answers: Sequence[A.AttendeeAnswer]) -> Meeting | None:
    """The meeting with the delegations the rules read added, where it does not name them already; no
    meeting, none (a delegation never makes a meeting up)."""
    if found is None or not answers:
        return found
    people = list(found.attendees)
    for extra in attendees(ev, answers, [ev.at(span) for span in found.evidence]):
        if not any(same_name(extra.name, a.name) for a in people):
            people.append(extra)
    return found.model_copy(update={"attendees": people})
