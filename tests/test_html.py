"""The HTML brief: self-contained, every evidence span highlighted with the items that cite it, inert whatever
the article holds, colours that pass WCAG AA, one page for several articles."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from summarizer.html import INK, PALETTE, html_page, segments
from summarizer.schema import (
    Brief,
    CasualtyClaim,
    CasualtyKind,
    Dropped,
    Figure,
    GovernmentReaction,
    Span,
    Stance,
    Summary,
)

ARTICLE = ("Rebels said 12 soldiers were killed near Tarsk. The army said four soldiers died there. "
           "Norland condemned the raid.")


def span(text: str, article: str = ARTICLE) -> Span:
    start = article.index(text)
    return Span(start=start, end=start + len(text), text=text)


def brief_of(article: str = ARTICLE) -> Brief:
    first, second, third = (article.split(". ")[0] + ".", article.split(". ")[1] + ".", article.split(". ")[2])
    return Brief(
        summary=Summary(text="Two tolls for one raid; Norland condemned it.", evidence=[span(first, article),
                                                                                        span(third, article)]),
        casualties=[
            CasualtyClaim(claimant="Rebels", figure_text="12", figure=Figure(low=12, high=12),
                          kind=CasualtyKind.killed, place="Tarsk", evidence=[span(first, article)]),
            CasualtyClaim(claimant="The army", figure_text="four", figure=Figure(low=4, high=4),
                          kind=CasualtyKind.killed, place="Tarsk", evidence=[span(second, article)]),
        ],
        reactions=[GovernmentReaction(actor="Norland", stance=Stance.condemns, evidence=[span(third, article)])],
        dropped=[Dropped(section="reactions", reason="actor not named in the article", item="Korvia")],
    )


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <mark>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[tuple[str, str]] = []
        self._mark: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._mark = dict(attrs)["data-items"]

    def handle_endtag(self, tag):
        if tag == "mark":
            self._mark = None

    def handle_data(self, data):
        if self._mark is not None:
            self.marks.append((self._mark, data))


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


def test_every_evidence_span_is_highlighted_with_the_items_that_cite_it():
    brief = brief_of()
    page = parsed(html_page([("raid", ARTICLE, brief)]))
    items = {attrs["data-item"]: tag for tag, attrs in page.tags if "data-item" in attrs}
    assert len(items) == 4  # the summary, two claims and the reaction, each focusable
    assert all(attrs.get("tabindex") == "0" for _, attrs in page.tags if "data-item" in attrs)
    cited: dict[str, str] = {}
    for ids, text in page.marks:
        for item in ids.split():
            cited[item] = cited.get(item, "") + text
    summary, first_claim, second_claim, reaction = (f"a0-i{n}" for n in range(4))
    assert cited[first_claim] == "Rebels said 12 soldiers were killed near Tarsk."
    assert cited[second_claim] == "The army said four soldiers died there."
    assert cited[reaction] == "Norland condemned the raid."
    assert cited[summary] == "Rebels said 12 soldiers were killed near Tarsk.Norland condemned the raid."


def test_segments_cut_the_article_at_every_boundary_and_keep_every_character():
    from summarizer.html import Item

    items = [Item("x", "truce", "a", [(0, 10)]), Item("y", "casualties", "b", [(5, 20)])]
    pieces = segments("0123456789abcdefghijXYZ", items)
    assert [(p.text, [i.id for i in p.items]) for p in pieces] == [
        ("01234", ["x"]), ("56789", ["x", "y"]), ("abcdefghij", ["y"]), ("XYZ", [])]


def test_conflicting_claims_sit_together_under_a_note_and_reactions_are_grouped_by_stance():
    page = html_page([("raid", ARTICLE, brief_of())])
    conflict = page[page.index('<tbody class="conflict">'):]
    conflict = conflict[:conflict.index("</tbody>")]
    assert "Conflicting figures for Tarsk (killed)" in conflict
    assert conflict.index("Rebels") < conflict.index("The army")
    assert re.search(r"<h3>condemns</h3>\s*<ul>\s*<li[^>]*>Norland", page)
    assert "1 proposed item(s) dropped by grounding" in page and "actor not named in the article" in page


HOSTILE = ('Militants posted <script>alert(1)</script> and <img src=x onerror=alert(2)> then </textarea> and '
           '<a href="javascript:alert(3)">this link</a> as the truce collapsed. "Quotes" & ampersands stay text.')


def test_an_article_and_a_brief_holding_markup_render_as_inert_text():
    whole = HOSTILE
    brief = Brief(summary=Summary(text="<b onmouseover=alert(4)>bold</b>", evidence=[span(whole, whole)]),
                  reactions=[GovernmentReaction(actor="<script>x()</script>", stance=Stance.condemns,
                                                evidence=[span(whole, whole)])])
    page = html_page([("<i>title</i>", whole, brief)])
    elements = parsed(page)
    tags = [tag for tag, _ in elements.tags]
    assert tags.count("script") == 1 and "img" not in tags and "a" not in tags and "b" not in tags and "i" not in tags
    assert not [name for _, attrs in elements.tags for name in attrs if name.startswith("on")]
    assert "javascript:" not in " ".join(str(v) for _, attrs in elements.tags for v in attrs.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;/textarea&gt;" in page
    assert "".join(text for _, text in elements.marks) == HOSTILE  # every character kept, as text


def test_the_page_needs_nothing_from_the_network():
    page = html_page([("raid", ARTICLE, brief_of())])
    tags = parsed(page).tags
    assert not [attrs for tag, attrs in tags if tag in ("link", "img", "iframe") or tag == "script" and "src" in attrs]
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page)
    assert "@import" not in page and "url(" not in page


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_known_pairs():
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic grey that fails AA


@pytest.mark.parametrize("section", sorted(PALETTE))
def test_text_on_every_highlight_passes_wcag_aa(section):
    assert _contrast(INK, PALETTE[section]) >= 4.5


def test_several_articles_make_one_page_with_a_table_of_contents():
    other = "Norland condemned the raid. Rebels said 12 soldiers were killed near Tarsk. The army said four soldiers died there."
    page = html_page([("first", ARTICLE, brief_of()), ("second", other, brief_of(ARTICLE))])
    assert page.count("<html") == 1 and page.count("</html>") == 1
    assert '<a href="#a0">first</a>' in page and '<a href="#a1">second</a>' in page
    ids = [attrs["data-item"] for _, attrs in parsed(page).tags if "data-item" in attrs]
    assert len(ids) == len(set(ids)) == 8
