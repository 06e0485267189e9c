"""The rule readers read every word of the lexicon, and grounding merges their candidates with the model's."""

from __future__ import annotations

import pytest

from summarizer import answers as A
from summarizer.article import split_sentences
from summarizer.grounding.brief import combined, ground
from summarizer.rules.candidates import rule_candidates
from summarizer.rules.casualties import stated_figures
from summarizer.rules.figures import parse_figure
from summarizer.rules.lexicon import AT_LEAST, CLAIM_VERBS, STANCE_VERBS, alternation
from summarizer.rules.reactions import stated_reactions


def brief_of(article: str, rules: bool = True, **model):
    sentences = split_sentences(article)
    return ground(article, sentences, combined(model, rule_candidates(sentences) if rules else {}))


@pytest.mark.parametrize("stance, verb", [(s, v) for s, verbs in STANCE_VERBS.items() for v in verbs])
def test_every_stance_verb_of_the_lexicon_is_read(stance, verb):
    assert [(r.actor, r.stance) for r in stated_reactions(f"The foreign ministry {verb} the attack.")] == [
        ("The foreign ministry", stance)]


@pytest.mark.parametrize("qualifier", AT_LEAST)
def test_a_qualifier_is_read_whole_so_its_bound_is_right(qualifier):
    (found,) = stated_figures(f"{qualifier.capitalize()} 12 people were killed in the raid.")
    assert found.figure_text.lower() == f"{qualifier} 12"
    assert (parse_figure(found.figure_text).low, parse_figure(found.figure_text).high) == (12, None)


@pytest.mark.parametrize("verb", [v for v in CLAIM_VERBS if v not in ("estimates", "estimate")])
# the small parser reads a sentence-final present "estimates" as a noun ("the ministry estimates."): a known miss
def test_every_claim_verb_attributes_a_figure(verb):
    (claim,) = brief_of(f"Nine soldiers were killed, the defence ministry {verb}.").casualties
    assert claim.claimant == "the defence ministry"


def test_alternation_prefers_the_longest_word():
    import re

    assert re.match(alternation(["call", "called for"]), "called for").group(0) == "called for"


def test_two_governments_that_share_a_word_stay_two_reactions():
    article = "Iraq's government condemned the strikes. Syria's government condemned the strikes too."
    reactions = brief_of(article).reactions
    assert [(r.actor, r.stance.value) for r in reactions] == [
        ("Iraq's government", "condemns"), ("Syria's government", "condemns")]


def test_a_claim_and_its_counter_claim_in_one_sentence_stay_two_claims():
    article = "The army said 40 rebels were killed, while the rebels said 40 soldiers were killed."
    claims = [A.ClaimAnswer(sentences=[1], figure="40", kind="killed", claimant=who, victims=None, side=None,
                            place=None, incident=None, hedge=None) for who in ("The army", "the rebels")]
    found = brief_of(article, casualties=claims).casualties
    assert sorted(c.claimant for c in found) == ["The army", "the rebels"]


def test_a_rule_candidate_the_model_already_gave_is_not_added_again():
    article = "Medics said 14 people were wounded in the market."
    model = [A.ClaimAnswer(sentences=[1], figure="14", kind="wounded", claimant="Medics", victims="people",
                           side=None, place=None, incident=None, hedge=None)]
    assert [(c.figure_text, c.claimant) for c in brief_of(article, casualties=model).casualties] == [("14", "Medics")]


def test_a_rule_candidate_is_checked_like_the_models():
    # "twelve" counts years here, not people: the reader skips it, and a model answer that cited it is dropped
    article = "The ceasefire that ended twelve years of war was signed in Tesk."
    assert brief_of(article).casualties == []
    model = [A.ClaimAnswer(sentences=[1], figure="twelve", kind="killed", claimant=None, victims=None, side=None,
                           place=None, incident=None, hedge=None)]
    assert brief_of(article, casualties=model).casualties == []


