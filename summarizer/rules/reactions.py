"""Reactions of official bodies that a sentence states, found by rule, as the answers the model would give.

News reports give a government's reaction in a few fixed shapes: a subject that names an official
body or office ("Korvia's foreign minister, Pal Ostrom,", "The Interior Ministry") followed by a
stance verb ("condemned", "welcomed", "urged", "denied", ...) or by "said" and a legal step ("had referred
the matter to prosecutors"). This module reads those shapes, one sentence at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import answers as A
from ..article import Sentence, find_written
from ..parse import parse
from .lexicon import (
    ARMED_GROUP_WORDS,
    CLAIM_VERBS,
    OFFICIAL_BODIES,
    REFUSED_OBJECTS,
    STANCE_VERBS,
    STATES,
    alternation,
)
from .tree import MODIFYING, antecedent, phrase, reports, split_role, subject_of, token_at

if TYPE_CHECKING:
    from spacy.tokens import Token

_VERB = re.compile(
    r"\s(?:" + "|".join(f"(?P<{stance}>{alternation(words)})" for stance, words in STANCE_VERBS.items()) + r")\b")
_SAID = re.compile(rf"\s(?:{alternation(CLAIM_VERBS)})\b")
_LEGAL = re.compile(
    r"\b(?:opened an? (?:inquiry|investigation)|filed an? (?:complaint|lawsuit|case)|legal (?:options|action|steps)|"
    r"(?:referred|took) (?:the case|the matter|it) to|arrest warrants?)\b", re.I)
_OFFICIAL = re.compile(rf"\b(?:{alternation(OFFICIAL_BODIES)})\b", re.I)
_STATE = re.compile(rf"(?:{alternation(STATES)})")
_ARMED_GROUP = re.compile(rf"\b(?:{alternation(ARMED_GROUP_WORDS)})\b", re.I)
_LEAD_IN = re.compile(r"^(?:(?:In|On|At|Across|Later|Earlier|Meanwhile|Separately|Elsewhere)\b[^,]{0,60},\s*)+")
_VOICE_OF = re.compile(r"['’]s\s+(?:spokes(?:man|woman|person)|press office|press service)$", re.I)
_REFUSED = re.compile(rf"^\s+(?:[\w'’-]+\s+){{0,3}}?(?:{alternation(REFUSED_OBJECTS)})\b", re.I)
_QUOTE = re.compile(r"[“\"]([^”\"]{3,200})[”\"]")


@dataclass(frozen=True)
class StatedReaction:
    """An official body's reaction as one sentence states it."""

    actor: str
    stance: str
    speaker: str | None
    statement: str | None


def actor_and_speaker(subject: str, sentence: str | None = None) -> tuple[str, str | None]:
    """The body or office that reacts and the person who speaks for it, where the phrase (read in ``sentence``)
    names one: "Foreign Minister Jan Vos" -> ("Foreign Minister", "Jan Vos"), "The Interior Ministry" -> (itself,
    None)."""
    role, name = split_role(subject, sentence)
    return (role, name) if role is not None else (name, None)


def names_armed_group(actor: str) -> bool:
    """The actor is an armed group ("the rebels", "Hamas's military wing"), whatever else it holds."""
    return bool(_ARMED_GROUP.search(actor))


def is_official(actor: str, sentence: str | None = None) -> bool:
    """A government, an official body or office, or a state named alone (a known one, or a place the recogniser
    finds in ``sentence``: "Kigali denied ..."); never an armed group."""
    if names_armed_group(actor):
        return False
    bare = re.sub(r"^[Tt]he\s+", "", actor.strip())
    if _OFFICIAL.search(actor) or _STATE.fullmatch(bare):
        return True
    return sentence is not None and any(e.label_ == "GPE" and re.sub(r"^[Tt]he\s+", "", e.text) == bare
                                        for e in parse(sentence).ents)


def _subject_before(sentence: str, verb_at: int) -> str | None:
    """The subject that opens ``sentence`` before the verb at ``verb_at``, without a lead-in ("In Tarsk, ...");
    None when the verb sits inside a quote or a long clause, so that the subject is not at the start."""
    head = sentence[:verb_at]
    if any(c in head for c in "“\"”;:") or len(head) > 160:
        return None
    return _LEAD_IN.sub("", head.strip()).strip(" ,") or None


def _opening_subject(sentence: str, verb_at: int) -> str | None:
    """Where the parse finds no subject for the verb: the noun phrase that opens the sentence before it, if it
    reads as one ("In Tarsk, Norland's prime minister, Ada Lenk, welcomed ...")."""
    subject = _subject_before(sentence, verb_at)
    if not subject or not subject[0].isupper() and not subject.lower().startswith("the "):
        return None
    if _SAID.search(f" {subject}") or subject.split()[-1].lower() in ("and", "but", "who", "which"):
        return None  # "X said she regretted ... and urged": the subject is a clause, not a name
    return subject


def voices_reaction(sentence: str) -> bool:
    """The sentence has someone react: a stance verb in any form ("condemning", "has urged"), a reporting verb
    that is not negated, or a legal step."""
    return bool(_LEGAL.search(sentence)) or any(stance_of(t) or reports(t) for t in parse(sentence))


def statement_in(sentence: str) -> str | None:
    """A reaction's words as a sentence gives them: its first quotation, if the sentence has one.
    (Its reported clause instead, where there is no quote, scored lower on the eval: reactions .457 -> .452.)"""
    quote = _QUOTE.search(sentence)
    return quote.group(1).strip(" ,.") if quote else None


