"""Grammar-constrained decoding of several prompts at once, with the model seen through ``Forward``.

Why: on a CPU, evaluating a handful of tokens in one batch costs far less than that many single
steps, and a structured answer is mostly text that is either forced by the grammar (keys, quotes,
brackets) or copied from the prompt (names, phrases, the JSON layout of the previous item). So:

- the prompts' common prefix (the article) is evaluated once, in sequence 0, and shared with every
  job's sequence; it is kept between rounds, so the next round over the same article (a re-ask, the
  next chunk's sections) evaluates only what differs;
- all jobs advance together, one batch per step;
- the grammar (llguidance) is asked for a full token mask only when the model's first choice breaks
  it: under greedy decoding the argmax of the masked logits is then the same token;
- tokens the grammar forces are appended in the same batch instead of being sampled (fast-forward).

Measured and left out: drafting from the prompt (prompt lookup, verified in the same batch). On
2 CPU cores a batch costs about 20 ms more per token, so the drafted tokens the model rejects cost
as much as the steps the accepted ones save (seed 000: 560 steps became 175, decode time the same).

``LlamaForward`` is the llama.cpp side (its C API through llama-cpp-python's ctypes bindings).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import numpy as np

from ..errors import ArticleTooLong, ConfigError, ModelOutputError


class Entry(NamedTuple):
    token: int
    pos: int
    seq: int
    logits: bool


class Forward(Protocol):
    """What the engine needs of a model: a batched forward pass over sequences in one KV cache."""

    n_ctx: int
    n_vocab: int

    def evaluate(self, entries: Sequence[Entry]) -> list[np.ndarray]:
        """Evaluate the entries; the logits of those that ask for them, in order."""
        ...

    def copy(self, src: int, dst: int) -> None:
        """Make sequence ``dst`` hold what ``src`` holds (shared, not duplicated)."""
        ...

    def forget(self, seq: int, start: int) -> None:
        """Drop sequence ``seq``'s positions from ``start`` on (``seq`` -1: every sequence)."""
        ...


@dataclass(frozen=True)
class Job:
    """One prompt to answer: its tokens, the JSON schema the answer must follow, a token budget."""

    prompt: Sequence[int]
    schema: dict[str, Any]
    max_tokens: int


