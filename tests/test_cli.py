"""The command line: output streams, files, and one clear line plus an exit code for each bad input."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from summarizer.cli import main, output_names

from .conftest import ROOT, assert_grounded, seed_000

SEED = str(ROOT / "seeds" / "000_e53088d7033d0399.txt")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fake_backend_prints_one_json_brief_on_stdout_and_progress_on_stderr(capsys):
    code, out, err = run(capsys, SEED, "--backend", "fake")
    assert code == 0
    brief = json.loads(out)
    assert brief["run"]["backend"] == "fake"
    assert "overview" in err and "{" not in err


def test_several_paths_give_one_json_line_each_and_out_dir_files(capsys, tmp_path):
    code, out, _ = run(capsys, SEED, SEED, "--backend", "fake", "-q")
    assert code == 0 and len(out.strip().splitlines()) == 2
    code, out, _ = run(capsys, SEED, "--backend", "fake", "--out", str(tmp_path / "o"), "--format", "markdown", "-q")
    assert code == 0 and out == ""
    assert (tmp_path / "o" / "000_e53088d7033d0399.md").read_text().startswith("# Brief")


def test_two_inputs_with_one_stem_never_share_an_output_file(capsys, tmp_path):
    seed = (ROOT / "seeds" / "000_e53088d7033d0399.txt").read_text(encoding="utf-8")
    other = (ROOT / "seeds" / "003_cbb5148068a9b835.txt").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text(other, encoding="utf-8")
    out_dir = tmp_path / "o"
    code, _, _ = run(capsys, str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "--backend", "fake",
                     "--out", str(out_dir), "-q")
    assert code == 0
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == ["a__x.json", "b__x.json"]
    first = json.loads((out_dir / "a__x.json").read_text(encoding="utf-8"))
    second = json.loads((out_dir / "b__x.json").read_text(encoding="utf-8"))
    assert first["run"]["article_sha256"] != second["run"]["article_sha256"]


@pytest.mark.parametrize("names, expected", [
    (["a/x.txt", "b/y.txt"], ["x", "y"]),
    (["a/x.txt", "b/x.txt"], ["a__x", "b__x"]),
    (["in/x.txt", "in/x.md", "other/y.txt"], ["in__x.txt", "in__x.md", "y"]),
    (["news/x.txt", "x.txt"], ["news__x", "x"]),
])
def test_output_names_keep_the_stem_unless_another_input_shares_it(names, expected):
    assert output_names(names) == expected


def test_same_file_given_twice_keeps_one_name(tmp_path):
    (tmp_path / "x.txt").write_text("The truce held.", encoding="utf-8")
    assert output_names([str(tmp_path / "x.txt"), str(tmp_path / "x.txt")]) == ["x", "x"]


def test_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(seed_000().encode())))
    code, out, _ = run(capsys, "-", "--backend", "fake", "-q")
    assert code == 0
    from summarizer.schema import Brief

    assert_grounded(Brief.model_validate_json(out), seed_000())


@pytest.mark.parametrize("content,message", [
    (None, "no such file"),
    (b"", "is empty"),
    (b"   \n\n  ", "only whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "is binary"),
    (b"caf\xe9 killed", "not valid UTF-8"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, content, message):
    path = tmp_path / "a.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, str(path), "--backend", "fake")
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and err.startswith("summarize: error:")


def test_bad_input_among_good_fails_before_any_model_call(capsys, tmp_path):
    code, out, err = run(capsys, SEED, str(tmp_path / "missing.txt"), "--backend", "fake")
    assert code == 2 and out == "" and "no such file" in err


def test_too_long_without_split(capsys, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(seed_000() * 4, encoding="utf-8")
    code, out, err = run(capsys, str(path), "--backend", "fake", "--no-split", "--n-ctx", "1500")
    assert code == 2 and out == "" and "--no-split" in err and "tokens" in err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_that_does_not_answer(capsys, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_TRANSPORT_RETRIES", "1")
    code, out, err = run(capsys, SEED, "--backend", "openai", "--model", "m",
                         "--base-url", f"http://127.0.0.1:{_closed_port()}/v1", "--timeout", "2")
    assert code == 4 and out == ""
    assert "no answer from" in err and "--base-url" in err


class _Status(BaseHTTPRequestHandler):
    status = 401
    hits = 0

    def do_POST(self):  # noqa: N802
        type(self).hits += 1
        body = json.dumps({"error": {"message": "bad key", "type": "invalid_request_error"}}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def status_server():
    servers = []

    def start(status: int) -> str:
        handler = type("H", (_Status,), {"status": status, "hits": 0})
        server = HTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/v1", handler

    yield start
    for s in servers:
        s.shutdown()


def test_wrong_key(capsys, status_server):
    url, _ = status_server(401)
    code, out, err = run(capsys, SEED, "--backend", "openai", "--model", "m", "--base-url", url, "--api-key", "x")
    assert code == 4 and out == "" and "OPENAI_API_KEY" in err


def test_server_errors_are_retried_with_backoff_then_reported(capsys, status_server, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_TRANSPORT_RETRIES", "2")
    url, handler = status_server(503)
    code, out, err = run(capsys, SEED, "--backend", "openai", "--model", "m", "--base-url", url)
    assert code == 4 and out == "" and "503" in err
    assert handler.hits == 3 * 5  # the five sections are sent at once; each is tried 1 + 2 times
    assert len([line for line in err.splitlines() if line.startswith("summarize: error:")]) == 1


def test_junk_from_the_model_after_the_reask(capsys, monkeypatch):
    from summarizer.backends import fake

    monkeypatch.setattr(fake, "empty_answer", lambda section, m: "junk")
    code, out, err = run(capsys, SEED, "--backend", "fake")
    assert code == 5 and out == "" and "invalid after 2 attempts" in err
    errors = [line for line in err.splitlines() if line.startswith("summarize: error:")]
    assert len(errors) == 1 and "<" not in errors[0]


def test_junk_in_one_section_keeps_the_others_and_says_so(capsys, monkeypatch):
    from summarizer.backends import fake

    original = fake.empty_answer
    monkeypatch.setattr(fake, "empty_answer", lambda section, m: "junk" if section == "truce" else original(section, m))
    code, out, err = run(capsys, SEED, "--backend", "fake", "-q")
    assert code == 0
    brief = json.loads(out)
    assert brief["run"]["failed_sections"] == ["truce"]
    assert sorted(c["section"] for c in brief["run"]["calls"]) == ["casualties", "meeting", "overview", "reactions"]
    assert "warning" in err and "truce" in err


def test_unknown_backend_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main([SEED, "--backend", "nope"])
    assert exc.value.code == 2


def test_html_brief_files_and_one_page_for_several_articles(capsys, tmp_path):
    other = str(ROOT / "seeds" / "003_cbb5148068a9b835.txt")
    code, out, _ = run(capsys, SEED, "--backend", "fake", "--format", "html", "--out", str(tmp_path / "o"), "-q")
    assert code == 0 and out == ""
    page = (tmp_path / "o" / "000_e53088d7033d0399.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<mark" in page
    code, out, _ = run(capsys, SEED, other, "--backend", "fake", "--format", "html", "-q")
    assert code == 0
    assert out.count("<!DOCTYPE html>") == 1 and out.count("</html>") == 1
    assert 'href="#a0"' in out and 'href="#a1"' in out


def test_out_files_get_the_permissions_of_a_plain_write(capsys, tmp_path):
    import os
    import stat

    previous = os.umask(0o022)
    try:
        code, _, _ = run(capsys, SEED, "--backend", "fake", "--out", str(tmp_path / "o"), "-q")
    finally:
        os.umask(previous)
    assert code == 0
    mode = stat.S_IMODE((tmp_path / "o" / "000_e53088d7033d0399.json").stat().st_mode)
    assert mode == 0o644
