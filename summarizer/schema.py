"""The Brief: what `summarize` returns, every item tied to character spans of the article.

Offsets are indices into the article as a Python ``str`` (Unicode code points) decoded
from UTF-8 exactly as read, so ``article[span.start:span.end] == span.text`` always.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .config import CandidateMode


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A character span of the original article: ``article[start:end] == text``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError("span end is before its start")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length does not match its offsets")
        return self


class Grounded(_Model):
    """Any item of a brief: it carries the article text that supports it."""

    evidence: list[Span] = Field(min_length=1)


class TruceStatus(str, Enum):
    agreed = "agreed"
    offered = "offered"
    rejected = "rejected"
    broken = "broken"
    none_reported = "none_reported"


class CasualtyKind(str, Enum):
    killed = "killed"
    wounded = "wounded"
    missing = "missing"
    none = "none"


class Stance(str, Enum):
    condemns = "condemns"
    defends = "defends"
    supports = "supports"
    threatens = "threatens"
    calls_for_restraint = "calls_for_restraint"
    legal_steps = "legal_steps"
    denies = "denies"
    other = "other"


class AttendeeKind(str, Enum):
    person = "person"
    organisation = "organisation"


class Summary(Grounded):
    text: str


class Event(Grounded):
    """When and where the reported event happened, as precisely as the article says."""

    date: str | None = None
    place: str | None = None


class Statement(Grounded):
    """A condition or caveat, in the article's own words."""

    text: str


class Truce(Grounded):
    status: TruceStatus
    parties: list[str] = Field(default_factory=list, description="who is bound by the truce")
    toward: list[str] = Field(default_factory=list, description="whom the truce is toward")
    conditions: list[Statement] = Field(default_factory=list)
    caveats: list[Statement] = Field(default_factory=list, description="dissent, doubts, threats to it")
    when: str | None = None
    where: str | None = None


class Attendee(Grounded):
    name: str
    kind: AttendeeKind
    role: str | None = None
    affiliation: str | None = None
    representatives: bool = Field(
        default=False, description="true when the article names only 'representatives of' this body"
    )


class Meeting(Grounded):
    place: str | None = None
    time: str | None = None
    host: str | None = None
    attendees: list[Attendee] = Field(default_factory=list)
    unnamed_others: bool = Field(default=False, description="the article mentions unnamed other attendees")


class Figure(_Model):
    """A figure normalised from its words: "four" -> 4..4, "at least 12" -> 12..None, "dozens" -> 24..None."""

    low: int | None = None
    high: int | None = None
    approximate: bool = False


class CasualtyClaim(Grounded):
    claimant: str | None = Field(default=None, description="who makes the claim; null when the article says it itself")
    figure_text: str = Field(description="the figure exactly as the article states it")
    figure: Figure
    kind: CasualtyKind
    victims: str | None = None
    side: str | None = None
    place: str | None = None
    incident: str | None = None
    hedge: str | None = Field(default=None, description='e.g. "initially said", "according to"')


class GovernmentReaction(Grounded):
    actor: str
    stance: Stance
    statement: str | None = None
    speaker: str | None = None


class Source(Grounded):
    name: str
    anonymous: bool = False


class Dropped(_Model):
    """An item the model proposed that did not survive grounding, and why."""

    section: str
    reason: str
    item: str


class CallRecord(_Model):
    section: str
    chunk: int
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 1
    latency_s: float = 0.0
    cached: bool = False
    key: str | None = Field(default=None, description="the answer's cache key: SHA-256 of everything that shapes it")


class RunRecord(_Model):
    """How the brief was made: enough to reproduce or account for it."""

    backend: str
    model: str
    model_sha256: str | None = None
    prompt_version: str
    prompt_sha256: str
    article_sha256: str
    candidates: CandidateMode = Field(
        default="both", description="who proposed the items: the model, the rule readers, or both")
    chunks: int = 1
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    latency_s: float = 0.0
    calls: list[CallRecord] = Field(default_factory=list)
    failed_sections: list[str] = Field(
        default_factory=list, description="sections whose answer stayed invalid after the re-ask: not in the brief"
    )
    warnings: list[str] = Field(default_factory=list)


class Brief(_Model):
    """An evidence-grounded brief of one article."""

    summary: Summary | None = None
    event: Event | None = None
    truce: Truce | None = None
    meeting: Meeting | None = None
    casualties: list[CasualtyClaim] = Field(default_factory=list)
    reactions: list[GovernmentReaction] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    dropped: list[Dropped] = Field(default_factory=list)
    run: RunRecord | None = None
    article_text: str | None = Field(
        default=None, description="the text the evidence offsets refer to, where it is not the input as given: "
                                  "the main text extracted from a web page")
    source_url: str | None = Field(default=None, description="the address the article was fetched from")

    def items(self) -> list[Grounded]:
        """Every grounded item of the brief, nested ones included."""
        out: list[Grounded] = []
        for single in (self.summary, self.event, self.truce, self.meeting):
            if single is not None:
                out.append(single)
        if self.truce is not None:
            out.extend(self.truce.conditions)
            out.extend(self.truce.caveats)
        if self.meeting is not None:
            out.extend(self.meeting.attendees)
        out.extend(self.casualties)
        out.extend(self.reactions)
        out.extend(self.sources)
        return out
