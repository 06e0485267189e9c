"""Fixtures shared by the real-model tests: llama-cpp-python's OpenAI-compatible server, started once per session."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from summarizer.config import default_cache_dir


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """llama-cpp-python's own OpenAI-compatible server on loopback, serving the embedded GGUF."""
    pytest.importorskip("llama_cpp")
    pytest.importorskip("uvicorn")
    from summarizer.model_files import default_model_path

    model_path = default_model_path(Path(os.environ.get("SUMMARIZER_TEST_MODEL_CACHE", default_cache_dir())))
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
