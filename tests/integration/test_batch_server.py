"""Batch mode with the real model behind llama-cpp-python's server: two articles at once, no cache.

Slow (the server decodes one request at a time, so two articles' sections take turns: a few
minutes on 2 cores); marked ``model``.
"""

from __future__ import annotations

import json

import pytest

from summarizer.batch import latest
from summarizer.cli import main
from summarizer.schema import Brief

from ..conftest import assert_grounded

pytestmark = pytest.mark.model

ARTICLES = {
    "orlen": (
        "Army and rebel delegations met in the town of Orlen on Tuesday and agreed a ceasefire that starts at noon. "
        "A health official said 14 people were killed in the fighting last week.\n"
    ),
    "varda": (
        "Government forces shelled the village of Varda on Friday, the defence ministry said. "
        "Local officials said three civilians were killed and nine were wounded.\n"
    ),
}
"""Written for this test: short, so two of them fit a few minutes of a server that decodes serially."""


def test_batch_of_two_through_a_real_server(llama_server, capsys, tmp_path):
    records = tmp_path / "items.jsonl"
    records.write_text("".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in ARTICLES.items()),
                       encoding="utf-8")
    out = tmp_path / "results.jsonl"
    code = main([str(records), "--out", str(out), "--backend", "openai", "--base-url", llama_server,
                 "--concurrency", "2", "--no-cache", "-q"])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "2 ok, 0 failed" in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(ARTICLES)
    for key, record in latest(out).items():
        assert record["status"] == "ok", record["error"]
        brief = Brief.model_validate(record["brief"])
        assert_grounded(brief, ARTICLES[key])
        assert brief.run.backend == "openai" and brief.run.model == "embedded"
        assert record["usage"]["prompt_tokens"] == brief.run.prompt_tokens > 500
        assert brief.summary is not None and brief.casualties
