"""Page furniture: the lines of a saved web page that are not the article's body.

A page saved as text carries its headline and subheads, photo captions and credits, links to other
stories (a title above "Read more »"), navigation, sharing and cookie bars, and copyright lines. They
are told apart by the shape of the line, never by a story's words:

* ``heading``: a short line without sentence punctuation with more text after it (headline, subhead,
  byline, kicker), or a longer one written in title case;
* ``link``: a line that opens with a link cue ("Read more: ...", "Related: ..."), a cue on its own
  ("Read More »", "MOST READ"), the unpunctuated title just above a lone cue, and the unpunctuated
  list just below a cue that has no title above it;
* ``caption``: a bracketed line or one that opens with a picture tag ("Photo:", "[Image] ..."), and a
  line that ends in a credit: an unpunctuated line closing on a parenthesised name ("..., near the
  bridge (Reuters)"), or a last fragment of one to four capitalised words after a sentence (". Reuters");
* ``bar``: a line of fields split by two or more separators ("Home | Politics | Europe",
  "Save · Print · Mail"), or a copyright line.

Lists (lines opening with a bullet or "1.") are body: fact boxes and numbered points carry content.
Headings may be shown to the model; no item may rest on any furniture line (see ``grounding.evidence``).
"""

from __future__ import annotations

import re
from enum import Enum


class Furniture(str, Enum):
    heading = "heading"
    link = "link"
    caption = "caption"
    bar = "bar"


HIDDEN_FROM_MODEL = frozenset({Furniture.link, Furniture.caption, Furniture.bar})
"""Furniture the model is not shown: other stories' titles, picture captions and bars say nothing of this story
that its body does not (a heading gives the story's own frame, so the model reads it, but cannot cite it)."""

HEADING_WORDS = 16
"""The longest unpunctuated line read as a heading whatever its case; longer ones must be in title case."""
WRAPPED_JOINS = 3
"""How many lines must run on, lower case, into the next for a text to be read as wrapped at a fixed width (then
only a line followed by a blank line can be a heading)."""
CREDIT_WORDS = 4
"""The longest credit after a caption's last sentence (". Reuters", ". Getty Images / Ana Roe")."""

LINK_CUES = ("read more", "read also", "also read", "see also", "related", "related stories", "related articles",
             "more on this", "more on this story", "recommended", "most read", "most popular", "more from",
             "watch", "listen", "trending", "top stories", "you may also like")
"""How a page announces links to other stories, alone on a line or before a colon."""
PICTURE_TAGS = ("photo", "photos", "image", "images", "picture", "pictures", "caption", "credit", "video",
                "pictured", "file photo", "illustration", "graphic")
"""How a page labels a picture's caption, in brackets or before a colon."""

