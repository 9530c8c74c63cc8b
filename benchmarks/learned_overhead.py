"""What the learned attribution layer adds to the time of an analysis.

    python benchmarks/learned_overhead.py [CORPUS.jsonl] [--limit N] [--model news]

Parses the first N articles of a WIKINEWS file once, without the parse cache
(one torch thread, one batched call), then times over the same parses: the
rules (``find_attributions``), the learned layer (features, CRF labelling and
marginals, revision of the findings), and the rest of ``attribute`` with and
without the learned layer. Prints each time and the learned layer's share of
the parse time (the issue's budget: at most 10 %), and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from provenance import learned
from provenance.analysis import Article, attribute
from provenance.config import load_config
from provenance.parsing import limit_threads, parse_many, pipeline
from provenance.rules import find_attributions

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wikinews-quotes" / "train.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--model", default="news", help="a bundled model by name or a model directory")
    parser.add_argument("--repeat", type=int, default=3, help="timings of the layers after parsing: best of N")
    args = parser.parse_args()
    limit_threads(1)
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with open(args.corpus, encoding="utf-8") as lines:
        texts = [json.loads(line)["originalText"] for line in lines][: args.limit]
    rules_config = load_config()
    config = learned.with_model(rules_config, args.model)
    started = time.perf_counter()
    pipeline(config.settings.model)
    model = learned.model_for(config)
    print(f"pipeline and model load: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    docs = parse_many(texts, config.settings.model)
    parse = time.perf_counter() - started
    words = sum(len(s.words) for d in docs for s in d.sentences)

    def best(run) -> float:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        return min(times)

    findings = [find_attributions(d, config) for d in docs]
    rules = best(lambda: [find_attributions(d, config) for d in docs])
    layer = best(lambda: [model.revise(d, f, config) for d, f in zip(docs, findings)])
    articles = [Article(t, f"a{k}") for k, t in enumerate(texts)]
    plain = best(lambda: [attribute(d, a, rules_config) for d, a in zip(docs, articles)])
    full = best(lambda: [attribute(d, a, config) for d, a in zip(docs, articles)])
    print(f"{len(texts)} articles, {words} words")
    print(f"parse (no cache, 1 thread):        {parse:8.2f} s  {words / parse:6.0f} words/s")
    print(f"rules alone:                       {rules:8.2f} s")
    print(f"learned layer alone:               {layer:8.2f} s  = {100 * layer / parse:.1f} % of the parse time")
    print(f"attribute, rules only:             {plain:8.2f} s")
    print(f"attribute, rules + learned:        {full:8.2f} s  (+{full - plain:.2f} s, "
          f"{100 * (full - plain) / parse:.1f} % of the parse time)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
