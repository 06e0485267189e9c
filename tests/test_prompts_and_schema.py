from __future__ import annotations

import shutil

import pytest

from summarizer.errors import ConfigError
from summarizer.prompts import PromptSet, default_prompts_dir


def test_missing_variable_is_an_error():
    with pytest.raises(ConfigError, match="undefined"):
        PromptSet().render("article.j2", sentences=[])


def test_hash_changes_with_any_template(tmp_path):
    copy = tmp_path / "prompts"
    shutil.copytree(default_prompts_dir(), copy)
    before = PromptSet(copy).sha256
    (copy / "sections" / "truce.j2").write_text("TASK: something else", encoding="utf-8")
    assert PromptSet(copy).sha256 != before
    assert PromptSet(copy).version == PromptSet().version


def test_article_text_is_data_not_template():
    text = PromptSet().render("article.j2", sentences=[{"number": 1, "text": "{{ boom }} {% if %}"}],
                              chunk_number=1, chunk_count=1)
    assert "{{ boom }} {% if %}" in text


