"""The figures of an evaluation: token scores, their macro means (the official metric), per type,
the errors, the SpkAtt-2023 figures."""

from __future__ import annotations

from dataclasses import asdict, dataclass


def f1_of(precision: float | None, recall: float | None) -> float | None:
    """F1 from a precision and a recall; None when either is not computable."""
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True, slots=True)
class Score:
    overlap: int  # overlapping tokens, or correct spans
    system: int
    gold: int

    def __add__(self, other: Score) -> Score:
        return Score(self.overlap + other.overlap, self.system + other.system, self.gold + other.gold)

    @property
    def precision(self) -> float | None:
        return self.overlap / self.system if self.system else None

    @property
    def recall(self) -> float | None:
        return self.overlap / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        return f1_of(self.precision, self.recall)

    def to_dict(self) -> dict:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


ZERO = Score(0, 0, 0)


@dataclass(frozen=True, slots=True)
class MacroScore:
    """Means of per-group precision and recall values (the official metric).
    Sums and counts are kept so that scores of several roles add up to one
    flat mean over all their values."""

    precision_sum: float = 0.0
    precisions: int = 0  # values with tp + fp > 0
    recall_sum: float = 0.0
    recalls: int = 0  # values with tp + fn > 0

    @classmethod
    def of(cls, system: frozenset, gold: frozenset) -> MacroScore:
        """One group's values for one role: S against G."""
        tp = len(system & gold)
        return cls(tp / len(system) if system else 0.0, 1 if system else 0,
                   tp / len(gold) if gold else 0.0, 1 if gold else 0)

    def __add__(self, other: MacroScore) -> MacroScore:
        return MacroScore(self.precision_sum + other.precision_sum, self.precisions + other.precisions,
                          self.recall_sum + other.recall_sum, self.recalls + other.recalls)

    @property
    def precision(self) -> float | None:
        return self.precision_sum / self.precisions if self.precisions else None

    @property
    def recall(self) -> float | None:
        return self.recall_sum / self.recalls if self.recalls else None

    @property
    def f1(self) -> float | None:
        return f1_of(self.precision, self.recall)

    def to_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "precision_values": self.precisions, "recall_values": self.recalls}


MACRO_ZERO = MacroScore()


@dataclass(frozen=True, slots=True)
class OfficialScores:
    """The official WIKINEWS figures (see the module docstring)."""

    groups: int
    messages: MacroScore
    roles: MacroScore
    joint: MacroScore
    form: MacroScore
    stwr: MacroScore
    per_role: tuple[tuple[str, MacroScore], ...]

    def to_dict(self) -> dict:
        return {"groups": self.groups,
                **{name: getattr(self, name).to_dict() for name in ("messages", "roles", "joint", "form", "stwr")},
                "per_role": {name: s.to_dict() for name, s in self.per_role}}


@dataclass(frozen=True, slots=True)
class TypeScore:
    type: str
    gold: int
    found: int
    typed: int
    message: Score

    @property
    def quotation_recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    def to_dict(self) -> dict:
        return {"type": self.type, "gold": self.gold, "found": self.found, "typed": self.typed,
                "quotation_recall": self.quotation_recall, "message": self.message.to_dict()}


@dataclass(frozen=True, slots=True)
class ErrorItem:
    article_id: str
    kind: str  # "miss", "low overlap" or "false hit"
    type: str | None
    text: str
    speaker: str
    overlap: float  # message overlap F1 with the partner, 0 without one
    partner: str | None  # message text of the partner quotation
    nested: bool = False  # a nested gold quotation, which top-level system output cannot match


@dataclass(frozen=True, slots=True)
class EvalReport:
    articles: int
    gold_quotations: int
    system_quotations: int
    pairs: int
    official: OfficialScores
    message: Score  # micro
    roles: Score
    joint: Score
    per_role: tuple[tuple[str, Score], ...]
    cue_exact: Score
    cue_overlap: Score
    speaker_exact: Score
    speaker_overlap: Score
    by_type: tuple[TypeScore, ...]
    misses: tuple[ErrorItem, ...]
    false_hits: tuple[ErrorItem, ...]

    def to_dict(self) -> dict:
        spans = ("cue_exact", "cue_overlap", "speaker_exact", "speaker_overlap")
        return {
            "metric": "official WIKINEWS (Petersen-Frey & Biemann 2024, eval/eval.py): macro over groups; "
                      "micro: token counts pooled over the corpus",
            "articles": self.articles,
            "gold_quotations": self.gold_quotations,
            "system_quotations": self.system_quotations,
            "pairs": self.pairs,
            "official": self.official.to_dict(),
            "micro": {**{name: getattr(self, name).to_dict() for name in ("message", "roles", "joint")},
                      "per_role": {name: s.to_dict() for name, s in self.per_role}},
            **{name: getattr(self, name).to_dict() for name in spans},
            "by_type": [t.to_dict() for t in self.by_type],
            "misses": [asdict(e) for e in self.misses],
            "false_hits": [asdict(e) for e in self.false_hits],
        }


@dataclass(frozen=True, slots=True)
class SpkAttScores:
    """The SpkAtt-2023 task-1 figures (see the module docstring)."""

    speeches: int
    groups: int
    gold: int
    system: int
    pairs: int
    cue: MacroScore
    roles: MacroScore
    joint: MacroScore
    mapped_roles: MacroScore
    mapped_joint: MacroScore
    per_role: tuple[tuple[str, MacroScore], ...]

    def to_dict(self) -> dict:
        return {"metric": "SpkAtt-2023 task 1 (Rehbein et al. 2023): macro over groups paired by cue; "
                          "roles Source, Message, Addr, Topic, Medium, Evidence; mapped: Source, Message, Addr",
                "speeches": self.speeches, "groups": self.groups, "gold": self.gold, "system": self.system,
                "pairs": self.pairs,
                **{name: getattr(self, name).to_dict()
                   for name in ("cue", "roles", "joint", "mapped_roles", "mapped_joint")},
                "per_role": {name: s.to_dict() for name, s in self.per_role}}
