"""Casualty claims: a figure the article states, its kind, and who claims it, from model or rule answers alike."""

from __future__ import annotations

from collections.abc import Sequence

from .. import answers as A
from ..article import Sentence, normalise
from ..rules.casualties import stated_figures
from ..rules.cues import mentions_casualties
from ..rules.figures import parse_figure
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
    kind = _stated_kind(figure_text, found) or a.kind
    given = None if blank(a.claimant) else a.claimant.strip()
    found = ev.with_attribution(given, found)
    claimant = given
    if given is None or not names_someone(given) or not supported(given, ev.text_of(found)):
        claimant = ev.stated_speaker(figure_text, found)
        found = ev.with_attribution(claimant, found)
        if claimant is None and given is not None:
            ev.drop("casualties", f"claimant {a.claimant!r} not stated with the figure", f"{figure_text} {a.kind}")
            return None
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


def _stated_kind(figure_text: str, evidence: Sequence[Sentence]) -> str | None:
    """The kind (killed, wounded, missing) that the evidence itself ties to this figure, if any."""
    wanted = normalise(figure_text)
    for s in evidence:
        for stated in stated_figures(s.text):
            if normalise(stated.figure_text) == wanted:
                return stated.kind
    return None
