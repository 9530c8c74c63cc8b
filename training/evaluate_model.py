#!/usr/bin/env python
"""Evaluate a bundled German Stanza model directory end to end from raw text.

Usage (from the repository root):

    .venv/bin/python training/evaluate_model.py provenance/models/de \
        [--heldout training/work/full/ud/UD_German-Prov/de_prov-ud-test.conllu] \
        [--news-dev ../shared/data/wikinews-quotes/dev.jsonl] [--show-errors 40] [--no-write]

* held-out: the raw text of the held-out UD test part (sentences joined by a
  space, as running text) is run through tokenize,mwt,pos,lemma,depparse and
  scored with the CoNLL 2018 UD evaluation (udtools.udeval, via Stanza):
  token F1, sentence F1, word F1, UPOS, XPOS, UFeats, lemma, UAS, LAS (all F1,
  i.e. end to end; for tags/lemmas/arcs over aligned words).
* news_dev: every article's `originalText` of wikinews-quotes/dev.jsonl is run
  through tokenize,mwt; token and sentence (charBegin, charEnd) sets are
  compared with the gold `tokens` / `sentences` (trailing/leading whitespace of
  a gold span is trimmed first) -> precision, recall, F1.

Writes <model dir>/scores.json (unless --no-write).
"""

import argparse
import datetime
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def build_pipeline(model_dir, processors):
    import stanza
    d = os.path.abspath(model_dir)
    kw = dict(lang="de", dir=d, download_method=None, allow_unknown_language=True,
              processors=processors, logging_level="WARN",
              tokenize_model_path=os.path.join(d, "tokenize.pt"),
              mwt_model_path=os.path.join(d, "mwt.pt"),
              pos_model_path=os.path.join(d, "pos.pt"),
              pos_pretrain_path=os.path.join(d, "pretrain.pt"),
              lemma_model_path=os.path.join(d, "lemma.pt"),
              depparse_model_path=os.path.join(d, "depparse.pt"),
              depparse_pretrain_path=os.path.join(d, "pretrain.pt"))
    return stanza.Pipeline(**kw)


# ---------------------------------------------------------------------------
# held-out UD test part
# ---------------------------------------------------------------------------
def conllu_to_raw(path):
    """Running text of a CoNLL-U file: tokens joined per SpaceAfter, sentences by one space."""
    return " ".join(conllu_sentences(path))


def conllu_sentence_spans(path, text):
    """(start, end) of every gold sentence in conllu_to_raw(path)'s text."""
    spans, pos = [], 0
    for sent in conllu_sentences(path):
        spans.append((pos, pos + len(sent)))
        pos += len(sent) + 1
    return spans if pos - 1 == len(text) else None


def conllu_sentences(path):
    """The surface text of every sentence of a CoNLL-U file."""
    sents = []
    cur = []
    skip_until = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if cur:
                    sents.append("".join(cur).strip())
                cur = []
                skip_until = 0
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                a, b = cols[0].split("-")
                skip_until = int(b)
            elif int(cols[0]) <= skip_until:
                continue
            cur.append(cols[1])
            if "SpaceAfter=No" not in cols[9]:
                cur.append(" ")
    if cur:
        sents.append("".join(cur).strip())
    return sents


