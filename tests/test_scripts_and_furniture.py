"""Model text in a script the article never uses is dropped, and no item rests on page furniture alone."""

from __future__ import annotations

import pytest

from summarizer import answers as A
from summarizer.article import split_sentences
from summarizer.grounding.brief import combined, ground
from summarizer.grounding.evidence import Evidence
from summarizer.grounding.scripts import foreign, script, without_foreign_script
from summarizer.rules.candidates import rule_candidates
from summarizer.schema import (
    Attendee,
    AttendeeKind,
    Brief,
    CasualtyClaim,
    CasualtyKind,
    Figure,
    GovernmentReaction,
    Meeting,
    Span,
    Stance,
    Truce,
    TruceStatus,
)

from .conftest import ROOT, read, seed_000


@pytest.mark.parametrize("ch, expected", [
    ("a", "LATIN"), ("é", "LATIN"), ("Ł", "LATIN"), ("ễ", "LATIN"), ("Ａ", "LATIN"),  # full-width A
    ("报", "CJK"), ("ひ", "HIRAGANA"), ("한", "HANGUL"), ("Ж", "CYRILLIC"), ("ل", "ARABIC"), ("ﻻ", "ARABIC"),
    ("α", "GREEK"), ("א", "HEBREW"),
    ("5", None), ("-", None), (" ", None), ("ʾ", None), ("\u0301", None),  # digit, dash, space, modifier, accent
])
def test_a_letters_script(ch, expected):
    assert script(ch) == expected


def test_foreign_scripts_of_a_text():
    english = frozenset({"LATIN"})
    assert foreign("as Iran-backed groups vow to报复.", english) == ["CJK"]
    assert foreign("the commander said он убит", english) == ["CYRILLIC"]
    assert foreign("Liwa al-Fajr al-Jadid (لواء الفجر الجديد)", english) == ["ARABIC"]
    assert foreign("Ḥasan al-Ṭāʾī and Nguyễn Thị Hạnh, 72 hours", english) == []


def _span(article: str, words: str) -> Span:
    start = article.index(words)
    return Span(start=start, end=start + len(words), text=words)


def test_the_sweep_empties_fields_removes_names_and_drops_items_it_cannot_keep():
    article = seed_000()
    ev = Evidence(article, split_sentences(article))
    killed = _span(article, "four fighters were killed")
    brief = Brief(
        truce=Truce(status=TruceStatus.agreed, parties=["Iran-backed groups", "伊朗支持的团体"], when="Monday",
                    where="Багдад", evidence=[killed]),
        meeting=Meeting(place="Baghdad", attendees=[
            Attendee(name="Hadi al-Amiri", kind=AttendeeKind.person, role="القائد", evidence=[killed]),
            Attendee(name="法莱赫", kind=AttendeeKind.person, evidence=[killed])], evidence=[killed]),
        casualties=[
            CasualtyClaim(figure_text="four", figure=Figure(low=4, high=4), kind=CasualtyKind.killed,
                          victims="бойцы", claimant="a senior commander from the PMA", evidence=[killed]),
            CasualtyClaim(figure_text="四", figure=Figure(low=4, high=4), kind=CasualtyKind.killed, evidence=[killed]),
        ],
        reactions=[GovernmentReaction(actor="Iraq's government", stance=Stance.condemns, statement="谴责",
                                      evidence=[killed])],
    )
    clean = without_foreign_script(brief, ev)
    assert clean.truce.parties == ["Iran-backed groups"] and clean.truce.where is None and clean.truce.when == "Monday"
    assert [(a.name, a.role) for a in clean.meeting.attendees] == [("Hadi al-Amiri", None)]
    assert [(c.figure_text, c.victims, c.claimant) for c in clean.casualties] == [
        ("four", None, "a senior commander from the PMA")]
    assert clean.reactions[0].statement is None and clean.reactions[0].stance == Stance.condemns
    reasons = {(d.section, d.item): d.reason for d in clean.dropped}
    assert reasons[("truce.parties", "伊朗支持的团体")] == "written in a script the article does not use (CJK)"
    assert reasons[("truce.where", "Багдад")] == "written in a script the article does not use (CYRILLIC)"
    assert reasons[("meeting.attendees.role", "القائد")].endswith("(ARABIC)")
    assert ("meeting.attendees.name", "法莱赫") in reasons and ("casualties.figure_text", "四") in reasons
    assert len(clean.dropped) == 7


