"""Parsing speed and peak memory of the bundled model on the news dev articles.

    python benchmarks/parse_speed.py [../shared/data/wikinews-quotes/dev.jsonl] [--limit N] [--threads N]
                                     [--repeat N] [--no-single]

Prints words/second for one batched call with the named-entity tagger off and
on (the full pipeline; the best of --repeat alternating runs, so both see the
same machine load) and the NER overhead, then article-by-article calls with
NER (no parse cache), and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from provenance.config import load_config
from provenance.parsing import has_ner, limit_threads, parse_many, pipeline

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wikinews-quotes" / "dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads, as 'provenance analyze --threads' (0: torch's default)")
    parser.add_argument("--repeat", type=int, default=1, help="alternating NER off/on runs; the best counts")
    parser.add_argument("--no-single", action="store_true", help="skip the article-by-article run")
    args = parser.parse_args()
    if args.threads:
        limit_threads(args.threads)
    with open(args.corpus, encoding="utf-8") as lines:
        texts = [json.loads(line)["originalText"] for line in lines][: args.limit]
    settings = load_config().settings.model
    started = time.perf_counter()
    pipeline(settings)
    print(f"pipeline load: {time.perf_counter() - started:.1f} s")

    timings: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.repeat):
        for ner in (False, True):
            started = time.perf_counter()
            docs = parse_many(texts, settings, ner=ner)
            timings[ner].append(time.perf_counter() - started)
    words = sum(len(s.words) for d in docs for s in d.sentences)
    off, on = min(timings[False]), min(timings[True])
    print(f"{len(texts)} articles, {words} words; NER model present: {has_ner(settings)}")
    print(f"batched, NER off:   {off:7.1f} s  {words / off:7.0f} words/s")
    print(f"batched, NER on:    {on:7.1f} s  {words / on:7.0f} words/s  (speed {100 * (off / on - 1):+.1f} % vs NER off)")
    if not args.no_single:
        started = time.perf_counter()
        for text in texts:
            parse_many([text], settings)
        single = time.perf_counter() - started
        print(f"article by article: {single:7.1f} s  {words / single:7.0f} words/s (NER on)")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS):  {peak_mb:7.0f} MB")


if __name__ == "__main__":
    main()
