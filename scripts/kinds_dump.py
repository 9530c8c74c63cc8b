"""List the source the engine gives every gold speaker span, to read a change's effect on kinds.

Without kind labels for the tuning data, a change to the source layer is judged by reading what it
changes: dump before, change, dump after, ``diff`` the two and read every changed line against the
conventions of ``SPEAKER-KINDS.md``. One line per distinct gold speaker span:

    ARTICLE OFFSET | context[[speaker span]] | kind anon=… name='…'     (or NONE: no source overlaps it)

The candidate is chosen as the kinds scorer chooses it: attribution source spans that share a
character with the gold span first, then source mentions; an exact span, then the larger overlap.

    python scripts/kinds_dump.py ../shared/data/wikinews-quotes/train.jsonl before.txt
    … change …
    python scripts/kinds_dump.py ../shared/data/wikinews-quotes/train.jsonl after.txt
    diff before.txt after.txt

Use it on train only: dev is measured, never read for errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from provenance import chunking
from provenance.analysis import Article, attribute
from provenance.config import load_config
from provenance.evaluate import load_gold


def lines(gold_path: str) -> list[str]:
    config = load_config()
    golds = load_gold(gold_path)
    docs = chunking.parse_texts([g.text for g in golds], config.settings)
    out = []
    for gold, doc in zip(golds, docs):
        result = attribute(doc, Article(gold.text, gold.id), config, genre="news")
        sources = {s.id: s for s in result.sources}
        seen = set()
        for quotation in gold.quotations:
            if not quotation.speaker:
                continue
            start = min(gold.tokens[i][0] for i in quotation.speaker)
            end = max(gold.tokens[i][1] for i in quotation.speaker)
            if (start, end) in seen:
                continue
            seen.add((start, end))
            candidates = [(a.source, sources.get(a.source_id)) for a in result.attributions
                          if a.source and a.source.start < end and start < a.source.end]
            candidates = candidates or [(m, s) for s in result.sources for m in s.mentions
                                        if m.start < end and start < m.end]
            where = f"{gold.id.split()[0]} {start} | {gold.text[max(0, start - 40):start]}[[{gold.text[start:end]}]]"
            where = where.replace("\n", " ")
            if not candidates:
                out.append(f"{where} | NONE")
                continue
            _, source = max(candidates, key=lambda c: (c[0].start == start and c[0].end == end,
                                                        min(c[0].end, end) - max(c[0].start, start)))
            described = "None" if source is None else f"{source.kind} anon={source.anonymous} name={source.name!r}"
            out.append(f"{where} | {described}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", help="WIKINEWS JSONL (train)")
    parser.add_argument("out", help="the listing to write")
    args = parser.parse_args()
    Path(args.out).write_text("\n".join(lines(args.gold)) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
