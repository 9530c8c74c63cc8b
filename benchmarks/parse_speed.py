"""Parsing speed and peak memory of the bundled model on the news dev articles.

    python benchmarks/parse_speed.py [../shared/data/wikinews-quotes/dev.jsonl] [--limit N] [--threads N]

Prints words/second for one batched call and for article-by-article calls
(no parse cache), and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from provenance.config import load_config
from provenance.parsing import limit_threads, parse_many, pipeline

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wikinews-quotes" / "dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads, as 'provenance analyze --threads' (0: torch's default)")
    args = parser.parse_args()
    if args.threads:
        limit_threads(args.threads)
    with open(args.corpus, encoding="utf-8") as lines:
        texts = [json.loads(line)["originalText"] for line in lines][: args.limit]
    settings = load_config().settings.model
    started = time.perf_counter()
    pipeline(settings)
    print(f"pipeline load: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    docs = parse_many(texts, settings)
    batched = time.perf_counter() - started
    words = sum(len(s.words) for d in docs for s in d.sentences)

    started = time.perf_counter()
    for text in texts:
        parse_many([text], settings)
    single = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(texts)} articles, {words} words")
    print(f"batched:            {batched:7.1f} s  {words / batched:7.0f} words/s")
    print(f"article by article: {single:7.1f} s  {words / single:7.0f} words/s")
    print(f"peak memory (RSS):  {peak_mb:7.0f} MB")


if __name__ == "__main__":
    main()
