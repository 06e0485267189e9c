"""Speakers, phrases and names read from the parse (summarizer.rules.tree), on invented sentences."""

from __future__ import annotations

import pytest

from summarizer.rules.tree import is_pronoun, speaker_at, speakers, split_role


def _at(text: str, words: str) -> int:
    return text.index(words)


@pytest.mark.parametrize("text, figure, expected", [
    ("Nine people were killed in the raid, Army spokesman Colonel Tomas Elrike said.", "Nine", "Tomas Elrike"),
    ("According to the Health Ministry, 31 soldiers died.", "31", "the Health Ministry"),
    ("“We buried 14 men,” said Captain Ines Vaho, the head of the Dalen garrison.", "14",
     "Captain Ines Vaho"),
    ("Vestria's defence minister, Pal Ostrom, told reporters that 40 civilians were wounded.", "40", "Pal Ostrom"),
    ("Two boats sank, a senior official in Dalen said.", "Two", "a senior official in Dalen"),
    ("The rebels, who hold the hills, claimed they had killed 50 soldiers.", "50", "The rebels"),
    ("The army said 5 soldiers died, but the rebels claimed 50 were killed.", "5 ", "The army"),
    ("The army said 5 soldiers died, but the rebels claimed 50 were killed.", "50", "the rebels"),
    ("A statement from the Interior Ministry said 17 people died.", "17", "the Interior Ministry"),
    ("At least 20 people were killed on Monday, according to local officials.", "20", "local officials"),
    ("A source close to the mediators said 3 guards died.", "3", "A source close to the mediators"),
])
def test_the_speaker_of_a_figure_is_the_subject_of_the_verb_that_reports_it(text, figure, expected):
    """A person is named without their office; anyone else with where they are."""
    assert speaker_at(text, _at(text, figure)) == expected


def test_a_pronoun_speaker_is_given_only_when_asked_for_and_a_document_names_no_one():
    text = "He added that at least 9 people were missing."
    assert speaker_at(text, _at(text, "9"), pronouns=True) == "He"
    assert is_pronoun("He")
    assert speaker_at(text, _at(text, "9")) is None
    text = "The report said 12 people died."
    assert speaker_at(text, _at(text, "12")) is None
    assert speaker_at("Twelve people died in the fire.", 0) is None


def test_speakers_lists_everyone_a_sentence_has_speak_in_order():
    assert speakers("The army said 5 soldiers died, but the rebels claimed 50 were killed.") == ["The army",
                                                                                               "the rebels"]
    assert speakers("He said nothing.") == []


@pytest.mark.parametrize("text, expected", [
    ("Brigadier General Tomas Elrike", ("Brigadier General", "Tomas Elrike")),
    ("Foreign Minister Leopold Dorne", ("Foreign Minister", "Leopold Dorne")),
    ("Ostrane's president, Teodora Lisset", ("Ostrane's president", "Teodora Lisset")),
    ("Teodora Lisset, Ostrane's president", ("Ostrane's president", "Teodora Lisset")),
    ("the army's spokeswoman, Major Liesl Varn", ("the army's spokeswoman", "Major Liesl Varn")),
    ("UN envoy Martin Griffiths", ("UN envoy", "Martin Griffiths")),
    ("the Foreign Ministry", (None, "the Foreign Ministry")),
    ("Teodora Lisset", (None, "Teodora Lisset")),
    ("General Brask", (None, "General Brask")),
    ("the rebels", (None, "the rebels")),
    ("Hamas's military wing, the Qassam Brigades", (None, "Hamas's military wing, the Qassam Brigades")),
])
def test_a_role_is_what_the_phrase_says_around_a_name(text, expected):
    assert split_role(text) == expected


@pytest.mark.parametrize("name, sentence, expected", [
    ("Ada Brenn", "Talks opened with Norland's foreign minister, Ada Brenn, in the chair.", "Norland's foreign minister"),
    ("Ada Brenn", "Special envoy Ada Brenn chaired the talks.", "Special envoy"),
    ("Ada Brenn", "Ada Brenn chaired the talks.", None),
])
def test_the_role_a_sentence_writes_around_a_name(name, sentence, expected):
    from summarizer.rules.tree import role_in

    assert role_in(name, sentence) == expected


def test_a_forename_in_letters_english_does_not_use_belongs_to_the_name_whatever_its_tag():
    sentence = "Nguyễn Thị Hạnh said six civilians had been missing since a boat capsized."
    assert speaker_at(sentence, sentence.find("six")) == "Nguyễn Thị Hạnh"
