"""int8 dynamic quantisation and batch sizes of the bundled parser: speed and
held-out accuracy, float against int8.

    python benchmarks/quantisation.py [--articles 150] [--repeat 2] [--targets pos,depparse,ner]
                                      [--batches 16:16:500,64:128:3000,128:512:10000] [--no-batches]
                                      [--heldout FILE] [--germeval FILE]

Loads the pipeline as the package does (``provenance.parsing.pipeline``, one
torch thread), then makes int8 copies of the models of ``--targets`` with
``torch.ao.quantization.quantize_dynamic(model, {nn.LSTM, nn.Linear},
dtype=torch.qint8)`` (the LSTMs are fed PackedSequences by Stanza's
HighwayLSTM/PackedLSTM; the dynamic int8 LSTM takes them) and swaps float
and int8 weights in and out of the same pipeline, so both see the same
process and the same machine load:

* speed: the first ``--articles`` WIKINEWS dev texts (parse speed only;
  nothing is scored on them) through the package's path — ``segment``
  (tokenize, mwt, sentence repairs) then pos, lemma, depparse, ner — each
  stage timed; float and int8 runs alternate ``--repeat`` times, the best
  counts. Then batch sizes (``--batches``, each ``TOKENIZE:POS:DEPPARSE``:
  the tokenizer's paragraph batch, the tagger's sentences per batch, the
  parser's words per batch; the package's defaults are 32:32:1000), with
  float weights (``--batch-weights int8`` for the int8 ones).
* held-out UPOS / LAS: the held-out part of the UD split the model was
  trained on (``training/train_model.py``: GSD dev + GSD test + PUD test,
  sentence i with i % 10 == 9; rebuilt in a temporary directory from
  ../shared/data/ud-german unless ``--heldout`` names the file), run as
  ``training/evaluate_model.py`` does (raw text through ``segment``, then
  pos, lemma, depparse; CoNLL 2018 scorer), plus the share of words whose
  UPOS, head and relation int8 and float agree.
* held-out entity F1 (when ner is a target): GermEval 2014 dev, as
  ``training/train_ner.py`` scores it (pretokenized sentences, outer types).

Prints every figure and the load average at the start and the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "wikinews-quotes" / "dev.jsonl"
UD = ROOT.parent / "shared" / "data" / "ud-german"
GERMEVAL_DEV = ROOT.parent / "shared" / "data" / "germeval2014-ner" / "NER-de-dev.tsv"
STAGES = ("pos", "lemma", "depparse", "ner")
QUANTIZED = ("pos", "depparse", "ner")
sys.path.insert(0, str(ROOT / "training"))


def int8_copies(nlp, targets: list[str]) -> dict[str, list]:
    """An int8 copy of every model of ``targets``: torch's dynamic quantisation
    of its LSTM and linear layers (weights stored as int8, activations
    quantised on the fly)."""
    import warnings

    import torch
    from torch import nn

    with warnings.catch_warnings():
        # torch marks torch.ao.quantization deprecated (in favour of torchao, not installed); it works
        warnings.simplefilter("ignore")
        return {name: [torch.ao.quantization.quantize_dynamic(t.model, {nn.LSTM, nn.Linear}, dtype=torch.qint8)
                       for t in trainers(nlp, [name])] for name in targets}


def trainers(nlp, names: list[str]) -> list:
    """The Stanza trainers (each holding one model) of the processors ``names``;
    the entity tagger may hold several."""
    found = []
    for name in names:
        if (processor := nlp.processors.get(name)) is not None:
            found.extend(getattr(processor, "trainers", None) or [processor._trainer])
    return found


@contextlib.contextmanager
def weights(nlp, models: dict[str, list] | None):
    """Run with ``models`` in place of the float ones (None: the float ones)."""
    saved = {name: [t.model for t in trainers(nlp, [name])] for name in (models or {})}
    try:
        for name, replacements in (models or {}).items():
            for trainer, model in zip(trainers(nlp, [name]), replacements):
                trainer.model = model
        yield
    finally:
        for name, originals in saved.items():
            for trainer, model in zip(trainers(nlp, [name]), originals):
                trainer.model = model


@dataclass(frozen=True)
class Batches:
    tokenize: int
    pos: int
    depparse: int

    @classmethod
    def parse(cls, spec: str) -> Batches:
        tokenize, pos, depparse = (int(x) for x in spec.split(":"))
        return cls(tokenize, pos, depparse)

    def __str__(self) -> str:
        return f"{self.tokenize}:{self.pos}:{self.depparse}"


@contextlib.contextmanager
def batches(nlp, sizes: Batches | None):
    """Stanza reads these at processing time: the tokenizer its checkpoint's
    batch_size (``tokenize_batch_size`` does not reach it), the tagger and
    parser their processor config (what ``pos_batch_size`` and
    ``depparse_batch_size`` set)."""
    places = [(nlp.processors["tokenize"]._trainer.args, "tokenize"),
              (nlp.processors["pos"].config, "pos"), (nlp.processors["depparse"].config, "depparse")]
    saved = [(place, place["batch_size"]) for place, _ in places]
    try:
        if sizes is not None:
            for place, field in places:
                place["batch_size"] = getattr(sizes, field)
        yield
    finally:
        for place, value in saved:
            place["batch_size"] = value


@dataclass
class Timing:
    """Seconds per stage: wall clock and this process's CPU time. On a shared
    machine the wall clock counts other programs' turns too; one thread's CPU
    time is the steadier figure of the work done."""

    wall: dict[str, float]
    cpu: dict[str, float]

    def total(self, clock: str = "cpu") -> float:
        return sum(getattr(self, clock).values())


def timed_parse(nlp, texts: list[str], stages=STAGES) -> tuple[list, Timing]:
    """The package's parse path (``parse_many`` without the cache), each stage timed."""
    from provenance.parsing import segment

    timing = Timing({}, {})

    def timed(stage, run):
        wall, cpu = time.perf_counter(), time.process_time()
        out = run()
        timing.wall[stage] = time.perf_counter() - wall
        timing.cpu[stage] = time.process_time() - cpu
        return out

    docs = timed("tokenize+mwt", lambda: segment(nlp, texts))
    for stage in stages:
        if stage in nlp.processors:
            docs = timed(stage, lambda: nlp.process(docs, processors=stage))  # noqa: B023
    return docs, timing