def _stems(form: str) -> set[str]:
    """The lemmas a verb form may come from ("denied" -> "deny", "welcomed" -> "welcome", "urges" -> "urge")."""
    out = {form}
    if form.endswith("s"):
        out.add(form[:-1])
    if form.endswith("d"):
        out |= {form[:-1], form[:-2]}
    if form.endswith(("ied", "ies")):
        out.add(form[:-3] + "y")
    return out


_STANCE_OF: dict[tuple[str, str | None], str] = {
    (stem, words[1] if len(words) > 1 else None): stance
    for stance, forms in STANCE_VERBS.items() for form in forms if (words := form.split())
    for stem in _stems(words[0])
}
"""(lemma, particle) -> stance, read off the stance verbs' forms ("called for" -> ("call", "for"))."""


def stance_of(verb: Token) -> str | None:
    """The stance a verb gives its subject, by its lemma and particle ("condemning", "has called on"); a denial
    of an offer, a truce or a demand is a refusal (``other``)."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    stance = _STANCE_OF.get((lemma, None))
    if stance is None:
        # the word right after the verb ("called for a truce to hold"), never a preposition further on ("called
        # it a camp on Sunday"), or a particle the parse gives it ("called the talks off")
        particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
        particles += [verb.nbor(1).lower_] if verb.i + 1 < len(verb.doc) else []
        stance = next((_STANCE_OF[(lemma, p)] for p in particles if (lemma, p) in _STANCE_OF), None)
    if stance == "denies" and _REFUSED.match(verb.doc.text[verb.idx + len(verb.text):]):
        return "other"
    return stance


def _actor_of(verb: Token) -> Token | None:
    """Who takes the stance: the verb's subject, or for a participle that trails a clause ("summoned the envoy,
    condemning the raid") the subject of that clause."""
    subject = subject_of(verb)
    if subject is None and verb.dep_ == "advcl" and verb.tag_ == "VBG":
        subject = subject_of(verb.head)
    return subject


def stated_reactions(sentence: str, before: str | None = None) -> list[StatedReaction]:
    """The reactions of official bodies in ``sentence``: each stance verb (or the speech verb of a legal step)
    whose grammatical subject, read from the parse, names an official body or office or a state; a subject
    pronoun stands for the subject of the sentence ``before`` where it agrees ("He urged ...")."""
    found: list[StatedReaction] = []
    statement = statement_in(sentence)
    legal = bool(_LEGAL.search(sentence))
    for verb in parse(sentence):
        stance = stance_of(verb)
        if stance is None and legal and reports(verb) and not any(r.stance == "legal_steps" for r in found):
            stance = "legal_steps"
        if stance is None or verb.dep_ in MODIFYING:
            continue
        head = _actor_of(verb)
        subjects = [phrase(h) for h in _with_conjuncts(head)] if head is not None else []
        if head is not None and before and (named := antecedent(head, before)):
            subjects = [named]
        subjects = [s for s in subjects if s] or [s for s in [_opening_subject(sentence, verb.idx - 1)] if s]
        for subject in subjects:  # "Norland and Korvia condemned ...": one reaction each
            if len(subject) > 120:
                continue
            actor, speaker = actor_and_speaker(_LEAD_IN.sub("", subject), sentence)
            actor = _VOICE_OF.sub("", actor)
            if not is_official(actor, sentence) or len(actor) > 80 or any(r.actor == actor and r.stance == stance
                                                                            for r in found):
                continue
            found.append(StatedReaction(actor, stance, speaker, statement))
    return found


def _with_conjuncts(head: Token) -> list[Token]:
    """A subject and the ones joined to it by "and" or commas."""
    out = [head]
    for child in head.children:
        if child.dep_ == "conj":
            out += _with_conjuncts(child)
    return out


def stated_reaction_answers(sentences: Sequence[Sentence]) -> Iterator[A.ReactionAnswer]:
    """Every stated reaction as a reaction answer citing its sentence."""
    body = [s for s in sentences if s.body]
    for before, s in zip([None, *body], body):
        for r in stated_reactions(s.text, before.text if before is not None else None):
            cited = [s.number] if find_written(s.text, r.actor) or before is None else [before.number, s.number]
            yield A.ReactionAnswer.model_construct(sentences=cited, actor=r.actor, stance=r.stance,
                                                   statement=r.statement, speaker=r.speaker)


def subject_of_verb_at(sentence: str, at: int) -> str | None:
    """The grammatical subject of the verb whose word starts at character ``at`` (a verb joined to an earlier one
    by "and" shares its subject; a passive's agent counts), with its title and apposition, without relative
    clauses; None when the verb has no subject in the sentence, only modifies a noun ("militias armed by
    Norland"), or its subject is a pronoun."""
    verb = token_at(parse(sentence), at)
    if verb is None or verb.idx != at or verb.dep_ in MODIFYING:
        return None
    subject = subject_of(verb)
    named = phrase(subject) if subject is not None else None
    return _LEAD_IN.sub("", named) or None if named else None


def subject_name(sentence: str) -> str | None:
    """The person (else the body) a sentence has act by its first stance or claim verb: "In the north, the
    navy's commander, Admiral Ruth Kell, denied ..." -> "Admiral Ruth Kell"."""
    verbs = sorted([m.start() + 1 for m in _VERB.finditer(sentence)] + [m.start() + 1 for m in _SAID.finditer(sentence)])
    subject = next((found for at in verbs if (found := subject_of_verb_at(sentence, at))), None)
    if subject is None:
        return None
    role, name = split_role(subject, sentence)
    if role is not None:
        return name
    return name if name[:1].isupper() and len(name.split()) <= 6 else None
