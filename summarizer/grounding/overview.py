"""The overview answer: the summary (free text, so checked word by word) and the event's date and place."""

from __future__ import annotations

import re

from .. import answers as A
from ..article import Sentence, normalise
from ..rules.lexicon import CONNECTIVES, MONTHS, STOPWORDS
from ..schema import Event, Summary
from .evidence import Evidence
from .scripts import foreign, foreign_script_reason, scripts
from .text import numbers_supported, unsupported_words

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"
_WRITTEN_DATE = re.compile(rf"\b{_WEEKDAY}?(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}\b)(?:,?\s+\d{{4}})?", re.I)
_SENTENCE_END = ".!?\"'”’)"


def summary(ev: Evidence, answer: A.OverviewAnswer) -> Summary | None:
    """The model's summary, sentence by sentence: a sentence that states a number or a name the article does not
    is dropped (and recorded), the rest kept when most of its words are the article's.

    A year the model appended to a date the article gives without one ("September 14, 2023") is removed first:
    the article did not say it (also "in March 2023" when the article says only "in March")."""
    text = " ".join(answer.summary.split())
    if text and text[-1] not in _SENTENCE_END:
        cut = max(text.rfind(". "), text.rfind("! "), text.rfind("? "))
        text = text[: cut + 1] if cut > 0 else ""
    if not text:
        return None
    reference = ev.text_of(ev.sentences)
    text = _without_unstated_years(text, reference)
    kept = []
    allowed = scripts(ev.article)
    for sentence in _SUMMARY_SENTENCE.split(text):
        if found := foreign(sentence, allowed):
            ev.drop("summary", foreign_script_reason(found), sentence)
        elif not numbers_supported(sentence, reference):
            ev.drop("summary", "states a number the article does not", sentence)
        elif names := _unstated_names(sentence, reference):
            ev.drop("summary", f"names what the article does not: {', '.join(names[:5])}", sentence)
        else:
            kept.append(sentence)
    text = " ".join(kept)
    if not text:
        return None
    evidence = ev.best_support(text)
    if not evidence:
        ev.drop("summary", "shares no content with any sentence of the article", text)
        return None
    unstated = unsupported_words(text, reference)
    if len(unstated) > max(2, 0.25 * len(text.split())):
        ev.drop("summary", f"uses words the article does not: {', '.join(unstated[:5])}", text)
        return None
    return Summary(text=text, evidence=ev.spans(evidence))


_SUMMARY_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_DATED = re.compile(rf"\b((?:\d{{1,2}}\s+)?{_MONTH}(?:\.?\s+\d{{1,2}}\b)?)(,?\s+)(\d{{4}})\b")


def _without_unstated_years(text: str, reference: str) -> str:
    """``text`` without the years of written dates whose year the article never states."""
    return _DATED.sub(lambda m: m.group(0) if m.group(3) in reference else m.group(1), text)


def _unstated_names(sentence: str, reference: str) -> list[str]:
    """Capitalised words the article never uses, except an ordinary word opening the sentence ("However")."""
    words = re.findall(r"(?<![\w'-])[A-Z][\w'-]+", sentence)
    if words and sentence.lstrip("\"“‘(").startswith(words[0]) and words[0].lower() in STOPWORDS | CONNECTIVES:
        words = words[1:]
    return [w for w in words if normalise(w) not in normalise(reference)]


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
