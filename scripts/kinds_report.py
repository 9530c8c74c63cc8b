"""Score source kinds and anonymity against speaker-kind labels.

The scorer of ``provenance eval GOLD --kinds LABELS`` (``provenance.evaluate.
score_kinds``, as ``SPEAKER-KINDS.md`` beside the WIKINEWS data defines it), run
on the labelled articles only, so a sample of train is scored in seconds
instead of parsing all 700 articles; ``sample`` lists spans to label.

    python scripts/kinds_report.py GOLD.jsonl LABELS.jsonl [--errors N] [--json OUT]
    python scripts/kinds_report.py sample GOLD.jsonl --docs N --seed S   # spans to label, with context

Labels are offsets only (``doc``, ``start``, ``end``, optional ``ranges``,
``kind``, ``anonymous``, ``pronoun``); the text comes from the gold file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

def doc_id(name: str) -> str:
    from provenance.evaluate import doc_number

    return doc_number(name)


def run(gold: Path, label_path: Path, errors: int, out: Path | None) -> None:
    """``provenance eval GOLD --kinds LABELS`` on the labelled articles only."""
    from rich.console import Console

    from provenance import evaluate
    from provenance.analysis import Article, analyze_many
    from provenance.config import load_config

    labels = evaluate.load_kind_labels(label_path)
    wanted = {label.doc for label in labels}
    articles = [a for a in evaluate.load_gold(gold) if evaluate.doc_number(a.id) in wanted]
    evaluate.check_kind_labels(labels, {evaluate.doc_number(a.id): a.text for a in articles})
    results = analyze_many([Article(a.text, a.id) for a in articles], load_config())
    report = evaluate.score_kinds(labels, list(zip(articles, results, strict=True)))
    evaluate.render_kinds(report, Console(), max_errors=errors)
    if out:
        out.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")


def sample(gold: Path, docs: int, seed: int, skip: int) -> None:
    """Distinct gold speaker spans of ``docs`` articles drawn at random, with context, to label."""
    lines = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    rng = random.Random(seed)
    rng.shuffle(lines)
    for obj in lines[skip:skip + docs]:
        text, tokens = obj["originalText"], {t["id"]: t for t in obj["tokens"]}
        seen = set()
        for ann in obj["annotations"]:
            ids = tuple(sorted(ann["speaker"]["tokenIds"]))
            if not ids or ids in seen:
                continue
            seen.add(ids)
            runs: list[list[int]] = []
            for i in ids:
                if runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
            ranges = [[tokens[r[0]]["charBegin"], tokens[r[-1]]["charEnd"]] for r in runs]
            start, end = ranges[0][0], ranges[-1][1]
            record = {"doc": doc_id(obj["documentName"]), "start": start, "end": end}
            if len(ranges) > 1:
                record["ranges"] = ranges
            print(json.dumps(record))
            print("   SPAN:", " … ".join(text[s:e] for s, e in ranges).replace("\n", " "))
            print("   CTX :", text[max(0, start - 200):end + 120].replace("\n", " "))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "sample":
        parser = argparse.ArgumentParser()
        parser.add_argument("cmd")
        parser.add_argument("gold", type=Path)
        parser.add_argument("--docs", type=int, default=50)
        parser.add_argument("--seed", type=int, default=10)
        parser.add_argument("--skip", type=int, default=0)
        args = parser.parse_args()
        sample(args.gold, args.docs, args.seed, args.skip)
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", type=Path)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--errors", type=int, default=40)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    run(args.gold, args.labels, args.errors, args.json)


if __name__ == "__main__":
    main()
