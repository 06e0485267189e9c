"""A deterministic backend for tests and offline demos; never chosen unless asked for.

It answers through the same instructor path as the real backends, so re-asks, usage and
attempts are exercised. Scripted answers (raw strings, so junk can be scripted too) are
given per section; without a script it answers from the article itself: it quotes the
first sentence as the summary and reports nothing else.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import instructor
from pydantic import BaseModel

from ..config import Settings
from .base import Completion, structured_call

Script = Mapping[str, str | Iterable[str] | Callable[[list[dict[str, Any]]], str]]
SCHEMA_TO_SECTION = {
    "OverviewAnswer": "overview", "TruceAnswer": "truce", "MeetingAnswer": "meeting",
    "CasualtiesAnswer": "casualties", "ReactionsAnswer": "reactions",
}


def empty_answer(section: str, messages: list[dict[str, Any]]) -> str:
    """A valid answer that claims nothing beyond the article's first sentence."""
    first = re.search(r"^S(\d+): (.+)$", messages[-1]["content"], re.M)
    if section == "overview":
        summary = first.group(2)[:300] if first else ""
        return json.dumps({"summary": summary, "date": None, "date_sentence": None, "place": None,
                           "place_sentence": None, "sources": []})
    if section == "truce":
        return json.dumps({"status": "none_reported", "sentences": [], "parties": [], "toward": [],
                           "conditions": [], "caveats": [], "when": None, "where": None})
    if section == "meeting":
        return json.dumps({"sentences": [], "place": None, "time": None, "host": None, "attendees": [],
                           "unnamed_others": False})
    return json.dumps({"claims": []} if section == "casualties" else {"reactions": []})


class FakeBackend:
    name = "fake"

    def __init__(self, settings: Settings | None = None, script: Script | None = None, delay_s: float = 0.0,
                 concurrency: int = 1) -> None:
        self.settings = settings or Settings(backend="fake", cache=False)
        self._streams: dict[str, Any] = {}
        self._lock = threading.Lock()
        self.delay_s = delay_s
        self.concurrency = concurrency
        self.requests: list[dict[str, Any]] = []
        for section, answer in (script or {}).items():
            if isinstance(answer, str) or callable(answer):
                self._streams[section] = itertools.repeat(answer)
            else:
                self._streams[section] = iter(list(answer))

    def model_name(self) -> str:
        return "fake"

    def model_sha256(self) -> None:
        return None

    def identity(self) -> dict[str, Any]:
        # unscripted answers depend only on the request; scripted ones on this very instance
        return {"backend": self.name, "instance": id(self) if self._streams else None}

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def context_size(self) -> int | None:
        return self.settings.n_ctx

    def _next(self, section: str, messages: list[dict[str, Any]]) -> str:
        with self._lock:
            stream = self._streams.get(section)
            answer = next(stream, None) if stream is not None else None
        if answer is None:
            return empty_answer(section, messages)
        return answer(messages) if callable(answer) else answer

    def _create(self, messages: list[dict[str, Any]], response_format: dict[str, Any] | None = None,
                max_tokens: int = 512, **_: Any) -> Any:
        from openai.types.chat import ChatCompletion

        section = SCHEMA_TO_SECTION[response_format["json_schema"]["name"]]
        with self._lock:
            self.requests.append({"section": section, "messages": messages})
        content = self._next(section, messages)
        if self.delay_s:
            time.sleep(self.delay_s)
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in messages)
        return ChatCompletion.model_validate({
            "id": "fake", "object": "chat.completion", "created": 0, "model": "fake",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(content.split()),
                      "total_tokens": prompt_tokens + len(content.split())},
        })

    def complete(self, messages: list[dict[str, str]], response_model: type[BaseModel], max_tokens: int) -> Completion:
        return structured_call(self._create, instructor.Mode.JSON_SCHEMA, messages, response_model,
                               max_tokens=max_tokens)
