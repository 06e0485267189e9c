"""The truce answer: its status, parties and terms, with conditions and caveats in the article's own words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from .. import answers as A
from ..article import Sentence, normalise
from ..rules.cues import speaks_of_truce
from ..rules.truce import says_no_truce, stated_status, status_and_sentences
from ..rules.words import content_words
from ..schema import Statement, Truce, TruceStatus
from .evidence import Evidence
from .spans import locate


def statements(ev: Evidence, section: str, quotes: Sequence[A.QuoteAnswer]) -> tuple[list[Statement], list[Sentence]]:
    """Each quote as the article words it (its cited sentence first, then any other), and the sentences used."""
    out: list[Statement] = []
    used: list[Sentence] = []
    for q in quotes:
        cited = ev.cited([q.sentence])
        hit = next(((wording, s) for s in cited + [s for s in ev.sentences if s not in cited]
                    if (wording := locate(q.text, s))), None)
        if hit is None:
            held = ev.furniture_holding(lambda s, text=q.text: locate(text, s) is not None)
            ev.drop(section, f"stated only in page furniture (a {held.furniture.value} line)" if held
                    else "not found in the article", q.text)
            continue
        out.append(Statement(text=hit[0], evidence=ev.spans([hit[1]])))
        used.append(hit[1])
    return out, used


def truce(ev: Evidence, answer: A.TruceAnswer) -> Truce | None:
    """A truce whose evidence speaks of one (the cited sentences, else those stating what became of the story's
    truce); parties, target and terms only where stated near it."""
    conditions, conditions_at = statements(ev, "truce.conditions", answer.conditions)
    caveats, _ = statements(ev, "truce.caveats", answer.caveats)
    evidence = [s for s in ev.cited(answer.sentences) if speaks_of_truce(s)] or [
        s for s in conditions_at if speaks_of_truce(s)][:1]
    if evidence and says_no_truce(ev.sentences):
        ev.drop("truce", "the article says there was no truce", answer.status)
        return None
    if not evidence and answer.status != "none_reported":
        # the model cited the wrong sentences: the story's own sentences that state what became of a truce
        evidence = status_and_sentences(ev.sentences)[1][:2]
        if not evidence:
            ev.drop("truce", "no sentence of the article states a truce", answer.status)
    if not evidence:
        return None
    parties = [p for phrase in answer.parties if (p := ev.nearby("truce.parties", phrase, evidence)) is not None]
    toward = [t for phrase in answer.toward if (t := ev.nearby("truce.toward", phrase, evidence)) is not None]
    when = ev.nearby("truce.when", answer.when, evidence)
    where = ev.nearby("truce.where", answer.where, evidence)
    return Truce(status=TruceStatus(story_status(ev, answer.status)), parties=parties, toward=toward, conditions=conditions,
                 caveats=caveats, when=when, where=where, evidence=ev.spans(evidence))


def story_status(ev: Evidence, given: str) -> str:
    """The status the story states wins when it is one a model misses (broken, rejected), or when the model
    gave none; otherwise the model's."""
    stated = stated_status(ev.sentences)
    if stated in ("broken", "rejected") or (stated and given == "none_reported"):
        return stated
    return given


def with_stated(ev: Evidence, truce: Truce | None, quotes: Sequence[A.QuoteAnswer],
                field: Literal["conditions", "caveats"]) -> Truce | None:
    """The truce with the terms or caveats the rules read added to ``field``, where it does not state them
    already; no truce, none."""
    if truce is None or not quotes:
        return truce
    found, _ = statements(ev, f"truce.{field}", quotes)
    kept = list(getattr(truce, field))
    for item in found:
        if not any(_same_term(item.text, other.text) for other in kept):
            kept.append(item)
    return truce.model_copy(update={field: kept})


def _same_term(a: str, b: str) -> bool:
    """One term in two wordings: one holds the other, or they share most of their content words."""
    na, nb = normalise(a), normalise(b)
    if na in nb or nb in na:
        return True
    wa, wb = set(content_words(a)), set(content_words(b))
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.6
