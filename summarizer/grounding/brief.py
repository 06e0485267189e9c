"""One article's candidates, the model's and the rules', grounded into a Brief.

    ground(article, sentences, combined(model_candidates(answers), rule_candidates(sentences)))

Every candidate passes the same section check whoever found it; the first truce and meeting that
survive win (a later chunk's truce replaces a "none reported" one), and terms ("conditions"), caveats and
delegations ("attendees") the rules read join them without ever making one up; list items are merged
by ``merge``'s rules. Items rest on the article's body only, never on page furniture (``Evidence``), and
text written in a script the article does not use is dropped last (``scripts``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel

from ..article import Sentence
from ..schema import Brief, Event, Meeting, Summary, Truce
from . import merge
from .casualties import casualties
from .evidence import Evidence
from .meeting import meeting, with_attendees
from .overview import event, summary
from .reactions import reactions
from .scripts import without_foreign_script
from .sources import sources
from .truce import truce, with_stated

CANDIDATE_SECTIONS = ("overview", "truce", "conditions", "caveats", "meeting", "attendees", "casualties", "reactions", "sources")
"""The candidate sections: whole answers (overview, truce, meeting) or items (the others)."""


def model_candidates(answers: Mapping[str, Sequence[BaseModel]]) -> dict[str, list[BaseModel]]:
    """The model's answers per section (one per chunk) as candidates: whole answers for the overview, truce
    and meeting; list items for casualties, reactions and sources (a source comes with the overview)."""
    return {
        "overview": list(answers.get("overview", ())),
        "truce": list(answers.get("truce", ())),
        "meeting": list(answers.get("meeting", ())),
        "casualties": [c for a in answers.get("casualties", ()) for c in a.claims],
        "reactions": [r for a in answers.get("reactions", ()) for r in a.reactions],
        "sources": [s for a in answers.get("overview", ()) for s in a.sources],
    }


def combined(*sets: Mapping[str, Sequence[BaseModel]]) -> dict[str, list[BaseModel]]:
    """Candidate sets joined section by section, in the order given (the first set's items win merges)."""
    return {section: [c for found in sets for c in found.get(section, ())] for section in CANDIDATE_SECTIONS}


def ground(article: str, sentences: Sequence[Sentence], candidates: Mapping[str, Sequence[BaseModel]]) -> Brief:
    """The Brief that ``candidates`` support, each checked by its section's grounding."""
    ev = Evidence(article, sentences)
    first_summary: Summary | None = None
    first_event: Event | None = None
    for overview in candidates.get("overview", ()):
        first_summary = first_summary or summary(ev, overview)
        first_event = first_event or event(ev, overview)
    the_truce: Truce | None = None
    for answer in candidates.get("truce", ()):
        found = truce(ev, answer)
        if the_truce is None or (found is not None and the_truce.status.value == "none_reported"):
            the_truce = found or the_truce
    the_truce = with_stated(ev, the_truce, candidates.get("conditions", ()), "conditions")
    the_truce = with_stated(ev, the_truce, candidates.get("caveats", ()), "caveats")
    the_meeting: Meeting | None = None
    for answer in candidates.get("meeting", ()):
        the_meeting = the_meeting or meeting(ev, answer)
    the_meeting = with_attendees(ev, the_meeting, candidates.get("attendees", ()))
    return without_foreign_script(Brief(
        summary=first_summary, event=first_event, truce=the_truce, meeting=the_meeting,
        casualties=merge.unique(casualties(ev, candidates.get("casualties", ())), merge.same_claim),
        reactions=merge.unique(reactions(ev, candidates.get("reactions", ())), merge.same_reaction),
        sources=merge.unique(sources(ev, candidates.get("sources", ())), merge.same_source),
        dropped=ev.dropped,
    ), ev)
