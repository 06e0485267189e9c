"""Page furniture is told from the body by the shape of its lines: on the seeds, on eval pages written here, and
on shapes neither has."""

from __future__ import annotations

import pytest

from summarizer.article import split_sentences
from summarizer.layout import line_kinds

from .conftest import ROOT, read


class Kinds(dict):
    """Each furniture line's text and its kind, looked up by the line's opening words."""

    def __getitem__(self, opening: str) -> str:
        (kind,) = [kind for text, kind in self.items() if text.startswith(opening)]
        return kind


def kinds_by_line(article: str) -> Kinds:
    out = Kinds()
    for start, kind in line_kinds(article).items():
        end = article.find("\n", start)
        out[article[start: end if end >= 0 else len(article)]] = kind.value
    return out


def test_seed_000_headings_links_and_caption():
    article = read(ROOT / "seeds" / "000_e53088d7033d0399.txt")
    found = kinds_by_line(article)
    expected = {
        "Skip to main content": "heading",
        "EXCLUSIVE: Iran-backed groups agree": "heading",
        "Iraqi mourners attend funeral": "caption",  # ends on "(AFP)"
        "Syria: Pro-Iran militias attack": "link",  # the title above "Read More »"
        "US defends attack": "heading",
        "US defends air strikes in Iraq and Syria, as": "link",
        "Embarrassed the government": "heading",
        "A massacre and a cover-up": "link",
    }
    assert {opening: found[opening] for opening in expected} == expected
    every = [kind.value for kind in line_kinds(article).values()]
    assert every.count("link") == 6  # three titles, three "Read More »"
    assert len(every) == 11  # every other line is body


def test_seed_003_subheads_captions_with_credits_and_a_last_link():
    article = read(ROOT / "seeds" / "003_cbb5148068a9b835.txt")
    found = kinds_by_line(article)
    assert found["High-Profile Meeting in Baghdad"] == "heading"
    assert found["Four Fighters Die in US Air Strike"] == "heading"
    assert found["Black skies of Mosul captured through le"] == "caption"  # "(PHOTOS)"
    credit = article.index("Reuters", article.index("rmed members"))
    assert line_kinds(article)[credit].value == "caption"  # "... fighters. Reuters": the credit alone
    assert not any(text.startswith("rmed members") for text in found)  # the caption's sentence is read as body
    assert found["READ MORE"] == "link"
    body = "In March this year, Iran-linked militant factions fired as many as seven rockets"
    assert not any(text.startswith(body) for text in found)  # 19 words without a full stop, yet the body


def test_eval_page_bars_captions_and_links():
    article = read(next((ROOT / "evals" / "cases").glob("f21_*/article.txt")))
    found = kinds_by_line(article)
    assert found["World | Conflict | Serravel"] == "bar"
    assert found["Pell Hills truce collapses as army and A"] == "heading"
    assert found["[Photo: Aid lorries stand idle on the Or"] == "caption"
    assert found["Read more: Pell Hills: a timeline of thr"] == "link"
    assert found["© 2025 The Kastow Ledger. All rights res"] == "bar"
    assert not any(text.startswith(("KASTOW, Serravel", "The Union of Northern")) for text in found)


PAGE = """Home > World > Middle East > Conflict
Rebels and army agree three-day pause in Harran
By Ada Quill, Middle East correspondent
Updated 14 March 2024, 09:12
Fighters at a checkpoint near Harran on Tuesday. Getty Images / Dana Roe
The army and the rebels agreed a three-day pause on Tuesday, the mediators said.
- Aid convoys will enter from Wednesday
- 12 prisoners will be exchanged
Related stories
Who are the Harran rebels
Five years of war in maps
Photo: A convoy waits at the Harran gate. (Reuters)
"We are ready," a rebel commander said.
Share this story · Facebook · Email
The pause begins at dawn"""


