"""The HTML brief and the eval report in a real browser (Debian's chromium, headless): the page runs without
console errors, a link to a casualty claim marks exactly its evidence, every evidence span is highlighted,
markup in the article never runs, and a screenshot is kept in test-artifacts/.

Skipped where no chromium is installed (`.ci/run` installs it)."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from summarizer.article import split_sentences
from summarizer.grounding.brief import ground, model_candidates
from summarizer.html import html_page
from summarizer.schema import Brief, GovernmentReaction, Span, Stance, Summary

from .conftest import ROOT, seed_000

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed (.ci/run installs Debian's)")
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"]


def _chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True, timeout=120)


class Marks(HTMLParser):
    """The <mark> elements of a dumped DOM: their classes and the items they carry."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.attrs_seen: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attrs_seen.append((tag, attrs))
        if tag == "mark":
            self.marks.append((attrs.get("class", ""), attrs.get("data-items", "")))


def _dom(page: Path, fragment: str = "") -> tuple[Marks, str]:
    done = _chromium("--dump-dom", page.as_uri() + fragment)
    assert done.returncode == 0, done.stderr[-2000:]
    parsed = Marks()
    parsed.feed(done.stdout)
    return parsed, done.stderr


def _seed_page(tmp_path: Path) -> tuple[Path, Brief]:
    """Seed 000's brief from a good model's answers (tests/conftest.py), grounded, as an HTML page."""
    from summarizer import answers as A

    from .conftest import script_000

    article = seed_000()
    answers = {name: [A.QUESTIONS[name].model_validate_json(text)] for name, text in script_000().items()}
    brief = ground(article, split_sentences(article), model_candidates(answers))
    page = tmp_path / "seed000.html"
    page.write_text(html_page([("000_e53088d7033d0399", article, brief)]), encoding="utf-8")
    return page, brief


def test_the_seed_page_runs_cleanly_and_highlights_every_evidence_span(tmp_path):
    page, brief = _seed_page(tmp_path)
    dom, log = _dom(page)
    assert "Uncaught" not in log and "CONSOLE" not in log.upper().replace("CONSOLE.LOG", ""), log[-2000:]
    spans = {(s.start, s.end) for item in brief.items() for s in item.evidence}
    assert len(dom.marks) == len(spans) > 5  # evidence spans are whole sentences: one highlight each
    ARTIFACTS.mkdir(exist_ok=True)
    shot = _chromium("--window-size=1200,800", f"--screenshot={ARTIFACTS / 'seed000.png'}", page.as_uri())
    assert shot.returncode == 0 and (ARTIFACTS / "seed000.png").stat().st_size > 10_000


def test_a_link_to_a_casualty_claim_marks_exactly_its_evidence(tmp_path):
    page, brief = _seed_page(tmp_path)
    from summarizer.html import page_of

    claim = brief.casualties[0]
    item_id = page_of("a0", "000_e53088d7033d0399", seed_000(), brief).item(claim).id
    dom, _ = _dom(page, f"#item={item_id}")
    active = [items for classes, items in dom.marks if "active" in classes.split()]
    assert active and all(item_id in items.split() for items in active)
    assert len(active) == len({(s.start, s.end) for s in claim.evidence})


def _hostile_page(tmp_path: Path, markup: str, summary: str) -> Path:
    """A page for an article holding ``markup`` between two sentences, its brief's summary holding ``summary``."""
    article = f"The truce collapsed. {markup} Rebels fired on the port."
    whole = Span(start=0, end=len(article), text=article)
    brief = Brief(summary=Summary(text=summary, evidence=[whole]),
                  reactions=[GovernmentReaction(actor="Norland", stance=Stance.condemns, evidence=[whole])])
    page = tmp_path / "hostile.html"
    page.write_text(html_page([("hostile", article, brief)]), encoding="utf-8")
    return page


def test_hovering_a_casualty_claim_marks_its_evidence_and_nothing_logs_an_error(tmp_path):
    from summarizer.html import page_of

    from .cdp import Browser

    page, brief = _seed_page(tmp_path)
    claim = brief.casualties[0]
    item_id = page_of("a0", "000_e53088d7033d0399", seed_000(), brief).item(claim).id
    with Browser(CHROMIUM) as browser:
        browser.open(page.as_uri())
        assert browser.evaluate("document.querySelectorAll('mark.active').length") == 0
        browser.hover(f'[data-item="{item_id}"]')
        active = browser.evaluate("[...document.querySelectorAll('mark.active')].map(m => m.dataset.items)")
        assert active and all(item_id in items.split() for items in active)
        assert len(active) == len({(s.start, s.end) for s in claim.evidence})
        browser.hover("mark[data-items]")  # a highlight marks the items that cite it
        assert browser.evaluate("document.querySelectorAll('[data-item].active').length") >= 1
        assert browser.console == [] and browser.exceptions == []


def test_a_script_in_the_article_never_sets_its_global(tmp_path):
    from .cdp import Browser

    page = _hostile_page(tmp_path, '<script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2">',
                         "<script>window.pwned = 3</script>")
    with Browser(CHROMIUM) as browser:
        browser.open(page.as_uri())
        browser.hover("mark[data-items]")
        assert browser.evaluate("typeof window.pwned") == "undefined"
        assert browser.exceptions == []


def test_markup_in_the_article_never_runs(tmp_path):
    page = _hostile_page(tmp_path, '<script>document.title = "pwned"; document.body.dataset.pwned = "1"</script> '
                                   '<img src=x onerror="document.body.dataset.pwned = 1">',
                         "<script>document.body.dataset.pwned = 2</script>")
    dom, _ = _dom(page)
    body = next(attrs for tag, attrs in dom.attrs_seen if tag == "body")
    assert "data-pwned" not in body
    assert not [tag for tag, _ in dom.attrs_seen if tag == "img"]
    title = subprocess.run([CHROMIUM, *FLAGS, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                           timeout=120).stdout
    assert "<title>Brief: hostile</title>" in title


def test_the_eval_report_loads_and_shows_a_lost_section_as_missed(tmp_path):
    from evals.gate import baseline_from
    from evals.reports import write_reports

    from .evals.test_html_report import CASE, _gold_brief, _report, _without_casualties

    perfect, cases = _report(_gold_brief)
    worse, _ = _report(_without_casualties)
    write_reports(worse, baseline_from(perfect, None), tmp_path, cases)
    done = _chromium("--dump-dom", (tmp_path / "report.html").as_uri())
    assert done.returncode == 0 and "Uncaught" not in done.stderr
    case_part = done.stdout[done.stdout.index(f'id="case-{CASE}"'):]
    assert 'class="missed"' in case_part[case_part.index("casualties"):]
    ARTIFACTS.mkdir(exist_ok=True)
    _chromium("--window-size=1200,1500", f"--screenshot={ARTIFACTS / 'eval-report.png'}",
              (tmp_path / "report.html").as_uri())
