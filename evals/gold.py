"""Gold briefs: a Brief whose items may also say what else they accept.

A gold item may carry

* ``alternatives``: partial sets of its own fields, each accepted in place of the gold's values
  (``{"claimant": "the PMA commander"}``, ``{"status": "offered"}``, ``{"text": ..., "evidence": [...]}``);
* ``optional``: true when a brief may leave the item out without losing recall (a defensible
  extra reading); matched, it counts like any other item.

The gold summary carries ``key_facts``: the facts a summary must state, each one or more accepted
phrasings. The conventions the golds follow are written in ``evals/GOLD.md``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from summarizer.schema import (
    Attendee,
    Brief,
    CasualtyClaim,
    Event,
    GovernmentReaction,
    Grounded,
    Meeting,
    Source,
    Statement,
    Summary,
    Truce,
)

MARKS = ("alternatives", "optional", "key_facts")
"""Keys that exist only in gold briefs."""


class _Marks(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alternatives: list[dict[str, Any]] = Field(
        default_factory=list, description="partial field sets accepted in place of this item's values"
    )
    optional: bool = Field(default=False, description="leaving this item out costs no recall")

    @model_validator(mode="after")
    def _alternatives_are_valid_items(self) -> _Marks:
        for alternative in self.alternatives:
            unknown = set(alternative) - set(self.plain_type().model_fields)
            if unknown or not alternative:
                raise ValueError(f"alternative {alternative!r} names no field or unknown fields {sorted(unknown)}")
            self.plain_type().model_validate({**_plain_fields(self), **alternative})
        return self

    @classmethod
    def plain_type(cls) -> type[Grounded]:
        """The schema class this gold class extends."""
        return next(base for base in cls.__mro__[1:] if issubclass(base, Grounded) and not issubclass(base, _Marks))

    def variants(self) -> list[Grounded]:
        """This item as the plain schema class, then once per alternative (fields replaced)."""
        base = _plain_fields(self)
        plain = self.plain_type()
        return [plain.model_validate(base)] + [plain.model_validate({**base, **alt}) for alt in self.alternatives]


def _plain_fields(item: BaseModel) -> dict[str, Any]:
    return strip_marks(item.model_dump(mode="json"))


def strip_marks(value: Any) -> Any:
    """A JSON value with every gold-only key removed, at any depth."""
    if isinstance(value, dict):
        return {k: strip_marks(v) for k, v in value.items() if k not in MARKS}
    if isinstance(value, list):
        return [strip_marks(v) for v in value]
    return value


class GoldSummary(_Marks, Summary):
    key_facts: list[list[str]] = Field(
        default_factory=list, description="facts the summary must state; each lists accepted phrasings"
    )

    @field_validator("key_facts", mode="before")
    @classmethod
    def _one_phrasing_as_list(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [[fact] if isinstance(fact, str) else fact for fact in value]
        return value

    @field_validator("key_facts")
    @classmethod
    def _no_empty_fact(cls, value: list[list[str]]) -> list[list[str]]:
        if any(not fact or any(not p.strip() for p in fact) for fact in value):
            raise ValueError("a key fact needs at least one non-blank phrasing")
        return value


class GoldEvent(_Marks, Event):
    pass


class GoldStatement(_Marks, Statement):
    pass


class GoldTruce(_Marks, Truce):
    conditions: list[GoldStatement] = Field(default_factory=list)
    caveats: list[GoldStatement] = Field(default_factory=list)


class GoldAttendee(_Marks, Attendee):
    pass


class GoldMeeting(_Marks, Meeting):
    attendees: list[GoldAttendee] = Field(default_factory=list)


class GoldCasualtyClaim(_Marks, CasualtyClaim):
    pass


class GoldReaction(_Marks, GovernmentReaction):
    pass


class GoldSource(_Marks, Source):
    pass


class GoldBrief(Brief):
    """A hand-written gold brief (no run record, nothing dropped)."""

    summary: GoldSummary | None = None
    event: GoldEvent | None = None
    truce: GoldTruce | None = None
    meeting: GoldMeeting | None = None
    casualties: list[GoldCasualtyClaim] = Field(default_factory=list)
    reactions: list[GoldReaction] = Field(default_factory=list)
    sources: list[GoldSource] = Field(default_factory=list)

    def plain(self) -> Brief:
        """The gold as an ordinary Brief, as a perfect system would return it."""
        return Brief.model_validate(strip_marks(self.model_dump(mode="json")))


def as_gold(brief: Brief) -> GoldBrief:
    """Any Brief as a GoldBrief with no alternatives (for scoring one brief against another)."""
    if isinstance(brief, GoldBrief):
        return brief
    return GoldBrief.model_validate(brief.model_dump(mode="json", exclude={"run", "dropped"}))


def load_gold(text: str) -> GoldBrief:
    """Parse a gold.json."""
    return GoldBrief.model_validate_json(text)
