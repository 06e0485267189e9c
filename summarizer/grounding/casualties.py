"""Casualty claims: a figure the article states, its kind, and who claims it, from model or rule answers alike."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import answers as A
from ..article import Sentence, normalise
from ..rules.casualties import stated_figures
from ..rules.cues import mentions_casualties
from ..rules.figures import numbers_written, parse_figure
from ..rules.lexicon import QUALIFIERS, alternation
from ..rules.words import names_someone
from ..schema import CasualtyClaim, CasualtyKind, Figure
from .evidence import Evidence
from .text import blank, figure_supported, supported


def casualties(ev: Evidence, answers: Sequence[A.ClaimAnswer]) -> list[CasualtyClaim]:
    """Every answer whose figure a casualty sentence states, with the claimant that sentence gives."""
    return [claim for a in answers if (claim := casualty(ev, a)) is not None]


def casualty(ev: Evidence, a: A.ClaimAnswer) -> CasualtyClaim | None:
    """One claim, grounded; None (and the reason recorded) when the article does not state it."""
    figure_text = a.figure.strip()
    figure = Figure(low=0, high=0) if a.kind == "none" else parse_figure(figure_text)
    if figure is None:
        ev.drop("casualties", "the figure holds no number", figure_text)
        return None
    found = ev.anchor(figure_text, ev.cited(a.sentences), check=figure_supported)
    if found is None:
        ev.drop("casualties", "figure not stated in the article", figure_text)
        return None
    if not any(mentions_casualties(s) for s in found):
        ev.drop("casualties", "the figure's sentence speaks of no casualties", f"{figure_text} {a.kind}")
        return None
    figure_text, figure = _with_its_qualifier(*_as_written(figure_text, figure, found), found)
    kind = _stated_kind(figure_text, found) or a.kind
    claimant = _claimant(ev, None if blank(a.claimant) else a.claimant.strip(), figure_text, found)
    found = ev.with_attribution(claimant, found)
    if claimant is not None and not supported(claimant, ev.text_of(found)):
        claimant = None
    return CasualtyClaim(
        claimant=claimant, figure_text=figure_text, figure=figure, kind=CasualtyKind(kind),
        victims=ev.optional("casualties", "victims", a.victims, found),
        side=ev.optional("casualties", "side", a.side, found),
        place=ev.optional("casualties", "place", a.place, found),
        incident=ev.optional("casualties", "incident", a.incident, found),
        hedge=ev.optional("casualties", "hedge", a.hedge, found),
        evidence=ev.spans(found),
    )


def _claimant(ev: Evidence, given: str | None, figure_text: str, found: list[Sentence]) -> str | None:
    """Who claims the figure: the answer's claimant where the figure's own sentence names it and the parse
    reads no other speaker for the figure; else the speaker the parse reads (None in the article's own
    voice, "13 people were killed"), the answer's claimant recorded as dropped when it differs."""
    stated = ev.stated_speaker(figure_text, found, prefer=given)
    if given is not None and names_someone(given) and supported(given, ev.text_of(found)):
        if stated is not None and supported(stated, given) and len(stated) < len(given):
            return stated  # "Dr Ada Brenn, a surgeon who ..." -> "Dr Ada Brenn": the name as the parse reads it
        if stated is None or supported(stated, given) or supported(given, stated):
            return given
    if given is not None and names_someone(given) and not ev.locates(figure_text, found):
        # the answer wrote the figure its own way ("19" for "nineteen"): the parse cannot place it
        return given if supported(given, ev.text_of(ev.with_attribution(given, found))) else stated
    if given is not None and (stated is None or not supported(given, stated)):
        ev.drop("casualties.claimant", "not who the article has give the figure", given)
    return stated


def _as_written(figure_text: str, figure: Figure, evidence: Sequence[Sentence]) -> tuple[str, Figure]:
    """The figure in the article's own words where the answer wrote it otherwise ("4" for "Four", "9" for "at
    least nine", "at least 1.7 million" for "1.7 million"): the stated figure of the same number in its evidence,
    else that number as the evidence writes it, with the bound the article gives it, so that what is claimed is
    the article's and its speaker can be read where it stands."""
    wanted = normalise(figure_text)
    if any(wanted in normalise(s.text) for s in evidence):
        return figure_text, figure
    number = _number_of(figure)
    for s in evidence:
        for stated in stated_figures(s.text):
            parsed = parse_figure(stated.figure_text)
            if parsed is not None and (parsed == figure or _number_of(parsed) == number):
                return stated.figure_text, parsed
    for s in evidence:
        for written in numbers_written(s.text):
            parsed = parse_figure(written)
            if parsed is not None and number is not None and _number_of(parsed) == number:
                return written, parsed
    return figure_text, figure


def _number_of(figure: Figure) -> int | None:
    """The number a figure is stated with (its lower bound, else its upper one)."""
    return figure.low if figure.low is not None else figure.high




def _with_its_qualifier(figure_text: str, figure: Figure, evidence: Sequence[Sentence]) -> tuple[str, Figure]:
    """The figure as the article bounds it, where the answer dropped the words in front ("300" written "more
    than 300", "13" written "at least 13"): those words change what is claimed."""
    if figure.low != figure.high:
        return figure_text, figure
    qualified = re.compile(rf"\b(?:{alternation(QUALIFIERS)})\s+{re.escape(figure_text)}\b", re.I)
    for s in evidence:
        m = qualified.search(s.text)
        if m and (bounded := parse_figure(m.group(0))) is not None and bounded != figure:
            return m.group(0), bounded
    return figure_text, figure


def _stated_kind(figure_text: str, evidence: Sequence[Sentence]) -> str | None:
    """The kind (killed, wounded, missing) that the evidence itself ties to this figure, if any."""
    wanted = normalise(figure_text)
    for s in evidence:
        for stated in stated_figures(s.text):
            if normalise(stated.figure_text) == wanted:
                return stated.kind
    return None
