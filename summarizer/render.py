"""Render a Brief as JSON or Markdown (HTML: ``summarizer.html``)."""

from __future__ import annotations

import json

from .schema import Brief, Figure, Grounded

FORMATS = ("json", "markdown", "html")
"""The output formats; HTML needs the article beside the brief."""
SUFFIXES = {"json": ".json", "markdown": ".md", "html": ".html"}
"""The file suffix of each format's output."""


def brief_json(brief: Brief) -> str:
    """The brief as pretty JSON (UTF-8, not ASCII-escaped)."""
    return json.dumps(brief.model_dump(mode="json"), ensure_ascii=False, indent=2)


def render(brief: Brief, fmt: str, title: str = "", article: str | None = None) -> str:
    """The brief in format ``fmt`` (one of FORMATS); ``html`` shows it beside ``article``."""
    if fmt == "html":
        from .html import html_page

        if article is None:
            raise ValueError("an HTML brief needs its article")
        return html_page([(title, article, brief)])
    return brief_json(brief) if fmt == "json" else markdown(brief, title)


def figure_range(f: Figure) -> str:
    """A normalised figure in a few characters: "4", "12+", "up to 7", "30-40", "~50"."""
    if f.low == f.high and f.low is not None:
        text = str(f.low)
    elif f.high is None:
        text = f"{f.low}+"
    elif f.low is None:
        text = f"up to {f.high}"
    else:
        text = f"{f.low}-{f.high}"
    return f"~{text}" if f.approximate else text


def _cite(item: Grounded) -> str:
    return " ".join(f"[{s.start}:{s.end}]" for s in item.evidence)


def _join(*parts: str | None) -> str:
    return "; ".join(p for p in parts if p)


def markdown(brief: Brief, title: str = "") -> str:
    """A readable brief; each item ends with the character spans of its evidence."""
    out = [f"# Brief{': ' + title if title else ''}", ""]
    if brief.summary:
        out += [brief.summary.text, ""]
    if brief.event:
        out += [f"**When / where:** {_join(brief.event.date, brief.event.place)} {_cite(brief.event)}", ""]
    out.append("## Truce")
    if brief.truce:
        t = brief.truce
        out.append(f"- status: **{t.status.value}**; parties: {', '.join(t.parties) or '-'}; toward: "
                   f"{', '.join(t.toward) or '-'}; {_join(t.when, t.where)} {_cite(t)}")
        out += [f"- condition: “{c.text}” {_cite(c)}" for c in t.conditions]
        out += [f"- caveat: “{c.text}” {_cite(c)}" for c in t.caveats]
    else:
        out.append("- none reported")
    out += ["", "## Meeting"]
    if brief.meeting:
        m = brief.meeting
        out.append(f"- {_join(m.place, m.time, 'host: ' + m.host if m.host else None)} {_cite(m)}")
        for a in m.attendees:
            who = f"representatives of {a.name}" if a.representatives else a.name
            out.append(f"- attendee ({a.kind.value}): {who}{', ' + a.role if a.role else ''}"
                       f"{' (' + a.affiliation + ')' if a.affiliation else ''} {_cite(a)}")
        if m.unnamed_others:
            out.append("- and others, not named")
    else:
        out.append("- none reported")
    out += ["", "## Casualty claims"]
    for c in brief.casualties:
        out.append(f"- {c.claimant or 'the article'}: {c.figure_text} ({figure_range(c.figure)}) {c.kind.value}"
                   f"{', ' + c.victims if c.victims else ''}{', ' + c.place if c.place else ''}"
                   f"{' [' + c.hedge + ']' if c.hedge else ''} {_cite(c)}")
    if not brief.casualties:
        out.append("- none reported")
    out += ["", "## Government reactions"]
    for r in brief.reactions:
        out.append(f"- {r.actor}: {r.stance.value}{' (' + r.speaker + ')' if r.speaker else ''}"
                   f"{': “' + r.statement + '”' if r.statement else ''} {_cite(r)}")
    if not brief.reactions:
        out.append("- none reported")
    if brief.sources:
        out += ["", "## Sources"]
        out += [f"- {s.name}{' (anonymous)' if s.anonymous else ''} {_cite(s)}" for s in brief.sources]
    if brief.dropped:
        out += ["", f"_{len(brief.dropped)} proposed item(s) dropped by grounding._"]
    if brief.run:
        r = brief.run
        out += ["", f"_{r.backend} / {r.model}, prompts v{r.prompt_version}, {r.prompt_tokens}+{r.completion_tokens} "
                f"tokens, {r.attempts} attempts, {r.latency_s:.1f} s_"]
    return "\n".join(out) + "\n"
