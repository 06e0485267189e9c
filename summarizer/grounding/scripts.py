"""Writing systems: text the model wrote in a script the article never uses is invented, and is dropped.

A letter's script is read from its Unicode name (``unicodedata``) after compatibility decomposition, so
full-width and mathematical Latin letters count as Latin and Arabic presentation forms as Arabic:
"LATIN SMALL LETTER A WITH ACUTE" -> LATIN, "CJK UNIFIED IDEOGRAPH-62A5" -> CJK, "CYRILLIC CAPITAL LETTER
ZHE" -> CYRILLIC. Digits, punctuation, combining marks and modifier letters (ʾ, ʿ) belong to no script.
"""

from __future__ import annotations

import unicodedata
from enum import Enum
from functools import cache

from pydantic import BaseModel

from ..schema import Brief, Span
from .evidence import Evidence


@cache
def script(ch: str) -> str | None:
    """The script of one character ("LATIN", "CJK", "ARABIC", ...), or None for a character of no script."""
    if not ch.isalpha() or unicodedata.category(ch) == "Lm":
        return None
    base = unicodedata.normalize("NFKD", ch)
    letter = next((c for c in base if c.isalpha()), ch)
    if unicodedata.category(letter) == "Lm":
        return None
    name = unicodedata.name(letter, "")
    return name.split(" ", 1)[0].split("-", 1)[0] or None


def scripts(text: str) -> frozenset[str]:
    """Every script ``text`` writes letters in."""
    return frozenset(s for ch in set(text) if (s := script(ch)) is not None)


def foreign(text: str, allowed: frozenset[str]) -> list[str]:
    """The scripts of ``text`` outside ``allowed``, sorted."""
    return sorted(scripts(text) - allowed)


def foreign_script_reason(found: list[str]) -> str:
    """Why text in the scripts ``found`` was dropped."""
    return f"written in a script the article does not use ({', '.join(found)})"


def without_foreign_script(brief: Brief, ev: Evidence) -> Brief:
    """``brief`` without any text in a script the article does not use: such an optional field is emptied,
    such a name in a list removed, and an item whose required text (a name, an actor, a figure) has it is
    dropped; each recorded in ``ev.dropped``. Evidence is the article's own text and is never touched."""
    allowed = scripts(ev.article)
    update: dict[str, object] = {}
    for name in ("summary", "event", "truce", "meeting"):
        value = getattr(brief, name)
        if value is not None:
            update[name] = _clean(value, name, allowed, ev)
    for name in ("casualties", "reactions", "sources"):
        update[name] = [c for item in getattr(brief, name) if (c := _clean(item, name, allowed, ev)) is not None]
    update["dropped"] = ev.dropped
    return brief.model_copy(update=update)


def _clean(item: BaseModel, section: str, allowed: frozenset[str], ev: Evidence) -> BaseModel | None:
    """The item with its foreign-script text taken out, or None when text it cannot do without has some."""
    update: dict[str, object] = {}
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        where = f"{section}.{name}"
        if isinstance(value, Enum):
            continue
        if isinstance(value, str) and (found := foreign(value, allowed)):
            ev.drop(where, foreign_script_reason(found), value)
            if info.is_required():
                return None
            update[name] = None
        elif isinstance(value, BaseModel) and not isinstance(value, Span):
            cleaned = _clean(value, where, allowed, ev)
            if cleaned is None and info.is_required():
                return None
            update[name] = cleaned
        elif isinstance(value, list) and value and not isinstance(value[0], Span):
            kept = []
            for element in value:
                if isinstance(element, str) and not isinstance(element, Enum) \
                        and (found := foreign(element, allowed)):
                    ev.drop(where, foreign_script_reason(found), element)
                elif isinstance(element, BaseModel):
                    if (cleaned := _clean(element, where, allowed, ev)) is not None:
                        kept.append(cleaned)
                else:
                    kept.append(element)
            update[name] = kept
    return item.model_copy(update=update) if update else item
