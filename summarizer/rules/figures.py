"""Turn a figure as an article states it ("four", "at least 12", "dozens") into numbers.

Pure functions, no model: the model copies the figure's words, this module normalises them,
so a number can never be invented by the model.

Rules (``low``/``high`` inclusive, ``None`` = open):
  "four", "4", "4,000"           -> 4..4 / 4000..4000
  "about/around/nearly/some 40"   -> 40..40, approximate
  "at least 12", "12 or more"     -> 12..None
  "more than 40", "over 40"       -> 41..None
  "up to 7", "as many as 7"       -> None..7
  "fewer than 5", "less than 5"   -> None..4
  "between 30 and 40", "30-40",
  "30 to 40"                      -> 30..40
  "a dozen"                       -> 12..12, approximate
  "dozens"                        -> 24..None, approximate (likewise "scores" 40, "hundreds" 200,
                                     "thousands" 2000)
  "several"                       -> 3..9, approximate; "a few" -> 2..5, approximate
  "two dozen", "at least two dozen" -> 24..24, 24..None
  "a few dozen", "several hundred" -> 24..60, 300..900, approximate (the vague amount times the unit)
  "a", "an" (alone: "A soldier was killed") -> 1..1
  "no", "none", "zero"            -> 0..0
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..schema import Figure
from .lexicon import (
    APPROXIMATELY,
    AT_LEAST,
    CARDINALS,
    FEWER_THAN,
    MORE_THAN,
    NONE_WORDS,
    ONE_WORDS,
    SCALES,
    TENS,
    UNITS_OF_COUNT,
    UP_TO,
    VAGUE_AMOUNTS,
    VAGUE_MULTIPLIERS,
)

_UNITS = {**CARDINALS, **NONE_WORDS, **ONE_WORDS}
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_DECIMAL = r"\d+\.\d+"
"""A number with a decimal part, which counts people only before a scale ("1.7 million")."""
_WORD = r"[a-z]+(?:[- ][a-z]+)*"
_NUMBER_WORDS = sorted([*(w for w, v in CARDINALS.items() if v > 0), *TENS, *SCALES], key=len, reverse=True)


def words_to_int(text: str) -> int | None:
    """Parse an English number ("four", "twenty-one", "3,000", "two hundred", "1.7 million") or None."""
    text = text.strip().lower().replace("-", " ")
    if re.fullmatch(_NUMBER, text):
        return int(text.replace(",", ""))
    total, current, seen = 0, 0, False
    words = text.split()
    for i, word in enumerate(words):
        if word == "and" and seen:
            continue
        if re.fullmatch(_DECIMAL, word):
            scale = SCALES.get(words[i + 1]) if i + 1 < len(words) else None
            if scale is None or seen:
                return None
            current = int(Decimal(word) * scale)  # "1.7 million": the scale is applied here, once
            seen = True
            words[i + 1] = ""
            continue
        if not word:
            continue
        if word in _UNITS and word not in ("a", "an", "no", "none"):
            current += _UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        elif re.fullmatch(_NUMBER, word):
            current += int(word.replace(",", ""))
        else:
            return None
        seen = True
    return total + current if seen else None


def _numbers_in(text: str) -> list[int]:
    """Every number in ``text``, digits or words, in order."""
    out: list[int] = []
    tokens = re.findall(rf"{_DECIMAL}|{_NUMBER}|[a-z]+", text.lower())
    i = 0
    while i < len(tokens):
        best = None
        for j in range(min(len(tokens), i + 5), i, -1):
            value = words_to_int(" ".join(tokens[i:j]))
            if value is not None:
                best = (value, j)
                break
        if best is None:
            i += 1
            continue
        out.append(best[0])
        i = best[1]
    return out


_MULTIPLIED = re.compile(
    rf"\b(?:(?P<vague>{'|'.join(sorted(VAGUE_MULTIPLIERS, key=len, reverse=True))})|(?P<n>{_NUMBER}|[a-z]+(?:-[a-z]+)?))"
    rf"\s+(?P<unit>{'|'.join(UNITS_OF_COUNT)})\b")


def _multiplied(t: str) -> Figure | str | None:
    """A vague multiple as its range ("a few dozen" -> 24..60, "several hundred" -> 300..900); a counted
    dozen as the text with its number ("at least two dozen" -> "at least 24"); None when there is neither."""
    m = _MULTIPLIED.search(t)
    if m is None:
        return None
    unit = UNITS_OF_COUNT[m.group("unit")]
    if m.group("vague"):
        low, high = VAGUE_AMOUNTS[VAGUE_MULTIPLIERS[m.group("vague")]]
        return Figure(low=low * unit, high=None if high is None else high * unit, approximate=True)
    n = words_to_int(m.group("n"))
    if n is None or m.group("unit") != "dozen":
        return None  # "two hundred" is a number that words_to_int reads whole
    return t[: m.start()] + str(n * unit) + t[m.end():]


_WRITTEN = re.compile(
    rf"(?<![\w.,])(?:{_DECIMAL}\s+(?:{'|'.join(SCALES)})|{_NUMBER}|(?:{'|'.join(_NUMBER_WORDS)})(?:[\s-]+(?:{'|'.join(_NUMBER_WORDS)}))*)"
    rf"(?![\w.,]\d)\b", re.I)


def numbers_written(text: str) -> list[str]:
    """Every number ``text`` writes, as written: digits ("3,000"), words ("twenty-one", "two hundred") or a
    decimal before a scale ("1.7 million")."""
    return [m.group(0) for m in _WRITTEN.finditer(text)]


def parse_figure(text: str) -> Figure | None:
    """Normalise a stated figure; None when the words hold no figure at all."""
    t = " ".join(text.lower().replace("–", "-").replace("—", "-").split())
    if not t:
        return None
    if t in ("no", "none", "zero", "no one", "nobody", "no casualties", "0"):
        return Figure(low=0, high=0)
    if t in ONE_WORDS or t in ("a single", "a lone"):  # "A soldier was killed"
        return Figure(low=1, high=1)
    multiplied = _multiplied(t)
    if isinstance(multiplied, Figure):
        return multiplied
    t = multiplied or t
    approximate = any(re.search(rf"\b{p}\b", t) for p in APPROXIMATELY)
    rng = re.search(rf"(?:between\s+)?({_NUMBER}|{_WORD})\s*(?:-|to|and)\s*({_NUMBER}|{_WORD})", t)
    if rng:
        a, b = words_to_int(rng.group(1)), words_to_int(rng.group(2))
        if a is not None and b is not None and a < b:
            return Figure(low=a, high=b, approximate=approximate)
    numbers = _numbers_in(t)
    meaningful = [n for n in numbers]
    if meaningful:
        n = meaningful[0]
        if any(re.search(rf"\b{p}\b", t) for p in AT_LEAST) or re.search(r"\bor more\b", t):
            return Figure(low=n, high=None, approximate=approximate)
        if any(re.search(rf"\b{p}\b", t) for p in MORE_THAN):
            return Figure(low=n + 1, high=None, approximate=approximate)
        if any(re.search(rf"\b{p}\b", t) for p in UP_TO):
            return Figure(low=None, high=n, approximate=approximate)
        if any(re.search(rf"\b{p}\b", t) for p in FEWER_THAN):
            return Figure(low=None, high=n - 1, approximate=approximate)
        if re.search(r"\ba dozen\b", t) and n == 1:
            return Figure(low=12, high=12, approximate=True)
        return Figure(low=n, high=n, approximate=approximate)
    for word, (low, high) in VAGUE_AMOUNTS.items():
        if re.search(rf"\b{word}\b", t):
            return Figure(low=low, high=high, approximate=True)
    return None
