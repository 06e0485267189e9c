"""Every failure as an HTTP status and the body ``{"error": {"type": ..., "message": ...}}``.

``STATUS`` maps summarizer's errors to statuses in one place; the service's own errors carry theirs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from fastapi.responses import JSONResponse

from ..errors import BackendError, ConfigError, InputError, ModelOutputError, SummarizerError

log = logging.getLogger("summarizer.service")

STATUS: dict[type[SummarizerError], int] = {
    InputError: 422,  # the article cannot be summarized: empty, binary, too long for the context
    ConfigError: 503,  # the service's backend is misconfigured (e.g. no model file): not the caller's fault
    ModelOutputError: 502,  # the model's answer stayed invalid after the re-ask: a retry of the same request gives the same
    BackendError: 503,  # no answer from the server, a refused key
    SummarizerError: 500,
}


class ServiceError(Exception):
    """An error of the service itself, with its status and type."""

    status = 500
    type = "internal_error"

    def __init__(self, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.headers = dict(headers or {})


class BodyTooLarge(ServiceError):
    status, type = 413, "body_too_large"


class InvalidJSON(ServiceError):
    status, type = 422, "invalid_json"


class InvalidRequest(ServiceError):
    status, type = 422, "invalid_request"


class TextTooLong(ServiceError):
    status, type = 422, "text_too_long"


class Busy(ServiceError):
    status, type = 429, "busy"


class NotReady(ServiceError):
    status, type = 503, "not_ready"


class TimedOut(ServiceError):
    status, type = 504, "timeout"


def snake(name: str) -> str:
    """``BackendUnavailable`` -> ``backend_unavailable``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def status_of(exc: SummarizerError) -> int:
    """The status of a summarizer error: its nearest class in ``STATUS``."""
    return next(STATUS[cls] for cls in type(exc).__mro__ if cls in STATUS)


def one_line(text: str) -> str:
    return " ".join(text.split())


def error_response(status: int, type_: str, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"type": type_, "message": one_line(message)}}, status_code=status,
                        headers=dict(headers or {}))


def response_for(exc: BaseException, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The error response for any exception; unexpected ones are logged with their traceback, never sent."""
    extra = dict(headers or {})
    if isinstance(exc, ServiceError):
        return error_response(exc.status, exc.type, str(exc), {**extra, **exc.headers})
    if isinstance(exc, SummarizerError):
        status = status_of(exc)
        if status >= 500:
            log.warning("%s: %s", type(exc).__name__, exc.one_line())
        return error_response(status, snake(type(exc).__name__), exc.one_line(), extra)
    log.error("unexpected error", exc_info=exc)
    return error_response(500, "internal_error", f"unexpected {type(exc).__name__}; see the service's log", extra)
