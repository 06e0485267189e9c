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
  "no", "none", "zero"            -> 0..0
"""

from __future__ import annotations

import re

from .schema import Figure

_UNITS = {
    "zero": 0, "no": 0, "none": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = {
    "dozens": (24, None), "scores": (40, None), "hundreds": (200, None), "thousands": (2000, None),
    "several": (3, 9), "few": (2, 5), "handful": (2, 5), "dozen": (12, 12), "couple": (2, 2),
}
_APPROX = ("about", "around", "approximately", "nearly", "almost", "roughly", "some", "an estimated",
           "estimated", "close to", "some")
_AT_LEAST = ("at least", "no fewer than", "no less than", "a minimum of")
_MORE_THAN = ("more than", "over", "upwards of", "in excess of")
_UP_TO = ("up to", "as many as", "at most", "no more than")
_FEWER_THAN = ("fewer than", "less than", "under")
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_WORD = r"[a-z]+(?:[- ][a-z]+)*"


def words_to_int(text: str) -> int | None:
    """Parse an English number ("four", "twenty-one", "3,000", "two hundred") or None."""
    text = text.strip().lower().replace("-", " ")
    if re.fullmatch(_NUMBER, text):
        return int(text.replace(",", ""))
    total, current, seen = 0, 0, False
    for word in text.split():
        if word == "and" and seen:
            continue
        if word in _UNITS and word not in ("a", "an", "no", "none"):
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
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
    tokens = re.findall(rf"{_NUMBER}|[a-z]+", text.lower())
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


def parse_figure(text: str) -> Figure | None:
    """Normalise a stated figure; None when the words hold no figure at all."""
    t = " ".join(text.lower().replace("–", "-").replace("—", "-").split())
    if not t:
        return None
    if t in ("no", "none", "zero", "no one", "nobody", "no casualties", "0"):
        return Figure(low=0, high=0)
    approximate = any(re.search(rf"\b{p}\b", t) for p in _APPROX)
    rng = re.search(rf"(?:between\s+)?({_NUMBER}|{_WORD})\s*(?:-|to|and)\s*({_NUMBER}|{_WORD})", t)
    if rng:
        a, b = words_to_int(rng.group(1)), words_to_int(rng.group(2))
        if a is not None and b is not None and a < b:
            return Figure(low=a, high=b, approximate=approximate)
    numbers = _numbers_in(t)
    meaningful = [n for n in numbers]
    if meaningful:
        n = meaningful[0]
        if any(re.search(rf"\b{p}\b", t) for p in _AT_LEAST) or re.search(r"\bor more\b", t):
            return Figure(low=n, high=None, approximate=approximate)
        if any(re.search(rf"\b{p}\b", t) for p in _MORE_THAN):
            return Figure(low=n + 1, high=None, approximate=approximate)
        if any(re.search(rf"\b{p}\b", t) for p in _UP_TO):
            return Figure(low=None, high=n, approximate=approximate)
        if any(re.search(rf"\b{p}\b", t) for p in _FEWER_THAN):
            return Figure(low=None, high=n - 1, approximate=approximate)
        if re.search(r"\ba dozen\b", t) and n == 1:
            return Figure(low=12, high=12, approximate=True)
        return Figure(low=n, high=n, approximate=approximate)
    for word, (low, high) in _VAGUE.items():
        if re.search(rf"\b{word}\b", t):
            return Figure(low=low, high=high, approximate=True)
    return None


def figure_tokens(text: str) -> list[str]:
    """The number-bearing words of a figure, for checking them against evidence."""
    t = text.lower()
    return re.findall(rf"{_NUMBER}|\b(?:{'|'.join(list(_UNITS) + list(_TENS) + list(_SCALES) + list(_VAGUE))})\b", t)