@pytest.mark.parametrize("sentence, expected", [
    ("The raid did not cause any civilian casualties.", ["did not cause any civilian casualties"]),
    ("There were no reported casualties.", ["were no reported casualties"]),
    ("The shelling caused no deaths among civilians.", ["no deaths"]),
    ("The army had not initially confirmed casualties.", []),  # a figure not given is no claim of none
    ("There was no immediate word on casualties.", []),
    ("Officials gave no figures for casualties.", []),
    ("The army did not report any deaths.", []),
])
def test_a_claim_of_none_is_told_from_a_figure_not_given(sentence, expected):
    assert [f.figure_text for f in stated_figures(sentence) if f.kind == "none"] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("A soldier was killed in the blast.", ("A", "killed", "soldier")),
    ("An aid worker has been wounded, the agency said.", ("An", "wounded", "aid worker")),
])
def test_one_person_in_the_passive_is_a_figure_of_one(sentence, expected):
    (found,) = stated_figures(sentence)
    assert (found.figure_text, found.kind, found.victims) == expected
    assert (parse_figure(found.figure_text).low, parse_figure(found.figure_text).high) == (1, 1)


@pytest.mark.parametrize("sentence, expected", [
    ("Germany condemned the attack.", [("Germany", "condemns")]),
    ("The United States urged restraint.", [("The United States", "calls_for_restraint")]),
    ("NATO called for calm.", [("NATO", "calls_for_restraint")]),
    ("Hamas's military wing vowed revenge.", []),  # an armed group, though "military" is in its name
    ("The rebel army denied the report.", []),
    ("Georgia Smith condemned the attack.", []),  # a person who shares a state's name
])
def test_states_named_alone_react_and_armed_groups_never_do(sentence, expected):
    assert [(r.actor, r.stance) for r in stated_reactions(sentence)] == expected


def test_a_model_reaction_of_an_armed_group_is_dropped():
    article = "The rebels' military wing vowed revenge for the raid."
    model = [A.ReactionAnswer(sentences=[1], actor="The rebels' military wing", stance="threatens", statement=None,
                              speaker=None)]
    brief = brief_of(article, rules=False, reactions=model)
    assert brief.reactions == [] and any("armed group" in d.reason for d in brief.dropped)


@pytest.mark.parametrize("article", [
    "General Tor Brask told reporters that the offensive was over. He added that the army had killed 400 fighters.",
    "General Tor Brask said the offensive was over, and he added that the army had killed 400 fighters.",
])
def test_a_pronoun_claimant_is_the_speaker_named_just_before(article):
    (claim,) = brief_of(article).casualties
    assert (claim.figure_text, claim.claimant) == ("400", "Tor Brask")  # the person, without the rank before the name
    assert all(article[s.start:s.end] == s.text for s in claim.evidence)
    assert any("General Tor Brask" in s.text for s in claim.evidence)


def test_a_pronoun_with_no_speaker_before_it_names_no_one():
    article = "The offensive was over by Monday. He added that the army had killed 400 fighters."
    (claim,) = brief_of(article).casualties
    assert claim.claimant is None


@pytest.mark.parametrize("sentence, figure_text, bounds", [
    ("A few dozen fighters were killed.", "A few dozen", (24, 60)),
    ("A couple of dozen people were wounded.", "A couple of dozen", (24, 24)),
    ("Several hundred civilians were killed.", "Several hundred", (300, 900)),
    ("At least two dozen soldiers died.", "At least two dozen", (24, None)),
    ('The group said only "a few dozen" of its men had died.', "a few dozen", (24, 60)),
    ("Two hundred people were killed.", "Two hundred", (200, 200)),
])
def test_vague_and_counted_multiples_are_read_whole(sentence, figure_text, bounds):
    (found,) = stated_figures(sentence)
    figure = parse_figure(found.figure_text)
    assert (found.figure_text, (figure.low, figure.high)) == (figure_text, bounds)


def test_a_pronoun_takes_the_subject_of_the_sentence_before_when_no_one_speaks_there():
    article = ("In the capital, the army's chief of operations, General Ivo Marrast, defended the offensive. "
               "He added that the army had killed 400 fighters.")
    (claim,) = brief_of(article).casualties
    assert claim.claimant == "General Ivo Marrast"


