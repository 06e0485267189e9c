"""The faithfulness count: written text in a script the article lacks, items on page furniture alone."""

from __future__ import annotations

from evals.faithfulness import faithfulness, line
from summarizer.schema import Brief, Source, Span, Statement, Summary, Truce, TruceStatus

ARTICLE = """Army and rebels agree truce in Harran
[Photo: Fighters near Harran. Photo: Ada Roe]
The army and the rebels agreed a truce on Tuesday, the mediators said. The rebels must leave the bridge.
Read more: Harran's long war in maps
"""


def span(words: str) -> Span:
    start = ARTICLE.index(words)
    return Span(start=start, end=start + len(words), text=words)


BODY = span("The army and the rebels agreed a truce on Tuesday, the mediators said.")


def test_a_clean_brief_counts_nothing():
    brief = Brief(summary=Summary(text="The army and the rebels agreed a truce.", evidence=[BODY]),
                  truce=Truce(status=TruceStatus.agreed, parties=["army", "rebels"], evidence=[BODY]))
    assert faithfulness(brief, ARTICLE) == {"foreign_script": [], "furniture_only": []}


def test_foreign_letters_anywhere_written_are_counted_but_not_in_evidence():
    brief = Brief(
        summary=Summary(text="The army and the rebels agreed a truce (停火).", evidence=[BODY]),
        truce=Truce(status=TruceStatus.agreed, parties=["army", "повстанцы"], evidence=[BODY],
                    conditions=[Statement(text="The rebels must leave the bridge.", evidence=[BODY])]),
    )
    assert faithfulness(brief, ARTICLE)["foreign_script"] == [
        "brief.summary.text: CJK in 'The army and the rebels agreed a truce (停火).'",
        "brief.truce.parties[1]: CYRILLIC in 'повстанцы'",
    ]


def test_items_on_furniture_alone_are_counted_and_beside_the_body_they_are_not():
    headline, caption, link = span("Army and rebels agree truce in Harran"), span("[Photo: Fighters near Harran."), \
        span("Read more: Harran's long war in maps")
    brief = Brief(
        truce=Truce(status=TruceStatus.agreed, evidence=[headline, BODY],
                    conditions=[Statement(text="agree truce", evidence=[headline])]),
        sources=[Source(name="Ada Roe", evidence=[caption]), Source(name="maps", evidence=[link, headline])],
    )
    found = faithfulness(brief, ARTICLE)
    assert found["furniture_only"] == [
        "brief.truce.conditions[0] rests on heading only: 'Army and rebels agree truce in Harran'",
        "brief.sources[0] rests on caption only: '[Photo: Fighters near Harran.'",
        "brief.sources[1] rests on heading, link only: \"Read more: Harran's long war in maps\"",
    ]
    report = {"cases": [{"id": "x", "faithfulness": found}, {"id": "y", "faithfulness":
                                                              {"foreign_script": [], "furniture_only": []}}]}
    assert line(report) == ("faithfulness: 0 foreign-script fields, 3 furniture-only items over 2 cases; "
                            "per case (fields, items): x (0, 3)")
