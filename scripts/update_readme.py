"""Write the README's generated blocks: a real brief and the results table, so that none of it is typed by hand.

    .venv/bin/python scripts/update_readme.py                 # rewrite the blocks in README.md
    .venv/bin/python scripts/update_readme.py --check         # exit 1 when a block is stale (the tests run this)
    .venv/bin/python scripts/update_readme.py --real REPORT   # first store the real column of a `python -m evals
                                                              # run` report (real texts on disk) in evals/real/scores.json

* **sample brief:** what the README's first command prints for seed 000 (`summarize ... --format markdown`), from
  the answers recorded with the eval baseline (`evals/answers/`), so that it needs the embedded model's files but
  no decoding; the last line (this run's seconds) is left out, as it changes with every run.
* **results:** section F1 of the committed baseline (`evals/baseline.json`: seeds, fictional cases, all 25) beside
  the real reports' F1, precision and recall (`evals/real/scores.json`, written by ``--real``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

README = ROOT / "README.md"
BASELINE = ROOT / "evals" / "baseline.json"
REAL_SCORES = ROOT / "evals" / "real" / "scores.json"
SEED = ROOT / "seeds" / "000_e53088d7033d0399.txt"
SECTION_NAMES = {"truce_conditions": "truce conditions", "truce_caveats": "truce caveats", "pooled": "**pooled**"}


def sample_brief() -> str:
    """Seed 000's brief in Markdown as ``summarize`` prints it, from the recorded answers, without its run line."""
    from evals.recorded import RECORDED
    from summarizer import Summarizer
    from summarizer.article import read_article
    from summarizer.config import Settings
    from summarizer.render import render

    settings = Settings(backend="local", answer_stores=(RECORDED,))  # not the environment: the README's defaults
    brief = Summarizer(settings).summarize(read_article(SEED))
    lines = render(brief, "markdown", SEED.stem).rstrip("\n").split("\n")
    if lines and lines[-1].startswith("_") and " tokens, " in lines[-1]:
        lines = lines[:-1]
    return "```markdown\n" + "\n".join(lines).rstrip() + "\n```"


def results_table() -> str:
    """Per-section F1 of the committed baseline beside the real reports' F1, precision and recall."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    real = json.loads(REAL_SCORES.read_text(encoding="utf-8"))
    groups = baseline["groups"]
    rows = [f"| section | seeds ({baseline_count(baseline, 'seeds')}) | fictional ({baseline_count(baseline, 'fictional')}) "
            f"| all ({baseline_count(baseline, 'all')}) | real ({real['n_cases']}) | P real | R real |",
            "|---|---|---|---|---|---|---|"]
    for name in [*groups["all"]]:
        got = real["sections"].get(name, {})
        rows.append(f"| {SECTION_NAMES.get(name, name)} | {groups['seeds'][name]:.3f} | {groups['fictional'][name]:.3f} "
                    f"| {groups['all'][name]:.3f} | {_cell(got.get('f1'))} | {_cell(got.get('precision'))} "
                    f"| {_cell(got.get('recall'))} |")
    rows.append("")
    rows.append(f"Baseline: {baseline['meta']['model']}, prompts v{baseline['meta']['prompt_version']}, "
                f"candidates {baseline['meta']['candidates']}. Real column: {real['measured']}.")
    return "\n".join(rows)


def baseline_count(baseline: dict, group: str) -> int:
    """How many cases of ``group`` the baseline holds."""
    cases = baseline["cases"]
    seeds = sum(1 for case_id in cases if case_id[:3].isdigit())
    return {"seeds": seeds, "fictional": len(cases) - seeds, "all": len(cases)}[group]


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def store_real(report: Path) -> None:
    """Keep the real column of a report (scores only: the texts are never committed)."""
    data = json.loads(report.read_text(encoding="utf-8"))
    real = data["groups"].get("real")
    if not real or not real.get("n_cases"):
        raise SystemExit(f"{report} scored no real report: fetch the texts first (python -m evals.real_reports check)")
    sections = {name: {k: real["sections"][name][k] for k in ("f1", "precision", "recall")}
                for name in real["sections"]}
    overall = real["overall"]
    sections["pooled"] = {"f1": overall["overall_f1"], "precision": overall["overall_precision"],
                          "recall": overall["overall_recall"]}
    measured = f"`python -m evals run` of {data['meta']['created'][:10]} on the recorded answers"
    REAL_SCORES.write_text(json.dumps({"n_cases": real["n_cases"], "measured": measured, "sections": sections},
                                      indent=2) + "\n", encoding="utf-8")


BLOCKS = {"sample-brief": sample_brief, "results": results_table}


def rendered(readme: str, only: tuple[str, ...] = tuple(BLOCKS)) -> str:
    """``readme`` with each generated block between its markers written anew."""
    for name in only:
        pattern = re.compile(rf"(<!-- {name}:start -->\n)(?:.*?\n)?(<!-- {name}:end -->)", re.S)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no <!-- {name}:start --> ... <!-- {name}:end --> block")
        body = BLOCKS[name]()
        readme = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), readme)
    return readme


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a block is stale, write nothing")
    parser.add_argument("--real", type=Path, metavar="REPORT", help="store the real column of this report first")
    parser.add_argument("--block", choices=BLOCKS, action="append", help="only this block (repeatable)")
    args = parser.parse_args()
    if args.real:
        store_real(args.real)
    current = README.read_text(encoding="utf-8")
    wanted = rendered(current, tuple(args.block or BLOCKS))
    if args.check:
        if wanted != current:
            print("README.md is stale: run .venv/bin/python scripts/update_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
