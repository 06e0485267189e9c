from __future__ import annotations

import pytest

from summarizer.article import decode_article, normalise_with_map, read_article, split_sentences
from summarizer.errors import ArticleNotFound, ArticleUnreadable, EmptyArticle, NotText

from .conftest import SEEDS


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_sentences_slice_the_seed_exactly(path):
    article = read_article(path)
    sentences = split_sentences(article)
    assert len(sentences) > 20
    for s in sentences:
        assert article[s.start:s.end] == s.text
        assert s.text == s.text.strip()


def test_offsets_hold_for_non_ascii_and_crlf_text():
    article = "\ufeffŁukasz Wróbel-Ćwik said: „Four were killed.“\r\nفصيل الحق said “Nguyễn Thị Hạnh” met them. Dr. Ḥasan agreed."
    sentences = split_sentences(article)
    assert [s.text for s in sentences] == [
        "Łukasz Wróbel-Ćwik said: „Four were killed.“",
        "فصيل الحق said “Nguyễn Thị Hạnh” met them.",
        "Dr. Ḥasan agreed.",
    ]
    for s in sentences:
        assert article[s.start:s.end] == s.text


def test_abbreviations_and_decimals_do_not_split():
    sentences = split_sentences("Gen. Smith met U.S. envoys at 3.5 km from the border. They left.")
    assert len(sentences) == 2


def test_normalise_maps_back_to_source():
    text, index = normalise_with_map("A  “Quote”\n—here")
    assert text == 'a "quote" -here'
    assert len(index) == len(text)


def test_missing_file(tmp_path):
    with pytest.raises(ArticleNotFound, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(ArticleUnreadable, match="directory"):
        read_article(tmp_path)


@pytest.mark.parametrize("data,error", [
    (b"", EmptyArticle), (b"  \n\t \n", EmptyArticle), (b"\x00\x01\x02PK\x03\x04", NotText),
    (b"caf\xe9 au lait, killed four", NotText), (b"\x01\x02\x03\x04\x05\x06\x07\x08ab", NotText),
])
def test_bad_bytes(data, error):
    with pytest.raises(error):
        decode_article(data, "x")
