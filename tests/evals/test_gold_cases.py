"""Every hand-written eval case is well formed: its gold brief validates and is grounded.

Discovers every ``evals/cases/*/case.json``, resolves its ``article`` path relative to the
case.json, validates ``gold.json`` against :class:`evals.gold.GoldBrief`, and checks that every
evidence span (alternatives' included) slices the article exactly, every casualty ``figure_text``
occurs in one of that claim's evidence spans, and the gold summary states each of its key facts.
Independent of the pipeline and of ``summarizer.rules.figures``. The conventions are in evals/GOLD.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.fields import states, unsupported_mentions
from evals.gold import GoldBrief

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "evals" / "cases"
CASE_FILES = sorted(CASES_DIR.glob("*/case.json"))


def _read_article(path: Path) -> str:
    # newline="" keeps "\r\n" as two characters, exactly as offsets count them.
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _squash(text: str) -> str:
    """Collapse runs of whitespace (including U+00A0) to one space."""
    return " ".join(text.split())


def _load(case_json: Path) -> tuple[dict, str, GoldBrief]:
    meta = json.loads(case_json.read_text(encoding="utf-8"))
    article_path = (case_json.parent / meta["article"]).resolve()
    assert article_path.is_file(), f"{case_json}: article {meta['article']!r} not found at {article_path}"
    gold_path = case_json.parent / "gold.json"
    assert gold_path.is_file(), f"{case_json.parent.name}: gold.json is missing"
    gold = GoldBrief.model_validate_json(gold_path.read_text(encoding="utf-8"))
    return meta, _read_article(article_path), gold


def test_cases_are_discovered():
    assert CASE_FILES, f"no case.json under {CASES_DIR}"


@pytest.mark.parametrize("case_json", CASE_FILES, ids=[p.parent.name for p in CASE_FILES])
def test_case_metadata(case_json: Path):
    meta = json.loads(case_json.read_text(encoding="utf-8"))
    assert meta.get("id") == case_json.parent.name, "case id must equal its directory name"
    assert isinstance(meta.get("article"), str) and meta["article"], "case.json needs an 'article' path"
    assert isinstance(meta.get("fictional"), bool), "case.json needs a boolean 'fictional'"


@pytest.mark.parametrize("case_json", CASE_FILES, ids=[p.parent.name for p in CASE_FILES])
def test_gold_is_a_grounded_brief(case_json: Path):
    _, article, gold = _load(case_json)
    assert gold.run is None, "a gold brief has no run record"
    assert gold.dropped == [], "a gold brief drops nothing"
    for item in gold.items():
        for variant in item.variants():
            _assert_grounded(variant, article)


def _assert_grounded(item, article: str) -> None:
    assert item.evidence, f"{type(item).__name__} without evidence: {item!r}"
    for span in item.evidence:
        assert 0 <= span.start <= span.end <= len(article), f"span out of range: {span!r}"
        assert article[span.start:span.end] == span.text, (
            f"{type(item).__name__}: article[{span.start}:{span.end}] is "
            f"{article[span.start:span.end]!r}, not {span.text!r}"
        )


@pytest.mark.parametrize("case_json", CASE_FILES, ids=[p.parent.name for p in CASE_FILES])
def test_casualty_figures_are_in_their_evidence(case_json: Path):
    _, _, gold = _load(case_json)
    for claim in (variant for item in gold.casualties for variant in item.variants()):
        wanted = _squash(claim.figure_text)
        assert wanted, f"empty figure_text: {claim!r}"
        assert any(
            claim.figure_text in span.text or wanted in _squash(span.text) for span in claim.evidence
        ), f"figure_text {claim.figure_text!r} is in none of its evidence spans: {[s.text for s in claim.evidence]}"


@pytest.mark.parametrize("case_json", CASE_FILES, ids=[p.parent.name for p in CASE_FILES])
def test_gold_summary_states_its_key_facts(case_json: Path):
    _, article, gold = _load(case_json)
    assert gold.summary is not None and gold.summary.key_facts, "a gold summary lists its key facts"
    assert 3 <= len(gold.summary.key_facts) <= 8
    for fact in gold.summary.key_facts:
        assert any(states(gold.summary.text, p) for p in fact), f"the gold summary does not state {fact}"
    assert len(gold.summary.text.split()) <= 80, "a summary is at most about 60 words"
    assert unsupported_mentions(gold.summary.text, article) == [], "names and figures the article does not state"


@pytest.mark.parametrize("case_json", CASE_FILES, ids=[p.parent.name for p in CASE_FILES])
def test_gold_follows_the_conventions(case_json: Path):
    """The mechanical rules of evals/GOLD.md."""
    _, _, gold = _load(case_json)
    if gold.truce is not None:
        assert gold.truce.status.value != "none_reported", "no truce reported: the truce is null"
        if len(gold.truce.parties) > 1 and set(gold.truce.parties) == set(gold.truce.toward):
            raise AssertionError("a mutual truce has an empty toward")
    keys = [(r.actor, r.stance) for r in gold.reactions]
    assert len(keys) == len(set(keys)), "one reaction per actor and stance"
    names = [s.name for s in gold.sources]
    assert len(names) == len(set(names)), "one source per name"