def words_of(docs) -> int:
    return sum(len(s.words) for d in docs for s in d.sentences)


def speed_line(label: str, words: int, timing: Timing) -> str:
    stages = "  ".join(f"{k} {v:.1f}" for k, v in timing.cpu.items())
    return (f"  {label:<24} CPU {timing.total():6.1f} s {words / timing.total():5.0f} words/s,"
            f" wall {timing.total('wall'):6.1f} s {words / timing.total('wall'):5.0f} words/s"
            f"   (CPU s: {stages})")


def measure_speed(nlp, texts, copies, repeat: int) -> None:
    timings: dict[str, list[Timing]] = {"float": [], "int8": []}
    words = 0
    for _ in range(repeat):
        for label, models in (("float", None), ("int8", copies)):
            with weights(nlp, models):
                docs, timing = timed_parse(nlp, texts)
            words = words_of(docs)
            timings[label].append(timing)
            print(speed_line(label, words, timing), flush=True)
    for clock in ("cpu", "wall"):
        fastest = {label: min(runs, key=lambda t: t.total(clock)) for label, runs in timings.items()}
        f, q = (fastest[k].total(clock) for k in ("float", "int8"))
        print(f"best of {repeat} by {clock}: float {words / f:.0f} words/s, int8 {words / q:.0f} words/s "
              f"(int8 {100 * (f / q - 1):+.1f} %), {words} words")
        if clock == "cpu":
            for stage in fastest["float"].cpu:
                a = min(t.cpu[stage] for t in timings["float"])
                b = min(t.cpu[stage] for t in timings["int8"])
                print(f"  {stage:<14} CPU float {a:6.1f} s  int8 {b:6.1f} s  (int8 {100 * (a / b - 1):+.1f} %)")


def measure_batches(nlp, texts, models, specs: list[Batches], label: str) -> None:
    print(f"batch sizes (tokenize:pos:depparse), {label} weights; the package's default is 32:32:1000")
    with weights(nlp, models):
        for spec in [None, *specs]:
            with batches(nlp, spec):
                docs, timing = timed_parse(nlp, texts)
            print(speed_line(str(spec or "32:32:1000 (default)"), words_of(docs), timing), flush=True)


# --- held-out scores ------------------------------------------------------------------

def heldout_file(given: str | None, work: str) -> str:
    """The held-out UD part: the given file, or the split rebuilt exactly as train_model.py makes it."""
    if given:
        return given
    import train_model

    with contextlib.redirect_stdout(sys.stderr):
        train_model.split_data(str(UD), work)
    return os.path.join(work, train_model.TB, f"{train_model.SHORT}-ud-test.conllu")


