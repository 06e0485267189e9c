"""What every backend provides, and the one place that drives instructor.

Two retry layers stay apart: instructor re-asks once when the answer fails validation
(``max_retries=1``); transport errors are retried by the backend's own create function
with tenacity, before instructor ever sees them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import instructor
from instructor.core import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel

from ..errors import ModelOutputError, SummarizerError

REASKS = 1


@dataclass
class Completion:
    """A validated answer and what it cost."""

    answer: BaseModel
    prompt_tokens: int
    completion_tokens: int
    attempts: int
    latency_s: float


class Backend(Protocol):
    name: str
    concurrency: int
    """How many requests are worth sending at once (the pipeline asks an article's sections together)."""

    def model_name(self) -> str: ...

    def model_sha256(self) -> str | None: ...

    def identity(self) -> dict[str, Any]:
        """What makes this backend's answers what they are (for the answer cache)."""
        ...

    def count_tokens(self, text: str) -> int | None:
        """Exact token count, or None when the backend cannot tell."""
        ...

    def context_size(self) -> int | None: ...

    def complete(self, messages: list[dict[str, str]], response_model: type[BaseModel], max_tokens: int) -> Completion:
        ...


def structured_call(
    create: Callable[..., Any],
    mode: instructor.Mode,
    messages: list[dict[str, str]],
    response_model: type[BaseModel],
    **kwargs: Any,
) -> Completion:
    """Ask ``create`` (an OpenAI-style chat completion function) for ``response_model``.

    Counts attempts and sums token usage over the re-ask; turns instructor's failures
    into ModelOutputError and lets the backend's own errors through unchanged.
    """
    tally = {"attempts": 0, "prompt": 0, "completion": 0}
    lock = threading.Lock()

    def counted(*args: Any, **kw: Any) -> Any:
        response = create(*args, **kw)
        usage = getattr(response, "usage", None)
        with lock:
            tally["attempts"] += 1
            tally["prompt"] += int(getattr(usage, "prompt_tokens", 0) or 0)
            tally["completion"] += int(getattr(usage, "completion_tokens", 0) or 0)
        return response

    patched = instructor.patch(create=counted, mode=mode)
    started = time.perf_counter()
    try:
        answer = patched(messages=messages, response_model=response_model, max_retries=REASKS, **kwargs)
    except InstructorRetryException as exc:
        cause = exc.__cause__
        if isinstance(cause, SummarizerError):
            raise cause from None
        raise ModelOutputError(
            f"the model's answer for {response_model.__name__} was invalid after {tally['attempts']} attempts: "
            f"{_first_line(str(_last_failure(exc)))}"
        ) from exc
    except IncompleteOutputException as exc:
        raise ModelOutputError(
            f"the model's answer for {response_model.__name__} was cut off at the token limit"
        ) from exc
    return Completion(
        answer=answer,
        prompt_tokens=tally["prompt"],
        completion_tokens=tally["completion"],
        attempts=tally["attempts"],
        latency_s=time.perf_counter() - started,
    )


def _last_failure(exc: InstructorRetryException) -> BaseException:
    failed = getattr(exc, "failed_attempts", None) or []
    return failed[-1].exception if failed else (exc.__cause__ or exc)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "no detail"
    return line[:200]
