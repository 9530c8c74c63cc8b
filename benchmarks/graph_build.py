"""How building one corpus graph grows with the corpus.

    python benchmarks/graph_build.py [--sizes 50,200,800] [--repeat 3]

The seed article is analysed once (through the parse cache); the corpus is
that result copied under new ids, so every size holds the same articles and
only their number changes. For each size: the best of ``--repeat`` builds of
:func:`provenance.graph.corpus_graph`, the time per article, the nodes and
edges, and the time against the smallest size's time scaled by the size
ratio (1.0 is linear growth). Wall-clock figures depend on the machine and
on what else runs on it, so the load average is printed with them.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_d8572ab7723ed861.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,200,800", help="corpus sizes in articles, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="builds per size; the fastest counts")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]

    import provenance
    from provenance.graph import corpus_graph

    seed = provenance.analyze(SEED.read_text(encoding="utf-8"), id=SEED.stem)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{len(seed.chains)} chains, {len(seed.sources)} sources per article")
    base: tuple[int, float] | None = None
    for size in sizes:
        results = [dataclasses.replace(seed, id=f"{seed.id}-{k}") for k in range(size)]
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            graph = corpus_graph(results)
            best = min(best, time.perf_counter() - started)
        base = base or (size, best)
        scaled = best / (base[1] * size / base[0])
        print(f"{size:>6} articles  {best:8.3f} s  {1000 * best / size:6.2f} ms/article  "
              f"{graph.number_of_nodes():>7} nodes  {graph.number_of_edges():>7} edges  "
              f"time / linear: {scaled:.2f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
