"""Batch progress on stderr: one line redrawn in place on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


def duration(seconds: float) -> str:
    """``42s``, ``3m05s``, ``2h07m``."""
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


class Progress:
    """Counts finished articles; thread-safe. ``quiet`` draws nothing but notes and the summary."""

    def __init__(self, total: int, stream: TextIO | None = None, *, quiet: bool = False,
                 interval_s: float | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval_s = interval_s if interval_s is not None else (0.2 if self.tty else 10.0)
        self.ok = 0
        self.failed = 0
        self.started = time.monotonic()
        self._drawn_at = self.started
        self._on_screen = False
        self._lock = threading.Lock()

    @property
    def done(self) -> int:
        return self.ok + self.failed

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def status(self) -> str:
        elapsed = self.elapsed()
        rate = self.done / elapsed * 60 if elapsed > 0 else 0.0
        left = self.total - self.done
        eta = duration(left / rate * 60) if rate > 0 and left else ("-" if left else "0s")
        return f"{self.done}/{self.total} done, {self.failed} failed, {rate:.1f}/min, ETA {eta}"

    def update(self, ok: bool) -> None:
        with self._lock:
            if ok:
                self.ok += 1
            else:
                self.failed += 1
            now = time.monotonic()
            if self.quiet or (now - self._drawn_at < self.interval_s and self.done < self.total):
                return
            self._drawn_at = now
            self._draw()

    def _draw(self) -> None:
        if self.tty:
            self.stream.write(f"\r\x1b[Ksummarize: {self.status()}")
            self._on_screen = True
        else:
            self.stream.write(f"summarize: {self.status()}\n")
        self.stream.flush()

    def note(self, message: str) -> None:
        """A line of its own (an article's error, a warning), never mixed into the redrawn line."""
        with self._lock:
            self._clear()
            self.stream.write(f"summarize: {message}\n")
            if self._on_screen:
                self._draw()
            self.stream.flush()

    def _clear(self) -> None:
        if self._on_screen:
            self.stream.write("\r\x1b[K")

    def finish(self) -> None:
        """Take the redrawn line off the screen before the final summary."""
        with self._lock:
            self._clear()
            self._on_screen = False
            self.stream.flush()
