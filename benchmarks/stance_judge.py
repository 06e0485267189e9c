"""Can the embedded model judge the stance of an official who only "said" something? (issue 19, item 4)

    .venv/bin/python benchmarks/stance_judge.py      # needs the real texts on disk and the local model

For every labelled item of ``stance_judge_labels.json`` (a real report, a sentence, the official speaking in
it, and the stance an analyst gives them there, or ``reports_facts``), asks the model one short constrained
question over the same article prompt the pipeline sends, and prints each judgement, how many match the
label, and how many of the fact-only speakers it recognised as such. A benchmark, not a test.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.api import Summarizer  # noqa: E402
from summarizer.article import aimed_at_model, split_sentences  # noqa: E402

TASK = """TASK: in S{n}, {actor} speaks. What does {actor} do in S{n}, toward the events of the article?
- "condemns": condemns, blames or accuses another side. "defends": justifies its own side's actions. "supports": \
welcomes or backs an agreement or a side. "threatens": threatens force or punishment. "calls_for_restraint": urges \
calm, restraint, a ceasefire, talks or respect for law. "legal_steps": takes legal action. "denies": denies a \
claim. "other": another position or step.
- "reports_facts": it only gives facts (what happened, figures, places, times) and takes no position.
Answer with JSON: {{"stance": ...}}"""


class Judgement(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stance: Literal["condemns", "defends", "supports", "threatens", "calls_for_restraint", "legal_steps", "denies",
                    "other", "reports_facts"]


def main() -> None:
    labels = json.loads((ROOT / "benchmarks" / "stance_judge_labels.json").read_text(encoding="utf-8"))["items"]
    pipeline = Summarizer().pipeline
    right = facts = facts_seen = 0
    for case, number, actor, wanted in labels:
        text = (ROOT / "evals" / "real" / "texts" / f"{case}.txt").read_text(encoding="utf-8")
        shown = [s for s in split_sentences(text) if not aimed_at_model(s) and s.shown_to_model]
        chunk = pipeline.chunks(shown)[0]
        messages = pipeline.messages(chunk, "reactions")
        messages[1]["content"] = f"{pipeline._article_block(chunk)}\n\n{TASK.format(n=number, actor=actor)}"
        started = time.perf_counter()
        got = pipeline.backend.complete(messages, Judgement, 30).answer.stance
        right += got == wanted
        facts += wanted == "reports_facts"
        facts_seen += wanted == "reports_facts" and got == wanted
        print(f"{case} S{number} {actor}: {got} (label {wanted}) {time.perf_counter() - started:.1f} s", flush=True)
    print(f"judged as labelled: {right} of {len(labels)}; fact-only speakers recognised: {facts_seen} of {facts}")


if __name__ == "__main__":
    main()
