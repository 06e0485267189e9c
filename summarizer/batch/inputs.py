"""What a batch summarizes, and the id of each article.

* a file: one article; its id is the path as given.
* a directory: its ``*.txt`` files and saved web pages (``*.html``, ``*.htm``, ``*.xhtml``, read through their
  main text), not hidden, not in subdirectories, sorted by name; each id is ``DIR/NAME`` with DIR as given.
* a ``.jsonl`` file: one record per line, ``{"id", "text", "source"?, "published"?}`` (id a non-empty
  string, other fields strings; unknown fields are refused). A line that is not such a record becomes
  that item's error; its id is the record's id when it has one, else ``FILE:LINE``. Blank lines are skipped.

Ids must be unique across all inputs: a duplicate is an error before anything runs. Paths must exist
up front; article files are read only when their turn comes, JSONL files are read twice (ids first,
then texts as they are needed), so memory does not grow with the batch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ArticleNotFound, ArticleUnreadable, BadRecord, InputError
from ..webpage import HTML_SUFFIXES, Loaded, load


class Record(BaseModel):
    """One line of a JSONL input."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(min_length=1)
    text: str
    source: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Item:
    """One article of the batch; its text is read or checked only by :meth:`article`."""

    id: str
    where: str
    path: str | None = None
    text: str | None = None
    source: str | None = None
    published: str | None = None
    problem: str | None = None

    def article(self) -> Loaded:
        """The article as read (a text file, or a saved web page's main text); raises an InputError for a bad
        record or an unusable file."""
        if self.problem is not None:
            raise BadRecord(self.problem)
        if self.text is not None:
            return Loaded(self.text)
        return load(self.path or self.id)


ARTICLE_SUFFIXES = (".txt", *HTML_SUFFIXES)
"""The files a batch takes from a directory: text files and saved web pages."""


class InputPlan:
    """The batch's items in input order; ``ids`` is known up front, texts are read lazily."""

    def __init__(self, sources: list[tuple[str, str]]) -> None:
        self._sources = sources
        self.ids: list[str] = []
        seen: dict[str, str] = {}
        try:
            for item in self.items():
                if item.id in seen:
                    raise InputError(f"duplicate id {item.id!r}: {seen[item.id]} and {item.where}",
                                     "ids must be unique across all inputs")
                seen[item.id] = item.where
                self.ids.append(item.id)
        except OSError as exc:
            raise ArticleUnreadable(f"cannot read {exc.filename}: {exc.strerror or exc}") from exc

    def items(self, skip: frozenset[str] | set[str] = frozenset()) -> Iterator[Item]:
        for kind, path in self._sources:
            if kind == "jsonl":
                yield from (item for item in _jsonl(path) if item.id not in skip)
            elif path not in skip:
                yield Item(id=path, where=path, path=path)


def plan_inputs(paths: Sequence[str]) -> InputPlan:
    """Expand directories and check that every path exists; raise an InputError otherwise."""
    sources: list[tuple[str, str]] = []
    for given in paths:
        if given == "-":
            raise InputError("stdin ('-') cannot be read in batch mode", "save it to a file, or pass a JSONL file")
        path = Path(given)
        if not path.exists():
            raise ArticleNotFound(f"no such file or directory: {given}")
        if path.is_dir():
            try:
                names = sorted(p.name for p in path.iterdir()
                               if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith("."))
            except OSError as exc:
                raise ArticleUnreadable(f"cannot list {given}: {exc.strerror or exc}") from exc
            sources += [("file", os.path.join(given, name)) for name in names if (path / name).is_file()]
        else:
            sources.append(("jsonl" if path.suffix == ".jsonl" else "file", given))
    return InputPlan(sources)


def _jsonl(path: str) -> Iterator[Item]:
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"line {number} of {path}"
            fallback = f"{path}:{number}"
            try:
                data = json.loads(raw)
            except ValueError as exc:
                yield Item(id=fallback, where=where, problem=f"{where} is not JSON ({_reason(exc)})")
                continue
            given = data.get("id") if isinstance(data, dict) else None
            item_id = given if isinstance(given, str) and given else fallback
            try:
                record = Record.model_validate(data)
            except ValidationError as exc:
                first = exc.errors()[0]
                field = ".".join(str(p) for p in first["loc"]) or "the line"
                yield Item(id=item_id, where=where, problem=f"{where}: {field}: {first['msg']}")
                continue
            yield Item(id=record.id, where=where, text=record.text, source=record.source,
                       published=record.published)


def _reason(exc: ValueError) -> str:
    return getattr(exc, "msg", None) or str(exc).splitlines()[0]