def test_according_to_at_the_end_of_the_sentence_names_the_claimant():
    (claim,) = brief_of("Eleven fishermen are still missing, according to the Fishermen's Cooperative.").casualties
    assert (claim.figure_text, claim.claimant) == ("Eleven", "the Fishermen's Cooperative")


def test_a_figure_in_a_quote_that_runs_over_paragraphs_belongs_to_its_speaker():
    article = ('"We came to stop the dying," Anouk Velt told reporters. "Nobody trusts the army.\n\n'
               '"Since March twenty-three of our people were killed. Most were fishermen.\n\n'
               '"We will keep to the pause."\n\nThe army said two soldiers were wounded.')
    claims = {c.figure_text: c.claimant for c in brief_of(article).casualties}
    assert claims == {"twenty-three": "Anouk Velt", "two": "The army"}


def test_a_quote_without_a_speaker_gives_its_figure_to_no_one():
    article = 'Fighting went on.\n\n"Since March twenty-three of our people were killed.\n\n"We will not stop."'
    (claim,) = brief_of(article).casualties
    assert claim.claimant is None


@pytest.mark.parametrize("sentence, expected", [
    ('He said the army had lost "a few dozen" of its own soldiers.', [("a few dozen", "killed")]),
    ("The villages have buried twenty-three of their people.", [("twenty-three", "killed")]),
    ("The army lost three tanks.", []),
    ("The rebels lost 30 villages.", []),
])
def test_people_lost_or_buried_are_dead_and_things_lost_are_not(sentence, expected):
    assert [(f.figure_text, f.kind) for f in stated_figures(sentence)] == expected


def _sentences(text: str):
    return split_sentences(text)


@pytest.mark.parametrize("story, status", [
    ("The army and the rebels agreed a truce in May. The truce collapsed on Sunday.", "broken"),
    ("The rebels offered a ceasefire. The government rejected the offer within hours.", "rejected"),
    ("The front would lay down its arms if the army withdrew, its leader said.", "offered"),
    ("Both sides signed a ceasefire in Tesk on Friday.", "agreed"),
    ("Both sides signed a ceasefire in Tesk. Two earlier truces collapsed within weeks.", "agreed"),
    ("Shelling went on along the river all week.", None),
    ("Both sides signed a ceasefire that lets observers help the region's shattered police force.", "agreed"),
    ("Both sides signed a truce that bars any act that could undermine it or violate its terms.", "agreed"),
])
def test_the_status_of_a_truce_is_what_last_became_of_it(story, status):
    from summarizer.rules.truce import stated_status

    assert stated_status(_sentences(story)) == status


def test_talks_without_a_ceasefire_have_no_truce():
    from summarizer.rules.truce import says_no_truce

    assert says_no_truce(_sentences("The talks in Callan ended without a ceasefire. Shelling went on."))
    assert not says_no_truce(_sentences("The talks in Callan ended with a ceasefire."))


def truce_of(article: str, status: str):
    answer = A.TruceAnswer(status=status, sentences=[1], parties=[], toward=[], conditions=[], caveats=[], when=None,
                           where=None)
    return brief_of(article, rules=False, truce=[answer])


def test_a_truce_the_story_says_collapsed_is_broken_whatever_the_model_said():
    article = "The truce the two armies agreed in May has collapsed, officials said."
    assert truce_of(article, "agreed").truce.status.value == "broken"


def test_the_models_status_stands_where_the_story_only_offers_a_weaker_reading():
    article = "The brigades' ceasefire began at dawn, and neighbours urged the government to treat the offer seriously."
    assert truce_of(article, "agreed").truce.status.value == "agreed"


def test_a_truce_the_article_says_was_not_reached_is_dropped():
    brief = truce_of("The talks in Callan ended without a ceasefire.", "rejected")
    assert brief.truce is None and any("no truce" in d.reason for d in brief.dropped)



