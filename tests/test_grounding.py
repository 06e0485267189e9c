from __future__ import annotations

from summarizer.article import split_sentences
from summarizer.grounding.spans import locate
from summarizer.grounding.text import figure_supported, numbers_supported, supported
from summarizer.rules.tree import speaker_at as attribution


def test_supported_is_exact_or_all_content_words():
    ev = "Iraq's government condemned the strikes on its territory."
    assert supported("Iraq's government", ev)
    assert supported("the Iraqi government", ev)
    assert not supported("the French government", ev)
    assert not supported("12 strikes", ev)


def test_other_forms_of_a_word_count_but_a_misspelt_name_does_not():
    ev = "Syria's army said two attacks killed civilians near Elbrast, a casualty count the ministry disputed."
    assert supported("Syrian army", ev) and supported("the attack", ev) and supported("casualties", ev)
    assert not supported("Elbraft", ev)  # shares five letters with Elbrast, yet another name
    assert not supported("attaches", ev)


def test_numbers_must_appear_in_evidence():
    assert numbers_supported("four fighters", "killing 4 fighters")
    assert not numbers_supported("five fighters", "killing four fighters")
    assert figure_supported("four", "a commander said four fighters were killed")
    assert not figure_supported("twelve", "a commander said four fighters were killed")


def test_locate_returns_the_articles_own_wording():
    s = split_sentences('They agreed to "activate a truce with the US forces, provided the Americans remain calm".')[0]
    assert locate("provided the Americans remain calm", s) == "provided the Americans remain calm"
    assert locate("provided that the Americans remain calm", s) == "provided the Americans remain calm"
    assert locate("Iran ordered a withdrawal", s) is None


def test_attribution_picks_the_nearest_speaker():
    t = ("The Pentagon had initially said the raids did not result in any casualties, but a senior commander "
         "from the PMA told MEE that four fighters were killed.")
    assert attribution(t, t.index("four")) == "a senior commander from the PMA"
    assert attribution(t, t.index("did not")) == "The Pentagon"
    assert attribution("Two were found intact,” the commander said.", 0) == "the commander"
    assert attribution("Eight were lightly wounded.", 0) is None


def test_attribution_needs_a_noun_phrase_as_speaker():
    text = "The government, wary of escalation, condemned the strikes and said it would act."
    assert attribution(text, 0) is None
    assert attribution('"We lost two men," the commander said.', 0) == "the commander"
