"""The flags that choose and tune the model, declared once for every command that runs it (``summarize``,
``summarize serve`` and the eval suite), and the settings they resolve to."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .config import BACKENDS, CANDIDATES, Settings

MODEL_FLAGS = ("backend", "model", "model_path", "base_url", "api_key", "n_ctx", "timeout_s", "split", "cache",
               "refresh_cache", "cache_dir", "candidates")
"""The settings the flags below set, by their ``Settings`` field names."""


def add_model_flags(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """Declare the model flags on ``parser`` (a parser or an argument group); each defaults to None, so that an
    environment variable or the setting's default applies where a flag is not given."""
    parser.add_argument("--backend", choices=BACKENDS,
                        help="default: local, or openai when an OpenAI key/base URL is set")
    parser.add_argument("--model", help="model name on an OpenAI-compatible server")
    parser.add_argument("--model-path", type=Path, help="a GGUF file for the local backend (default: embedded model)")
    parser.add_argument("--base-url", help="OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1")
    parser.add_argument("--api-key", help="API key (default: $OPENAI_API_KEY)")
    parser.add_argument("--n-ctx", type=int,
                        help="context size of the local model (default 8192): the article, five tasks and five answers")
    parser.add_argument("--timeout", dest="timeout_s", type=float, help="seconds to wait for a server's answer")
    parser.add_argument("--no-split", dest="split", action="store_const", const=False,
                        help="fail on an article that does not fit the context instead of splitting it")
    parser.add_argument("--no-cache", dest="cache", action="store_const", const=False, help="always ask the model")
    parser.add_argument("--refresh-cache", action="store_const", const=True,
                        help="ask the model even when the answer is cached, and cache the new answer")
    parser.add_argument("--cache-dir", type=Path, help="where answers are cached (default: ~/.cache/summarizer)")
    parser.add_argument("--candidates", choices=CANDIDATES,
                        help="who proposes brief items: model, rules (no model, instant) or both (default)")


def settings_from(args: argparse.Namespace, **more: Any) -> Settings:
    """The settings the model flags of ``args`` (and ``more``) give, over the environment and the defaults."""
    return Settings.resolve(**{name: getattr(args, name) for name in MODEL_FLAGS}, **more)
