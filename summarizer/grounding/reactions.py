"""Government reactions: an actor the article names, its stance, and the statement in the article's words."""

from __future__ import annotations

from collections.abc import Sequence

from .. import answers as A
from ..article import Sentence
from ..rules.reactions import actor_and_speaker, names_armed_group, stated_reactions, statement_in, voices_reaction
from ..schema import GovernmentReaction, Stance
from .evidence import Evidence
from .spans import locate
from .text import blank, same_name


def reactions(ev: Evidence, answers: Sequence[A.ReactionAnswer]) -> list[GovernmentReaction]:
    """Every answer whose actor the article names."""
    return [r for a in answers if (r := reaction(ev, a)) is not None]


def reaction(ev: Evidence, a: A.ReactionAnswer) -> GovernmentReaction | None:
    """One reaction, grounded; None (and the reason recorded) when the article does not name its actor."""
    if names_armed_group(a.actor):
        ev.drop("reactions", "an armed group, not a government", a.actor)
        return None
    cited = ev.cited(a.sentences)
    found = ev.anchor(a.actor, cited)
    if found is None:
        ev.drop("reactions", "actor not named in the article", a.actor)
        return None
    if cited and not set(found) & set(cited) and any(stated_reactions(s.text) for s in cited):
        ev.drop("reactions", "the cited sentences give the reaction of another actor", a.actor)
        return None
    if not any(voices_reaction(s.text) for s in found):
        ev.drop("reactions", "no sentence of its evidence has it react", a.actor)
        return None
    actor, named = actor_and_speaker(a.actor.strip(), ev.holding(a.actor.strip(), found))
    stated = _stated(ev, actor, sorted({*found, *cited}, key=lambda s: s.number))
    found = ev.with_attribution(a.speaker, sorted({*found, *(s for s, _ in stated)}, key=lambda s: s.number))
    if blank(a.statement):  # not asked of the model: the words its evidence gives the reaction
        statement = next((words for s in found if (words := statement_in(s.text))), None)
    else:
        statement = next((wording for s in found if (wording := locate(a.statement, s))), None)
        if statement is None:
            ev.drop("reactions.statement", "not stated in the item's evidence", a.statement)
    speaker = a.speaker if not blank(a.speaker) else named
    return GovernmentReaction(
        actor=actor, stance=Stance(stated[0][1] if stated else a.stance), statement=statement,
        speaker=ev.optional("reactions", "speaker", speaker, found), evidence=ev.spans(found),
    )


def _stated(ev: Evidence, actor: str, sentences: Sequence[Sentence]) -> list[tuple[Sentence, str]]:
    """The sentences whose own verb gives this actor a stance ("X urged ..." -> calls_for_restraint, or "He urged
    ..." after a sentence naming X), each with that stance."""
    return [(s, stated.stance) for s in sentences for stated in stated_reactions(s.text, ev.before(s))
            if same_name(stated.actor, actor)]
