#!/usr/bin/env python
"""Rebuild the bundled German Stanza model (provenance/models/de/) offline.

Usage (from the repository root):

    .venv/bin/python training/train_model.py --out provenance/models/de [--work DIR] [--quick]

Steps (all offline, nothing is downloaded):
  1. deterministic split of every sentence of ../shared/data/ud-german/*.conllu
     (GSD dev, GSD test, PUD test in that order; sentence i -> test if i % 10 == 9,
     dev if i % 20 == 4, train otherwise) into
     $WORK/ud/UD_German-Prov/de_prov-ud-{train,dev,test}.conllu
  2. word vectors: gensim skip-gram (100 dims, lowercased) on the TRAIN words only,
     word2vec text format -> Stanza Pretrain (pretrain.pt)
  3. Stanza's own entry points: stanza.utils.datasets.prepare_*_treebank and
     stanza.utils.training.run_* for tokenize (+ sentence split), mwt, pos
     (UPOS/XPOS/feats), lemma (gold tags) and depparse (trained on tags predicted
     by our own tagger), always with --no_charlm and the local pretrain.
     BiaffineScorer.forward is swapped for an einsum version during training
     only (30x faster backward on CPU; identical parameters, so stock Stanza
     loads the saved models).
     The tokenizer trains on a copy of the split adapted to German running text
     (UD_German-ProvTok: `` '' -> „ “, sentences ending in ':' joined with the next,
     sentences split after '; '), see build_tokenizer_treebank().
  4. the models are copied into $WORK/<full|quick>/staging (tagger, lemmatizer and parser
     weights as float16), evaluated there with training/evaluate_model.py (writes
     scores.json), then copied to OUT.new and renamed over --out, so --out never
     holds a half-written model.

Two training chains run in parallel, one CPU thread each:
  A: pos -> (retag train/dev with our tagger) -> depparse
  B: tokenize -> mwt -> lemma
Safety net: with a time budget (default 110 min for the full run) a stage that would overrun
its share of the budget on a loaded machine stops early and keeps its best dev checkpoint
(tagger at 42 %, tokenizer at 40 %, parser: second optimiser at 80 %, stop at 95 %).
On an idle 2-core machine the fixed step counts below finish in about 95 minutes.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TB = "UD_German-Prov"
SHORT = "de_prov"
SOURCE_FILES = ["de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu", "de_pud-ud-test.conllu"]

# ---------------------------------------------------------------------------
# hyper-parameters
# ---------------------------------------------------------------------------
FULL = {
    # second run: the tagger and the parser were still improving when the first run's budget
    # stopped them (tagger at step 2200, parser at 1900), so both train longer here; on an
    # idle 2-core machine the run takes about 95 minutes (chain A, tagger then parser).
    "w2v_epochs": 30,
    "tokenize": ["--steps", "2500", "--eval_steps", "250", "--batch_size", "32",
                 "--max_steps_before_stop", "1250"],
    "mwt": ["--num_epoch", "30"],
    # char_hidden_dim 150 / deep_biaff_hidden_dim 200 instead of 400 / 400: the char LSTM and the
    # XPOS biaffine (two XPOS tag sets) dominate CPU time and model size
    "pos": ["--hidden_dim", "200", "--char_hidden_dim", "150", "--deep_biaff_hidden_dim", "200",
            "--batch_size", "32", "--max_steps", "3400", "--eval_interval", "200", "--fix_eval_interval",
            "--max_steps_before_stop", "1200"],
    "lemma": ["--num_epoch", "8", "--batch_size", "50"],
    # --no_xpos: the training data mixes two XPOS tag sets (GSD STTS, PUD PTB-like)
    "depparse": ["--hidden_dim", "200", "--char_hidden_dim", "100", "--deep_biaff_hidden_dim", "200",
                 "--batch_size", "1000", "--max_steps", "3000", "--eval_interval", "200",
                 "--max_steps_before_stop", "1200", "--second_optim_start_step", "1800", "--no_xpos"],
}
QUICK = {
    "w2v_epochs": 5,
    "tokenize": ["--steps", "200", "--eval_steps", "100", "--batch_size", "32"],
    "mwt": ["--num_epoch", "3"],
    "pos": ["--hidden_dim", "128", "--char_hidden_dim", "100", "--batch_size", "32",
            "--max_steps", "150", "--eval_interval", "75", "--fix_eval_interval"],
    "lemma": ["--num_epoch", "1", "--batch_size", "50"],
    "depparse": ["--hidden_dim", "128", "--char_hidden_dim", "100", "--deep_biaff_hidden_dim", "128",
                 "--batch_size", "1000", "--max_steps", "150", "--eval_interval", "75",
                 "--second_optim_start_step", "100", "--no_xpos"],
}


def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


# ---------------------------------------------------------------------------
# hidden sub-command: run one stanza entry point with the einsum patch
# ---------------------------------------------------------------------------
def patch_biaffine():
    """Replace nn.Bilinear in BiaffineScorer by the identical einsum (fast backward on CPU)."""
    import torch
    from stanza.models.common import biaffine

    def forward(self, input1, input2):
        input1 = torch.cat([input1, input1.new_ones(*input1.size()[:-1], 1)], len(input1.size()) - 1)
        input2 = torch.cat([input2, input2.new_ones(*input2.size()[:-1], 1)], len(input2.size()) - 1)
        out = torch.einsum('...i,oij,...j->...o', input1, self.W_bilin.weight, input2)
        return out + self.W_bilin.bias

    biaffine.BiaffineScorer.forward = forward


def install_deadline():
    """Wall-clock budget for a training stage (PROV_DEADLINE / PROV_SECOND_AT, epoch seconds).

    Captures the args dict of the stanza trainer (train mode only) and, from a watchdog
    thread, lowers the limits that the training loops re-read at every step/eval:
    PROV_SECOND_AT: parser switches to its second optimizer (second_optim_start_step=0);
    PROV_DEADLINE: tagger/parser stop (max_steps=0), tokenizer stops at its next dev
    evaluation that is not a new best (max_steps_before_stop=-1).  The best dev
    checkpoint saved so far is kept, so a loaded machine yields a shorter but valid run."""
    deadline = float(os.environ.get("PROV_DEADLINE", "0") or 0)
    second_at = float(os.environ.get("PROV_SECOND_AT", "0") or 0)
    if not deadline and not second_at:
        return
    import importlib
    captured = []

    for modname in ("stanza.models.tagger", "stanza.models.parser", "stanza.models.tokenizer"):
        mod = importlib.import_module(modname)
        orig = mod.parse_args

        def wrapped(args=None, _orig=orig):
            res = _orig(args=args)
            if isinstance(res, dict) and res.get("mode") == "train":
                captured.append(res)
            return res
        mod.parse_args = wrapped

    def watchdog():
        done_second = False
        while True:
            now = time.time()
            if second_at and not done_second and now >= second_at:
                for a in captured:
                    if "second_optim_start_step" in a:
                        a["second_optim_start_step"] = 0
                done_second = True
                print("[train_model] time budget: forcing second optimizer now", file=sys.stderr, flush=True)
            if deadline and now >= deadline:
                for a in captured:
                    if "max_steps" in a:
                        a["max_steps"] = 0
                    if "steps" in a:
                        a["max_steps_before_stop"] = -1
                print("[train_model] time budget reached: stopping training (best dev checkpoint is kept)",
                      file=sys.stderr, flush=True)
                return
            time.sleep(2)

    threading.Thread(target=watchdog, daemon=True).start()


def run_stanza_module(module, argv):
    import runpy
    import torch
    torch.set_num_threads(int(os.environ.get("PROV_THREADS", "1")))
    patch_biaffine()
    install_deadline()
    sys.argv = [module] + argv
    runpy.run_module(module, run_name="__main__", alter_sys=True)


# ---------------------------------------------------------------------------
# data split
# ---------------------------------------------------------------------------
def read_blocks(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    blocks = [b for b in text.split("\n\n") if b.strip()]
    return [b.strip("\n") for b in blocks]


def clean_block(block):
    # drop document / paragraph markers: the split breaks documents apart anyway
    lines = [l for l in block.split("\n") if not l.startswith("# newdoc") and not l.startswith("# newpar")]
    return "\n".join(lines)


def split_data(ud_dir, udbase):
    sents = []
    for name in SOURCE_FILES:
        path = os.path.join(ud_dir, name)
        if not os.path.exists(path):
            raise SystemExit("missing %s" % path)
        sents.extend(clean_block(b) for b in read_blocks(path))
    parts = {"train": [], "dev": [], "test": []}
    for i, s in enumerate(sents):
        if i % 10 == 9:
            parts["test"].append(s)
        elif i % 20 == 4:
            parts["dev"].append(s)
        else:
            parts["train"].append(s)
    out_dir = os.path.join(udbase, TB)
    os.makedirs(out_dir, exist_ok=True)
    for part, ss in parts.items():
        with open(os.path.join(out_dir, "%s-ud-%s.conllu" % (SHORT, part)), "w", encoding="utf-8") as f:
            for s in ss:
                f.write(s + "\n\n")
    log("split %d sentences: %s" % (len(sents), {k: len(v) for k, v in parts.items()}))
    return parts


# ---------------------------------------------------------------------------
# tokenizer-only treebank: German running-text conventions
# ---------------------------------------------------------------------------
TBTOK = "UD_German-ProvTok"
SHORTTOK = "de_provtok"


def parse_sentence(block):
    comments = [l for l in block.split("\n") if l.startswith("#")]
    rows = [l.split("\t") for l in block.split("\n") if l and not l.startswith("#")]
    return comments, rows


def sentence_text(rows):
    """Surface text from token rows (MWT ranges replace their words), honouring SpaceAfter=No."""
    out = []
    skip_until = 0
    for r in rows:
        if "." in r[0]:
            continue
        if "-" in r[0]:
            skip_until = int(r[0].split("-")[1])
        elif int(r[0]) <= skip_until:
            continue
        out.append(r[1])
        if "SpaceAfter=No" not in r[9]:
            out.append(" ")
    return "".join(out).strip()


def set_space_after(row, space):
    misc = [m for m in row[9].split("|") if m and m != "_" and not m.startswith("SpaceAfter=")]
    if not space:
        misc.append("SpaceAfter=No")
    row[9] = "|".join(misc) if misc else "_"


def renumber(rows, offset, root_target=None):
    """Shift ids/heads by offset; heads 0 -> root_target (deprel parataxis) if given."""
    new = []
    for r in rows:
        r = list(r)
        if "-" in r[0]:
            a, b = r[0].split("-")
            r[0] = "%d-%d" % (int(a) + offset, int(b) + offset)
        elif "." in r[0]:
            a, b = r[0].split(".")
            r[0] = "%d.%s" % (int(a) + offset, b)
            r[8] = "_"
        else:
            r[0] = str(int(r[0]) + offset)
            if r[6] == "0" and root_target is not None:
                r[6] = str(root_target)
                r[7] = "parataxis"
            elif r[6] not in ("_", "0"):
                r[6] = str(int(r[6]) + offset)
            r[8] = "_"
        new.append(r)
    return new


def merge_sentences(a, b):
    ca, ra = a
    cb, rb = b
    words_a = [r for r in ra if r[0].isdigit()]
    n = max(int(r[0]) for r in words_a)
    root = next(r[0] for r in words_a if r[6] == "0")
    ra = [list(r) for r in ra]
    set_space_after(ra[-1], True)
    rows = ra + renumber(rb, n, int(root))
    comments = [c for c in ca if not c.startswith("# text")] + ["# text = " + sentence_text(rows)]
    return comments, rows


def split_at_semicolons(sent):
    """Split a sentence after each word ';' that is followed by at least 3 more words
    (the news gold ends sentences at '; ').  Trees are repaired per piece: the first word whose
    head lies outside the piece becomes its root, other such words attach to it (dep)."""
    comments, rows = sent
    words = [r for r in rows if r[0].isdigit()]
    cuts = []
    for i, r in enumerate(words):
        if r[1] == ";" and len(words) - i - 1 >= 3 and i >= 2:
            cuts.append(int(r[0]))
    if not cuts:
        return [sent]
    # do not cut inside a multi-word token
    ranges = [tuple(int(x) for x in r[0].split("-")) for r in rows if "-" in r[0]]
    cuts = [c for c in cuts if not any(a <= c < b for a, b in ranges)]
    bounds = [0] + cuts + [int(words[-1][0])]
    pieces = []
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        prow = []
        for r in rows:
            if "-" in r[0]:
                a, b = (int(x) for x in r[0].split("-"))
                if lo < a <= hi:
                    prow.append(list(r))
            elif "." in r[0]:
                continue
            elif lo < int(r[0]) <= hi:
                prow.append(list(r))
        inside = {int(r[0]) for r in prow if r[0].isdigit()}
        root = None
        for r in prow:
            if not r[0].isdigit():
                continue
            h = int(r[6])
            if h == 0 or h not in inside:
                if root is None:
                    root = int(r[0])
                    r[6], r[7] = "0", "root"
                else:
                    r[6], r[7] = str(root), "dep"
        prow = renumber(prow, -lo)
        set_space_after(prow[-1], True)
        c = [x for x in comments if not x.startswith("# text") and not x.startswith("# sent_id")]
        sid = next((x for x in comments if x.startswith("# sent_id")), "# sent_id = s")
        c = [sid + "-%d" % (k + 1)] + c + ["# text = " + sentence_text(prow)]
        pieces.append((c, prow))
    return pieces


QUOTE_STYLES = [("„", "“")] * 8 + [('"', '"'), ("``", "''")]


def convert_quotes(sent, idx):
    """GSD writes quotes as `` ''; German running text uses „ “ (or straight quotes)."""
    comments, rows = sent
    op, cl = QUOTE_STYLES[idx % len(QUOTE_STYLES)]
    if op == "``":
        return sent
    rows = [list(r) for r in rows]
    changed = False
    for r in rows:
        if r[1] == "``":
            r[1] = op
            changed = True
        elif r[1] == "''":
            r[1] = cl
            changed = True
    if not changed:
        return sent
    comments = [c for c in comments if not c.startswith("# text")] + ["# text = " + sentence_text(rows)]
    return comments, rows


def build_tokenizer_treebank(udbase):
    """Copy of the split for the tokenizer only, closer to German news running text:
    `` '' -> „ “ (80 %) or " (10 %); a sentence ending in ':' is joined with the next one
    (news keeps 'X sagte: „…“' in one sentence); sentences are split after '; '."""
    stats = {}
    out_dir = os.path.join(udbase, TBTOK)
    os.makedirs(out_dir, exist_ok=True)
    for part in ("train", "dev", "test"):
        blocks = read_blocks(os.path.join(udbase, TB, "%s-ud-%s.conllu" % (SHORT, part)))
        sents = [parse_sentence(b) for b in blocks]
        sents = [convert_quotes(s, i) for i, s in enumerate(sents)]
        merged = []
        n_colon = 0
        for s in sents:
            if merged and merged[-1][1] and [r for r in merged[-1][1] if r[0].isdigit()][-1][1] == ":":
                merged[-1] = merge_sentences(merged[-1], s)
                n_colon += 1
            else:
                merged.append(s)
        final = []
        for s in merged:
            final.extend(split_at_semicolons(s))
        with open(os.path.join(out_dir, "%s-ud-%s.conllu" % (SHORTTOK, part)), "w", encoding="utf-8") as f:
            for c, rows in final:
                f.write("\n".join(c + ["\t".join(r) for r in rows]) + "\n\n")
        stats[part] = {"sentences": len(final), "colon_joins": n_colon, "semicolon_splits": len(final) - len(merged)}
    log("tokenizer treebank %s: %s" % (TBTOK, stats))
    return stats


# ---------------------------------------------------------------------------
# word vectors
# ---------------------------------------------------------------------------
def build_vectors(train_conllu, work, epochs):
    from gensim.models import Word2Vec
    sents = []
    with open(train_conllu, encoding="utf-8") as f:
        cur = []
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur:
                    sents.append(cur)
                cur = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            cur.append(cols[1].lower())
        if cur:
            sents.append(cur)
    model = Word2Vec(sentences=sents, vector_size=100, sg=1, window=5, min_count=1,
                     epochs=epochs, workers=1, seed=1234,
                     hashfxn=lambda s: zlib.crc32(s.encode("utf-8")))
    vec_path = os.path.join(work, "wordvec", "de_prov.vec.txt")
    os.makedirs(os.path.dirname(vec_path), exist_ok=True)
    model.wv.save_word2vec_format(vec_path, binary=False)
    pt_path = os.path.join(work, "wordvec", "de_prov.pretrain.pt")
    if os.path.exists(pt_path):
        os.remove(pt_path)
    from stanza.models.common.pretrain import Pretrain
    pt = Pretrain(pt_path, vec_path)
    pt.load()
    log("word vectors: %d words from %d train sentences -> %s" % (len(model.wv), len(sents), pt_path))
    return pt_path


def save_half(src, dst):
    """Store the float weights of a Stanza checkpoint as float16 (halves the size).
    Stanza's load_state_dict copies them into its float32 modules, so stock Stanza loads
    the file unchanged and predictions are the same (checked: identical held-out scores)."""
    import torch
    d = torch.load(src, map_location="cpu", weights_only=False)
    d["model"] = {k: (v.half() if torch.is_floating_point(v) else v) for k, v in d["model"].items()}
    torch.save(d, dst)


# ---------------------------------------------------------------------------
# orchestration
# ---------------------------------------------------------------------------
class Runner:
    def __init__(self, work, threads):
        self.work = work
        self.threads = threads
        self.times = {}
        self.env = dict(os.environ)
        self.env.update({
            "UDBASE": os.path.join(work, "ud"),
            "DATA_ROOT": os.path.join(work, "data"),
            "STANZA_RESOURCES_DIR": os.path.join(work, "stanza_resources"),
            "PROV_THREADS": str(threads),
            "OMP_NUM_THREADS": str(threads),
            "MKL_NUM_THREADS": str(threads),
            "PYTHONHASHSEED": "0",
        })
        self.logdir = os.path.join(work, "logs")
        os.makedirs(self.logdir, exist_ok=True)

    def stanza(self, name, module, args, deadline=None, second_at=None):
        cmd = [sys.executable, os.path.abspath(__file__), "_stanza", module] + args
        env = dict(self.env)
        env["PROV_DEADLINE"] = str(deadline or 0)
        env["PROV_SECOND_AT"] = str(second_at or 0)
        logf = os.path.join(self.logdir, name + ".log")
        log("start %s: %s (log %s)" % (name, " ".join([module] + args), logf))
        t0 = time.time()
        with open(logf, "w") as out:
            rc = subprocess.call(cmd, cwd=self.work, env=env, stdout=out, stderr=subprocess.STDOUT)
        dt = time.time() - t0
        self.times[name] = round(dt, 1)
        if rc != 0:
            raise RuntimeError("%s failed (rc %d), see %s" % (name, rc, logf))
        log("done %s in %.1f s" % (name, dt))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "_stanza":
        run_stanza_module(sys.argv[2], sys.argv[3:])
        return

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="model dir to (re)place, e.g. provenance/models/de")
    ap.add_argument("--work", default=os.path.join(REPO, "training", "work"), help="scratch dir")
    ap.add_argument("--ud-dir", default=os.path.join(REPO, "..", "shared", "data", "ud-german"))
    ap.add_argument("--news-dev", default=os.path.join(REPO, "..", "shared", "data", "wikinews-quotes", "dev.jsonl"))
    ap.add_argument("--quick", action="store_true", help="tiny smoke-test model (a few minutes)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads per training chain")
    ap.add_argument("--sequential", action="store_true", help="run the two chains one after another")
    ap.add_argument("--no-eval", action="store_true", help="skip evaluation (scores.json)")
    ap.add_argument("--budget-minutes", type=float, default=None,
                    help="wall-clock budget for training (default 110 for the full run, none for --quick); "
                         "stages stop early (keeping their best dev checkpoint) when a loaded machine "
                         "would overrun it; 0 disables")
    args = ap.parse_args()

    t_start = time.time()
    hp = QUICK if args.quick else FULL
    work = os.path.abspath(os.path.join(args.work, "quick" if args.quick else "full"))
    out = os.path.abspath(args.out)
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    log("work dir %s" % work)

    udbase = os.path.join(work, "ud")
    split_data(os.path.abspath(args.ud_dir), udbase)
    tok_stats = build_tokenizer_treebank(udbase)
    t0 = time.time()
    pretrain = build_vectors(os.path.join(udbase, TB, SHORT + "-ud-train.conllu"), work, hp["w2v_epochs"])
    r = Runner(work, args.threads)
    r.times["wordvec"] = round(time.time() - t0, 1)

    models = os.path.join(work, "models")
    os.makedirs(models, exist_ok=True)
    common = ["--no_charlm", "--force"]
    wv = ["--wordvec_pretrain_file", pretrain]
    paths = {
        "tokenize": os.path.join(models, "tokenize.pt"),
        "mwt": os.path.join(models, "mwt.pt"),
        "pos": os.path.join(models, "pos.pt"),
        "lemma": os.path.join(models, "lemma.pt"),
        "depparse": os.path.join(models, "depparse.pt"),
    }

    budget = args.budget_minutes
    if budget is None:
        budget = 0 if args.quick else 110
    def at(frac):
        return t_start + frac * budget * 60 if budget else None
    # stage deadlines as fractions of the budget (chain A: pos, depparse; chain B: tokenizer)
    dl = {"pos": at(0.42), "depparse_second": at(0.80), "depparse": at(0.95), "tokenize": at(0.40)}

    def save(name):
        return ["--save_dir", models, "--save_name", os.path.basename(paths[name])]

    def chain_a():
        r.stanza("prepare_pos", "stanza.utils.datasets.prepare_pos_treebank", [TB])
        r.stanza("train_pos", "stanza.utils.training.run_pos",
                 [TB] + common + wv + save("pos") + hp["pos"], deadline=dl["pos"])
        # the parser is trained on tags predicted by our own tagger
        r.stanza("prepare_depparse", "stanza.utils.datasets.prepare_depparse_treebank",
                 [TB, "--predicted", "--tagger_model", paths["pos"], "--no_charlm"] + wv)
        r.stanza("train_depparse", "stanza.utils.training.run_depparse",
                 [TB] + common + wv + save("depparse") + hp["depparse"],
                 deadline=dl["depparse"], second_at=dl["depparse_second"])

    def chain_b():
        r.stanza("prepare_tokenize", "stanza.utils.datasets.prepare_tokenizer_treebank", [TBTOK])
        r.stanza("train_tokenize", "stanza.utils.training.run_tokenizer",
                 [TBTOK] + common + save("tokenize") + hp["tokenize"], deadline=dl["tokenize"])
        r.stanza("prepare_mwt", "stanza.utils.datasets.prepare_mwt_treebank", [TB])
        r.stanza("train_mwt", "stanza.utils.training.run_mwt", [TB, "--force"] + save("mwt") + hp["mwt"])
        r.stanza("prepare_lemma", "stanza.utils.datasets.prepare_lemma_treebank", [TB, "--gold"])
        r.stanza("train_lemma", "stanza.utils.training.run_lemma",
                 [TB] + common + save("lemma") + hp["lemma"])

    errors = []

    def guarded(fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            errors.append(e)
            log("ERROR: %s" % e)

    if args.sequential:
        for c in (chain_b, chain_a):
            if not errors:
                guarded(c)
    else:
        ts = [threading.Thread(target=guarded, args=(c,)) for c in (chain_a, chain_b)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    if errors:
        raise SystemExit("training failed: %s" % errors)
    train_seconds = time.time() - t_start

    # ---- staging dir next to --out, then swap
    parent = os.path.dirname(out)
    os.makedirs(parent, exist_ok=True)
    staging = os.path.join(work, "staging")
    if os.path.exists(staging):
        shutil.rmtree(staging)
    os.makedirs(staging)
    for name, p in paths.items():
        dst = os.path.join(staging, name + ".pt")
        if name in ("pos", "depparse", "lemma"):
            save_half(p, dst)
        else:
            shutil.copyfile(p, dst)
    shutil.copyfile(pretrain, os.path.join(staging, "pretrain.pt"))
    with open(os.path.join(staging, "resources.json"), "w") as f:
        f.write("{}\n")
    info = {
        "command": " ".join([os.path.relpath(sys.executable, REPO) if sys.executable.startswith(REPO) else sys.executable]
                            + [os.path.relpath(os.path.abspath(__file__), REPO)] + sys.argv[1:]),
        "quick": args.quick,
        "budget_minutes": budget,
        "tokenizer_treebank": tok_stats,
        "train_seconds": round(train_seconds, 1),
        "step_seconds": r.times,
        "hyperparameters": {k: v for k, v in hp.items()},
        "finished": datetime.datetime.now().isoformat(timespec="seconds"),
    }
    with open(os.path.join(work, "train_info.json"), "w") as f:
        json.dump(info, f, indent=2)
    log("training finished in %.1f s: %s" % (train_seconds, r.times))

    if os.path.exists(os.path.join(out, "MODEL_CARD.md")):
        shutil.copyfile(os.path.join(out, "MODEL_CARD.md"), os.path.join(staging, "MODEL_CARD.md"))

    if not args.no_eval:
        cmd = [sys.executable, os.path.join(HERE, "evaluate_model.py"), staging,
               "--heldout", os.path.join(udbase, TB, SHORT + "-ud-test.conllu"),
               "--news-dev", args.news_dev, "--train-info", os.path.join(work, "train_info.json")]
        log("evaluating: %s" % " ".join(cmd))
        t0 = time.time()
        env = dict(os.environ, OMP_NUM_THREADS="1")
        rc = subprocess.call(cmd, env=env)
        if rc != 0:
            raise SystemExit("evaluation failed (rc %d); staging model left in %s" % (rc, staging))
        log("evaluation took %.1f s" % (time.time() - t0))

    # ---- atomic-ish swap: rename old away, rename staging in
    new = out.rstrip("/") + ".new"
    old = out.rstrip("/") + ".old"
    for d in (new, old):
        if os.path.exists(d):
            shutil.rmtree(d)
    shutil.copytree(staging, new)
    if os.path.exists(out):
        os.rename(out, old)
    os.rename(new, out)
    if os.path.exists(old):
        shutil.rmtree(old)
    log("model written to %s (total %.1f s)" % (out, time.time() - t_start))


if __name__ == "__main__":
    main()
