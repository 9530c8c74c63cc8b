"""Score quotation attribution against the German WIKINEWS gold data.

Two sets of figures come out of one pairing of system and gold quotations.

The headline is the official WIKINEWS metric: the one ``eval/eval.py`` of
Petersen-Frey & Biemann (2024) prints, their adaptation of the SpkAtt-2023
metric (QUiTE's published message 47.91, roles 35.48, joint 39.06 are in these
units). It was written from the description of that script, not copied from
it; every reading of a point the description leaves open is stated here.

The "micro" figures pool token counts over the whole corpus; they are the
figures this project reported before the official ones, kept for comparison.

Units. Everything is counted in gold tokens (the dataset's tokenisation). A
quotation is a set of token indices per role: message (the quote), cue,
speaker, frame, addressee; plus its type (Direct, Indirect, FreeIndirect,
IndirectFreeIndirect, Reported) and its medium, a set of the letters S, T, W
(gold "SW" = speech and writing, "none" = the empty set). System char spans
become tokens in ``quotations_from_result``: a token belongs to a span if the
two share at least one non-whitespace character. Only top-level system
attributions (``via is None``) are used. The gold data also holds nested
quotations (``isNested``, 73 of 653 in dev); each lies inside an outer
quotation that usually takes the pair, so they mostly end up as misses.

Pairing (``pair_quotations``). Per article, system and gold quotations are
paired one to one by maximum total weight (Hungarian assignment,
``scipy.optimize.linear_sum_assignment``). The weight of a pair is its message
token overlap F1, ``2|S∩G| / (|S|+|G|)``, plus ``TYPE_BONUS`` when both have
the same type and ``MEDIUM_BONUS`` when both have the same non-empty medium.
The bonuses are small (0.01): they only decide between nearly equal message
overlaps, never outweigh a real difference. A pair whose messages share no
token is never made (a bonus alone does not pair two quotations).

Official figures (macro, ``OfficialScores``). Every pair is one group, and so
is every unpaired gold quotation (against an empty system quotation) and every
unpaired system quotation (against an empty gold one). Per group and per
role, with S and G the two token sets (empty for the missing side): tp =
|S∩G|, fp = |S−G|, fn = |G−S|, P = tp/(tp+fp), R = tp/(tp+fn); a value whose
denominator is 0 is left out (a role empty on both sides gives neither, an
unpaired gold quotation gives only recalls, all 0, an unpaired system one only
precisions, all 0).
- Messages: P = the mean of the message P values of all groups, R likewise.
- Roles: P = the mean of all the P values of the four roles cue, speaker,
  frame and addressee over all groups (one flat mean: each defined (group,
  role) value counts once), R likewise.
- Joint: the flat mean over the message and the four roles.
- per role: the mean over the groups for that role alone ("speaker" is the
  official speaker-role figure).
- Form: the same scheme on the type, taken as a set of one label (empty when
  the system gave none): in a pair P = R = 1 if the types agree, else 0; an
  unpaired gold quotation gives R = 0, an unpaired system one P = 0. Within
  pairs it is therefore the type accuracy.
- STWR (speech, thought and writing representation): the same scheme on the
  medium letter sets, so gold "SW" against a system "W" gives P = 1, R = 1/2.
These two readings (label sets scored like roles) are ours: the description
calls them accuracy-like figures of type and medium and gives no formula.
F1 is always 2PR/(P+R) from the mean P and mean R, never a mean of F1 values.

Micro figures (``Score``, corpus-pooled tokens). For a role set R:
``overlap`` = sum over pairs and roles in R of |system ∩ gold| tokens,
``system`` = sum over *all* system quotations and roles in R of their tokens,
``gold`` = the same over all gold quotations. P = overlap/system,
R = overlap/gold, F1 = 2PR/(P+R). Unpaired quotations thus add all their
tokens to the false positives (system) or misses (gold).
- message: R = {message}
- roles:   R = {cue, speaker, frame, addressee}; a token in two roles counts
  twice (the gold frame usually contains the cue and the speaker)
- joint:   R = {message, cue, speaker, frame, addressee}
- per role: each of the four roles alone, within the same pairing.

Span scores (independent of the pairing). Per article, the distinct non-empty
token sets of all cues (or all speakers) of the system and of the gold are
compared; one span is one role annotation, discontinuous or not, and a span
shared by several quotations counts once.
- exact: correct = system spans whose token set equals a gold span's;
  P = correct/system spans, R = correct/gold spans.
- overlap: the spans are paired one to one by maximal overlap F1, like
  messages; then token scores as above: overlap tokens in pairs over all
  system span tokens (P) and all gold span tokens (R).

By type. For gold type T: ``gold`` = gold quotations of type T, ``found`` =
those with a pair, quotation recall = found/gold, ``typed`` = found ones whose
partner has the same predicted type. Message P/R/F1 of T are micro token
scores where the gold side is the gold quotations of type T and the system
side is the system quotations paired with them plus the unpaired system
quotations predicted as T (unpaired untyped system quotations count only in
the overall figures). All five types are always listed; a figure whose
denominator is 0 is not computable and reported as None.

SpkAtt-2023 figures (``SpkAttScores``, for gold read by provenance/spkatt.py).
The task-1 metric of the GermEval 2023 shared task on speaker attribution
(Rehbein et al. 2023), of which the official WIKINEWS metric above is the
adaptation: the same macro scheme over groups, with two differences that
follow from the task. (1) A speech event is anchored by its cue (every SpkAtt
annotation has one, many have no message), so system and gold annotations are
paired one to one by maximal cue token overlap F1 (``align``), not by
message; a system attribution without a cue pairs with nothing. (2) The
roles are SpkAtt's. Figures, each P and R a flat mean of per-group values
as above, F1 from the mean P and R:
- cue: the cue tokens. Our reading: a separated verb particle or obligatory
  reflexive (PTC) is part of the cue on both sides, since our cues hold it
  ("schlug … vor") and the system gives no PTC of its own.
- roles: all SpkAtt roles, Source, Message, Addr, Topic, Medium, Evidence
  (our schema has no Topic, Medium or Evidence: gold ones are misses).
- joint: cue and the six roles in one flat mean.
- mapped roles / mapped joint: the same over the roles our schema holds,
  Source (speaker), Message (claim), Addr (addressee), with and without the cue.
- per role: each role alone.
Only top-level system attributions count, as above.

Errors. Misses: gold quotations without a pair, and those whose pair's message
overlap F1 is below ``low_overlap`` (0.5). False hits: system quotations without
a pair. Both lists keep corpus order; nested gold misses are marked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from provenance.errors import InputError
from provenance.records import ArticleResult, Span
from provenance.safe_text import plain, visible_json

ROLES = ("cue", "speaker", "frame", "addressee")
TYPES = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
FORM_TO_TYPE = {
    "direct": "Direct",
    "indirect": "Indirect",
    "free_indirect": "FreeIndirect",
    "indirect_free_indirect": "IndirectFreeIndirect",
    "reported": "Reported",
}
LOW_OVERLAP = 0.5
# Pairing weight on top of the message overlap F1 (see the module docstring).
TYPE_BONUS = 0.01
MEDIUM_BONUS = 0.01
# Gold media are "Speech", "Writing", "Thought", combinations as letters
# ("SW", "ST", "TW") or "none"; system media are the lower-case names.
MEDIUM_LETTERS = {"speech": "S", "thought": "T", "writing": "W"}

Tokens = frozenset[int]


class GoldFormatError(InputError, ValueError):
    """A malformed line in a gold file (a ValueError, and a ProvenanceError so the CLI prints it)."""


@dataclass(frozen=True, slots=True)
class Quotation:
    message: Tokens
    cue: Tokens = frozenset()
    speaker: Tokens = frozenset()
    frame: Tokens = frozenset()
    addressee: Tokens = frozenset()
    type: str | None = None
    description: str | None = None
    nested: bool = False  # gold only: reported inside another quotation
    medium: frozenset[str] = frozenset()  # letters S, T, W; empty when unknown or "none"
    # gold roles our schema has no field for, by their corpus names (SpkAtt: Topic, Medium, Evidence, PTC)
    extra: tuple[tuple[str, Tokens], ...] = ()


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    tokens: tuple[tuple[int, int], ...]
    quotations: tuple[Quotation, ...]

    def span_text(self, ids: Iterable[int]) -> str:
        """The text of the tokens, contiguous runs joined by ' … '."""
        runs: list[list[int]] = []
        for i in sorted(ids):
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        return " … ".join(self.text[self.tokens[r[0]][0] : self.tokens[r[-1]][1]] for r in runs)


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


# --- loading -----------------------------------------------------------------


def load_gold(path: str | Path) -> list[GoldArticle]:
    path = Path(path)
    articles = []
    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                articles.append(_parse_article(json.loads(line), str(lineno)))
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                reason = f"missing key {e}" if isinstance(e, KeyError) else str(e).splitlines()[0]
                raise GoldFormatError(f"{path.name}, line {lineno}: malformed gold article: {reason}") from e
    return articles


def _parse_article(obj: dict, lineno: str) -> GoldArticle:
    text = obj["originalText"]
    if not isinstance(text, str):
        raise TypeError("originalText is not a string")
    tokens = tuple((int(t["charBegin"]), int(t["charEnd"])) for t in obj["tokens"])
    if any(not 0 <= b <= e <= len(text) for b, e in tokens):
        raise ValueError("token offsets outside the text")
    # roles cite token ids; positions in the token list are what we index by
    index = {t["id"]: i for i, t in enumerate(obj["tokens"])}

    def role(ann: dict, name: str) -> Tokens:
        try:
            return frozenset(index[i] for i in (ann.get(name) or {}).get("tokenIds", ()))
        except KeyError as e:
            raise ValueError(f"{name} cites unknown token id {e}") from None

    quotations = tuple(
        Quotation(
            message=role(a, "quote"), cue=role(a, "cue"), speaker=role(a, "speaker"),
            frame=role(a, "frame"), addressee=role(a, "addressee"), type=a.get("type"),
            description=(a.get("quote") or {}).get("text"), nested=bool(a.get("isNested")),
            medium=gold_medium(a.get("medium")),
        )
        for a in obj["annotations"]
    )
    return GoldArticle(str(obj.get("documentName") or lineno), text, tokens, quotations)


def gold_medium(value: object) -> frozenset[str]:
    """``"Speech"`` -> {S}, ``"SW"`` -> {S, W}, ``"none"`` or absent -> {}."""
    if value is None or value == "none":
        return frozenset()
    if not isinstance(value, str):
        raise TypeError(f"medium {value!r} is not a string")
    if value.lower() in MEDIUM_LETTERS:
        return frozenset(MEDIUM_LETTERS[value.lower()])
    if value and set(value) <= set("STW"):
        return frozenset(value)
    raise ValueError(f"unknown medium {value!r}")


def quotations_from_result(result: ArticleResult, tokens: Sequence[tuple[int, int]],
                           events: bool = False) -> list[Quotation]:
    """The top-level attributions of ``result`` as token sets; ``events``: its
    speech events too, as quotations without a message (the SpkAtt metric
    counts them; the WIKINEWS one pairs by message and has none)."""
    text = result.text

    def ids(spans: Iterable[Span | None]) -> Tokens:
        return frozenset(
            i for s in spans if s is not None for i, (b, e) in enumerate(tokens)
            if text[max(b, s.start) : min(e, s.end)].strip()
        )

    return [
        Quotation(
            message=ids([a.claim]), cue=ids(a.cue.spans if a.cue else ()), speaker=ids([a.source]),
            frame=ids([a.frame]), addressee=ids([a.addressee]), type=FORM_TO_TYPE.get(a.form),
            description=a.claim.text,
            medium=frozenset(MEDIUM_LETTERS[a.medium]) if a.medium in MEDIUM_LETTERS else frozenset(),
        )
        for a in result.attributions
        if a.via is None
    ] + [
        # speech events state no claim: a cue with its roles, the topic kept for the SpkAtt metric
        Quotation(message=frozenset(), cue=ids(e.cue.spans), speaker=ids([e.source]), addressee=ids([e.addressee]),
                  medium=frozenset(MEDIUM_LETTERS[e.medium]) if e.medium in MEDIUM_LETTERS else frozenset(),
                  extra=(("Topic", ids([e.topic])),) if e.topic is not None else ())
        for e in (result.events if events else ())
    ]


# --- scoring -----------------------------------------------------------------


def overlap_f1(a: Tokens, b: Tokens) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def align(system: Sequence[Tokens], gold: Sequence[Tokens]) -> list[tuple[int, int, float]]:
    """One-to-one (system index, gold index, overlap F1) pairs maximising summed F1."""
    if not system or not gold:
        return []
    f1 = [[overlap_f1(s, g) for g in gold] for s in system]
    from scipy.optimize import linear_sum_assignment  # scoring only: analysis never pays for scipy

    rows, cols = linear_sum_assignment(f1, maximize=True)
    return [(int(r), int(c), f1[r][c]) for r, c in zip(rows, cols) if f1[r][c] > 0]


def pair_quotations(system: Sequence[Quotation], gold: Sequence[Quotation]) -> list[tuple[int, int, float]]:
    """The official pairing: one-to-one (system index, gold index, message
    overlap F1) maximising the summed message F1 plus the type and medium
    bonuses; only quotations whose messages overlap are paired."""
    if not system or not gold:
        return []
    f1 = [[overlap_f1(s.message, g.message) for g in gold] for s in system]
    weight = [[f + TYPE_BONUS * (s.type is not None and s.type == g.type)
               + MEDIUM_BONUS * (bool(s.medium) and s.medium == g.medium) if f > 0 else 0.0
               for f, g in zip(row, gold)] for row, s in zip(f1, system)]
    from scipy.optimize import linear_sum_assignment  # scoring only: analysis never pays for scipy

    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [(int(r), int(c), f1[r][c]) for r, c in zip(rows, cols) if f1[r][c] > 0]


def _labels(value: str | None) -> frozenset[str]:
    return frozenset((value,)) if value else frozenset()


def _official(system: Sequence[Quotation], gold: Sequence[Quotation], pairs) -> tuple[int, dict[str, MacroScore]]:
    """Number of groups and their summed macro values per figure, for one article."""
    groups = _groups(system, gold, pairs)
    sums = {name: MACRO_ZERO for name in ("message", *ROLES, "form", "stwr")}
    for s, g in groups:
        for role in ("message", *ROLES):
            sums[role] += MacroScore.of(getattr(s, role), getattr(g, role))
        sums["form"] += MacroScore.of(_labels(s.type), _labels(g.type))
        sums["stwr"] += MacroScore.of(s.medium, g.medium)
    return len(groups), sums


SPKATT_ROLES = ("Source", "Message", "Addr", "Topic", "Medium", "Evidence")
SPKATT_MAPPED = ("Source", "Message", "Addr")


def spkatt_roles(q: Quotation) -> dict[str, Tokens]:
    """A quotation's token sets under the SpkAtt names (cue with its particle, see the docstring)."""
    extra = dict(q.extra)
    return {"Cue": q.cue | extra.get("PTC", frozenset()), "Source": q.speaker, "Message": q.message,
            "Addr": q.addressee, **{r: extra.get(r, frozenset()) for r in ("Topic", "Medium", "Evidence")}}


