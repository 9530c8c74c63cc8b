"""Source kinds and anonymity against hand labels (the format of ``dev-speaker-kinds.jsonl``)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from provenance.errors import InputError
from provenance.evaluate.gold import GoldArticle
from provenance.evaluate.scores import Score
from provenance.records import ArticleResult

# The label files are those of ``dev-speaker-kinds.jsonl``; the scoring is the
# one its SPEAKER-KINDS.md defines ("Scoring a tracker against these labels").
# Readings of what it leaves open:
# - A label belongs to the gold article whose ``documentName`` starts with its
#   ``doc`` number (the id before the first non-digit).
# - Candidates are the spans of the tracker in that article that share at least
#   one character with the label (with its ``ranges`` when discontinuous): the
#   source span of every attribution (relayed ones too) whose ``source_id``
#   names a source, then every mention of every source. A span without a source
#   gives no kind, so it is no candidate.
# - The best candidate is the exact one (same start and end as the label),
#   else the one with the higher character overlap ratio, |overlap| / |union|
#   (the label's characters against the candidate's); ties go to attribution
#   spans before mentions, then to text order.
# - The candidate's source gives the predicted kind and anonymity. A pronoun
#   label is right only when its source was resolved to the referent's kind:
#   its kind must equal the label's, and a source that says it is unresolved
#   (``resolved`` false) is wrong whatever its kind.
# - Anonymity: positive = anonymous, on covered labels only.

KINDS = ("person", "organization", "official", "outlet", "anonymous", "unspecified")


class KindLabelError(InputError, ValueError):
    """A malformed line in a source-kind label file."""


@dataclass(frozen=True, slots=True)
class KindLabel:
    doc: str
    start: int
    end: int
    kind: str
    anonymous: bool
    pronoun: bool = False
    ranges: tuple[tuple[int, int], ...] = ()  # the pieces of a discontinuous span; empty: (start, end)
    uncertain: bool = False

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        return self.ranges or ((self.start, self.end),)


@dataclass(frozen=True, slots=True)
class KindPrediction:
    label: KindLabel
    text: str  # the label's words
    article_id: str
    kind: str | None  # None: no candidate
    anonymous: bool | None
    source: str | None  # the name of the candidate's source
    candidate: str | None  # the text of the candidate span
    correct: bool  # kind right (a pronoun also resolved)


@dataclass(frozen=True, slots=True)
class KindScores:
    """Figures over one set of labels (all, or without pronouns)."""

    labels: int
    covered: int
    correct: int
    anonymity: Score  # overlap = true positives; system = predicted anonymous; gold = labelled anonymous
    per_kind: tuple[tuple[str, int, int, int], ...]  # gold kind, labels, covered, correct
    confusion: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # gold kind -> predicted kind -> count

    @property
    def coverage(self) -> float | None:
        return self.covered / self.labels if self.labels else None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.covered if self.covered else None

    def to_dict(self) -> dict:
        return {
            "labels": self.labels, "covered": self.covered, "correct": self.correct,
            "coverage": self.coverage, "kind_accuracy": self.accuracy,
            "anonymity": {"true_positives": self.anonymity.overlap, "predicted": self.anonymity.system,
                          "gold": self.anonymity.gold, "precision": self.anonymity.precision,
                          "recall": self.anonymity.recall, "f1": self.anonymity.f1},
            "per_kind": {kind: {"labels": n, "covered": c, "correct": k, "accuracy": k / c if c else None}
                         for kind, n, c, k in self.per_kind},
            "confusion": {gold: dict(row) for gold, row in self.confusion},
        }


@dataclass(frozen=True, slots=True)
class KindReport:
    all: KindScores
    without_pronouns: KindScores
    predictions: tuple[KindPrediction, ...]

    @property
    def errors(self) -> tuple[KindPrediction, ...]:
        """Uncovered labels and wrong kinds or anonymity, in file order."""
        return tuple(p for p in self.predictions
                     if p.kind is None or not p.correct or p.anonymous != p.label.anonymous)

    def to_dict(self) -> dict:
        return {
            "all": self.all.to_dict(), "without_pronouns": self.without_pronouns.to_dict(),
            "errors": [{"article": e.article_id, "doc": e.label.doc, "start": e.label.start, "end": e.label.end, "text": e.text,
                        "pronoun": e.label.pronoun, "gold_kind": e.label.kind, "gold_anonymous": e.label.anonymous,
                        "predicted_kind": e.kind, "predicted_anonymous": e.anonymous, "source": e.source,
                        "candidate": e.candidate, "kind_correct": e.correct}
                       for e in self.errors],
        }


def load_kind_labels(path: str | Path) -> list[KindLabel]:
    path = Path(path)
    labels = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise KindLabelError(f"{path}: cannot read the label file: {e}") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            labels.append(_parse_label(json.loads(line)))
        except (ValueError, KeyError, TypeError) as e:
            reason = f"missing key {e}" if isinstance(e, KeyError) else str(e).splitlines()[0]
            raise KindLabelError(f"{path.name}, line {lineno}: malformed label: {reason}") from None
    return labels


def _parse_label(obj: dict) -> KindLabel:
    if not isinstance(obj, dict):
        raise TypeError("a label is a JSON object")

    def integer(value: object, name: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} is not a non-negative integer")
        return value

    def flag(name: str, default: bool | None = None) -> bool:
        value = obj.get(name, default) if default is not None else obj[name]
        if not isinstance(value, bool):
            raise ValueError(f"{name} is not true or false")
        return value

    start, end = integer(obj["start"], "start"), integer(obj["end"], "end")
    if end <= start:
        raise ValueError("end is not after start")
    if obj["kind"] not in KINDS:
        raise ValueError(f"kind {obj['kind']!r} is not one of {', '.join(KINDS)}")
    ranges = tuple((integer(b, "ranges"), integer(e, "ranges")) for b, e in obj.get("ranges") or ())
    if ranges and (ranges[0][0] != start or ranges[-1][1] != end or any(e <= b for b, e in ranges)):
        raise ValueError("ranges do not run from start to end")
    return KindLabel(str(obj["doc"]), start, end, obj["kind"], flag("anonymous"), flag("pronoun", False), ranges,
                     flag("uncertain", False))


def doc_number(article_id: str) -> str:
    """"2745 - Title (2005-08-20)" -> "2745": the key the label files use."""
    match = re.match(r"\d+", article_id)
    return match.group(0) if match else article_id


def _candidate(label: KindLabel, result: ArticleResult):
    """(source, span) of the best candidate for ``label``, or None."""
    by_id = {source.id: source for source in result.sources}
    spans = [(a.source, by_id[a.source_id]) for a in result.attributions
             if a.source is not None and a.source_id in by_id]
    first_mention = len(spans)
    spans += [(mention, source) for source in result.sources for mention in source.mentions if mention is not None]
    length = sum(e - b for b, e in label.pieces)
    best, best_key = None, None
    for k, (span, source) in enumerate(spans):
        overlap = sum(max(0, min(e, span.end) - max(b, span.start)) for b, e in label.pieces)
        if overlap == 0:
            continue
        exact = (span.start, span.end) == (label.start, label.end)
        key = (exact, overlap / (length + len(span) - overlap), k < first_mention, -span.start, -k)
        if best_key is None or key > best_key:
            best, best_key = (source, span), key
    return best


def check_kind_labels(labels: Sequence[KindLabel], texts: dict[str, str]) -> None:
    """Refuse labels that name an article ``texts`` (by label doc number) does
    not hold, or end after its text."""
    unknown = sorted({label.doc for label in labels} - set(texts), key=lambda d: (len(d), d))
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        raise KindLabelError(f"the labels name articles the gold file does not hold: {shown}")
    for label in labels:
        if any(e > len(texts[label.doc]) for _, e in label.pieces):
            raise KindLabelError(f"a label of article {label.doc} ends after its text "
                                 f"({label.end} > {len(texts[label.doc])})")


def score_kinds(labels: Sequence[KindLabel], analysed: Sequence[tuple[GoldArticle, ArticleResult]]) -> KindReport:
    """Score the sources of the engine's results against source-kind labels
    (see the comment above ``KINDS``)."""
    by_doc = {doc_number(article.id): (article, result) for article, result in analysed}
    check_kind_labels(labels, {doc: result.text for doc, (_, result) in by_doc.items()})
    predictions = []
    for label in labels:
        article, result = by_doc[label.doc]
        text = " … ".join(result.text[b:e] for b, e in label.pieces)
        found = _candidate(label, result)
        if found is None:
            predictions.append(KindPrediction(label, text, article.id, None, None, None, None, False))
            continue
        source, span = found
        unresolved = label.pronoun and getattr(source, "resolved", True) is False
        predictions.append(KindPrediction(label, text, article.id, source.kind, source.anonymous, source.name,
                                          span.text, source.kind == label.kind and not unresolved))
    return KindReport(_kind_scores(predictions), _kind_scores([p for p in predictions if not p.label.pronoun]),
                      tuple(predictions))


def _kind_scores(predictions: Sequence[KindPrediction]) -> KindScores:
    covered = [p for p in predictions if p.kind is not None]
    anonymity = Score(sum(p.anonymous and p.label.anonymous for p in covered),
                      sum(bool(p.anonymous) for p in covered), sum(p.label.anonymous for p in covered))
    per_kind = tuple((kind, sum(p.label.kind == kind for p in predictions),
                      sum(p.label.kind == kind for p in covered),
                      sum(p.label.kind == kind and p.correct for p in covered)) for kind in KINDS)
    predicted_kinds = [*KINDS, *sorted({p.kind for p in covered} - set(KINDS))]
    confusion = tuple((gold, tuple((kind, sum(p.label.kind == gold and p.kind == kind for p in covered))
                                   for kind in predicted_kinds)) for gold in KINDS)
    return KindScores(len(predictions), len(covered), sum(p.correct for p in covered), anonymity, per_kind, confusion)
