"""Who does and says what, read from a sentence's dependency parse rather than from its wording.

Every function takes a sentence's text (parsed once and shared, see :mod:`summarizer.parse`) or a parsed
token. A speaker is the subject of a reporting verb (or a passive's agent, or the object of "according to")
that governs the words in question; a phrase is the noun phrase the parser attaches to its head, with its
title, apposition and "of"/"for" modifiers; a name is told from its role by the parser's entities and
part-of-speech tags, not by a list of titles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from ..article import find_written
from ..parse import parse
from .lexicon import DOCUMENT_NOUNS, REPORTING_VERBS, SPEAKER_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_REPORTING = frozenset(REPORTING_VERBS)
_CLAUSES = frozenset({"relcl", "acl", "advcl"})
"""Clauses inside a noun phrase that are no part of its name ("the ministry, which runs the camps,")."""
MODIFYING = frozenset({"acl", "amod", "relcl"})
"""A verb that only modifies a noun ("militias armed by Norland", "a toll the ministry disputed") says nothing."""
_REPORTED = frozenset({"ccomp", "parataxis", "advcl", "xcomp"})
"""How a reporting verb hangs off the clause it reports ("..., the army said" read as the clause's child)."""
_NAMING = ("of", "for")
"""Prepositions whose phrase is part of a name or an office ("the Ministry of Health", "the envoy for Tarsk")."""
_DASHES = frozenset({"—", "–", "--"})
"""A dash before a subject ends a dateline ("TARSK, Norland — The army said")."""
_PERSON_NAME = frozenset({"PERSON"})
_SPEAKING_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
"""Entity kinds that can speak."""
_NOT_NAMES = frozenset({"GPE", "NORP", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY",
                        "PERCENT", "FAC", "EVENT", "LAW", "LANGUAGE"})
"""Entity kinds that are never a person's name."""


def token_at(doc: Doc, at: int) -> Token | None:
    """The token that holds character ``at`` of the parsed text (or the first one after it)."""
    return next((t for t in doc if t.idx + len(t.text) > at), None)


def is_pronoun(speaker: str) -> bool:
    """The speaker is a pronoun that stands for someone named before."""
    return speaker.strip().lower() in SPEAKER_PRONOUNS


def subject_of(verb: Token) -> Token | None:
    """Who does what ``verb`` says: a passive's agent, else its subject; a verb joined to an earlier one by "and"
    (or completing one, "vowed to keep fighting") shares its subject; None when it has none in the sentence or
    only a passive subject (what was done, not who did it)."""
    while verb is not None:
        agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)
        if subject is not None:
            return subject
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return None
        verb = verb.head if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i else None
    return None


def phrase(head: Token, pronouns: bool = False, whole: bool = False, apposition: bool = True) -> str | None:
    """The noun phrase headed by ``head`` as the text writes it: its words up to the head (after a dateline's
    dash), and after it an apposition, an "of"/"for" phrase or a modifier ("an aide close to the mediators"); with
    ``whole`` also every other prepositional phrase and clause that is not set off by a comma ("an official in
    Tarsk", "three guests who came"); never a clause set off by commas ("the ministry, which runs the
    camps,"), nor, without ``apposition``, a description set beside a name ("the Daughters of Orm, an old
    guerrilla band"); None for a pronoun ("he", "his government") unless ``pronouns``."""
    if head.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children):
        return head.text if pronouns and is_pronoun(head.text) else None
    doc = head.doc
    keep = {head.i}
    for child in head.children:
        if child.dep_ in ("punct", "cc", "conj", "case") or child.dep_ == "appos" and not apposition:
            continue
        set_off = child.i > head.i and doc[child.left_edge.i - 1].text == ","
        if child.dep_ in _CLAUSES and (not whole or set_off):
            continue
        if (child.i < head.i or child.dep_ == "appos" or child.dep_ == "amod" and not set_off
                or whole and not set_off or child.dep_ == "prep" and child.lower_ in _NAMING):
            keep.update(t.i for t in child.subtree if not any(_cut(a, child, whole) for a in _up_to(t, child)))
    dash = max((i for i in keep if i < head.i and doc[i].text in _DASHES), default=None)
    words = sorted(i for i in keep if not doc[i].is_punct and (dash is None or i > dash)) or [head.i]
    first, last = words[0], words[-1] + 1
    for entity in (_with_foreign_forenames(e) for e in doc.ents if e.label_ in _PERSON_NAME):  # one name, whole
        if entity.start <= last - 1 < entity.end or entity.start <= first < entity.end:
            first, last = min(first, entity.start), max(last, entity.end)
    if doc[first:last].text.count("(") > doc[first:last].text.count(")") and last < len(doc) and doc[last].text == ")":
        last += 1  # "the Upper Valley Alliance (UVA)"
    text = doc[first:last].text.strip(" ,;:\"“”'‘’")
    return (text[1:-1] if text.startswith("(") and text.endswith(")") else text) or None


