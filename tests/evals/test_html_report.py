"""The HTML eval report: the gate's verdict first, sections coloured against the baseline, and per case the
gold and predicted items side by side (matched with their credit, missed, invented) with their evidence."""

from __future__ import annotations

import html
import re

from evals.gate import baseline_from
from evals.gold import strip_marks
from evals.harness import Produced, load_cases, run_suite
from evals.html_report import change
from evals.reports import write_reports
from summarizer.schema import Brief

CASE = "f06_words_and_ranges"


def _report(produce):
    cases = load_cases(only=[CASE])
    report = run_suite(cases, produce)
    report["meta"] = {"backend": "fake", "model": "oracle", "model_sha256": None, "prompt_version": "1",
                      "prompt_sha256": "x" * 64, "wall_s": 0.0, "created": "2026-12-08T00:00:00+00:00"}
    return report, {c.id: (c.gold, c.article) for c in cases}


def _as_predicted(case) -> Brief:
    """The case's gold as a plain brief, as a perfect system would produce it."""
    return Brief.model_validate(strip_marks(case.gold.model_dump(mode="json")))


def _gold_brief(case):
    return Produced(_as_predicted(case))


def _without_casualties(case):
    brief = _as_predicted(case)
    brief.casualties = []
    return Produced(brief)


def test_a_case_that_loses_a_section_shows_its_gold_items_as_missed_and_the_gate_says_why(tmp_path):
    perfect, cases = _report(_gold_brief)
    baseline = baseline_from(perfect, None)
    worse, _ = _report(_without_casualties)
    failures = write_reports(worse, baseline, tmp_path, cases)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert failures and page.index("gate: FAILED") < page.index("<h2>Sections</h2>")
    assert all(html.escape(f) in page for f in failures)
    row = re.search(r"<tr><td>casualties</td>\s*(.*?)</tr>", page, re.S).group(1)
    assert 'class="worse"' in row
    case_part = page[page.index(f'id="case-{CASE}"'):]
    casualties = case_part[case_part.index("<h3>casualties"):]
    casualties = casualties[:casualties.index("</table>")]
    gold = cases[CASE][0]
    assert casualties.count('class="missed"') == len(gold.casualties) > 0
    assert "matched" not in casualties.replace('class="missed"', "")
    assert f'href="#case-{CASE}"' in page


def test_a_perfect_case_is_all_matched_with_full_credit(tmp_path):
    perfect, cases = _report(_gold_brief)
    write_reports(perfect, baseline_from(perfect, None), tmp_path, cases)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "gate: passed" in page and 'class="missed"' not in page and 'class="invented"' not in page
    assert 'class="matched"' in page and "<td>1.00</td>" in page


def test_markup_in_a_case_is_shown_as_text(tmp_path):
    report, cases = _report(_gold_brief)
    report["cases"][0]["purpose"] = "<script>alert(1)</script>"
    write_reports(report, None, tmp_path, cases)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_change_against_the_baseline_respects_the_tolerance():
    assert change(0.50, 0.60, 0.03) == "worse"
    assert change(0.58, 0.60, 0.03) == "same"
    assert change(0.61, 0.60, 0.03) == "better"
    assert change(None, 0.60, 0.03) == "none"
