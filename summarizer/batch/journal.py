"""The results file: JSON lines appended by one writer thread, safe against being killed at any moment.

Each line goes out in one ``os.write`` of its complete encoding on a descriptor opened with
``O_APPEND`` (no user-space buffer to flush), so a killed run (``kill -9`` included) leaves whole
lines plus, at worst, one torn last line if the disk filled up mid-write. On start the file is
locked (one run per file), a torn or unreadable last line is cut away, and the latest status of
every id is read back for resuming. The file is append-only: a retried id gets a second line,
and readers take the last line per id (:func:`latest`).
"""

from __future__ import annotations

import fcntl
import json
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..errors import ConfigError
from ..schema import Brief


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorInfo(_Strict):
    type: str
    message: str


class Usage(_Strict):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Timings(_Strict):
    seconds: float


class ResultLine(_Strict):
    """One line of the results file; ``source`` and ``published`` appear only when the input gave them."""

    id: str
    status: Literal["ok", "error"]
    brief: Brief | None = None
    error: ErrorInfo | None = None
    usage: Usage = Usage()
    timings: Timings
    source: str | None = None
    published: str | None = None

    def encode(self) -> bytes:
        data = self.model_dump(mode="json")
        for optional in ("source", "published"):
            if data[optional] is None:
                del data[optional]
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


@dataclass
class Existing:
    """What an earlier run left in the file."""

    status: dict[str, str] = field(default_factory=dict)
    lines: int = 0
    unreadable: int = 0
    repaired_bytes: int = 0


def _parse(raw: bytes) -> dict[str, Any] | None:
    """A whole line's record, or None for a torn or unreadable line."""
    if not raw.endswith(b"\n"):
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data.get("status") in ("ok", "error"):
        return data
    return None


def latest(path: str | Path) -> dict[str, dict[str, Any]]:
    """The last readable line of each id in a results file: what a reader should use."""
    out: dict[str, dict[str, Any]] = {}
    with open(path, "rb") as fh:
        for raw in fh:
            if (record := _parse(raw)) is not None:
                out[record["id"]] = record
    return out


class Journal:
    """Owns one results file for one run: lock, repair, resume state, then appends from one thread."""

    def __init__(self, path: Path, *, fsync_each: bool = False,
                 on_written: Callable[[ResultLine], None] | None = None) -> None:
        self.path = Path(path)
        self.fsync_each = fsync_each
        self.on_written = on_written
        self.error: OSError | None = None
        self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise ConfigError(f"another run is writing {self.path}", "wait for it, or choose another --out") from None
        try:
            self.existing = self._recover()
        except OSError:
            os.close(self._fd)
            raise
        self._size = os.fstat(self._fd).st_size
        self._queue: queue.Queue[ResultLine | None] = queue.Queue(maxsize=256)
        self._closed = False
        self._thread = threading.Thread(target=self._drain, name="batch-writer", daemon=True)
        self._thread.start()

    def _recover(self) -> Existing:
        found = Existing()
        offset, torn = 0, None
        with open(self.path, "rb") as fh:
            for raw in fh:
                start, offset = offset, offset + len(raw)
                record = _parse(raw)
                torn = (start, len(raw)) if record is None else None
                if record is None:
                    found.unreadable += 1
                    continue
                found.lines += 1
                found.status[record["id"]] = record["status"]
        if torn is not None:  # only the last line can be torn by a crash; cut it away
            os.ftruncate(self._fd, torn[0])
            found.unreadable -= 1
            found.repaired_bytes = torn[1]
        return found

    def write(self, line: ResultLine) -> None:
        """Queue a line for the writer thread (blocks while 256 are waiting); ignored after close."""
        if not self._closed:
            self._queue.put(line)

    def _drain(self) -> None:
        while (line := self._queue.get()) is not None:
            if self.error is not None:
                continue  # the runner stops on the first write error; drain so no worker blocks
            try:
                self._append(line.encode())
            except OSError as exc:
                self.error = exc
                continue
            if self.on_written is not None:
                self.on_written(line)

    def _append(self, data: bytes) -> None:
        try:
            written = os.write(self._fd, data)  # the whole line at once, at the end (O_APPEND)
            while written < len(data):  # only on a full disk or a signal; a crash here leaves a torn line
                written += os.write(self._fd, data[written:])
        except OSError:
            try:
                os.ftruncate(self._fd, self._size)  # leave no torn line behind
            except OSError:
                pass
            raise
        self._size += len(data)
        if self.fsync_each:
            os.fsync(self._fd)

    def close(self) -> None:
        """Write what is queued, fsync once, release the lock."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join()
        try:
            os.fsync(self._fd)
        except OSError as exc:
            self.error = self.error or exc
        os.close(self._fd)
