"""A brief as a self-contained HTML page: the brief beside its article, every item one click from its words.

The page needs nothing from the network (its style and script are inline) and opens from disk. Everything
from the article or the model reaches it through jinja2 with autoescaping on, so an article holding markup
renders as inert text. The view model built here is plain data: which items cite which characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

from jinja2 import Environment, select_autoescape

from .render import figure_range
from .schema import Brief, CasualtyClaim, Grounded, Stance

PALETTE: dict[str, str] = {
    "summary": "#e3e8ef",
    "event": "#e8e1f5",
    "truce": "#d5f0dc",
    "meeting": "#d6e9fa",
    "casualties": "#fbd9d3",
    "reactions": "#fdeccb",
    "sources": "#eeeeee",
}
"""Each section's highlight colour, behind text of ``INK`` (every pair passes WCAG AA, see the tests)."""
INK = "#1b1b1b"
"""The colour of all text on the page."""

STANCE_ORDER = tuple(Stance)
"""Reactions are grouped by stance in this order."""


@dataclass
class Item:
    """One item of the brief as the page shows it."""

    id: str
    section: str
    label: str
    spans: list[tuple[int, int]]


@dataclass
class Segment:
    """A run of the article's characters cited by the same items (none for plain text)."""

    text: str
    items: list[Item] = field(default_factory=list)

    @property
    def section(self) -> str | None:
        return self.items[0].section if self.items else None

    @property
    def cited_by(self) -> str:
        return "; ".join(f"{i.section}: {i.label}" for i in self.items)

    @property
    def item_ids(self) -> str:
        return " ".join(i.id for i in self.items)


@dataclass
class ClaimRow:
    """A casualty claim in the table, and whether it disagrees with another claim of the same kind and incident."""

    claim: CasualtyClaim
    item: Item
    conflict: bool


@dataclass
class Page:
    """One article's part of the page."""

    anchor: str
    title: str
    brief: Brief
    segments: list[Segment]
    items: dict[int, Item]
    claim_groups: list[list[ClaimRow]]
    reactions_by_stance: list[tuple[str, list[tuple[object, Item]]]]

    def item(self, grounded: Grounded) -> Item:
        return self.items[id(grounded)]


def _label(section: str, item: Grounded) -> str:
    """A short name for an item, shown where a highlight lists who cites it."""
    for name in ("text", "name", "figure_text", "actor", "date", "place", "status"):
        value = getattr(item, name, None)
        if value:
            text = getattr(value, "value", value)
            return str(text)[:80]
    return section


def _sectioned(brief: Brief) -> list[tuple[str, Grounded]]:
    """Every grounded item with the section whose colour it takes."""
    out: list[tuple[str, Grounded]] = []
    if brief.summary:
        out.append(("summary", brief.summary))
    if brief.event:
        out.append(("event", brief.event))
    if brief.truce:
        out += [("truce", brief.truce), *(("truce", c) for c in brief.truce.conditions),
                *(("truce", c) for c in brief.truce.caveats)]
    if brief.meeting:
        out += [("meeting", brief.meeting), *(("meeting", a) for a in brief.meeting.attendees)]
    out += [("casualties", c) for c in brief.casualties]
    out += [("reactions", r) for r in brief.reactions]
    out += [("sources", s) for s in brief.sources]
    return out


def segments(article: str, items: Sequence[Item]) -> list[Segment]:
    """The article cut at every span boundary, each piece with the items whose evidence covers it."""
    cuts = {0, len(article)}
    for item in items:
        for start, end in item.spans:
            cuts.update((max(0, start), min(len(article), end)))
    bounds = sorted(cuts)
    out = []
    for start, end in zip(bounds, bounds[1:]):
        if start == end:
            continue
        covering = [i for i in items if any(s <= start and end <= e for s, e in i.spans)]
        out.append(Segment(article[start:end], covering))
    return out


def _claim_groups(claims: Sequence[CasualtyClaim], items: dict[int, Item]) -> list[list[ClaimRow]]:
    """Claims grouped by kind and incident (or place), in article order; a group whose figures differ is a
    conflict, shown side by side."""
    groups: dict[tuple[str, str], list[CasualtyClaim]] = {}
    for claim in claims:
        key = (claim.kind.value, (claim.incident or claim.place or "").lower())
        groups.setdefault(key, []).append(claim)
    out = []
    for group in groups.values():
        figures = {(c.figure.low, c.figure.high) for c in group}
        out.append([ClaimRow(c, items[id(c)], conflict=len(figures) > 1) for c in group])
    return out


def page_of(anchor: str, title: str, article: str, brief: Brief) -> Page:
    """The view of one article and its brief."""
    items: dict[int, Item] = {}
    for n, (section, grounded) in enumerate(_sectioned(brief)):
        items[id(grounded)] = Item(f"{anchor}-i{n}", section, _label(section, grounded),
                                   [(s.start, s.end) for s in grounded.evidence])
    by_stance = [(stance.value, [(r, items[id(r)]) for r in brief.reactions if r.stance == stance])
                 for stance in STANCE_ORDER]
    return Page(anchor, title, brief, segments(article, list(items.values())), items,
                _claim_groups(brief.casualties, items), [(s, rs) for s, rs in by_stance if rs])


def _environment() -> Environment:
    """Autoescaping on for everything: every value from the article or the model is text, never markup."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["figure"] = figure_range
    return env


def html_page(articles: Sequence[tuple[str, str, Brief]]) -> str:
    """One page for one or more (title, article, brief): each brief beside its article, with a table of contents
    when there are several."""
    template = _environment().from_string(
        resources.files("summarizer").joinpath("templates/brief.html.j2").read_text(encoding="utf-8"))
    pages = [page_of(f"a{n}", title, article, brief) for n, (title, article, brief) in enumerate(articles)]
    return template.render(pages=pages, palette=PALETTE, ink=INK)
