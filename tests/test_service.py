"""The HTTP service, run for real on loopback (uvicorn in a thread) and driven over HTTP; fake backends only."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from summarizer import Summarizer  # noqa: E402
from summarizer.backends.fake import FakeBackend  # noqa: E402
from summarizer.backends.stub_server import StubServer  # noqa: E402
from summarizer.cli import main  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.errors import (  # noqa: E402
    ArticleNotFound,
    ArticleTooLong,
    AuthenticationFailed,
    BackendError,
    BackendUnavailable,
    ConfigError,
    EmptyArticle,
    ModelFileError,
    ModelOutputError,
    NotText,
    SummarizerError,
)
from summarizer.render import brief_json  # noqa: E402
from summarizer.schema import Brief  # noqa: E402
from summarizer.service import ServiceSettings, create_app  # noqa: E402
from summarizer.service.cli import serve_main  # noqa: E402
from summarizer.service.errors import (  # noqa: E402
    BodyTooLarge,
    Busy,
    NotReady,
    TextTooLong,
    TimedOut,
    response_for,
)

from .conftest import ROOT, assert_grounded, script_000, seed_000  # noqa: E402

ARTICLE = "A health official said fighting killed 14 people in Orlen on Monday. Talks resumed on Tuesday.\n"


# -- a real server and a real client ----------------------------------------------------------------

@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    raw: bytes

    @property
    def body(self) -> Any:
        return json.loads(self.raw) if self.raw else None


def request(port: int, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
            timeout: float = 30, **kwargs: Any) -> Reply:
    """One HTTP exchange on a fresh connection; dicts and lists are sent as JSON."""
    headers = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers, **kwargs)
        resp = conn.getresponse()
        return Reply(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def post(port: int, payload: Any, **kwargs: Any) -> Reply:
    return request(port, "POST", "/v1/briefs", payload, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(app: Any) -> Iterator[int]:
    """Serve ``app`` with uvicorn on a free loopback port in a background thread; yield the port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the service did not start")
        time.sleep(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def wait_ready(port: int, timeout: float = 15) -> Reply:
    deadline = time.monotonic() + timeout
    while (reply := request(port, "GET", "/readyz")).status != 200:
        assert time.monotonic() < deadline, reply.body
        time.sleep(0.02)
    return reply


def until(condition: Any, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def assert_error(reply: Reply, status: int, type_: str, *fragments: str) -> str:
    """The reply is ``status`` with exactly the error body, a one-line message holding each fragment."""
    assert reply.status == status, reply.raw
    assert reply.headers["Content-Type"] == "application/json"
    body = reply.body
    assert list(body) == ["error"] and sorted(body["error"]) == ["message", "type"], body
    assert body["error"]["type"] == type_, body
    message = body["error"]["message"]
    assert "\n" not in message and "Traceback" not in message and message.strip() == message
    for fragment in fragments:
        assert fragment in message, message
    return message


class Controlled(FakeBackend):
    """The fake backend, plus a gate that holds every call, an error to raise, and the most calls seen at once."""

    def __init__(self, script: Any = None, delay_s: float = 0.0) -> None:
        super().__init__(Settings(backend="fake", cache=False), script=script, delay_s=delay_s)
        self.gate = threading.Event()
        self.gate.set()
        self.error: BaseException | None = None
        self.active = self.most = 0
        self.asked: list[str] = []  # the answer model of every call, as it arrives
        self._count = threading.Lock()

    def complete(self, messages, response_model, max_tokens):
        with self._count:
            self.asked.append(response_model.__name__)
            self.active += 1
            self.most = max(self.most, self.active)
        try:
            if not self.gate.wait(timeout=30):
                raise RuntimeError("the test never opened the gate")
            if self.error is not None:
                raise self.error
            return super().complete(messages, response_model, max_tokens)
        finally:
            with self._count:
                self.active -= 1

    def overviews(self) -> int:
        """Articles whose model work started (one overview request each)."""
        return self.asked.count("OverviewAnswer")


def fake_summarizer(backend: Any) -> Summarizer:
    return Summarizer(Settings(backend="fake", cache=False), backend=backend)


@contextmanager
def service(backend: Any, **limits: Any) -> Iterator[int]:
    with running(create_app(fake_summarizer(backend), ServiceSettings(**limits))) as port:
        wait_ready(port)
        yield port


@pytest.fixture(scope="module")
def scripted() -> Iterator[tuple[int, Controlled]]:
    backend = Controlled(script_000())
    with service(backend, max_body_bytes=20_000, max_article_chars=10_000) as port:
        yield port, backend


# -- the brief ----------------------------------------------------------------------------------------

def test_seed_000_gives_the_same_fully_grounded_brief_as_the_cli(scripted):
    port, _ = scripted
    article = seed_000()
    reply = post(port, {"text": article, "id": "seed-000", "source": "Middle East Eye", "published": "2024-02-06"})
    assert reply.status == 200, reply.raw
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.headers["X-Request-Id"] == "seed-000"
    brief = Brief.model_validate_json(reply.raw)
    assert_grounded(brief, article)
    assert brief.truce.status.value == "agreed"
    assert [a.name for a in brief.meeting.attendees][:2] == ["Hadi al-Amiri", "Abu Fadak al-Mohammadawi"]
    assert "twelve" not in [c.figure_text for c in brief.casualties]  # the planted claim was dropped
    assert reply.raw.decode() == brief_json(brief)  # the CLI's JSON, byte for byte

    direct = json.loads(brief_json(fake_summarizer(FakeBackend(script=script_000())).summarize(article)))
    served = reply.body
    for b in (direct, served):
        b["run"].pop("latency_s")
        for call in b["run"]["calls"]:
            del call["latency_s"], call["key"]  # the key names the scripted backend instance
    assert served == direct


def test_without_an_id_one_is_generated(scripted):
    port, _ = scripted
    first, second = post(port, {"text": ARTICLE}), post(port, {"text": ARTICLE})
    assert first.status == second.status == 200
    ids = {first.headers["X-Request-Id"], second.headers["X-Request-Id"]}
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)


def test_health_and_readiness(scripted):
    port, _ = scripted
    health = request(port, "GET", "/healthz")
    assert (health.status, health.body) == (200, {"status": "ok"})
    ready = request(port, "GET", "/readyz")
    assert (ready.status, ready.body) == (200, {"status": "ready", "backend": "fake", "in_flight": 0, "queued": 0})


def test_openapi_and_docs(scripted):
    port, _ = scripted
    spec = request(port, "GET", "/openapi.json").body
    operation = spec["paths"]["/v1/briefs"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/BriefRequest")
    assert {"200", "413", "422", "429", "500", "502", "503", "504"} <= set(operation["responses"])
    assert spec["components"]["schemas"]["BriefRequest"]["additionalProperties"] is False
    assert {"/healthz", "/readyz"} <= set(spec["paths"])
    docs = request(port, "GET", "/docs")
    assert docs.status == 200 and b"swagger" in docs.raw.lower()


# -- bad requests ------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload,headers,type_,fragment", [
    (b'{"text":', {"Content-Type": "application/json"}, "invalid_json", "not valid JSON"),
    (b'{"text": "caf\xe9 killed"}', {"Content-Type": "application/json"}, "invalid_json", "UTF-8"),
    (b'{"text": "Fighting killed four."}', {}, "invalid_request", "Content-Type: application/json"),
    (["a list"], None, "invalid_request", "JSON object"),
    ({}, None, "invalid_request", "text: Field required"),
    ({"text": 123}, None, "invalid_request", "text: Input should be a valid string"),
    ({"text": ARTICLE, "title": "x"}, None, "invalid_request", "title: Extra inputs are not permitted"),
    ({"text": ARTICLE, "id": "two words"}, None, "invalid_request", "id: String should match pattern"),
    ({"text": ""}, None, "empty_article", "text is empty"),
    ({"text": " \n\t "}, None, "empty_article", "only whitespace"),
    ({"text": "Fighting killed\x00 four."}, None, "not_text", "binary"),
    ({"text": "word " * 2001}, None, "text_too_long", "at most 10000"),
], ids=["truncated", "latin1", "no-content-type", "list", "no-text", "number", "extra-field", "bad-id", "empty",
        "whitespace", "nul", "too-long"])
