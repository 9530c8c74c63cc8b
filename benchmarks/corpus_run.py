"""Corpus-run speed and memory on the WIKINEWS news articles (train + dev).

    nice -n 10 python benchmarks/corpus_run.py [--limit N] [--skip-jobs] [--threads N] [--batch-size N]

Each measurement runs in a fresh process, streaming the articles through
:func:`provenance.corpus.run` exactly as ``provenance analyze --format jsonl
-o FILE`` does, and adding each result to one corpus graph:

1. cold, ``--jobs 1``, with a new empty parse cache: words per second, the
   share of time spent outside Stanza (reading, rules, sources, chains,
   graph, output), and the peak memory of the streamed run;
2. the same again on the now filled cache: the speed-up of a cached re-run;
3. cold, ``--jobs 2``, with another new cache.

Prints one block of figures; the machine's load average is printed with
them, since other work on the machine changes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "wikinews-quotes"
CORPUS = [DATA / "train.jsonl", DATA / "dev.jsonl"]


def measure(cache: str, jobs: int, threads: int | None, limit: int | None, out: str, batch_size: int) -> dict:
    """One streamed run in this process; what it took."""
    import networkx as nx

    from provenance import corpus, graph, output, parsing
    from provenance.config import load_config
    from provenance.inputs import read_articles
    from provenance.records import ArticleResult
    from provenance.sources import Classifier

    started = time.perf_counter()
    config = corpus.with_cache(load_config(), True, cache)
    stanza = {"seconds": 0.0, "load": 0.0}
    if jobs == 1:
        # time spent inside Stanza itself: the model load and every process() call
        loading = time.perf_counter()
        nlp = parsing.pipeline(config.settings.model)
        stanza["load"] = time.perf_counter() - loading
        process = nlp.process

        def timed_process(*args, **kwargs):
            begun = time.perf_counter()
            try:
                return process(*args, **kwargs)
            finally:
                stanza["seconds"] += time.perf_counter() - begun

        nlp.process = timed_process
    items = read_articles([str(p) for p in CORPUS])
    if limit is not None:
        items = (item for _, item in zip(range(limit), items))
    writer = output.open_writer("jsonl", out)
    corpus_graph, classifier = nx.MultiDiGraph(), Classifier(config)
    graph_seconds = 0.0
    summary = corpus.Summary()
    half = (limit or 850) // 2
    peak_at_half = 0.0  # compared with the final peak: a streamed run must not grow with the corpus
    for outcome in corpus.run(items, config, corpus.RunOptions(batch_size=batch_size, jobs=jobs, threads=threads), summary):
        if summary.done == half:
            peak_at_half = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if isinstance(outcome, ArticleResult):
            writer.write(outcome)
            begun = time.perf_counter()
            graph.add_article(corpus_graph, outcome, classifier)
            graph_seconds += time.perf_counter() - begun
    writer.close()
    total = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": total, "stanza": stanza["seconds"] + stanza["load"], "stanza_load": stanza["load"],
            "graph": graph_seconds, "articles": summary.processed, "skipped": summary.skipped,
            "failed": summary.failed, "words": summary.words, "peak_mb": own, "peak_mb_half": peak_at_half, "worker_peak_mb": workers,
            "nodes": corpus_graph.number_of_nodes()}


def child(cache: str, jobs: int, threads: int | None, limit: int | None, out: str, batch_size: int) -> dict:
    command = [sys.executable, __file__, "--child", "--cache", cache, "--jobs", str(jobs), "--out", out,
               "--batch-size", str(batch_size)]
    command += ["--threads", str(threads or 0)]
    if limit is not None:
        command += ["--limit", str(limit)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"benchmark run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(name: str, run: dict, jobs: int) -> None:
    rate = run["words"] / run["seconds"]
    print(f"{name:<28} {run['seconds']:8.1f} s  {rate:7.1f} words/s  {run['words']} words, "
          f"{run['articles']} articles ({run['skipped']} skipped, {run['failed']} failed)")
    if jobs == 1:
        print(f"{'':<28} peak memory {run['peak_mb']:.0f} MB ({run['peak_mb_half']:.0f} MB after half the articles)")
    else:
        print(f"{'':<28} peak memory {run['peak_mb']:.0f} MB main, {run['worker_peak_mb']:.0f} MB largest worker")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (train first, then dev)")
    parser.add_argument("--skip-jobs", action="store_true", help="leave out the --jobs 2 run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads per process, as 'provenance analyze --threads' (0: torch's default)")
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=int, default=None,
                        help="articles per Stanza batch, as 'provenance analyze --batch-size' (default: its default)")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.cache, args.jobs, args.threads or None, args.limit, args.out, args.batch_size)))
        return
    missing = [str(p) for p in CORPUS if not p.exists()]
    if missing:
        sys.exit(f"corpus not found: {', '.join(missing)}")
    from provenance import corpus
    from provenance.config import load_config
    from provenance.parsing import model_id

    print(f"model {model_id(load_config().settings.model)}; {os.cpu_count()} CPUs; "
          f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="provenance-bench-") as work:
        threads = args.threads or None
        batch_size = args.batch_size or corpus.BATCH_SIZE
        print(f"torch threads per process: {threads or 'torch default'}; articles per batch: {batch_size}")
        cold = child(f"{work}/cache1", 1, threads, args.limit, f"{work}/cold.jsonl", batch_size)
        report("cold, --jobs 1", cold, 1)
        stanza, outside = cold["stanza"], cold["seconds"] - cold["stanza"]
        print(f"{'':<28} Stanza {stanza:.1f} s (model load {cold['stanza_load']:.1f} s); outside Stanza "
              f"{outside:.1f} s = {100 * outside / cold['seconds']:.1f} % (graph {cold['graph']:.2f} s, "
              f"{cold['nodes']} nodes)")
        warm = child(f"{work}/cache1", 1, threads, args.limit, f"{work}/warm.jsonl", batch_size)
        report("cached re-run, --jobs 1", warm, 1)
        print(f"{'':<28} speed-up over cold: {cold['seconds'] / warm['seconds']:.1f}x")
        same = Path(f"{work}/cold.jsonl").read_bytes() == Path(f"{work}/warm.jsonl").read_bytes()
        print(f"{'':<28} output identical to the cold run: {same}")
        if not args.skip_jobs:
            parallel = child(f"{work}/cache2", 2, threads, args.limit, f"{work}/jobs2.jsonl", batch_size)
            report("cold, --jobs 2", parallel, 2)
            print(f"{'':<28} --jobs 2 / --jobs 1 time: {parallel['seconds'] / cold['seconds']:.2f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
