"""The analysis path without parsing, at corpus scale: a synthetic corpus
made by sampling the WIKINEWS train and dev articles (whose parses are in
the parse cache), run through `--engine dask` into a store: reading, cache
look-up, rules, sources, chains, tables, Parquet parts, DuckDB.

    python benchmarks/analysis_scale.py --sizes 10000 100000 [--workers 2]

Each size runs in a process of its own (so peak memory is that size's).
Prints per size: wall time, CPU seconds of the workers, both per article,
the peak resident memory of each worker and of the client process (which
also hosts the LocalCluster's scheduler), and the linearity of time per
article against the first size. Articles whose parse is not cached would be
parsed (slow): the script checks a sample first.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "wikinews-quotes"
OUTLETS = ["Nordkurier", "Südwest Presse", "Rheinische Post", "Badische Zeitung", "Der Spiegel", "taz",
           "Frankfurter Rundschau", "Stuttgarter Zeitung"]


def texts() -> list[str]:
    found = []
    for name in ("train.jsonl", "dev.jsonl"):
        with (DATA / name).open(encoding="utf-8") as lines:
            found.extend(json.loads(line)["originalText"] for line in lines)
    return found


def synthetic(path: Path, size: int, seed: int = 7) -> None:
    pool = texts()
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for k in range(size):
            record = {"id": f"syn{k:07d}", "text": rng.choice(pool), "publisher": rng.choice(OUTLETS),
                      "published": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def check_cached(sample: int = 30) -> None:
    from provenance import parsing
    from provenance.cache import ParseCache
    from provenance.config import load_config

    settings = load_config().settings
    cache, model = ParseCache(settings.cache.dir), parsing.model_id(settings.model)
    pool = texts()
    missing = sum(cache.get(t, model) is None for t in random.Random(1).sample(pool, sample))
    if missing:
        print(f"warning: {missing} of {sample} sampled articles are not in the parse cache; "
              "run `provenance eval` on train and dev first", flush=True)


def one(size: int, workers: int, partition_size: int) -> dict:
    from distributed import Client, LocalCluster

    from provenance import engine
    from provenance.config import load_config

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        synthetic(source, size)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None, processes=True,
                               memory_limit="4GB")
        client = Client(cluster)
        try:
            start = time.perf_counter()
            summary = engine.run([str(source)], load_config(),
                                 engine.Targets(store=Path(tmp) / "store.duckdb"),
                                 engine.ClusterOptions(scheduler=cluster.scheduler_address),
                                 partition_size=partition_size)
            wall = time.perf_counter() - start

            def usage():
                r = resource.getrusage(resource.RUSAGE_SELF)
                return {"cpu_s": r.ru_utime + r.ru_stime, "peak_mb": r.ru_maxrss / 1024}

            per_worker = list(client.run(usage).values())
        finally:
            client.close()
            cluster.close()
        store_mb = (Path(tmp) / "store.duckdb").stat().st_size / 1e6
    client_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu = sum(w["cpu_s"] for w in per_worker)
    return {"size": size, "processed": summary.processed, "wall_s": round(wall, 1),
            "wall_ms_per_article": round(1000 * wall / size, 2), "worker_cpu_s": round(cpu, 1),
            "worker_cpu_ms_per_article": round(1000 * cpu / size, 2),
            "worker_peak_mb": [round(w["peak_mb"]) for w in per_worker], "client_peak_mb": round(client_peak),
            "store_mb": round(store_mb, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.workers, args.partition_size)))
        return
    print(f"load average at the start: {os.getloadavg()[0]:.1f}", flush=True)
    check_cached()
    rows = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--workers", str(args.workers),
                              "--partition-size", str(args.partition_size)], capture_output=True, text=True,
                             check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    base = rows[0]
    for row in rows:
        row["cpu_per_article_vs_first"] = round(row["worker_cpu_ms_per_article"] / base["worker_cpu_ms_per_article"], 2)
        row["wall_per_article_vs_first"] = round(row["wall_ms_per_article"] / base["wall_ms_per_article"], 2)
    print(json.dumps(rows, indent=2))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
