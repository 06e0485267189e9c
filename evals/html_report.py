"""The eval run as an HTML page (report.html beside report.json): the gate's verdict first, the section table
coloured against the baseline, and per case the gold and predicted items side by side with their evidence.

Like the brief's page it is self-contained and escapes everything it shows (jinja2 autoescaping).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape

from summarizer.schema import Brief

from .scoring import SCORED_SECTIONS, section_items


@dataclass
class Shown:
    """An item as the report shows it: a short label and the words of its evidence."""

    label: str
    evidence: list[str]


@dataclass
class SectionView:
    name: str
    f1: float | None
    matched: list[tuple[Shown, Shown, float, bool]]
    missed: list[Shown]
    invented: list[Shown]


def label(item: Any) -> str:
    """A short description of any brief item (gold or predicted)."""
    fields = [("figure_text", ""), ("kind", ""), ("claimant", "by "), ("actor", ""), ("stance", ""),
              ("speaker", "speaker "), ("name", ""), ("role", ""), ("status", ""), ("text", ""), ("date", ""),
              ("place", ""), ("time", "")]
    parts = []
    for name, prefix in fields:
        value = getattr(item, name, None)
        if value:
            parts.append(prefix + str(getattr(value, "value", value)))
    return "; ".join(parts)[:300] or type(item).__name__


def _shown(item: Any, article: str) -> Shown:
    return Shown(label(item), [article[s.start:s.end] for s in getattr(item, "evidence", [])])


def sections_of(case: Mapping[str, Any], gold: Any, article: str) -> list[SectionView]:
    """Each scored section of one case: matched pairs with their credit, missed gold items, invented items."""
    brief = Brief.model_validate(case["brief"]) if case.get("brief") else Brief()
    out = []
    for name in SCORED_SECTIONS:
        alignment = case.get("alignment", {}).get(name)
        if alignment is None:
            continue
        pred, want = list(section_items(brief, name)), list(section_items(gold, name))
        view = SectionView(
            name, case["sections"][name]["f1"],
            [(_shown(want[g], article), _shown(pred[p], article), credit, ok) for p, g, credit, ok in alignment["matched"]],
            [_shown(want[g], article) for g in alignment["missed"]],
            [_shown(pred[p], article) for p in alignment["invented"]],
        )
        if view.matched or view.missed or view.invented:
            out.append(view)
    return out


def change(now: float | None, before: float | None, tolerance: float) -> str:
    """How a figure moved against the baseline: better, worse (beyond the tolerance) or within it."""
    if now is None or before is None:
        return "none"
    if now < before - tolerance:
        return "worse"
    return "better" if now > before + 1e-9 else "same"


def html_report(report: Mapping[str, Any], baseline: Mapping[str, Any] | None,
                cases: Mapping[str, tuple[Any, str]]) -> str:
    """The page; ``cases`` maps a case id to its gold brief and article."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals["change"] = change
    template = env.from_string(resources.files("evals").joinpath("templates/report.html.j2").read_text(encoding="utf-8"))
    tolerance = (baseline or {}).get("tolerance", report.get("gate", {}).get("tolerance", 0.0))
    views = {c["id"]: sections_of(c, *cases[c["id"]]) for c in report["cases"] if c["id"] in cases}
    return template.render(report=report, baseline=baseline or {}, tolerance=tolerance, sections=SCORED_SECTIONS,
                           views=views, groups=[g for g in ("seeds", "fictional", "real", "all") if g in report["groups"]])
