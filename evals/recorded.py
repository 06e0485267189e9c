"""The model answers of the committed baseline, recorded in the repository by their content hash.

The eval asks these first, before the user's own cache (whose answers may have been decoded on other
hardware and differ by a token): a case whose requests are unchanged (same model file, decoder, prompts,
article, schema) is scored from the answers the baseline was made with, so CI runs the whole suite in
seconds on any machine, and any change to what shapes an answer misses the record and asks the
model. Keys are the pipeline's cache keys, and a record is used only under its own key (never by case id).

    python -m evals run --record    # after accepting a new baseline: store exactly the answers it used
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from summarizer.cache import AnswerCache

RECORDED = Path(__file__).resolve().parent / "answers"


def used_keys(report: dict[str, Any]) -> set[str]:
    """The cache keys of every model answer the report's briefs were made from."""
    return {call["key"] for case in report["cases"] for call in (case.get("brief", {}).get("run") or {}).get("calls", [])
            if call.get("key")}


def record(report: dict[str, Any], sources: Iterable[Path], store: Path = RECORDED) -> tuple[int, int]:
    """Copy the answers the report used from ``sources`` (answer cache folders) into ``store`` and remove
    the ones it did not use. Returns (recorded, removed); raises ValueError if an answer cannot be found."""
    keys = used_keys(report)
    caches = [AnswerCache(Path(s)) for s in sources]
    found: dict[str, dict[str, Any]] = {}
    for key in sorted(keys):
        hit = next((r for c in caches if (r := c.get(key)) is not None), None)
        if hit is None:
            raise ValueError(f"no cached answer under key {key[:12]}...: run the suite with the cache on first")
        found[key] = hit
    removed = 0
    if store.exists():
        for path in store.glob("*/*.json"):
            if path.stem not in keys:
                path.unlink()
                removed += 1
        for folder in [p for p in store.iterdir() if p.is_dir() and not any(p.iterdir())]:
            shutil.rmtree(folder)
    for key, hit in found.items():
        path = store / key[:2] / f"{key}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(hit, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return len(found), removed