@dataclass
class Generated:
    """A job's answer and what it cost; the prefill and decode figures are those of its round."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str  # "stop" or "length"
    forced_tokens: int = 0
    steps: int = 0
    prefill_tokens: int = 0
    prefill_s: float = 0.0
    decode_s: float = 0.0


JSON_LAYOUT = {"whitespace_flexible": True, "whitespace_pattern": r"[ ]?"}
"""One line, at most one space between tokens: what llama.cpp's JSON grammars allowed the old decoder.
Measured on the 20 eval cases with this engine: letting the model pretty-print (any whitespace) took 40%
more answer tokens (eval 25 min instead of 19) for pooled F1 0.454 instead of 0.420, but unbounded
whitespace let two answers run to their token budget; no whitespace at all made the model close its
lists at once (it wanted a space after '[')."""


def json_grammar(schema: dict[str, Any]) -> str:
    """The llguidance grammar of a JSON schema; ConfigError when llguidance cannot use it."""
    import llguidance

    try:
        grammar = llguidance.LLMatcher.grammar_from_json_schema(schema, defaults=JSON_LAYOUT)
    except ValueError as exc:
        raise ConfigError(f"the answer schema is not valid JSON: {exc}", "fix summarizer/answers.py") from exc
    problem = llguidance.LLMatcher.validate_grammar(grammar)
    if problem and not problem.startswith("WARNING"):
        raise ConfigError(f"llguidance cannot turn the answer schema into a grammar: {problem.splitlines()[0]}",
                          "simplify the schema in summarizer/answers.py")
    return grammar


@dataclass
class _Slot:
    job: Job
    seq: int
    matcher: Any
    pos: int
    pending: list[int] = field(default_factory=list)
    logits: np.ndarray | None = None
    out: list[int] = field(default_factory=list)
    forced: int = 0
    steps: int = 0
    finish: str | None = None


class Engine:
    """Decodes rounds of jobs on one ``Forward``; not thread-safe (see ``rounds.Rounds``)."""

    version = "engine-2"
    """Changes whenever the same prompt could decode to a different answer (part of cache keys)."""

    def __init__(self, forward: Forward, tokenizer: Any, eos: int, *, n_seq: int = 6,
                 temperature: float = 0.0, seed: int = 0) -> None:
        self.forward = forward
        self.tokenizer = tokenizer
        self.eos = eos
        self.n_seq = n_seq
        self.temperature = temperature
        self._rng = np.random.default_rng(seed)
        self._prefix: list[int] = []  # what sequence 0 holds
        self._grammars: dict[str, str] = {}

    # -- rounds ----------------------------------------------------------------------------------
    def generate(self, jobs: Sequence[Job]) -> list[Generated]:
        """Answer every job under its schema, as many together as the context holds."""
        # a fixed order (not the order the requests arrived in) places every job's cells in the KV
        # cache the same way each time, so the same round gives the same answers
        order = sorted(range(len(jobs)), key=lambda i: (list(jobs[i].prompt), json.dumps(jobs[i].schema, sort_keys=True)))
        results: dict[int, Generated] = {}
        for group in self._groups([jobs[i] for i in order]):
            for index, generated in zip(group, self._round([jobs[order[i]] for i in group])):
                results[order[index]] = generated
        return [results[i] for i in range(len(jobs))]

    def _needs(self, jobs: Sequence[Job]) -> int:
        shared = len(_common_prefix([j.prompt for j in jobs]))
        return shared + sum(len(j.prompt) - shared + j.max_tokens for j in jobs)

    def _groups(self, jobs: Sequence[Job]) -> list[list[int]]:
        """Consecutive groups of jobs whose prompts and answers fit the context together."""
        groups: list[list[int]] = []
        for i, job in enumerate(jobs):
            if self._needs([job]) > self.forward.n_ctx:
                raise ArticleTooLong(f"a prompt of {len(job.prompt)} tokens and its answer of up to "
                                     f"{job.max_tokens} do not fit the context of {self.forward.n_ctx} tokens")
            if groups and len(groups[-1]) < self.n_seq - 1 and \
                    self._needs([jobs[k] for k in groups[-1]] + [job]) <= self.forward.n_ctx:
                groups[-1].append(i)
            else:
                groups.append([i])
        return groups

    def _round(self, jobs: Sequence[Job]) -> list[Generated]:
        started = time.perf_counter()
        prefix = _common_prefix([j.prompt for j in jobs])
        prefilled = self._keep_prefix(prefix)
        slots = [_Slot(job=j, seq=i + 1, matcher=self._matcher(j.schema), pos=len(prefix))
                 for i, j in enumerate(jobs)]
        for slot in slots:
            self.forward.copy(0, slot.seq)
            slot.pending = list(slot.job.prompt[len(prefix):])
            prefilled += len(slot.pending)
        self._step(slots)
        prefill_s = time.perf_counter() - started
        active = slots
        while active:
            for slot in active:
                self._advance(slot)
            active = [s for s in active if s.finish is None]
            if active:
                self._step(active)
        decode_s = time.perf_counter() - started - prefill_s
        return [
            Generated(
                text=self.tokenizer.decode_bytes(s.out).decode("utf-8", errors="replace"),
                prompt_tokens=len(s.job.prompt), completion_tokens=len(s.out), finish_reason=s.finish or "stop",
                forced_tokens=s.forced, steps=s.steps, prefill_tokens=prefilled,
                prefill_s=prefill_s, decode_s=decode_s,
            )
            for s in slots
        ]

    def _keep_prefix(self, prefix: list[int]) -> int:
        """Make sequence 0 hold ``prefix``, reusing what it holds already; the number of tokens evaluated."""
        same = len(_common_prefix([self._prefix, prefix], keep_last=False))
        for seq in range(1, self.n_seq):
            self.forward.forget(seq, 0)
        self.forward.forget(0, same)
        self._prefix = self._prefix[:same]
        rest = prefix[same:]
        self.forward.evaluate([Entry(t, same + i, 0, False) for i, t in enumerate(rest)])
        self._prefix = list(prefix)
        return len(rest)

    # -- one step --------------------------------------------------------------------------------
    def _step(self, slots: Sequence[_Slot]) -> None:
        """Evaluate every slot's pending tokens in one batch; keep the logits of each slot's last one."""
        entries: list[Entry] = []
        for slot in slots:
            slot.steps += 1
            for i, token in enumerate(slot.pending):
                entries.append(Entry(token, slot.pos + i, slot.seq, i == len(slot.pending) - 1))
            slot.pos += len(slot.pending)
            slot.pending = []
        for slot, logits in zip(slots, self.forward.evaluate(entries), strict=True):
            slot.logits = logits

    def _advance(self, slot: _Slot) -> None:
        """Take the model's next token and the tokens the grammar forces after it, or finish."""
        token = self._choose(slot, slot.logits)
        if token == self.eos or not slot.matcher.consume_token(token):
            slot.finish = "stop"
            return
        new = [token]
        if not slot.matcher.is_stopped():
            forced = [t for t in slot.matcher.compute_ff_tokens() if t != self.eos]
            if forced and slot.matcher.consume_tokens(forced):
                slot.forced += len(forced)
                new += forced
        slot.out += new
        if slot.matcher.is_stopped():
            slot.finish = "stop"
        elif len(slot.out) >= slot.job.max_tokens:
            slot.finish = "length"
        else:
            slot.pending = new

    # -- choosing a token ------------------------------------------------------------------------
    def _matcher(self, schema: dict[str, Any]) -> Any:
        import llguidance

        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            self._grammars[key] = json_grammar(schema)
        matcher = llguidance.LLMatcher(self.tokenizer, self._grammars[key], log_level=0)
        if matcher.is_error():
            raise ConfigError(f"llguidance cannot use the answer schema: {matcher.get_error()}",
                              "simplify the schema in summarizer/answers.py")
        return matcher

    def _choose(self, slot: _Slot, logits: np.ndarray) -> int:
        """The argmax token that the grammar allows (or a sample of the allowed ones, above temperature 0)."""
        if self.temperature == 0.0:
            token = int(np.argmax(logits))
            if slot.matcher.validate_tokens([token]) == 1:
                return token
        bits = np.unpackbits(np.frombuffer(slot.matcher.compute_bitmask(), dtype=np.uint8), bitorder="little")
        allowed = np.zeros(len(logits), dtype=bool)
        n = min(len(bits), len(logits))
        allowed[:n] = bits[:n].astype(bool)
        if not allowed.any():
            raise ModelOutputError("the answer grammar allows no next token; the answer so far: "
                                   + self.tokenizer.decode_bytes(slot.out).decode("utf-8", errors="replace")[-80:])
        masked = np.where(allowed, logits, -np.inf)
        if self.temperature == 0.0:
            return int(np.argmax(masked))
        weights = np.exp((masked - masked.max()) / self.temperature)
        return int(self._rng.choice(len(logits), p=weights / weights.sum()))


