"""Score source kinds and anonymity against speaker-kind labels.

The scorer of ``SPEAKER-KINDS.md`` (beside the WIKINEWS data): for each label,
the candidates are the tracker's spans in the same article that share at least
one character with it, attribution source spans first, then source mentions;
an exact span wins, then the higher character overlap (Jaccard). The
candidate's source gives the predicted kind and anonymity. A pronoun label is
right only when its source took the referent's kind.

    python scripts/kinds_report.py GOLD.jsonl LABELS.jsonl [--errors N] [--json OUT]
    python scripts/kinds_report.py sample GOLD.jsonl --docs N --seed S   # spans to label, with context

Labels are offsets only (``doc``, ``start``, ``end``, optional ``ranges``,
``kind``, ``anonymous``, ``pronoun``); the text comes from the gold file.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

KINDS = ("person", "organization", "official", "outlet", "anonymous", "unspecified")


def doc_id(name: str) -> str:
    return re.match(r"\s*(\d+)", name).group(1) if re.match(r"\s*\d+", name) else name


def load_texts(gold: Path, wanted: set[str] | None = None) -> dict[str, str]:
    texts = {}
    for line in gold.open(encoding="utf-8"):
        if line.strip():
            obj = json.loads(line)
            key = doc_id(obj["documentName"])
            if wanted is None or key in wanted:
                texts[key] = obj["originalText"]
    return texts


def chars(label: dict) -> set[int]:
    ranges = label.get("ranges") or [[label["start"], label["end"]]]
    return {i for s, e in ranges for i in range(s, e)}


def best(label: dict, spans: list[tuple[tuple[int, int], object]]):
    gold = chars(label)
    scored = []
    for (s, e), source in spans:
        system = set(range(s, e))
        shared = len(gold & system)
        if shared:
            exact = system == gold
            scored.append((exact, shared / len(gold | system), source, (s, e)))
    if not scored:
        return None
    return max(scored, key=lambda t: (t[0], t[1]))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(labels: list[dict], results: dict) -> dict:
    rows = []
    for label in labels:
        result = results[label["doc"]]
        by_id = {s.id: s for s in result.sources}
        attribution_spans = [((a.source.start, a.source.end), by_id.get(a.source_id))
                             for a in result.attributions if a.source is not None]
        mention_spans = [((m.start, m.end), s) for s in result.sources for m in s.mentions]
        found = best(label, attribution_spans) or best(label, mention_spans)
        source = found[2] if found else None
        rows.append({"label": label, "covered": found is not None,
                     "kind": None if source is None else source.kind,
                     "anonymous": None if source is None else bool(source.anonymous or source.kind in ("anonymous", "unspecified")),
                     "name": None if source is None else source.name,
                     "span": None if found is None else list(found[3])})
    figures = {}
    for scope, keep in (("all", lambda r: True), ("no_pronouns", lambda r: not r["label"].get("pronoun"))):
        chosen = [r for r in rows if keep(r)]
        covered = [r for r in chosen if r["covered"]]
        right = [r for r in covered if r["kind"] == r["label"]["kind"]]
        tp = sum(1 for r in covered if r["anonymous"] and r["label"]["anonymous"])
        fp = sum(1 for r in covered if r["anonymous"] and not r["label"]["anonymous"])
        fn = sum(1 for r in covered if not r["anonymous"] and r["label"]["anonymous"])
        p, r_, f = prf(tp, fp, fn)
        per_kind = {}
        for kind in KINDS:
            of_kind = [r for r in covered if r["label"]["kind"] == kind]
            per_kind[kind] = {"labels": len(of_kind),
                              "accuracy": (sum(1 for r in of_kind if r["kind"] == kind) / len(of_kind)) if of_kind else None}
        figures[scope] = {"labels": len(chosen), "coverage": len(covered) / len(chosen) if chosen else 0.0,
                          "kind_accuracy": len(right) / len(covered) if covered else 0.0,
                          "anonymity": {"precision": p, "recall": r_, "f1": f}, "per_kind": per_kind}
    confusion = Counter((r["label"]["kind"], r["kind"]) for r in rows if r["covered"])
    figures["confusion"] = {f"{g}->{s}": n for (g, s), n in sorted(confusion.items())}
    return {"figures": figures, "rows": rows}


def run(gold: Path, label_path: Path, errors: int, out: Path | None) -> None:
    from provenance.analysis import Article, analyze_many
    from provenance.config import load_config

    labels = [json.loads(line) for line in label_path.open(encoding="utf-8") if line.strip()]
    texts = load_texts(gold, {label["doc"] for label in labels})
    ids = sorted(texts)
    results = dict(zip(ids, analyze_many([Article(texts[i], i) for i in ids], load_config())))
    report = score(labels, results)
    for scope in ("all", "no_pronouns"):
        f = report["figures"][scope]
        a = f["anonymity"]
        print(f"{scope:12} labels {f['labels']:4}  coverage {f['coverage']:.3f}  kind acc {f['kind_accuracy']:.3f}  "
              f"anonymity P {a['precision']:.3f} R {a['recall']:.3f} F1 {a['f1']:.3f}")
    print("per kind (all):", ", ".join(f"{k} {v['accuracy']:.2f}/{v['labels']}" for k, v in
                                      report["figures"]["all"]["per_kind"].items() if v["labels"]))
    print("confusion gold->system:", report["figures"]["confusion"])
    wrong = [r for r in report["rows"] if not r["covered"] or r["kind"] != r["label"]["kind"]
             or r["anonymous"] != r["label"]["anonymous"]]
    for r in wrong[:errors]:
        label = r["label"]
        text = texts[label["doc"]][label["start"]:label["end"]].replace("\n", " ")
        print(f"  {label['doc']} [{label['start']}:{label['end']}] {text!r}: gold {label['kind']}"
              f"{' anon' if label['anonymous'] else ''}{' pron' if label.get('pronoun') else ''} -> "
              f"{r['kind']}{' anon' if r['anonymous'] else ''} {r['name']!r}")
    if out:
        out.write_text(json.dumps(report["figures"], indent=2), encoding="utf-8")


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
