"""Store query latency at corpus scale: a store of BASE synthetic articles
(sampled from the cached WIKINEWS parses, analysed with `--engine dask`) is
replicated in SQL to SIZE articles (each copy a new article: new ids, its
own anonymous sources), then the questions are timed.

    python benchmarks/store_queries.py [--base 2000] [--size 100000] [--workers 2]

Prints the build times and, best of 3, the seconds of the `sources`
ranking, a `trace` by source (Reuters; and by claim text) and `stories`, and
how many rows each returned. The store is queried through the same library
functions `provenance sources|trace|stories --store` call (rendering the
table to a terminal is not timed).
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
sys.path.insert(0, str(ROOT / "benchmarks"))

REPLICA_SHIFT = 36


def replicate(store, copies: int) -> None:
    """Add ``copies`` copies of every article: ids ``ID#k``, ords shifted."""
    from provenance.store import _NODE_COLUMNS
    from provenance.tables import TABLES, schemas

    db = store.db
    for k in range(1, copies + 1):
        db.execute("BEGIN TRANSACTION")
        for name in TABLES:
            columns = schemas()[name].names
            id_column = "id" if name == "articles" else "article"
            select = []
            for column in columns:
                if column == "ord":
                    select.append(f"ord + {k << REPLICA_SHIFT}")
                elif column == id_column:
                    select.append(f"{column} || '#{k}'")
                elif column in _NODE_COLUMNS.get(name, ()):
                    select.append(f"CASE WHEN {column} LIKE 'source:%' THEN 'source:' || {id_column} || '#{k}:' "
                                  f"|| split_part({column}, ':', -1) ELSE {column} END")
                else:
                    select.append(column)
            db.execute(f"INSERT INTO {name} ({', '.join(columns)}) SELECT {', '.join(select)} FROM {name} "
                       f"WHERE ord < {1 << REPLICA_SHIFT}")
        db.execute("COMMIT")
    store.finish()


def best_of(n: int, fn):
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return round(min(times), 3), result


def main() -> None:
    from analysis_scale import synthetic

    from provenance import engine, store as stores, stories
    from provenance.config import load_config

    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=int, default=2000)
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f}", flush=True)
    config = load_config()
    with tempfile.TemporaryDirectory() as tmp:
        source, path = Path(tmp) / "corpus.jsonl", Path(tmp) / "store.duckdb"
        synthetic(source, args.base)
        start = time.perf_counter()
        engine.run([str(source)], config, engine.Targets(store=path), engine.ClusterOptions(workers=args.workers),
                   partition_size=250)
        analysed = time.perf_counter() - start
        start = time.perf_counter()
        with stores.Store(path) as db:
            replicate(db, args.size // args.base - 1)
        replicated = time.perf_counter() - start
        with stores.open_for_queries(path) as db:
            count = db.count()
            ranking_s, ranking = best_of(3, lambda: stores.rank_sources(db))
            by_source_s, by_source = best_of(3, lambda: stores.trace(db, source="Reuters", config=config))
            by_claim_s, by_claim = best_of(3, lambda: stores.trace(db, claim="Regierung", config=config))
            stories_s, found = best_of(3, lambda: stories.find(db))
        size_mb = path.stat().st_size / 1e6
    print(json.dumps({
        "articles": count, "store_mb": round(size_mb), "analyse_base_s": round(analysed, 1),
        "replicate_s": round(replicated, 1),
        "sources_ranking_s": ranking_s, "sources_rows": len(ranking),
        "trace_by_source_reuters_s": by_source_s, "trace_by_source_claims": len(by_source),
        "trace_by_claim_text_s": by_claim_s, "trace_by_claim_claims": len(by_claim),
        "stories_s": stories_s, "stories": len(found),
    }, indent=2))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
