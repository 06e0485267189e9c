"""The eval harness end to end on an oracle backend: reports, cache, baseline and the gate."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

from evals.harness import baseline_from, gate, load_cases, main, run_suite, write_reports
from summarizer import Summarizer
from summarizer.backends.fake import FakeBackend
from summarizer.config import Settings
from summarizer.prompts import default_prompts_dir

from .oracle import oracle_script

CASE_IDS = ["f03_no_truce", "f06_words_and_ranges", "f08_nested_quotes"]


def _suite(prompts_dir=None):
    cases = load_cases(only=[c for c in CASE_IDS if c in {x.id for x in load_cases()}])
    settings = Settings(backend="fake", cache=False, prompts_dir=prompts_dir)

    def summarizer_for(case):
        return Summarizer(settings, backend=FakeBackend(settings, script=oracle_script(case.article, case.gold)))

    report = run_suite(cases, summarizer_for)
    report["meta"] = {"backend": "fake", "model": "oracle", "model_sha256": None, "prompt_version": "1",
                      "prompt_sha256": "x" * 64, "wall_s": 0.0}
    return report


def test_oracle_scores_high_and_reports_are_written(tmp_path):
    report = _suite()
    assert report["groups"]["all"]["overall"]["overall_f1"] > 0.8
    failures = write_reports(report, None, tmp_path)
    assert failures == []
    data = json.loads((tmp_path / "report.json").read_text())
    assert {"cases", "groups", "gate", "meta"} <= set(data)
    assert all("casualties" in c["sections"] for c in data["cases"])
    ET.parse(tmp_path / "junit.xml")
    assert "| casualties |" in (tmp_path / "summary.md").read_text()


def test_a_prompt_without_casualty_instructions_fails_the_gate(tmp_path):
    baseline = baseline_from(_suite(), None)
    broken = tmp_path / "prompts"
    shutil.copytree(default_prompts_dir(), broken)
    (broken / "sections" / "casualties.j2").write_text("TASK: list the items you find.\n", encoding="utf-8")
    failures = gate(_suite(broken), baseline)
    assert any(f.startswith("casualties:") for f in failures), failures
    assert not any(f.startswith("reactions:") for f in failures)


def test_cli_run_writes_three_reports_and_reports_cache_hits(tmp_path, capsys):
    args = ["run", "--backend", "fake", "--case", "f06_words_and_ranges", "--out", str(tmp_path / "r"),
            "--cache-dir", str(tmp_path / "c"), "--baseline", str(tmp_path / "none.json")]
    assert main(args) == 0
    assert main(args) == 0
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    assert report["cases"][0]["cache"] == "hit"
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["junit.xml", "report.json", "summary.md"]
    assert "| casualties |" in capsys.readouterr().out
