"""summarizer: evidence-grounded briefs of news articles about armed conflict."""

from __future__ import annotations

from .api import Summarizer, asummarize, summarize
from .config import Settings
from .errors import SummarizerError
from .schema import Brief

__all__ = ["Brief", "Settings", "Summarizer", "SummarizerError", "asummarize", "summarize"]
__version__ = "0.1.0"
