"""The decoding engine on a scripted byte-level model: grammar, budgets, rounds and the shared prefix."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("llguidance")

from summarizer.backends.engine import Engine, Job, json_grammar  # noqa: E402
from summarizer.errors import ArticleTooLong, ConfigError  # noqa: E402

EOS = 256


def byte_tokenizer():
    """An llguidance tokenizer whose tokens are the 256 bytes, plus an end-of-text token."""
    import llguidance
    from llguidance._tokenizer import TokenizerWrapper

    class Bytes:
        eos_token_id = EOS
        bos_token_id = None
        tokens = [bytes([i]) for i in range(256)] + [b"\xff<eos>"]
        special_token_ids = [EOS]

        def __call__(self, data):
            return list(data if isinstance(data, bytes) else data.encode())

    return llguidance.LLTokenizer(TokenizerWrapper(Bytes()))


def encode(text: str) -> list[int]:
    return list(text.encode())


class ScriptedModel:
    """A Forward whose model wants to write a given answer after a given prompt.

    It keeps each sequence's tokens like a KV cache does and fails on any position that does not
    follow on from what the sequence holds. When its wish breaks the grammar, its next choices
    are '}' and then '7'.
    """

    def __init__(self, answers: dict[str, str], n_ctx: int = 4096) -> None:
        self.answers = {tuple(encode(p)): encode(a) for p, a in answers.items()}
        self.n_ctx = n_ctx
        self.n_vocab = 257
        self.seqs: dict[int, list[int]] = {}
        self.evaluated: dict[int, int] = {}
        self.batches: list[int] = []

    def evaluate(self, entries):
        out = []
        self.batches.append(len(entries))
        for e in entries:
            held = self.seqs.setdefault(e.seq, [])
            assert e.pos == len(held), f"sequence {e.seq}: position {e.pos} after {len(held)} tokens"
            held.append(e.token)
            self.evaluated[e.seq] = self.evaluated.get(e.seq, 0) + 1
            if e.logits:
                out.append(self._logits(held))
        return out

    def _logits(self, held):
        logits = np.zeros(self.n_vocab, dtype=np.float32)
        logits[ord("7")] = 4
        logits[ord("}")] = 5
        for prompt, answer in self.answers.items():
            if tuple(held[: len(prompt)]) == prompt:
                done = len(held) - len(prompt)
                logits[answer[done] if done < len(answer) else EOS] = 10
        return logits

    def copy(self, src, dst):
        self.seqs[dst] = list(self.seqs.get(src, []))

    def forget(self, seq, start):
        for s in (self.seqs if seq == -1 else [seq]):
            if s in self.seqs:
                del self.seqs[s][start:]


OBJECT = {"type": "object", "properties": {"a": {"type": "string", "maxLength": 20}}, "required": ["a"],
          "additionalProperties": False}
NUMBER = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"], "additionalProperties": False}
ARTICLE = "ARTICLE: the long shared text of one article. "


def engine_for(answers, **kw):
    model = ScriptedModel(answers, **{k: v for k, v in kw.items() if k == "n_ctx"})
    return Engine(model, byte_tokenizer(), EOS, n_seq=kw.get("n_seq", 6)), model


def test_the_answer_is_the_models_where_the_grammar_allows_it():
    engine, _ = engine_for({"Q1>": '{"a": "hi there"}'})
    [done] = engine.generate([Job(encode("Q1>"), OBJECT, 100)])
    assert done.text == '{"a": "hi there"}' and done.finish_reason == "stop"
    assert done.completion_tokens == len(done.text)
    assert done.forced_tokens > 0  # the key after '{' is forced, not sampled


def test_the_grammar_overrides_the_model_where_it_must():
    engine, _ = engine_for({"Q>": '{"n": "five"}'})
    [done] = engine.generate([Job(encode("Q>"), NUMBER, 100)])
    assert json.loads(done.text) == {"n": 7}


def test_a_string_longer_than_the_schema_allows_is_cut_and_closed():
    engine, _ = engine_for({"Q>": '{"a": "' + "x" * 40 + '"}'})
    [done] = engine.generate([Job(encode("Q>"), OBJECT, 200)])
    assert json.loads(done.text) == {"a": "x" * 20}


def test_an_answer_past_its_token_budget_is_reported_as_cut_off():
    engine, _ = engine_for({"Q>": '{"a": "abcdefghijklmnop"}'})
    [done] = engine.generate([Job(encode("Q>"), OBJECT, 10)])
    assert done.finish_reason == "length" and done.completion_tokens >= 10


def test_jobs_of_one_round_share_the_prefix_and_do_not_see_each_other():
    answers = {ARTICLE + "T1>": '{"a": "first"}', ARTICLE + "T2>": '{"a": "second"}', ARTICLE + "T3>": '{"n": 12}'}
    jobs = [Job(encode(ARTICLE + "T1>"), OBJECT, 50), Job(encode(ARTICLE + "T2>"), OBJECT, 50),
            Job(encode(ARTICLE + "T3>"), NUMBER, 50)]
    engine, model = engine_for(answers)
    together = engine.generate(jobs)
    assert [json.loads(d.text) for d in together] == [{"a": "first"}, {"a": "second"}, {"n": 12}]
    assert model.evaluated[0] == len(encode(ARTICLE + "T"))  # the shared prefix, evaluated once
    assert together[0].prefill_tokens == len(encode(ARTICLE + "T")) + 3 * len(encode("1>"))
    assert len(model.batches) <= 1 + max(d.steps for d in together)  # one batch per step for all three
    alone = [engine_for(answers)[0].generate([job])[0].text for job in jobs]
    assert [d.text for d in together] == alone


def test_the_next_round_over_the_same_article_evaluates_only_what_differs():
    answers = {ARTICLE + "T1>": '{"a": "first"}', ARTICLE + "T2>": '{"a": "second"}'}
    engine, model = engine_for(answers)
    engine.generate([Job(encode(ARTICLE + "T1>"), OBJECT, 50), Job(encode(ARTICLE + "T2>"), OBJECT, 50)])
    [again] = engine.generate([Job(encode(ARTICLE + "T2>"), OBJECT, 50)])
    assert again.text == '{"a": "second"}'
    assert again.prefill_tokens == len(encode(ARTICLE + "T2>")) - len(encode(ARTICLE + "T"))


def test_jobs_that_do_not_fit_together_run_in_groups_that_do():
    answers = {ARTICLE + f"T{i}>": f'{{"a": "answer {i}"}}' for i in range(4)}
    jobs = [Job(encode(ARTICLE + f"T{i}>"), OBJECT, 40) for i in range(4)]
    room = len(encode(ARTICLE + "T")) + 2 * (2 + 40)  # two jobs at a time
    engine, _ = engine_for(answers, n_ctx=room)
    assert [json.loads(d.text)["a"] for d in engine.generate(jobs)] == [f"answer {i}" for i in range(4)]
    assert engine._groups(jobs) == [[0, 1], [2, 3]]


def test_more_jobs_than_sequences_run_in_several_rounds():
    answers = {ARTICLE + f"T{i}>": f'{{"a": "answer {i}"}}' for i in range(5)}
    jobs = [Job(encode(ARTICLE + f"T{i}>"), OBJECT, 40) for i in range(5)]
    engine, _ = engine_for(answers, n_seq=3)
    assert [json.loads(d.text)["a"] for d in engine.generate(jobs)] == [f"answer {i}" for i in range(5)]


def test_a_prompt_that_cannot_fit_with_its_answer_is_refused():
    engine, _ = engine_for({}, n_ctx=64)
    with pytest.raises(ArticleTooLong):
        engine.generate([Job(encode(ARTICLE), OBJECT, 40)])


def test_every_answer_schema_compiles_and_a_broken_one_is_refused():
    from summarizer.answers import QUESTIONS

    for model in QUESTIONS.values():
        assert json_grammar(model.model_json_schema())
    with pytest.raises(ConfigError, match="grammar"):
        json_grammar({"type": "object", "properties": {"x": {"$ref": "#/$defs/missing"}}})


def test_the_same_jobs_take_the_same_sequences_whatever_order_they_arrive_in():
    answers = {ARTICLE + f"T{i}>": f'{{"a": "answer {i}"}}' for i in range(3)}
    jobs = [Job(encode(ARTICLE + f"T{i}>"), OBJECT, 40) for i in range(3)]
    placements = []
    for ordered in (jobs, jobs[::-1]):
        engine, model = engine_for(answers)
        done = engine.generate(ordered)
        assert [json.loads(d.text)["a"] for d in done] == [json.loads(answers[bytes(j.prompt).decode()])["a"]
                                                             for j in ordered]
        placements.append({bytes(model.seqs[s][: len(j.prompt)]).decode(): s for s in model.seqs if s
                           for j in jobs if model.seqs[s][: len(j.prompt)] == list(j.prompt)})
    assert placements[0] == placements[1]
