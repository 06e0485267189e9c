"""Grounding of candidates from the model and the rule readers together: what each section keeps, moves or drops
(``summarizer/grounding/``)."""

from __future__ import annotations

import pytest

from summarizer import answers as A
from summarizer.article import split_sentences
from summarizer.grounding.brief import combined, ground
from summarizer.rules.candidates import rule_candidates


def brief_of(article: str, rules: bool = True, **model):
    """The brief grounded from the given model candidates (per section) and, unless ``rules`` is off, the rules'."""
    sentences = split_sentences(article)
    return ground(article, sentences, combined(model, rule_candidates(sentences) if rules else {}))


def test_rule_claims_fill_what_the_model_missed_with_their_attribution():
    article = ("Shelling hit the port on Friday. Nine sailors were killed, the navy said. "
               "A local clinic said 30 people were wounded.")
    claims = brief_of(article).casualties
    assert [(c.figure_text, c.kind.value, c.claimant) for c in claims] == [
        ("Nine", "killed", "the navy"), ("30", "wounded", "A local clinic")]
    for c in claims:
        for span in c.evidence:
            assert article[span.start:span.end] == span.text


def test_rule_claims_do_not_repeat_the_models():
    article = "Nine sailors were killed, the navy said."
    model = [A.ClaimAnswer(sentences=[1], figure="Nine", kind="killed", claimant="the navy",
                           victims="sailors", side=None, place=None, incident=None, hedge=None)]
    assert [(c.figure_text, c.claimant, c.victims) for c in brief_of(article, casualties=model).casualties] == [
        ("Nine", "the navy", "sailors")]


def test_model_claim_whose_sentence_speaks_of_no_casualties_is_dropped():
    article = "The rebels fired nine rockets at the port. Nobody has claimed the attack."
    brief = brief_of(article, casualties=[A.ClaimAnswer(sentences=[1], figure="nine", kind="killed", claimant=None,
                                                        victims=None, side=None, place=None, incident=None, hedge=None)])
    assert brief.casualties == [] and any("no casualties" in d.reason for d in brief.dropped)


def test_the_kind_the_sentence_states_wins_over_the_models():
    (claim,) = brief_of("Four guards were wounded at the gate.", rules=False, casualties=[
        A.ClaimAnswer(sentences=[1], figure="Four", kind="killed", claimant=None, victims=None, side=None, place=None,
                      incident=None, hedge=None)]).casualties
    assert claim.kind.value == "wounded"


def test_a_meeting_no_sentence_describes_is_dropped():
    article = "Fighting spread along the border. General Varn ordered the artillery forward."
    answer = A.MeetingAnswer(sentences=[2], place=None, time=None, host=None, unnamed_others=False,
                             attendees=[A.AttendeeAnswer(sentence=2, name="General Varn", kind="person", role=None,
                                                         affiliation=None, representatives=False)])
    brief = brief_of(article, meeting=[answer])
    assert brief.meeting is None
    assert any(d.section == "meeting" and "describes a meeting" in d.reason for d in brief.dropped)


def test_a_described_meeting_keeps_its_attendees():
    article = "Fighting spread along the border. General Varn met rebel envoys in Tesk on Monday."
    answer = A.MeetingAnswer(sentences=[2], place="Tesk", time=None, host=None, unnamed_others=True,
                             attendees=[A.AttendeeAnswer(sentence=2, name="General Varn", kind="person", role=None,
                                                         affiliation=None, representatives=False)])
    meeting = brief_of(article, meeting=[answer]).meeting
    assert meeting is not None and [a.name for a in meeting.attendees] == ["General Varn"]


def test_a_rewritten_date_is_replaced_by_the_articles_own_wording():
    article = "Fighting resumed. The truce was signed on Tuesday, 3 October, in the old exchange."
    event = brief_of(article, overview=[A.OverviewAnswer(summary="x", date="October 3, 2023", date_sentence=2,
                                                         place=None, place_sentence=None, sources=[])]).event
    assert event is not None and event.date == "Tuesday, 3 October"
    assert brief_of(article, overview=[A.OverviewAnswer(summary="x", date="October 4, 2023", date_sentence=2, place=None,
                                                        place_sentence=None, sources=[])]).event is None


def summary_of(article: str, summary: str):
    brief = brief_of(article, overview=[A.OverviewAnswer(summary=summary, date=None, date_sentence=None, place=None,
                                                         place_sentence=None, sources=[])])
    return brief.summary.text if brief.summary else None, [d.item for d in brief.dropped if d.section == "summary"]


SUMMARY_ARTICLE = ("Rebels and the army agreed a truce in Dorvel on 3 May. The truce collapsed six weeks later. "
                   "The army said 14 rebels were killed in the clashes that followed.")


