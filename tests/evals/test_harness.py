"""The eval harness end to end on an oracle backend and on saved briefs: reports, cache, baseline, gate."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from evals.gate import baseline_from, gate
from evals.harness import from_summarizer, load_cases, main, run_suite, update_baseline
from evals.reports import write_reports
from summarizer import Summarizer
from summarizer.backends.fake import FakeBackend
from summarizer.config import Settings
from summarizer.prompts import default_prompts_dir

from .oracle import oracle_script

CASE_IDS = ["f03_no_truce", "f06_words_and_ranges", "f08_nested_quotes"]


def _suite(prompts_dir=None):
    cases = load_cases(only=CASE_IDS)
    settings = Settings(backend="fake", cache=False, prompts_dir=prompts_dir)

    def produce(case):
        backend = FakeBackend(settings, script=oracle_script(case.article, case.gold))
        return from_summarizer(Summarizer(settings, backend=backend))(case)

    report = run_suite(cases, produce)
    report["meta"] = {"backend": "fake", "model": "oracle", "model_sha256": None, "prompt_version": "1",
                      "prompt_sha256": "x" * 64, "wall_s": 0.0}
    return report


def test_oracle_scores_high_and_reports_are_written(tmp_path):
    report = _suite()
    assert report["groups"]["all"]["overall"]["overall_f1"] > 0.7
    failures = write_reports(report, None, tmp_path)
    assert failures == []
    data = json.loads((tmp_path / "report.json").read_text())
    assert {"cases", "groups", "gate", "meta"} <= set(data)
    assert all("casualties" in c["sections"] for c in data["cases"])
    assert data["groups"]["all"]["sections"]["truce"]["correct_abstentions"] == 1  # f03 has no truce
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


def test_cli_run_writes_four_reports_and_reports_cache_hits(tmp_path, capsys):
    args = ["run", "--backend", "fake", "--case", "f06_words_and_ranges", "--out", str(tmp_path / "r"),
            "--cache-dir", str(tmp_path / "c"), "--baseline", str(tmp_path / "none.json")]
    assert main(args) == 0
    assert main(args) == 0
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    assert report["cases"][0]["cache"] == "hit"
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["junit.xml", "report.html", "report.json", "summary.md"]
    assert "| casualties |" in capsys.readouterr().out


def _write_golds(directory, mutate=lambda case, data: data):
    directory.mkdir()
    for case in load_cases():
        data = mutate(case, json.loads(case.gold.model_dump_json()))
        (directory / f"{case.id}.json").write_text(json.dumps(data), encoding="utf-8")


def test_briefs_dir_of_golds_passes_and_a_corrupted_one_fails(tmp_path, capsys):
    golds = tmp_path / "golds"
    _write_golds(golds)
    assert main(["run", "--briefs", str(golds), "--out", str(tmp_path / "r1")]) == 0
    report = json.loads((tmp_path / "r1" / "report.json").read_text())
    assert report["groups"]["all"]["overall"]["overall_f1"] == 1.0
    assert report["meta"]["backend"] == "briefs" and report["meta"]["briefs_dir"] == str(golds)

    def invert(case, data):
        for reaction in data["reactions"]:
            reaction["stance"] = "supports" if reaction["stance"] != "supports" else "condemns"
        return data

    corrupted = tmp_path / "corrupted"
    _write_golds(corrupted, invert)
    assert main(["run", "--briefs", str(corrupted), "--out", str(tmp_path / "r2")]) == 1
    assert "reactions: pooled F1" in capsys.readouterr().err


def test_briefs_dir_with_a_missing_or_broken_brief_reports_the_case_as_failed(tmp_path, capsys):
    golds = tmp_path / "golds"
    _write_golds(golds)
    (golds / "f03_no_truce.json").unlink()
    (golds / "f06_words_and_ranges.json").write_text("{not json", encoding="utf-8")
    assert main(["run", "--briefs", str(golds), "--out", str(tmp_path / "r")]) == 1
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    errors = {r["id"]: r["error"] for r in report["cases"] if r["error"]}
    assert set(errors) == {"f03_no_truce", "f06_words_and_ranges"}
    assert "does not exist" in errors["f03_no_truce"] and "not a valid brief" in errors["f06_words_and_ranges"]
    assert "cases: failed to run" in capsys.readouterr().err


def test_update_baseline_refuses_a_failing_run_without_a_reason_and_stores_the_reason(tmp_path):
    golds, corrupted = tmp_path / "golds", tmp_path / "corrupted"
    _write_golds(golds)
    _write_golds(corrupted, lambda case, data: {**data, "casualties": []})
    baseline = tmp_path / "baseline.json"
    assert main(["run", "--briefs", str(golds), "--out", str(tmp_path / "r1"), "--baseline", str(baseline)]) == 0
    assert main(["update-baseline", "--report", str(tmp_path / "r1" / "report.json"), "--baseline", str(baseline)]) == 0
    assert json.loads(baseline.read_text())["sections"]["casualties"] == 1.0

    assert main(["run", "--briefs", str(corrupted), "--out", str(tmp_path / "r2"), "--baseline", str(baseline)]) == 1
    failing = json.loads((tmp_path / "r2" / "report.json").read_text())
    with pytest.raises(ValueError, match="--reason"):
        update_baseline(failing, baseline, None)
    assert json.loads(baseline.read_text())["sections"]["casualties"] == 1.0
    update_baseline(failing, baseline, "casualties moved to another tool")
    stored = json.loads(baseline.read_text())
    assert stored["accepted_failures"][-1]["reason"] == "casualties moved to another tool"
    assert stored["sections"]["casualties"] == 0.0


def test_update_baseline_refuses_a_partial_run(tmp_path):
    report = _suite()
    write_reports(report, None, tmp_path)
    with pytest.raises(ValueError, match="every case"):
        update_baseline(report, tmp_path / "baseline.json", "any reason")


def test_a_run_with_another_model_is_reported_as_such(tmp_path):
    report = _suite()
    baseline = baseline_from(report, None)
    baseline["meta"]["model"] = "another-model"
    write_reports(report, baseline, tmp_path)
    assert any("model" in w and "across systems" in w for w in report["gate"]["warnings"])


def test_sections_that_failed_validation_are_reported(tmp_path):
    from evals.harness import Produced
    from summarizer.schema import RunRecord

    cases = load_cases(only=["f03_no_truce"])
    run = RunRecord(backend="fake", model="m", prompt_version="1", prompt_sha256="x", article_sha256="y",
                    failed_sections=["casualties"])

    def produce(case):
        brief = case.gold.plain()
        return Produced(brief.model_copy(update={"casualties": [], "run": run}))

    report = run_suite(cases, produce)
    report["meta"] = {"backend": "fake", "model": "m", "prompt_version": "1", "prompt_sha256": "x", "wall_s": 0.0}
    write_reports(report, None, tmp_path)
    assert report["cases"][0]["failed_sections"] == ["casualties"]
    assert any("f03_no_truce" in w and "casualties" in w for w in report["gate"]["warnings"])
    assert "failed validation" in (tmp_path / "summary.md").read_text()


def test_recorded_answers_are_used_by_content_hash_and_record_keeps_only_the_used_ones(tmp_path, monkeypatch):
    import evals.harness as harness

    store = tmp_path / "recorded"
    monkeypatch.setattr(harness, "RECORDED", store)

    def run(case, cache, *extra):
        return main(["run", "--backend", "fake", "--case", case, "--out", str(tmp_path / "r"), "--cache-dir",
                     str(tmp_path / cache), "--baseline", str(tmp_path / "none.json"), *extra])

    def report():
        return json.loads((tmp_path / "r" / "report.json").read_text())

    assert run("f06_words_and_ranges", "c1", "--record") == 0
    keys = {c["key"] for c in report()["cases"][0]["brief"]["run"]["calls"]}
    assert len(keys) == 5 and {p.stem for p in store.glob("*/*.json")} == keys
    assert run("f06_words_and_ranges", "c2") == 0  # an empty cache: every answer comes from the record
    assert report()["cases"][0]["cache"] == "hit"
    assert run("f06_words_and_ranges", "c3", "--no-recorded") == 0
    assert report()["cases"][0]["cache"] == "miss"
    assert run("f18_talks_only", "c1", "--record") == 0  # another run: the record holds its answers only
    assert {p.stem for p in store.glob("*/*.json")} == {c["key"] for c in report()["cases"][0]["brief"]["run"]["calls"]}
    stale = next(store.glob("*/*.json"))
    stale.write_text(stale.read_text().replace('"key": "', '"key": "0'), encoding="utf-8")  # a record under a wrong key
    assert run("f18_talks_only", "c4") == 0
    assert report()["cases"][0]["cache"] == "partial"
