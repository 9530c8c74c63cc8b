#!/usr/bin/env python
"""Rebuild the bundled German named-entity model (provenance/models/de/ner.pt) offline.

Usage (from the repository root):

    .venv/bin/python training/train_ner.py --out provenance/models/de [--work DIR]

Steps (all offline, nothing is downloaded):
  1. prepare: ../shared/data/germeval2014-ner/NER-de-{test,dev}.tsv -> Stanza NER JSON
     ($WORK/ner/de_germeval.{train,select,heldout}.json). The shared-task training file is not
     available, so the TEST file is the training data: its sentence i goes to a fixed
     model-selection part if i % 10 == 9, to training otherwise. The DEV file is the held-out
     set, scored once at the end and never used to choose anything (as Stanza's --eval_file it
     would pick the checkpoint on the reported set).
     Tags: the outer column only. `*deriv` / `*part` (e.g. LOCderiv for "deutschen") stay their
     own classes during training, so that "deutschen" and "Deutschland" do not compete for one
     label; model selection (--ignore_tag_scores), scoring and the shipped pipeline treat them
     as O, i.e. the scores are the usual GermEval "outer, four types" figures.
     Tokens: soft hyphens (U+00AD) deleted, the cp1252 mis-decodes \\x96 / \\x94 mapped to – / ”.
  2. word vectors: the bundled pretrain.pt of the parser (treebank text). One pretrain serves the
     tagger, the parser and NER, so the package carries one vocabulary and stays small; a gensim
     pretrain on GermEval + treebank text measured +0.9 F1 in a trial, within evaluation noise.
  3. train: Stanza's own trainer, stanza.models.ner_tagger (BiLSTM-CRF, char LSTM, no charlm),
     one torch thread, fixed seed; the best checkpoint on the selection part is kept.
  4. ship: tensors converted to float16 (half the size, identical scores in a trial), written to
     $WORK/ner/staging/ner.pt, scored there through stanza.Pipeline exactly as the package loads
     it (held-out and selection parts: entity micro P/R/F1 and F1 per type; the "ner" entry of
     scores.json), then copied into --out.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA = os.path.join(REPO, "..", "shared", "data", "germeval2014-ner")
TYPES = ("PER", "ORG", "LOC", "OTH")
# the nested-derivation classes: trained as classes, scored and shipped as O
AUX_TYPES = [t + s for t in TYPES for s in ("deriv", "part")]
SHORT = "de_germeval"

TRAIN_ARGS = ["--max_steps", "12000", "--eval_interval", "500", "--log_step", "100",
              "--batch_size", "32", "--seed", "1234"]

# characters that are cp1252 bytes decoded as Latin-1 in the source files
CHAR_FIX = {"\x96": "–", "\x94": "”"}


def log(msg):
    print(f"[{datetime.datetime.now(datetime.timezone.utc):%H:%M:%S}] {msg}", flush=True)


def read_germeval(path):
    """Sentences as lists of (token, outer tag); `#` lines carry the source URL, blank lines end a sentence."""
    sents, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#\t") or line.startswith("# "):
                continue
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            fields = line.split("\t")  # by position: one line carries a trailing tab
            token, tag = fields[1], fields[2]
            token = token.replace("\u00ad", "")
            for bad, good in CHAR_FIX.items():
                token = token.replace(bad, good)
            if not token:
                token = "-"
            cur.append((token, tag))
    if cur:
        sents.append(cur)
    return sents


def to_json(sents):
    return [[{"text": tok, "ner": tag} for tok, tag in s] for s in sents]


def prepare(work):
    out = os.path.join(work, "ner")
    os.makedirs(out, exist_ok=True)
    test = read_germeval(os.path.join(DATA, "NER-de-test.tsv"))
    dev = read_germeval(os.path.join(DATA, "NER-de-dev.tsv"))
    train = [s for i, s in enumerate(test) if i % 10 != 9]
    select = [s for i, s in enumerate(test) if i % 10 == 9]
    paths = {}
    for name, sents in (("train", train), ("select", select), ("heldout", dev)):
        paths[name] = os.path.join(out, f"{SHORT}.{name}.json")
        with open(paths[name], "w", encoding="utf-8") as f:
            json.dump(to_json(sents), f, ensure_ascii=False)
        n_ent = sum(1 for s in sents for _, t in s if t.startswith("B-") and t[2:] in TYPES)
        log(f"{name}: {len(sents)} sentences, {n_ent} outer entities -> {paths[name]}")
    return paths


def train(paths, work, pretrain, threads):
    save_dir = os.path.join(work, "ner", "models")
    os.makedirs(save_dir, exist_ok=True)
    argv = ["--mode", "train", "--shorthand", SHORT,
            "--train_file", paths["train"], "--eval_file", paths["select"],
            "--wordvec_pretrain_file", pretrain,
            "--save_dir", save_dir, "--save_name", "ner_fp32.pt",
            "--ignore_tag_scores", ",".join(AUX_TYPES), "--cpu"] + TRAIN_ARGS
    code = ("import sys, torch; torch.set_num_threads(%d); "
            "from stanza.models import ner_tagger; ner_tagger.main(sys.argv[1:])" % threads)
    log("train: " + " ".join(argv))
    t0 = time.time()
    subprocess.run([sys.executable, "-c", code] + argv, check=True)
    log(f"train: done in {(time.time() - t0) / 60:.1f} min")
    return os.path.join(save_dir, "ner_fp32.pt")


def save_half(src, dst):
    """The float weights of a Stanza checkpoint as float16 (halves the size); Stanza's
    load_state_dict copies them into its float32 modules, so stock Stanza loads the file."""
    import torch
    d = torch.load(src, map_location="cpu", weights_only=False)
    d["model"] = {k: (v.half() if torch.is_floating_point(v) else v) for k, v in d["model"].items()}
    torch.save(d, dst)


def outer(tag):
    """A BIOES/BIO tag reduced to the four outer types (deriv/part -> O)."""
    if tag == "O" or tag[2:] not in TYPES:
        return "O"
    return tag


def spans(tags):
    """Entity spans (start, end, type) from BIO or BIOES tags (a B/S/type change opens one)."""
    out, start, kind = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, t = (tag[0], tag[2:]) if tag != "O" else ("O", None)
        if start is not None and (prefix in "BSO" or t != kind):
            out.append((start, i, kind))
            start = None
        if prefix in "BS" or (prefix in "IE" and start is None):
            start, kind = i, t
        if prefix in "ES" and start is not None:
            out.append((start, i + 1, kind))
            start = None
    return out


def score(gold_sents, pred_sents):
    """Entity-level micro P/R/F1 (exact span and type) and F1 per type, outer entities only."""
    from collections import Counter
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, pred in zip(gold_sents, pred_sents):
        g = set(spans([outer(t) for t in gold]))
        p = set(spans([outer(t) for t in pred]))
        for e in g & p:
            tp[e[2]] += 1
        for e in p - g:
            fp[e[2]] += 1
        for e in g - p:
            fn[e[2]] += 1

    def prf(a, b, c):
        pr = a / (a + b) if a + b else 0.0
        rc = a / (a + c) if a + c else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        return round(100 * pr, 2), round(100 * rc, 2), round(100 * f, 2)

    P, R, F = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    result = {"precision": P, "recall": R, "f1": F, "gold_entities": sum(tp.values()) + sum(fn.values()),
              "per_type_f1": {}, "per_type_precision": {}, "per_type_recall": {}, "per_type_gold": {}}
    for t in TYPES:
        p, r, f = prf(tp[t], fp[t], fn[t])
        result["per_type_f1"][t], result["per_type_precision"][t], result["per_type_recall"][t] = f, p, r
        result["per_type_gold"][t] = tp[t] + fn[t]
    return result


def evaluate(model_dir, paths, threads):
    """Scores the shipped file exactly as the package loads it: stanza.Pipeline with the NER
    processor, its ner_model_path and ner_pretrain_path, on pretokenized sentences."""
    import stanza
    import torch
    torch.set_num_threads(threads)
    d = os.path.abspath(model_dir)
    nlp = stanza.Pipeline(lang="de", processors="tokenize,ner", dir=d, download_method=None,
                          allow_unknown_language=True, tokenize_pretokenized=True, logging_level="WARN",
                          ner_model_path=os.path.join(d, "ner.pt"),
                          ner_pretrain_path=os.path.join(d, "pretrain.pt"))
    with open(paths["train"], encoding="utf-8") as f:
        train_words = {tok["text"] for s in json.load(f) for tok in s}
    results = {}
    for name in ("heldout", "select"):
        with open(paths[name], encoding="utf-8") as f:
            data = json.load(f)
        t0 = time.time()
        doc = nlp([[tok["text"] for tok in s] for s in data])
        seconds = time.time() - t0
        pred = [[tok.ner for tok in s.tokens] for s in doc.sentences]
        gold = [[tok["ner"] for tok in s] for s in data]
        assert [len(p) for p in pred] == [len(g) for g in gold], "token counts differ"
        results[name] = score(gold, pred)
        results[name]["sentences"] = len(data)
        # how much of the task is names never seen in training (the vectors cover part of them)
        entity_tokens = [tok["text"] for s in data for tok in s if outer(tok["ner"]) != "O"]
        results[name]["entity_tokens_unseen_in_train"] = round(
            100 * sum(1 for t in entity_tokens if t not in train_words) / max(1, len(entity_tokens)), 1)
        results[name]["words_per_second"] = round(sum(len(g) for g in gold) / seconds, 1)
        log(f"{name}: {json.dumps(results[name])}")
    return results


def ship(model_fp32, paths, work, out, threads, train_seconds):
    staging = os.path.join(work, "ner", "staging")
    os.makedirs(staging, exist_ok=True)
    for f in ("pretrain.pt", "resources.json"):
        shutil.copy2(os.path.join(out, f), os.path.join(staging, f))
    save_half(model_fp32, os.path.join(staging, "ner.pt"))
    results = evaluate(staging, paths, threads)
    shutil.copy2(os.path.join(staging, "ner.pt"), os.path.join(out, "ner.pt.new"))
    os.replace(os.path.join(out, "ner.pt.new"), os.path.join(out, "ner.pt"))
    scores_path = os.path.join(out, "scores.json")
    with open(scores_path, encoding="utf-8") as f:
        scores = json.load(f)
    scores["ner"] = {
        "heldout": results["heldout"], "select": results["select"],
        "heldout_file": "GermEval 2014 NER-de-dev.tsv (never used for training or selection)",
        "select_file": "GermEval 2014 NER-de-test.tsv, sentences i % 10 == 9 (checkpoint selection)",
        "train_file": "GermEval 2014 NER-de-test.tsv, the other sentences",
        "scoring": "entity-level exact match, outer entities, PER/ORG/LOC/OTH; *deriv/*part counted as O",
        "train_args": TRAIN_ARGS, "train_seconds": train_seconds,
        "size_mb": round(os.path.getsize(os.path.join(out, "ner.pt")) / 1e6, 1),
        "trained": datetime.datetime.now().isoformat(timespec="seconds"),
        "train_command": ".venv/bin/python training/train_ner.py --out provenance/models/de",
    }
    with open(scores_path + ".new", "w", encoding="utf-8") as f:
        json.dump(scores, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(scores_path + ".new", scores_path)
    log(f"ship: {out}/ner.pt, scores in {scores_path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="model dir, e.g. provenance/models/de")
    ap.add_argument("--work", default=os.path.join(REPO, "training", "work"), help="scratch dir")
    ap.add_argument("--threads", type=int, default=1, help="torch threads")
    ap.add_argument("--stages", default="prepare,train,ship",
                    help="comma-separated subset of prepare,train,ship")
    ap.add_argument("--train-seconds", type=float, default=None,
                    help="training time to record when 'ship' runs without 'train'")
    args = ap.parse_args()
    stages = set(args.stages.split(","))
    pretrain = os.path.join(os.path.abspath(args.out), "pretrain.pt")
    if not os.path.exists(pretrain):
        sys.exit(f"error: {pretrain} not found (the NER model reuses the parser's word vectors)")
    if not os.path.isdir(DATA):
        sys.exit(f"error: {DATA} not found (GermEval 2014 data)")
    paths = prepare(args.work) if "prepare" in stages else {
        n: os.path.join(args.work, "ner", f"{SHORT}.{n}.json") for n in ("train", "select", "heldout")}
    model_fp32 = os.path.join(args.work, "ner", "models", "ner_fp32.pt")
    train_seconds = args.train_seconds
    if "train" in stages:
        t0 = time.time()
        model_fp32 = train(paths, args.work, pretrain, args.threads)
        train_seconds = round(time.time() - t0, 1)
    if "ship" in stages:
        ship(model_fp32, paths, args.work, os.path.abspath(args.out), args.threads, train_seconds)


if __name__ == "__main__":
    main()
