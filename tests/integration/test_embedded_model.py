"""The real embedded model on the seeds, in-process and through llama-cpp-python's OpenAI-compatible server.

Slow (about a minute per article on 2 cores); marked ``model``. Every answer comes from the model
(``refresh_cache``), and is stored in the answer cache by content hash, so the eval suite that CI runs
next scores the seeds without decoding them a second time.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from summarizer import Summarizer
from summarizer.config import Settings, default_cache_dir
from summarizer.schema import Brief

from ..conftest import SEEDS, assert_grounded

pytestmark = pytest.mark.model
pytest.importorskip("llama_cpp")


@pytest.fixture(scope="module")
def model_cache() -> Path:
    return Path(os.environ.get("SUMMARIZER_TEST_MODEL_CACHE", default_cache_dir()))


@pytest.fixture(scope="module")
def local(model_cache):
    return Summarizer(Settings(backend="local", refresh_cache=True, cache_dir=model_cache))


@pytest.fixture(scope="module")
def seed_briefs(local):
    return {p.stem: local.summarize(p.read_text(encoding="utf-8")) for p in SEEDS}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_each_seed_gives_a_valid_fully_grounded_brief(seed, seed_briefs):
    article = seed.read_text(encoding="utf-8")
    brief = Brief.model_validate_json(seed_briefs[seed.stem].model_dump_json())
    assert_grounded(brief, article)
    assert brief.summary is not None and brief.meeting is not None and brief.casualties
    assert brief.run.model_sha256 and brief.run.prompt_tokens > 1000


def test_seed_000_holds_what_an_analyst_needs(seed_briefs):
    brief = seed_briefs["000_e53088d7033d0399"]
    names = " | ".join(a.name for a in brief.meeting.attendees)
    assert "Hadi al-Amiri" in names and "Abu Fadak al-Mohammadawi" in names
    assert "Fayyadh" in f"{brief.meeting.place} {brief.meeting.host}"
    assert brief.truce.status.value == "agreed"
    assert any("calm" in c.text for c in brief.truce.conditions)
    assert any(c.figure.low == 4 and c.kind.value == "killed" and "commander" in (c.claimant or "")
               for c in brief.casualties)
    assert any("Iraq" in r.actor and r.stance.value == "condemns" for r in brief.reactions)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(local, tmp_path_factory):
    """llama-cpp-python's own OpenAI-compatible server on loopback, serving the embedded GGUF."""
    pytest.importorskip("uvicorn")
    model_path = local.pipeline.backend._path
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096", "--model_alias", "embedded"],
        stdout=subprocess.DEVNULL, stderr=open(log, "wb"),  # llama.cpp logs ~200 KB: never a pipe
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(f"{url}/models", timeout=2)
            break
        except OSError:
            time.sleep(1)
    else:
        proc.kill()
        raise RuntimeError("llama_cpp.server did not start within 180 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


SHORT_REPORT = (
    "Army and rebel delegations met in the town of Orlen on Tuesday and agreed a ceasefire that starts at noon. "
    "The rebels must withdraw from the river crossings within three days, the agreement says. "
    "A health official said 14 people were killed in the fighting last week. "
    "The foreign ministry of Kessia welcomed the agreement.\n"
)
"""Written for this test (not a seed): this server decodes one request at a time without the engine's
shared rounds, so a short report keeps the test to about a minute while it still exercises every section."""


def test_openai_backend_against_a_real_server(llama_server, capsys, tmp_path):
    from summarizer.cli import main

    path = tmp_path / "short_report.txt"
    path.write_text(SHORT_REPORT, encoding="utf-8")
    code = main([str(path), "--backend", "openai", "--base-url", llama_server, "--no-cache", "-q"])
    out, err = capsys.readouterr()
    assert code == 0, err
    brief = Brief.model_validate_json(out)
    assert brief.run.backend == "openai" and brief.run.model == "embedded"
    assert_grounded(brief, SHORT_REPORT)
    assert brief.meeting is not None and "Orlen" in (brief.meeting.place or "")
    assert any(c.figure.low == 14 and c.kind.value == "killed" for c in brief.casualties)
    assert json.loads(out)["run"]["prompt_tokens"] > 1000