@pytest.mark.parametrize("sentence, stance", [
    ("The government rejected the offer within hours.", "other"),
    ("The government rejected the rebels' ceasefire proposal.", "other"),
    ("The army rejected the accusation.", "denies"),
    ("The ministry denied that civilians were hit.", "denies"),
])
def test_rejecting_an_offer_is_a_refusal_and_rejecting_an_accusation_a_denial(sentence, stance):
    assert [r.stance for r in stated_reactions(sentence)] == [stance]


@pytest.mark.parametrize("sentence, terms", [
    ("Under the truce, the army will withdraw from Orrin within five days and both sides will release their prisoners.",
     ["the army will withdraw from Orrin within five days", "both sides will release their prisoners"]),
    ("Under the truce, agreed on 2 May, the rebels were to leave the town, and the army was to open a corridor.",
     ["the rebels were to leave the town", "the army was to open a corridor"]),
    ("The front said it would lay down its arms if the army left the valley and the government freed its members.",
     ["the army left the valley", "the government freed its members"]),
    ("The groups agreed to halt attacks on condition that the foreign troops stay in their bases, the sources said.",
     ["the foreign troops stay in their bases"]),
    ('"If one boat crosses the weir, the pause is over," the commander said of the truce.', []),  # a threat in a quote
    ("The minister said he would resign if the budget failed.", []),  # no truce in the sentence
])
def test_the_terms_a_truce_sets_are_read_clause_by_clause(sentence, terms):
    from summarizer.rules.conditions import stated_conditions

    assert [q.text for q in stated_conditions(_sentences(sentence))] == terms


def test_rule_terms_join_the_models_truce_unless_it_states_them_already():
    article = "Under the truce, the army will leave Orrin and both sides will release their prisoners."
    answer = A.TruceAnswer(status="agreed", sentences=[1], parties=[], toward=[], caveats=[], when=None, where=None,
                           conditions=[A.QuoteAnswer(sentence=1, text="the army will leave Orrin")])
    truce = brief_of(article, truce=[answer]).truce
    assert [c.text for c in truce.conditions] == ["the army will leave Orrin", "both sides will release their prisoners"]
    assert brief_of("Under the truce, the army will leave Orrin.").truce is None  # terms never make a truce up


@pytest.mark.parametrize("sentence, expected", [
    ("Representatives of the Marrow Council of Churches also took part.", [("Marrow Council of Churches", "organisation")]),
    ("The Hill Front sent a delegation headed by Anouk Velt.",
     [("Anouk Velt", "person"), ("Hill Front", "organisation")]),
    ("Deputy Defence Minister Casimir Holt led the Quellaran government's delegation.",
     [("Casimir Holt", "person"), ("Quellaran government", "organisation")]),
    ("Delegates from the Velik city council attended.", [("Velik city council", "organisation")]),
    ("The army's chief, General Ivo Marrast, said the offensive would go on.", []),  # quoted, at no meeting
])
def test_delegations_and_their_leaders_are_read_as_attendees(sentence, expected):
    from summarizer.rules.meeting import stated_attendees

    assert [(a.name, a.kind) for a in stated_attendees(_sentences(sentence))] == expected


def test_rule_delegations_join_the_models_meeting_but_never_make_one_up():
    article = "Army and rebel envoys met in Tesk on Monday. Representatives of the Hill Front also took part."
    answer = A.MeetingAnswer(sentences=[1], place="Tesk", time="Monday", host=None, unnamed_others=True, attendees=[])
    meeting = brief_of(article, meeting=[answer]).meeting
    assert [(a.name, a.kind.value, a.representatives) for a in meeting.attendees] == [("Hill Front", "organisation", True)]
    assert brief_of(article).meeting is None


