"""The HTTP API: ``POST /v1/briefs``, ``GET /healthz``, ``GET /readyz``; OpenAPI at /openapi.json and /docs."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from .. import __version__
from ..api import Summarizer
from ..article import check_article
from ..errors import NotText
from ..render import brief_json
from ..schema import Brief
from .admission import Admission
from .body_limit import BodyLimit
from .errors import InvalidJSON, InvalidRequest, TextTooLong, error_response, one_line, response_for
from .models import BriefRequest, ErrorBody
from .readiness import Readiness
from .settings import ServiceSettings

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description} for status, description in {
        413: "the body is larger than max_body_bytes",
        422: "not JSON, not a BriefRequest, or an article that cannot be summarized (empty, binary, too long)",
        429: "max_in_flight articles in progress and max_queue waiting; see Retry-After",
        500: "an unexpected error (details in the service's log only)",
        502: "the model's answer stayed invalid after a re-ask (a larger model may do better)",
        503: "the backend is loading, misconfigured or not answering",
        504: "no brief within request_timeout_s",
    }.items()
}


def create_app(summarizer: Summarizer, settings: ServiceSettings | None = None) -> FastAPI:
    """The service for ``summarizer``, created once and shared by every request.

    The backend is created (the local model loaded) in a background thread at startup; ``/readyz``
    answers 200 once it can take work. ``app.state`` holds ``summarizer``, ``settings``, ``admission``
    and ``readiness``.
    """
    settings = settings or ServiceSettings()
    admission = Admission(settings.in_flight(summarizer.settings.backend), settings.max_queue)
    readiness = Readiness(summarizer)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        readiness.start()
        yield
        admission.close()

    app = FastAPI(title="summarizer", version=__version__, lifespan=lifespan,
                  description="Evidence-grounded briefs of news articles about armed conflict. Every error "
                              'body is {"error": {"type": ..., "message": ...}}.')
    app.state.summarizer, app.state.settings = summarizer, settings
    app.state.admission, app.state.readiness = admission, readiness
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    _install_error_handlers(app)

    @app.get("/healthz", summary="The process is up")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="The backend can take work", responses={503: _ERRORS[503]})
    async def readyz() -> Any:
        if (problem := await readiness.problem()) is not None:
            return response_for(problem)
        return {"status": "ready", "backend": readiness.backend_name, "in_flight": admission.in_flight,
                "queued": admission.queued}

    @app.post("/v1/briefs", response_model=Brief, responses=_ERRORS, summary="Summarize an article",
              response_description="the Brief, the same JSON as `summarize --format json`; "
                                   "the request's id is in the X-Request-Id header")
    async def create_brief(body: BriefRequest) -> Response:
        headers = {"X-Request-Id": body.id or uuid.uuid4().hex}
        try:
            _check_text(body.text, settings.max_article_chars)
            if (problem := readiness.loading_problem()) is not None:
                return response_for(problem, headers)
            brief = await admission.run(partial(summarizer.summarize, body.text), settings.request_timeout_s)
        except Exception as exc:
            return response_for(exc, headers)
        return Response(brief_json(brief), media_type="application/json", headers=headers)

    return app


def _check_text(text: str, max_chars: int) -> None:
    """Refuse, before queueing, what the pipeline would refuse: too long, binary, empty."""
    if len(text) > max_chars:
        raise TextTooLong(f"the article has {len(text)} characters; this service takes at most {max_chars} "
                          "(split it, or raise --max-article-chars)")
    if "\x00" in text:
        raise NotText("text is binary, not text (it holds NUL characters)", hint="send the article's plain text")
    check_article(text, "text")


def _install_error_handlers(app: FastAPI) -> None:
    """404, 405, validation errors and anything unexpected get the same error body as the rest."""

    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"type": "", "loc": (), "msg": "invalid request"}
        if first["type"] == "json_invalid":
            detail = first.get("ctx", {}).get("error", "")
            return response_for(InvalidJSON(f"the body is not valid JSON ({detail} at character {first['loc'][-1]})"))
        where = ".".join(str(p) for p in first["loc"] if p != "body") or "body"
        message = f"{where}: {first['msg']}"
        if where == "body" and first["type"] == "model_attributes_type":
            message = "the body must be a JSON object (sent with Content-Type: application/json)"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return response_for(InvalidRequest(message + more))

    async def on_http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):  # FastAPI's "error parsing the body"
            return response_for(InvalidJSON(f"the body is not UTF-8 JSON ({exc.__cause__})"))
        try:
            name = HTTPStatus(exc.status_code).name.lower()  # not_found, method_not_allowed, ...
        except ValueError:
            name = "http_error"
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return error_response(exc.status_code, name,
                              f"{request.method} {request.url.path}: {one_line(detail)}", exc.headers)

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        return response_for(exc)

    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
