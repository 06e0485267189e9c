"""The instrument can fail: every gold brief, corrupted in the ways a bad system goes wrong, scores
clearly below the gold and fails the gate; the gold itself scores 1.0 and passes.

Each corruption is applied to every case (or, for a lost section, to one case) and the whole suite is
scored through the harness exactly as `python -m evals run --briefs DIR` scores saved briefs.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from evals.fields import name_similarity
from evals.gate import baseline_from, gate
from evals.harness import Case, Produced, load_cases, run_suite
from evals.scoring import SCORED_SECTIONS
from summarizer.schema import Brief

Mutation = Callable[[Case, dict[str, Any]], dict[str, Any]]

INVERSE_STANCE = {
    "condemns": ["supports", "defends"], "supports": ["condemns", "threatens"], "defends": ["condemns", "denies"],
    "threatens": ["calls_for_restraint", "supports"], "calls_for_restraint": ["threatens", "condemns"],
    "legal_steps": ["supports", "defends"], "denies": ["supports", "defends"], "other": ["condemns", "supports"],
}
WRONG_STATUS = {"agreed": ["rejected", "offered"], "offered": ["agreed", "broken"], "rejected": ["agreed", "broken"],
                "broken": ["agreed", "offered"], "none_reported": ["agreed", "offered"]}


@cache
def cases() -> tuple[Case, ...]:
    return tuple(load_cases())


def report_of(mutate: Mutation) -> dict[str, Any]:
    """The suite's report when every case's brief is its gold, mutated."""

    def produce(case: Case) -> Produced:
        data = mutate(case, case.gold.plain().model_dump(mode="json"))
        return Produced(Brief.model_validate(data))

    report = run_suite(cases(), produce)
    report["meta"] = {"backend": "briefs", "model": "gold", "model_sha256": None, "prompt_version": "-",
                      "prompt_sha256": None}
    return report


@cache
def gold_baseline() -> dict[str, Any]:
    return baseline_from(report_of(lambda case, data: data), None)


def f1(report: dict[str, Any], section: str) -> float:
    return report["groups"]["all"]["sections"][section]["f1"]


# --- the corruptions --------------------------------------------------------------------------


def _variants(items) -> list[list]:
    return [item.variants() for item in items]


def swap_claimants(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Every casualty claim given another claimant of the article (another claim's, or a source's)."""
    others = [c.claimant for c in case.gold.casualties] + [s.name for s in case.gold.sources] + [None]
    for claim, variants in zip(data["casualties"], _variants(case.gold.casualties)):
        accepted = [v.claimant for v in variants]
        claim["claimant"] = next(
            name for name in others
            if all(name_similarity(name, a).value < 0.8 for a in accepted if a is not None or name is None)
            and not (name is None and None in accepted)
        )
    return data


