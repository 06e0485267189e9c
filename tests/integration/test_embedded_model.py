"""The real embedded model on the seeds, in-process and through llama-cpp-python's OpenAI-compatible server.

Slow (about a minute per article on 2 cores); marked ``model``. Every answer comes from the model
(``refresh_cache``), and is stored in the answer cache by content hash, so the eval suite that CI runs
next scores the seeds without decoding them a second time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from evals.faithfulness import faithfulness
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


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_each_seed_brief_has_no_foreign_script_and_nothing_on_page_furniture_alone(seed, seed_briefs):
    """The briefs the README's first command prints: no letter of a script the article lacks (a model once wrote
    "vow to报复" into seed 000's summary), and no item resting only on a headline, subhead or link title."""
    assert faithfulness(seed_briefs[seed.stem], seed.read_text(encoding="utf-8")) == {
        "foreign_script": [], "furniture_only": []}


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


def test_service_serves_a_grounded_brief_from_the_embedded_model(local):
    """``summarize serve`` on loopback, sharing the module's loaded model: one short article over HTTP."""
    pytest.importorskip("fastapi")
    from summarizer.service import ServiceSettings, create_app

    from ..test_service import post, running, wait_ready

    shared = Summarizer(Settings(backend="local", cache=False), backend=local.pipeline.backend)
    with running(create_app(shared, ServiceSettings())) as port:
        assert wait_ready(port).body == {"status": "ready", "backend": "local", "in_flight": 0, "queued": 0}
        reply = post(port, {"text": SHORT_REPORT, "id": "short-report"}, timeout=600)
    assert reply.status == 200, reply.raw
    assert reply.headers["X-Request-Id"] == "short-report"
    brief = Brief.model_validate_json(reply.raw)
    assert_grounded(brief, SHORT_REPORT)
    assert brief.run.backend == "local" and brief.run.model_sha256 and brief.summary is not None
    assert any(c.figure.low == 14 and c.kind.value == "killed" for c in brief.casualties)