def _groups(system: Sequence[Quotation], gold: Sequence[Quotation], pairs) -> list[tuple[Quotation, Quotation]]:
    """The official groups: the pairs, then each unpaired gold quotation against
    an empty one, then each unpaired system quotation against an empty one."""
    empty = Quotation(frozenset())
    groups = [(system[s], gold[g]) for s, g, _ in pairs]
    paired_s, paired_g = {s for s, _, _ in pairs}, {g for _, g, _ in pairs}
    groups += [(empty, q) for g, q in enumerate(gold) if g not in paired_g]
    groups += [(q, empty) for s, q in enumerate(system) if s not in paired_s]
    return groups


def score_spkatt(articles: Sequence[tuple[GoldArticle, Sequence[Quotation]]]) -> SpkAttScores:
    """The SpkAtt-2023 task-1 figures of system quotations against gold speeches."""
    sums = {name: MACRO_ZERO for name in ("Cue", *SPKATT_ROLES)}
    n_groups = n_gold = n_system = n_pairs = 0
    for article, system in articles:
        gold = article.quotations
        pairs = align([spkatt_roles(q)["Cue"] for q in system], [spkatt_roles(q)["Cue"] for q in gold])
        groups = _groups(system, gold, pairs)
        for s, g in groups:
            s_roles, g_roles = spkatt_roles(s), spkatt_roles(g)
            for name in sums:
                sums[name] += MacroScore.of(s_roles[name], g_roles[name])
        n_groups, n_pairs = n_groups + len(groups), n_pairs + len(pairs)
        n_gold, n_system = n_gold + len(gold), n_system + len(system)

    def flat(names: Iterable[str]) -> MacroScore:
        return sum((sums[n] for n in names), MACRO_ZERO)

    return SpkAttScores(
        speeches=len(articles), groups=n_groups, gold=n_gold, system=n_system, pairs=n_pairs, cue=sums["Cue"],
        roles=flat(SPKATT_ROLES), joint=flat(("Cue", *SPKATT_ROLES)), mapped_roles=flat(SPKATT_MAPPED),
        mapped_joint=flat(("Cue", *SPKATT_MAPPED)), per_role=tuple((r, sums[r]) for r in SPKATT_ROLES))


