"""An oracle "model" for testing the eval harness: answers from a case's gold brief, but only what the
prompt asks for, so a prompt that omits a section's instructions loses that section."""

from __future__ import annotations

import json
from collections.abc import Callable

from summarizer.article import split_sentences
from summarizer.schema import Brief

# words a section's task must contain for the oracle to understand what is asked
ASKS = {"overview": "summary", "truce": "truce", "meeting": "attendees", "casualties": "casualty", "reactions": "govern"}


def _numbers(article: str):
    starts = [(s.start, s.end, s.number) for s in split_sentences(article)]

    def number(span) -> int:
        return next(n for a, b, n in starts if a <= span.start < b or span.start <= a < span.end)
    return number


def oracle_script(article: str, gold: Brief) -> dict[str, Callable]:
    n = _numbers(article)
    ev = lambda item: [n(s) for s in item.evidence][:2]  # noqa: E731
    answers = {
        "overview": {
            "summary": gold.summary.text if gold.summary else "", "date": gold.event.date if gold.event else None,
            "date_sentence": ev(gold.event)[0] if gold.event else None,
            "place": gold.event.place if gold.event else None,
            "place_sentence": ev(gold.event)[0] if gold.event else None,
            "sources": [{"sentence": ev(s)[0], "name": s.name, "anonymous": s.anonymous} for s in gold.sources][:6],
        },
        "truce": {
            "status": gold.truce.status.value if gold.truce else "none_reported",
            "sentences": ev(gold.truce)[:3] if gold.truce else [], "parties": gold.truce.parties[:4] if gold.truce else [],
            "toward": gold.truce.toward[:3] if gold.truce else [],
            "conditions": [{"sentence": ev(c)[0], "text": c.text[:200]} for c in gold.truce.conditions][:3] if gold.truce else [],
            "caveats": [{"sentence": ev(c)[0], "text": c.text[:200]} for c in gold.truce.caveats][:3] if gold.truce else [],
            "when": gold.truce.when if gold.truce else None, "where": gold.truce.where if gold.truce else None,
        },
        "meeting": {
            "sentences": ev(gold.meeting)[:3] if gold.meeting else [],
            "place": gold.meeting.place if gold.meeting else None, "time": gold.meeting.time if gold.meeting else None,
            "host": gold.meeting.host if gold.meeting else None,
            "attendees": [{"sentence": ev(a)[0], "name": a.name, "kind": a.kind.value, "role": a.role,
                           "affiliation": a.affiliation, "representatives": a.representatives}
                          for a in (gold.meeting.attendees if gold.meeting else [])][:10],
            "unnamed_others": gold.meeting.unnamed_others if gold.meeting else False,
        },
        "casualties": {"claims": [
            {"sentences": ev(c), "figure": c.figure_text, "kind": c.kind.value, "claimant": c.claimant,
             "victims": c.victims, "side": c.side, "place": c.place, "incident": c.incident, "hedge": c.hedge}
            for c in gold.casualties][:8]},
        "reactions": {"reactions": [
            {"sentences": ev(r), "actor": r.actor, "stance": r.stance.value, "statement": r.statement,
             "speaker": r.speaker} for r in gold.reactions][:8]},
    }
    empty = {"overview": {**answers["overview"], "summary": "", "sources": []},
             "truce": {**answers["truce"], "status": "none_reported", "sentences": [], "conditions": [], "caveats": []},
             "meeting": {"sentences": [], "place": None, "time": None, "host": None, "attendees": [],
                         "unnamed_others": False},
             "casualties": {"claims": []}, "reactions": {"reactions": []}}

    def answer(section: str) -> Callable:
        def respond(messages) -> str:
            task = messages[-1]["content"].split("END OF ARTICLE")[-1].lower()
            return json.dumps(answers[section] if ASKS[section] in task else empty[section])
        return respond

    return {section: answer(section) for section in answers}