def eval_heldout(model_dir, gold_path):
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL
    text = conllu_to_raw(gold_path)
    sys.path.insert(0, REPO)
    from provenance.parsing import segment
    nlp = build_pipeline(model_dir, "tokenize,mwt,pos,lemma,depparse")
    t0 = time.time()
    # the package's path: segment() (tokenize, mwt, sentence repairs), then the tagger and parser
    doc = nlp.process(segment(nlp, [text]), processors="pos,lemma,depparse")[0]
    dt = time.time() - t0
    raw_sentences = [trim(text, s.tokens[0].start_char, s.tokens[-1].end_char)
                     for s in nlp.process(text, processors="tokenize,mwt").sentences]
    nwords = sum(len(s.words) for s in doc.sentences)
    with tempfile.NamedTemporaryFile("w", suffix=".conllu", delete=False, encoding="utf-8") as f:
        CoNLL.write_doc2conll(doc, f)
        pred = f.name
    ev = ud_scores(gold_path, pred)
    os.unlink(pred)
    res = {}
    for key, name in [("Tokens", "tokens_f1"), ("Sentences", "sentences_f1"), ("Words", "words_f1"),
                      ("UPOS", "upos"), ("XPOS", "xpos"), ("UFeats", "ufeats"), ("Lemmas", "lemma"),
                      ("UAS", "uas"), ("LAS", "las"), ("CLAS", "clas")]:
        res[name] = round(100 * ev[key].f1, 2)
    # accuracies over aligned words (independent of tokenisation errors)
    for key, name in [("UPOS", "upos_aligned_acc"), ("Lemmas", "lemma_aligned_acc"), ("LAS", "las_aligned_acc")]:
        acc = ev[key].aligned_accuracy
        if acc is not None:
            res[name] = round(100 * acc, 2)
    # raw Stanza's sentence split, for comparison: the same score on the unrepaired split
    gold_sents = conllu_sentence_spans(gold_path, text)
    if gold_sents is not None:
        res["sentences_f1_raw_stanza"] = prf(set(gold_sents), set(raw_sentences))[2]
    res["measured_through"] = "provenance.parsing.segment (the shipped sentence repairs)"
    res["gold_sentences"] = ev["Sentences"].gold_total
    res["gold_words"] = ev["Words"].gold_total
    res["words_per_second"] = round(nwords / dt, 1)
    return res


# ---------------------------------------------------------------------------
# news dev: token / sentence boundaries against char offsets
# ---------------------------------------------------------------------------
def trim(text, b, e):
    while b < e and text[b].isspace():
        b += 1
    while e > b and text[e - 1].isspace():
        e -= 1
    return (b, e)


def prf(gold, pred):
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(100 * p, 2), round(100 * r, 2), round(100 * f, 2)


def merge_hyphen_tokens(text, spans):
    """Join tokens that UD German splits at intra-word hyphens ("US-Regierung" -> US, -, Regierung).

    The news gold keeps such compounds as one token; this gives a convention-neutral token score."""
    out = []
    for b, e in spans:
        if out:
            pb, pe = out[-1]
            prev_txt, cur_txt = text[pb:pe], text[b:e]
            if pe == b and ((cur_txt == "-" and prev_txt[-1:].isalnum()) or
                            (prev_txt.endswith("-") and cur_txt[:1].isalnum())):
                out[-1] = (pb, e)
                continue
        out.append((b, e))
    return out


def boundary_category(text, e, missed):
    """Rough class of a sentence-boundary error at char offset e (end of the left sentence)."""
    left = text[max(0, e - 30):e]
    right = text[e:e + 30]
    lstrip = left.rstrip()
    last = lstrip[-1:] if lstrip else ""
    rnext = right.lstrip()[:1]
    import re
    if "\n" in right[:2] or "\n" in left[-2:]:
        return "at line break"
    if last == ";":
        return "semicolon"
    if last == ":":
        return "colon" + (" + quote" if rnext and rnext in "„\"»«‚" else "")
    if last in "“\"»«" or (rnext and rnext in "“\"»«"):
        return "closing/opening quote"
    if last == ")" or rnext == ")":
        return "parenthesis"
    if last == ".":
        m = re.search(r"(\S+)\.$", lstrip)
        word = m.group(1) if m else ""
        if re.fullmatch(r"\d+", word):
            return "number/ordinal + period (date)"
        if re.fullmatch(r"[A-ZÄÖÜ]", word) or re.fullmatch(r"([A-Za-zÄÖÜäöü]\.)+[A-Za-zÄÖÜäöü]", word):
            return "initial/abbreviation (J.P., W.)"
        if len(word) <= 5 and word[:1].isalpha():
            return "short word + period (Dr., Prof., bzw.)"
        return "period (other)"
    if last in "!?":
        return "!/?"
    return "no punctuation"