def _common_prefix(prompts: Sequence[Sequence[int]], keep_last: bool = True) -> list[int]:
    """The longest common prefix; with ``keep_last``, short of each prompt's last token (each job needs
    the logits of its own last prompt token)."""
    first = list(prompts[0])
    n = min(len(p) for p in prompts) - (1 if keep_last else 0)
    for i in range(max(n, 0)):
        if any(p[i] != first[i] for p in prompts):
            return first[:i]
    return first[:max(n, 0)]


class LlamaForward:
    """``Forward`` on a llama.cpp model: its own context with a unified KV cache for ``n_seq`` sequences."""

    def __init__(self, model: Any, *, n_ctx: int, n_threads: int, n_seq: int, n_batch: int = 256) -> None:
        import llama_cpp

        self._ll = llama_cpp
        self.vocab = llama_cpp.llama_model_get_vocab(model)
        self.n_vocab = llama_cpp.llama_vocab_n_tokens(self.vocab)
        self.eos = llama_cpp.llama_vocab_eos(self.vocab)
        self.n_ctx = n_ctx
        self.n_batch = n_batch
        params = llama_cpp.llama_context_default_params()
        params.n_ctx = n_ctx
        params.n_batch = n_batch
        params.n_ubatch = n_batch  # 256, not 512: the attention scores of a prefill batch take half the memory
        # (seed 003: peak RSS 41 MiB lower, the same answers, no slower; 128 saved 22 MiB more and was slower)
        params.n_seq_max = n_seq
        params.n_threads = n_threads
        params.n_threads_batch = n_threads
        params.kv_unified = True  # the article's cells are shared by every sequence, not copied
        params.flash_attn_type = 0  # measured: small batches on 2 CPU cores run faster without it
        params.no_perf = True
        self.ctx = llama_cpp.llama_init_from_model(model, params)
        if not self.ctx:
            raise ConfigError(f"llama.cpp could not create a context of {n_ctx} tokens", "lower --n-ctx or free memory")
        self.memory = llama_cpp.llama_get_memory(self.ctx)
        self._batch = llama_cpp.llama_batch_init(n_batch, 0, n_seq)

    def tokenizer(self) -> Any:
        """llguidance's view of this model's vocabulary (about a second to build)."""
        import warnings

        import llguidance.llamacpp

        with warnings.catch_warnings():  # it asks llama-cpp-python for each token's attributes the deprecated way
            warnings.simplefilter("ignore", DeprecationWarning)
            return llguidance.llamacpp.lltokenizer_from_vocab(self.vocab)

    def close(self) -> None:
        if getattr(self, "ctx", None):
            self._ll.llama_batch_free(self._batch)
            self._ll.llama_free(self.ctx)
            self.ctx = None

    def __del__(self) -> None:  # pragma: no cover - interpreter shutdown order varies
        try:
            self.close()
        except Exception:
            pass

    def evaluate(self, entries: Sequence[Entry]) -> list[np.ndarray]:
        out: list[np.ndarray] = []
        for start in range(0, len(entries), self.n_batch):
            part = entries[start:start + self.n_batch]
            b = self._batch
            for i, e in enumerate(part):
                b.token[i] = e.token
                b.pos[i] = e.pos
                b.n_seq_id[i] = 1
                b.seq_id[i][0] = e.seq
                b.logits[i] = e.logits
            b.n_tokens = len(part)
            code = self._ll.llama_decode(self.ctx, b)
            if code != 0:
                raise ModelOutputError(f"llama.cpp could not evaluate a batch (code {code}): the context is full",
                                       "raise --n-ctx or shorten the article")
            for i, e in enumerate(part):
                if e.logits:
                    ptr = self._ll.llama_get_logits_ith(self.ctx, i)
                    out.append(np.ctypeslib.as_array(ptr, shape=(self.n_vocab,)).copy())
        return out

    def copy(self, src: int, dst: int) -> None:
        self._ll.llama_memory_seq_cp(self.memory, src, dst, -1, -1)

    def forget(self, seq: int, start: int) -> None:
        self._ll.llama_memory_seq_rm(self.memory, seq, start, -1)
