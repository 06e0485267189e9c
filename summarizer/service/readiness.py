"""Readiness: the backend is created (for ``local``, the model loaded) in a background thread at startup,
and a server behind the ``openai`` backend must answer, checked at most every few seconds."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from ..api import Summarizer
from ..config import Settings
from ..errors import AuthenticationFailed, BackendUnavailable, ConfigError, SummarizerError
from .errors import NotReady

log = logging.getLogger("summarizer.service")

Probe = Callable[[], None]
"""Returns when the backend can answer; raises a SummarizerError saying why not."""


def probe_server(settings: Settings, timeout_s: float = 3.0) -> None:
    """Ask an OpenAI-compatible server for its models: any answer but 401/403 or 5xx means it is reachable."""
    base = (settings.base_url or "https://api.openai.com/v1").rstrip("/")
    headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(f"{base}/models", headers=headers), timeout=timeout_s):
            return
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise AuthenticationFailed(f"{base} refused the API key ({exc.code})") from None
        if exc.code >= 500:
            raise BackendUnavailable(f"{base} answered {exc.code}") from None
    except ValueError as exc:
        raise ConfigError(f"bad base URL {base!r}: {exc}", "fix --base-url") from None
    except OSError as exc:
        reason = getattr(exc, "reason", None) or exc
        raise BackendUnavailable(f"no answer from {base}: {reason}") from None


class Readiness:
    """Creates the summarizer's pipeline in the background and tells whether requests can be served."""

    def __init__(self, summarizer: Summarizer, probe: Probe | None = None, probe_every_s: float = 5.0) -> None:
        self.summarizer = summarizer
        self.probe = probe
        self.probe_every_s = probe_every_s
        self.loaded = threading.Event()
        self.failure: BaseException | None = None
        self.backend_name: str | None = None
        self._probed: tuple[float, SummarizerError | None] | None = None
        self._probe_lock: asyncio.Lock | None = None

    def start(self) -> None:
        threading.Thread(target=self._load, name="load-backend", daemon=True).start()

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            backend = self.summarizer.pipeline.backend
            self.backend_name = backend.name
            if self.probe is None and backend.name == "openai":
                def probe() -> None:
                    probe_server(self.summarizer.settings)
                    backend.model_name()  # finds the server's only model when none was named
                self.probe = probe
            log.info("backend %s ready in %.1f s", backend.name, time.perf_counter() - started)
        except BaseException as exc:  # kept and reported by every check
            self.failure = exc
            if isinstance(exc, SummarizerError):
                log.error("cannot start the backend: %s", exc.one_line())
            else:
                log.error("cannot start the backend", exc_info=exc)
        finally:
            self.loaded.set()

    def loading_problem(self) -> BaseException | None:
        """NotReady while the backend is loading, the error that stopped it from loading, or None."""
        if not self.loaded.is_set():
            return NotReady("the model is still loading; try again shortly", headers={"Retry-After": "5"})
        return self.failure

    async def problem(self) -> BaseException | None:
        """``loading_problem``, else what the probe says, asked at most every ``probe_every_s`` seconds."""
        if (problem := self.loading_problem()) is not None or self.probe is None:
            return problem
        if self._probe_lock is None:
            self._probe_lock = asyncio.Lock()
        async with self._probe_lock:
            if self._probed is None or time.monotonic() - self._probed[0] > self.probe_every_s:
                try:
                    await asyncio.to_thread(self.probe)
                    error = None
                except SummarizerError as exc:
                    error = exc
                self._probed = (time.monotonic(), error)
            return self._probed[1]
