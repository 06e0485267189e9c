"""What the trained parser costs: load time per process, parse time per article, resident memory.

    .venv/bin/python benchmarks/parser.py            # the seeds, the eval cases and the real reports on disk

Prints the time to check and load the pinned spaCy model (once per process), then for every article the
time to parse all its body sentences in one batch (as the pipeline does before its readers ask) and that time per 2,000
characters, the median over articles, and the peak resident memory of the process. Parses are cached per
process, so each article is parsed once with a cold cache. A benchmark, not a test: run it on an idle machine.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.harness import load_cases, load_real_cases  # noqa: E402
from summarizer import parse as parse_module  # noqa: E402
from summarizer.article import split_sentences  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    parse_module.parser()
    load = time.perf_counter() - started
    print(f"parser check and load: {load:.2f} s")
    per_2000: list[float] = []
    for case in [*load_cases(), *load_real_cases()[0]]:
        sentences = [s for s in split_sentences(case.article) if s.body]
        parse_module.clear_cache()
        started = time.perf_counter()
        parse_module.parse_many([s.text for s in sentences])
        took = time.perf_counter() - started
        per_2000.append(took * 2000 / max(len(case.article), 1))
        print(f"{case.id:40s} {len(case.article):6d} chars {len(sentences):3d} sentences {took * 1000:7.1f} ms"
              f"  ({per_2000[-1] * 1000:6.1f} ms per 2,000 chars)")
    print(f"median per 2,000 characters: {statistics.median(per_2000) * 1000:.1f} ms over {len(per_2000)} articles")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
