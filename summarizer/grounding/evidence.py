"""One article's sentences and the checks every section's grounding shares.

Every item's evidence is the sentences it cites (numbers that do not exist are ignored); its key
must be stated there, or it is re-anchored to the nearest sentence that states it, or dropped with
the reason. Optional phrases the evidence does not state are removed and recorded as dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..article import Sentence, find_written, normalise, normalise_with_map
from ..rules.quotes import quotations, quote_speaker
from ..rules.reactions import subject_name
from ..rules.tree import is_pronoun, main_subject, speaker_at, speakers
from ..rules.words import content_words
from ..schema import Dropped, Span
from .spans import find_sentences, nearest, spans
from .text import blank, supported

ATTRIBUTION_REACH = 2
"""How many sentences after a quote may carry its "..., X said" (and before it, its "X said:")."""
FURNITURE_REACH = 1
"""How many body sentences after a cited line of page furniture (a subhead) stand in for it; where they do not
state the item, it moves to the nearest sentence that does (``anchor``)."""


@dataclass
class Evidence:
    """The body sentences of one article (items rest on these only; page furniture is kept apart in
    ``furniture``), and what grounding had to drop from it."""

    article: str
    sentences: Sequence[Sentence]
    dropped: list[Dropped] = field(default_factory=list)

    def __post_init__(self) -> None:
        everything = list(self.sentences)
        self.sentences = [s for s in everything if s.body]
        self.furniture = [s for s in everything if not s.body]
        self._by_number = {s.number: s for s in everything}
        self._by_start = {s.start: s for s in everything}
        self._quotes = quotations(self.article)

    def cited(self, numbers: Sequence[int | None]) -> list[Sentence]:
        """The existing body sentences among ``numbers``, in article order; a cited line of page furniture
        stands for the body sentence just after it (a subhead for the paragraph it heads)."""
        out: set[Sentence] = set()
        for n in dict.fromkeys(numbers):
            if n is None or n not in self._by_number:
                continue
            s = self._by_number[n]
            out.update([s] if s.body else [t for t in self.sentences if t.number > n][:FURNITURE_REACH])
        return sorted(out, key=lambda s: s.number)

    def furniture_holding(self, holds: Callable[[Sentence], bool]) -> Sentence | None:
        """The first sentence of page furniture for which ``holds`` is true (to say why an item was dropped)."""
        return next((s for s in self.furniture if holds(s)), None)

    def at(self, span: Span) -> Sentence:
        """The sentence that a sentence span covers."""
        return self._by_start[span.start]

    def before(self, sentence: Sentence) -> str | None:
        """The text of the body sentence just before ``sentence``, if any (where a pronoun's antecedent is)."""
        earlier = [s for s in self.sentences if s.number < sentence.number]
        return earlier[-1].text if earlier else None

    @staticmethod
    def text_of(sentences: Sequence[Sentence]) -> str:
        return " ".join(s.text for s in sentences)

    @staticmethod
    def spans(sentences: Sequence[Sentence]) -> list[Span]:
        return spans(sentences)

    def mentions(self, name: str) -> list[Sentence]:
        """Sentences that name ``name`` whole, or by its last word ("General Brask" for "Teodor Brask")."""
        whole = normalise(name)
        words = [w for w in whole.split() if len(w) > 2]
        last = f" {words[-1]} " if words else None
        return [s for s in self.sentences if whole in (text := f" {normalise(s.text)} ") or (last and last in text)]

    def drop(self, section: str, reason: str, item: object) -> None:
        """Record an item or phrase that grounding left out, and why."""
        self.dropped.append(Dropped(section=section, reason=reason, item=str(item)[:300]))

    def anchor(self, phrase: str, cited: list[Sentence],
               check: Callable[[str, str], bool] = supported) -> list[Sentence] | None:
        """Sentences that support ``phrase``: the cited ones, else the nearest sentence that does."""
        own = [s for s in cited if check(phrase, s.text)]
        if own:
            return own
        if cited and check(phrase, self.text_of(cited)):
            return cited
        anchor_at = cited[0].number if cited else 1
        found = nearest(find_sentences(phrase, self.sentences), anchor_at)
        if found is None:
            found = nearest([s for s in self.sentences if check(phrase, s.text)], anchor_at)
        return None if found is None else [found]

    def optional(self, section: str, name: str, phrase: str | None, evidence: list[Sentence]) -> str | None:
        """Keep an optional phrase only if the evidence states it."""
        if blank(phrase):
            return None
        if supported(phrase, self.text_of(evidence)):
            return phrase.strip()
        self.drop(f"{section}.{name}", "not stated in the item's evidence", phrase)
        return None

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

    def with_attribution(self, phrase: str | None, evidence: list[Sentence]) -> list[Sentence]:
        """Extend evidence by the following sentences when they carry the phrase (``..., he said``)."""
        if not phrase or supported(phrase, self.text_of(evidence)):
            return evidence
        last = evidence[-1].number
        extra = [s for s in self.sentences if last < s.number <= last + ATTRIBUTION_REACH]
        for i in range(len(extra)):
            widened = evidence + extra[: i + 1]
            if supported(phrase, self.text_of(widened)):
                return widened
        first = evidence[0].number
        earlier = [s for s in self.sentences if first - ATTRIBUTION_REACH <= s.number < first]
        if earlier and supported(phrase, self.text_of(earlier + evidence)):
            return earlier + evidence
        return evidence

    @staticmethod
    def holding(phrase: str, sentences: Sequence[Sentence]) -> str | None:
        """The text of the first of ``sentences`` that writes ``phrase`` (up to case, quote style and spacing), to read
        its names in context."""
        return next((s.text for s in sentences if find_written(s.text, phrase)), None)

    def locates(self, words: str, evidence: list[Sentence]) -> bool:
        """Some sentence of ``evidence`` writes ``words`` as they are (after normalising case and spaces)."""
        wanted = normalise(words)
        return any(wanted in normalise(s.text) for s in evidence)

    def stated_speaker(self, words: str, evidence: list[Sentence], prefer: str | None = None) -> str | None:
        """Who the sentence holding ``words`` (or a quote's closing line after it) says is speaking; a
        pronoun ("He added that ...") stands for the last speaker named in the sentences just before. Where
        the words stand more than once ("the army said 40 ..., the rebels said 40 ..."), the speaker at the
        first, unless one at another is ``prefer``."""
        found = [who for s in evidence for at in self._places(s, words) if (who := self._speaker_of(s, at))]
        if prefer is not None:
            wanted = normalise(prefer)
            chosen = next((who for who in found if normalise(who) in wanted or wanted in normalise(who)), None)
            if chosen is not None:
                return chosen
        return found[0] if found else None

    @staticmethod
    def _places(sentence: Sentence, words: str) -> list[int]:
        """Where ``words`` stand in the sentence (offsets into its text), after normalising case and spaces."""
        text, index = normalise_with_map(sentence.text)
        wanted = normalise(words)
        starts, at = [], text.find(wanted)
        while wanted and at >= 0:
            starts.append(index[at])
            at = text.find(wanted, at + 1)
        return starts

    def _speaker_of(self, s: Sentence, at: int) -> str | None:
        """The speaker of the words at ``at`` in ``s``: see :meth:`stated_speaker`."""
        if (who := self._speaker_of_quote_from_before(s)) is not None:
            return who
        who = speaker_at(s.text, at, pronouns=True)
        if who and is_pronoun(who):
            named = speakers(s.text[:at])  # "X said ..., and he added that ..."
            who = named[-1] if named else self._speaker_before(s)
        if who:
            return who
        if not self._quoted(s):
            return None  # the article's own voice: a later sentence's speaker is not this one's
        for t in [t for t in self.sentences if s.number < t.number <= s.number + ATTRIBUTION_REACH]:
            if who := speaker_at(t.text, 0):
                return who
        return None

    def _quoted(self, sentence: Sentence) -> bool:
        """Some of the sentence lies inside a quotation (whose "..., X said" may come in a later sentence)."""
        return any(start < sentence.end and sentence.start < end for start, end in self._quotes)

    def _speaker_of_quote_from_before(self, sentence: Sentence) -> str | None:
        """The speaker of a quotation that holds ``sentence`` and opened in an earlier paragraph."""
        for start, end in self._quotes:
            if start < sentence.start and sentence.end <= end and "\n" in self.article[start:sentence.start]:
                who = quote_speaker(self.article, (start, end))
                return None if who is None or is_pronoun(who) else who
        return None

    def _speaker_before(self, sentence: Sentence) -> str | None:
        """The last speaker named in the sentences just before ``sentence`` (nearest first)."""
        for t in sorted((t for t in self.sentences if sentence.number - ATTRIBUTION_REACH <= t.number < sentence.number),
                        key=lambda t: -t.number):
            named = speakers(t.text) or [n for n in [subject_name(t.text) or main_subject(t.text)] if n]
            if named:
                return named[-1]
        return None

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
