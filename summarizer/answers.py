"""What the model is asked to return, one small schema per section.

The model cites sentence numbers instead of quoting evidence (cheap to generate, exact to
ground) and copies short phrases; grounding turns these answers into Brief items. Every list
and string is bounded so that grammar-constrained decoding cannot loop until ``max_tokens``.
The schemas are plain enough for llama.cpp's JSON-schema-to-grammar converter.

A field marked ``NotAsked`` is left out of the schema the model decodes: rule readers fill it (their
candidates are the same classes) or grounding derives it from the cited sentences. Each was dropped
because the model's values added nothing measurable on the eval while costing decoded tokens (see the
README's Speed section).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from .schema import AttendeeKind, CasualtyKind, Stance, TruceStatus

SentenceNumber = int

# The brief's enums as the plain string literals the model decodes (the same values, in the same order)
TruceStatusValue = Literal[tuple(v.value for v in TruceStatus)]
CasualtyKindValue = Literal[tuple(v.value for v in CasualtyKind)]
StanceValue = Literal[tuple(v.value for v in Stance)]
AttendeeKindValue = Literal[tuple(v.value for v in AttendeeKind)]
NotAsked = SkipJsonSchema
"""A field the model is not asked for (absent from its schema); rules or grounding fill it."""


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceAnswer(_Answer):
    sentence: SentenceNumber
    name: str = Field(max_length=80)
    anonymous: bool


class OverviewAnswer(_Answer):
    summary: str = Field(max_length=420)
    date: str | None = Field(max_length=60)
    date_sentence: SentenceNumber | None
    place: str | None = Field(max_length=80)
    place_sentence: SentenceNumber | None
    sources: NotAsked[list[SourceAnswer]] = Field(default_factory=list, max_length=6)
    """Read by rule: the model's sources scored lower than the rules' alone."""


class QuoteAnswer(_Answer):
    sentence: SentenceNumber
    text: str = Field(max_length=200)


class TruceAnswer(_Answer):
    status: TruceStatusValue
    sentences: list[SentenceNumber] = Field(max_length=3)
    parties: list[str] = Field(max_length=4)
    toward: list[str] = Field(max_length=3)
    conditions: list[QuoteAnswer] = Field(max_length=3)
    caveats: list[QuoteAnswer] = Field(max_length=3)
    when: str | None = Field(max_length=60)
    where: str | None = Field(max_length=80)


class AttendeeAnswer(_Answer):
    sentence: SentenceNumber
    name: str = Field(max_length=80)
    kind: AttendeeKindValue
    role: str | None = Field(max_length=80)
    affiliation: str | None = Field(max_length=80)
    representatives: bool


class MeetingAnswer(_Answer):
    sentences: list[SentenceNumber] = Field(max_length=3)
    place: str | None = Field(max_length=100)
    time: str | None = Field(max_length=60)
    host: str | None = Field(max_length=80)
    attendees: list[AttendeeAnswer] = Field(max_length=8)
    unnamed_others: bool


class ClaimAnswer(_Answer):
    sentences: list[SentenceNumber] = Field(min_length=1, max_length=2)
    figure: str = Field(max_length=40)
    kind: CasualtyKindValue
    claimant: str | None = Field(max_length=80)
    victims: str | None = Field(max_length=80)
    side: NotAsked[str | None] = Field(default=None, max_length=60)
    place: str | None = Field(max_length=80)
    incident: str | None = Field(max_length=100)
    hedge: NotAsked[str | None] = Field(default=None, max_length=40)


class CasualtiesAnswer(_Answer):
    claims: list[ClaimAnswer] = Field(max_length=8)


class ReactionAnswer(_Answer):
    sentences: list[SentenceNumber] = Field(min_length=1, max_length=2)
    actor: str = Field(max_length=80)
    stance: StanceValue
    statement: NotAsked[str | None] = Field(default=None, max_length=200)
    """Grounding takes the quotation of the cited sentence."""
    speaker: NotAsked[str | None] = Field(default=None, max_length=60)
    """Grounding takes the name the actor's wording holds ("Foreign Minister Jan Vos")."""


class ReactionsAnswer(_Answer):
    reactions: list[ReactionAnswer] = Field(max_length=8)


QUESTIONS: dict[str, type[BaseModel]] = {
    "overview": OverviewAnswer,
    "truce": TruceAnswer,
    "meeting": MeetingAnswer,
    "casualties": CasualtiesAnswer,
    "reactions": ReactionsAnswer,
}
"""The questions the model is asked, one call each: name -> answer schema, in the order the pipeline asks them
(the brief's candidate sections are ``grounding.brief.CANDIDATE_SECTIONS``, the scored ones
``evals.scoring.SCORED_SECTIONS``)."""

MAX_TOKENS: dict[str, int] = {
    "overview": 420,
    "truce": 500,
    "meeting": 900,
    "casualties": 900,
    "reactions": 700,
}
"""Generation budget per section; the bounded schemas fit well inside it."""