@pytest.mark.parametrize("sentence, expected", [
    ('"If a single mortar lands in the square, the ceasefire is over," a village elder told reporters.',
     "If a single mortar lands in the square, the ceasefire is over"),
    ("The Ridge Battalion said it was not bound by any document signed in the capital.",
     "it was not bound by any document signed in the capital"),
    ("The interior minister warned that the police would respond to any attack on the checkpoints.",
     "the police would respond to any attack on the checkpoints"),
    ("Villagers said they would wait to see whether the guns really fell silent.",
     "they would wait to see whether the guns really fell silent"),
    ("The northern commanders had not signed the text, two officials said.", "The northern commanders had not signed the text"),
    ("Each side accused the other of breaking the pause within a day.",
     "Each side accused the other of breaking the pause within a day"),
    ("The movement vowed revenge for the death of its spokesman.", "The movement vowed revenge for the death of its spokesman"),
])
def test_threats_refusals_and_doubts_are_read_as_caveats_in_the_voicers_words(sentence, expected):
    from summarizer.rules.caveats import stated_caveats

    assert [c.text for c in stated_caveats(_sentences(sentence))] == [expected]


@pytest.mark.parametrize("sentence", [
    "The army withdrew two battalions from the ridge on Monday.",
    "The ministry said it had been consulted on the text.",
    "Both sides said they would respect the truce.",
    "Aid lorries crossed the bridge after the guns fell silent.",
])
def test_plain_reports_are_not_caveats(sentence):
    from summarizer.rules.caveats import stated_caveats

    assert list(stated_caveats(_sentences(sentence))) == []


def test_rule_caveats_join_the_models_truce_but_never_make_one_up():
    article = ("The army and the Ridge Battalion agreed a truce in Orsk on Monday. The battalion's northern wing said "
               "it was not bound by the truce.")
    answer = A.TruceAnswer(status="agreed", sentences=[1], parties=[], toward=[], conditions=[], caveats=[],
                           when=None, where=None)
    truce = brief_of(article, truce=[answer]).truce
    assert [c.text for c in truce.caveats] == ["it was not bound by the truce"]
    assert [article[sp.start:sp.end] for sp in truce.caveats[0].evidence] == [
        "The battalion's northern wing said it was not bound by the truce."]
    assert brief_of(article).truce is None


@pytest.mark.parametrize("sentence", [
    "The rebels did not say whether their fighters had fired the shell.",
    "She said she had no reason to doubt the figures.",
])
def test_doubt_about_something_else_than_the_truce_is_not_a_caveat(sentence):
    from summarizer.rules.caveats import stated_caveats

    assert list(stated_caveats(_sentences(sentence))) == []


def test_doubt_about_the_truce_is_a_caveat():
    from summarizer.rules.caveats import stated_caveats

    found = stated_caveats(_sentences("The ministry did not say whether the army would observe the pause."))
    assert [c.text for c in found] == ["The ministry did not say whether the army would observe the pause"]
    found = stated_caveats(_sentences("Diplomats voiced doubts that the truce would hold beyond Friday."))
    assert [c.text for c in found] == ["Diplomats voiced doubts that the truce would hold beyond Friday"]


def test_attendees_are_named_bare_with_their_title_as_role_and_must_be_placed_at_the_meeting():
    article = ("Army and rebel envoys met in Tesk on Monday. Brigadier General Tomas Elrike led the army's delegation. "
               '"We will hold the bridge," said Colonel Anders Volk, an army spokesman, in the capital.')
    people = [A.AttendeeAnswer(sentence=2, name="Brigadier General Tomas Elrike", kind="person", role=None,
                               affiliation=None, representatives=True),
              A.AttendeeAnswer(sentence=3, name="Colonel Anders Volk", kind="person", role=None, affiliation=None,
                               representatives=False)]
    answer = A.MeetingAnswer(sentences=[1], place="Tesk", time="Monday", host=None, unnamed_others=False,
                             attendees=people)
    brief = brief_of(article, rules=False, meeting=[answer])
    assert [(a.name, a.role) for a in brief.meeting.attendees] == [("Tomas Elrike", "Brigadier General")]
    assert any(d.section == "meeting.attendees" and d.item == "Anders Volk" for d in brief.dropped)


