"""The library surface: configure a Summarizer once, call it from any thread or from asyncio."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from .article import decode_article
from .backends import Backend, create_backend
from .config import Settings
from .pipeline import Pipeline, Progress
from .schema import Brief
from .webpage import Loaded, load


class Summarizer:
    """Summarizes articles into grounded Briefs.

    The backend (for ``local``, the model in memory) is created on first use and reused;
    calls from several threads are safe (the local model serialises its own calls).
    Settings come from keyword arguments, then ``SUMMARIZER_*`` variables, then defaults.
    """

    def __init__(self, settings: Settings | None = None, *, backend: Backend | None = None, **overrides: Any) -> None:
        self.settings = settings or Settings.resolve(**overrides)
        self._backend = backend
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()

    @property
    def pipeline(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                backend = self._backend or create_backend(self.settings)
                self._pipeline = Pipeline(backend, self.settings)
            return self._pipeline

    def summarize(self, text: str, progress: Progress | None = None) -> Brief:
        """Brief of an article given as text."""
        return self.pipeline.run(text, progress=progress)

    def summarize_file(self, path: str | Path, progress: Progress | None = None) -> Brief:
        """Brief of an article file, a saved web page or an http(s) URL (bad input raises an InputError); for a
        web page the brief carries the extracted text its offsets refer to (``article_text``)."""
        return self.summarize_loaded(load(str(path)), progress=progress)

    def summarize_loaded(self, loaded: Loaded, progress: Progress | None = None) -> Brief:
        """Brief of an article as ``webpage.load`` read it, with the extracted text and address it came from."""
        brief = self.summarize(loaded.text, progress=progress)
        if loaded.from_page:
            brief.article_text = loaded.text
        brief.source_url = loaded.url
        return brief

    def summarize_bytes(self, data: bytes, name: str = "input") -> Brief:
        """Brief of raw bytes that must decode as UTF-8 text."""
        return self.summarize(decode_article(data, name))

    async def asummarize(self, text: str) -> Brief:
        """``summarize`` for asyncio code: runs in a worker thread, never blocks the event loop."""
        return await asyncio.to_thread(self.summarize, text)


_default: Summarizer | None = None
_default_lock = threading.Lock()


def _shared(**overrides: Any) -> Summarizer:
    global _default
    if overrides:
        return Summarizer(**overrides)
    with _default_lock:
        if _default is None:
            _default = Summarizer()
        return _default


def summarize(text: str, **overrides: Any) -> Brief:
    """Brief of ``text``. Without overrides a shared, lazily created Summarizer is reused."""
    return _shared(**overrides).summarize(text)


async def asummarize(text: str, **overrides: Any) -> Brief:
    """Async ``summarize``."""
    return await _shared(**overrides).asummarize(text)
