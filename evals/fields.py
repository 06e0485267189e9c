"""Field comparators for the eval scorer: small pure functions, each returning a value in [0, 1] and why.

Names compare symmetrically after normalisation and alias resolution (a fragment never matches a whole
name); texts by the F1 of their content words (missing and extra content both cost); figures by range;
enums exactly; evidence by overlap with the gold's spans; a summary by
the key facts it states and the names and figures it states that the article does not.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from summarizer.rules.lexicon import CARDINALS, TENS
from summarizer.schema import Figure, Span, Summary

NAME_THRESHOLD = 0.8
"""Minimum symmetric name similarity for a name key (actor, attendee, source, claimant) to match."""
SUMMARY_WORDS = 80
"""A summary longer than this loses credit in proportion (the brief asks for about 60 words)."""

Aliases = Mapping[str, str]


class Score(BaseModel):
    """A value in [0, 1] and why."""

    model_config = ConfigDict(extra="forbid")

    value: float = Field(ge=0.0, le=1.0)
    explanation: str


class ItemScore(Score):
    """The similarity of two items; ``key_matched`` False means they can never be paired."""

    key_matched: bool = True


# --- normalisation and aliases -------------------------------------------------------------

_APOSTROPHES = "'\u2018\u2019\u02bc`"
_POSSESSIVE = re.compile(rf"(\w)[{_APOSTROPHES}]s\b")
_NAME_STOPWORDS = frozenset({"of", "the", "for", "and", "de", "du", "des", "la", "le", "in", "on", "&"})
_STRIP = "\"'\u201c\u201d\u2018\u2019()[]{},;:.!?"
_ACRONYM_AFTER = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,9})\s*\)")
_ACRONYM_BEFORE = re.compile(r"\b([A-Z][A-Za-z0-9&]{1,9})\s*\(([^()]{3,80})\)")
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for from with and or but that this these those is are was were be been "
    "being has have had it its as their them they he she his her him we our us i you your will would "
    "shall should can could may might must do does did so than then there here which who whom whose "
    "what when where while into onto upon over about after before also if said says".split()
)
"""Words that carry no content of their own; "not", "no" and numbers are content."""
_NUMBER_WORDS = {word: value for word, value in {**CARDINALS, **TENS}.items() if value <= 20}
"""Number words a text may write for a figure (the one table, from the summarizer's lexicon)."""


def clamp(value: float) -> float:
    """The value bounded to [0, 1]."""
    return min(1.0, max(0.0, float(value)))


def _score(value: float, explanation: str) -> Score:
    return Score(value=clamp(value), explanation=explanation)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def normalize(text: str | None) -> str:
    """Casefold, strip accents (NFKD), drop possessive 's and punctuation, a leading "the", extra spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    bare = _POSSESSIVE.sub(r"\1", bare)
    chars = [
        "" if ch in _APOSTROPHES else " " if unicodedata.category(ch)[0] in "PSZC" else ch
        for ch in bare
    ]
    found = "".join(chars).split()
    if found and found[0] == "the":
        found = found[1:]
    return " ".join(found)


def words(text: str | None) -> list[str]:
    """The normalised words of a text (see :func:`normalize`)."""
    return normalize(text).split()


def states(text: str | None, phrasing: str) -> bool:
    """True when the words of ``phrasing`` appear, consecutively and in order, among the words of ``text``."""
    want, have = words(phrasing), words(text)
    return bool(want) and any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1))


def content_words(text: str | None) -> list[str]:
    """The words of a text that carry content: function words dropped, a plural "s" taken off."""
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words(text) if w not in _FUNCTION_WORDS]


def _acronym_letters(acronym: str) -> str | None:
    letters = "".join(ch for ch in acronym if ch.isupper())
    return letters if len(letters) >= 2 else None


def _initial(word: str) -> str | None:
    """The capital initial of a name word ("al-Shuhada" -> "S"); None for a lowercase word."""
    for part in word.split("-"):
        if part[:1].isupper():
            return part[0]
    return None


def _expand_backwards(tokens: list[str], letters: str) -> str | None:
    """The name whose word initials spell ``letters``, ending at the last of ``tokens``."""
    need, taken = list(letters), []
    for i, raw in enumerate(reversed(tokens)):
        if i > 0 and raw[-1] in ",;:.!?":
            return None
        word = raw.strip(_STRIP)
        initial = _initial(word) if word else None
        if initial is None:
            if taken and word.lower() in _NAME_STOPWORDS:
                taken.append(word)
                continue
            return None
        if initial != need[-1]:
            return None
        need.pop()
        taken.append(word)
        if not need:
            return " ".join(reversed(taken))
    return None


def _spells(name: str, letters: str) -> bool:
    """True when the capitalised words of ``name`` spell ``letters`` (stopwords skipped)."""
    spelled = ""
    for raw in name.split():
        word = raw.strip(_STRIP)
        if not word:
            continue
        initial = _initial(word)
        if initial is None and word.lower() not in _NAME_STOPWORDS:
            return False
        spelled += initial or ""
    return spelled == letters


def aliases_from_text(text: str | None) -> dict[str, str]:
    """The acronyms a text defines, acronym -> full name.

    "Kataib Hezbollah (KH)" and "KH (Kataib Hezbollah)" both give {"KH": "Kataib Hezbollah"}.
    The full name must spell the acronym with its capitalised words' initials (lowercase
    "of", "the", ... may sit inside it). The first definition of an acronym wins.
    """
    aliases: dict[str, str] = {}
    if not text:
        return aliases
    for match in _ACRONYM_AFTER.finditer(text):
        letters = _acronym_letters(match.group(1))
        before = text[: match.start()].split()[-12:]
        full = _expand_backwards(before, letters) if letters and before else None
        if full:
            aliases.setdefault(match.group(1), full)
    for match in _ACRONYM_BEFORE.finditer(text):
        letters = _acronym_letters(match.group(1))
        full = match.group(2).strip()
        if letters and _spells(full, letters):
            aliases.setdefault(match.group(1), full)
    return aliases


def _alias_table(aliases: Aliases | None) -> dict[str, str]:
    table: dict[str, str] = {}
    for short, full in (aliases or {}).items():
        key, value = normalize(short), normalize(full)
        if key and value and key != value:
            table.setdefault(key, value)
    return table


_WITH_ACRONYM = re.compile(r"^(?P<full>.+?)\s*\(\s*(?P<short>[A-Z][A-Za-z0-9&]{1,9})\s*\)$")


def without_own_acronym(name: str) -> str:
    """A name without the acronym it carries in brackets ("Kataib Hezbollah (KH)" -> "Kataib Hezbollah"), when
    the name spells it; anything else in brackets stays."""
    m = _WITH_ACRONYM.match(name.strip())
    letters = _acronym_letters(m.group("short")) if m else None
    return m.group("full") if m and letters and _spells(m.group("full"), letters) else name


def canonical_name(name: str | None, aliases: Aliases | None = None) -> str:
    """The normalised name with aliases resolved, whole ("KH") or as a word ("chief of the PMA"), and without
    the acronym it may carry in brackets."""
    norm, table = normalize(without_own_acronym(name) if name else name), _alias_table(aliases)
    if norm in table:
        return table[norm]
    return " ".join(table.get(word, word) for word in norm.split())


# --- field comparators ---------------------------------------------------------------------


def _absent(pred: object, gold: object, what: str) -> Score | None:
    """1.0 if both are absent, 0.0 if one is, None if both are present."""
    pred_none = pred is None or (isinstance(pred, str) and _blank(pred))
    gold_none = gold is None or (isinstance(gold, str) and _blank(gold))
    if pred_none and gold_none:
        return _score(1.0, f"{what}: both absent")
    if pred_none or gold_none:
        return _score(0.0, f"{what}: pred {pred!r} vs gold {gold!r}")
    return None


_NAME_FILLER = _NAME_STOPWORDS | {"a", "an", "from", "s"}


def _extra_words(a: str, b: str) -> list[str]:
    """The words of name ``a`` that name ``b`` lacks (another form of the same word, "Iraq"/"Iraqi", is no lack)."""
    theirs = [w for w in b.split() if w not in _NAME_FILLER]
    return [w for w in a.split() if w not in _NAME_FILLER and not any(_same_stem(w, v) for v in theirs)]


def name_similarity(pred: str | None, gold: str | None, aliases: Aliases | None = None) -> Score:
    """Symmetric similarity of two names after normalisation and alias resolution.

    max(rapidfuzz ``ratio``, ``token_sort_ratio``) / 100: both punish what either side lacks, so a
    fragment ("al", "Kataib", "Hezbollah") scores low against a whole name ("Kataib Hezbollah"). Two names
    that each hold a word the other lacks are different names however alike they look ("Serravelian army" /
    "Serravelian navy", "foreign ministry" / "defence ministry", "Hadi al-Amiri" / "Hadi al-Ameri"): at most
    0.5; one that only adds words to the other ("John Kirby" / "Pentagon press secretary John Kirby") is
    scored as a string. A state and one of its offices are different actors ("Iraq" / "Iraq's foreign
    ministry"): the string score decides, and a gold lists both only where the article uses both for the same
    speaker."""
    absent = _absent(pred, gold, "name")
    if absent is not None:
        return absent
    a, b = canonical_name(pred, aliases), canonical_name(gold, aliases)
    value = 1.0 if a == b else max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100
    via = f" (as {a!r} / {b!r})" if (a, b) != (normalize(pred), normalize(gold)) else ""
    if (only_a := _extra_words(a, b)) and (only_b := _extra_words(b, a)):
        value = min(value, 0.5)
        via += f", {only_a[0]!r} / {only_b[0]!r} differ"
    return _score(value, f"name {pred!r} ~ {gold!r}{via}: {value:.2f}")


def _same_stem(a: str, b: str) -> bool:
    """Equal, or a country and its adjective or a plural ("iraq"/"iraqi", "lessaria"/"lessarian")."""
    if a == b:
        return True
    common = len(os.path.commonprefix([a, b]))
    return common >= 4 and common >= max(len(a), len(b)) - 3


def text_similarity(pred: str | None, gold: str | None) -> Score:
    """Content-word F1 of two texts (symmetric): missing and extra content both cost.

    "calm" against "provided the Americans remain calm" scores 0.4, not 1.0."""
    absent = _absent(pred, gold, "text")
    if absent is not None:
        return absent
    a, b = content_words(pred), content_words(gold)
    if not a or not b:
        value = float(normalize(pred) == normalize(gold))
    else:
        common = sum(min(a.count(w), b.count(w)) for w in set(a))
        value = 2 * common / (len(a) + len(b))
    return _score(value, f"text {_short(pred)!r} ~ {_short(gold)!r}: {value:.2f}")


def _short(text: str | None, limit: int = 40) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 3] + "..."


def enum_similarity(pred: Enum | bool | str | None, gold: Enum | bool | str | None) -> Score:
    """1.0 when equal (enum members compared by value), else 0.0."""
    a = pred.value if isinstance(pred, Enum) else pred
    b = gold.value if isinstance(gold, Enum) else gold
    return _score(float(a == b), f"{a!r} {'==' if a == b else '!='} {b!r}")


def _bounds(figure: Figure) -> tuple[float, float]:
    low = 0 if figure.low is None else figure.low
    high = math.inf if figure.high is None else figure.high
    return low, high


def figures_overlap(pred: Figure, gold: Figure) -> bool:
    """True when the inclusive ranges intersect (open low = 0, open high = infinity)."""
    (pred_low, pred_high), (gold_low, gold_high) = _bounds(pred), _bounds(gold)
    return max(pred_low, gold_low) <= min(pred_high, gold_high)


def figures_equal(pred: Figure, gold: Figure) -> bool:
    """The same figure as stated: equal low and high ends ("at least one" is not "four"; "dozens" is
    "dozens of"), whether approximate or not."""
    return (pred.low, pred.high) == (gold.low, gold.high)


def _end_agreement(a: int | None, b: int | None) -> float:
    if a == b:
        return 1.0
    if a is None or b is None or a < 0 or b < 0:
        return 0.0
    return min(a, b) / max(a, b)


def _fmt(figure: Figure) -> str:
    return f"{'' if figure.low is None else figure.low}..{'' if figure.high is None else figure.high}"


def figure_similarity(pred: Figure | None, gold: Figure | None) -> Score:
    """1.0 for equal ranges, 0.0 for disjoint ones; overlapping ones score in [0.5, 1).

    Partial credit = 0.5 + 0.5 * mean agreement of the two ends, an end agreeing by
    min/max of its numbers (open ends agree only with open ends)."""
    absent = _absent(pred, gold, "figure")
    if absent is not None or pred is None or gold is None:
        return absent or _score(0.0, "figure missing")
    pair = f"{_fmt(pred)} vs {_fmt(gold)}"
    if (pred.low, pred.high) == (gold.low, gold.high):
        return _score(1.0, f"figure {pair}: equal")
    if not figures_overlap(pred, gold):
        return _score(0.0, f"figure {pair}: disjoint")
    ends = (_end_agreement(pred.low or 0, gold.low or 0) + _end_agreement(pred.high, gold.high)) / 2
    value = 0.5 + 0.5 * ends
    return _score(value, f"figure {pair}: overlap {value:.2f}")


def _spans_intersect(a: Span, b: Span) -> bool:
    if a.start == a.end:
        return b.start <= a.start < b.end or a.start == b.start == b.end
    return max(a.start, b.start) < min(a.end, b.end)


def evidence_supports(pred: Sequence[Span], gold: Sequence[Span]) -> Score:
    """1.0 when a predicted span overlaps a gold evidence span, else 0.0: another sentence that merely holds the
    same figure or name is not the evidence."""
    if any(_spans_intersect(p, g) for p in pred for g in gold):
        return _score(1.0, "evidence overlaps the gold's")
    return _score(0.0, f"evidence: none of {len(pred)} spans overlaps the gold's")


# --- the summary ---------------------------------------------------------------------------


def _number_forms(word: str) -> set[str]:
    if word in _NUMBER_WORDS:
        return {word, str(_NUMBER_WORDS[word])}
    by_value = {str(v): k for k, v in _NUMBER_WORDS.items()}
    return {word, by_value[word]} if word in by_value else {word}


def mentions(text: str) -> list[str]:
    """The names and figures a text states: the normalised words of its capitalised tokens and numbers."""
    out = []
    for raw in text.split():
        token = raw.strip(_STRIP + "-\u2013\u2014")
        if token and (token[0].isupper() or any(ch.isdigit() for ch in token)):
            out.extend(words(token))
    return out


def unsupported_mentions(text: str, article: str) -> list[str]:
    """The names and figures of a text that the article does not state: not among its words, as a
    number in digits or in words, or as a form of the same stem ("Iraqi" for "Iraq")."""
    known = set(words(article))
    return [word for word in mentions(text)
            if not (_number_forms(word) & known) and not any(_same_stem(word, k) for k in known if k[:3] == word[:3])]


def summary_similarity(pred: Summary, gold: Summary, article: str | None = None) -> ItemScore:
    """The share of the gold's key facts the summary states (content similarity to the gold's text when
    the gold lists none), times the squared share of its names and figures the article supports, times a
    length factor (at most ``SUMMARY_WORDS`` words)."""
    facts = getattr(gold, "key_facts", None) or []
    if facts:
        stated = [fact for fact in facts if any(states(pred.text, p) for p in fact)]
        missing = [fact[0] for fact in facts if fact not in stated]
        content = len(stated) / len(facts)
        head = f"key facts {len(stated)}/{len(facts)}" + (f" (missing {missing})" if missing else "")
    else:
        similarity = text_similarity(pred.text, gold.text)
        content, head = similarity.value, similarity.explanation
    unsupported = unsupported_mentions(pred.text, article) if article else []
    support = (1.0 - len(unsupported) / max(len(mentions(pred.text)), 1)) ** 2
    n_words = len(pred.text.split())
    length = min(1.0, SUMMARY_WORDS / n_words) if n_words else 0.0
    value = clamp(content * support * length)
    explanation = (head + f"; unsupported {unsupported[:5]}" * bool(unsupported) + f"; {n_words} words: {value:.2f}")
    return ItemScore(value=value, explanation=explanation)
