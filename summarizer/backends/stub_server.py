"""A tiny OpenAI-compatible server for tests and benchmarks: a fixed latency, schema-valid answers.

Every section request gets the fake backend's answer (:func:`~summarizer.backends.fake.empty_answer`:
the article's first sentence as the summary, nothing else reported) after ``latency_s`` seconds.
The first ``fail_first`` chat requests can be refused with 429 and a ``Retry-After`` header, to
exercise honouring it. Standard library only (plus the fake backend); one thread per connection.

    python -m summarizer.backends.stub_server --port 8011 --latency 0.2 [--fail-first 3 --retry-after 1]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .fake import SCHEMA_TO_SECTION, empty_answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a batch at concurrency 8 opens 40 connections at once


class StubServer:
    """Serves ``/v1/models`` and ``/v1/chat/completions`` on loopback until :meth:`stop`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, latency_s: float = 0.0, fail_first: int = 0,
                 retry_after: str = "1", model: str = "stub", verbose: bool = False) -> None:
        self.latency_s = latency_s
        self.fail_first = fail_first
        self.retry_after = retry_after
        self.model = model
        self.verbose = verbose
        self.answered = 0
        self.refused = 0
        self._lock = threading.Lock()
        self.httpd = _Server((host, port), type("Handler", (_Handler,), {"stub": self}))

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> StubServer:
        threading.Thread(target=self.httpd.serve_forever, name="stub-server", daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def chat(self, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Status, JSON body and extra headers for one chat completion request."""
        with self._lock:
            refuse = self.refused < self.fail_first
            self.refused += refuse
        if refuse:
            return 429, _error("rate limited by the stub server", "rate_limit_exceeded"), {
                "Retry-After": self.retry_after}
        fmt = body.get("response_format") or {}
        name = (fmt.get("json_schema") or {}).get("name") or (fmt.get("schema") or {}).get("title")
        section = SCHEMA_TO_SECTION.get(name or "")
        messages = body.get("messages") or []
        if section is None or not messages:
            return 400, _error(f"the stub answers section schemas only, not {name!r}", "invalid_request_error"), {}
        content = empty_answer(section, messages)
        time.sleep(self.latency_s)
        with self._lock:
            self.answered += 1
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in messages)
        return 200, {
            "id": f"stub-{self.answered}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model") or self.model,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(content.split()),
                      "total_tokens": prompt_tokens + len(content.split())},
        }, {}


def _error(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "code": kind}}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the OpenAI client expects
    disable_nagle_algorithm = True  # else the body waits ~40 ms behind the headers for the client's delayed ACK
    stub: StubServer

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.rstrip("/").endswith("/models"):
            self._send(200, {"object": "list", "data": [
                {"id": self.stub.model, "object": "model", "created": 0, "owned_by": "stub"}]})
        else:
            self._send(404, _error(f"no route {self.path}", "not_found"))

    def do_POST(self) -> None:  # noqa: N802
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, _error(f"no route {self.path}", "not_found"))
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._send(400, _error("the body is not JSON", "invalid_request_error"))
            return
        self._send(*self.stub.chat(body))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if self.stub.verbose:
            super().log_message(format, *args)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m summarizer.backends.stub_server", description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8011, help="0 picks a free port (printed on stderr)")
    p.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    p.add_argument("--fail-first", type=int, default=0, help="refuse the first K chat requests with 429")
    p.add_argument("--retry-after", default="1", help="the Retry-After header of those refusals")
    p.add_argument("--model", default="stub")
    p.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = p.parse_args(argv)
    stub = StubServer(args.host, args.port, latency_s=args.latency, fail_first=args.fail_first,
                      retry_after=args.retry_after, model=args.model, verbose=args.verbose)
    print(f"stub server: {stub.url} (latency {args.latency} s)", file=sys.stderr, flush=True)
    try:
        stub.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stub.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
