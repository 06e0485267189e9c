"""Quotations and who speaks them, across sentences and paragraphs.

News prose runs a long quote over several paragraphs: each paragraph opens with a quote mark and
only the last one closes it. The speaker is named where the quote closes (", X said"), where it opens
("X said: “..."), or elsewhere in the paragraph where it opens ("“...,” X told reporters. “...").
"""

from __future__ import annotations

import re

from .lexicon import CLAIM_VERBS, alternation
from .tree import speaker_at, speakers

_OPEN, _CLOSE = "“", "”"
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_SAID_AFTER = re.compile(rf"^\s*,?\s*[^,.;:“”\"]{{2,80}}?\s+(?:{alternation(CLAIM_VERBS)})\b")


def quotations(article: str) -> list[tuple[int, int]]:
    """(start, end) of every quotation; a quote that runs on into the next paragraph counts once."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    i = 0
    while i < len(article):
        ch = article[i]
        if start is None:
            if ch == _OPEN or (ch == '"' and (i == 0 or not article[i - 1].isalnum())):
                start = i
        elif ch == _CLOSE or ch == '"' and i > start and article[i - 1] not in " \n":
            out.append((start, i + 1))
            start = None
        elif ch == "\n":
            gap = _PARAGRAPH.match(article, i)
            nxt = gap.end() if gap else i + 1
            if nxt < len(article) and article[nxt] in (_OPEN, '"'):
                i = nxt + 1  # the quote runs on: its next paragraph opens with a quote mark
                continue
            out.append((start, i))
            start = None
        i += 1
    if start is not None:
        out.append((start, len(article)))
    return out


def quote_speaker(article: str, quote: tuple[int, int]) -> str | None:
    """Who the article says speaks ``quote``: where it closes, where it opens, or in its opening paragraph."""
    start, end = quote
    line_end = article.find("\n", end)
    after = article[end: len(article) if line_end < 0 else line_end]
    if (m := _SAID_AFTER.match(after)) and (who := speaker_at(m.group(0), 0, pronouns=True)):
        return who
    line_start = article.rfind("\n", 0, start) + 1
    before = article[line_start:start]
    if before.rstrip().endswith((":", ",")) and (named := speakers(before)):
        return named[-1]
    paragraph = article[line_start: len(article) if line_end < 0 else line_end]
    named = speakers(paragraph)
    return named[0] if named else None


_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_REPORTED = re.compile(rf"\b(?:{alternation(CLAIM_VERBS + ('warned', 'vowed', 'insisted', 'added'))})\b"
                       r"(?:\s+(?:on|late on|early on)\s+\w+day)?(?:\s+(?:reporters|journalists|[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*))?"
                       r",?\s+(?:that\s+)?")
_ATTRIBUTION_AT_END = re.compile(rf",\s*[^,;“”\"]{{2,80}}?\s+(?:{alternation(CLAIM_VERBS)})\b[^,;]*$")


def voiced(text: str, at: int) -> str:
    """The words of ``text`` that carry what stands at ``at``: the quotation holding it, else the clause
    reported after the last speech verb before it ("X said that ..."), else the sentence; a trailing
    attribution (", X said") is cut."""
    for m in _QUOTED.finditer(text):
        if m.start() <= at < m.end():
            return (m.group(1) or m.group(2)).strip(" ,.")
    said = [m for m in _REPORTED.finditer(text) if m.end() <= at]
    start = said[-1].end() if said else 0
    return _ATTRIBUTION_AT_END.sub("", text[start:]).strip(" .;:")