def test_bad_requests_are_422_and_cost_no_model_call(scripted, payload, headers, type_, fragment):
    port, backend = scripted
    before = len(backend.requests)
    assert_error(post(port, payload, headers=headers), 422, type_, fragment)
    assert len(backend.requests) == before


def test_article_too_long_for_the_context_is_422():
    settings = Settings(backend="fake", cache=False, split=False, n_ctx=1500)
    with running(create_app(Summarizer(settings, backend=FakeBackend(settings)), ServiceSettings())) as port:
        wait_ready(port)
        assert_error(post(port, {"text": seed_000() * 4}), 422, "article_too_long", "tokens", "--no-split")


def test_oversize_bodies_are_413_with_or_without_content_length(scripted):
    port, backend = scripted
    before = len(backend.requests)
    big = {"text": "Fighting killed four. " * 1000}  # 22 KB over a 20,000-byte limit
    assert_error(post(port, big), 413, "body_too_large", "20000 bytes")
    chunks = iter([b'{"text": "', *[b"Fighting killed four. " * 100] * 10, b'"}'])
    reply = request(port, "POST", "/v1/briefs", chunks, {"Content-Type": "application/json"}, encode_chunked=True)
    assert_error(reply, 413, "body_too_large")
    lying = request(port, "POST", "/v1/briefs", b"{}", {"Content-Type": "application/json", "Content-Length": "999999"},
                    timeout=5)  # declared too large: refused before the body is read
    assert_error(lying, 413, "body_too_large")
    assert len(backend.requests) == before
    # a body just under the limit still goes through
    assert post(port, {"text": ARTICLE * 100}).status == 200


