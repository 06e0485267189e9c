from __future__ import annotations

import pytest

from summarizer.rules.figures import numbers_written, parse_figure


@pytest.mark.parametrize("text,low,high,approx", [
    ("four", 4, 4, False), ("4", 4, 4, False), ("Eight", 8, 8, False), ("3,000", 3000, 3000, False),
    ("twenty-one", 21, 21, False), ("at least 12", 12, None, False), ("more than 40", 41, None, False),
    ("between 30 and 40", 30, 40, False), ("30-40", 30, 40, False), ("up to seven", None, 7, False),
    ("dozens", 24, None, True), ("several", 3, 9, True), ("about 50", 50, 50, True), ("a dozen", 12, 12, True),
    ("no casualties", 0, 0, False), ("none", 0, 0, False),
    ("1.7 million", 1_700_000, 1_700_000, False), ("at least 2.5 million", 2_500_000, None, False),
])
def test_parse_figure(text, low, high, approx):
    f = parse_figure(text)
    assert (f.low, f.high, f.approximate) == (low, high, approx)


def test_words_without_a_figure():
    assert parse_figure("the fighters") is None
    assert parse_figure("") is None


def test_a_decimal_counts_only_before_a_scale():
    assert parse_figure("1.5") is None


def test_numbers_are_found_as_the_text_writes_them():
    text = "On 12 May some 1.7 million fled, twenty-one were hurt, 3,000 were held and two hundred left at 10.30."
    assert numbers_written(text) == ["12", "1.7 million", "twenty-one", "3,000", "two hundred"]
