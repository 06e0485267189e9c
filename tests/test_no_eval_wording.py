"""No eval article's wording in the code: a rule or prompt that quotes a case's own words helps that case only.

Fails when a file under ``summarizer/`` or ``prompts/`` (code, comments and docstrings alike) shares a run of
four or more words, at least two of them content words, with any eval article: the committed cases and the real
reports whose texts are on this machine (``evals/real/texts/``, absent in CI).
"""

from __future__ import annotations

import json
import re

from evals import real_reports

from .conftest import ROOT

RUN = 4
FUNCTION_WORDS = frozenset("""
a an the and or but if of to in on at by for with from as into onto over under about after before during since
until than then that this these those there here it its it's he she they we you i his her their our your my him
them us me who whom whose which what when where why how is are was were be been being am do does did done has
have had having will would shall should can could may might must not no nor so such too very also just only own
same other another some any each every all both few more most many much said says say told tell according s t d
ll re ve m up out off again further once one two three
""".split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_REGEX_ESCAPE = re.compile(r"\\[a-zA-Z]")


def runs(text: str) -> set[tuple[str, ...]]:
    """Every run of ``RUN`` words holding at least two content words (regex escapes read as word breaks)."""
    words = _WORD.findall(_REGEX_ESCAPE.sub(" ", text).replace("\u2019", "'").lower())
    every = (tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1))
    return {run for run in every if sum(w not in FUNCTION_WORDS and not w.isdigit() for w in run) >= 2}


def articles() -> dict[str, str]:
    found = {}
    for case_json in sorted((ROOT / "evals" / "cases").glob("*/case.json")):
        meta = json.loads(case_json.read_text(encoding="utf-8"))
        found[meta["id"]] = (case_json.parent / meta["article"]).read_text(encoding="utf-8")
    for case_dir in real_reports.case_dirs():
        text = real_reports.read_text(json.loads((case_dir / "case.json").read_text(encoding="utf-8"))).text
        if text is not None:
            found[case_dir.name] = text
    return found


def test_the_detector_finds_a_shared_run_and_ignores_function_words():
    assert ("lost", "a", "few", "dozen") in runs("The brigade had lost a few dozen men.")
    assert runs("it was one of the") == set()  # no content word
    assert ("considering", "another", "attack", "inside") in runs(r"considering\s+another\s+attack\s+inside")


def test_no_file_of_the_package_or_the_prompts_shares_a_run_with_an_eval_article(monkeypatch):
    monkeypatch.setattr(real_reports, "TEXTS", real_reports.REAL / "texts")  # the real texts, where present
    owner: dict[tuple[str, ...], list[str]] = {}
    for case_id, text in articles().items():
        for run in runs(text):
            owner.setdefault(run, []).append(case_id)
    found = []
    for path in sorted([*(ROOT / "summarizer").rglob("*.py"), *(ROOT / "prompts").rglob("*")]):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        shared = sorted(" ".join(run) for run in runs(path.read_text(encoding="utf-8")) if run in owner)
        for run in shared:  # a run may wrap over two lines of a docstring: the whole file is read as one text
            cases = ", ".join(owner[tuple(run.split())])
            found.append(f"{path.relative_to(ROOT)}: {run!r} ({cases})")
    assert not found, "eval wording in the code:\n" + "\n".join(found)