def invert_stances(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Every reaction given the opposite stance."""
    for reaction, variants in zip(data["reactions"], _variants(case.gold.reactions)):
        accepted = {v.stance.value for v in variants}
        reaction["stance"] = next(s for s in INVERSE_STANCE[reaction["stance"]] if s not in accepted)
    return data


def wrong_status(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """The truce given a wrong status."""
    if data["truce"]:
        accepted = {v.status.value for v in case.gold.truce.variants()}
        data["truce"]["status"] = next(s for s in WRONG_STATUS[data["truce"]["status"]] if s not in accepted)
    return data


TEXT_FIELDS = {"text", "date", "place", "time", "host", "name", "role", "affiliation", "claimant", "victims",
               "side", "incident", "hedge", "actor", "statement", "speaker", "when", "where"}


def rewrite(value: Any, field: Callable[[str, Any], Any]) -> Any:
    """A brief's JSON with every field of every item (evidence included) passed through ``field``."""
    if isinstance(value, dict):
        return {k: field(k, v) if k == "evidence" else field(k, rewrite(v, field)) for k, v in value.items()}
    if isinstance(value, list):
        return [rewrite(v, field) for v in value]
    return value


def append_junk(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """" HACKED" appended to every text field of every item (evidence untouched)."""
    return rewrite(data, lambda k, v: v + " HACKED" if k in TEXT_FIELDS and isinstance(v, str) else v)


def article_as_summary(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """The whole article as the summary."""
    if data["summary"]:
        data["summary"]["text"] = case.article
    return data


def evidence_on_first_line(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Every item's evidence replaced by the article's first line ("Skip to main content" ...)."""
    start = len(case.article) - len(case.article.lstrip())
    end = case.article.find("\n", start)
    end = len(case.article) if end < 0 else end
    first = {"start": start, "end": end, "text": case.article[start:end]}

    return rewrite(data, lambda k, v: [first] if k == "evidence" else v)


def drop_half_the_attendees(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    if data["meeting"]:
        data["meeting"]["attendees"] = data["meeting"]["attendees"][::2]
    return data


def cut_names(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Every name cut to its first word: attendees, sources, actors, claimants, host, parties."""

    def first(name: str | None) -> str | None:
        return name.split()[0] if name and name.split() else name

    for item in data["sources"]:
        item["name"] = first(item["name"])
    for item in data["reactions"]:
        item["actor"] = first(item["actor"])
    for item in data["casualties"]:
        item["claimant"] = first(item["claimant"])
    if data["meeting"]:
        data["meeting"]["host"] = first(data["meeting"]["host"])
        for item in data["meeting"]["attendees"]:
            item["name"] = first(item["name"])
    if data["truce"]:
        data["truce"]["parties"] = [first(p) for p in data["truce"]["parties"]]
    return data


# --- the gold itself --------------------------------------------------------------------------


def test_the_gold_scores_one_on_every_case_and_passes() -> None:
    report = report_of(lambda case, data: data)
    for result in report["cases"]:
        assert result["overall_f1"] == 1.0, result["id"]
        assert result["evidence_accuracy"] == 1.0, result["id"]
        assert all(s["f1"] in (1.0, None) for s in result["sections"].values()), result["id"]
    assert gate(report, gold_baseline()) == []


# --- each corruption scores clearly below and fails the gate ------------------------------------

CORRUPTIONS: dict[str, tuple[Mutation, Callable[[dict[str, Any]], bool]]] = {
    "claimants swapped": (swap_claimants, lambda r: f1(r, "casualties") <= 0.5),
    "stances inverted": (invert_stances, lambda r: f1(r, "reactions") <= 0.3),
    "truce statuses wrong": (wrong_status, lambda r: f1(r, "truce") == 0.0),
    "junk appended to every text field": (
        append_junk, lambda r: f1(r, "summary") <= 0.95 and f1(r, "truce_conditions") <= 0.95
        and f1(r, "attendees") <= 0.5),
    "the whole article as summary": (article_as_summary, lambda r: f1(r, "summary") <= 0.3),
    "all evidence on the first line": (
        evidence_on_first_line, lambda r: r["groups"]["all"]["overall"]["evidence_accuracy"] <= 0.2),
    "half the attendees dropped": (
        drop_half_the_attendees, lambda r: r["groups"]["all"]["sections"]["attendees"]["recall"] <= 0.7),
    "names cut to one token": (
        cut_names, lambda r: f1(r, "attendees") <= 0.6 and f1(r, "sources") <= 0.7),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_a_corruption_scores_clearly_below_the_gold_and_fails_the_gate(name: str) -> None:
    mutate, clearly_worse = CORRUPTIONS[name]
    report = report_of(mutate)
    assert clearly_worse(report), {s: f1(report, s) for s in SCORED_SECTIONS}
    overall = report["groups"]["all"]["overall"]
    assert overall["overall_f1"] < 1.0 or overall["evidence_accuracy"] < 1.0
    assert gate(report, gold_baseline()), f"the gate passed {name}"


def _first_case_with(section: str) -> str:
    return next(r["id"] for r in report_of(lambda case, data: data)["cases"] if r["sections"][section]["n_gold"])


def _delete(data: dict[str, Any], section: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    if section in ("summary", "event", "truce", "meeting"):
        data[section] = None
    elif section.startswith("truce_"):
        data["truce"][section.removeprefix("truce_")] = []
    elif section == "attendees":
        data["meeting"]["attendees"] = []
    else:
        data[section] = []
    return data


@pytest.mark.parametrize("section", SCORED_SECTIONS)
def test_one_case_losing_one_whole_section_fails_the_gate(section: str) -> None:
    target = _first_case_with(section)
    report = report_of(lambda case, data: _delete(data, section) if case.id == target else data)
    failures = gate(report, gold_baseline())
    assert any(f.startswith(f"{section}: case {target} lost the whole section") for f in failures), failures


# --- faithfulness: one small slip in one case fails the gate, however well the case scores ---------------


def test_a_cjk_word_in_one_summary_fails_the_gate() -> None:
    def mutate(case: Case, data: dict[str, Any]) -> dict[str, Any]:
        if case.id.startswith("000_"):
            data["summary"]["text"] = data["summary"]["text"].rstrip(".") + " as the groups vow to报复."
        return data

    report = report_of(mutate)
    (seed,) = [r for r in report["cases"] if r["id"].startswith("000_")]
    assert seed["sections"]["summary"]["f1"] == 1.0  # the scorer alone would let it pass
    assert seed["faithfulness"]["foreign_script"] == [
        "brief.summary.text: CJK in '" + data_text(seed)[:80] + "'"]
    assert [f for f in gate(report, gold_baseline()) if f.startswith("faithfulness:")] == [
        f"faithfulness: case {seed['id']} has 1 field(s) in a script the article does not use: "
        + seed["faithfulness"]["foreign_script"][0]]


def data_text(result: dict[str, Any]) -> str:
    return result["brief"]["summary"]["text"]


HEADLINE = "EXCLUSIVE: Iran-backed groups agree to suspend attacks on US forces in Iraq"


def test_an_item_moved_onto_a_headline_fails_the_gate() -> None:
    def mutate(case: Case, data: dict[str, Any]) -> dict[str, Any]:
        if case.id.startswith("000_"):
            start = case.article.index(HEADLINE)
            data["truce"]["evidence"] = [{"start": start, "end": start + len(HEADLINE), "text": HEADLINE}]
        return data

    report = report_of(mutate)
    (seed,) = [r for r in report["cases"] if r["id"].startswith("000_")]
    assert seed["faithfulness"]["furniture_only"] == [f"brief.truce rests on heading only: {HEADLINE[:80]!r}"]
    assert any(f.startswith(f"faithfulness: case {seed['id']} has 1 item(s) resting on page furniture alone")
               for f in gate(report, gold_baseline()))


# --- each leniency a lenient gold or scorer once accepted, now refused ---------------------------------------

OTHER_OFFICE = {"ministry": "army", "army": "foreign ministry", "government": "army", "police": "army",
                "military": "foreign ministry", "office": "army", "president": "army", "minister": "army"}


def offered_for_rejected(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """A rejected truce reported as merely offered."""
    if data["truce"] and data["truce"]["status"] == "rejected":
        data["truce"]["status"] = "offered"
    return data


def another_office(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Every reaction given to another office of the same state ("Halmora's army" for "Halmora's interior
    ministry", "Veldan foreign ministry" for "Veldan army")."""
    for reaction in data["reactions"]:
        words = reaction["actor"].split()
        head = next((i for i in range(len(words) - 1, -1, -1) if words[i].lower() in OTHER_OFFICE), None)
        if head is not None and head > 0:
            reaction["actor"] = " ".join(words[:head] + [OTHER_OFFICE[words[head].lower()]] + words[head + 1:])
    return data


def vaguer_claimant(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """A claim made by a named person given to "the army" (a body, not its spokesman)."""
    for claim in data["casualties"]:
        names = [w for w in (claim["claimant"] or "").split()[1:] if w[:1].isupper()]
        if len(names) >= 2 and "army" not in claim["claimant"].lower():
            claim["claimant"] = "the army"
    return data


def at_least_one(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Every claim of more than one person given as "at least one": a range that holds the right figure."""
    for claim in data["casualties"]:
        if (claim["figure"]["low"] or 0) > 1:
            claim["figure_text"], claim["figure"] = "at least one", {"low": 1, "high": None, "approximate": False}
    return data


def evidence_on_another_sentence_with_the_figure(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Each claim's evidence moved to another sentence of the article that holds the same figure words."""
    from summarizer.article import split_sentences

    sentences = split_sentences(case.article)
    for claim in data["casualties"]:
        cited = {span["start"] for span in claim["evidence"]}
        other = next((s for s in sentences if s.start not in cited and claim["figure_text"] in s.text
                      and not any(s.start < span["end"] and span["start"] < s.end for span in claim["evidence"])), None)
        if other is not None:
            claim["evidence"] = [{"start": other.start, "end": other.end, "text": other.text}]
    return data


ONCE_OPTIONAL = {"f04_partly_named_meeting": ["Amalia Roskov"], "f18_talks_only": ["Maren Tovik", "Brevana", "Osk"]}
"""Central attendees the golds used to mark optional (a host, both parties to the talks)."""


def drop_once_optional_attendees(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    if data["meeting"] and case.id in ONCE_OPTIONAL:
        data["meeting"]["attendees"] = [a for a in data["meeting"]["attendees"]
                                        if a["name"] not in ONCE_OPTIONAL[case.id]]
    return data


LENIENCIES: dict[str, tuple[Mutation, str]] = {
    "offered for rejected": (offered_for_rejected, "truce"),
    "another office of the same state": (another_office, "reactions"),
    "a vaguer claimant": (vaguer_claimant, "casualties"),
    "an overlapping but wrong figure": (at_least_one, "casualties"),
    "evidence on another sentence holding the same figure": (evidence_on_another_sentence_with_the_figure, "casualties"),
    "central attendees once marked optional dropped": (drop_once_optional_attendees, "attendees"),
}


@pytest.mark.parametrize("name", list(LENIENCIES))
def test_each_leniency_loses_its_section_and_fails_the_gate(name: str) -> None:
    mutate, section = LENIENCIES[name]
    report = report_of(mutate)
    now = report["groups"]["all"]["sections"][section]
    assert now["f1"] < 1.0 or now["evidence_accuracy"] < 1.0, name  # some case changed, and it costs
    assert [f for f in gate(report, gold_baseline()) if f.startswith(f"{section}:")], f"the gate passed {name}"
