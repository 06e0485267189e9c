"""Turn the model's section answers into Brief items that are grounded in the article.

Rules, for every item:
- its evidence is the sentences it cites; a cited number that does not exist is ignored;
- its key (a casualty's figure, an attendee's name, a reaction's actor, a source's name) must be
  stated by its evidence; when the cited sentences do not state it but others do, the item is
  re-anchored to the nearest such sentence; otherwise the item is dropped, with the reason;
- any other phrase the evidence does not state is removed from the item and recorded as dropped;
- conditions and caveats are replaced by the article's own wording of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import answers as A
from .article import Sentence, mentions_casualties, normalise
from .casualty_finder import stated_figures
from .reaction_finder import split_office_and_name, stated_reactions
from .figures import parse_figure
from .grounding import (
    attribution,
    blank,
    content_words,
    names_someone,
    figure_supported,
    find_sentences,
    locate,
    merge_spans,
    nearest,
    numbers_supported,
    span_of,
    speakers,
    supported,
    unsupported_words,
)
from .schema import (
    Attendee,
    AttendeeKind,
    CasualtyClaim,
    CasualtyKind,
    Dropped,
    Event,
    Figure,
    GovernmentReaction,
    Meeting,
    Source,
    Stance,
    Statement,
    Summary,
    Truce,
    TruceStatus,
)

_TRUCE_WORDS = re.compile(
    r"truce|cease[- ]?fire|armistice|cessation of hostilities|de-?escalat|"
    r"peace (?:deal|agreement|accord|plan|talks|proposal)|"
    r"\b(?:halt|stop|suspend|pause|cease|end|freeze|contain)\w*\s+(?:\w+\s+){0,3}?"
    r"(?:attacks|fighting|fire|firing|hostilities|operations|offensive|shelling|strikes|the situation)", re.I)
_MEETING_WORDS = re.compile(
    r"\bmeet|\bmet\b|\btalks\b|summit|gather|conven|conference|attend|negotiat|\bhosted\b|\bsat down\b|"
    r"\bsession\b|\bdelegations?\b", re.I)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"
_WRITTEN_DATE = re.compile(
    rf"\b{_WEEKDAY}?(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}\b)(?:,?\s+\d{{4}})?", re.I)


def _day_and_month(text: str) -> tuple[int, int] | None:
    """(day, month) of a written date such as "3 October" or "Oct. 3, 2023"; None without both."""
    m = re.search(rf"(\d{{1,2}})\s+({_MONTH})|({_MONTH})\.?\s+(\d{{1,2}})\b", text, re.I)
    if m is None:
        return None
    day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    index = next(i for i, name in enumerate(_MONTHS) if name.startswith(month.lower()[:3]))
    return int(day), index + 1


_CLAIM_ATTRIBUTION = 2  # how many sentences after a quote may carry its "..., X said"


@dataclass
class Grounder:
    """Grounds answers against one article; collects what it had to drop."""

    article: str
    sentences: Sequence[Sentence]
    dropped: list[Dropped] = field(default_factory=list)
    reanchored: int = 0

    def __post_init__(self) -> None:
        self._by_number = {s.number: s for s in self.sentences}

    # -- helpers -----------------------------------------------------------------------------
    def cited(self, numbers: Sequence[int | None]) -> list[Sentence]:
        out = [self._by_number[n] for n in dict.fromkeys(numbers) if n is not None and n in self._by_number]
        return sorted(out, key=lambda s: s.number)

    @staticmethod
    def text_of(sentences: Sequence[Sentence]) -> str:
        return " ".join(s.text for s in sentences)

    def drop(self, section: str, reason: str, item: object) -> None:
        self.dropped.append(Dropped(section=section, reason=reason, item=str(item)[:300]))

    def anchor(self, phrase: str, cited: list[Sentence], check=supported) -> list[Sentence] | None:
        """Sentences that support ``phrase``: the cited ones, else the nearest sentence that does."""
        own = [s for s in cited if check(phrase, s.text)]
        if own:
            return own
        if cited and check(phrase, self.text_of(cited)):
            return cited
        anchor_at = cited[0].number if cited else 1
        found = nearest(find_sentences(phrase, self.sentences), anchor_at)
        if found is None:
            candidates = [s for s in self.sentences if check(phrase, s.text)]
            found = nearest(candidates, anchor_at)
        if found is None:
            return None
        self.reanchored += 1
        return [found]

    def optional(self, section: str, name: str, phrase: str | None, evidence: list[Sentence]) -> str | None:
        """Keep an optional phrase only if the evidence states it."""
        if blank(phrase):
            return None
        if supported(phrase, self.text_of(evidence)):
            return phrase.strip()
        self.drop(f"{section}.{name}", "not stated in the item's evidence", phrase)
        return None

    def with_attribution(self, phrase: str | None, evidence: list[Sentence]) -> list[Sentence]:
        """Extend evidence by the following sentences when they carry the phrase (``..., he said``)."""
        if not phrase or supported(phrase, self.text_of(evidence)):
            return evidence
        last = evidence[-1].number
        extra = [s for s in self.sentences if last < s.number <= last + _CLAIM_ATTRIBUTION]
        for i in range(len(extra)):
            widened = evidence + extra[: i + 1]
            if supported(phrase, self.text_of(widened)):
                return widened
        earlier = [s for s in self.sentences if evidence[0].number - _CLAIM_ATTRIBUTION <= s.number < evidence[0].number]
        if earlier and supported(phrase, self.text_of(earlier + evidence)):
            return earlier + evidence
        return evidence

    def best_support(self, text: str, limit: int = 4) -> list[Sentence]:
        """The sentences that share most content words with ``text`` (for a free-written summary)."""
        wanted = set(content_words(text))
        scored = []
        for s in self.sentences:
            overlap = wanted & set(content_words(s.text))
            if len(overlap) >= 2:
                scored.append((len(overlap), -s.number, s))
        chosen: list[Sentence] = []
        covered: set[str] = set()
        for _, _, s in sorted(scored, key=lambda t: (t[0], t[1]), reverse=True):
            new = (wanted & set(content_words(s.text))) - covered
            if len(new) >= 2:
                chosen.append(s)
                covered |= new
            if len(chosen) == limit:
                break
        return sorted(chosen, key=lambda s: s.number)

    def stated_claimant(self, figure_text: str, evidence: list[Sentence]) -> str | None:
        """The attribution that the figure's own sentence (or the quote's closing line) gives."""
        for i, s in enumerate(evidence):
            at = normalise(s.text).find(normalise(figure_text))
            if at < 0:
                continue
            who = attribution(s.text, at)
            if who:
                return who
            following = [t for t in self.sentences if s.number < t.number <= s.number + _CLAIM_ATTRIBUTION]
            for t in following:
                who = attribution(t.text, 0)
                if who:
                    return who
        return None

    def spans(self, sentences: Sequence[Sentence]):
        return merge_spans(span_of(s) for s in sentences)

    # -- sections ----------------------------------------------------------------------------
    def summary(self, answer: A.OverviewAnswer) -> Summary | None:
        text = " ".join(answer.summary.split())
        if text and text[-1] not in ".!?\"'”’)":
            cut = max(text.rfind(". "), text.rfind("! "), text.rfind("? "))
            text = text[: cut + 1] if cut > 0 else ""
        if not text:
            return None
        evidence = self.best_support(text)
        if not evidence:
            self.drop("summary", "shares no content with any sentence of the article", text)
            return None
        reference = self.text_of(self.sentences)
        if not numbers_supported(text, reference):
            self.drop("summary", "states a number the article does not", text)
            return None
        foreign = unsupported_words(text, reference)
        names = [w for w in re.findall(r"\b[A-Z][\w'-]+", text) if normalise(w) not in normalise(reference)]
        if names or len(foreign) > max(2, 0.25 * len(text.split())):
            self.drop("summary", f"uses words the article does not: {', '.join((names or foreign)[:5])}", text)
            return None
        return Summary(text=text, evidence=self.spans(evidence))

    def event(self, answer: A.OverviewAnswer) -> Event | None:
        date = place = None
        evidence: list[Sentence] = []
        for name, phrase, number in (("date", answer.date, answer.date_sentence), ("place", answer.place, answer.place_sentence)):
            if not phrase or not phrase.strip():
                continue
            found = self.anchor(phrase, self.cited([number]))
            if found is None and name == "date":
                phrase, found = self.stated_date(phrase, self.cited([number])) or (phrase, None)
            if found is None:
                self.drop(f"event.{name}", "not stated in the article", phrase)
                continue
            evidence += found
            if name == "date":
                date = phrase.strip()
            else:
                place = phrase.strip()
        if not evidence:
            return None
        return Event(date=date, place=place, evidence=self.spans(evidence))

    def stated_date(self, date: str, cited: list[Sentence]) -> tuple[str, list[Sentence]] | None:
        """The article's own wording of a date the model rewrote ("October 3, 2023" -> "Tuesday, 3 October").

        Only a written date with the same day and month counts; the cited sentence is searched first."""
        wanted = _day_and_month(date)
        if wanted is None:
            return None
        for s in cited + [s for s in self.sentences if s not in cited]:
            for m in _WRITTEN_DATE.finditer(s.text):
                if _day_and_month(m.group(0)) == wanted:
                    return m.group(0), [s]
        return None

    def sources(self, answers: Sequence[A.SourceAnswer]) -> list[Source]:
        out: list[Source] = []
        for a in answers:
            if not _is_a_name(a.name):
                self.drop("sources", "not a name", a.name)
                continue
            found = self.anchor(a.name, self.cited([a.sentence]))
            if found is None:
                self.drop("sources", "source not named in the article", a.name)
                continue
            out.append(Source(name=a.name.strip(), anonymous=a.anonymous, evidence=self.spans(found)))
        return out

    def stated_sources(self, known: Sequence[Source]) -> list[Source]:
        """Everyone the article quotes or attributes a claim to that ``known`` lacks."""
        out: list[Source] = []
        seen = [set(content_words(s.name)) for s in known]
        for s in self.sentences:
            for name in speakers(s.text):
                key = set(content_words(name))
                if not key or any(key <= other or other <= key for other in seen):
                    continue
                seen.append(key)
                out.append(Source(name=name, anonymous=_anonymous(name), evidence=self.spans([s])))
        return out

    def statements(self, section: str, quotes: Sequence[A.QuoteAnswer]) -> tuple[list[Statement], list[Sentence]]:
        out: list[Statement] = []
        used: list[Sentence] = []
        for q in quotes:
            cited = self.cited([q.sentence])
            candidates = cited + [s for s in self.sentences if s not in cited]
            hit = None
            for s in candidates:
                wording = locate(q.text, s)
                if wording:
                    hit = (wording, s)
                    break
            if hit is None:
                self.drop(section, "not found in the article", q.text)
                continue
            if hit[1] not in cited:
                self.reanchored += 1
            out.append(Statement(text=hit[0], evidence=self.spans([hit[1]])))
            used.append(hit[1])
        return out, used

    def truce(self, answer: A.TruceAnswer) -> Truce | None:
        evidence = self.cited(answer.sentences)
        conditions, c_used = self.statements("truce.conditions", answer.conditions)
        caveats, k_used = self.statements("truce.caveats", answer.caveats)
        evidence = [s for s in evidence if _TRUCE_WORDS.search(s.text)] or [
            s for s in c_used if _TRUCE_WORDS.search(s.text)][:1]
        if not evidence:
            if answer.status != "none_reported":
                self.drop("truce", "no cited sentence speaks of a truce", answer.status)
            return None
        parties, toward = [], []
        for phrase in answer.parties:
            if (party := self.nearby("truce.parties", phrase, evidence)) is not None:
                parties.append(party)
        for phrase in answer.toward:
            if (target := self.nearby("truce.toward", phrase, evidence)) is not None:
                toward.append(target)
        when = self.nearby("truce.when", answer.when, evidence)
        where = self.nearby("truce.where", answer.where, evidence)
        return Truce(
            status=TruceStatus(answer.status),
            parties=parties,
            toward=toward,
            conditions=conditions,
            caveats=caveats,
            when=when,
            where=where,
            evidence=self.spans(evidence),
        )

    def nearby(self, section: str, phrase: str | None, evidence: list[Sentence], window: int = 3) -> str | None:
        """Keep a phrase that the evidence, or a sentence at most ``window`` away from it, states;
        that sentence then joins the evidence (in place). Otherwise the phrase is dropped."""
        if blank(phrase):
            return None
        if supported(phrase, self.text_of(evidence)):
            return phrase.strip()
        numbers = [s.number for s in evidence]
        close = [s for s in self.sentences if s not in evidence and min(abs(s.number - n) for n in numbers) <= window]
        found = nearest([s for s in close if supported(phrase, s.text)], numbers[0])
        if found is None:
            self.drop(section, "not stated near the item's evidence", phrase)
            return None
        evidence.append(found)
        evidence.sort(key=lambda s: s.number)
        return phrase.strip()

    def meeting(self, answer: A.MeetingAnswer) -> Meeting | None:
        if not (answer.attendees or answer.place or answer.host or answer.time):
            return None
        named = [p for p in (answer.place, answer.time, answer.host, *(a.name for a in answer.attendees)) if not blank(p)]
        cited = self.cited(answer.sentences)
        described = [s for s in cited if _MEETING_WORDS.search(s.text)]
        if not described:
            # The model cited no sentence that tells of a meeting: accept one that does and names
            # one of its people or places; a meeting the article never describes is dropped.
            described = [s for s in self.sentences
                         if _MEETING_WORDS.search(s.text) and any(supported(p, s.text) for p in named)][:1]
        if not described:
            self.drop("meeting", "no sentence of the article describes a meeting", answer.model_dump_json())
            return None
        evidence = sorted(set(described) | {s for s in cited if any(supported(p, s.text) for p in named)},
                          key=lambda s: s.number)
        fields: dict[str, str | None] = {}
        for name in ("place", "time", "host"):
            phrase = getattr(answer, name)
            if blank(phrase):
                fields[name] = None
                continue
            found = self.anchor(phrase, evidence)
            if found is None:
                self.drop(f"meeting.{name}", "not stated in the article", phrase)
                fields[name] = None
                continue
            evidence = sorted(set(evidence) | set(found), key=lambda s: s.number)
            fields[name] = phrase.strip()
        attendees = self.attendees(answer.attendees, evidence)
        for a in attendees:
            evidence = sorted(set(evidence) | {self._sentence_at(sp.start) for sp in a.evidence}, key=lambda s: s.number)
        if not evidence:
            self.drop("meeting", "cites no sentence of the article", answer.model_dump_json())
            return None
        return Meeting(
            **fields,
            attendees=attendees,
            unnamed_others=answer.unnamed_others,
            evidence=self.spans(evidence),
        )

    def _sentence_at(self, start: int) -> Sentence:
        return next(s for s in self.sentences if s.start == start)

    def attendees(self, answers: Sequence[A.AttendeeAnswer], meeting_evidence: list[Sentence]) -> list[Attendee]:
        out: list[Attendee] = []
        seen: set[str] = set()
        for a in answers:
            name = re.sub(r"^(?:the\s+)?representatives?\s+(?:of|from)\s+", "", a.name.strip(), flags=re.I)
            representatives = a.kind == "organisation" and (a.representatives or name != a.name.strip())
            key = normalise(name)
            if blank(name) or key in seen:
                continue
            found = self.anchor(name, self.cited([a.sentence]) or meeting_evidence[:1])
            if found is None:
                self.drop("meeting.attendees", "name not in the article", name)
                continue
            seen.add(key)
            out.append(
                Attendee(
                    name=name,
                    kind=AttendeeKind(a.kind),
                    role=self.optional("meeting.attendees", "role", a.role, found),
                    affiliation=self.optional("meeting.attendees", "affiliation", a.affiliation, found),
                    representatives=representatives,
                    evidence=self.spans(found),
                )
            )
        return out

    def casualties(self, answers: Sequence[A.ClaimAnswer]) -> list[CasualtyClaim]:
        out: list[CasualtyClaim] = []
        seen: set[tuple] = set()
        for a in answers:
            figure_text = a.figure.strip()
            figure = parse_figure(figure_text)
            if figure is None and a.kind == "none":
                figure = parse_figure("none")
            if figure is None:
                self.drop("casualties", "the figure holds no number", figure_text)
                continue
            found = self.anchor(figure_text, self.cited(a.sentences), check=figure_supported)
            if found is None:
                self.drop("casualties", "figure not stated in the article", figure_text)
                continue
            if not any(mentions_casualties(s) for s in found):
                self.drop("casualties", "the figure's sentence speaks of no casualties", f"{figure_text} {a.kind}")
                continue
            kind = self.stated_kind(figure_text, found) or a.kind
            found = self.with_attribution(a.claimant, found)
            claimant = None if blank(a.claimant) else a.claimant.strip()
            if claimant is None or not names_someone(claimant) or not supported(claimant, self.text_of(found)):
                stated = self.stated_claimant(figure_text, found)
                if stated or claimant is not None:
                    claimant = stated
                    found = self.with_attribution(claimant, found)
                if claimant is None and a.claimant is not None and not blank(a.claimant):
                    self.drop("casualties", f"claimant {a.claimant!r} not stated with the figure", f"{figure_text} {a.kind}")
                    continue
            if claimant and not supported(claimant, self.text_of(found)):
                self.drop("casualties", f"claimant {claimant!r} not stated with the figure", f"{figure_text} {a.kind}")
                continue
            key = (figure.low, figure.high, kind, normalise(claimant or ""), found[0].number)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                CasualtyClaim(
                    claimant=claimant,
                    figure_text=figure_text,
                    figure=figure,
                    kind=CasualtyKind(kind),
                    victims=self.optional("casualties", "victims", a.victims, found),
                    side=self.optional("casualties", "side", a.side, found),
                    place=self.optional("casualties", "place", a.place, found),
                    incident=self.optional("casualties", "incident", a.incident, found),
                    hedge=self.optional("casualties", "hedge", a.hedge, found),
                    evidence=self.spans(found),
                )
            )
        return out

    @staticmethod
    def stated_kind(figure_text: str, evidence: Sequence[Sentence]) -> str | None:
        """The kind (killed, wounded, missing) that the evidence itself ties to this figure, if any."""
        wanted = normalise(figure_text)
        for s in evidence:
            for stated in stated_figures(s.text):
                if normalise(stated.figure_text) == wanted:
                    return stated.kind
        return None

    def stated_casualties(self, known: Sequence[CasualtyClaim]) -> list[CasualtyClaim]:
        """Casualty figures the article states that ``known`` lacks, found by rule (see casualty_finder)."""
        out: list[CasualtyClaim] = []
        covered = [(c.figure, c.kind.value, {sp.start for sp in c.evidence}) for c in known]
        for s in self.sentences:
            for stated in stated_figures(s.text):
                figure = Figure(low=0, high=0) if stated.kind == "none" else parse_figure(stated.figure_text)
                if any(kind == stated.kind and s.start in starts and _same_figure(figure, f)
                       for f, kind, starts in covered):
                    continue
                evidence = [s]
                claimant = self.stated_claimant(stated.figure_text, evidence)
                evidence = self.with_attribution(claimant, evidence)
                if claimant and not supported(claimant, self.text_of(evidence)):
                    claimant = None
                covered.append((figure, stated.kind, {s.start}))
                out.append(
                    CasualtyClaim(
                        claimant=claimant,
                        figure_text=stated.figure_text,
                        figure=figure,
                        kind=CasualtyKind(stated.kind),
                        victims=stated.victims,
                        evidence=self.spans(evidence),
                    )
                )
        return out

    def stated_reactions(self, known: Sequence[GovernmentReaction]) -> list[GovernmentReaction]:
        """Reactions of official bodies the article states that ``known`` lacks, found by rule."""
        out: list[GovernmentReaction] = []
        covered = [(normalise(r.actor), r.stance.value, {sp.start for sp in r.evidence}) for r in known]
        for s in self.sentences:
            for stated in stated_reactions(s.text):
                actor = normalise(stated.actor)
                if any(stance == stated.stance and (s.start in starts or actor in other or other in actor)
                       for other, stance, starts in covered):
                    continue
                covered.append((actor, stated.stance, {s.start}))
                out.append(
                    GovernmentReaction(
                        actor=stated.actor,
                        stance=Stance(stated.stance),
                        statement=stated.statement,
                        speaker=stated.speaker,
                        evidence=self.spans([s]),
                    )
                )
        return out

    def reactions(self, answers: Sequence[A.ReactionAnswer]) -> list[GovernmentReaction]:
        out: list[GovernmentReaction] = []
        seen: set[tuple] = set()
        for a in answers:
            found = self.anchor(a.actor, self.cited(a.sentences))
            if found is None:
                self.drop("reactions", "actor not named in the article", a.actor)
                continue
            found = self.with_attribution(a.speaker, found)
            key = (normalise(a.actor), found[0].number)
            if key in seen:
                continue
            seen.add(key)
            statement = None
            if a.statement and a.statement.strip():
                for s in found:
                    statement = locate(a.statement, s) or statement
                    if statement:
                        break
                if statement is None:
                    self.drop("reactions.statement", "not stated in the item's evidence", a.statement)
            actor, named = split_office_and_name(a.actor.strip())
            speaker = a.speaker if not blank(a.speaker) else named
            out.append(
                GovernmentReaction(
                    actor=actor,
                    stance=Stance(a.stance),
                    statement=statement,
                    speaker=self.optional("reactions", "speaker", speaker, found),
                    evidence=self.spans(found),
                )
            )
        return out


def _same_figure(a, b) -> bool:
    """Two normalised figures that state the same bounds."""
    return (a.low, a.high) == (b.low, b.high)


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_UNNAMED = frozenset("a an one some several two three four sources witnesses officials residents".split())
_PERSON = re.compile(r"\b(?:commander|official|source|spokes\w+|witness|resident|diplomat|doctor|officer|fighter|"
                     r"member|aide|leader|man|woman|person|people|medic|nurse|survivor)s?\b", re.I)


def _anonymous(name: str) -> bool:
    """A source the article does not name: "a senior commander", "sources", "the commander"."""
    words = name.split()
    first = words[0].lower()
    if first in _UNNAMED:
        return True
    return first == "the" and len(words) > 1 and not words[1][:1].isupper() and bool(_PERSON.search(name))


_NOT_A_NAME = re.compile(r"\b(?:said|says|told|condemned|urged|backed|defended|denied|draws|will|would|had|has)\b", re.I)


def _is_a_name(name: str) -> bool:
    """A source's name is a short noun phrase, not a clause copied from the article."""
    return len(name.split()) <= 8 and not _NOT_A_NAME.search(name)
