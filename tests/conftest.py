from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """No user settings leak in: every SUMMARIZER_*/OPENAI_* variable is cleared; caches go to tmp; the real
    reports' texts on this machine (evals/real/texts/) are not seen, so a run here sees what CI sees."""
    import os

    for name in list(os.environ):
        if name.startswith(("SUMMARIZER_", "OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    from evals import real_reports

    monkeypatch.setattr(real_reports, "TEXTS", tmp_path / "real-texts")  # real reports on this disk stay out
    yield


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def seed_000() -> str:
    return read(ROOT / "seeds" / "000_e53088d7033d0399.txt")


def assert_grounded(brief, article: str) -> None:
    """The brief is not empty, every item has evidence, every span slices the article exactly, and every casualty
    figure is written, as the brief gives it, in its own evidence (checked here by plain text search, not by the
    grounding's own figure matcher)."""
    items = brief.items()
    assert items, "an empty brief proves nothing"
    for item in items:
        assert item.evidence, item
        for span in item.evidence:
            assert article[span.start:span.end] == span.text
    for claim in brief.casualties:
        evidence = " ".join(" ".join(s.text.split()) for s in claim.evidence).lower()
        assert " ".join(claim.figure_text.split()).lower() in evidence, claim


def script_000() -> dict[str, str]:
    """Answers a good model would give for seed 000, plus planted mistakes that grounding must remove."""
    return {
        "overview": json.dumps({
            "summary": "Iran-backed armed groups in Iraq agreed to halt attacks on US forces if Washington stays calm, "
                       "after US air strikes killed four fighters.",
            "date": "late on Monday", "date_sentence": 6, "place": "Baghdad", "place_sentence": 6,
            "sources": [{"sentence": 5, "name": "sources told Middle East Eye", "anonymous": True},
                        {"sentence": 18, "name": "John Kirby", "anonymous": False},
                        {"sentence": 18, "name": "Lloyd Austin", "anonymous": False}],
        }),
        "truce": json.dumps({
            "status": "agreed", "sentences": [10], "parties": ["several armed groups"], "toward": ["the US forces"],
            "conditions": [{"sentence": 10, "text": "provided the Americans remain calm"}],
            "caveats": [{"sentence": 14, "text": "some of them are considering another attack inside Syrian territory"},
                        {"sentence": 14, "text": "Iran ordered a full withdrawal"}],
            "when": "Monday", "where": None,
        }),
        "meeting": json.dumps({
            "sentences": [10, 11], "place": "the office of Faleh al-Fayyadh", "time": "late on Monday",
            "host": "Faleh al-Fayyadh",
            "attendees": [
                {"sentence": 11, "name": "Hadi al-Amiri", "kind": "person", "role": "the leader",
                 "affiliation": "Badr Organisation", "representatives": False},
                {"sentence": 11, "name": "Abu Fadak al-Mohammadawi", "kind": "person", "role": "chief of staff",
                 "affiliation": "PMA", "representatives": False},
                {"sentence": 11, "name": "representatives from Asa'ib Ahl al-Haq", "kind": "organisation",
                 "role": None, "affiliation": None, "representatives": True},
                {"sentence": 11, "name": "Qasem Soleimani", "kind": "person", "role": "general",
                 "affiliation": "IRGC", "representatives": False},
            ],
            "unnamed_others": True,
        }),
        "casualties": json.dumps({"claims": [
            {"sentences": [21], "figure": "four", "kind": "killed", "claimant": "a senior commander from the PMA",
             "victims": "fighters", "side": None, "place": "near the Iraq-Syria border", "incident": None,
             "hedge": None},
            {"sentences": [28], "figure": "Eight", "kind": "wounded", "claimant": "the commander",
             "victims": "fighters", "side": None, "place": None, "incident": None, "hedge": None},
            {"sentences": [21], "figure": "twelve", "kind": "killed", "claimant": "the Pentagon",
             "victims": "civilians", "side": None, "place": None, "incident": None, "hedge": None},
        ]}),
        "reactions": json.dumps({"reactions": [
            {"sentences": [30], "actor": "Iraq's government", "stance": "condemns",
             "statement": "condemned the strikes on its territory", "speaker": None},
            {"sentences": [18], "actor": "The Pentagon", "stance": "defends", "statement": "defensive",
             "speaker": "John Kirby"},
            {"sentences": [30], "actor": "the French government", "stance": "condemns", "statement": None,
             "speaker": None},
        ]}),
    }