def score_spkatt_results(analysed: Sequence[tuple[GoldArticle, ArticleResult]]) -> SpkAttScores:
    return score_spkatt([(article, quotations_from_result(result, article.tokens, events=True))
                         for article, result in analysed])


def _role_score(system: Sequence[Quotation], gold: Sequence[Quotation], pairs, roles: Sequence[str]) -> Score:
    return Score(
        sum(len(getattr(system[s], r) & getattr(gold[g], r)) for s, g, _ in pairs for r in roles),
        sum(len(getattr(q, r)) for q in system for r in roles),
        sum(len(getattr(q, r)) for q in gold for r in roles),
    )


def _span_scores(system: Iterable[Tokens], gold: Iterable[Tokens]) -> tuple[Score, Score]:
    sys_spans = sorted({s for s in system if s}, key=sorted)
    gold_spans = sorted({g for g in gold if g}, key=sorted)
    exact = Score(len(set(sys_spans) & set(gold_spans)), len(sys_spans), len(gold_spans))
    pairs = align(sys_spans, gold_spans)
    overlap = Score(
        sum(len(sys_spans[s] & gold_spans[g]) for s, g, _ in pairs),
        sum(map(len, sys_spans)),
        sum(map(len, gold_spans)),
    )
    return exact, overlap