def test_wrong_path_and_method_use_the_error_body(scripted):
    port, _ = scripted
    assert_error(request(port, "GET", "/v1/nope"), 404, "not_found", "GET /v1/nope")
    reply = request(port, "GET", "/v1/briefs")
    assert_error(reply, 405, "method_not_allowed", "GET /v1/briefs")
    assert reply.headers["Allow"] == "POST"
    assert_error(request(port, "DELETE", "/healthz"), 405, "method_not_allowed")


# -- load, failures, timeouts -------------------------------------------------------------------------

def test_fifty_concurrent_requests_are_each_answered_once():
    backend = Controlled(delay_s=0.05)  # five sections one after another: about 0.25 s an article
    with service(backend, max_in_flight=2, max_queue=3) as port:
        n = 50
        barrier = threading.Barrier(n)
        replies: dict[int, Reply] = {}

        def one(i: int) -> None:
            text = f"Marker{i:02d} said fighting killed {i + 1} people in Orlen on Monday. Talks went on.\n"
            barrier.wait()
            replies[i] = post(port, {"text": text, "id": f"req-{i:02d}"})

        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert sorted(replies) == list(range(n))
        ok = []
        for i, reply in replies.items():
            assert reply.headers["X-Request-Id"] == f"req-{i:02d}"
            if reply.status == 200:
                ok.append(i)
                assert reply.body["summary"]["text"].startswith(f"Marker{i:02d} said")
            else:
                assert_error(reply, 429, "busy", "try again later")
                assert int(reply.headers["Retry-After"]) >= 1
        assert len(ok) >= 5  # the first two in flight and three queued are always served
        assert len(ok) < n  # and the burst was more than they could hold
        assert backend.overviews() == len(ok)  # no work for a refused request; none done twice
        assert backend.most <= 2
        assert request(port, "GET", "/readyz").body["in_flight"] == 0


def test_a_timed_out_request_is_504_and_keeps_its_slot_until_its_work_ends():
    backend = Controlled()
    with service(backend, max_in_flight=1, max_queue=1, request_timeout_s=1.5) as port:
        backend.gate.clear()
        try:
            started = time.monotonic()
            first = post(port, {"text": ARTICLE, "id": "first"})
            assert_error(first, 504, "timeout", "no brief within 1.5 s", "holds its slot")
            assert 1.4 < time.monotonic() - started < 5 and first.headers["X-Request-Id"] == "first"
            assert request(port, "GET", "/readyz").body["in_flight"] == 1  # the thread still works on it

            queued: list[Reply] = []
            waiter = threading.Thread(target=lambda: queued.append(post(port, {"text": ARTICLE, "id": "second"})))
            waiter.start()
            until(lambda: request(port, "GET", "/readyz").body["queued"] == 1)
            assert_error(post(port, {"text": ARTICLE, "id": "third"}), 429, "busy", "1 article(s) in progress and 1 waiting")
            waiter.join(timeout=10)
            assert_error(queued[0], 504, "timeout", "in the queue")
            assert backend.overviews() == 1  # the queued request never started
        finally:
            backend.gate.set()
        until(lambda: request(port, "GET", "/readyz").body["in_flight"] == 0)
        assert post(port, {"text": ARTICLE}).status == 200


