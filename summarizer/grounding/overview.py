"""The overview answer: the summary (free text, so checked word by word) and the event's date and place."""

from __future__ import annotations

import re

from .. import answers as A
from ..article import Sentence, normalise
from ..rules.lexicon import MONTHS
from ..schema import Event, Summary
from .evidence import Evidence
from .text import numbers_supported, unsupported_words

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"
_WRITTEN_DATE = re.compile(rf"\b{_WEEKDAY}?(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}\b)(?:,?\s+\d{{4}})?", re.I)
_SENTENCE_END = ".!?\"'”’)"


def summary(ev: Evidence, answer: A.OverviewAnswer) -> Summary | None:
    """The model's summary, cut to whole sentences, when every name, number and most words are the article's."""
    text = " ".join(answer.summary.split())
    if text and text[-1] not in _SENTENCE_END:
        cut = max(text.rfind(". "), text.rfind("! "), text.rfind("? "))
        text = text[: cut + 1] if cut > 0 else ""
    if not text:
        return None
    evidence = ev.best_support(text)
    if not evidence:
        ev.drop("summary", "shares no content with any sentence of the article", text)
        return None
    reference = ev.text_of(ev.sentences)
    if not numbers_supported(text, reference):
        ev.drop("summary", "states a number the article does not", text)
        return None
    foreign = unsupported_words(text, reference)
    names = [w for w in re.findall(r"\b[A-Z][\w'-]+", text) if normalise(w) not in normalise(reference)]
    if names or len(foreign) > max(2, 0.25 * len(text.split())):
        ev.drop("summary", f"uses words the article does not: {', '.join((names or foreign)[:5])}", text)
        return None
    return Summary(text=text, evidence=ev.spans(evidence))


def event(ev: Evidence, answer: A.OverviewAnswer) -> Event | None:
    """The event's date and place, each kept only where a sentence states it."""
    kept: dict[str, str] = {}
    evidence: list[Sentence] = []
    for name, phrase, number in (("date", answer.date, answer.date_sentence),
                                 ("place", answer.place, answer.place_sentence)):
        if not phrase or not phrase.strip():
            continue
        found = ev.anchor(phrase, ev.cited([number]))
        if found is None and name == "date":
            phrase, found = _stated_date(ev, phrase, ev.cited([number])) or (phrase, None)
        if found is None:
            ev.drop(f"event.{name}", "not stated in the article", phrase)
            continue
        evidence += found
        kept[name] = phrase.strip()
    if not evidence:
        return None
    return Event(date=kept.get("date"), place=kept.get("place"), evidence=ev.spans(evidence))


def _day_and_month(text: str) -> tuple[int, int] | None:
    """(day, month) of a written date such as "3 October" or "Oct. 3, 2023"; None without both."""
    m = re.search(rf"(\d{{1,2}})\s+({_MONTH})|({_MONTH})\.?\s+(\d{{1,2}})\b", text, re.I)
    if m is None:
        return None
    day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    index = next(i for i, name in enumerate(MONTHS) if name.startswith(month.lower()[:3]))
    return int(day), index + 1


def _stated_date(ev: Evidence, date: str, cited: list[Sentence]) -> tuple[str, list[Sentence]] | None:
    """The article's own wording of a date the model rewrote ("October 3, 2023" -> "Tuesday, 3 October").

    Only a written date with the same day and month counts; the cited sentence is searched first."""
    wanted = _day_and_month(date)
    if wanted is None:
        return None
    for s in cited + [s for s in ev.sentences if s not in cited]:
        for m in _WRITTEN_DATE.finditer(s.text):
            if _day_and_month(m.group(0)) == wanted:
                return m.group(0), [s]
    return None