def score(articles: Sequence[tuple[GoldArticle, Sequence[Quotation]]], low_overlap: float = LOW_OVERLAP) -> EvalReport:
    totals = {name: ZERO for name in ("message", "roles", "joint", *ROLES, "cue_exact", "cue_overlap",
                                      "speaker_exact", "speaker_overlap")}
    types: dict[str, list] = {t: [0, 0, 0, ZERO] for t in TYPES}  # type -> [gold, found, typed, Score]
    misses: list[ErrorItem] = []
    false_hits: list[ErrorItem] = []
    n_pairs = n_system = n_gold = n_groups = 0
    macro = {name: MACRO_ZERO for name in ("message", *ROLES, "form", "stwr")}

    def type_row(t: str) -> list:
        return types.setdefault(t, [0, 0, 0, ZERO])

    for article, system in articles:
        gold = article.quotations
        pairs = pair_quotations(system, gold)
        groups, sums = _official(system, gold, pairs)
        n_groups += groups
        macro = {name: macro[name] + sums[name] for name in macro}
        n_pairs, n_system, n_gold = n_pairs + len(pairs), n_system + len(system), n_gold + len(gold)
        for name, roles in (("message", ("message",)), ("roles", ROLES), ("joint", ("message", *ROLES)),
                            *((r, (r,)) for r in ROLES)):
            totals[name] += _role_score(system, gold, pairs, roles)
        for role in ("cue", "speaker"):
            exact, overlap = _span_scores((getattr(q, role) for q in system), (getattr(q, role) for q in gold))
            totals[f"{role}_exact"] += exact
            totals[f"{role}_overlap"] += overlap

        def text(q: Quotation) -> str:
            return q.description or article.span_text(q.message)

        partner_of = {g: (s, f1) for s, g, f1 in pairs}
        for g, q in enumerate(gold):
            row = type_row(q.type or "untyped")
            row[0] += 1
            row[3] += Score(0, 0, len(q.message))
            s, f1 = partner_of.get(g, (None, 0.0))
            if s is not None:
                row[1] += 1
                row[2] += system[s].type == q.type
                row[3] += Score(len(system[s].message & q.message), len(system[s].message), 0)
            if s is None or f1 < low_overlap:
                misses.append(ErrorItem(article.id, "miss" if s is None else "low overlap", q.type, text(q),
                                        article.span_text(q.speaker), f1,
                                        None if s is None else text(system[s]), q.nested))
        paired = {s for s, _, _ in pairs}
        for s, q in enumerate(system):
            if s in paired:
                continue
            if q.type:
                type_row(q.type)[3] += Score(0, len(q.message), 0)
            false_hits.append(ErrorItem(article.id, "false hit", q.type, text(q),
                                        article.span_text(q.speaker), 0.0, None))

    order = [*TYPES, *sorted(t for t in types if t not in TYPES)]
    roles_macro = sum((macro[r] for r in ROLES), MACRO_ZERO)
    official = OfficialScores(
        groups=n_groups, messages=macro["message"], roles=roles_macro, joint=macro["message"] + roles_macro,
        form=macro["form"], stwr=macro["stwr"], per_role=tuple((r, macro[r]) for r in ROLES))
    return EvalReport(
        articles=len(articles), gold_quotations=n_gold, system_quotations=n_system, pairs=n_pairs,
        official=official,
        message=totals["message"], roles=totals["roles"], joint=totals["joint"],
        per_role=tuple((r, totals[r]) for r in ROLES),
        cue_exact=totals["cue_exact"], cue_overlap=totals["cue_overlap"],
        speaker_exact=totals["speaker_exact"], speaker_overlap=totals["speaker_overlap"],
        by_type=tuple(TypeScore(t, *types[t]) for t in order),
        misses=tuple(misses), false_hits=tuple(false_hits),
    )


