"""The service's limits: a flag wins over an environment variable (SUMMARIZER_SERVE_*), which wins over the default."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..config import env_values, validated

ENV_PREFIX = "SUMMARIZER_SERVE_"


class ServiceSettings(BaseModel):
    """Where the service listens and how much work it takes. Build with :meth:`resolve` to honour env variables."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field(default="127.0.0.1", min_length=1, description="loopback by default: the API has no authentication")
    port: int = Field(default=8000, ge=1, le=65535)
    max_body_bytes: int = Field(default=1 << 20, ge=1, description="larger request bodies get 413")
    max_article_chars: int = Field(default=100_000, ge=1, description="longer articles get 422")
    request_timeout_s: float = Field(default=600.0, gt=0, description="queueing plus summarizing; past it, 504")
    max_in_flight: int | None = Field(
        default=None, ge=1, description="articles summarized at once; None: 1 for the local backend, 8 otherwise")
    max_queue: int = Field(default=16, ge=0, description="requests waiting for a slot; past it, 429")

    def in_flight(self, backend: str) -> int:
        """``max_in_flight``, or its default for ``backend``.

        The local model decodes in rounds shared by every thread, so a second article in flight only
        interleaves with the first and slows both; it waits its turn in the queue instead.
        """
        if self.max_in_flight is not None:
            return self.max_in_flight
        return 1 if backend == "local" else 8

    @classmethod
    def resolve(cls, **flags: Any) -> ServiceSettings:
        """Merge flags (None = not given) over ``SUMMARIZER_SERVE_*`` variables and the defaults."""
        values: dict[str, Any] = env_values(cls, ENV_PREFIX)
        values.update({k: v for k, v in flags.items() if v is not None})
        return validated(cls, values, ENV_PREFIX, "service setting")
