#!/usr/bin/env python
"""Rebuild a bundled attribution model (provenance/models/<genre>/) offline.

Usage (from the repository root):

    .venv/bin/python training/train_attribution.py --genre news

news: trained on all of ../shared/data/wikinews-quotes/train.jsonl (700 articles); dev.jsonl is
never read here. Steps (provenance.learned.training.train): parse (through the parse cache) and
run the rules; 5-fold cross-validation by article (seed 13) to calibrate the confidence and
choose the thresholds; the final CRF on all 700 articles. Writes labeller.crfsuite, model.json
and cross_validation.json (every threshold tried, with its held-out figures) into the model
directory. Deterministic: the same data and code give the same files.

debate: the SpkAtt-2023 training split less its fixed held-out speeches; it needs
provenance.spkatt (the debate lane's loader) and is built by that lane with the same command.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from provenance import parsing  # noqa: E402
from provenance.learned import training  # noqa: E402
from provenance.learned.model import CRFSettings  # noqa: E402

DATA = {"news": [ROOT.parent / "shared" / "data" / "wikinews-quotes" / "train.jsonl"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--genre", choices=training.GENRES, default="news")
    parser.add_argument("--out", type=Path, help="model directory (default provenance/models/<genre>)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    defaults = CRFSettings()
    parser.add_argument("--c1", type=float, default=defaults.c1, help=f"CRF L1 weight (default {defaults.c1})")
    parser.add_argument("--c2", type=float, default=defaults.c2, help=f"CRF L2 weight (default {defaults.c2})")
    parser.add_argument("--max-iterations", type=int, default=defaults.max_iterations,
                        help=f"L-BFGS iterations (default {defaults.max_iterations})")
    args = parser.parse_args()
    if args.c1 < 0 or args.c2 < 0 or args.max_iterations < 1:
        print("--c1 and --c2 must be >= 0 and --max-iterations >= 1", file=sys.stderr)
        return 2
    if args.genre not in DATA:
        print(f"the {args.genre} model is built from data provenance.spkatt reads; see that module", file=sys.stderr)
        return 2
    missing = [p for p in DATA[args.genre] if not p.exists()]
    if missing:
        print(f"training data not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    parsing.limit_threads(1)
    out = args.out or ROOT / "provenance" / "models" / args.genre
    started = time.monotonic()
    result = training.train_to([str(p) for p in DATA[args.genre]], args.genre, out, folds=args.folds,
                               seed=args.seed, settings=CRFSettings(args.c1, args.c2, args.max_iterations),
                               log=lambda line: print(line, flush=True))
    print(f"wrote {out} in {time.monotonic() - started:.0f} s; cross-validated official joint F1 "
          f"{result.rules_cv.joint} (rules) -> {result.learned_cv.joint} (rules + learned), messages "
          f"{result.rules_cv.messages} -> {result.learned_cv.messages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