def evaluate(path: str | Path, analyze: Callable[[Sequence[tuple[str, str]]], Sequence[ArticleResult]],
             low_overlap: float = LOW_OVERLAP) -> EvalReport:
    """Score ``analyze`` on a gold file. ``analyze`` takes (text, id) pairs
    and returns one result per pair, so the whole corpus parses in batches."""
    return score_results(analyze_gold(path, analyze), low_overlap)


def analyze_gold(path: str | Path, analyze: Callable[[Sequence[tuple[str, str]]], Sequence[ArticleResult]],
                 labels: Sequence[KindLabel] | None = None) -> list[tuple[GoldArticle, ArticleResult]]:
    """Every gold article with the engine's result on its text. Source-kind
    ``labels`` that do not fit the gold file are refused before anything is
    parsed."""
    articles = load_gold(path)
    if labels is not None:
        check_kind_labels(labels, {doc_number(a.id): a.text for a in articles})
    results = analyze([(article.text, article.id) for article in articles])
    analysed = list(zip(articles, results, strict=True))
    for article, result in analysed:
        # char offsets only map onto gold tokens if the analyser kept the text as is
        if result.text != article.text:
            raise ValueError(f"analyze changed the text of article {article.id!r}; offsets would not line up")
    return analysed


def score_results(analysed: Sequence[tuple[GoldArticle, ArticleResult]], low_overlap: float = LOW_OVERLAP) -> EvalReport:
    return score([(article, quotations_from_result(result, article.tokens)) for article, result in analysed],
                 low_overlap)