def test_shapes_the_eval_pages_do_not_have():
    found = kinds_by_line(PAGE)
    assert found["Home > World > Middle East > Conflict"] == "bar"
    assert found["Rebels and army agree three-day pause in"] == "heading"
    assert found["By Ada Quill, Middle East correspondent"] == "heading"
    credit = PAGE.index("Getty Images / Dana Roe")
    assert line_kinds(PAGE)[credit].value == "caption"  # the credit alone; the sentence before it is read
    assert found["Related stories"] == "link"
    assert found["Who are the Harran rebels"] == "link"  # a list of links under a cue
    assert found["Five years of war in maps"] == "link"
    assert found["Photo: A convoy waits at the Harran gate."] == "caption"
    assert found["Share this story · Facebook · Email"] == "bar"
    for body in ("The army and the rebels agreed", "- Aid convoys", "- 12 prisoners", '"We are ready,"',
                 "The pause begins at dawn"):  # sentences, list items, and a last line cut short
        assert not any(text.startswith(body) for text in found), body


@pytest.mark.parametrize("line", [
    "The ministry said 14 people were killed (AFP).",
    "Talks will resume on Monday, the envoy said.",
    "“We will not stop,” he said.",
])
def test_sentences_are_body_whatever_they_end_with(line):
    assert line_kinds(f"{line}\n\nMore text follows here.") == {}


def test_sentences_carry_their_lines_kind():
    sentences = split_sentences("Truce agreed in Harran\n\nThe army agreed. Rebels too.\nSee also »\n")
    assert [(s.text, s.furniture and s.furniture.value) for s in sentences] == [
        ("Truce agreed in Harran", "heading"), ("The army agreed.", None), ("Rebels too.", None),
        ("See also »", "link")]
    assert [s.body for s in sentences] == [False, True, True, False]
    assert [s.shown_to_model for s in sentences] == [True, True, True, False]


WRAPPED = """The council ratified the accord on Tuesday, and the militia gave
a cautious nod, though it said the siege was not over. On Friday,
gunmen shelled the port, wounding a
fisherman.
Observers called the accord a stalemate, and several thought the council
had conceded.
No monitor is able to
verify the withdrawal.
"""


def test_a_text_wrapped_at_a_fixed_width_has_no_headings_and_a_sentence_going_on_is_no_credit():
    assert line_kinds(WRAPPED) == {}
    assert all(s.body for s in split_sentences(WRAPPED))


def test_a_sentence_of_a_wrapped_paragraph_runs_on_across_its_line_breaks():
    sentences = split_sentences(WRAPPED)
    assert [" ".join(s.text.split()) for s in sentences] == [
        "The council ratified the accord on Tuesday, and the militia gave a cautious nod, though it said the siege "
        "was not over.",
        "On Friday, gunmen shelled the port, wounding a fisherman.",
        "Observers called the accord a stalemate, and several thought the council had conceded.",
        "No monitor is able to verify the withdrawal.",
    ]
    assert all(WRAPPED[s.start:s.end] == s.text for s in sentences)


def test_a_paragraph_cut_mid_sentence_goes_on_into_the_next_but_whole_lines_stay_apart():
    cut = "The envoy said the road to the port\n\nwould reopen on Monday.\n\nTalks resume\n\nTomorrow the envoy flies home."
    assert [s.text for s in split_sentences(cut)] == [
        "The envoy said the road to the port\n\nwould reopen on Monday.", "Talks resume",
        "Tomorrow the envoy flies home."]


def test_a_link_or_a_user_name_in_lower_case_does_not_continue_the_line_before():
    page = "Army rejects truce\n\nhttp://example.org/news/1\n\nComments (2)\n\nreader_12: the figures are false."
    assert [s.text for s in split_sentences(page)] == [
        "Army rejects truce", "http://example.org/news/1", "Comments (2)", "reader_12: the figures are false."]
    assert split_sentences(page)[0].furniture is not None


def test_lines_of_an_unwrapped_text_stay_apart():
    lines = "Ceasefire holds in the north\nThe army said the front was calm.\nRebels agreed."
    assert [s.text for s in split_sentences(lines)] == [
        "Ceasefire holds in the north", "The army said the front was calm.", "Rebels agreed."]


def test_a_credit_closing_a_body_line_is_furniture_alone():
    article = "The envoy said the talks would resume on Friday. -Agencies\n\nMore follows here."
    (credit,) = line_kinds(article)
    assert article[credit:].startswith("-Agencies")
    assert [(s.text, s.body) for s in split_sentences(article)][:2] == [
        ("The envoy said the talks would resume on Friday.", True), ("-Agencies", False)]
