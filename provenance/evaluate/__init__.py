"""Score quotation attribution against the German WIKINEWS gold data.

Two sets of figures come out of one pairing of system and gold quotations.
The components: :mod:`.gold` reads gold files, :mod:`.metric` pairs and
scores, :mod:`.scores` holds the figures, :mod:`.kinds` scores source kinds
against hand labels, :mod:`.render` prints the tables; this module runs the
engine over a gold file and writes the JSON.

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
from collections.abc import Callable, Sequence
from pathlib import Path

from provenance.evaluate.gold import (
    FORM_TO_TYPE,
    MEDIUM_LETTERS,
    ROLES,
    TYPES,
    GoldArticle,
    GoldFormatError,
    Quotation,
    Tokens,
    gold_medium,
    load_gold,
    quotations_from_result,
)
from provenance.evaluate.kinds import (
    KINDS,
    KindLabel,
    KindLabelError,
    KindPrediction,
    KindReport,
    KindScores,
    check_kind_labels,
    doc_number,
    load_kind_labels,
    score_kinds,
)
from provenance.evaluate.metric import (
    LOW_OVERLAP,
    MEDIUM_BONUS,
    SPKATT_MAPPED,
    SPKATT_ROLES,
    TYPE_BONUS,
    align,
    overlap_f1,
    pair_quotations,
    score,
    score_spkatt,
    score_spkatt_results,
    spkatt_roles,
)
from provenance.evaluate.render import render, render_kinds, render_spkatt
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
    f1_of,
)
from provenance.records import ArticleResult
from provenance.safe_text import visible_json

__all__ = ["FORM_TO_TYPE", "KINDS", "LOW_OVERLAP", "MACRO_ZERO", "MEDIUM_BONUS", "MEDIUM_LETTERS", "ROLES", "SPKATT_MAPPED", "SPKATT_ROLES", "TYPES", "TYPE_BONUS", "ZERO", "ErrorItem", "EvalReport", "GoldArticle", "GoldFormatError", "KindLabel", "KindLabelError", "KindPrediction", "KindReport", "KindScores", "MacroScore", "OfficialScores", "Quotation", "Score", "SpkAttScores", "Tokens", "TypeScore", "align", "analyze_gold", "check_kind_labels", "doc_number", "evaluate", "f1_of", "gold_medium", "load_gold", "load_kind_labels", "overlap_f1", "pair_quotations", "quotations_from_result", "render", "render_kinds", "render_spkatt", "score", "score_kinds", "score_results", "score_spkatt", "score_spkatt_results", "spkatt_roles", "write_json"]


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