def test_a_summary_loses_only_its_sentences_that_state_what_the_article_does_not():
    text, dropped = summary_of(SUMMARY_ARTICLE, "Rebels and the army agreed a truce in Dorvel. It collapsed after 40 days. "
                                                "The army said 14 rebels were killed.")
    assert text == "Rebels and the army agreed a truce in Dorvel. The army said 14 rebels were killed."
    assert dropped == ["It collapsed after 40 days."]
    text, dropped = summary_of(SUMMARY_ARTICLE, "General Orlov said the truce in Dorvel collapsed. The army said 14 "
                                                "rebels were killed.")
    assert text == "The army said 14 rebels were killed." and dropped[0].startswith("General Orlov")
    assert summary_of(SUMMARY_ARTICLE, "It collapsed after 40 days.") == (None, ["It collapsed after 40 days."])


def test_a_year_the_article_never_gives_is_cut_from_the_summarys_dates_not_the_sentence():
    text, dropped = summary_of(SUMMARY_ARTICLE, "On May 3, 2023, rebels and the army agreed a truce in Dorvel. "
                                                "However, the truce collapsed in June 2023.")
    assert text == "On May 3, rebels and the army agreed a truce in Dorvel."  # the article never says June
    assert dropped == ["However, the truce collapsed in June."]
    text, dropped = summary_of(SUMMARY_ARTICLE, "However, the May 2023 truce in Dorvel collapsed.")
    assert (text, dropped) == ("However, the May truce in Dorvel collapsed.", [])
    text, _ = summary_of(SUMMARY_ARTICLE.replace("3 May", "3 May 2021"), "On May 3, 2021, a truce was agreed in Dorvel.")
    assert text == "On May 3, 2021, a truce was agreed in Dorvel."


def truce_answer(**overrides) -> A.TruceAnswer:
    fields = dict(status="agreed", sentences=[2], parties=[], toward=[], conditions=[], caveats=[], when=None, where=None)
    return A.TruceAnswer(**(fields | overrides))


def test_a_truce_party_named_in_a_neighbouring_sentence_joins_the_evidence():
    article = ("The Norland army and the Red Hill militia met on Friday. They agreed a truce around the mine. "
               "Rain fell. Rain fell again. Rain fell once more. The Blue Lake rebels were not there.")
    brief = brief_of(article, truce=[truce_answer(parties=["Red Hill militia", "Blue Lake rebels"])])
    truce = brief.truce
    assert truce is not None and truce.parties == ["Red Hill militia"]
    assert [article[sp.start:sp.end] for sp in truce.evidence][0].startswith("The Norland army")
    assert any(d.section == "truce.parties" and d.item == "Blue Lake rebels" for d in brief.dropped)


def test_a_truce_needs_a_sentence_that_speaks_of_one():
    article = "Shells hit the port. The army denied targeting civilians and urged calm."
    brief = brief_of(article, truce=[truce_answer(status="rejected")])
    assert brief.truce is None
    assert any(d.section == "truce" for d in brief.dropped)


def test_a_truce_cited_by_the_wrong_sentence_rests_on_the_sentences_that_state_it():
    article = ("Shells hit the port on Monday. The army and the Red Hill militia agreed a ceasefire on Tuesday. "
               "The ceasefire collapsed on Friday when the shelling resumed.")
    truce = brief_of(article, truce=[truce_answer(status="agreed", sentences=[1])]).truce
    assert truce is not None and truce.status.value == "broken"
    assert [article[sp.start:sp.end] for sp in truce.evidence] == [
        "The ceasefire collapsed on Friday when the shelling resumed."]
    talks = "The two delegations met in Callan. They talked for six hours about the shelling."
    assert brief_of(talks, truce=[truce_answer(status="agreed", sentences=[1])]).truce is None


def test_everyone_the_article_attributes_words_to_is_a_source():
    article = ('"The road is closed," a senior officer told reporters. According to the Norland Red Cross, '
               "the convoy turned back. On Monday evening the rebels said the statement was false. "
               "Colonel Ama Ruud said the army held the bridge. Though the ministry had not confirmed it, "
               "the report said nine died.")
    sources = brief_of(article).sources
    assert [(s.name, s.anonymous) for s in sources] == [
        ("a senior officer", True), ("the Norland Red Cross", False), ("the rebels", False),
        ("Ama Ruud", False)]  # a person without the rank before the name


def test_a_clause_is_not_a_source_name():
    brief = brief_of("Colonel Ama Ruud said the army held the bridge.", rules=False, sources=[
        A.SourceAnswer(sentence=1, name="Colonel Ama Ruud said the army held", anonymous=False)])
    assert brief.sources == [] and any(d.reason == "not a name" for d in brief.dropped)


def test_a_claim_in_the_articles_own_voice_does_not_take_the_next_sentences_speaker():
    article = ('A medic was killed on Friday near Brennock. "We bury someone every week," Marta Quill, the head of '
               "the village council, told reporters.")
    claims = brief_of(article).casualties
    assert [(c.figure_text, c.claimant) for c in claims] == [("A", None)]


