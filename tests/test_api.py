from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from summarizer import Summarizer
from summarizer.backends.fake import FakeBackend
from summarizer.config import Settings

from .conftest import assert_grounded, script_000, seed_000


def test_one_summarizer_serves_several_threads():
    settings = Settings(backend="fake", cache=False)
    backend = FakeBackend(settings, script=script_000(), delay_s=0.01)
    s = Summarizer(settings, backend=backend)
    with ThreadPoolExecutor(4) as pool:
        briefs = list(pool.map(s.summarize, [seed_000()] * 8))
    first = briefs[0].model_dump(exclude={"run"})
    assert all(b.model_dump(exclude={"run"}) == first for b in briefs)
    assert len(backend.requests) == 40
    for b in briefs:
        assert_grounded(b, seed_000())


def test_async_variant():
    settings = Settings(backend="fake", cache=False)
    s = Summarizer(settings, backend=FakeBackend(settings, script=script_000()))

    async def both():
        return await asyncio.gather(s.asummarize(seed_000()), s.asummarize(seed_000()))

    a, b = asyncio.run(both())
    assert a.model_dump(exclude={"run"}) == b.model_dump(exclude={"run"})


def test_settings_resolution_flag_over_env_over_default(monkeypatch):
    assert Settings.resolve().backend == "local"
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    assert Settings.resolve().backend == "openai"
    monkeypatch.setenv("SUMMARIZER_BACKEND", "fake")
    monkeypatch.setenv("SUMMARIZER_N_CTX", "2048")
    assert (Settings.resolve().backend, Settings.resolve().n_ctx) == ("fake", 2048)
    assert Settings.resolve(n_ctx=8192).n_ctx == 8192
