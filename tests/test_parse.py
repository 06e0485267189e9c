"""The parser: pinned, checked by SHA-256, and the subjects of stance verbs read from its trees."""

from __future__ import annotations

import pytest

from summarizer import parse as P
from summarizer.errors import ModelFileError
from summarizer.rules.reactions import stated_reactions, subject_of_verb_at


def test_the_installed_parser_matches_its_pinned_hash_and_an_altered_pin_is_refused():
    assert P.files_sha256() == P.PARSER.sha256
    wrong = P.ParserModel(package=P.PARSER.package, module="altered", version=P.PARSER.version, sha256="0" * 64)
    with pytest.raises(ModelFileError, match="does not match its pinned SHA-256"):
        P.parser(wrong)
    with pytest.raises(ModelFileError, match="is not installed"):
        P.files_sha256(P.ParserModel(package="no-such-parser-package", module="x", version="1", sha256="0"))


@pytest.mark.parametrize("sentence, verb, subject", [
    ("Egypt's foreign ministry, which rarely comments, condemned the assault.", "condemned",
     "Egypt's foreign ministry"),
    ("The Pentagon press secretary, John Kirby, described the strikes as defensive.", "described",
     "The Pentagon press secretary, John Kirby"),
    ("On Tuesday the Ministry of Health in Harran denied the report.", "denied", "the Ministry of Health"),
    ("The raids were condemned by the Arab League.", "condemned", "the Arab League"),
    ("The army condemned the raid and warned the rebels.", "warned", "The army"),
    ("The raids were condemned on Monday.", "condemned", None),  # what was condemned is no one
    ("Militias backed by Norland attacked the base.", "backed", None),  # a verb that only modifies a noun
    ("He condemned the attack.", "condemned", None),  # a pronoun is resolved elsewhere, not read here
])
def test_the_subject_of_a_verb_is_read_from_the_tree(sentence, verb, subject):
    assert subject_of_verb_at(sentence, sentence.index(verb)) == subject


def test_a_subject_far_from_the_verb_is_read_where_the_opening_words_are_not_it():
    sentence = "In Aubrenne, whose coast lies between the two states, the defence ministry denied the reports."
    assert [(r.actor, r.stance) for r in stated_reactions(sentence)] == [("the defence ministry", "denies")]


def _articles() -> list[str]:
    from evals.harness import load_cases

    odd = ("Gen.\u00a0Ilse\u2009Várnai told reporters\u202fin Pécs that 12\u00a0people died.\n\n"
           "\u201cWe saw it,\u201d said Zoë Ångström-Ölund,\tthe mayor of Łódź.")
    return [odd] + [case.article for case in load_cases()]


def test_every_token_entity_and_sentence_of_the_shared_parse_slices_the_article_exactly():
    """The readers parse each sentence the one splitter gives; offsets plus the sentence's start slice the
    article itself, non-ASCII spaces and diacritics included."""
    from summarizer.article import split_sentences

    for article in _articles():
        for s in split_sentences(article):
            assert article[s.start:s.end] == s.text
            doc = P.parse(s.text)
            assert doc.text == s.text
            for t in doc:
                assert article[s.start + t.idx: s.start + t.idx + len(t.text)] == t.text
            for e in doc.ents:
                assert article[s.start + e.start_char: s.start + e.end_char] == e.text
