"""``summarize serve``: the summarizer as an HTTP service (FastAPI on uvicorn).

``create_app(summarizer, settings)`` builds the ASGI app; ``ServiceSettings`` holds its limits.
Both are imported on first use, so ``summarizer`` itself never needs fastapi.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ServiceSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "ServiceSettings":
        from .settings import ServiceSettings

        return ServiceSettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
