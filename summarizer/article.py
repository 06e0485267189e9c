"""Reading an article, and splitting it into numbered sentences that keep their original offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ArticleNotFound, ArticleUnreadable, EmptyArticle, NotText
from .layout import HIDDEN_FROM_MODEL, Furniture, read_layout

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "maj", "cpl", "pvt", "adm", "gov",
    "sen", "rep", "prof", "jr", "sr", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.g", "i.e", "approx", "brig", "cmdr",
}
_CLOSERS = "\"'”’)]»"
_SPACE = re.compile(r"[\s\ufeff\u200b]+")
_QUOTE_MAP = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'",
                            "‚": "'", "‛": "'", "′": "'", "–": "-", "—": "-", "‐": "-", "‑": "-"})


@dataclass(frozen=True)
class Sentence:
    """One sentence: its 1-based number, where it sits in the original article, and the kind of page
    furniture its line is (None for the article's body)."""

    number: int
    start: int
    end: int
    text: str
    furniture: Furniture | None = None

    @property
    def body(self) -> bool:
        """Part of the article's body: an item may rest on it."""
        return self.furniture is None

    @property
    def shown_to_model(self) -> bool:
        """Shown to the model: the body and the headings, not links, captions or bars."""
        return self.furniture not in HIDDEN_FROM_MODEL


def read_article(path: str | Path) -> str:
    """Read a UTF-8 article file exactly as stored (no newline translation); raise on bad input."""
    return decode_article(read_file_bytes(path), name=str(path))


def read_file_bytes(path: str | Path) -> bytes:
    """The bytes of an input file; raise an InputError when it is missing, a directory or unreadable."""
    p = Path(path)
    if not p.exists():
        raise ArticleNotFound(f"no such file: {p}")
    if p.is_dir():
        raise ArticleUnreadable(f"{p} is a directory, not an article", hint="pass a text file")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise ArticleUnreadable(f"cannot read {p}: {exc.strerror or exc}") from exc


def decode_article(data: bytes, name: str = "input") -> str:
    """Decode bytes as UTF-8 text and check that they hold an article."""
    if b"\x00" in data:
        raise NotText(f"{name} is binary, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotText(f"{name} is not valid UTF-8 (bad byte at offset {exc.start})") from exc
    check_article(text, name)
    return text


def check_article(text: str, name: str = "input") -> None:
    """Raise if ``text`` is empty, whitespace only or mostly control characters."""
    stripped = _SPACE.sub("", text)
    if not stripped:
        raise EmptyArticle(f"{name} is empty" if not text else f"{name} holds only whitespace")
    controls = sum(1 for ch in stripped if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0)
    if controls > 0.05 * len(stripped):
        raise NotText(f"{name} is mostly control characters, not text")
    if not re.search(r"\w{2,}", text):
        raise EmptyArticle(f"{name} holds no words")


def _is_boundary(text: str, i: int) -> bool:
    """True when the punctuation at ``text[i]`` ends a sentence."""
    if text[i] == ".":
        word = re.search(r"([A-Za-z.]+)$", text[: i])
        if word:
            w = word.group(1).lower().strip(".")
            if w in _ABBREVIATIONS or (len(w) == 1 and w.isalpha()):
                return False
        if i + 1 < len(text) and text[i + 1].isdigit():
            return False
    j = i + 1
    while j < len(text) and text[j] in _CLOSERS:
        j += 1
    if j >= len(text):
        return True
    if not text[j].isspace():
        return False
    while j < len(text) and text[j].isspace():
        j += 1
    return j >= len(text) or not text[j].islower()


def split_sentences(article: str) -> list[Sentence]:
    """Split into sentences, each with exact offsets into ``article`` and its line's kind of page furniture, or
    its own when it is a credit closing a body line; a sentence never crosses a line break, except inside a
    paragraph of text wrapped at a fixed width (``layout.read_layout``)."""
    out: list[Sentence] = []
    kinds, blocks = read_layout(article)
    for block_start, block_end in blocks:
        base, body = block_start, article[block_start:block_end]
        kind = kinds.get(base + len(body) - len(body.lstrip()))
        start = 0
        for i, ch in enumerate(body):
            if ch in ".!?" and _is_boundary(body, i):
                end = i + 1
                while end < len(body) and body[end] in _CLOSERS:
                    end += 1
                _append(out, article, base + start, base + end, kinds, kind)
                start = end
        _append(out, article, base + start, base + len(body), kinds, kind)
    return out


def _append(out: list[Sentence], article: str, start: int, end: int, kinds: dict[int, Furniture],
            line_kind: Furniture | None) -> None:
    while start < end and (article[start].isspace() or article[start] in "\ufeff\u200b"):
        start += 1
    while end > start and article[end - 1].isspace():
        end -= 1
    if end > start and re.search(r"\w", article[start:end]):
        out.append(Sentence(len(out) + 1, start, end, article[start:end], line_kind or kinds.get(start)))


def prompt_text(sentence: Sentence) -> str:
    """The sentence as shown to the model: one line, straight double quotes made typographic.

    Straight double quotes collide with JSON strings under grammar-constrained decoding.
    """
    text = " ".join(sentence.text.split())
    out = []
    for i, ch in enumerate(text):
        if ch == '"':
            opening = i == 0 or text[i - 1].isspace() or text[i - 1] in "([{'‘“"
            out.append("“" if opening else "”")
        else:
            out.append(ch)
    return "".join(out)


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Lower-case, unify quotes and dashes, collapse whitespace; map each output char to its source index."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "\ufeff\u200b":
            if chars and chars[-1] != " ":
                chars.append(" ")
                index.append(i)
            continue
        for piece in ch.translate(_QUOTE_MAP).lower():
            chars.append(piece)
            index.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    return "".join(chars), index


def find_written(text: str, phrase: str) -> tuple[int, int] | None:
    """Where ``text`` writes ``phrase`` up to case, quote and dash style and spacing, as (start, end) offsets into
    ``text`` ("Pakistan's" finds "Pakistan’s"); None when it does not."""
    needle = normalise(phrase)
    hay, index = normalise_with_map(text)
    at = hay.find(needle) if needle else -1
    return (index[at], index[at + len(needle) - 1] + 1) if at >= 0 else None


def normalise(text: str) -> str:
    """``normalise_with_map`` without the map."""
    return normalise_with_map(text)[0]


_INSTRUCTIONS = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,40}\b(?:previous|prior|above|earlier|all|your)\b.{0,20}"
    r"\b(?:instructions?|prompts?|rules|directions)\b"
    r"|^\s*(?:system|assistant|developer)\s*:"
    r"|\b(?:you are|act as) (?:an? )?(?:ai|language model|llm|assistant|chatbot)\b"
    r"|\b(?:language model|llm|ai model|chatbot)s?\b.{0,60}\b(?:must|should|output|write|report|say)\b"
    r"|\boutput the (?:word|text)\b|\bnew instructions\b",
    re.I,
)


def aimed_at_model(sentence: Sentence) -> bool:
    """True for a sentence that gives instructions to a language model ("ignore previous instructions...")."""
    return bool(_INSTRUCTIONS.search(sentence.text))
