"""Web pages as input: a saved page or a URL gives a brief on the page's main text, whose offsets slice the
extracted text the brief carries; a page with no article, a failing URL and an oversize page each get one line."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from summarizer import webpage
from summarizer.cli import main
from summarizer.schema import Brief
from summarizer.webpage import NoArticleInPage, is_html, page_text

from .conftest import ROOT

PAGES = ROOT / "tests" / "data" / "pages"
HARBOUR = PAGES / "harbour_truce.html"


def test_the_main_text_keeps_the_story_and_leaves_the_page_furniture_out():
    text = page_text(HARBOUR.read_bytes())
    for kept in ("agreed on Wednesday to stop firing across Velmora harbour",
                 "as long as the coast guard keeps its patrol boats south of the breakwater",
                 "four dock workers were killed and eleven wounded",
                 "welcomed the agreement and urged both sides to respect it"):
        assert kept in text
    for furniture in ("cookies", "Read more", "Ferry services suspended", "Photo: Ledger staff", "All rights reserved",
                      "Search the Ledger", "Sport", "analytics"):
        assert furniture not in text


def test_a_page_is_known_by_its_suffix_or_its_opening_tag():
    assert is_html(b"anything", "story.HTM")
    assert is_html(b"  <!-- saved -->\n<!DOCTYPE html><html><body>x</body></html>", "story.txt")
    assert is_html(b"<html lang='en'><body>x</body></html>")
    assert not is_html(b"The truce held <html> was quoted in the text.", "story.txt")


def test_a_page_with_no_article_is_refused_in_one_line(capsys):
    with pytest.raises(NoArticleInPage):
        page_text((PAGES / "no_article.html").read_bytes())
    assert main([str(PAGES / "no_article.html"), "--backend", "fake", "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("summarize: error:") and "no article text" in err and len(err.splitlines()) == 1


def _brief_from_cli(capsys, source: str) -> Brief:
    code = main([source, "--backend", "fake", "--candidates", "rules", "-q"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return Brief.model_validate(json.loads(out))


def test_a_saved_page_gives_a_brief_whose_offsets_slice_the_extracted_text(capsys):
    brief = _brief_from_cli(capsys, str(HARBOUR))
    assert brief.article_text == page_text(HARBOUR.read_bytes()) and brief.source_url is None
    items = brief.items()
    assert [c.figure_text for c in brief.casualties] == ["four", "eleven"]
    assert items and all(brief.article_text[s.start:s.end] == s.text for i in items for s in i.evidence)


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the standard library's name
        if self.path == "/story.html":
            body = HARBOUR.read_bytes()
        elif self.path == "/slow.html":
            time.sleep(2)
            body = HARBOUR.read_bytes()
        elif self.path == "/huge.html":
            body = b"<html><body>" + b"<p>The truce held.</p>" * 2000 + b"</body></html>"
        else:
            self.send_error(404, "Not Found")
            return
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first: that is the timeout under test

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_gives_a_brief_on_its_main_text_and_says_where_it_came_from(capsys, server):
    brief = _brief_from_cli(capsys, f"{server}/story.html")
    assert brief.source_url == f"{server}/story.html"
    assert brief.article_text == page_text(HARBOUR.read_bytes())
    assert all(brief.article_text[s.start:s.end] == s.text for i in brief.items() for s in i.evidence)


@pytest.mark.parametrize("path, words", [
    ("/missing.html", "answered 404"),
    ("/slow.html", "did not answer within 0.5 s"),
    ("/huge.html", "over the limit of 10,000 bytes"),
])
def test_a_url_that_fails_gets_one_clear_line_and_exit_2(capsys, server, monkeypatch, path, words):
    monkeypatch.setattr(webpage, "FETCH_TIMEOUT_S", 0.5)
    monkeypatch.setattr(webpage, "MAX_PAGE_BYTES", 10_000)
    assert main([f"{server}{path}", "--backend", "fake", "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("summarize: error:") and words in err and len(err.splitlines()) == 1


def test_the_same_page_read_twice_in_one_process_gives_the_same_text():
    """trafilatura's deduplication remembers text across documents in a process: it must stay off, or a page
    read a second time (a re-run, a service, two copies in a batch) loses its article."""
    first = page_text(HARBOUR.read_bytes())
    assert page_text(HARBOUR.read_bytes()) == first
