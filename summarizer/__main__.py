"""``python -m summarizer``: the same command as ``summarize``."""

from __future__ import annotations

from .cli import run

run()