def heldout_scores(nlp, gold_path: str) -> tuple[dict, list]:
    """UPOS, LAS and friends, end to end from raw text, as evaluate_model.eval_heldout scores them."""
    from evaluate_model import conllu_to_raw
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL

    from provenance.parsing import segment

    text = conllu_to_raw(gold_path)
    doc = nlp.process(segment(nlp, [text]), processors="pos,lemma,depparse")[0]
    with tempfile.NamedTemporaryFile("w", suffix=".conllu", delete=False, encoding="utf-8") as handle:
        CoNLL.write_doc2conll(doc, handle)
    try:
        scores = ud_scores(gold_path, handle.name)
    finally:
        os.unlink(handle.name)
    result = {key.lower(): round(100 * scores[key].f1, 2) for key in ("Tokens", "Words", "UPOS", "XPOS", "UFeats",
                                                                      "Lemmas", "UAS", "LAS")}
    result["gold_words"] = scores["Words"].gold_total
    analyses = [(w.upos, w.head, w.deprel) for s in doc.sentences for w in s.words]
    return result, analyses


def germeval_f1(nlp, path: str) -> float:
    """Entity F1 on pretokenized GermEval sentences, as training/train_ner.py scores the shipped model."""
    from stanza.models.common.doc import Document
    from train_ner import read_germeval, score

    data = read_germeval(path)
    doc = Document([[{"id": i + 1, "text": tok} for i, (tok, _) in enumerate(s)] for s in data])
    doc = nlp.process(doc, processors="ner")
    pred = [[t.ner for t in s.tokens] for s in doc.sentences]
    return score([[tag for _, tag in s] for s in data], pred)["f1"]


def measure_heldout(nlp, copies, gold_path: str, germeval: str | None) -> None:
    results, analyses = {}, {}
    for label, models in (("float", None), ("int8", copies)):
        with weights(nlp, models):
            started = time.perf_counter()
            results[label], analyses[label] = heldout_scores(nlp, gold_path)
            results[label]["seconds"] = round(time.perf_counter() - started, 1)
            if germeval and "ner" in copies:
                results[label]["ner_f1"] = germeval_f1(nlp, germeval)
        print(f"  {label:<6} {json.dumps(results[label])}", flush=True)
    f, q = results["float"], results["int8"]
    print("held-out change int8 - float (points): " + ", ".join(
        f"{k} {q[k] - f[k]:+.2f}" for k in f if k not in ("gold_words", "seconds")))
    a, b = analyses["float"], analyses["int8"]
    if len(a) == len(b):
        same = lambda i: sum(x[i] == y[i] for x, y in zip(a, b)) / len(a)
        print(f"int8 agrees with float on {100 * same(0):.2f} % of UPOS, {100 * same(1):.2f} % of heads, "
              f"{100 * sum(x == y for x, y in zip(a, b)) / len(a):.2f} % of (UPOS, head, relation), "
              f"{len(a)} words")
    else:
        print(f"different word counts: float {len(a)}, int8 {len(b)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150, help="dev articles timed (the first N)")
    parser.add_argument("--repeat", type=int, default=2, help="alternating float/int8 speed runs; the best counts")
    parser.add_argument("--targets", default=",".join(QUANTIZED),
                        help="processors whose models become int8")
    parser.add_argument("--batches", default="16:16:500,64:128:3000,128:512:10000",
                        help="batch sizes TOKENIZE:POS:DEPPARSE to time, comma-separated")
    parser.add_argument("--batch-weights", choices=("float", "int8"), default="float")
    parser.add_argument("--no-batches", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--heldout", default=None, help="held-out CoNLL-U (default: rebuilt from the UD split)")
    parser.add_argument("--germeval", default=str(GERMEVAL_DEV), help="GermEval dev TSV for the entity F1")
    args = parser.parse_args()

    from provenance.config import load_config
    from provenance.parsing import limit_threads, model_id, pipeline

    limit_threads(1)
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    settings = load_config().settings.model
    started = time.perf_counter()
    nlp = pipeline(settings)
    print(f"model {model_id(settings)}, pipeline load {time.perf_counter() - started:.1f} s")
    targets = [t for t in args.targets.split(",") if t in nlp.processors]
    started = time.perf_counter()
    copies = int8_copies(nlp, targets)
    print(f"int8 copies of {', '.join(targets)}: {time.perf_counter() - started:.1f} s", flush=True)

    if not args.no_speed:
        with open(DEV, encoding="utf-8") as lines:
            texts = [json.loads(line)["originalText"] for line in lines][: args.articles]
        timed_parse(nlp, texts[:3])  # first calls allocate; not counted
        print(f"speed: {len(texts)} dev articles, one thread")
        measure_speed(nlp, texts, copies, args.repeat)
        if not args.no_batches:
            specs = [Batches.parse(s) for s in args.batches.split(",") if s]
            measure_batches(nlp, texts, copies if args.batch_weights == "int8" else None, specs, args.batch_weights)

    with tempfile.TemporaryDirectory() as work:
        gold = heldout_file(args.heldout, work)
        print(f"held-out: {gold}", flush=True)
        measure_heldout(nlp, copies, gold, args.germeval if os.path.exists(args.germeval) else None)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