_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]»›]*$")
_LOWER_WORD = re.compile(r"[a-z][a-z'’-]*[\s,;]")
_BULLET = re.compile(r"^(?:[•·▪●◦‣*+\-–—]|\d{1,2}[.)])\s")
_ARROWS = "»›→>"
_SEPARATORS = re.compile(r"\s[|·•›/]\s|\s>\s")
_WORD = re.compile(r"[^\W_][\w'’.-]*")
_CUE = re.compile(rf"^(?:{'|'.join(re.escape(c) for c in sorted(LINK_CUES, key=len, reverse=True))})\b", re.I)
_TAG = re.compile(rf"^[\[(]?(?:{'|'.join(re.escape(t) for t in PICTURE_TAGS)})\s*[:\]\)]", re.I)
_CREDIT_IN_PARENS = re.compile(r"\((?:[A-Z][\w.&'’-]*(?:\s*[/,&]\s*|\s+)?){1,4}\)$")
_LAST_FRAGMENT = re.compile(r"[.!?][\"'”’)]*\s+([^.!?]+)$")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _punctuated(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _lone_cue(line: str) -> bool:
    """A link cue alone on its line, with or without an arrow or a colon ("Read More »", "MOST READ")."""
    bare = line.strip().rstrip(_ARROWS + ": ").strip()
    return bool(bare) and len(_words(bare)) <= 5 and _CUE.fullmatch(bare.lower()) is not None


def _title_case(line: str) -> bool:
    words = [w for w in _words(line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _caption(line: str) -> bool:
    return bool(_TAG.match(line) or (line.startswith("[") and line.endswith("]"))
                or (not _punctuated(line) and _CREDIT_IN_PARENS.search(line)))


def _credit_at(line: str) -> int | None:
    """Where a credit that closes the line after its last sentence starts (". Reuters", ". -Agencies"), if any:
    only the credit is furniture, the sentences before it are read as they are."""
    fragment = _LAST_FRAGMENT.search(line)
    if fragment is None:
        return None
    credit = _words(fragment.group(1))
    if 0 < len(credit) <= CREDIT_WORDS and all(w[0].isupper() for w in credit) \
            and not fragment.group(1).rstrip().endswith((",", ";", "-", "—")):  # a sentence going on
        return fragment.start(1)
    return None


def _bar(line: str) -> bool:
    return len(_SEPARATORS.findall(f" {line} ")) >= 2 or line.startswith("©") or line.lower().startswith("copyright ")


def _heading(line: str, last: bool) -> bool:
    if last or _punctuated(line) or _BULLET.match(line):
        return False
    return len(_words(line)) <= HEADING_WORDS or _title_case(line)


def _prefixed_link(line: str) -> bool:
    """A line that opens with a link cue and a colon ("Read more: ...", "Related: ...")."""
    cue = _CUE.match(line)
    return cue is not None and line[cue.end():].lstrip().startswith(":")


def _kind(line: str, last: bool) -> Furniture | None:
    """The kind of furniture one line is by its own shape, or None for the body."""
    if _lone_cue(line) or _prefixed_link(line):
        return Furniture.link
    if _bar(line):
        return Furniture.bar
    if _caption(line):
        return Furniture.caption
    return Furniture.heading if _heading(line, last) else None


def _goes_on(line: str) -> bool:
    """The line opens with a lower-case word, going on with a sentence the line before began (not a link or a
    user name: "http://...", "reader_12: ...")."""
    return bool(_LOWER_WORD.match(line))


def _hard_wrapped(lines: list[tuple[int, str]], blank_after: list[bool]) -> bool:
    """Text wrapped at a fixed width: lines that end mid-sentence and go on, lower case, on the next line."""
    joins = sum(1 for i in range(len(lines) - 1)
                if not blank_after[i] and not _punctuated(lines[i][1]) and lines[i + 1][1][:1].islower())
    return joins >= WRAPPED_JOINS


def line_kinds(article: str) -> dict[int, Furniture]:
    """The furniture lines of ``article``, by the offset where each line's text starts (body lines are absent);
    a credit closing a body line is keyed by the offset where the credit starts."""
    return read_layout(article)[0]


def read_layout(article: str) -> tuple[dict[int, Furniture], list[tuple[int, int]]]:
    """The furniture lines (as ``line_kinds``) and the blocks that sentences are split within, as (start, end)
    offsets: each line, except that a sentence runs on across its line breaks where the text was wrapped at a
    fixed width (the body lines of one paragraph, no blank line between them, make one block) and where a body
    line ends mid-sentence and the next goes on in lower case (text cut into paragraphs at random, as OCR does)."""
    found = [m for m in re.finditer(r"[^\n\r]+", article) if m.group(0).strip()]
    lines = [(m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.group(0).strip()) for m in found]
    blank_after = [bool(re.search(r"\n[^\S\n]*\r?\n", article[a.end():b.start()])) for a, b in zip(found, found[1:])]
    blank_after.append(True)
    wrapped = _hard_wrapped(lines, blank_after)
    kinds: dict[int, Furniture] = {}
    for i, (start, line) in enumerate(lines):
        kind = _kind(line, last=i == len(lines) - 1)
        goes_on = i + 1 < len(lines) and _goes_on(lines[i + 1][1])  # the sentence goes on in the next line
        runs_on = wrapped and not blank_after[i] or goes_on  # a wrapped line of a paragraph, or one cut off
        credit = None if runs_on or i == len(lines) - 1 else _credit_at(line)
        if kind is Furniture.heading and (runs_on or credit is not None):
            kind = None  # no heading: a paragraph's wrapped line, or sentences closed by a credit
        if kind is not None:
            kinds[start] = kind
        elif credit is not None:
            kinds[start + credit] = Furniture.caption
    for i, (_, line) in enumerate(lines):
        if not _lone_cue(line):
            continue
        before = lines[i - 1] if i > 0 else None
        if before is not None and not _punctuated(before[1]) and not _BULLET.match(before[1]) \
                and kinds.get(before[0]) is not Furniture.link:
            kinds[before[0]] = Furniture.link  # the title of the story the cue links to
            continue
        for after, text in lines[i + 1:]:  # a list of links below a cue ("MOST READ")
            if _punctuated(text) or len(_words(text)) > HEADING_WORDS or _LAST_FRAGMENT.search(text) \
                    or kinds.get(after, Furniture.heading) is not Furniture.heading:
                break
            kinds[after] = Furniture.link
    blocks: list[tuple[int, int]] = []
    for i, m in enumerate(found):
        runs_on = i > 0 and not _punctuated(lines[i - 1][1]) and _goes_on(lines[i][1])
        joins = (i > 0 and (wrapped and not blank_after[i - 1] or runs_on)
                 and lines[i - 1][0] not in kinds and lines[i][0] not in kinds)
        if joins:
            blocks[-1] = (blocks[-1][0], m.end())
        else:
            blocks.append((m.start(), m.end()))
    return kinds, blocks
