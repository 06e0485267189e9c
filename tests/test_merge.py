"""Merging briefs of one event: each fact once with every source, single-source facts, compatible figures and
contradictions (across sources and within one), matched deterministically."""

from __future__ import annotations

import json

from summarizer.cli import main
from summarizer.merge import EventBrief, markdown, merge, name_key
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

from .conftest import ROOT


def ev(text: str = "x", start: int = 0) -> list[Span]:
    return [Span(start=start, end=start + len(text), text=text)]


def claim(figure_text: str, low, high, kind=CasualtyKind.killed, victims="fighters", claimant=None, at=0):
    return CasualtyClaim(claimant=claimant, figure_text=figure_text, figure=Figure(low=low, high=high), kind=kind,
                         victims=victims, evidence=ev(figure_text, at))


def test_a_claim_both_sources_state_is_one_fact_with_both_spans():
    a = Brief(casualties=[claim("four", 4, 4, claimant="a PMA commander", at=10)])
    b = Brief(casualties=[claim("4", 4, 4, claimant="the commander", at=90)])
    event = merge([("A", a), ("B", b)])
    (fact,) = event.agreed
    assert [(s.source, s.evidence[0].start) for s in fact.supports] == [("A", 10), ("B", 90)]
    assert event.single_source == [] and event.contradictions == [] and event.compatible == []


def test_overlapping_ranges_are_compatible_and_disjoint_figures_contradict():
    a = Brief(casualties=[claim("at least 40", 40, None, kind=CasualtyKind.wounded, victims="soldiers")])
    b = Brief(casualties=[claim("more than 40", 41, None, kind=CasualtyKind.wounded, victims="soldiers"),
                          claim("eight", 8, 8, victims="civilians")])
    c = Brief(casualties=[claim("two", 2, 2, victims="civilians")])
    event = merge([("A", a), ("B", b), ("C", c)])
    assert [d.note for d in event.compatible] == ["compatible: at least 40 and more than 40 can both be true"]
    assert [(d.note, d.within_one_source) for d in event.contradictions] == [("eight against two killed", False)]
    assert {f.statement for f in event.single_source} == {
        "the article: at least 40 wounded, soldiers", "the article: more than 40 wounded, soldiers",
        "the article: eight killed, civilians", "the article: two killed, civilians"}


def test_a_source_contradicting_itself_is_flagged_as_such():
    one = Brief(casualties=[claim("three", 3, 3, victims="police officers", at=0),
                            claim("seven", 7, 7, victims="police officers", at=50)])
    (conflict,) = merge([("A", one), ("B", Brief())]).contradictions
    assert conflict.within_one_source and conflict.about == "figure"


def test_claims_about_different_victims_are_not_compared():
    a = Brief(casualties=[claim("four", 4, 4, victims="fighters")])
    b = Brief(casualties=[claim("nine", 9, 9, victims="shoppers at the market")])
    assert merge([("A", a), ("B", b)]).contradictions == []


def test_truce_statuses_that_follow_in_time_are_compatible_others_contradict():
    agreed = Brief(truce=Truce(status=TruceStatus.agreed, evidence=ev()))
    broken = Brief(truce=Truce(status=TruceStatus.broken, evidence=ev()))
    rejected = Brief(truce=Truce(status=TruceStatus.rejected, evidence=ev()))
    assert [d.about for d in merge([("A", agreed), ("B", broken)]).compatible] == ["status"]
    (conflict,) = merge([("A", agreed), ("B", rejected)]).contradictions
    assert conflict.note == "the truce is agreed in one account and rejected in another"


def test_one_actor_supporting_and_condemning_is_a_contradiction_condemning_and_suing_is_not():
    a = Brief(reactions=[GovernmentReaction(actor="Norland", stance=Stance.supports, evidence=ev())])
    b = Brief(reactions=[GovernmentReaction(actor="the Norland", stance=Stance.condemns, evidence=ev()),
                         GovernmentReaction(actor="Norland", stance=Stance.legal_steps, evidence=ev())])
    event = merge([("A", a), ("B", b)])
    assert [(d.about, d.note) for d in event.contradictions] == [
        ("stance", "Norland supports in one account and condemns in another")]


def test_names_match_across_articles_by_a_defined_acronym_case_and_quotes():
    assert name_key("Kataib Hezbollah (KH)") == name_key("KH") == "kh"
    assert name_key("the Pentagon") == name_key("Pentagon")
    assert name_key("Asa’ib Ahl al-Haq") == name_key("Asa'ib Ahl al-Haq")
    a = Brief(meeting=Meeting(attendees=[Attendee(name="Kataib Hezbollah (KH)", kind=AttendeeKind.organisation,
                                                  evidence=ev())], evidence=ev()))
    b = Brief(meeting=Meeting(attendees=[Attendee(name="KH", kind=AttendeeKind.organisation, evidence=ev())],
                              evidence=ev()))
    (fact,) = merge([("A", a), ("B", b)]).agreed
    assert fact.section == "attendees" and [s.source for s in fact.supports] == ["A", "B"]


def test_markdown_lists_contradictions_first_with_each_sides_evidence():
    a = Brief(casualties=[claim("four", 4, 4, at=5)])
    b = Brief(casualties=[claim("nine", 9, 9, at=7)])
    text = markdown(merge([("A", a), ("B", b)]))
    assert text.index("## Contradictions") < text.index("## Stated by several sources")
    assert "- four against nine killed" in text and "A [5:9]" in text and "B [7:11]" in text


def test_the_merge_command_briefs_each_article_and_prints_one_event_brief(capsys):
    seeds = [str(ROOT / "seeds" / "000_e53088d7033d0399.txt"), str(ROOT / "seeds" / "003_cbb5148068a9b835.txt")]
    assert main(["merge", *seeds, "--backend", "fake", "--candidates", "rules", "-q"]) == 0
    event = EventBrief.model_validate(json.loads(capsys.readouterr().out))
    assert event.sources == ["000_e53088d7033d0399.txt", "003_cbb5148068a9b835.txt"]
    shared = [f for f in event.agreed if f.section == "casualties"]
    assert shared and all({s.source for s in f.supports} == set(event.sources) for f in shared)
    assert main(["merge", seeds[0], "--backend", "fake", "-q"]) == 2
