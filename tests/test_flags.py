"""Every command that runs the model takes the same model flags, and they resolve to the same settings."""

from __future__ import annotations

import pytest

from evals.harness import _parser as eval_parser
from summarizer.cli import build_parser as summarize_parser
from summarizer.flags import MODEL_FLAGS, settings_from
from summarizer.service.cli import build_parser as serve_parser

FLAGS = ["--backend", "fake", "--model", "m", "--base-url", "http://127.0.0.1:9/v1", "--api-key", "k", "--n-ctx",
         "2048", "--timeout", "7.5", "--no-split", "--no-cache", "--refresh-cache", "--cache-dir", "/tmp/c",
         "--candidates", "rules"]


@pytest.mark.parametrize("parse", [
    lambda argv: summarize_parser().parse_args(["a.txt", *argv]),
    lambda argv: serve_parser().parse_args(argv),
    lambda argv: eval_parser().parse_args(["run", *argv]),
], ids=["summarize", "serve", "evals run"])
def test_each_command_reads_every_model_flag_into_the_same_settings(parse):
    args = parse(FLAGS)
    settings = settings_from(args)
    assert (settings.backend, settings.model, settings.base_url, settings.api_key, settings.n_ctx) == (
        "fake", "m", "http://127.0.0.1:9/v1", "k", 2048)
    assert (settings.timeout_s, settings.split, settings.cache, settings.refresh_cache, str(settings.cache_dir),
            settings.candidates) == (7.5, False, False, True, "/tmp/c", "rules")
    assert {name for name in MODEL_FLAGS if getattr(args, name) is None} == {"model_path"}


@pytest.mark.parametrize("parser", [summarize_parser(), serve_parser()], ids=["summarize", "serve"])
def test_a_flag_left_out_leaves_the_setting_to_the_environment(parser, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_N_CTX", "4096")
    args = parser.parse_args(["a.txt"] if parser.prog == "summarize" else [])
    assert settings_from(args).n_ctx == 4096


def test_the_eval_rejects_an_unknown_backend(capsys):
    with pytest.raises(SystemExit):
        eval_parser().parse_args(["run", "--backend", "gpt"])
    assert "invalid choice" in capsys.readouterr().err


def test_both_settings_read_the_environment_alike_spaces_stripped_and_booleans_parsed(monkeypatch):
    from summarizer.config import Settings
    from summarizer.errors import ConfigError
    from summarizer.service.settings import ServiceSettings

    monkeypatch.setenv("SUMMARIZER_CACHE", " off ")
    monkeypatch.setenv("SUMMARIZER_N_CTX", " 4096\n")
    monkeypatch.setenv("SUMMARIZER_SERVE_PORT", " 9001 ")
    monkeypatch.setenv("SUMMARIZER_SERVE_HOST", "  ")  # blank: unset
    assert (Settings.resolve().cache, Settings.resolve().n_ctx) == (False, 4096)
    assert (ServiceSettings.resolve().port, ServiceSettings.resolve().host) == (9001, "127.0.0.1")
    monkeypatch.setenv("SUMMARIZER_SPLIT", "maybe")  # once read silently as False
    with pytest.raises(ConfigError, match="bad setting split"):
        Settings.resolve()