# --- simple post-processing of sentence boundaries, measured as an extra score -------------
# (a suggestion for the parsing layer; not part of the Stanza model itself)
ABBREVIATIONS = {
    "dr", "prof", "st", "nr", "bzw", "ca", "vgl", "ggf", "evtl", "inkl", "zzgl", "abs", "art", "bd",
    "mio", "mrd", "tsd", "jh", "jhd", "hr", "fr", "hl", "str", "tel", "usw", "etc", "u.a", "z.b", "d.h",
    "u.ä", "o.ä", "z.t", "v.a", "i.d.r", "s.o", "s.u", "u.u", "ev", "e.v", "gmbh", "co", "corp", "inc",
    "jr", "sen", "jun", "max", "min", "mind", "gen", "lt", "sog", "dipl", "ing", "med", "phil", "rer",
    "nat", "em", "ehem", "geb", "gest", "verh", "u.s", "ggü", "v", "vs", "no", "mr", "mrs", "dt", "engl",
    "franz", "ital", "span", "russ", "lat", "griech", "jan", "feb", "febr", "aug", "sept", "okt", "nov", "dez",
}
MONTHS = {"januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "dezember", "jahrhundert", "jahrhunderts", "jh", "mal", "platz", "liga"}
CLOSERS = "“”\"»«’)]"


def sentence_spans(doc, text):
    spans = []
    for s in doc.sentences:
        spans.append(trim(text, s.tokens[0].start_char, s.tokens[-1].end_char))
    return spans


def eval_news(model_dir, path, show_errors=0, nlp=None):
    """Token and sentence boundaries on the news dev articles, measured through the shipped
    parsing layer (provenance.parsing.segment: line-break softening, Stanza tokenize+mwt,
    the package's sentence repairs) -- what every later stage of the package sees. The raw
    Stanza sentence F1 (no repairs) is reported beside it for comparison."""
    sys.path.insert(0, REPO)
    from provenance.parsing import segment
    if nlp is None:
        nlp = build_pipeline(model_dir, "tokenize,mwt")
    arts = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    gt, pt, gs, ps = set(), set(), set(), set()
    pt_merged = set()
    ps_raw = set()
    errors = []
    import collections
    cats = collections.Counter()
    t0 = time.time()
    for ai, a in enumerate(arts):
        text = a["originalText"]
        doc = segment(nlp, [text])[0]
        raw = nlp(text)
        g_tok = {(ai,) + trim(text, t["charBegin"], t["charEnd"]) for t in a["tokens"]}
        p_tok = {(ai,) + trim(text, t.start_char, t.end_char) for s in doc.sentences for t in s.tokens}
        g_sent = [trim(text, s["charBegin"], s["charEnd"]) for s in a["sentences"]]
        p_sent = sentence_spans(doc, text)
        gt |= g_tok
        pt |= p_tok
        p_spans = [trim(text, t.start_char, t.end_char) for s in doc.sentences for t in s.tokens]
        pt_merged |= {(ai,) + x for x in merge_hyphen_tokens(text, p_spans)}
        gs |= {(ai,) + x for x in g_sent}
        ps |= {(ai,) + x for x in p_sent}
        ps_raw |= {(ai,) + x for x in sentence_spans(raw, text)}
        g_ends = {e for _, e in g_sent}
        p_ends = {e for _, e in p_sent}
        for e in sorted(g_ends ^ p_ends):
            missed = e in g_ends
            kind = "MISSED split (gold boundary, model joined)" if missed else "FALSE split (model boundary, gold continues)"
            cat = boundary_category(text, e, missed)
            cats[("missed: " if missed else "false: ") + cat] += 1
            ctx = text[max(0, e - 60):e] + " ||| " + text[e:e + 40]
            errors.append((kind + " [" + cat + "]", a.get("documentName", ai), ctx.replace("\n", "\\n")))
    dt = time.time() - t0
    res = {"measured_through": "provenance.parsing.segment (the shipped sentence repairs)"}
    res["token_p"], res["token_r"], res["token_f1"] = prf(gt, pt)
    res["token_f1_hyphen_merged"] = prf(gt, pt_merged)[2]
    res["sentence_p"], res["sentence_r"], res["sentence_f1"] = prf(gs, ps)
    res["sentence_f1_raw_stanza"] = prf(gs, ps_raw)[2]
    res["boundary_errors"] = dict(cats.most_common())
    res["articles"] = len(arts)
    res["gold_sentences"] = len(gs)
    res["gold_tokens"] = len(gt)
    res["seconds"] = round(dt, 1)
    if show_errors:
        print("\n==== news sentence-boundary mismatches: %d (showing %d) ====" % (len(errors), min(show_errors, len(errors))))
        for kind, name, ctx in errors[:show_errors]:
            print("%s  {%s}\n    %s" % (kind, name, ctx))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_dir")
    ap.add_argument("--heldout", default=os.path.join(REPO, "training", "work", "full", "ud", "UD_German-Prov",
                                                      "de_prov-ud-test.conllu"),
                    help="gold held-out CoNLL-U (made by train_model.py)")
    ap.add_argument("--news-dev", default=os.path.join(REPO, "..", "shared", "data", "wikinews-quotes", "dev.jsonl"))
    ap.add_argument("--train-info", default=None, help="train_info.json written by train_model.py")
    ap.add_argument("--show-errors", type=int, default=0, help="print this many news sentence-boundary mismatches")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch CPU threads (1 avoids heavy slow-downs when other processes use the CPU)")
    args = ap.parse_args()
    import torch
    torch.set_num_threads(args.threads)

    import stanza
    scores = {}
    if os.path.exists(args.heldout):
        scores["heldout"] = eval_heldout(args.model_dir, args.heldout)
        scores["heldout"]["file"] = os.path.basename(args.heldout)
        print("held-out:", json.dumps(scores["heldout"]))
    else:
        print("held-out file %s not found, skipping" % args.heldout, file=sys.stderr)
    if os.path.exists(args.news_dev):
        scores["news_dev"] = eval_news(args.model_dir, args.news_dev, args.show_errors)
        print("news dev:", json.dumps(scores["news_dev"]))
    else:
        print("news dev file %s not found, skipping" % args.news_dev, file=sys.stderr)
    scores["stanza_version"] = stanza.__version__
    scores["evaluated"] = datetime.datetime.now().isoformat(timespec="seconds")
    if args.train_info and os.path.exists(args.train_info):
        info = json.load(open(args.train_info))
        scores["trained"] = info.get("finished")
        scores["train_seconds"] = info.get("train_seconds")
        scores["train_step_seconds"] = info.get("step_seconds")
        scores["train_command"] = info.get("command")
        scores["quick"] = info.get("quick")
    else:
        old = os.path.join(args.model_dir, "scores.json")
        if os.path.exists(old):
            prev = json.load(open(old))
            for k in ("trained", "train_seconds", "train_step_seconds", "train_command", "quick"):
                if k in prev:
                    scores[k] = prev[k]
    old = os.path.join(args.model_dir, "scores.json")
    if os.path.exists(old):
        prev = json.load(open(old))
        if "ner" in prev:
            scores["ner"] = prev["ner"]  # written by training/train_ner.py
    if not args.no_write:
        with open(os.path.join(args.model_dir, "scores.json"), "w") as f:
            json.dump(scores, f, indent=2)
            f.write("\n")
        print("wrote", os.path.join(args.model_dir, "scores.json"))


if __name__ == "__main__":
    main()