def test_a_claim_inside_a_quote_goes_to_the_speaker_named_after_it():
    article = ('"Four of our men were killed at the bridge. We will not forget them," Ivo Renn, a rebel '
               "spokesman, said.")
    claims = brief_of(article).casualties
    assert [(c.figure_text, c.claimant) for c in claims] == [("Four", "Ivo Renn")]
    trailing = "Army losses stand at nine dead, a military spokesman, Captain Elric Vonn, told reporters."
    assert [c.claimant for c in brief_of(trailing).casualties] == ["Captain Elric Vonn"]


def _reaction(sentence: int, actor: str, stance: str) -> A.ReactionAnswer:
    return A.ReactionAnswer.model_construct(sentences=[sentence], actor=actor, stance=stance, statement=None,
                                            speaker=None)


def test_a_reaction_needs_evidence_in_which_its_actor_reacts():
    article = ("The army did not respond to questions about the missing men. "
               "The interior ministry condemned the abductions.")
    reactions = brief_of(article, rules=False, reactions=[
        _reaction(1, "the army", "supports"), _reaction(2, "The interior ministry", "condemns")]).reactions
    assert [(r.actor, r.stance.value) for r in reactions] == [("The interior ministry", "condemns")]


def test_a_reaction_citing_another_actors_reaction_is_not_moved_to_where_its_own_actor_is_named():
    article = ("The defence ministry announced new patrols on Monday. "
               "The foreign ministry of Dessaria welcomed any step that keeps the road open.")
    brief = brief_of(article, rules=False, reactions=[_reaction(2, "the defence ministry", "supports")])
    assert brief.reactions == [] and any("another actor" in d.reason for d in brief.dropped)


def test_a_reaction_the_model_gives_without_words_takes_the_quote_of_its_sentence():
    article = ('The ruling party met on Monday. The foreign ministry condemned the raid as "a reckless escalation" '
               "on Tuesday. The defence ministry defended the strikes.")
    answer = A.ReactionsAnswer.model_validate_json(
        '{"reactions": [{"sentences": [2], "actor": "The foreign ministry", "stance": "condemns"},'
        ' {"sentences": [3], "actor": "The defence ministry", "stance": "defends"}]}')
    reactions = brief_of(article, rules=False, reactions=answer.reactions).reactions
    assert [(r.actor, r.statement) for r in reactions] == [
        ("The foreign ministry", "a reckless escalation"), ("The defence ministry", None)]


def test_the_model_is_not_asked_for_what_rules_and_grounding_fill():
    asked = {name: set(model.model_json_schema(mode="validation")["$defs"].get(item, {}).get("properties", {}))
             for name, model, item in [("casualties", A.CasualtiesAnswer, "ClaimAnswer"),
                                       ("reactions", A.ReactionsAnswer, "ReactionAnswer")]}
    asked["overview"] = set(A.OverviewAnswer.model_json_schema()["properties"])
    assert "sources" not in asked["overview"] and {"summary", "date", "place"} <= asked["overview"]
    assert not {"side", "hedge"} & asked["casualties"] and {"figure", "claimant", "victims"} <= asked["casualties"]
    assert not {"statement", "speaker"} & asked["reactions"] and {"actor", "stance"} <= asked["reactions"]
    # an answer without them is complete; rule readers may still fill them
    claim = A.ClaimAnswer.model_validate({"sentences": [1], "figure": "two", "kind": "killed", "claimant": None,
                                          "victims": None, "place": None, "incident": None})
    assert claim.side is None and claim.hedge is None


def test_a_later_definite_description_of_a_source_is_the_same_source():
    from summarizer.rules.attribution import refers_back

    earlier = ["a senior officer in the port", "One of the guests"]
    assert refers_back("the officer", earlier)
    assert not refers_back("the army", ["the army's spokesman"])  # an institution, not a person named before
    assert not refers_back("the nurse", earlier)  # no nurse spoke before
    assert not refers_back("The Officer Corps", earlier)  # a name, not a description


@pytest.mark.parametrize("sentence, figure, written, low, high", [
    ("Medics said at least nine people were killed in the raid.", "9", "at least nine", 9, None),
    ("This correspondent saw the bodies of six men laid out in the yard.", "6", "six", 6, 6),
    ("Some 1.7 million people have died in the war, relief groups say.", "at least 1.7 million", "Some 1.7 million",
     1_700_000, 1_700_000),
])
def test_a_figure_is_given_in_the_articles_words_and_with_the_articles_bound(sentence, figure, written, low, high):
    claim = A.ClaimAnswer(sentences=[1], figure=figure, kind="killed", claimant=None, victims=None, place=None,
                          incident=None)
    (got,) = brief_of(sentence, rules=False, casualties=[claim]).casualties
    assert (got.figure_text, got.figure.low, got.figure.high) == (written, low, high)
