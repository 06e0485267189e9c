"""The README's generated blocks are current: its results table and its sample brief are what
``scripts/update_readme.py`` writes today, and the check fails on a stale block."""

from __future__ import annotations

import importlib.util

import pytest

from .conftest import ROOT


def _script():
    spec = importlib.util.spec_from_file_location("update_readme", ROOT / "scripts" / "update_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_results_table_is_the_committed_baseline_and_real_scores():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _script().rendered(readme, ("results",)) == readme, "run .venv/bin/python scripts/update_readme.py"


def test_a_stale_results_table_is_caught():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pooled = next(line for line in readme.splitlines() if line.startswith("| **pooled** |"))
    stale = readme.replace(pooled, pooled.replace("| **pooled** | 0.", "| **pooled** | 9."))
    assert stale != readme
    assert _script().rendered(stale, ("results",)) == readme


def test_the_readme_stays_short_and_keeps_its_two_set_up_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 200
    assert ".venv/bin/summarize seeds/000_e53088d7033d0399.txt" in readme
    assert "pip install -e '.[local,server,service,test]' && .venv/bin/python -m pytest" in readme


@pytest.mark.model
def test_the_sample_brief_is_what_summarize_prints_today():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _script().rendered(readme, ("sample-brief",)) == readme, "run .venv/bin/python scripts/update_readme.py"
