"""Articles that arrive as web pages: a saved HTML file or a URL, reduced to the article's main text.

The main text is extracted with trafilatura (navigation, "Read more" lists, captions, cookie banners and
footers left out); the brief's evidence offsets then refer to that extracted text, which the brief carries
(``Brief.article_text``) so that every span can still be checked. A URL is fetched with a timeout and a size
limit; every failure is an InputError with one clear line.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .article import check_article, decode_article, read_file_bytes
from .errors import InputError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_PAGE_BYTES = 5 * 1024 * 1024
"""The largest page read or fetched (a news page is rarely over 2 MB with its markup)."""
FETCH_TIMEOUT_S = 20.0
"""How long a URL may take to answer, per connection attempt and per read."""
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S)


class NoArticleInPage(InputError):
    hint = "pass the article's own page, or its text as a .txt file"


class PageUnavailable(InputError):
    hint = "check the address, or save the page and pass the file"


class PageTooLarge(InputError):
    hint = f"pages over {MAX_PAGE_BYTES // (1024 * 1024)} MiB are refused; save the article's text as a .txt file"


@dataclass(frozen=True)
class Loaded:
    """An article as the pipeline reads it, and where it came from."""

    text: str
    from_page: bool = False
    url: str | None = None


def is_url(source: str) -> bool:
    """``source`` is an http(s) address rather than a path."""
    return source.lower().startswith(("http://", "https://"))


def is_html(data: bytes, name: str = "") -> bool:
    """The bytes are a web page: by the file's suffix, or by an opening ``<!doctype html>`` or ``<html>``."""
    return name.lower().endswith(HTML_SUFFIXES) or bool(_HTML_START.match(data[:4096]))


def page_text(data: bytes, name: str = "page") -> str:
    """The main text of a web page; raises NoArticleInPage when the page holds none."""
    import trafilatura

    html = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False,
                               include_images=False, include_links=False, favor_precision=True)
    if not text or not text.strip():
        raise NoArticleInPage(f"{name} is a web page with no article text that could be extracted")
    check_article(text, name)
    return text


def fetch(url: str, timeout_s: float | None = None, max_bytes: int | None = None) -> bytes:
    """The body of ``url``; raises PageUnavailable (no answer, an error status, a timeout) or PageTooLarge.
    The limits default to ``FETCH_TIMEOUT_S`` and ``MAX_PAGE_BYTES`` as they are when called."""
    timeout_s = FETCH_TIMEOUT_S if timeout_s is None else timeout_s
    max_bytes = MAX_PAGE_BYTES if max_bytes is None else max_bytes
    request = urllib.request.Request(url, headers={"User-Agent": "summarizer (+https://pypi.org/)",
                                                   "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310 - http(s) only
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise PageTooLarge(f"{url} is {int(declared):,} bytes, over the limit of {max_bytes:,}")
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise PageUnavailable(f"{url} answered {exc.code} {exc.reason}") from None
    except TimeoutError:
        raise PageUnavailable(f"{url} did not answer within {timeout_s:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise PageUnavailable(f"{url} did not answer within {timeout_s:g} s") from None
        raise PageUnavailable(f"cannot fetch {url}: {reason}") from None
    if len(body) > max_bytes:
        raise PageTooLarge(f"{url} is over the limit of {max_bytes:,} bytes")
    return body


def load(source: str) -> Loaded:
    """The article a path or URL holds: a text file as written, a web page (file or URL) as its main text."""
    if is_url(source):
        data = fetch(source)
        if is_html(data, source):
            return Loaded(page_text(data, source), from_page=True, url=source)
        return Loaded(decode_article(data, source), url=source)
    path = Path(source)
    if path.is_file() and path.stat().st_size > MAX_PAGE_BYTES and path.suffix.lower() in HTML_SUFFIXES:
        raise PageTooLarge(f"{path} is {path.stat().st_size:,} bytes, over the limit of {MAX_PAGE_BYTES:,}")
    data = read_file_bytes(path)
    if is_html(data, source):
        return Loaded(page_text(data, str(path)), from_page=True)
    return Loaded(decode_article(data, str(path)))
