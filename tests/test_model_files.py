from __future__ import annotations

import hashlib

import pytest

from summarizer import model_files
from summarizer.errors import ModelFileError
from summarizer.model_files import PackagedModel, assemble, verify


def _fake_model(tmp_path, parts: list[bytes], sha: str | None = None) -> tuple[PackagedModel, list]:
    paths = []
    for i, data in enumerate(parts, 1):
        p = tmp_path / f"part{i:02d}.bin"
        p.write_bytes(data)
        paths.append(p)
    model = PackagedModel(name="tiny", prefix="tiny-part", parts=len(parts), version="1",
                          size=sum(map(len, parts)), sha256=sha or hashlib.sha256(b"".join(parts)).hexdigest())
    return model, paths


def test_assembles_parts_in_order_once(tmp_path, monkeypatch):
    model, paths = _fake_model(tmp_path, [b"GGUF", b"-two", b"-three"])
    monkeypatch.setattr(model_files, "locate_parts", lambda m: paths)
    path = assemble(model, tmp_path / "cache")
    assert path.read_bytes() == b"GGUF-two-three"
    monkeypatch.setattr(model_files, "locate_parts", lambda m: pytest.fail("assembled twice"))
    assert assemble(model, tmp_path / "cache") == path
    verify(path, model.sha256)


def test_a_mismatching_hash_is_refused_and_nothing_is_left_behind(tmp_path, monkeypatch):
    model, paths = _fake_model(tmp_path, [b"GGUF", b"tampered"], sha="0" * 64)
    monkeypatch.setattr(model_files, "locate_parts", lambda m: paths)
    with pytest.raises(ModelFileError, match="expected"):
        assemble(model, tmp_path / "cache")
    assert list((tmp_path / "cache" / "models").iterdir()) == []


def test_a_changed_file_fails_verification(tmp_path):
    p = tmp_path / "m.gguf"
    p.write_bytes(b"abc")
    with pytest.raises(ModelFileError, match="refusing"):
        verify(p, hashlib.sha256(b"abd").hexdigest())


def test_missing_packages_say_how_to_install(monkeypatch):
    missing = PackagedModel(name="x", prefix="surely-not-installed-part", parts=2, version="1", size=1, sha256="0")
    with pytest.raises(ModelFileError, match="not installed") as exc:
        model_files.locate_parts(missing)
    assert "summarizer[local]" in exc.value.hint
