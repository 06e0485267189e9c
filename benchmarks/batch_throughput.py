"""Batch throughput against a server with a fixed latency: does --concurrency pay off?

    .venv/bin/python benchmarks/batch_throughput.py                  # 80 articles, 200 ms, concurrency 1 and 8, 3 runs each
    .venv/bin/python benchmarks/batch_throughput.py --articles 80 --latency 0.5 --concurrency 1 4 8 16

Starts the stub OpenAI-compatible server (``summarizer.backends.stub_server``) in its own process
with a fixed latency per request, generates short articles, and runs the batch runner in this
process over all of them at each concurrency, with no answer cache and a fresh results file each
time; the same work at every concurrency. Prints articles/s per run and the ratio to the first;
the target for 8 against 1 is >= 6. To show where the time goes it also prints this process's CPU
time per article (the GIL lets one thread run Python at a time, so CPU per article bounds the rate),
and where that CPU goes: one article at a time under cProfile (which inflates every figure about
twofold; the shares are what matter), split into the model calls (instructor, the openai client,
HTTP), the rule readers, grounding and the rest of the pipeline. A benchmark, not a test: run it on
an idle machine.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer  # noqa: E402
from summarizer.batch import Journal, plan_inputs, run_batch  # noqa: E402
from summarizer.config import Settings  # noqa: E402

PLACES = ["Orlen", "Varda", "Kessia", "Tarun", "Belmo", "Istra", "Corvan", "Dunmere"]


def article(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return (f"Army and rebel delegations met in the town of {place} on Tuesday and agreed a ceasefire that starts "
            f"at noon, officials said in report {n}. The rebels must withdraw from the river crossings within "
            f"three days, the agreement says. A health official said {n + 3} people were killed in the fighting "
            f"last week. The foreign ministry of Kessia welcomed the agreement.\n")


def start_stub(latency: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "summarizer.backends.stub_server", "--port", "0",
                             "--latency", str(latency)], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    line = proc.stderr.readline()
    match = re.search(r"(http://\S+/v1)", line)
    if not match:
        proc.kill()
        raise SystemExit(f"the stub server did not start: {line}")
    url = match.group(1)
    urllib.request.urlopen(f"{url}/models", timeout=5).read()
    return proc, url


def run(summarizer: Summarizer, inputs: Path, out: Path, concurrency: int) -> tuple[float, float, int]:
    """Wall seconds, this process's CPU seconds, ok count."""
    plan = plan_inputs([str(inputs)])
    journal = Journal(out)
    cpu = time.process_time()
    started = time.perf_counter()
    report = run_batch(plan, summarizer, journal, concurrency=concurrency, quiet=True, stream=open("/dev/null", "w"))
    return time.perf_counter() - started, time.process_time() - cpu, report.ok


PARTS = {  # (file suffix, function) -> label; cumulative CPU of each, per article
    ("summarizer/backends/base.py", "structured_call"): "model calls: instructor + openai client + HTTP",
    ("summarizer/rules/candidates.py", "rule_candidates"): "rule readers",
    ("summarizer/grounding/brief.py", "ground"): "grounding",
    ("summarizer/pipeline.py", "run"): "whole pipeline",
}


def where_time_goes(url: str, cache_dir: Path, articles: int) -> None:
    """CPU per article by part, one article and one section at a time (cProfile sees one thread)."""
    summarizer = Summarizer(Settings(backend="openai", base_url=url, model="stub", cache=False, cache_dir=cache_dir))
    summarizer.pipeline.backend.concurrency = 1  # sections in this thread, so the profiler sees them
    summarizer.summarize(article(997))
    profile = cProfile.Profile(time.process_time)  # CPU time: waiting on the server does not count
    cpu = time.process_time()
    profile.enable()
    for n in range(articles):
        summarizer.summarize(article(n))
    profile.disable()
    cpu = time.process_time() - cpu
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    found = {label: 0.0 for label in PARTS.values()}
    for (file, _, function), (_, _, _, cumulative, _) in stats.items():
        for (suffix, name), label in PARTS.items():
            if function == name and file.endswith(suffix):
                found[label] += cumulative
    whole = found.pop("whole pipeline")
    found["the rest: prompts, sentences, threads, run record"] = whole - sum(found.values())
    print(f"where the CPU goes (cProfile CPU timer, one thread; {cpu / articles * 1000:.1f} ms per article profiled):")
    for label, seconds in found.items():
        print(f"  {label:<50} {seconds / articles * 1000:6.1f} ms  {seconds / whole * 100:4.0f}%")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--articles", type=int, default=80)
    p.add_argument("--repeat", type=int, default=3, help="runs per concurrency; the median counts")
    p.add_argument("--latency", type=float, default=0.2, help="seconds per request on the stub server")
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    args = p.parse_args()
    proc, url = start_stub(args.latency)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            inputs = work / "articles"
            inputs.mkdir()
            for n in range(args.articles):
                (inputs / f"a{n:04d}.txt").write_text(article(n), encoding="utf-8")
            settings = Settings(backend="openai", base_url=url, model="stub", cache=False, cache_dir=work / "cache")
            summarizer = Summarizer(settings)
            summarizer.summarize(article(999))  # warm up: imports, templates, the connection pool
            print(f"stub server {url}, latency {args.latency * 1000:.0f} ms per request, {args.articles} articles, "
                  f"5 section requests per article")
            rates: dict[int, list[float]] = {c: [] for c in args.concurrency}
            for rep in range(args.repeat):  # concurrencies alternate, so a slow spell of the machine hits each
                for n, concurrency in enumerate(args.concurrency):
                    wall, cpu_s, ok = run(summarizer, inputs, work / f"results-{rep}-{n}.jsonl", concurrency)
                    rates[concurrency].append(ok / wall)
                    print(f"run {rep + 1}, concurrency {concurrency:>2}: {ok}/{args.articles} ok in {wall:6.2f} s"
                          f" = {ok / wall:6.2f} articles/s; client CPU {cpu_s / args.articles * 1000:.1f} ms per"
                          f" article, {cpu_s / wall * 100:.0f}% of one core")
            base = statistics.median(rates[args.concurrency[0]])
            for concurrency, seen in rates.items():
                rate = statistics.median(seen)
                print(f"concurrency {concurrency:>2}: median {rate:6.2f} articles/s over {len(seen)} runs "
                      f"(min {min(seen):.2f}, max {max(seen):.2f}): x{rate / base:.2f}")
            where_time_goes(url, work / "cache", min(args.articles, 20))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
