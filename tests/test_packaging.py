"""The package installs what it imports: every third-party import is declared, in the base install or in the
extra of the part that uses it; the wheel ships the library only; every script prints its help."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata as md
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

EXTRA_OF_PART = {
    "summarizer/backends/engine.py": "local",
    "summarizer/backends/local.py": "local",
    "summarizer/service/": "service",
    "evals/": "eval",
    "benchmarks/": "eval",
    "scripts/": "eval",
    "tests/": "test",
}
"""Which optional extra a part of the code may import from, besides the base install (written by hand: a part
that starts importing from another extra must be added here on purpose)."""


def _canonical(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)).lower()


def _declared(extra: str | None) -> set[str]:
    names = {_canonical(r) for r in PROJECT["dependencies"]}
    if extra == "test":  # the tests exercise every part
        return names | {_canonical(r) for reqs in PROJECT["optional-dependencies"].values() for r in reqs}
    return names | {_canonical(r) for r in PROJECT["optional-dependencies"].get(extra, [])}


def _third_party_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in ("summarizer", "evals", "tests")}


def _extra_of(relative: str) -> str | None:
    return next((extra for part, extra in EXTRA_OF_PART.items() if relative.startswith(part)), None)


SOURCES = sorted(p for folder in ("summarizer", "evals", "benchmarks", "scripts", "tests") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_third_party_import_is_declared_where_the_module_may_use_it(path):
    relative = str(path.relative_to(ROOT))
    distributions = md.packages_distributions()
    allowed = _declared(_extra_of(relative))
    missing = {module: distributions.get(module) for module in _third_party_imports(path)
               if not {_canonical(d) for d in distributions.get(module, [module])} & allowed}
    assert missing == {}, f"{relative} imports modules no requirement of its part declares"


def test_the_checker_catches_an_undeclared_import(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text("import numpy\nfrom fastapi import FastAPI\nimport json\n", encoding="utf-8")
    assert _third_party_imports(module) == {"numpy", "fastapi"}
    assert "fastapi" not in _declared(None) and "numpy" not in _declared(None)
    assert "fastapi" in _declared("service") and "numpy" in _declared("local")


def test_the_wheel_ships_the_library_only_and_no_script_needs_the_repository():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
    assert build["targets"]["wheel"]["packages"] == ["summarizer"]
    assert all(target.startswith("summarizer.") for target in PROJECT["scripts"].values())


def test_every_base_module_imports_without_the_extras():
    base = [p for p in (ROOT / "summarizer").rglob("*.py")
            if _extra_of(str(p.relative_to(ROOT))) is None and p.name != "__main__.py"]  # __main__ runs the CLI
    for path in base:
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        assert not (_third_party_imports(path) - {m for m, ds in md.packages_distributions().items()
                                                  if {_canonical(d) for d in ds} & _declared(None)}), name
        importlib.import_module(name)


@pytest.mark.parametrize("script", sorted(PROJECT["scripts"]))
def test_every_script_prints_its_help(script):
    module, _, function = PROJECT["scripts"][script].partition(":")
    code = f"import sys; sys.argv = [{script!r}, '--help']; import {module} as m; m.{function}()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "usage:" in done.stdout, done.stderr


def test_the_eval_suite_prints_its_help_from_the_repository():
    done = subprocess.run([sys.executable, "-m", "evals", "--help"], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0 and "usage:" in done.stdout, done.stderr
