"""Real reports: texts stored exactly and checked by hash, golds with offsets only, a column of their own."""

from __future__ import annotations

import json

import pytest

from evals import harness, real_reports
from evals.gate import gate
from evals.harness import Produced, load_real_cases, run_suite
from summarizer.schema import Brief

TEXT = ("Rebels reject truce\n\nThe rebels rejected the army\u2019s truce offer on Monday, their spokesman said. "
        "He said 12 fighters were killed.\r\n")


@pytest.fixture()
def real(tmp_path, monkeypatch):
    monkeypatch.setattr(real_reports, "REAL", tmp_path / "real")
    monkeypatch.setattr(real_reports, "TEXTS", tmp_path / "real" / "texts")
    return tmp_path / "real"


def _gold(start: int, end: int) -> dict:
    return {"casualties": [{"claimant": "their spokesman", "figure_text": "12", "figure": {"low": 12, "high": 12},
                            "kind": "killed", "evidence": [{"start": start, "end": end}]}]}


def _sentence(words: str) -> tuple[int, int]:
    (found,) = [(start, end) for _, start, end, text in real_reports.sentences(TEXT) if words in text]
    return found


def test_a_result_is_stored_exactly_and_its_hash_is_checked(real):
    meta = real_reports.save("r99_x", {"url": "https://example.org/a", "excerpt": TEXT}, "truce rejected", 3)
    stored = (real / "texts" / "r99_x.txt").read_bytes().decode("utf-8")
    assert stored == TEXT  # "\r\n" and the typographic apostrophe kept
    assert meta["length"] == len(TEXT) and meta["first_words"].startswith("Rebels reject truce The rebels")
    assert json.loads((real / "r99_x" / "case.json").read_text())["sha256"] == real_reports.sha256(TEXT)
    assert real_reports.read_text(meta).text == TEXT
    (real / "texts" / "r99_x.txt").write_text(TEXT.replace("12", "13"), encoding="utf-8", newline="")
    assert real_reports.read_text(meta).problem.startswith("text altered")
    (real / "texts" / "r99_x.txt").unlink()
    assert real_reports.read_text(meta).problem.startswith("text missing")


def test_gold_spans_are_offsets_filled_from_the_text_and_must_be_whole_sentences(real):
    real_reports.save("r99_x", {"url": "https://example.org/a", "excerpt": TEXT}, "q", 1)
    case_json = real / "r99_x" / "case.json"
    case_json.write_text(json.dumps(json.loads(case_json.read_text()) | {"purpose": "a test"}))
    start, end = _sentence("12 fighters")
    (real / "r99_x" / "gold.json").write_text(json.dumps(_gold(start, end)))
    assert real_reports.check(real / "r99_x") == []
    filled = real_reports.with_span_texts(_gold(start, end), TEXT)
    assert filled["casualties"][0]["evidence"] == [{"start": start, "end": end,
                                                    "text": "He said 12 fighters were killed."}]
    (real / "r99_x" / "gold.json").write_text(json.dumps(_gold(start + 3, end)))
    assert real_reports.check(real / "r99_x") == [
        f"span {start + 3}:{end} is not whole sentences: 'said 12 fighters were killed.'"]
    with_text = _gold(start, end)
    with_text["casualties"][0]["evidence"][0]["text"] = "He said 12 fighters were killed."
    (real / "r99_x" / "gold.json").write_text(json.dumps(with_text))
    assert real_reports.check(real / "r99_x") == [f"span {start}:{end} stores article text: keep offsets only"]


def test_real_cases_get_their_own_column_and_are_never_gated(real, monkeypatch):
    real_reports.save("r99_x", {"url": "https://example.org/a", "excerpt": TEXT}, "q", 1)
    real_reports.save("r98_gone", {"url": "https://example.org/b", "excerpt": "Gone."}, "q", 1)
    (real / "texts" / "r98_gone.txt").unlink()
    start, end = _sentence("12 fighters")
    for case in ("r99_x", "r98_gone"):
        (real / case / "gold.json").write_text(json.dumps(_gold(start, end)))
    cases, absent = load_real_cases()
    assert [(c.id, c.group) for c in cases] == [("r99_x", "real")]
    assert absent == [f"r98_gone: text missing ({real / 'texts' / 'r98_gone.txt'}): re-fetch it by its query"]
    committed = harness.load_cases(only=["f03_no_truce"])
    report = run_suite(committed + cases, lambda case: Produced(Brief()))  # an empty brief everywhere
    assert report["groups"]["real"]["sections"]["casualties"]["recall"] == 0.0
    assert report["groups"]["all"]["sections"]["casualties"]["n_gold"] == sum(
        len(c.gold.casualties) for c in committed)  # "all" pools the committed cases only
    baseline = {"cases": {"r99_x": {"casualties": 1.0}}}
    assert not [f for f in gate(report, baseline) if "r99_x" in f]


def test_a_refetch_must_give_the_text_the_gold_was_written_on(real):
    real_reports.save("r99_x", {"url": "https://example.org/a", "excerpt": TEXT}, "q", 1)
    (real / "r99_x" / "gold.json").write_text("{}")
    assert real_reports.save("r99_x", {"url": "https://example.org/a", "excerpt": TEXT}, "q", 1)["sha256"] == \
        real_reports.sha256(TEXT)
    with pytest.raises(real_reports.TextDiffers, match="nothing written"):
        real_reports.save("r99_x", {"url": "https://example.org/a", "excerpt": TEXT + " "}, "q", 1)
    assert (real / "texts" / "r99_x.txt").read_bytes().decode("utf-8") == TEXT
