"""``summarize serve``: parse the flags, start uvicorn; a bad setting is one line and a non-zero exit."""

from __future__ import annotations

import argparse
import logging
import socket
import sys
import threading
from typing import Any

from ..api import Summarizer
from ..errors import SummarizerError
from ..flags import add_model_flags, settings_from
from .settings import ServiceSettings


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="summarize serve",
        description="Serve briefs over HTTP: POST /v1/briefs with {\"text\": ...}; GET /healthz, /readyz; "
                    "API docs at /docs. Each limit also reads SUMMARIZER_SERVE_<NAME>, e.g. SUMMARIZER_SERVE_PORT.",
    )
    s = p.add_argument_group("service")
    s.add_argument("--host", help="address to listen on (default 127.0.0.1; the API has no authentication)")
    s.add_argument("--port", type=int, help="default 8000")
    s.add_argument("--max-body-bytes", type=int, help="larger request bodies get 413 (default 1 MiB)")
    s.add_argument("--max-article-chars", type=int, help="longer articles get 422 (default 100000)")
    s.add_argument("--request-timeout", dest="request_timeout_s", type=float,
                   help="seconds for queueing plus summarizing before 504 (default 600)")
    s.add_argument("--max-in-flight", type=int,
                   help="articles summarized at once (default 1 for the local backend, 8 otherwise)")
    s.add_argument("--max-queue", type=int, help="requests waiting for a slot before 429 (default 16)")
    m = p.add_argument_group("model")
    add_model_flags(m)
    p.add_argument("-v", "--verbose", action="store_true", help="log details and every request to stderr")
    return p


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _error(exc: SummarizerError) -> int:
    print(f"summarize: error: {exc.one_line()}", file=sys.stderr)
    return exc.exit_code


def serve_main(argv: list[str]) -> int:
    """Run the service until interrupted; the exit code says why it stopped."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="summarize: %(message)s")
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    try:
        import uvicorn

        from .app import create_app
    except ImportError as exc:
        print(f"summarize: error: the service needs fastapi and uvicorn ({exc.name} is missing) "
              "(pip install 'summarizer[service]')", file=sys.stderr)
        return 3
    try:
        settings = settings_from(args)
        service = ServiceSettings.resolve(
            host=args.host, port=args.port, max_body_bytes=args.max_body_bytes,
            max_article_chars=args.max_article_chars, request_timeout_s=args.request_timeout_s,
            max_in_flight=args.max_in_flight, max_queue=args.max_queue)
        summarizer = Summarizer(settings)
        if settings.backend != "local":
            summarizer.pipeline  # noqa: B018  cheap for these backends: a bad setting fails here, not per request
    except SummarizerError as exc:
        return _error(exc)
    try:
        sock = _listen(service.host, service.port)
    except OSError as exc:
        print(f"summarize: error: cannot listen on {service.host}:{service.port}: {exc.strerror or exc} "
              "(choose another --port or --host)", file=sys.stderr)
        return 3
    app = create_app(summarizer, service)
    server = uvicorn.Server(uvicorn.Config(app, log_level="info" if args.verbose else "warning",
                                           access_log=args.verbose))
    readiness = app.state.readiness
    threading.Thread(target=_stop_if_loading_fails, args=(readiness, server), daemon=True).start()
    where = f"[{service.host}]" if ":" in service.host else service.host
    print(f"summarize: serving briefs ({settings.backend} backend, {service.in_flight(settings.backend)} at once) "
          f"on http://{where}:{service.port}; API docs at /docs", file=sys.stderr, flush=True)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down gracefully: a normal stop
        pass
    if isinstance(readiness.failure, SummarizerError):
        return _error(readiness.failure)
    return 1 if readiness.failure is not None else 0


def _stop_if_loading_fails(readiness: Any, server: Any) -> None:
    readiness.loaded.wait()
    if readiness.failure is not None:
        server.should_exit = True
