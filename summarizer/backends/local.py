"""The embedded default: llama-cpp-python in-process, every answer constrained by its JSON schema.

Requests go through instructor like any backend's; underneath, the ones that arrive together
(the sections of an article, or several articles from several threads) are decoded in one round
by :class:`~summarizer.backends.engine.Engine`, sharing the article's prefill. The schema is
compiled by llguidance, strictly: if it cannot be, the call fails instead of decoding free text.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import instructor
from pydantic import BaseModel

from ..config import Settings
from ..errors import ConfigError, ModelFileError
from ..model_files import DEFAULT_MODEL, default_model_path, sha256_file
from .base import Completion, structured_call
from .engine import Engine, Generated, Job, LlamaForward
from .rounds import Rounds


class LocalBackend:
    """llama-cpp-python running a GGUF in this process; safe across threads (requests share rounds)."""

    name = "local"

    def __init__(self, settings: Settings) -> None:
        try:
            import llama_cpp  # noqa: F401
            import llguidance  # noqa: F401
        except ImportError as exc:
            raise ConfigError(f"the local backend needs llama-cpp-python and llguidance ({exc.name} is missing)",
                              "pip install 'summarizer[local]', or choose --backend openai") from exc
        self.settings = settings
        if settings.model_path is not None:
            path = Path(settings.model_path).expanduser()
            if not path.is_file():
                raise ModelFileError(f"no model file at {path}", "check --model-path / SUMMARIZER_MODEL_PATH")
            self._path, self._sha = path, None
        else:
            self._path, self._sha = default_model_path(settings.cache_dir), DEFAULT_MODEL.sha256
        self._llama = self._load()
        threads = self.settings.n_threads or max(1, os.cpu_count() or 1)
        self.forward = LlamaForward(self._llama._model.model, n_ctx=self.settings.n_ctx, n_threads=threads,
                                    n_seq=self.concurrency + 1)
        self.engine = Engine(self.forward, self.forward.tokenizer(), self.forward.eos, n_seq=self.concurrency + 1,
                             temperature=self.settings.temperature, seed=self.settings.seed)
        self._rounds: Rounds[Job, Generated] = Rounds(lambda jobs: self.engine.generate(jobs),
                                                      max_jobs=self.concurrency)
        self._formatter = self._chat_formatter()

    concurrency = 5
    """Requests decoded together in one round (the pipeline sends an article's sections at once)."""
    shares_context = True
    """Those requests share one context, so an article's chunk must leave room for all of them."""

    def _load(self) -> Any:
        from llama_cpp import Llama

        try:
            # this context only tokenizes and formats; decoding runs on the engine's own context.
            # No mmap: llama.cpp repacks the weights for its CPU kernels into memory of its own, so a mapped
            # file stays resident beside that copy (measured on seed 003: peak RSS 2,173 MiB mapped, 1,577 MiB
            # read; the same brief; the load takes about 2.5 s longer)
            return Llama(model_path=str(self._path), n_ctx=256, n_batch=32, n_threads=1, use_mmap=False,
                         verbose=False)
        except ValueError as exc:
            raise ModelFileError(f"llama.cpp could not load {self._path}: {exc}",
                                 "pass a valid GGUF file with --model-path") from exc

    def _chat_formatter(self) -> Any:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        model = self._llama._model
        template = self._llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise ModelFileError(f"{self._path} has no chat template", "pass an instruction-tuned GGUF")
        bos = model.token_bos()
        return Jinja2ChatFormatter(template=template, eos_token=model.token_get_text(model.token_eos()),
                                   bos_token=model.token_get_text(bos) if bos >= 0 else "")

    def prompt_tokens(self, messages: list[dict[str, Any]]) -> list[int]:
        """The chat as the model sees it, ending where the assistant's answer begins."""
        formatted = self._formatter(messages=messages)
        return self._llama.tokenize(formatted.prompt.encode("utf-8"), add_bos=not formatted.added_special,
                                    special=True)

    def model_name(self) -> str:
        return DEFAULT_MODEL.name if self._sha == DEFAULT_MODEL.sha256 else self._path.name

    def model_sha256(self) -> str:
        if self._sha is None:
            self._sha = sha256_file(self._path)
        return self._sha

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name, "model_sha256": self.model_sha256(), "decoder": Engine.version,
                "temperature": self.settings.temperature, "seed": self.settings.seed}

    def count_tokens(self, text: str) -> int:
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def context_size(self) -> int:
        return self.settings.n_ctx

    def _create(self, messages: list[dict[str, Any]], response_format: dict[str, Any] | None = None,
                max_tokens: int = 512, **_: Any) -> Any:
        from openai.types.chat import ChatCompletion

        if not response_format or response_format.get("type") != "json_schema":
            raise ConfigError("the local backend needs a JSON schema to constrain its answer",
                              "call it through summarizer's pipeline")
        job = Job(self.prompt_tokens(messages), response_format["json_schema"]["schema"], max_tokens)
        done = self._rounds.submit(job)
        return ChatCompletion.model_validate({
            "id": "local", "object": "chat.completion", "created": 0, "model": self.model_name(),
            "choices": [{"index": 0, "finish_reason": done.finish_reason,
                         "message": {"role": "assistant", "content": done.text}}],
            "usage": {"prompt_tokens": done.prompt_tokens, "completion_tokens": done.completion_tokens,
                      "total_tokens": done.prompt_tokens + done.completion_tokens},
        })

    def complete(self, messages: list[dict[str, str]], response_model: type[BaseModel], max_tokens: int) -> Completion:
        return structured_call(self._create, instructor.Mode.JSON_SCHEMA, messages, response_model,
                               max_tokens=max_tokens)
