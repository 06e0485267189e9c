"""The embedded default: llama-cpp-python in-process, every answer constrained by a grammar.

The JSON schema instructor sends is turned into a GBNF grammar here, strictly: if llama.cpp
cannot convert it, the call fails instead of falling back to unconstrained JSON.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import instructor
from pydantic import BaseModel

from ..config import Settings
from ..errors import ConfigError, ModelFileError
from ..model_files import DEFAULT_MODEL, default_model_path, sha256_file
from .base import Completion, structured_call


def grammar_for_schema(schema: dict[str, Any]) -> Any:
    """A llama.cpp grammar for a JSON schema; raises ConfigError when llama.cpp cannot convert it."""
    from llama_cpp.llama_grammar import LlamaGrammar, json_schema_to_gbnf

    try:
        gbnf = json_schema_to_gbnf(json.dumps(schema))
    except Exception as exc:  # the converter raises bare Exceptions
        raise ConfigError(f"llama.cpp cannot turn the answer schema into a grammar: {exc}",
                          "simplify the schema in summarizer/answers.py") from exc
    return LlamaGrammar.from_string(gbnf, verbose=False)


class LocalBackend:
    """llama-cpp-python running a GGUF in this process. One model, one lock: safe across threads."""

    name = "local"

    def __init__(self, settings: Settings) -> None:
        try:
            import llama_cpp  # noqa: F401
        except ImportError as exc:
            raise ConfigError("the local backend needs llama-cpp-python",
                              "pip install 'summarizer[local]', or choose --backend openai") from exc
        self.settings = settings
        if settings.model_path is not None:
            path = Path(settings.model_path).expanduser()
            if not path.is_file():
                raise ModelFileError(f"no model file at {path}", "check --model-path / SUMMARIZER_MODEL_PATH")
            self._path, self._sha = path, None
        else:
            self._path, self._sha = default_model_path(settings.cache_dir), DEFAULT_MODEL.sha256
        self._lock = threading.Lock()
        self._grammars: dict[str, Any] = {}
        self._llama = self._load()

    def _load(self) -> Any:
        from llama_cpp import Llama

        try:
            return Llama(
                model_path=str(self._path),
                n_ctx=self.settings.n_ctx,
                n_threads=self.settings.n_threads or max(1, os.cpu_count() or 1),
                n_batch=512,
                seed=self.settings.seed,
                verbose=False,
            )
        except ValueError as exc:
            raise ModelFileError(f"llama.cpp could not load {self._path}: {exc}",
                                 "pass a valid GGUF file with --model-path") from exc

    def model_name(self) -> str:
        return DEFAULT_MODEL.name if self._sha == DEFAULT_MODEL.sha256 else self._path.name

    def model_sha256(self) -> str:
        if self._sha is None:
            self._sha = sha256_file(self._path)
        return self._sha

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name, "model_sha256": self.model_sha256(), "n_ctx": self.settings.n_ctx,
                "temperature": self.settings.temperature, "seed": self.settings.seed}

    def count_tokens(self, text: str) -> int:
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def context_size(self) -> int:
        return self.settings.n_ctx

    def _grammar(self, response_format: dict[str, Any] | None) -> Any:
        if not response_format or response_format.get("type") != "json_schema":
            raise ConfigError("the local backend needs a JSON schema to build its grammar",
                              "call it through summarizer's pipeline")
        schema = response_format["json_schema"]["schema"]
        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            self._grammars[key] = grammar_for_schema(schema)
        return self._grammars[key]

    def _create(self, messages: list[dict[str, Any]], response_format: dict[str, Any] | None = None,
                max_tokens: int = 512, **_: Any) -> Any:
        grammar = self._grammar(response_format)
        with self._lock:
            return self._llama.create_chat_completion_openai_v1(
                messages=messages,
                grammar=grammar,
                max_tokens=max_tokens,
                temperature=self.settings.temperature,
                seed=self.settings.seed,
            )

    def complete(self, messages: list[dict[str, str]], response_model: type[BaseModel], max_tokens: int) -> Completion:
        return structured_call(self._create, instructor.Mode.JSON_SCHEMA, messages, response_model,
                               max_tokens=max_tokens)
