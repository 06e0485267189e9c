"""The request and error bodies of the HTTP API (the response body is the Brief itself)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class BriefRequest(BaseModel):
    """An article to summarize.

    ``source`` and ``published`` are accepted as the caller's metadata but not used: the Brief has no
    place for them (its ``sources`` are the sources the article cites), so they are neither stored nor echoed.
    """

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="the article as plain text; evidence spans index into it")
    id: str | None = Field(default=None, pattern=r"^[!-~]{1,128}$",
                           description="echoed in the X-Request-Id header (printable ASCII, no spaces); generated when absent")
    source: str | None = Field(default=None, max_length=2000, description="where the article came from (not used)")
    published: str | None = Field(default=None, max_length=100, description="when it was published (not used)")


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="short snake_case name, e.g. empty_article, busy, backend_unavailable")
    message: str = Field(description="what went wrong and what to do, on one line")


class ErrorBody(BaseModel):
    """Every error response: never a stack trace."""

    model_config = ConfigDict(extra="forbid")

    error: ErrorDetail
