"""Every error the library raises: one base class, one subclass per thing that can go wrong.

Each error carries a ``hint``: what the user should do about it. The CLI prints
``summarize: error: <message> (<hint>)`` and exits with the class's ``exit_code``.
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class of every error raised by summarizer."""

    exit_code = 1
    hint = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def one_line(self) -> str:
        """The message and the fix, on one line."""
        text = " ".join(str(self).split())
        return f"{text} ({self.hint})" if self.hint else text


class InputError(SummarizerError):
    """The article cannot be used as input."""

    exit_code = 2


class ArticleNotFound(InputError):
    hint = "check the path"


class ArticleUnreadable(InputError):
    hint = "check the file's permissions"


class EmptyArticle(InputError):
    hint = "pass a file that contains the article's text"


class NotText(InputError):
    hint = "pass a UTF-8 text file (convert it first, e.g. with iconv or pdftotext)"


class ArticleTooLong(InputError):
    hint = "allow splitting (drop --no-split) or raise --n-ctx"


class ConfigError(SummarizerError):
    """The settings are wrong or incomplete."""

    exit_code = 3


class ModelFileError(ConfigError):
    """The embedded model's weights are missing or do not match their pinned hash."""


class BackendError(SummarizerError):
    """The model backend failed."""

    exit_code = 4


class BackendUnavailable(BackendError):
    hint = "check that the server is running and --base-url is right"


class AuthenticationFailed(BackendError):
    hint = "check OPENAI_API_KEY (or --api-key)"


class ModelOutputError(BackendError):
    """The model returned output that is not a valid answer, even after one re-ask."""

    exit_code = 5
    hint = "try again, or use a larger model (--model / --model-path)"


class BadRecord(InputError):
    """A line of a JSONL input that is not a usable article record."""

    hint = 'each line must be one JSON object: {"id": "...", "text": "...", "source": "...", "published": "..."}'
