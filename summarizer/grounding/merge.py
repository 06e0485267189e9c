"""When two grounded items are the same item: one rule per section, applied in one place.

Candidates come in order (the model's answers chunk by chunk, then the rules'); the first of
each set of same items is kept, so a rule only adds what the model did not give.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ..article import normalise
from ..schema import CasualtyClaim, GovernmentReaction, Source, Span
from .text import same_name

T = TypeVar("T")


def unique(items: Sequence[T], same: Callable[[T, T], bool]) -> list[T]:
    """``items`` without those that are the same as an earlier one."""
    kept: list[T] = []
    for item in items:
        if not any(same(item, other) for other in kept):
            kept.append(item)
    return kept


def _first(spans: Sequence[Span]) -> int | None:
    return spans[0].start if spans else None


def _shared(a: Sequence[Span], b: Sequence[Span]) -> bool:
    return bool({s.start for s in a} & {s.start for s in b})


def same_claim(a: CasualtyClaim, b: CasualtyClaim) -> bool:
    """The same figure and kind, from the same sentence by the same (or an unnamed) claimant, or in the same
    words by the same claimant anywhere."""
    if a.kind != b.kind or (a.figure.low, a.figure.high) != (b.figure.low, b.figure.high):
        return False
    if _shared(a.evidence, b.evidence) and (a.claimant is None or b.claimant is None or same_name(a.claimant, b.claimant)):
        return True
    return normalise(a.figure_text) == normalise(b.figure_text) and same_name(a.claimant, b.claimant)


def same_reaction(a: GovernmentReaction, b: GovernmentReaction) -> bool:
    """The same actor, with the same stance or from the same sentence."""
    return same_name(a.actor, b.actor) and (a.stance == b.stance or _first(a.evidence) == _first(b.evidence))


def same_source(a: Source, b: Source) -> bool:
    """Two names for the same source."""
    return same_name(a.name, b.name)
