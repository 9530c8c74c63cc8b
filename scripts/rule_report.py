"""Per-rule precision on gold quotations: which rules pay their way.

    python scripts/rule_report.py ../shared/data/wikinews-quotes/train.jsonl [--rule verb.] [--show 10]

For each rule: how many top-level attributions it made, how many were paired
with a gold quotation (message overlap), their mean overlap F1 and role
overlaps. ``--rule`` prints examples of that rule's attributions beside the
gold quotation they were paired with (or none).
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import provenance
from provenance import parsing
from provenance.evaluate import align, load_gold, overlap_f1, quotations_from_result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold")
    parser.add_argument("--rule", default=None)
    parser.add_argument("--show", type=int, default=8)
    parser.add_argument("--misses", action="store_true", help="list gold quotations nothing was paired with")
    args = parser.parse_args()
    parsing.limit_threads(1)  # torch's thread per core crawls on a busy machine
    stats = defaultdict(lambda: [0, 0, 0.0, 0.0, 0.0])
    shown = 0
    missed = defaultdict(int)
    gold_articles = load_gold(args.gold)
    results = provenance.analyze_many([provenance.Article(g.text, g.id) for g in gold_articles])
    for gold, result in zip(gold_articles, results):
        system = quotations_from_result(result, gold.tokens)
        tops = [a for a in result.attributions if a.via is None]
        pairs = {s: (g, f) for s, g, f in align([q.message for q in system], [q.message for q in gold.quotations])}
        paired_gold = {g for g, _ in pairs.values()}
        for k, (attribution, quotation) in enumerate(zip(tops, system)):
            row = stats[attribution.rule]
            row[0] += 1
            if k in pairs:
                g, f1 = pairs[k]
                row[1] += 1
                row[2] += f1
                row[3] += overlap_f1(quotation.speaker, gold.quotations[g].speaker)
                row[4] += overlap_f1(quotation.cue, gold.quotations[g].cue)
            if args.rule and attribution.rule.startswith(args.rule) and shown < args.show:
                shown += 1
                print(f"--- {attribution.rule} [{gold.id}] conf {attribution.confidence}")
                print(f"  sys cue={attribution.cue.text if attribution.cue else None!r} "
                      f"src={attribution.source.text if attribution.source else None!r}")
                print(f"  sys claim={attribution.claim.text[:160]!r}")
                if k in pairs:
                    gq = gold.quotations[pairs[k][0]]
                    print(f"  gold {gq.type} cue={gold.span_text(sorted(gq.cue))!r} "
                          f"spk={gold.span_text(sorted(gq.speaker))!r} f1={pairs[k][1]:.2f}")
                    print(f"  gold msg={gold.span_text(sorted(gq.message))[:160]!r}")
                else:
                    print("  gold: none")
        for g, q in enumerate(gold.quotations):
            if g not in paired_gold:
                missed[q.type] += 1
                if args.misses and shown < args.show:
                    shown += 1
                    print(f"--- MISS {q.type} [{gold.id}] cue={gold.span_text(sorted(q.cue))!r} "
                          f"spk={gold.span_text(sorted(q.speaker))!r}\n  msg={gold.span_text(sorted(q.message))[:200]!r}")
    print(f"{'rule':32} {'made':>5} {'paired':>6} {'prec':>5} {'msgF1':>5} {'spkF1':>5} {'cueF1':>5}")
    for rule, (made, paired, f1, spk, cue) in sorted(stats.items(), key=lambda kv: -kv[1][0]):
        p = max(paired, 1)
        print(f"{rule:32} {made:5} {paired:6} {paired / made:5.2f} {f1 / p:5.2f} {spk / p:5.2f} {cue / p:5.2f}")
    print("gold quotations never paired, by type:", dict(missed))


if __name__ == "__main__":
    main()