@pytest.mark.parametrize("sentence, expected", [
    ("In the port, the harbour master, Ilse Varn, said two boats had sunk.", ["Ilse Varn"]),
    ("Odo Prell, a spokesman for the river brigade, told reporters that six men were missing.", ["Odo Prell"]),
    ("The Lakeside Aid Network, which runs two clinics, said 14 people were treated.", ["The Lakeside Aid Network"]),
    ("Mara Quint, the mayor of Dellin, said the bridge was closed.", ["Mara Quint"]),
    ("The army, however, said it had fired only at the ridge.", ["The army"]),  # an adverb set off: the subject before it
])
def test_a_speaker_set_off_by_commas_is_the_name_not_the_role_or_the_relative_clause(sentence, expected):
    from summarizer.rules.attribution import speakers

    assert speakers(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The Lowland mediators estimate that nearly 900 people have been killed since May.", ["The Lowland mediators"]),
    ("The army acknowledged that a handful of its soldiers had been hurt.", ["The army"]),
    ("The ministry admitted that four pilots were missing.", ["The ministry"]),
])
def test_estimates_and_admissions_are_attributed(sentence, expected):
    from summarizer.rules.attribution import speakers

    assert speakers(sentence) == expected


def _claim(figure: str, claimant: str | None, sentence: int = 1) -> A.ClaimAnswer:
    return A.ClaimAnswer(sentences=[sentence], figure=figure, kind="killed", claimant=claimant, victims=None,
                         side=None, place=None, incident=None, hedge=None)


def test_a_figure_keeps_the_words_that_bound_it_and_is_written_as_the_article_writes_it():
    article = "More than 300 villagers were killed in the raid, the governor said. Four guards were killed too."
    found = brief_of(article, rules=False, casualties=[_claim("300", None), _claim("4", None, 2)]).casualties
    assert [(c.figure_text, c.figure.low, c.figure.high) for c in found] == [("More than 300", 301, None),
                                                                            ("Four", 4, 4)]
    assert [c.claimant for c in found] == ["the governor", None]


def test_a_claimant_named_only_near_a_figure_in_the_articles_own_voice_is_no_claimant():
    article = "The interior ministry condemned the raid. Thirteen people were killed in the market."
    (claim,) = brief_of(article, rules=False, casualties=[_claim("Thirteen", "The interior ministry", 2)]).casualties
    assert claim.claimant is None
    assert any(d.section == "casualties.claimant" and d.item == "The interior ministry" for d in brief_of(
        article, rules=False, casualties=[_claim("Thirteen", "The interior ministry", 2)]).dropped)


def test_a_pronoun_stands_for_the_person_the_sentence_before_is_about_whatever_its_verb():
    article = ("Ines Vaho, a nurse at the field clinic, described the night of the shelling. "
               "She said 12 patients had died.")
    (claim,) = brief_of(article, rules=False, casualties=[_claim("12", None, 2)]).casualties
    assert claim.claimant == "Ines Vaho"


@pytest.mark.parametrize("sentence, held", [
    ("Army and rebel envoys met in Tesk on Monday.", True),
    ("The talks in Tesk ended without a deal.", True),
    ("The mayor is hoping to arrange a summit of the two commanders.", False),
    ("Norland said it would call a council meeting over the raids.", False),
    ("Both sides agreed to hold talks next spring.", False),
    ("The envoy called for talks before the winter.", False),
])
def test_a_meeting_only_wished_for_or_possible_is_no_meeting(sentence, held):
    from summarizer.rules.cues import describes_meeting

    (s,) = _sentences(sentence)
    assert describes_meeting(s) is held


def test_a_claimant_given_with_its_description_is_named_as_the_parse_reads_the_speaker():
    article = "Dr Ines Vaho, a surgeon who runs the field clinic, said 12 patients had died."
    given = "Dr Ines Vaho, a surgeon who runs the field clinic"
    (claim,) = brief_of(article, rules=False, casualties=[_claim("12", given)]).casualties
    assert claim.claimant == "Dr Ines Vaho"
