"""Parsing time with torch's default thread count against one thread, while
other programs keep cores busy: why ``--threads`` defaults to 1.

    python benchmarks/threads.py [--limit 8] [--busy 1] [--corpus FILE]

Parses the first ``--limit`` articles of WIKINEWS train (no parse cache),
each setting in a fresh process: torch's default (one thread per core) and
one thread. ``--busy N`` starts N processes that each keep a core busy for
the whole measurement, standing for the other programs of a shared
machine; the load average is printed, since any other work counts too.
Prints, per setting: torch's thread count, the model load, the parse time
and words per second.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "wikinews-quotes" / "train.jsonl"
SPIN = "while True: pass"


def measure(corpus: str, limit: int, threads: int) -> dict:
    """One setting, in this process: ``threads`` 0 leaves torch's default."""
    import torch

    from provenance.config import load_config
    from provenance.parsing import limit_threads, parse_many, pipeline

    if threads:
        limit_threads(threads)
    with open(corpus, encoding="utf-8") as lines:
        texts = [json.loads(line)["originalText"] for _, line in zip(range(limit), lines)]
    settings = load_config().settings.model
    started = time.perf_counter()
    pipeline(settings)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    docs = parse_many(texts, settings)  # no cache: every article is parsed
    seconds = time.perf_counter() - started
    words = sum(len(s.words) for d in docs for s in d.sentences)
    return {"threads": torch.get_num_threads(), "load": loaded, "seconds": seconds, "words": words,
            "articles": len(texts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=8, help="articles to parse (the first of the corpus)")
    parser.add_argument("--busy", type=int, default=1, help="processes that keep a core busy meanwhile")
    parser.add_argument("--corpus", default=str(TRAIN), help="WIKINEWS JSON lines (default: train)")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.corpus, args.limit, args.child)))
        return
    if not Path(args.corpus).exists():
        sys.exit(f"corpus not found: {args.corpus}")
    spinners = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(args.busy)]
    try:
        time.sleep(1.0 if spinners else 0.0)  # let them take their cores
        print(f"{os.cpu_count()} CPUs, {args.busy} busy processes; "
              f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for threads, label in ((0, "torch default"), (1, "1 thread")):
            done = subprocess.run([sys.executable, __file__, "--child", str(threads), "--limit", str(args.limit),
                                   "--corpus", args.corpus], capture_output=True, text=True, check=False)
            if done.returncode != 0:
                sys.exit(f"benchmark run failed:\n{done.stderr}")
            run = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{label:<14} ({run['threads']} torch threads)  model load {run['load']:5.1f} s  "
                  f"{run['articles']} articles, {run['words']} words: {run['seconds']:7.1f} s  "
                  f"{run['words'] / run['seconds']:7.0f} words/s")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


if __name__ == "__main__":
    main()