def _cut(token: Token, top: Token, whole: bool) -> bool:
    """Whether ``token``, below ``top`` in a phrase, starts words that are not part of it: a clause (unless the
    whole phrase is wanted and it is ``top`` itself), and but for the whole phrase any prepositional phrase
    other than "of"/"for" ("the Ministry of Health in the capital" -> "the Ministry of Health")."""
    if token.dep_ in _CLAUSES:
        return not whole or token.i != top.i
    return not whole and token.dep_ == "prep" and token.i != top.i and token.lower_ not in _NAMING


def _up_to(token: Token, top: Token) -> list[Token]:
    """``token`` and its ancestors below ``top`` (``top`` left out)."""
    path = []
    while token.i != top.i and token.head.i != token.i:
        path.append(token)
        token = token.head
    return path


def speaker_token(head: Token) -> Token:
    """The one who speaks when ``head`` is what was issued: "a statement from the ministry" -> "ministry"."""
    if head.lemma_.lower() in DOCUMENT_NOUNS:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return head


def _named(head: Token | None, pronouns: bool) -> str | None:
    """A speaker as an article names them: a person's name without the office around it ("Ada Brenn" for "Navy
    chief Ada Brenn", "Colonel Ada Brenn" for "Colonel Ada Brenn, the garrison's head"), else the whole phrase
    with where they are ("a senior official in Tarsk"). (Named with their office, the speakers of the real
    reports matched their golds less often: sources F1 .776 -> .659.)"""
    if head is None:
        return None
    head = speaker_token(head)
    if head.lemma_.lower() in DOCUMENT_NOUNS:
        return None  # "the report said": a document, no one named
    named = phrase(head, pronouns, whole=True)
    if named is None or is_pronoun(named) or not _names_a_person(head):
        return named  # "someone close to Premier Ada Lenk" is a source, not Ada Lenk
    role, name = split_role(phrase(head) or named, head.doc.text)
    if role is not None:
        return name
    if head.pos_ == "PROPN" and any(c.dep_ == "appos" for c in head.children):
        return phrase(head, apposition=False) or named  # "Ines Vaho, a nurse at ...": the name the parse heads
    return named


def _names_a_person(head: Token) -> bool:
    """The phrase's head, or its apposition, is a proper name ("Navy chief Ada Brenn", "the minister, Ada
    Lenk,"), so that a role around it can be told apart."""
    return any(t.pos_ == "PROPN" for t in (head, *(c for c in head.children if c.dep_ == "appos")))


def _according_to(verb: Token) -> Token | None:
    """The object of an "according to X" attached to ``verb``."""
    for child in verb.children:
        if child.lower_ == "according":
            to = next((g for g in child.children if g.lower_ == "to"), None)
            obj = next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None
            if obj is not None:
                return obj
    return None


def reports(verb: Token) -> bool:
    """``verb`` attributes words to its subject: a reporting verb, neither modifying a noun nor negated ("the
    ministry had not confirmed it" has the ministry say nothing)."""
    return (verb.lemma_.lower() in _REPORTING and verb.dep_ not in MODIFYING
            and not any(c.dep_ == "neg" and not _foreign_name_word(c) for c in verb.children))