# --- source kinds against hand labels ---------------------------------------------
#
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


def write_json(path: str | Path, report: EvalReport, kinds: KindReport | None = None,
               spkatt: SpkAttScores | None = None, about: dict | None = None) -> None:
    """The figures as JSON (``provenance eval --json``); text from the gold
    file is escaped where JSON would leave it raw (controls, lone surrogates).
    ``spkatt`` adds the SpkAtt-2023 figures, ``about`` what was run (genre, model)."""
    data = report.to_dict()
    if kinds is not None:
        data["kinds"] = kinds.to_dict()
    if spkatt is not None:
        data["spkatt"] = spkatt.to_dict()
    if about:
        data["run"] = about
    from provenance.atomic import write_atomic  # complete or not at all

    write_atomic(path, visible_json(json.dumps(data, ensure_ascii=False, indent=2)).encode("utf-8"))


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


# --- rendering ---------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def render(report: EvalReport, console: Console, max_errors: int = 20) -> None:
    official = report.official
    head = Table(title=f"Official WIKINEWS metric (eval/eval.py, macro over {official.groups} groups): "
                       f"{report.articles} articles, {report.gold_quotations} gold / "
                       f"{report.system_quotations} system quotations, {report.pairs} pairs")
    for col in ("figure", "P", "R", "F1", "P values", "R values"):
        head.add_column(col, justify="left" if col == "figure" else "right")
    rows = [("Messages", official.messages), ("Roles", official.roles), ("Joint", official.joint),
            ("Form", official.form), ("STWR", official.stwr),
            *((f"  {name}", s) for name, s in official.per_role)]
    for name, s in rows:
        head.add_row(plain(name), _pct(s.precision), _pct(s.recall), _pct(s.f1), str(s.precisions), str(s.recalls))
    console.print(head)

    main = Table(title="Micro: tokens pooled over the corpus (not the official metric)")
    for col in ("figure", "P", "R", "F1", "overlap", "system", "gold"):
        main.add_column(col, justify="left" if col == "figure" else "right")
    rows = [("message (micro)", report.message), ("roles (micro)", report.roles), ("joint (micro)", report.joint),
            *((f"  {name} (in pairs)", s) for name, s in report.per_role),
            ("cue spans, exact", report.cue_exact), ("cue spans, overlap", report.cue_overlap),
            ("speaker spans, exact", report.speaker_exact), ("speaker spans, overlap", report.speaker_overlap)]
    for name, s in rows:
        main.add_row(plain(name), _pct(s.precision), _pct(s.recall), _pct(s.f1), str(s.overlap), str(s.system), str(s.gold))
    console.print(main)

    by_type = Table(title="By gold type")
    for col in ("type", "gold", "found", "quotation R", "same type", "message P", "message R", "message F1"):
        by_type.add_column(col, justify="left" if col == "type" else "right")
    for t in report.by_type:
        by_type.add_row(plain(t.type), str(t.gold), str(t.found), _pct(t.quotation_recall), str(t.typed),
                        _pct(t.message.precision), _pct(t.message.recall), _pct(t.message.f1))
    console.print(by_type)

    for title, items in (("Misses", report.misses), ("False hits", report.false_hits)):
        table = Table(title=f"{title} ({len(items)}, showing {min(len(items), max_errors)})")
        for col in ("article", "kind", "type", "speaker", "message", "F1", "system partner"):
            table.add_column(col, overflow="fold")
        for e in items[:max_errors]:
            kind = f"{e.kind}, nested" if e.nested else e.kind
            # Text, not markup: ids, speakers and quotations come from the gold file and the articles
            table.add_row(plain(e.article_id), plain(kind), plain(e.type or "–"), plain(e.speaker), plain(e.text),
                          _pct(e.overlap), plain(e.partner or ""))
        console.print(table)


