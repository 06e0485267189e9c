"""The one place that knows the order of steps.

article -> numbered sentences (original offsets kept, page furniture marked; links, captions and bars are
not shown to the model) -> chunks that fit the context -> per chunk,
one call per section sharing the article as prompt prefix (so the KV cache is reused) -> answers
(cached on disk by content hash) -> grounding -> Brief with its run record.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pydantic import BaseModel

from . import answers as A
from .article import Sentence, aimed_at_model, check_article, prompt_text, split_sentences
from .backends import Backend
from .cache import AnswerCache, cache_key
from .config import Settings
from .errors import ArticleTooLong, ModelOutputError
from .grounding.brief import combined, ground, model_candidates
from .parse import parse_many
from .prompts import PromptSet
from .rules.candidates import rule_candidates
from .rules.cues import mentions_casualties, mentions_reaction
from .schema import Brief, CallRecord, RunRecord

log = logging.getLogger("summarizer")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Chunk:
    number: int
    count: int
    sentences: tuple[Sentence, ...]


@functools.cache
def _schema(model: type[BaseModel]) -> dict:
    """A section's JSON schema for the cache key, built once per section class (pydantic builds it on every call)."""
    return model.model_json_schema()


class Pipeline:
    """Runs articles through one backend with one prompt set; safe to share between threads."""

    def __init__(self, backend: Backend, settings: Settings, prompts: PromptSet | None = None) -> None:
        self.backend = backend
        self.settings = settings
        self.prompts = prompts or PromptSet(settings.prompts_dir)
        self.cache = AnswerCache(settings.cache_dir / "answers") if settings.cache else None
        self.stores = [AnswerCache(path) for path in settings.answer_stores] if settings.cache else []

    # -- prompts -------------------------------------------------------------------------------
    def _article_block(self, chunk: Chunk) -> str:
        rows = [{"number": s.number, "text": prompt_text(s)} for s in chunk.sentences]
        return self.prompts.render("article.j2", sentences=rows, chunk_number=chunk.number, chunk_count=chunk.count)

    def messages(self, chunk: Chunk, section: str) -> list[dict[str, str]]:
        """System rules, then the article, then the section's task: the article is a shared prefix."""
        task = self.prompts.render(
            f"sections/{section}.j2",
            summary_words=self.settings.summary_words,
            casualty_sentences=[s.number for s in chunk.sentences if mentions_casualties(s)],
            reaction_sentences=[s.number for s in chunk.sentences if mentions_reaction(s)],
        )
        return [
            {"role": "system", "content": self.prompts.render("system.j2")},
            {"role": "user", "content": f"{self._article_block(chunk)}\n\n{task}"},
        ]

    # -- chunking ------------------------------------------------------------------------------
    def chunks(self, sentences: Sequence[Sentence]) -> list[Chunk]:
        """Split the sentences so that each chunk's prompts and answers fit the context."""
        context = self.backend.context_size()
        if context is None:
            return [Chunk(1, 1, tuple(sentences))]
        tasks = {sec: self._tokens(self.messages(Chunk(1, 2, ()), sec)[1]["content"]) for sec in A.QUESTIONS}
        if getattr(self.backend, "shares_context", False):
            # every section's task and answer sit beside the article in one context, decoded together
            reserve = sum(A.MAX_TOKENS.values()) + 64
            overhead = sum(tasks.values())
        else:
            reserve = max(A.MAX_TOKENS.values()) + 64
            overhead = max(tasks.values())
        overhead += self._tokens(self.prompts.render("system.j2")) + 32
        budget = context - reserve - overhead
        sizes = [self._tokens(f"S{s.number}: {prompt_text(s)}\n") for s in sentences]
        if sum(sizes) <= budget:
            return [Chunk(1, 1, tuple(sentences))]
        if not self.settings.split:
            raise ArticleTooLong(
                f"the article needs about {sum(sizes)} tokens; the model's context leaves room for {budget}"
            )
        groups: list[list[Sentence]] = [[]]
        used = 0
        for sentence, size in zip(sentences, sizes):
            if size > budget:
                raise ArticleTooLong(f"sentence {sentence.number} alone needs {size} tokens; the context leaves {budget}")
            if used + size > budget and groups[-1]:
                groups.append([])
                used = 0
            groups[-1].append(sentence)
            used += size
        return [Chunk(i + 1, len(groups), tuple(g)) for i, g in enumerate(groups)]

    def _tokens(self, text: str) -> int:
        exact = self.backend.count_tokens(text)
        return exact if exact is not None else len(text) // 3 + 1

    # -- calls ---------------------------------------------------------------------------------
    def ask(self, chunk: Chunk, section: str) -> tuple[BaseModel, CallRecord]:
        """One section's answer for one chunk, from the cache when the same request was answered."""
        model = A.QUESTIONS[section]
        messages = self.messages(chunk, section)
        key = cache_key({
            "backend": self.backend.identity(),
            "messages": messages,
            "schema": _schema(model),
            "max_tokens": A.MAX_TOKENS[section],
        })
        started = time.perf_counter()
        if (hit := self._cached(key)) is not None:
            try:
                answer = model.model_validate(hit["answer"])
            except ValueError:
                answer = None
            if answer is not None:
                return answer, CallRecord(
                    section=section, chunk=chunk.number, prompt_tokens=hit["prompt_tokens"],
                    completion_tokens=hit["completion_tokens"], attempts=hit["attempts"],
                    latency_s=round(time.perf_counter() - started, 4), cached=True, key=key,
                )
        done = self.backend.complete(messages, model, A.MAX_TOKENS[section])
        if self.cache is not None:
            self.cache.put(key, {
                "answer": done.answer.model_dump(mode="json"), "prompt_tokens": done.prompt_tokens,
                "completion_tokens": done.completion_tokens, "attempts": done.attempts,
            })
        return done.answer, CallRecord(
            section=section, chunk=chunk.number, prompt_tokens=done.prompt_tokens,
            completion_tokens=done.completion_tokens, attempts=done.attempts, latency_s=round(done.latency_s, 3),
            key=key,
        )

    def _cached(self, key: str) -> dict | None:
        """The answer stored under ``key`` in a read-only store, else in the cache, unless asked to refresh.

        Stores come first: a record made elsewhere (the eval's baseline answers) is the reference, and greedy
        answers decoded on other hardware may differ from it in a token or two."""
        if self.cache is None or self.settings.refresh_cache:
            return None
        for cache in [*self.stores, self.cache]:
            if (hit := cache.get(key)) is not None:
                return hit
        return None

    def _ask_all(self, chunk: Chunk) -> list[tuple[BaseModel, CallRecord] | ModelOutputError]:
        """Every section's answer for a chunk, asked at once when the backend takes several requests."""

        def one(section: str) -> tuple[BaseModel, CallRecord] | ModelOutputError:
            try:
                return self.ask(chunk, section)
            except ModelOutputError as exc:
                return exc

        workers = max(1, min(len(A.QUESTIONS), getattr(self.backend, "concurrency", 1)))
        if workers == 1:
            return [one(section) for section in A.QUESTIONS]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="section") as pool:
            return list(pool.map(one, A.QUESTIONS))

    # -- the whole run -------------------------------------------------------------------------
    def run(self, article: str, progress: Progress | None = None) -> Brief:
        """Summarize one article into a grounded Brief."""
        check_article(article)
        started = time.perf_counter()
        everything = split_sentences(article)
        sentences = [s for s in everything if not aimed_at_model(s)]
        use_model = self.settings.candidates in ("model", "both")
        shown = [s for s in sentences if s.shown_to_model]
        chunks = self.chunks(shown) if use_model else [Chunk(1, 1, tuple(shown))]
        calls: list[CallRecord] = []
        failures: list[tuple[str, int, ModelOutputError]] = []
        got: dict[str, list[BaseModel]] = {section: [] for section in A.QUESTIONS}
        for chunk in chunks if use_model else ():
            if progress:
                progress(f"part {chunk.number}/{chunk.count}: " + ", ".join(A.QUESTIONS) if chunk.count > 1
                         else ", ".join(A.QUESTIONS))
            for section, outcome in zip(A.QUESTIONS, self._ask_all(chunk)):
                if isinstance(outcome, ModelOutputError):
                    failures.append((section, chunk.number, outcome))
                    log.warning("%s (part %d): %s", section, chunk.number, outcome)
                    continue
                answer, record = outcome
                got[section].append(answer)
                calls.append(record)
                log.debug("%s chunk %d: %s", section, chunk.number, record)
        if failures and not calls:
            raise failures[0][2]
        parse_many([s.text for s in sentences if s.body])  # one batch; the readers and grounding share it
        found = [model_candidates(got)] if use_model else []
        if self.settings.candidates in ("rules", "both"):
            found.append(rule_candidates(sentences))
        brief = ground(article, sentences, combined(*found))
        warnings = [f"{section} (part {n}) left out: {exc}" for section, n, exc in failures]
        if len(sentences) < len(everything):
            skipped = [s.number for s in everything if aimed_at_model(s)]
            warnings.append(f"ignored {len(skipped)} sentence(s) that address a language model: "
                            + ", ".join(f"S{n}" for n in skipped))
        if len(chunks) > 1:
            warnings.append(f"the article was split into {len(chunks)} parts to fit the model's context")
        if not any(s.body for s in sentences):
            warnings.append("every line reads as page furniture (headings, links, captions, bars): no item can rest "
                            "on it; pass the article's body text")
        brief.run = RunRecord(
            backend=self.backend.name,
            model=self.backend.model_name(),
            model_sha256=self.backend.model_sha256(),
            prompt_version=self.prompts.version,
            prompt_sha256=self.prompts.sha256,
            article_sha256=hashlib.sha256(article.encode("utf-8")).hexdigest(),
            candidates=self.settings.candidates,
            chunks=len(chunks),
            prompt_tokens=sum(c.prompt_tokens for c in calls),
            completion_tokens=sum(c.completion_tokens for c in calls),
            attempts=sum(c.attempts for c in calls),
            latency_s=round(time.perf_counter() - started, 3),
            calls=calls,
            failed_sections=sorted({section for section, _, _ in failures}),
            warnings=warnings,
        )
        return brief
