"""Several briefs of one event merged into one event brief: each fact once with every source that states it,
the facts only one source states, the statements that differ but fit together, and the contradictions, within
one source or across sources, each side with its evidence.

Matching is deterministic: the same casualty kind with figures of the same range, the same reacting actor and
stance, the same attendee, the same truce status, names compared after normalising case, articles, quote
styles and a defined acronym ("Kataib Hezbollah (KH)" is "KH"). No model call is made here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .article import normalise
from .schema import Brief, CasualtyClaim, Figure, Span, Stance, TruceStatus


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Support(_Model):
    """One source's backing of a fact: which article, and the spans of that article that state it."""

    source: str
    evidence: list[Span] = Field(min_length=1)


class MergedFact(_Model):
    """A fact as the sources state it, once, with every source that supports it."""

    section: Literal["truce", "attendees", "casualties", "reactions"]
    statement: str
    supports: list[Support] = Field(min_length=1)

    @property
    def single_source(self) -> bool:
        return len({s.source for s in self.supports}) == 1


class Difference(_Model):
    """Two or more statements about the same thing that differ: a contradiction, or compatible figures."""

    section: Literal["truce", "casualties", "reactions"]
    about: Literal["figure", "status", "stance"]
    within_one_source: bool = Field(description="every side comes from the same article")
    note: str
    sides: list[MergedFact] = Field(min_length=2)


class EventBrief(_Model):
    """The merged brief of several articles about one event."""

    sources: list[str]
    agreed: list[MergedFact] = Field(default_factory=list, description="facts stated by more than one source")
    single_source: list[MergedFact] = Field(default_factory=list, description="facts only one source states")
    compatible: list[Difference] = Field(default_factory=list, description="different but not conflicting")
    contradictions: list[Difference] = Field(default_factory=list)


_ARTICLES = re.compile(r"^(?:the|a|an)\s+")
_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[A-Z][A-Za-z]{1,9})\)$")
_OPPOSED: frozenset[frozenset[str]] = frozenset({
    frozenset({Stance.supports.value, Stance.condemns.value}),
    frozenset({Stance.defends.value, Stance.condemns.value}),
})
"""Stances one actor cannot take at once towards the same events (an actor may condemn and take legal steps)."""
_FOLLOWS: frozenset[tuple[str, str]] = frozenset({
    (TruceStatus.agreed.value, TruceStatus.broken.value), (TruceStatus.offered.value, TruceStatus.rejected.value),
    (TruceStatus.offered.value, TruceStatus.agreed.value),
})
"""Truce statuses that follow one another in time: two reports of them differ in date, not in fact."""


def name_key(name: str) -> str:
    """A name compared across articles: case, quotes, a leading article and possessive style set aside, a defined
    acronym for the whole name ("Kataib Hezbollah (KH)" -> "kh")."""
    defined = _ACRONYM.match(name.strip())
    text = defined.group("short") if defined else name
    text = _ARTICLES.sub("", normalise(text))
    return re.sub(r"[^\w\s]", "", text).strip()


def _figure_text(claim: CasualtyClaim) -> str:
    who = claim.claimant or "the article"
    return f"{who}: {claim.figure_text} {claim.kind.value}" + (f", {claim.victims}" if claim.victims else "")


def _overlap(a: Figure, b: Figure) -> bool:
    """The two figures' ranges share a value ("at least 40" and "more than 40" do; 4 and 8 do not)."""
    low = max(x for x in (a.low, b.low, 0) if x is not None)
    highs = [x for x in (a.high, b.high) if x is not None]
    return not highs or low <= min(highs)


def merge(briefs: Sequence[tuple[str, Brief]]) -> EventBrief:
    """One event brief from (source name, brief) pairs; ``source name`` is how each article is cited."""
    facts: list[MergedFact] = []
    differences: list[tuple[bool, Difference]] = []  # (compatible, the difference)
    facts += _merged_by_key(briefs, "attendees", lambda b: [(name_key(a.name), a.name, a.evidence)
                                                           for a in (b.meeting.attendees if b.meeting else [])])
    facts += _merged_by_key(briefs, "reactions",
                            lambda b: [((name_key(r.actor), r.stance.value), f"{r.actor}: {r.stance.value}", r.evidence)
                                       for r in b.reactions])
    facts += _merged_by_key(briefs, "truce", lambda b: [(b.truce.status.value, f"truce {b.truce.status.value}",
                                                        b.truce.evidence)] if b.truce else [])
    facts += _merged_by_key(briefs, "casualties",
                            lambda b: [((c.kind.value, c.figure.low, c.figure.high), _figure_text(c), c.evidence)
                                       for c in b.casualties])
    differences += _status_differences(briefs)
    differences += _stance_differences(briefs)
    differences += _figure_differences(briefs)
    return EventBrief(
        sources=[name for name, _ in briefs],
        agreed=[f for f in facts if not f.single_source],
        single_source=[f for f in facts if f.single_source],
        compatible=[d for fits, d in differences if fits],
        contradictions=[d for fits, d in differences if not fits],
    )