def speaker_at(text: str, at: int, pronouns: bool = False) -> str | None:
    """Who ``text`` says is speaking about the words at character ``at``: the subject (or passive agent) of the
    nearest reporting verb that governs them ("X said [that ...]", "[...], X said"), else "according to X".
    With ``pronouns`` a pronoun speaker ("He added ...") is returned as written, for the caller to resolve."""
    doc = parse(text)
    token = token_at(doc, at)
    if token is None:
        return None
    path = [token, *token.ancestors]
    verb = next((node for node in path[1:] if reports(node)), None)
    if verb is not None:
        return _named(subject_of(verb), pronouns)
    obj = next((obj for node in path if (obj := _according_to(node)) is not None), None)
    if obj is not None:
        return _named(obj, pronouns)
    on = {node.i for node in path}
    hung = next((child for node in path for child in node.children
                 if child.dep_ in _REPORTED and child.i not in on and child.i > token.i and reports(child)), None)
    return _named(subject_of(hung), pronouns) if hung is not None else None  # "[...], the army said"


def main_subject(text: str) -> str | None:
    """The named subject of the sentence's main verb, whatever the verb ("Ada Brenn, a surgeon, described
    ..." -> "Ada Brenn"): who a pronoun in the next sentence most likely stands for; only a proper name or
    a person, group or state the recogniser finds."""
    root = next((t for t in parse(text) if t.dep_ == "ROOT"), None)
    subject = subject_of(root) if root is not None else None
    if subject is None or not (subject.pos_ == "PROPN" or subject.ent_type_ in _SPEAKING_ENTITIES):
        return None  # "The offensive was over": a thing, no one who could speak next
    return _named(subject, False)


def antecedent(pronoun: Token, before: str) -> str | None:
    """The noun phrase that a subject pronoun stands for: the subject of the sentence ``before``'s main verb,
    whole with its office ("German Foreign Minister Ada Brenn said ... He urged ..."), when it agrees with the
    pronoun: "he" and "she" a person, "it" a body or a state, never a person; None otherwise."""
    word = pronoun.lower_
    if pronoun.pos_ != "PRON" or word not in ("he", "she", "it"):
        return None
    root = next((t for t in parse(before) if t.dep_ == "ROOT"), None)
    subject = subject_of(root) if root is not None else None
    if subject is None or subject.pos_ == "PRON":
        return None
    named = phrase(subject)
    people = [e for e in subject.doc.ents if e.label_ == "PERSON" and e.start <= subject.i < e.end
              or e.label_ == "PERSON" and e.root.head.i == subject.i and e.root.dep_ in ("appos", "compound")]
    if word == "it" and (people or subject.ent_type_ == "PERSON"):
        return None
    if word != "it" and not (people or subject.ent_type_ == "PERSON"):
        return None
    return named


def speakers(text: str) -> list[str]:
    """Everyone ``text`` has speak (subjects of its reporting verbs, "according to" objects), in order, each
    once; pronouns and documents left out."""
    doc = parse(text)
    found: list[tuple[int, str]] = []
    for token in doc:
        head = subject_of(token) if reports(token) else None
        if token.lower_ == "according":
            head = _according_to(token.head)
        name = _named(head, False) if head is not None else None
        if name and name not in (n for _, n in found):
            found.append((head.i, name))
    return [name for _, name in sorted(found)]


