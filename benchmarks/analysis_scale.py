"""The analysis path without parsing, at corpus scale: a synthetic corpus
made by sampling the WIKINEWS train and dev articles (whose parses are in
the parse cache), run through `--engine dask` into a store: reading, cache
look-up, rules, sources, chains, tables, Parquet parts, DuckDB.

    python benchmarks/analysis_scale.py --sizes 10000 100000 [--workers 2]

Each size runs in a process of its own (so peak memory is that size's).
Prints per size: wall time, CPU seconds of the workers, both per article,
the peak resident memory of each worker and of the client process (which
also hosts the LocalCluster's scheduler), the client's CPU seconds and its
peak memory in each phase (the cluster run; loading the store), and the
linearity of time per article against the first size. Articles whose parse is not cached would be
parsed (slow): the script checks a sample first.

    python benchmarks/analysis_scale.py --sizes 2000 --store-copies 5 50

also keeps the first size's Parquet parts and loads K copies of them (new
ids and places, copied by DuckDB) into a new store with the engine's
``load_store``, each K in a process of its own: the client's side of a run
of K times as many articles (wall time and peak memory of the load), without
analysing them all.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
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


def _peak_mb() -> float:
    """The peak resident memory since the last :func:`_reset_peak` (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")  # resets VmHWM to the current resident size
    except OSError:
        pass


def _timed_phases(engine, phases: dict) -> None:
    """Wrap the engine's two client phases to record the client's wall, CPU
    and peak memory in each (the run calls them through the module)."""
    for name, label in (("execute", "cluster_run"), ("load_store", "store_load")):
        function = getattr(engine, name)

        def timed(*args, _function=function, _label=label, **kwargs):
            _reset_peak()
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return _function(*args, **kwargs)
            finally:
                phases[_label] = {"wall_s": round(time.perf_counter() - wall, 1),
                                  "client_cpu_s": round(time.process_time() - cpu, 1),
                                  "client_peak_mb": round(_peak_mb())}

        setattr(engine, name, timed)


def one(size: int, workers: int, partition_size: int, keep_parts: Path | None = None) -> dict:
    from distributed import Client, LocalCluster

    from provenance import engine
    from provenance.config import load_config

    phases: dict = {}
    _timed_phases(engine, phases)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        synthetic(source, size)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None, processes=True,
                               memory_limit="4GB")
        client = Client(cluster)
        try:
            start = time.perf_counter()
            summary = engine.run([str(source)], load_config(),
                                 engine.Targets(store=Path(tmp) / "store.duckdb", parquet=keep_parts),
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
            "store_mb": round(store_mb, 1), "client_cpu_s": round(time.process_time(), 1), "phases": phases,
            "load_average_end": round(os.getloadavg()[0], 1)}


def copy_parts(parts: Path, copies: int, target: Path) -> int:
    """``copies`` copies of the run's parts in ``parts`` under ``target``:
    copy k has its partitions after those of copy k-1 and ids ending in -k.
    The number of partitions."""
    import duckdb

    from provenance.engine import PARTITION_SHIFT
    from provenance.tables import TABLES, schemas

    names = sorted(f.stem for f in (parts / "articles").glob("part-*.parquet"))
    db = duckdb.connect()
    for table in TABLES:
        (target / table).mkdir(parents=True, exist_ok=True)
        column = "id" if table == "articles" else "article"
        for k in range(copies):
            for place, name in enumerate(names):
                index = k * len(names) + place
                select = ", ".join(f"ord + {(k * len(names)) << PARTITION_SHIFT} AS ord" if c == "ord"
                                   else f"{c} || '-{k}' AS {c}" if c == column else c
                                   for c in schemas()[table].names)
                db.execute(f"COPY (SELECT {select} FROM read_parquet('{parts / table / name}.parquet')) "
                           f"TO '{target / table}/part-{index:06d}.parquet' (FORMAT parquet)")
    db.close()
    return copies * len(names)


def load_copies(parts: Path, copies: int) -> dict:
    """Load ``copies`` copies of the parts into a new store, as a run's client does."""
    from provenance import engine

    with tempfile.TemporaryDirectory() as tmp:
        count = copy_parts(parts, copies, Path(tmp) / "parts")
        _reset_peak()
        start, cpu = time.perf_counter(), time.process_time()
        engine.load_store(Path(tmp) / "store.duckdb", Path(tmp) / "parts", [engine.Partition(i) for i in range(count)])
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        peak = _peak_mb()
        from provenance.store import open_for_queries

        with open_for_queries(Path(tmp) / "store.duckdb") as store:
            articles = store.count()
        store_mb = (Path(tmp) / "store.duckdb").stat().st_size / 1e6
    return {"store_copies": copies, "articles": articles, "load_wall_s": round(wall, 1),
            "load_cpu_s": round(cpu, 1), "load_ms_per_article": round(1000 * wall / articles, 3),
            "client_peak_mb_while_loading": round(peak), "store_mb": round(store_mb, 1),
            "load_average_end": round(os.getloadavg()[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--store-copies", type=int, nargs="*", default=[],
                        help="also load K copies of the first size's parts into a store, for each K")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--keep-parts", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--load-copies", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_copies:
        print(json.dumps(load_copies(args.keep_parts, args.load_copies)))
        return
    if args.one:
        print(json.dumps(one(args.one, args.workers, args.partition_size, args.keep_parts)))
        return
    print(f"load average at the start: {os.getloadavg()[0]:.1f}", flush=True)
    check_cached()
    rows = []
    kept = Path(tempfile.mkdtemp(prefix="analysis-scale-")) / "parts"
    for number, size in enumerate(args.sizes):
        keep = ["--keep-parts", str(kept)] if number == 0 and args.store_copies else []
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--workers", str(args.workers),
                              "--partition-size", str(args.partition_size), *keep], capture_output=True, text=True,
                             check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    for copies in args.store_copies:
        out = subprocess.run([sys.executable, __file__, "--keep-parts", str(kept), "--load-copies", str(copies)],
                             capture_output=True, text=True, check=True)
        print(json.dumps(json.loads(out.stdout.strip().splitlines()[-1])), flush=True)
    shutil.rmtree(kept.parent, ignore_errors=True)
    base = rows[0]
    for row in rows:
        row["cpu_per_article_vs_first"] = round(row["worker_cpu_ms_per_article"] / base["worker_cpu_ms_per_article"], 2)
        row["wall_per_article_vs_first"] = round(row["wall_ms_per_article"] / base["wall_ms_per_article"], 2)
    print(json.dumps(rows, indent=2))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
