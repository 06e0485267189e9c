"""Where the time of a brief goes, on the backend you choose (default: the embedded model).

    .venv/bin/python benchmarks/speed.py                   # both seeds and three eval cases
    .venv/bin/python benchmarks/speed.py --case f01_conflicting_tolls --no-naive

For each article it runs the shipping pipeline with no answer cache and prints: wall time, the
prefill (tokens, seconds), per section the generated tokens (of which forced by the grammar) and
tokens per second over the round's decoding time, the grounding time, and the ratio to a naive
run in the same process: one call that asks for the whole brief in one prompt and one JSON
answer, decoded alone. Model load is timed once, for the process. A benchmark, not a test: the
figures depend on the machine; run it on an idle one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evals.harness import load_cases  # noqa: E402
from summarizer import answers as A  # noqa: E402
from summarizer import pipeline as pipeline_module  # noqa: E402
from summarizer.article import aimed_at_model, split_sentences  # noqa: E402
from summarizer.backends import create_backend  # noqa: E402
from summarizer.config import Settings  # noqa: E402
from summarizer.pipeline import Pipeline  # noqa: E402

DEFAULT_CASES = ["000_e53088d7033d0399", "003_cbb5148068a9b835", "f01_conflicting_tolls", "f05_opposing_reactions",
                 "f13_both_countries_condemned"]


class WholeBrief(BaseModel):
    """The naive baseline's answer: every section's answer in one object."""

    model_config = ConfigDict(extra="forbid")
    overview: A.OverviewAnswer
    truce: A.TruceAnswer
    meeting: A.MeetingAnswer
    casualties: A.CasualtiesAnswer
    reactions: A.ReactionsAnswer


def naive_messages(pipeline: Pipeline, article: str) -> list[dict[str, str]]:
    """One prompt: the system rules, the article, then all five tasks."""
    sentences = [s for s in split_sentences(article) if not aimed_at_model(s) and s.shown_to_model]
    chunk = pipeline.chunks(sentences)[0]
    tasks = [pipeline.messages(chunk, section)[1]["content"].split("END OF ARTICLE", 1)[1].strip()
             for section in A.QUESTIONS]
    first = pipeline.messages(chunk, "overview")
    head = first[1]["content"].split("END OF ARTICLE", 1)[0] + "END OF ARTICLE"
    body = "\n\n".join(f"Part '{name}' of the answer. {task}" for name, task in zip(A.QUESTIONS, tasks))
    return [first[0], {"role": "user", "content": f"{head}\n\n{body}"}]


def _section_of(job) -> str:
    title = job.schema.get("title", "")
    return next((name for name, model in A.QUESTIONS.items() if model.__name__ == title), title)


class Recorder:
    """Keeps what the engine reports of each round, and times grounding."""

    def __init__(self, backend) -> None:
        self.rounds: list = []
        engine = getattr(backend, "engine", None)
        if engine is not None:
            generate = engine.generate

            def recorded(jobs):
                out = generate(jobs)
                self.rounds.append([(_section_of(job), g) for job, g in zip(jobs, out)])
                return out

            engine.generate = recorded
        self.grounding_s = 0.0
        for name in ("ground", "rule_candidates", "model_candidates"):
            setattr(pipeline_module, name, self._timed(getattr(pipeline_module, name)))

    def _timed(self, step):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return step(*args, **kwargs)
            finally:
                self.grounding_s += time.perf_counter() - started
        return timed

    def reset(self) -> None:
        self.rounds = []
        self.grounding_s = 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", help="eval case id (repeatable); default: a fixed set of five")
    parser.add_argument("--backend", default="local")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive one-call baseline")
    args = parser.parse_args(argv)
    settings = Settings.resolve(backend=args.backend, cache=False)
    started = time.perf_counter()
    backend = create_backend(settings)
    load_s = time.perf_counter() - started
    pipeline = Pipeline(backend, settings)
    recorder = Recorder(backend)
    print(f"backend {backend.name}, model {backend.model_name()}, n_ctx {settings.n_ctx}, load {load_s:.1f} s")
    rows = []
    for case in load_cases(only=args.case or DEFAULT_CASES):
        recorder.reset()
        t0 = time.perf_counter()
        brief = pipeline.run(case.article)
        wall = time.perf_counter() - t0
        naive = None
        if not args.no_naive:
            t1 = time.perf_counter()
            backend.complete(naive_messages(pipeline, case.article), WholeBrief, sum(A.MAX_TOKENS.values()))
            naive = time.perf_counter() - t1
        rows.append((case.id, wall, naive))
        print(f"\n{case.id}: {len(case.article):,} chars, wall {wall:.1f} s"
              + (f", naive one call {naive:.1f} s, ratio {wall / naive:.2f}" if naive else "")
              + f", grounding {recorder.grounding_s * 1000:.0f} ms, {brief.run.completion_tokens} tokens generated")
        for n, generated in enumerate(recorder.rounds, 1):
            first = generated[0][1]
            print(f"  round {n}: prefill {first.prefill_tokens} tokens in {first.prefill_s:.1f} s "
                  f"({first.prefill_tokens / max(first.prefill_s, 1e-9):.0f} tok/s), decode {first.decode_s:.1f} s")
            for section, g in sorted(generated, key=lambda pair: list(A.QUESTIONS).index(pair[0])
                                     if pair[0] in A.QUESTIONS else 99):
                print(f"    {section:11s} {g.completion_tokens:5d} tokens ({g.forced_tokens:3d} forced), "
                      f"{g.steps:4d} steps, {g.completion_tokens / max(g.decode_s, 1e-9):5.1f} tok/s over the round")
    walls = [w for _, w, _ in rows]
    print(f"\nmedian wall {statistics.median(walls):.1f} s over {len(rows)} articles; model load {load_s:.1f} s")
    if not args.no_naive:
        print(f"median ratio to the naive call {statistics.median(w / n for _, w, n in rows):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
