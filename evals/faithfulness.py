"""Faithful to the article's form: no text in a script the article does not use, and no item resting on page
furniture alone (a headline, a subhead, a caption, another story's link title). Counted per case; the gate
fails when either count is above zero, whatever the baseline.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any

from pydantic import BaseModel

from summarizer.grounding.scripts import foreign, scripts
from summarizer.layout import line_kinds
from summarizer.schema import Brief, Grounded, Span

_NOT_WRITTEN = ("evidence", "dropped", "run")
"""Parts of a brief that are not written text: the article's own spans, the dropped log, the run record."""


def _walk(model: BaseModel, path: str) -> Iterator[tuple[str, Any]]:
    """(path, value) of every value in ``model``'s written fields, list elements and nested models included."""
    for name in type(model).model_fields:
        if name in _NOT_WRITTEN:
            continue
        value = getattr(model, name)
        values = value if isinstance(value, list) else [value]
        for i, v in enumerate(values):
            where = f"{path}.{name}" + (f"[{i}]" if isinstance(value, list) else "")
            yield where, v
            if isinstance(v, BaseModel):
                yield from _walk(v, where)


def _texts(brief: Brief) -> Iterator[tuple[str, str]]:
    """(path, text) of every piece of text written in the brief."""
    return ((where, v) for where, v in _walk(brief, "brief") if isinstance(v, str) and not isinstance(v, Enum))


def _items(brief: Brief) -> Iterator[tuple[str, Grounded]]:
    """(path, item) of every grounded item in the brief, nested ones included."""
    return ((where, v) for where, v in _walk(brief, "brief") if isinstance(v, Grounded))


def _line_start(article: str, span: Span) -> int:
    """Where the text of the line holding the span's start begins (leading spaces skipped)."""
    start = article.rfind("\n", 0, span.start) + 1
    while start < span.start and article[start].isspace():
        start += 1
    return start


def faithfulness(brief: Brief, article: str) -> dict[str, Any]:
    """Fields written in a script the article does not use, and items whose every span lies on page furniture."""
    allowed = scripts(article)
    foreign_fields = [f"{where}: {', '.join(found)} in {text[:80]!r}"
                      for where, text in _texts(brief) if (found := foreign(text, allowed))]
    kinds = line_kinds(article)
    furniture_only = []
    for where, item in _items(brief):
        on = [kinds.get(_line_start(article, span)) or kinds.get(span.start) for span in item.evidence]
        if on and all(kind is not None for kind in on):
            furniture_only.append(f"{where} rests on {', '.join(sorted({k.value for k in on}))} only: "
                                  f"{item.evidence[0].text[:80]!r}")
    return {"foreign_script": foreign_fields, "furniture_only": furniture_only}


def failures(report: dict[str, Any], groups: tuple[str, ...]) -> list[str]:
    """One gate failure per case with foreign-script text or items on furniture alone (of the ``groups`` given)."""
    out = []
    for result in report["cases"]:
        found = result.get("faithfulness")
        if not found or result["group"] not in groups:
            continue
        if found["foreign_script"]:
            out.append(f"faithfulness: case {result['id']} has {len(found['foreign_script'])} field(s) in a script "
                       f"the article does not use: {found['foreign_script'][0]}")
        if found["furniture_only"]:
            out.append(f"faithfulness: case {result['id']} has {len(found['furniture_only'])} item(s) resting on "
                       f"page furniture alone: {found['furniture_only'][0]}")
    return out


def line(report: dict[str, Any]) -> str:
    """The report's faithfulness line: totals over the cases, and the cases that have any."""
    cases = [r for r in report["cases"] if r.get("faithfulness")]
    scripts_n = sum(len(r["faithfulness"]["foreign_script"]) for r in cases)
    furniture_n = sum(len(r["faithfulness"]["furniture_only"]) for r in cases)
    bad = [f"{r['id']} ({len(r['faithfulness']['foreign_script'])}, {len(r['faithfulness']['furniture_only'])})"
           for r in cases if r["faithfulness"]["foreign_script"] or r["faithfulness"]["furniture_only"]]
    return (f"faithfulness: {scripts_n} foreign-script fields, {furniture_n} furniture-only items over {len(cases)} "
            f"cases" + (f"; per case (fields, items): {', '.join(bad)}" if bad else ""))
