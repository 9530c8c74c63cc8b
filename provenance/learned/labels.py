"""Gold quotations as one label per word of the parse.

The labels:

- ``B-T`` / ``I-T``: the word opens / continues the message of a quotation
  of type T (``D`` Direct, ``I`` Indirect, ``F`` FreeIndirect, ``IF``
  IndirectFreeIndirect, ``R`` Reported). A message interrupted by its
  reporting clause ("Die Lage, sagte er, sei ernst") continues with ``I-T``
  after the gap, so decoding can join the pieces.
- ``SR``: a speaker word inside a Reported message ("Die Polizei sprach von
  vier Toten": the annotation makes the whole sentence the message and
  "Die Polizei" its speaker).
- ``C`` cue, ``S`` speaker, ``A`` addressee, ``O`` nothing.

Only top-level gold quotations give labels: a nested one lies inside the
message of another and would need a second layer of labels. A gold token
belongs to a word when they share a non-space character (the dataset's
tokenisation and the parser's differ).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from provenance.evaluate import GoldArticle, Quotation
from provenance.learned.features import Position

TYPE_TAG = {"Direct": "D", "Indirect": "I", "FreeIndirect": "F", "IndirectFreeIndirect": "IF", "Reported": "R"}
TAG_TYPE = {tag: name for name, tag in TYPE_TAG.items()}
MESSAGE_TAGS = tuple(f"{bi}-{t}" for t in TYPE_TAG.values() for bi in "BI")
LABELS = ("O", "C", "S", "A", "SR", *MESSAGE_TAGS)


def word_tokens(gold: GoldArticle, pos: Sequence[Position]) -> list[frozenset[int]]:
    """For each word, the gold tokens it shares a non-space character with."""
    starts = [b for b, _ in gold.tokens]
    text = gold.text
    out = []
    for p in pos:
        w = p.word
        k = max(0, bisect.bisect_right(starts, w.start) - 1)
        hit = set()
        while k < len(gold.tokens) and gold.tokens[k][0] < w.end:
            b, e = gold.tokens[k]
            if text[max(b, w.start):min(e, w.end)].strip():
                hit.add(k)
            k += 1
        out.append(frozenset(hit))
    return out


def word_labels(gold: GoldArticle, pos: Sequence[Position]) -> list[str]:
    """One label of :data:`LABELS` per word (see the module docstring)."""
    tokens = word_tokens(gold, pos)
    top: list[Quotation] = [q for q in gold.quotations if not q.nested and q.message]
    labels = ["O"] * len(pos)
    owner: list[int | None] = [None] * len(pos)  # which quotation's message a word is in
    for n, q in enumerate(top):
        tag = TYPE_TAG.get(q.type or "", "I")
        for k, toks in enumerate(tokens):
            if owner[k] is None and toks & q.message:
                owner[k] = n
                if tag == "R" and toks & q.speaker:
                    labels[k] = "SR"
                else:
                    labels[k] = f"I-{tag}"
    # a message opens where the word before belongs to no quotation's message in this
    # sentence; a piece after a gap of the same quotation in the same sentence continues it
    for k in range(len(pos)):
        n = owner[k]
        if n is None or labels[k] == "SR":
            continue
        prev = k - 1
        same_sentence_before = [j for j in range(prev, -1, -1) if pos[j].sentence == pos[k].sentence]
        if prev >= 0 and owner[prev] == n:
            continue
        if any(owner[j] == n for j in same_sentence_before):
            continue  # the message resumes after its reporting clause
        labels[k] = "B-" + labels[k][2:]
    for k, toks in enumerate(tokens):
        if owner[k] is not None or not toks:
            continue
        for role, label in (("cue", "C"), ("speaker", "S"), ("addressee", "A")):
            if any(toks & getattr(q, role) for q in top):
                labels[k] = label
                break
    return labels
