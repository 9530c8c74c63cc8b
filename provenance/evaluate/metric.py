"""Scoring system quotations against gold ones (definitions: the docstring of :mod:`provenance.evaluate`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from provenance.evaluate.gold import (
    ROLES,
    TYPES,
    GoldArticle,
    Quotation,
    Tokens,
    quotations_from_result,
)
from provenance.evaluate.scores import (
    MACRO_ZERO,
    ZERO,
    ErrorItem,
    EvalReport,
    MacroScore,
    OfficialScores,
    Score,
    SpkAttScores,
    TypeScore,
)
from provenance.records import ArticleResult

LOW_OVERLAP = 0.5
# Pairing weight on top of the message overlap F1 (see the module docstring).
TYPE_BONUS = 0.01
MEDIUM_BONUS = 0.01


def overlap_f1(a: Tokens, b: Tokens) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def align(system: Sequence[Tokens], gold: Sequence[Tokens]) -> list[tuple[int, int, float]]:
    """One-to-one (system index, gold index, overlap F1) pairs maximising summed F1."""
    if not system or not gold:
        return []
    f1 = [[overlap_f1(s, g) for g in gold] for s in system]
    from scipy.optimize import (
        linear_sum_assignment,  # scoring only: analysis never pays for scipy
    )

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
    from scipy.optimize import (
        linear_sum_assignment,  # scoring only: analysis never pays for scipy
    )

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
