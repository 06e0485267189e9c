"""Batch mode: many articles into one JSONL results file, resumable after any interruption.

``summarize A.txt DIR/ items.jsonl --out results.jsonl`` writes one JSON line per article as it
finishes (in completion order, not input order). A re-run with the same ``--out`` skips the ids
whose latest line is ``ok``; ``--retry-failed`` also re-runs those whose latest line is ``error``,
appending a new line. The file is append-only, so **readers take the last line per id**
(:func:`~summarizer.batch.journal.latest`).

Modules: ``inputs`` (what to summarize, with ids), ``journal`` (the results file: repair, resume,
one writer), ``progress`` (stderr), ``runner`` (workers and the command).
"""

from __future__ import annotations

from .inputs import Item, plan_inputs
from .journal import Journal, latest
from .runner import BatchReport, run_batch

__all__ = ["BatchReport", "Item", "Journal", "latest", "plan_inputs", "run_batch"]
