#!/usr/bin/env python
"""Rebuild the bundled debate attribution model (provenance/models/debate/) offline.

Usage (from the repository root):

    .venv/bin/python training/train_debate.py

Data: the 177 speeches of the SpkAtt-2023 task-1 training split in
../shared/data/spkatt-2023/train, less the 20 fixed held-out speeches of
provenance/spkatt.py (HELD_OUT): 157 speeches. The held-out ones are never
read here. Steps (provenance.learned.training.train): parse (through the parse
cache) and run the rules in the debate order (configs/pipeline.yaml
``debate:``, cue words of configs/debate.yaml); 5-fold cross-validation by
speech (seed 13) to calibrate the confidence and choose the thresholds; the
final CRF on all 157. Writes labeller.crfsuite, model.json and
cross_validation.json into the model directory, and MODEL_CARD.md with the
held-out figures measured afterwards (``--card-only`` rewrites the card alone).
Deterministic: the same data and code give the same files.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from provenance import analysis, evaluate, parsing, spkatt  # noqa: E402
from provenance.config import load_config  # noqa: E402
from provenance.genre import genre_config, with_genre  # noqa: E402
from provenance.learned import training, with_model  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "spkatt-2023" / "train"
OUT = ROOT / "provenance" / "models" / "debate"
COMMAND = "python training/train_debate.py"


def spkatt_figures(speeches, config) -> dict:
    analysed = spkatt.analyze_speeches(speeches, lambda articles: analysis.analyze_many(articles, config))
    s = evaluate.score_spkatt_results(analysed)
    pct = lambda m: round(100 * (m.f1 or 0.0), 1)  # noqa: E731
    return {"cue": pct(s.cue), "roles": pct(s.roles), "joint": pct(s.joint), "mapped_roles": pct(s.mapped_roles),
            "mapped_joint": pct(s.mapped_joint), **{r.lower(): pct(m) for r, m in s.per_role}}


def card(info: dict, cv: dict, held: dict) -> str:
    rules, learned = held["rules"], held["rules+learned"]
    rows = "\n".join(f"| {name} | {rules[key]} | {learned[key]} |" for name, key in (
        ("cue F1", "cue"), ("roles F1 (all six roles)", "roles"), ("joint F1", "joint"),
        ("roles F1, mapped (Source, Message, Addr)", "mapped_roles"), ("joint F1, mapped", "mapped_joint"),
        ("Source F1", "source"), ("Message F1", "message"), ("Addr F1", "addr")))
    return f"""# Debate attribution model

A CRF over the words of a speech with the debate rule families' findings as
features (provenance/learned), revising what the rules find in parliamentary
speeches. Used for texts the genre detector calls debates (or `--genre
debate`) when `attribution: learned` is configured, or with
`--attribution-model debate`.

- **Data**: SpkAtt-2023 task-1 training split (GermEval/KONVENS 2023 shared task
  on speaker attribution, Bundestag speeches), less the 20 fixed held-out
  speeches listed in provenance/spkatt.py (`HELD_OUT`): {info.get('articles')} speeches.
  Cite: Rehbein et al., "Overview of the GermEval 2023 Shared Task on Speaker
  Attribution in Newspaper Articles and Parliamentary Debates", KONVENS 2023.
- **Licence**: CC BY-SA 4.0 (the SpkAtt-2023 data, per its datasheet): this model
  is a derivative of that data and is shared under the same licence.
- **Command**: `{COMMAND}` (deterministic; folds {info.get('folds')}, seed {info.get('seed')};
  {info.get('training_seconds')} s on this machine).
- **Rules**: the debate order of configs/pipeline.yaml and the cue words of configs/debate.yaml.

## Figures

Cross-validated inside the 157 speeches ({info.get('folds')} folds), the trainer's own
figure (official WIKINEWS-style joint F1 on the SpkAtt gold): rules {cv['rules']['joint']},
rules + learned {cv['rules+learned']['joint']}.

On the 20 held-out speeches (never trained or tuned on), SpkAtt-2023 task-1
metric (`provenance eval ../shared/data/spkatt-2023/train --split held-out --genre debate`,
with and without `--attribution-model debate`):

| figure | rules only | rules + learned |
| --- | --- | --- |
{rows}

Our schema has no Topic, Medium or Evidence role: those gold roles count as
misses in "roles" and "joint"; the mapped figures leave them out. SpkAtt
events without a message (mostly nominal cues such as "Antrag", "Debatte")
cannot be represented as attributions, which bounds cue recall.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--card-only", action="store_true", help="measure the model in --out and rewrite its card")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"training data not found: {DATA}", file=sys.stderr)
        return 2
    parsing.limit_threads(1)
    base = load_config()
    tuning, held = spkatt.tuning_and_held_out(spkatt.load_speeches([DATA]))
    started = time.monotonic()
    if not args.card_only:
        result = training.train([s.article for s in tuning], "debate", genre_config(base, "debate"), args.folds,
                                args.seed, data=f"SpkAtt-2023 task-1 train less the {len(held)} held-out speeches",
                                licence=training.LICENCES["spkatt"], log=lambda line: print(line, flush=True))
        target = result.model.save(args.out)
        (target / "cross_validation.json").write_text(
            json.dumps({"rules": result.rules_cv.to_dict(), "rules+learned": result.learned_cv.to_dict(),
                        "grid": result.grid}, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {target} in {time.monotonic() - started:.0f} s", flush=True)
    state = json.loads((args.out / "model.json").read_text(encoding="utf-8"))
    cv = json.loads((args.out / "cross_validation.json").read_text(encoding="utf-8"))
    rules_config = with_genre(base, "debate")
    held_figures = {"rules": spkatt_figures(held, rules_config),
                    "rules+learned": spkatt_figures(held, with_model(rules_config, str(args.out)))}
    print(json.dumps(held_figures), flush=True)
    (args.out / "MODEL_CARD.md").write_text(card(state["info"], cv, held_figures), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