def render_spkatt(scores: SpkAttScores, console: Console) -> None:
    table = Table(title=f"SpkAtt-2023 task-1 metric (macro over {scores.groups} groups, paired by cue): "
                        f"{scores.speeches} speeches, {scores.gold} gold / {scores.system} system annotations, "
                        f"{scores.pairs} pairs")
    for col in ("figure", "P", "R", "F1", "P values", "R values"):
        table.add_column(col, justify="left" if col == "figure" else "right")
    rows = [("Cue", scores.cue), ("Roles", scores.roles), ("Joint", scores.joint),
            ("Roles, mapped (Source, Message, Addr)", scores.mapped_roles),
            ("Joint, mapped (cue and those roles)", scores.mapped_joint),
            *((f"  {name}", s) for name, s in scores.per_role)]
    for name, s in rows:
        table.add_row(plain(name), _pct(s.precision), _pct(s.recall), _pct(s.f1), str(s.precisions), str(s.recalls))
    console.print(table)


def render_kinds(report: KindReport, console: Console, max_errors: int = 20) -> None:
    head = Table(title="Source kinds against hand labels (SPEAKER-KINDS.md); anonymity: positive = anonymous")
    for col in ("labels", "n", "covered", "coverage", "kind accuracy", "anon. P", "anon. R", "anon. F1"):
        head.add_column(col, justify="left" if col == "labels" else "right")
    for name, s in (("all", report.all), ("without pronouns", report.without_pronouns)):
        head.add_row(name, str(s.labels), str(s.covered), _pct(s.coverage), _pct(s.accuracy),
                     _pct(s.anonymity.precision), _pct(s.anonymity.recall), _pct(s.anonymity.f1))
    console.print(head)

    per_kind = Table(title="Kind accuracy per gold kind (on covered labels): all | without pronouns")
    for col in ("gold kind", "labels", "covered", "correct", "accuracy", "labels ", "covered ", "correct ", "accuracy "):
        per_kind.add_column(col, justify="left" if col == "gold kind" else "right")
    for (kind, n, c, k), (_, n2, c2, k2) in zip(report.all.per_kind, report.without_pronouns.per_kind):
        per_kind.add_row(plain(kind), str(n), str(c), str(k), _pct(k / c if c else None),
                         str(n2), str(c2), str(k2), _pct(k2 / c2 if c2 else None))
    console.print(per_kind)

    confusion = Table(title="Confusion, all covered labels (rows: gold kind, columns: predicted kind)")
    columns = [kind for kind, _ in report.all.confusion[0][1]] if report.all.confusion else []
    confusion.add_column("gold \\ predicted")
    for kind in columns:
        confusion.add_column(plain(kind), justify="right")
    for gold, row in report.all.confusion:
        confusion.add_row(plain(gold), *(str(n) for _, n in row))
    console.print(confusion)

    errors = report.errors
    table = Table(title=f"Source-kind errors ({len(errors)}, showing {min(len(errors), max_errors)})")
    for col in ("article", "span", "gold", "predicted", "source"):
        table.add_column(col, overflow="fold")
    for e in errors[:max_errors]:
        gold = f"{e.label.kind}{', anon.' if e.label.anonymous else ''}{', pronoun' if e.label.pronoun else ''}"
        predicted = "no candidate" if e.kind is None else f"{e.kind}{', anon.' if e.anonymous else ''}"
        table.add_row(plain(e.label.doc), plain(e.text), plain(gold), plain(predicted), plain(e.source or ""))
    console.print(table)
