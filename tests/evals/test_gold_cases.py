"""Every hand-written eval case is well formed: its gold brief validates and is grounded.

Discovers every ``evals/cases/*/case.json``, resolves its ``article`` path relative to the
case.json, validates ``gold.json`` against :class:`summarizer.schema.Brief`, and checks that
every evidence span slices the article exactly and every casualty ``figure_text`` occurs in
one of that claim's evidence spans. Independent of the pipeline and of ``summarizer.figures``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.schema import Brief

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


def _load(case_json: Path) -> tuple[dict, str, Brief]:
    meta = json.loads(case_json.read_text(encoding="utf-8"))
    article_path = (case_json.parent / meta["article"]).resolve()
    assert article_path.is_file(), f"{case_json}: article {meta['article']!r} not found at {article_path}"
    gold_path = case_json.parent / "gold.json"
    assert gold_path.is_file(), f"{case_json.parent.name}: gold.json is missing"
    gold = Brief.model_validate_json(gold_path.read_text(encoding="utf-8"))
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
    for claim in gold.casualties:
        wanted = _squash(claim.figure_text)
        assert wanted, f"empty figure_text: {claim!r}"
        assert any(
            claim.figure_text in span.text or wanted in _squash(span.text) for span in claim.evidence
        ), f"figure_text {claim.figure_text!r} is in none of its evidence spans: {[s.text for s in claim.evidence]}"
