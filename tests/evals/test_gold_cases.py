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
from evals.harness import read_case_article

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "evals" / "cases"
CASE_FILES = sorted(CASES_DIR.glob("*/case.json"))


def _read_article(path: Path) -> str:
    return read_case_article(path)  # as the harness reads it: "\r\n" kept, a web page as its main text


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


# --- strict marks and page furniture, on every gold: the committed cases and the real reports on this disk ----

def _every_gold() -> list[tuple[str, str, GoldBrief]]:
    """(id, article, gold) of every committed case, and of every real report whose text is here (read now, at
    collection, since the tests' own fixture hides the real texts)."""
    from evals import real_reports

    out = [(path.parent.name, *_load(path)[1:]) for path in CASE_FILES]
    for case_dir in real_reports.case_dirs():
        found = real_reports.read_text(json.loads((case_dir / "case.json").read_text(encoding="utf-8")))
        if found.text is not None:
            raw = json.loads((case_dir / "gold.json").read_text(encoding="utf-8"))
            out.append((case_dir.name, found.text,
                        GoldBrief.model_validate(real_reports.with_span_texts(raw, found.text))))
    return out


EVERY_GOLD = _every_gold()
NAME_FIELDS = ("claimant", "actor", "name", "host", "speaker")


@pytest.mark.parametrize("case_id, article, gold", EVERY_GOLD, ids=[c[0] for c in EVERY_GOLD])
def test_marks_are_strict(case_id: str, article: str, gold: GoldBrief):
    """A truce status has no alternatives, and an alternative name is written in the article (GOLD.md)."""
    from evals.fields import normalize

    if gold.truce is not None:
        assert all("status" not in alt for alt in gold.truce.alternatives), "a truce status has no alternatives"
    text = f" {normalize(article)} "
    for item in gold.items():
        for alt in getattr(item, "alternatives", []):
            for field in NAME_FIELDS:
                if isinstance(alt.get(field), str):
                    assert f" {normalize(alt[field])} " in text, f"alternative {field} {alt[field]!r} is not in the article"


@pytest.mark.parametrize("case_id, article, gold", EVERY_GOLD, ids=[c[0] for c in EVERY_GOLD])
def test_no_gold_item_rests_on_page_furniture_alone(case_id: str, article: str, gold: GoldBrief):
    from evals.faithfulness import faithfulness

    assert faithfulness(gold.plain(), article)["furniture_only"] == []
