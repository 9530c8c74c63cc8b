"""Throughput of `analyze --engine dask` with 1 and 2 LocalCluster workers:
cold parse (a throw-away parse cache per run) of the WIKINEWS dev articles.

    python benchmarks/dask_scaling.py [--limit N] [--workers 1 2]

Prints, per worker count, the wall time of the whole run (cluster start,
model loading on each worker, analysis, joining the parts), the words per
second and the speed-up over one worker, and checks that the outputs are
the same records. Take the figure on an idle machine with at least as many
free cores as workers: on a busy one the workers wait for cores and the
speed-up says nothing about the engine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "data" / "wikinews-quotes" / "dev.jsonl"


def main() -> None:
    from provenance import corpus, engine
    from provenance.config import load_config

    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-size", type=int, default=8)
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f}, cores: {os.cpu_count()}")
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "dev.jsonl"
        words = 0
        with DEV.open(encoding="utf-8") as lines, source.open("w", encoding="utf-8") as out:
            for _, line in zip(range(args.limit), lines):
                out.write(line)
                words += len(json.loads(line)["originalText"].split())
        outputs = {}
        for n in args.workers:
            config = corpus.with_cache(load_config(), True, Path(tmp) / f"cache-{n}")  # cold: empty cache
            target = Path(tmp) / f"out-{n}.jsonl"
            start = time.perf_counter()
            summary = engine.run([str(source)], config, engine.Targets(jsonl=target),
                                 engine.ClusterOptions(workers=n), partition_size=args.partition_size)
            wall = time.perf_counter() - start
            outputs[n] = sorted(target.read_text(encoding="utf-8").splitlines())
            figures[n] = {"wall_s": round(wall, 1), "articles": summary.processed, "words": words,
                          "words_per_s": round(words / wall)}
            print(f"--workers {n}: {wall:.1f} s, {words / wall:.0f} words/s", flush=True)
        base = figures[args.workers[0]]["wall_s"]
        for n in args.workers:
            figures[n]["speedup"] = round(base / figures[n]["wall_s"], 2)
        same = all(o == outputs[args.workers[0]] for o in outputs.values())
    print(json.dumps({"figures": figures, "same_records": same}, indent=2))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