def _merged_by_key(briefs, section, items_of) -> list[MergedFact]:
    """Items of every brief grouped by their key: one fact per key, with each source's evidence."""
    by_key: dict[object, MergedFact] = {}
    for source, brief in briefs:
        for key, statement, evidence in items_of(brief):
            fact = by_key.get(key)
            if fact is None:
                by_key[key] = MergedFact(section=section, statement=statement,
                                         supports=[Support(source=source, evidence=evidence)])
            elif all(s.source != source for s in fact.supports):
                fact.supports.append(Support(source=source, evidence=evidence))
    return list(by_key.values())


def _side(section: str, source: str, statement: str, evidence: list[Span]) -> MergedFact:
    """One side of a difference: what one source states, with its evidence."""
    return MergedFact(section=section, statement=statement, supports=[Support(source=source, evidence=evidence)])


def _status_differences(briefs: Sequence[tuple[str, Brief]]) -> list[tuple[bool, Difference]]:
    """Truce statuses that differ: a contradiction unless one follows the other in time (agreed, then broken)."""
    truces = [(source, b.truce) for source, b in briefs if b.truce is not None]
    out = []
    for i, (source_a, a) in enumerate(truces):
        for source_b, b in truces[i + 1:]:
            first, second = a.status.value, b.status.value
            if first == second:
                continue
            fits = (first, second) in _FOLLOWS or (second, first) in _FOLLOWS
            note = (f"compatible: a truce {first} and {second} at different times" if fits
                    else f"the truce is {first} in one account and {second} in another")
            out.append((fits, Difference(section="truce", about="status", within_one_source=source_a == source_b,
                                         note=note, sides=[_side("truce", source_a, f"truce {first}", a.evidence),
                                                           _side("truce", source_b, f"truce {second}", b.evidence)])))
    return out


def _stance_differences(briefs: Sequence[tuple[str, Brief]]) -> list[tuple[bool, Difference]]:
    """One actor given opposed stances (supports or defends against condemns), once per pair of stances."""
    reactions = [(source, r) for source, b in briefs for r in b.reactions]
    out, seen = [], set()
    for i, (source_a, a) in enumerate(reactions):
        for source_b, b in reactions[i + 1:]:
            stances = frozenset({a.stance.value, b.stance.value})
            key = (name_key(a.actor), stances)
            if name_key(a.actor) != name_key(b.actor) or stances not in _OPPOSED or key in seen:
                continue
            seen.add(key)
            out.append((False, Difference(
                section="reactions", about="stance", within_one_source=source_a == source_b,
                note=f"{a.actor} {a.stance.value} in one account and {b.stance.value} in another",
                sides=[_side("reactions", src, f"{r.actor}: {r.stance.value}", r.evidence)
                       for src, r in ((source_a, a), (source_b, b))])))
    return out


def _figure_differences(briefs: Sequence[tuple[str, Brief]]) -> list[tuple[bool, Difference]]:
    """Claims of the same kind about the same victims and place with different figures: compatible when their
    ranges overlap ("at least 40" and "more than 40"), a contradiction otherwise."""
    claims = [(source, c) for source, brief in briefs for c in brief.casualties]
    out = []
    for i, (source_a, a) in enumerate(claims):
        for source_b, b in claims[i + 1:]:
            if a.kind != b.kind or (a.figure.low, a.figure.high) == (b.figure.low, b.figure.high) or not _same_victims(a, b):
                continue
            sides = [_side("casualties", src, _figure_text(c), c.evidence) for src, c in ((source_a, a), (source_b, b))]
            fits = _overlap(a.figure, b.figure)
            note = (f"compatible: {a.figure_text} and {b.figure_text} can both be true" if fits
                    else f"{a.figure_text} against {b.figure_text} {a.kind.value}")
            out.append((fits, Difference(section="casualties", about="figure", within_one_source=source_a == source_b,
                                         note=note, sides=sides)))
    return out


def _same_victims(a: CasualtyClaim, b: CasualtyClaim) -> bool:
    """Two claims speak of the same victims: their victims or places share a word that names them."""
    def words(c: CasualtyClaim) -> set[str]:
        return {w for w in re.findall(r"[a-z]{4,}", normalise(f"{c.victims or ''} {c.place or ''}"))}
    return bool(words(a) & words(b))


def markdown(event: EventBrief) -> str:
    """The event brief for reading: contradictions first, then what the sources agree on, then single-source facts."""
    def cite(fact: MergedFact) -> str:
        return "; ".join(f"{s.source} " + " ".join(f"[{e.start}:{e.end}]" for e in s.evidence) for s in fact.supports)

    def differences(title: str, found: list[Difference], none: str) -> list[str]:
        lines = ["", title]
        for d in found:
            lines.append(f"- {d.note}{' (within one source)' if d.within_one_source else ''}")
            lines += [f"  - {side.statement}: {cite(side)}" for side in d.sides]
        return lines + ([] if found else [none])

    out = [f"# Event brief: {len(event.sources)} sources", "", "Sources: " + ", ".join(event.sources)]
    out += differences("## Contradictions", event.contradictions, "- none found")
    out += differences("## Different but compatible", event.compatible, "- none")
    out += ["", "## Stated by several sources"]
    out += [f"- {f.statement}: {cite(f)}" for f in event.agreed] or ["- none"]
    out += ["", "## Stated by one source"]
    out += [f"- {f.statement}: {cite(f)}" for f in event.single_source] or ["- none"]
    return "\n".join(out) + "\n"