def test_an_article_that_mixes_scripts_keeps_them():
    article = read(next((ROOT / "evals" / "cases").glob("f09_*/article.txt")))
    ev = Evidence(article, split_sentences(article))
    said = _span(article, "al-Ṭāʾī said 17 of his fighters had been killed")
    brief = Brief(casualties=[CasualtyClaim(
        figure_text="17", figure=Figure(low=17, high=17), kind=CasualtyKind.killed, claimant="al-Ṭāʾī",
        victims="Liwa al-Fajr al-Jadid (لواء الفجر الجديد)", place="Великорова", evidence=[said])])
    assert without_foreign_script(brief, ev) == brief and not ev.dropped
    assert without_foreign_script(Brief(casualties=[brief.casualties[0].model_copy(update={"incident": "战斗"})]),
                                  ev).casualties[0].incident is None


def _overview(summary: str) -> A.OverviewAnswer:
    return A.OverviewAnswer(summary=summary, date=None, date_sentence=None, place=None, place_sentence=None)


def test_a_summary_sentence_in_another_script_is_dropped_and_the_rest_kept():
    article = seed_000()
    summary = ("Iran-backed armed groups in Iraq agreed to halt attacks on US forces if Washington returns to calm. "
               "The US defended its air strikes, as Iran-backed groups vow to报复.")
    brief = ground(article, split_sentences(article), {"overview": [_overview(summary)]})
    assert brief.summary.text == ("Iran-backed armed groups in Iraq agreed to halt attacks on US forces if "
                                  "Washington returns to calm.")
    assert [(d.section, d.reason) for d in brief.dropped] == [
        ("summary", "written in a script the article does not use (CJK)")]


def brief_of(article: str, **model):
    sentences = split_sentences(article)
    return ground(article, sentences, combined(model, rule_candidates(sentences)))


def test_an_item_citing_a_subhead_moves_to_the_body_sentence_below_it():
    article = seed_000()
    subhead = next(s for s in split_sentences(article) if s.text == "US defends attack")
    reaction = A.ReactionAnswer(sentences=[subhead.number], actor="US", stance="defends")
    (us,) = [r for r in brief_of(article, reactions=[reaction]).reactions if r.actor == "US"]
    assert [span.text.replace("\xa0", " ")[:39] for span in us.evidence] == ["On Monday, the US defended its decision"]


def test_a_caveat_stated_only_in_a_link_to_another_story_is_dropped():
    article = seed_000()
    sentences = split_sentences(article)
    link = next(s for s in sentences if s.text.startswith("US defends air strikes in Iraq and Syria, as"))
    truce = A.TruceAnswer(status="agreed", sentences=[5], parties=[], toward=[], conditions=[], when=None,
                          where=None, caveats=[A.QuoteAnswer(sentence=link.number,
                                                             text="Iran-backed groups vow revenge")])
    brief = brief_of(article, truce=[truce])
    assert all("vow revenge" not in c.text for c in brief.truce.caveats)
    assert ("truce.caveats", "stated only in page furniture (a link line)") in {
        (d.section, d.reason) for d in brief.dropped if d.item == "Iran-backed groups vow revenge"}


HEADED = """Four soldiers killed in Harran ambush

The army said on Tuesday that four soldiers were killed when rebels ambushed a convoy near Harran.
The rebels denied it.
"""


def test_an_item_stated_only_by_a_headline_is_dropped_and_one_the_body_states_moves_there():
    claim = A.ClaimAnswer(sentences=[1], figure="Four", kind="killed", claimant=None, victims=None, place=None,
                          incident=None)
    (moved,) = brief_of(HEADED, casualties=[claim]).casualties
    assert [span.text[:30] for span in moved.evidence] == ["The army said on Tuesday that "]
    headline_only = "Harran truce collapses after ambush\n\nThe army said four soldiers were killed.\n"
    truce = A.TruceAnswer(status="broken", sentences=[1], parties=[], toward=[], conditions=[], caveats=[],
                          when=None, where=None)
    assert brief_of(headline_only, truce=[truce]).truce is None


def test_a_page_of_furniture_only_gives_an_empty_brief_and_says_why(tmp_path):
    from summarizer import Summarizer
    from summarizer.config import Settings

    brief = Summarizer(Settings(backend="fake", cache=False)).summarize("Home | World | Conflict\n")
    assert brief.items() == []
    assert any("every line reads as page furniture" in w for w in brief.run.warnings)
