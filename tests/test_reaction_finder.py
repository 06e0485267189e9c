from __future__ import annotations

import pytest

from summarizer import answers as A
from summarizer.article import split_sentences
from summarizer.grounding.brief import combined, ground
from summarizer.rules.candidates import rule_candidates
from summarizer.rules.reactions import actor_and_speaker, stated_reactions, voices_reaction


def found(sentence: str) -> list[tuple[str, str, str | None]]:
    return [(r.actor, r.stance, r.speaker) for r in stated_reactions(sentence)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The Ministry of Foreign Affairs condemned the shelling.", [("The Ministry of Foreign Affairs", "condemns", None)]),
        ("In Tarsk, Norland's prime minister, Ada Lenk, welcomed the deal.",
         [("Norland's prime minister", "supports", "Ada Lenk")]),
        ("Defence Minister Paul Orrin defended the raid as necessary.", [("Defence Minister", "defends", "Paul Orrin")]),
        ('The regional council urged both sides "to hold their fire".', [("The regional council", "calls_for_restraint", None)]),
        ("The army's spokesman denied that civilians were hit.", [("The army", "denies", None)]),
        ("The state prosecutor said his office had opened an investigation into the killings.",
         [("The state prosecutor", "legal_steps", None)]),
    ],
)
def test_official_reactions_are_found(sentence, expected):
    assert found(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The rebels condemned the raid.",  # an armed group is no official body
        '"We condemn this," the minister said.',  # the verb sits inside a quote
        "Mara said she regretted the government's decision and urged calm.",  # the subject is a clause
    ],
)
def test_what_is_not_an_official_reaction_is_left_out(sentence):
    assert found(sentence) == []


def test_statement_is_the_quote_and_slices_nothing_new():
    (r,) = stated_reactions('The foreign ministry urged both sides "to return to the talks".')
    assert r.statement == "to return to the talks"


def test_a_reacting_office_and_its_speaker():
    assert actor_and_speaker("Interior Minister Sofie Randahl") == ("Interior Minister", "Sofie Randahl")
    assert actor_and_speaker("The Pentagon") == ("The Pentagon", None)


def test_rule_reactions_fill_in_what_the_model_missed_and_are_grounded():
    article = "Shelling hit the port. The foreign ministry of Norland condemned the attack. The army denied firing."
    sentences = split_sentences(article)
    reactions = ground(article, sentences, rule_candidates(sentences)).reactions
    assert [(r.actor, r.stance.value) for r in reactions] == [
        ("The foreign ministry of Norland", "condemns"), ("The army", "denies")]
    for r in reactions:
        for span in r.evidence:
            assert article[span.start:span.end] == span.text


def test_the_stance_the_sentence_states_wins_over_the_models_and_the_rule_adds_no_second_item():
    article = "Shelling hit the port. The foreign ministry of Norland condemned the attack."
    sentences = split_sentences(article)
    model = [A.ReactionAnswer(sentences=[2], actor="Norland", stance="supports", statement=None, speaker=None)]
    reactions = ground(article, sentences, combined({"reactions": model}, rule_candidates(sentences))).reactions
    assert [(r.actor, r.stance.value) for r in reactions] == [("Norland", "condemns")]


@pytest.mark.parametrize("sentence, expected", [
    ("Norland's foreign ministry summoned the Korvian envoy on Friday, condemning the shelling.",
     [("Norland's foreign ministry", "condemns")]),
    ("The interior ministry accused the militia of shelling the market.", [("The interior ministry", "condemns")]),
    ("The defence ministry has called on both sides to hold their fire.", [("The defence ministry", "calls_for_restraint")]),
    ("The government rejected the truce offer within hours.", [("The government", "other")]),
    ("The rebels condemned the raid.", []),  # an armed group is no government
    ("Chile and Peru condemned the shelling of the port.", [("Chile", "condemns"), ("Peru", "condemns")]),
    ("The United Nations has called for the truce to be respected.", [("The United Nations", "calls_for_restraint")]),
    ("The interior ministry hailed the opening of the talks.", [("The interior ministry", "supports")]),
])
def test_a_stance_is_read_from_the_verbs_lemma_and_its_subject(sentence, expected):
    assert [(r.actor, r.stance) for r in stated_reactions(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    # a preposition further on is not the verb's particle: "called ... on Sunday" calls on no one
    ("The defence ministry fired at what it called a depot of the militia early on Sunday.", []),
    ("The foreign ministry called the truce talks off.", []),
])
def test_a_particle_is_the_word_after_the_verb_not_a_preposition_further_on(sentence, expected):
    assert [(r.actor, r.stance) for r in stated_reactions(sentence)] == expected


@pytest.mark.parametrize("sentence, voices", [
    ("Norland's foreign ministry summoned the envoy, condemning the shelling.", True),
    ("The interior ministry has urged calm.", True),
    ("The ministry said the border stayed open.", True),
    ("The ministry had not confirmed the figure.", False),  # a negated report says nothing
    ("The convoy reached the port on Sunday.", False),
])
def test_a_sentence_voices_a_reaction_by_any_form_of_its_verb(sentence, voices):
    assert voices_reaction(sentence) is voices


def test_a_models_actor_in_other_quote_marks_keeps_its_name_whole():
    sentence = "On Friday, Norland’s Foreign Ministry summoned the envoy, condemning the shelling."
    assert actor_and_speaker("Norland's Foreign Ministry", sentence) == ("Norland’s Foreign Ministry", None)


@pytest.mark.parametrize("before, sentence, expected", [
    ("German Foreign Minister Ada Brenn said the raid was unwise.", "He urged Norland to end the operation.",
     [("German Foreign Minister", "calls_for_restraint", "Ada Brenn")]),
    ("Norland's interior ministry condemned the raid.", "It called for the truce to be respected.",
     [("Norland's interior ministry", "calls_for_restraint", None)]),
    ("Ada Brenn, a nurse, said the raid was unwise.", "It called for the truce to be respected.", []),  # "it" is no person
    ("The interior ministry condemned the raid.", "He urged calm.", []),  # "he" is no ministry
])
def test_a_pronoun_subject_stands_for_the_subject_of_the_sentence_before(before, sentence, expected):
    assert [(r.actor, r.stance, r.speaker) for r in stated_reactions(sentence, before)] == expected
