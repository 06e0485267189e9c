"""Casualty figures the rule reader finds in a sentence (``rules/casualties.py``): tied to a casualty word, never
a number that counts no people."""

from __future__ import annotations

import pytest

from summarizer.rules.casualties import stated_figures


def found(sentence: str) -> list[tuple[str, str]]:
    return [(f.figure_text, f.kind) for f in stated_figures(sentence)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("At least nine soldiers were killed in the ambush.", [("At least nine", "killed")]),
        ("Medics said between 20 and 25 people were wounded.", [("between 20 and 25", "wounded")]),
        ("The raid left dozens of dead in the square.", [("dozens", "killed")]),
        ("The shell hit a bus, killing three and injuring 14.", [("three", "killed"), ("14", "wounded")]),
        ("By evening the death toll had risen to 31.", [("31", "killed")]),
        ("More than a hundred villagers are still missing.", [("More than a hundred", "missing")]),
        ("Officials said no one was hurt.", [("no one was hurt", "none")]),
        ("The army said the strike did not cause any casualties.", [("did not cause any casualties", "none")]),
    ],
)
def test_figures_tied_to_a_casualty_word_are_found(sentence, expected):
    assert found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The truce held for four months before it collapsed.",
        "Rebels fired 40 rockets at the town.",
        "A 12-year-old boy was among the dead.",
        "Two battalions were moved south, the army said.",
        "There was no immediate word on casualties.",
    ],
)
def test_numbers_that_count_no_people_are_ignored(sentence):
    assert found(sentence) == []


def test_victims_stop_at_the_verb():
    (figure,) = stated_figures("Six aid workers were badly injured near the bridge.")
    assert figure.victims == "aid workers"


def test_a_later_figure_is_found_after_an_earlier_one_is_rejected():
    assert found("The two men were among eleven people killed.") == [("eleven", "killed")]
