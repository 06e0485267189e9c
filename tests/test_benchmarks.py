"""The benchmark scripts run end to end on the fake backend (their figures are not checked: they are not tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_speed_benchmark_reports_every_article_it_runs():
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "speed.py"), "--backend", "fake", "--no-naive",
         "--case", "f01_conflicting_tolls", "--case", "000_e53088d7033d0399"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "f01_conflicting_tolls:" in done.stdout and "000_e53088d7033d0399:" in done.stdout
    assert "grounding" in done.stdout and "median wall" in done.stdout