@pytest.mark.parametrize("error,status,type_,fragment", [
    (BackendUnavailable("no answer from http://127.0.0.1:9/v1"), 503, "backend_unavailable", "--base-url"),
    (AuthenticationFailed("the server refused the key"), 503, "authentication_failed", "OPENAI_API_KEY"),
    (ModelOutputError("the model's answer was invalid after 2 attempts"), 502, "model_output_error", "try again"),
    (RuntimeError("secret detail\nTraceback (most recent call last)"), 500, "internal_error", "RuntimeError"),
])
def test_backend_failures_map_to_statuses(error, status, type_, fragment):
    backend = Controlled()
    backend.error = error
    with service(backend) as port:
        message = assert_error(post(port, {"text": ARTICLE, "id": "x"}), status, type_, fragment)
        assert "secret" not in message
        assert request(port, "GET", "/healthz").status == 200


class SlowToLoad(Summarizer):
    """A summarizer whose backend takes until ``gate`` opens to load."""

    def __init__(self, gate: threading.Event) -> None:
        super().__init__(Settings(backend="fake", cache=False), backend=Controlled())
        self.gate = gate

    @property
    def pipeline(self):
        if not self.gate.wait(timeout=30):
            raise RuntimeError("the test never opened the gate")
        return Summarizer.pipeline.fget(self)


def test_not_ready_until_the_model_is_loaded():
    gate = threading.Event()
    try:
        with running(create_app(SlowToLoad(gate), ServiceSettings())) as port:
            assert request(port, "GET", "/healthz").status == 200
            loading = request(port, "GET", "/readyz")
            assert_error(loading, 503, "not_ready", "still loading")
            assert loading.headers["Retry-After"] == "5"
            assert_error(post(port, {"text": ARTICLE, "id": "early"}), 503, "not_ready")
            gate.set()
            assert wait_ready(port).body["backend"] == "fake"
            assert post(port, {"text": ARTICLE}).status == 200
    finally:
        gate.set()


def test_a_model_that_cannot_load_is_503(tmp_path):
    pytest.importorskip("llama_cpp")
    summarizer = Summarizer(Settings(backend="local", model_path=tmp_path / "missing.gguf", cache=False))
    with running(create_app(summarizer, ServiceSettings())) as port:
        until(lambda: request(port, "GET", "/readyz").body["error"]["type"] != "not_ready")
        assert_error(request(port, "GET", "/readyz"), 503, "model_file_error", "no model file", "--model-path")
        assert_error(post(port, {"text": ARTICLE}), 503, "model_file_error", "missing.gguf")


def test_openai_backend_is_ready_when_its_server_answers():
    down = Summarizer(Settings(backend="openai", model="m", base_url=f"http://127.0.0.1:{free_port()}/v1", cache=False))
    with running(create_app(down, ServiceSettings())) as port:
        until(lambda: request(port, "GET", "/readyz").body.get("error", {}).get("type") != "not_ready")
        assert_error(request(port, "GET", "/readyz"), 503, "backend_unavailable", "no answer from", "--base-url")
    with StubServer(model="served") as stub:
        up = Summarizer(Settings(backend="openai", base_url=stub.url, cache=False))
        with running(create_app(up, ServiceSettings())) as port:
            ready = wait_ready(port)
            assert ready.body["backend"] == "openai"
            assert up.pipeline.backend.model_name() == "served"  # found by the probe


