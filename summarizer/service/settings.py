"""The service's limits: a flag wins over an environment variable (SUMMARIZER_SERVE_*), which wins over the default."""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError

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
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = os.environ.get(f"{ENV_PREFIX}{name.upper()}")
            if raw is not None and raw.strip() != "":
                values[name] = raw.strip()
        values.update({k: v for k, v in flags.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"bad service setting {where}: {first['msg']}",
                              f"fix the flag or {ENV_PREFIX}* variable") from exc
