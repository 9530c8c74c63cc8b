"""Score quotation attribution against the German WIKINEWS gold data.

The metric is the SpkAtt-2023 shared-task metric as adapted by Petersen-Frey &
Biemann (2024) for their quotation dataset: quotations are aligned by their
message, then every role is scored by token overlap. The definitions below
follow that description; they were written from it, not copied from the
official script, and every choice the description leaves open is stated here.

Units. Everything is counted in gold tokens (the dataset's tokenisation). A
quotation is a set of token indices per role: message (the quote), cue,
speaker, frame, addressee. System char spans become tokens in
``quotations_from_result``: a token belongs to a span if the two share at least
one non-whitespace character. Only top-level system attributions
(``via is None``) are used. The gold data also holds nested quotations
(``isNested``, 73 of 653 in dev); each lies inside an outer quotation that
usually takes the pair, so they mostly end up as misses.

Pairing. Per article, system and gold quotations are paired one to one so that
the summed message overlap F1, ``2|S∩G| / (|S|+|G|)``, is maximal (Hungarian
assignment, ``scipy.optimize.linear_sum_assignment``). A pair whose messages
share no token is dropped, so both of its quotations stay unpaired.

Token scores (micro-averaged over the corpus). For a role set R:
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

By type. The gold types are Direct, Indirect, FreeIndirect,
IndirectFreeIndirect and Reported. For type T: ``gold`` = gold quotations of
type T, ``found`` = those with a pair, quotation recall = found/gold,
``typed`` = found ones whose partner has the same predicted type. Message
P/R/F1 of T are token scores where the gold side is the gold quotations of
type T and the system side is the system quotations paired with them plus the
unpaired system quotations predicted as T (unpaired untyped system quotations
count only in the overall figures). All five types are always listed; a
figure whose denominator is 0 is not computable and reported as None.

Errors. Misses: gold quotations without a pair, and those whose pair's message
overlap F1 is below ``low_overlap`` (0.5). False hits: system quotations without
a pair. Both lists keep corpus order; nested gold misses are marked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table
from scipy.optimize import linear_sum_assignment

from provenance.errors import InputError
from provenance.records import ArticleResult, Span

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
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


ZERO = Score(0, 0, 0)


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
    message: Score
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
        scores = ("message", "roles", "joint", "cue_exact", "cue_overlap", "speaker_exact", "speaker_overlap")
        return {
            "articles": self.articles,
            "gold_quotations": self.gold_quotations,
            "system_quotations": self.system_quotations,
            "pairs": self.pairs,
            **{name: getattr(self, name).to_dict() for name in scores},
            "per_role": {name: s.to_dict() for name, s in self.per_role},
            "by_type": [t.to_dict() for t in self.by_type],
            "misses": [asdict(e) for e in self.misses],
            "false_hits": [asdict(e) for e in self.false_hits],
        }


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
        )
        for a in obj["annotations"]
    )
    return GoldArticle(str(obj.get("documentName") or lineno), text, tokens, quotations)


def quotations_from_result(result: ArticleResult, tokens: Sequence[tuple[int, int]]) -> list[Quotation]:
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
        )
        for a in result.attributions
        if a.via is None
    ]


# --- scoring -----------------------------------------------------------------


def overlap_f1(a: Tokens, b: Tokens) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def align(system: Sequence[Tokens], gold: Sequence[Tokens]) -> list[tuple[int, int, float]]:
    """One-to-one (system index, gold index, overlap F1) pairs maximising summed F1."""
    if not system or not gold:
        return []
    f1 = [[overlap_f1(s, g) for g in gold] for s in system]
    rows, cols = linear_sum_assignment(f1, maximize=True)
    return [(int(r), int(c), f1[r][c]) for r, c in zip(rows, cols) if f1[r][c] > 0]


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
    n_pairs = n_system = n_gold = 0

    def type_row(t: str) -> list:
        return types.setdefault(t, [0, 0, 0, ZERO])

    for article, system in articles:
        gold = article.quotations
        pairs = align([q.message for q in system], [q.message for q in gold])
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
    return EvalReport(
        articles=len(articles), gold_quotations=n_gold, system_quotations=n_system, pairs=n_pairs,
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
    articles = load_gold(path)
    results = analyze([(article.text, article.id) for article in articles])
    scored = []
    for article, result in zip(articles, results, strict=True):
        # char offsets only map onto gold tokens if the analyser kept the text as is
        if result.text != article.text:
            raise ValueError(f"analyze changed the text of article {article.id!r}; offsets would not line up")
        scored.append((article, quotations_from_result(result, article.tokens)))
    return score(scored, low_overlap)


# --- rendering ---------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def render(report: EvalReport, console: Console, max_errors: int = 20) -> None:
    main = Table(title=f"Quotation attribution: {report.articles} articles, {report.gold_quotations} gold / "
                       f"{report.system_quotations} system quotations, {report.pairs} pairs")
    for col in ("figure", "P", "R", "F1", "overlap", "system", "gold"):
        main.add_column(col, justify="left" if col == "figure" else "right")
    rows = [("message", report.message), ("roles", report.roles), ("joint", report.joint),
            *((f"  {name} (in pairs)", s) for name, s in report.per_role),
            ("cue spans, exact", report.cue_exact), ("cue spans, overlap", report.cue_overlap),
            ("speaker spans, exact", report.speaker_exact), ("speaker spans, overlap", report.speaker_overlap)]
    for name, s in rows:
        main.add_row(name, _pct(s.precision), _pct(s.recall), _pct(s.f1), str(s.overlap), str(s.system), str(s.gold))
    console.print(main)

    by_type = Table(title="By gold type")
    for col in ("type", "gold", "found", "quotation R", "same type", "message P", "message R", "message F1"):
        by_type.add_column(col, justify="left" if col == "type" else "right")
    for t in report.by_type:
        by_type.add_row(t.type, str(t.gold), str(t.found), _pct(t.quotation_recall), str(t.typed),
                        _pct(t.message.precision), _pct(t.message.recall), _pct(t.message.f1))
    console.print(by_type)

    for title, items in (("Misses", report.misses), ("False hits", report.false_hits)):
        table = Table(title=f"{title} ({len(items)}, showing {min(len(items), max_errors)})")
        for col in ("article", "kind", "type", "speaker", "message", "F1", "system partner"):
            table.add_column(col, overflow="fold")
        for e in items[:max_errors]:
            kind = f"{e.kind}, nested" if e.nested else e.kind
            table.add_row(e.article_id, kind, e.type or "–", e.speaker, e.text, _pct(e.overlap), e.partner or "")
        console.print(table)