# -- pieces --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("exc,status,type_", [
    (EmptyArticle("text is empty"), 422, "empty_article"),
    (NotText("text is binary, not text"), 422, "not_text"),
    (ArticleTooLong("needs 9000 tokens"), 422, "article_too_long"),
    (ArticleNotFound("no such file: a"), 422, "article_not_found"),
    (ConfigError("bad"), 503, "config_error"),
    (ModelFileError("no model file at x"), 503, "model_file_error"),
    (BackendError("failed"), 503, "backend_error"),
    (BackendUnavailable("no answer"), 503, "backend_unavailable"),
    (AuthenticationFailed("refused"), 503, "authentication_failed"),
    (ModelOutputError("invalid"), 502, "model_output_error"),
    (SummarizerError("odd"), 500, "summarizer_error"),
    (BodyTooLarge("too big"), 413, "body_too_large"),
    (TextTooLong("too long"), 422, "text_too_long"),
    (Busy("busy"), 429, "busy"),
    (NotReady("loading"), 503, "not_ready"),
    (TimedOut("late"), 504, "timeout"),
    (KeyError("secret"), 500, "internal_error"),
])
def test_error_table(exc, status, type_):
    response = response_for(exc, {"X-Request-Id": "r"})
    assert response.status_code == status and response.headers["X-Request-Id"] == "r"
    expected = (exc.one_line() if isinstance(exc, SummarizerError)
                else "unexpected KeyError; see the service's log" if isinstance(exc, KeyError) else str(exc))
    assert json.loads(response.body) == {"error": {"type": type_, "message": expected}}


def test_busy_carries_retry_after():
    assert response_for(Busy("full", headers={"Retry-After": "7"})).headers["Retry-After"] == "7"


def test_service_settings_flag_over_env_over_default(monkeypatch):
    default = ServiceSettings.resolve()
    assert (default.host, default.port, default.max_body_bytes, default.max_article_chars, default.request_timeout_s,
            default.max_in_flight, default.max_queue) == ("127.0.0.1", 8000, 1 << 20, 100_000, 600.0, None, 16)
    assert (default.in_flight("local"), default.in_flight("openai"), default.in_flight("fake")) == (1, 8, 8)
    monkeypatch.setenv("SUMMARIZER_SERVE_PORT", "9000")
    monkeypatch.setenv("SUMMARIZER_SERVE_MAX_IN_FLIGHT", "3")
    monkeypatch.setenv("SUMMARIZER_SERVE_REQUEST_TIMEOUT_S", "2.5")
    monkeypatch.setenv("SUMMARIZER_SERVE_HOST", "")
    env = ServiceSettings.resolve()
    assert (env.port, env.in_flight("local"), env.request_timeout_s, env.host) == (9000, 3, 2.5, "127.0.0.1")
    flags = ServiceSettings.resolve(port=9100, max_in_flight=None, max_queue=0)
    assert (flags.port, flags.max_in_flight, flags.max_queue) == (9100, 3, 0)
    with pytest.raises(ConfigError, match="port"):
        ServiceSettings.resolve(port=70000)
    monkeypatch.setenv("SUMMARIZER_SERVE_MAX_QUEUE", "many")
    with pytest.raises(ConfigError) as bad:
        ServiceSettings.resolve()
    assert bad.value.one_line() == ("bad service setting max_queue: Input should be a valid integer, unable to parse "
                                    "string as an integer (fix the flag or SUMMARIZER_SERVE_* variable)")


def test_serve_command_reports_bad_settings_in_one_line(capsys):
    assert main(["serve", "--backend", "fake", "--port", "0"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("summarize: error: bad service setting port") and len(err.splitlines()) == 1
    assert serve_main(["--backend", "openai"]) == 3
    err = capsys.readouterr().err
    assert "--model" in err and len(err.splitlines()) == 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert serve_main(["--backend", "fake", "--port", str(taken.getsockname()[1])]) == 3
    err = capsys.readouterr().err
    assert "cannot listen on 127.0.0.1" in err and "--port" in err and len(err.splitlines()) == 1


def test_serve_command_serves_until_interrupted(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "summarizer", "serve", "--backend", "fake", "--port", str(port)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(port, "GET", "/readyz", timeout=2).status == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        reply = post(port, {"text": ARTICLE, "id": "cli"})
        assert reply.status == 200 and reply.headers["X-Request-Id"] == "cli"
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)
    assert code == 0, log.read_text()
    assert log.read_text().startswith(f"summarize: serving briefs (fake backend, 8 at once) on http://127.0.0.1:{port}")
