from __future__ import annotations

import json
import shutil

import pytest

from summarizer.answers import SECTIONS
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


@pytest.mark.parametrize("section", list(SECTIONS))
def test_llama_cpp_turns_every_answer_schema_into_a_grammar(section):
    """No silent fallback: the converter must accept the schema and keep every property."""
    grammar_mod = pytest.importorskip("llama_cpp.llama_grammar")
    schema = SECTIONS[section].model_json_schema()
    gbnf = grammar_mod.json_schema_to_gbnf(json.dumps(schema))

    def props(s):
        for name, sub in s.get("properties", {}).items():
            yield name
        for sub in s.get("$defs", {}).values():
            yield from props(sub)

    for name in props(schema):
        assert f'\\"{name}\\"' in gbnf, name
    from summarizer.backends.local import grammar_for_schema

    assert grammar_for_schema(schema) is not None


def test_a_schema_llama_cpp_cannot_convert_is_refused():
    pytest.importorskip("llama_cpp")
    from summarizer.backends.local import grammar_for_schema

    with pytest.raises(ConfigError, match="grammar"):
        grammar_for_schema({"type": "object", "properties": {"x": {"$ref": "#/$defs/missing"}}})
