"""OpenAI or any OpenAI-compatible server (vLLM, Ollama, llama.cpp's server, llama-cpp-python's server).

Answers are requested in instructor's JSON_SCHEMA mode (``response_format`` = json_schema), which
servers turn into constrained decoding. llama-cpp-python's server only knows the older
``{"type": "json_object", "schema": ...}`` form: when a server rejects json_schema, the request is
re-sent in that form and the choice is remembered. Transport errors (timeouts, refused
connections, 408/409/429/5xx) are retried with tenacity, with bounded exponential back-off; a 429
or 503 that carries ``Retry-After`` waits what the server asked for instead (at most 60 s).
"""

from __future__ import annotations

import email.utils
import math
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import instructor
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from ..config import Settings
from ..errors import ArticleTooLong, AuthenticationFailed, BackendUnavailable, ConfigError
from .base import Completion, structured_call

_RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504}
RETRY_AFTER_CAP_S = 60.0


def is_transient(exc: BaseException) -> bool:
    """True for errors worth retrying: no answer, a timeout, rate limits and server errors."""
    import openai

    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError)):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code in _RETRY_STATUS and not rejects_format(exc)


def retry_after_s(exc: BaseException | None, cap_s: float = RETRY_AFTER_CAP_S) -> float | None:
    """The wait a 429 or 503 asks for in ``Retry-After`` (seconds or an HTTP date), within [0, cap_s]; else None."""
    import openai

    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (429, 503):
        return None
    value = (exc.response.headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), cap_s)


def wait_retry_after(fallback: Callable[[RetryCallState], float],
                     cap_s: float = RETRY_AFTER_CAP_S) -> Callable[[RetryCallState], float]:
    """A tenacity wait: the server's ``Retry-After`` when the failure carries one, else ``fallback``."""

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        asked = retry_after_s(exc, cap_s)
        return fallback(state) if asked is None else asked

    return wait


def rejects_format(exc: BaseException) -> bool:
    """True when a server refused the ``response_format`` itself (llama-cpp-python answers 500 to json_schema)."""
    import openai

    return (isinstance(exc, openai.APIStatusError) and exc.status_code in (400, 422, 500)
            and "response_format" in str(exc))


class OpenAIBackend:
    """Chat completions over HTTP through the official client; safe to share between threads."""

    name = "openai"

    def __init__(self, settings: Settings) -> None:
        import openai

        if not settings.model and not settings.base_url:
            raise ConfigError("the openai backend needs a model name", "pass --model (e.g. gpt-4o-mini)")
        self.settings = settings
        self._base_url = settings.base_url
        self._client = openai.OpenAI(
            api_key=settings.api_key or "not-needed",
            base_url=settings.base_url,
            timeout=settings.timeout_s,
            max_retries=0,
        )
        self._legacy_json = False
        self._lock = threading.Lock()
        self._model = settings.model

    def model_name(self) -> str:
        if self._model is None:
            self._model = self._discover_model()
        return self._model

    def _discover_model(self) -> str:
        """The server's only model, for local servers started without naming one."""
        models = self._call(lambda: self._client.models.list())
        names = [m.id for m in models.data]
        if len(names) != 1:
            raise ConfigError(f"the server offers {len(names)} models: {', '.join(names[:5])}",
                              "choose one with --model")
        return names[0]

    def model_sha256(self) -> None:
        return None

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name, "base_url": self._base_url, "model": self.model_name(),
                "temperature": self.settings.temperature, "seed": self.settings.seed}

    def count_tokens(self, text: str) -> None:
        return None

    concurrency = 5
    """Section requests sent at once; a server with parallel slots (vLLM, llama.cpp) decodes them together."""

    def context_size(self) -> int | None:
        return None

    def _call(self, fn):
        import openai

        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            stop=stop_after_attempt(self.settings.transport_retries + 1),
            wait=wait_retry_after(wait_exponential_jitter(multiplier=0.5, max=8.0)),
            reraise=True,
        )
        try:
            return retrying(fn)
        except (openai.APIConnectionError, openai.APITimeoutError) as exc:
            raise BackendUnavailable(
                f"no answer from {self._base_url or 'the OpenAI API'} after "
                f"{self.settings.transport_retries + 1} attempts ({type(exc).__name__})"
            ) from exc
        except openai.AuthenticationError as exc:
            raise AuthenticationFailed(f"the server refused the API key ({exc.status_code})") from exc
        except openai.PermissionDeniedError as exc:
            raise AuthenticationFailed(f"the server denied access ({exc.status_code})") from exc
        except openai.NotFoundError as exc:
            raise ConfigError(f"the server does not know model {self._model!r} or this endpoint",
                              "check --model and --base-url (it usually ends in /v1)") from exc
        except openai.APIStatusError as exc:
            if rejects_format(exc):
                raise
            body = str(exc).lower()
            if "context" in body and ("length" in body or "exceed" in body or "window" in body):
                raise ArticleTooLong("the article does not fit the server model's context") from exc
            if exc.status_code in _RETRY_STATUS:
                raise BackendUnavailable(f"the server kept failing ({exc.status_code}) after retries") from exc
            raise

    def _create(self, messages: list[dict[str, Any]], response_format: dict[str, Any] | None = None,
                **kwargs: Any) -> Any:
        import openai

        def send(fmt: dict[str, Any] | None) -> Any:
            return self._call(lambda: self._client.chat.completions.create(
                model=self.model_name(), messages=messages, response_format=fmt,
                temperature=self.settings.temperature, seed=self.settings.seed, **kwargs))

        if self._legacy_json and response_format and response_format.get("type") == "json_schema":
            return send(_legacy_format(response_format))
        try:
            return send(response_format)
        except openai.APIStatusError as exc:
            if not (rejects_format(exc) and response_format and response_format.get("type") == "json_schema"):
                raise
            result = send(_legacy_format(response_format))
            with self._lock:
                self._legacy_json = True
            return result

    def complete(self, messages: list[dict[str, str]], response_model: type[BaseModel], max_tokens: int) -> Completion:
        return structured_call(self._create, instructor.Mode.JSON_SCHEMA, messages, response_model,
                               max_tokens=max_tokens)


def _legacy_format(response_format: dict[str, Any]) -> dict[str, Any]:
    return {"type": "json_object", "schema": response_format["json_schema"]["schema"]}
