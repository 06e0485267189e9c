"""The miss attribution classes gold items and wrong items by where they come from, and can tell them apart."""

from __future__ import annotations

from evals.attribution import attribute_case
from evals.harness import load_cases
from summarizer.schema import Brief


def _case():
    return next(c for c in load_cases() if c.id == "f16_delegates_and_terms")


def test_a_perfect_brief_finds_everything_and_is_never_wrong():
    case = _case()
    perfect, empty = case.gold.plain(), Brief()
    counts = attribute_case(case.gold, case.article, {"model": perfect, "rules": empty, "both": perfect})
    assert counts["casualties"]["found"] == len(case.gold.casualties) > 0
    assert not any(n for c in counts.values() for k, n in c.items() if k.startswith("wrong") or k == "unproposed")


def test_misses_are_lost_unproposed_or_dropped_and_wrong_items_have_an_origin():
    case = _case()
    perfect, empty = case.gold.plain(), Brief()
    lost = attribute_case(case.gold, case.article, {"model": perfect, "rules": empty, "both": empty})
    assert lost["casualties"]["lost"] == len(case.gold.casualties) and lost["casualties"]["found"] == 0
    nobody = attribute_case(case.gold, case.article, {"model": empty, "rules": empty, "both": empty})
    assert nobody["reactions"]["unproposed"] == len(case.gold.reactions)
    other = next(c for c in load_cases() if c.id == "f05_opposing_reactions").gold.plain()
    wrong = Brief(reactions=other.reactions)  # another article's reactions: spans that match nothing here
    counts = attribute_case(case.gold, case.article, {"model": wrong, "rules": empty, "both": wrong})
    assert counts["reactions"]["wrong_from_model"] == len(other.reactions) > 0
    counts = attribute_case(case.gold, case.article, {"model": empty, "rules": wrong, "both": wrong})
    assert counts["reactions"]["wrong_from_rules"] == len(other.reactions)