def split_role(text: str, sentence: str | None = None) -> tuple[str | None, str]:
    """A person's role and name as one phrase writes them: "Foreign Minister Jan Vos" -> ("Foreign Minister",
    "Jan Vos"), "Korvia's defence minister, Pal Ostrom" and "Pal Ostrom, Korvia's defence minister" -> ("Korvia's
    defence minister", "Pal Ostrom"); (None, text) when no name stands apart from a role ("the Foreign
    Ministry", "Jan Vos", "the rebels"). Names are read from the parse of ``sentence`` where it holds the phrase
    (the recogniser knows a name better in its sentence than alone), else from the phrase's own."""
    text = text.strip()
    written = find_written(sentence, text) if sentence else None
    if written is not None:
        text = sentence[written[0]:written[1]]  # the sentence's own wording
    at = written[0] if written else -1
    doc = parse(sentence) if sentence and at >= 0 else parse(text)
    phrase_span = doc.char_span(at, at + len(text), alignment_mode="expand") if at >= 0 else doc[:]
    if phrase_span is None:
        phrase_span = parse(text)[:]
    for name in _name_spans(phrase_span):
        split = _role_around(phrase_span, name)
        if split and split[0]:
            return split[0], split[1].strip(" ,")
    return None, text


def role_in(name: str, sentence: str) -> str | None:
    """The role ``sentence`` writes around ``name`` ("Yemen's foreign minister, Ada Brenn," -> "Yemen's foreign
    minister"), read from the noun phrase the parse builds on the name; None where it writes none."""
    written = find_written(sentence, name)
    span = parse(sentence).char_span(*written, alignment_mode="expand") if written else None
    if span is None:
        return None
    head = span.root
    if head.dep_ == "appos":
        head = head.head  # "the envoy, Ada Brenn," -> the phrase headed by "envoy"
    around = phrase(head)
    if not around or around == name:
        return None
    role, named = split_role(around, sentence)
    return role if role and (named in name or name in named) else None


def _name_spans(phrase: Span) -> list[Span]:
    """Spans of ``phrase`` that read as a person's name, people first: a PERSON entity, or a run of two to four
    proper nouns that the recogniser gives no place or nation label; never one after an article."""
    doc = phrase.doc
    spans = []
    for e in (_with_foreign_forenames(e) for e in doc.ents):
        if e.start < phrase.start or e.end > phrase.end or e.label_ in _NOT_NAMES:
            continue
        if e[0].dep_ == "det" or e.start > phrase.start and doc[e.start - 1].dep_ == "det":
            continue  # "the Qassam Brigades": a name after an article is a group's, not a person's
        if e.label_ in _PERSON_NAME or 2 <= len(e) <= 4 and all(t.pos_ == "PROPN" for t in e):
            spans.append(e)
    return sorted(spans, key=lambda e: e.label_ not in _PERSON_NAME)


def _with_foreign_forenames(entity: Span) -> Span:
    """The entity with the capitalised words just before it that are written with letters English does not use
    ("Nguyễn" before "Thị Hạnh"): such a word is part of a name, never an English title."""
    doc, start = entity.doc, entity.start
    while start > 0 and _foreign_name_word(doc[start - 1]):
        start -= 1
    return entity if start == entity.start else Span(doc, start, entity.end, label=entity.label)


def _foreign_name_word(token: Token) -> bool:
    """A capitalised word written with letters English does not use ("Nguyễn"): part of a name, whatever tag the
    English tagger gives it."""
    return not token.text.isascii() and token.is_alpha and token.text[:1].isupper() and token.pos_ != "VERB"


def _role_around(phrase: Span, name: Span) -> tuple[str, str] | None:
    """The role ``phrase`` gives around ``name``, and the name as it writes it: the part set off by a comma
    when there is one ("the navy's press officer, Captain Ada Brenn" -> the name keeps its rank), else the
    words before the name ("Army spokesman Brigadier"); None when the rest holds no noun, or would leave a
    surname alone."""
    doc = phrase.doc
    before, after = doc[phrase.start: name.start], doc[name.end: phrase.end]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in (*before, *after)):
        return None
    commas = [t.i for t in before if t.text == ","]
    if len(name) < 2 and not commas:
        return None  # "Commander Tessin", "General Brask": a surname alone keeps the rank it is known by
    if commas:
        return before[: commas[-1] - before.start].text.strip(" ,"), doc[commas[-1] + 1: name.end].text
    if after.text.strip(" ,") and after[0].text == ",":
        return after.text.strip(" ,"), doc[phrase.start: name.end].text
    return before.text.strip(" ,"), name.text
