"""Hand-computed checks of the evaluation metric on small synthetic articles."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from provenance.evaluate import (
    GoldArticle,
    KindLabel,
    Quotation,
    evaluate,
    load_gold,
    load_kind_labels,
    quotations_from_result,
    render,
    score,
    score_kinds,
)
from provenance.cli import app
from provenance.records import ArticleResult, Attribution, Cue, Source, Span

from corpus_helpers import config_dir

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wikinews-quotes" / "dev.jsonl"


def ids(*xs: int | range) -> frozenset[int]:
    return frozenset(i for x in xs for i in (x if isinstance(x, range) else (x,)))


def article(quotations, n_tokens: int = 50, id: str = "a1") -> GoldArticle:
    """An article of n one-character tokens "x x x …", so token i is text[2i]."""
    text = " ".join("x" for _ in range(n_tokens))
    return GoldArticle(id, text, tuple((2 * i, 2 * i + 1) for i in range(n_tokens)), tuple(quotations))


def q(message, type=None, medium="", **roles) -> Quotation:
    return Quotation(message=message, type=type, medium=frozenset(medium), **roles)


def approx(x):
    return pytest.approx(x, abs=1e-9)


# --- message pairing ----------------------------------------------------------


def test_perfect_match_is_100():
    gold = [q(ids(range(3, 6)), "Direct", cue=ids(1), speaker=ids(0), frame=ids(0, 1), addressee=ids(2))]
    report = score([(article(gold), list(gold))])
    for s in (report.message, report.roles, report.joint, report.cue_exact, report.cue_overlap,
              report.speaker_exact, report.speaker_overlap):
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert report.pairs == 1 and not report.misses and not report.false_hits


def test_disjoint_messages_score_0_and_are_listed():
    gold = [q(ids(3, 4), speaker=ids(0))]
    system = [q(ids(0, 1), speaker=ids(0))]
    report = score([(article(gold), system)])
    assert report.pairs == 0
    assert (report.message.overlap, report.message.system, report.message.gold) == (0, 2, 2)
    assert report.message.f1 == 0.0
    # the speakers agree, but roles only count within pairs
    assert report.roles.overlap == 0 and report.roles.f1 == 0.0
    # span-level speaker scores do not depend on the pairing
    assert report.speaker_exact.f1 == 1.0
    assert [e.kind for e in report.misses] == ["miss"]
    assert [e.kind for e in report.false_hits] == ["false hit"]
    assert report.false_hits[0].text == "x x"


def test_partial_overlap():
    # gold 4 tokens, system 6 tokens, 3 shared: P = 3/6, R = 3/4, F1 = 0.6
    report = score([(article([q(ids(range(2, 6)))]), [q(ids(range(3, 9)))])])
    assert report.message.precision == approx(0.5)
    assert report.message.recall == approx(0.75)
    assert report.message.f1 == approx(0.6)
    assert not report.misses  # pair F1 = 2*3/10 = 0.6 >= 0.5


def test_low_overlap_pair_is_a_miss_but_still_scores():
    # 1 shared token of 10 gold / 2 system: pair F1 = 2/12
    report = score([(article([q(ids(range(10)), "Indirect")]), [q(ids(9, 10))])])
    assert report.pairs == 1
    assert (report.message.overlap, report.message.system, report.message.gold) == (1, 2, 10)
    (miss,) = report.misses
    assert miss.kind == "low overlap" and miss.overlap == approx(2 / 12) and miss.partner == "x x"
    assert not report.false_hits
    assert report.by_type[1].found == 1  # a low-overlap pair still counts as found


def test_one_to_one_assignment_beats_greedy():
    # F1(X,A) = 6/9, F1(X,B) = 4/9, F1(Y,A) = 2/5, F1(Y,B) = 0.
    # Greedy would pair X-A and leave Y and B alone (sum 0.667);
    # Hungarian pairs X-B and Y-A (sum 0.844). The speakers only agree then.
    gold = [q(ids(0, 1, 2, 3), speaker=ids(8)), q(ids(4, 5, 6, 7), speaker=ids(9))]
    system = [q(ids(1, 2, 3, 4, 5), speaker=ids(9)), q(ids(0), speaker=ids(8))]
    report = score([(article(gold), system)])
    assert report.pairs == 2
    assert not report.false_hits
    assert (report.message.overlap, report.message.system, report.message.gold) == (3, 6, 8)
    assert report.roles.f1 == 1.0
    assert sorted(e.overlap for e in report.misses) == [approx(0.4), approx(4 / 9)]


def test_each_gold_quotation_pairs_at_most_once():
    gold = [q(ids(0, 1, 2))]
    system = [q(ids(0, 1, 2)), q(ids(1, 2))]
    report = score([(article(gold), system)])
    assert report.pairs == 1
    # the duplicate adds its 2 tokens as false positives: P = 3/5
    assert report.message.precision == approx(3 / 5) and report.message.recall == 1.0
    assert [e.text for e in report.false_hits] == ["x x"]


def test_pairing_is_per_article():
    a, b = article([q(ids(0, 1))], id="a"), article([q(ids(5, 6))], id="b")
    # the system found b's quotation in a: no credit across articles
    report = score([(a, [q(ids(5, 6))]), (b, [])])
    assert report.pairs == 0 and report.message.overlap == 0
    assert [e.article_id for e in report.misses] == ["a", "b"]


# --- roles --------------------------------------------------------------------


def test_roles_are_scored_by_token_overlap_within_pairs():
    gold = [q(ids(range(5, 10)), cue=ids(1), speaker=ids(0), frame=ids(0, 1, 2), addressee=ids(3))]
    system = [q(ids(range(5, 10)), cue=ids(1, 2), speaker=ids(0), addressee=ids(4))]
    report = score([(article(gold), system)])
    roles = dict(report.per_role)
    assert (roles["cue"].overlap, roles["cue"].system, roles["cue"].gold) == (1, 2, 1)
    assert (roles["speaker"].overlap, roles["speaker"].system, roles["speaker"].gold) == (1, 1, 1)
    assert (roles["frame"].overlap, roles["frame"].system, roles["frame"].gold) == (0, 0, 3)
    assert roles["frame"].precision is None  # nothing predicted: not computable
    assert (roles["addressee"].overlap, roles["addressee"].system, roles["addressee"].gold) == (0, 1, 1)
    # roles: 2 of 4 system, 2 of 6 gold tokens
    assert (report.roles.precision, report.roles.recall) == (approx(0.5), approx(1 / 3))
    assert report.roles.f1 == approx(0.4)
    # joint adds the 5 message tokens: P = 7/9, R = 7/11, F1 = 14/20
    assert report.joint.precision == approx(7 / 9) and report.joint.recall == approx(7 / 11)
    assert report.joint.f1 == approx(0.7)


def test_roles_of_unpaired_quotations_count_in_full():
    gold = [q(ids(5, 6), speaker=ids(0)), q(ids(20, 21), speaker=ids(19, 18))]
    system = [q(ids(5, 6), speaker=ids(0)), q(ids(30), speaker=ids(29), cue=ids(28))]
    report = score([(article(gold), system)])
    assert (report.roles.overlap, report.roles.system, report.roles.gold) == (1, 3, 3)


def test_span_level_cue_and_speaker_scores():
    # two gold quotations share the cue {1} and the speaker {0}: counted once each
    gold = [q(ids(5, 6), cue=ids(1), speaker=ids(0)), q(ids(8, 9), cue=ids(1), speaker=ids(0)),
            q(ids(20), cue=ids(15, 17), speaker=ids(12, 13))]
    system = [q(ids(30), cue=ids(1, 2), speaker=ids(0)), q(ids(31), cue=ids(15, 17), speaker=ids(13))]
    report = score([(article(gold), system)])
    # cues: system {1,2}, {15,17}; gold {1}, {15,17} -> one exact match of 2 / 2
    assert (report.cue_exact.overlap, report.cue_exact.system, report.cue_exact.gold) == (1, 2, 2)
    # overlap: pairs {1,2}-{1} and {15,17}-{15,17}: 3 shared tokens of 4 system, 3 gold
    assert (report.cue_overlap.overlap, report.cue_overlap.system, report.cue_overlap.gold) == (3, 4, 3)
    # speakers: system {0}, {13}; gold {0}, {12,13}
    assert (report.speaker_exact.overlap, report.speaker_exact.system, report.speaker_exact.gold) == (1, 2, 2)
    assert report.speaker_overlap.precision == 1.0 and report.speaker_overlap.recall == approx(2 / 3)
    assert report.pairs == 0  # none of this needs paired messages


# --- types ----------------------------------------------------------------------


def test_breakdown_by_type():
    gold = [q(ids(0, 1, 2, 3), "Direct"), q(ids(10, 11, 12, 13), "Direct"), q(ids(20, 21, 22, 23), "Indirect")]
    system = [
        q(ids(0, 1, 2, 3), "Direct"),  # pairs the first Direct
        q(ids(20, 21), "Direct"),  # pairs the Indirect, wrong type
        q(ids(30, 31), "Indirect"),  # unpaired, counts against Indirect precision
        q(ids(40)),  # unpaired and untyped: only in the overall figures
    ]
    report = score([(article(gold), system)])
    rows = {t.type: t for t in report.by_type}
    assert list(rows) == ["Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"]
    d, i, r = rows["Direct"], rows["Indirect"], rows["Reported"]
    assert (d.gold, d.found, d.typed, d.quotation_recall) == (2, 1, 1, 0.5)
    assert (d.message.overlap, d.message.system, d.message.gold) == (4, 4, 8)
    assert d.message.f1 == approx(2 / 3)
    assert (i.gold, i.found, i.typed, i.quotation_recall) == (1, 1, 0, 1.0)
    assert (i.message.overlap, i.message.system, i.message.gold) == (2, 4, 4)
    assert i.message.f1 == approx(0.5)
    assert r.gold == 0 and r.quotation_recall is None and r.message.f1 is None
    assert report.message.system == 9


# --- the official (macro) metric -------------------------------------------------


def official_case():
    """Three gold and three system quotations in one article of tokens 0..49:
    two pairs, one unpaired gold, one unpaired system quotation."""
    gold = [
        q(ids(0, 1, 2, 3), "Direct", "S", speaker=ids(10), cue=ids(11), frame=ids(10, 11)),  # G1
        q(ids(20, 21), "Indirect", "SW", speaker=ids(25, 26), cue=ids(27)),  # G2
        q(ids(40, 41, 42), "Indirect", "S", speaker=ids(45)),  # G3, nothing overlaps it
    ]
    system = [
        q(ids(range(6)), "Direct", "S", speaker=ids(10), cue=ids(11, 12), frame=ids(10, 11), addressee=ids(13)),  # S1
        q(ids(20, 21), "Indirect", "W", speaker=ids(25, 28)),  # S2: no cue
        q(ids(30), "Reported", speaker=ids(31), cue=ids(32)),  # S3, overlaps nothing, no medium
    ]
    return score([(article(gold), system)])


def test_official_messages_are_means_over_groups():
    report = official_case()
    official = report.official
    # groups: S1~G1 (message F1 8/10), S2~G2 (F1 1), G3 alone, S3 alone
    assert report.pairs == 2 and official.groups == 4
    # message P per group: S1~G1 4/6, S2~G2 2/2, S3 alone 0/1; G3 alone has no system token: left out
    # message R per group: S1~G1 4/4, S2~G2 2/2, G3 alone 0/3; S3 alone has no gold token: left out
    m = official.messages
    assert (m.precisions, m.recalls) == (3, 3)
    assert m.precision == approx((4 / 6 + 1 + 0) / 3)  # 5/9
    assert m.recall == approx((1 + 1 + 0) / 3)  # 2/3
    assert m.f1 == approx(2 * (5 / 9) * (2 / 3) / (5 / 9 + 2 / 3))  # 20/33, from the means
    # micro pools the tokens: overlap 4 + 2, system 6 + 2 + 1, gold 4 + 2 + 3: 6/9 both ways
    assert (report.message.overlap, report.message.system, report.message.gold) == (6, 9, 9)
    assert report.message.f1 == approx(2 / 3) and m.f1 != approx(report.message.f1)


def test_official_roles_and_joint_are_flat_means_leaving_empty_roles_out():
    official = official_case().official
    per_role = dict(official.per_role)
    # cue: S1~G1 {11,12} vs {11}: P 1/2, R 1; S2~G2 {} vs {27}: R 0 only; G3 has no cue: nothing;
    # S3 alone {32}: P 0 only
    cue = per_role["cue"]
    assert (cue.precision, cue.recall) == (approx((1 / 2 + 0) / 2), approx((1 + 0) / 2))
    # speaker: S1~G1 {10} vs {10}: 1, 1; S2~G2 {25,28} vs {25,26}: 1/2, 1/2; G3 {45}: R 0; S3 {31}: P 0
    speaker = per_role["speaker"]
    assert (speaker.precision, speaker.recall) == (approx(1.5 / 3), approx(1.5 / 3))
    # frame: only S1~G1 has one, {10,11} on both sides; empty elsewhere on both sides: left out
    assert (per_role["frame"].precision, per_role["frame"].recall) == (1.0, 1.0)
    assert (per_role["frame"].precisions, per_role["frame"].recalls) == (1, 1)
    # addressee: only the system gave one (S1 {13}): P 0, and no recall at all
    addressee = per_role["addressee"]
    assert addressee.precision == 0.0 and addressee.recall is None and addressee.f1 is None
    # Roles: one mean over the 7 P values (1/2, 0 | 1, 1/2, 0 | 1 | 0) = 3/7
    # and the 6 R values (1, 0 | 1, 1/2, 0 | 1) = 3.5/6 = 7/12
    roles = official.roles
    assert (roles.precisions, roles.recalls) == (7, 6)
    assert (roles.precision, roles.recall) == (approx(3 / 7), approx(7 / 12))
    assert roles.f1 == approx(42 / 85)  # 2 * 3/7 * 7/12 / (3/7 + 7/12)
    # Joint: the message values join them: P (5/3 + 3) / 10 = 7/15, R (2 + 3.5) / 9 = 11/18
    joint = official.joint
    assert (joint.precision, joint.recall) == (approx(7 / 15), approx(11 / 18))
    assert joint.f1 == approx(154 / 291)


def test_micro_roles_differ_from_the_official_ones():
    report = official_case()
    # pooled: overlap S1~G1 cue 1 + speaker 1 + frame 2, S2~G2 speaker 1 = 5;
    # system tokens S1 2+1+2+1, S2 2, S3 1+1 = 10; gold G1 1+1+2, G2 2+1, G3 1 = 8
    assert (report.roles.overlap, report.roles.system, report.roles.gold) == (5, 10, 8)
    assert (report.roles.precision, report.roles.recall) == (0.5, 5 / 8)
    assert report.roles.f1 != approx(report.official.roles.f1)
    assert (report.joint.overlap, report.joint.system, report.joint.gold) == (11, 19, 17)


def test_official_form_and_stwr():
    official = official_case().official
    # Form (type as one label): S1~G1 Direct = Direct, S2~G2 Indirect = Indirect: 1, 1 each;
    # G3 alone: R 0; S3 alone (Reported): P 0
    assert (official.form.precision, official.form.recall) == (approx(2 / 3), approx(2 / 3))
    # STWR (medium letters): S1~G1 {S} vs {S}: 1, 1; S2~G2 {W} vs {S,W}: P 1, R 1/2;
    # G3 alone {S}: R 0; S3 alone has no medium and G3's side is empty: no value
    stwr = official.stwr
    assert (stwr.precisions, stwr.recalls) == (2, 3)
    assert (stwr.precision, stwr.recall) == (1.0, approx(1.5 / 3))
    assert stwr.f1 == approx(2 / 3)


@pytest.mark.parametrize("flip", [False, True])
def test_same_type_decides_between_equal_message_overlaps(flip):
    # both system messages have F1 2*2/(2+4) = 2/3 with the gold one; the type bonus decides
    gold = [q(ids(0, 1, 2, 3), "Direct", speaker=ids(10))]
    system = [q(ids(0, 1), "Indirect", speaker=ids(20)), q(ids(2, 3), "Direct", speaker=ids(10))]
    report = score([(article(gold), system[::-1] if flip else system)])
    assert report.pairs == 1
    assert [e.type for e in report.false_hits] == ["Indirect"]
    assert dict(report.official.per_role)["speaker"].recall == 1.0


@pytest.mark.parametrize("flip", [False, True])
def test_same_medium_decides_between_equal_message_overlaps(flip):
    gold = [q(ids(0, 1, 2, 3), "Direct", "SW")]
    system = [q(ids(0, 1), "Direct", "S"), q(ids(2, 3), "Direct", "SW")]
    report = score([(article(gold), system[::-1] if flip else system)])
    assert report.pairs == 1 and report.official.stwr.recall == 1.0


def test_bonuses_are_small_and_never_pair_disjoint_messages():
    # F1 6/7 with the wrong type beats F1 2/5 with the right one
    gold = [q(ids(0, 1, 2, 3), "Direct", "S")]
    report = score([(article(gold), [q(ids(3), "Direct", "S"), q(ids(0, 1, 2), "Indirect")])])
    assert [e.type for e in report.false_hits] == ["Direct"]
    # same type and medium, no shared token: two groups, no pair
    report = score([(article(gold), [q(ids(5, 6), "Direct", "S")])])
    assert report.pairs == 0 and report.official.groups == 2
    assert report.official.form.precision == 0.0 and report.official.form.recall == 0.0


def test_official_figures_of_an_empty_corpus_are_not_computable():
    official = score([]).official
    assert official.groups == 0 and official.joint.f1 is None and official.form.precision is None


# --- mapping system output --------------------------------------------------------


def attribution(text: str, claim: tuple[int, int], *, cue=(), source=None, form="indirect", via=None,
                id="t1") -> Attribution:
    return Attribution(
        id=id, form=form, medium=None,
        cue=Cue(" ".join(text[b:e] for b, e in cue), tuple(Span.of(text, b, e) for b, e in cue)) if cue else None,
        source=Span.of(text, *source) if source else None, source_id=None,
        claim=Span.of(text, *claim), frame=None, addressee=None, via=via, rule="test", confidence=1.0,
    )


def result(text: str, *attributions: Attribution) -> ArticleResult:
    return ArticleResult(id="a", path=None, text=text, publisher=None, model="test", sources=(),
                         attributions=attributions, chains=())


def whitespace_tokens(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace() and start is not None:
            spans.append((start, i))
            start = None
        elif not ch.isspace() and start is None:
            start = i
    return tuple(spans)


def test_quotations_from_result_maps_char_spans_to_tokens():
    text = "Er teilte gestern mit , das sei gut ."
    tokens = whitespace_tokens(text)
    assert [text[b:e] for b, e in tokens] == ["Er", "teilte", "gestern", "mit", ",", "das", "sei", "gut", "."]
    outer = attribution(text, (24, 35), cue=((3, 9), (18, 21)), source=(0, 2), form="free_indirect")
    relayed = attribution(text, (28, 35), via="t1", id="t2")
    (quotation,) = quotations_from_result(result(text, outer, relayed), tokens)
    assert quotation.message == ids(5, 6, 7)
    assert quotation.cue == ids(1, 3)
    assert quotation.speaker == ids(0)
    assert quotation.frame == frozenset() and quotation.addressee == frozenset()
    assert quotation.type == "FreeIndirect"
    assert quotation.description == "das sei gut"


def test_token_needs_a_shared_non_whitespace_character():
    text = "New York meldet"
    tokens = ((0, 8), (9, 15))  # a gold token may contain a space
    def message(b, e):
        return quotations_from_result(result(text, attribution(text, (b, e))), tokens)[0].message
    assert message(3, 4) == frozenset()  # only the inner space
    assert message(3, 5) == ids(0)
    assert message(7, 10) == ids(0, 1)
    assert message(8, 9) == frozenset()  # the gap between tokens


def test_form_to_type():
    text = "a b c"
    forms = ["direct", "indirect", "free_indirect", "indirect_free_indirect", "reported"]
    res = result(text, *(attribution(text, (0, 1), form=f, id=f) for f in forms))
    assert [x.type for x in quotations_from_result(res, whitespace_tokens(text))] == [
        "Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"]


# --- loading and the pipeline ----------------------------------------------------------


def gold_line(text: str, quote: list[int], name: str | None = "doc", **extra) -> str:
    tokens = [{"id": i, "charBegin": b, "charEnd": e, "text": text[b:e]} for i, (b, e) in enumerate(whitespace_tokens(text))]
    role = lambda ids: {"text": "", "spans": [], "tokenIds": ids}  # noqa: E731
    ann = {"type": "Indirect", "quote": role(quote), "speaker": role([0]), "cue": role([1]),
           "frame": role([]), "addressee": role([]), "isNested": False, **extra}
    obj = {"originalText": text, "tokens": tokens, "sentences": [], "annotations": [ann]}
    if name:
        obj["documentName"] = name
    return json.dumps(obj, ensure_ascii=False)


def test_load_gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line("Er sagte , es regnet .", [3, 4]) + "\n\n"
                    + gold_line("Sie sagte : Nein .", [3], name=None) + "\n", encoding="utf-8")
    first, second = load_gold(path)
    assert first.id == "doc" and second.id == "3"  # no documentName: the line number
    assert first.tokens[:2] == ((0, 2), (3, 8))
    (quotation,) = first.quotations
    assert (quotation.message, quotation.speaker, quotation.cue, quotation.type) == (ids(3, 4), ids(0), ids(1), "Indirect")
    assert first.span_text(quotation.message) == "es regnet"
    assert first.span_text(ids(0, 3, 4)) == "Er … es regnet"


@pytest.mark.parametrize("bad, reason", [
    ("{not json", "line 2"),
    ('{"tokens": [], "annotations": []}', "originalText"),
    ('"a string"', "line 2"),
    (gold_line("Er sagte es .", [7]), "unknown token id 7"),
])
def test_load_gold_rejects_malformed_lines(tmp_path, bad, reason):
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line("Er sagte es .", [2]) + "\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="gold.jsonl, line 2") as info:
        load_gold(path)
    assert reason in str(info.value) and "\n" not in str(info.value)


def test_evaluate_analyzes_the_corpus_in_one_call(tmp_path):
    text = "Er sagte , es regnet ."
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line(text, [3, 4]) + "\n", encoding="utf-8")
    seen = []

    def analyze(pairs):
        seen.append([article_id for _, article_id in pairs])
        return [result(t, attribution(t, (11, 20), cue=((3, 8),), source=(0, 2))) for t, _ in pairs]

    report = evaluate(path, analyze)
    assert seen == [["doc"]]
    assert report.joint.f1 == 1.0 and report.cue_exact.f1 == 1.0
    with pytest.raises(ValueError, match="changed the text"):
        evaluate(path, lambda pairs: [result(t + " ", attribution(t, (11, 20))) for t, _ in pairs])


def test_empty_corpus_has_no_computable_figures():
    report = score([])
    assert report.message.f1 is None and report.pairs == 0


def test_to_dict_and_render():
    gold = [q(ids(0, 1), "Direct", speaker=ids(5)), q(ids(10, 11), "Reported", nested=True)]
    system = [q(ids(1, 2), "Direct"), q(ids(20, 21), "Indirect"), q(ids(30, 31), "Indirect")]
    report = score([(article(gold), system)])
    data = json.loads(json.dumps(report.to_dict()))
    assert data["micro"]["message"]["overlap"] == 1 and data["by_type"][0]["type"] == "Direct"
    # groups: the pair (1,2)~(0,1), the unpaired gold (10,11), the two unpaired system quotations
    assert data["official"]["groups"] == 4
    assert data["official"]["messages"]["precision"] == approx((1 / 2 + 0 + 0) / 3)
    assert data["misses"][0]["nested"] is True
    console = Console(record=True, width=200)
    render(report, console, max_errors=1)
    out = console.export_text()
    assert out.index("Official WIKINEWS metric") < out.index("Micro")
    for needle in ("Messages", "Roles", "Joint", "Form", "STWR", "joint (micro)", "cue spans, exact", "IndirectFreeIndirect", "miss, nested",
                   "False hits (2, showing 1)"):
        assert needle in out


@pytest.fixture(scope="module")
def dev_gold() -> list[GoldArticle]:
    if not DEV.exists():
        pytest.skip("shared data not available")
    return load_gold(DEV)


def test_load_real_dev_file(dev_gold):
    assert len(dev_gold) == 150
    assert sum(len(a.quotations) for a in dev_gold) == 653
    assert len({a.id for a in dev_gold}) == 150
    assert any(q.medium == frozenset("SW") for a in dev_gold for q in a.quotations)
    report = score([(a, a.quotations) for a in dev_gold])
    assert report.joint.f1 == 1.0 and report.pairs == 653
    official = report.official
    assert official.groups == 653
    for s in (official.messages, official.roles, official.joint, official.form, official.stwr):
        assert (s.precision, s.recall) == (1.0, 1.0)


def test_real_dev_file_with_the_system_missing_whole_articles(dev_gold):
    # the first ten articles get no system output: each of their gold
    # quotations is a group of its own with message recall 0
    system = [(a, () if k < 10 else a.quotations) for k, a in enumerate(dev_gold)]
    dropped = sum(len(a.quotations) for a in dev_gold[:10])
    assert dropped > 0
    official = score(system).official
    assert official.groups == 653
    assert official.messages.precision == 1.0
    assert official.messages.recall == approx((653 - dropped) / 653)


def test_real_dev_file_with_shortened_messages_and_no_speakers(dev_gold):
    # every message of two or more tokens loses its last token; no speakers
    def shorten(q: Quotation) -> Quotation:
        message = q.message - {max(q.message)} if len(q.message) > 1 else q.message
        return replace(q, message=message, speaker=frozenset())

    report = score([(a, [shorten(q) for q in a.quotations]) for a in dev_gold])
    gold = [q for a in dev_gold for q in a.quotations]
    assert report.pairs == len(gold)
    kept = [len(shorten(q).message) / len(q.message) for q in gold]
    official = report.official
    assert official.messages.precision == 1.0
    assert official.messages.recall == approx(sum(kept) / len(kept))  # the mean of the ratios
    micro = sum(len(shorten(q).message) for q in gold) / sum(len(q.message) for q in gold)
    assert report.message.recall == approx(micro)  # the ratio of the sums
    assert official.messages.recall < micro  # short messages lose more, and weigh as much as long ones
    speaker = dict(official.per_role)["speaker"]
    assert speaker.precision is None and speaker.recall == 0.0
    assert speaker.recalls == sum(1 for q in gold if q.speaker)
    # every role but the speaker is still exact: the roles recall is the share of non-speaker values
    values = sum(1 for q in gold for r in ("cue", "speaker", "frame", "addressee") if getattr(q, r))
    assert official.roles.recall == approx((values - speaker.recalls) / values)
    assert official.roles.precision == 1.0


# --- the command line, on a real parse ------------------------------------------------

CLI_TEXT = ("Die Bürgermeisterin Anna Berger sagte am Montag, die neue Brücke werde im Sommer eröffnet. "
            "Laut Polizei wurde bei dem Unfall niemand verletzt. "
            "Der Stadtrat will über die Kosten erst im Herbst beraten.")


def cli_gold_line() -> str:
    """One article in the WIKINEWS format: the Berger quotation as the
    parser finds it, and a quotation of the Stadtrat it does not find; the
    police sentence is not annotated (so it is a false hit)."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", CLI_TEXT)]

    def role(*phrases: str) -> dict:
        token_ids = []
        for phrase in phrases:
            start = CLI_TEXT.index(phrase)
            token_ids += [i for i, (b, e) in enumerate(tokens) if start <= b and e <= start + len(phrase)]
        return {"text": " ".join(phrases), "spans": [], "tokenIds": [100 + i for i in token_ids]}

    annotations = [
        {"type": "Indirect", "medium": "Speech", "isNested": False,
         "quote": role("die neue Brücke werde im Sommer eröffnet"), "speaker": role("Die Bürgermeisterin Anna Berger"),
         "cue": role("sagte"), "frame": role("Die Bürgermeisterin Anna Berger sagte am Montag,"), "addressee": role()},
        {"type": "Reported", "medium": "Thought", "isNested": False,
         "quote": role("über die Kosten erst im Herbst beraten"), "speaker": role("Der Stadtrat"),
         "cue": role("will"), "frame": role(), "addressee": role()},
    ]
    return json.dumps({
        "documentName": "1234_Brücke", "originalText": CLI_TEXT, "sentences": [], "annotations": annotations,
        # token ids need not be positions: the loader maps them
        "tokens": [{"id": 100 + i, "charBegin": b, "charEnd": e, "text": CLI_TEXT[b:e]} for i, (b, e) in enumerate(tokens)],
    }, ensure_ascii=False)


def test_eval_command_prints_the_official_figures(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(cli_gold_line() + "\n", encoding="utf-8")
    out = tmp_path / "figures.json"
    configs = config_dir(tmp_path, cache={"dir": str(tmp_path / "cache")})
    done = CliRunner().invoke(app, ["eval", str(gold), "--json", str(out), "--config", str(configs)],
                              env={"COLUMNS": "160"})
    assert done.exit_code == 0, done.output
    # Groups: the Berger pair (all roles exact), the Stadtrat alone (gold), the police alone (system:
    # message "wurde bei dem Unfall niemand verletzt", cue "Laut", speaker "Polizei", frame "Laut Polizei").
    # Messages: P values 1 (pair), 0 (police); R values 1 (pair), 0 (Stadtrat): 50.0 / 50.0 / 50.0
    # Roles: P values cue, speaker, frame of the pair 1, 1, 1 and of the police 0, 0, 0: 3/6;
    #        R values 1, 1, 1 and the Stadtrat's speaker and cue 0, 0: 3/5; F1 = 2*.5*.6/1.1 = 54.5
    # Joint: P (2 messages + 6 roles) 4/8, R (2 + 5) 4/7: F1 = 8/15 = 53.3
    # Form: the pair Indirect = Indirect 1, 1; police (Indirect) P 0; Stadtrat (Reported) R 0: 50.0 each
    # STWR: the pair speech = Speech 1, 1; the police cue has no medium: no value; Stadtrat Thought R 0:
    #       P 1/1, R 1/2, F1 66.7
    rows = {}
    for line in done.stdout.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│┃|]", line) if cell.strip()]
        if cells and cells[0] in ("Messages", "Roles", "Joint", "Form", "STWR"):
            rows[cells[0]] = cells[1:4]
    assert rows == {"Messages": ["50.0", "50.0", "50.0"], "Roles": ["50.0", "60.0", "54.5"],
                     "Joint": ["50.0", "57.1", "53.3"], "Form": ["50.0", "50.0", "50.0"],
                     "STWR": ["100.0", "50.0", "66.7"]}
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["official"]["groups"] == 3
    assert data["official"]["joint"]["f1"] == approx(8 / 15)
    assert data["official"]["per_role"]["speaker"]["recall"] == approx(1 / 2)
    # micro, for contrast: message tokens 7 of 7 + 6 system, 7 of 7 + 7 gold
    assert (data["micro"]["message"]["overlap"], data["micro"]["message"]["system"],
            data["micro"]["message"]["gold"]) == (7, 13, 14)
    assert "micro" in done.stdout.lower()


def test_eval_command_rejects_a_malformed_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(cli_gold_line() + "\n{not json\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["eval", str(gold)])
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert "gold.jsonl, line 2" in done.stderr


# --- source kinds against hand labels ------------------------------------------------

KIND_TEXT = ("Ministerin Anna Berger sagte, die Brücke komme. Ein Insider sagte, sie komme nicht. "
             "Er meinte, das sei falsch. Sie sagte, alles sei gut. Experten warnen, es werde teuer. "
             "Die Firma Novatec widersprach. Der Stadtrat schwieg.")


@dataclass(frozen=True)
class TrackedSource:
    """A source of the shape another tracker may give: with ``resolved``."""

    id: str
    name: str
    kind: str
    anonymous: bool
    mentions: tuple[Span, ...]
    resolved: bool = True


def at(phrase: str, text: str = KIND_TEXT, after: int = 0) -> Span:
    start = text.index(phrase, after)
    return Span.of(text, start, start + len(phrase))


def kind_case():
    text = KIND_TEXT
    sources = (
        Source("s1", "Anna Berger", "person", False, None, None, (at("Ministerin Anna Berger"),)),
        Source("s2", "Insider", "anonymous", True, None, None, (at("Ein Insider"),)),
        TrackedSource("s3", "Er", "unspecified", True, (at("Er"),), resolved=False),
        Source("s4", "Novatec", "outlet", False, None, None, (at("Novatec"),)),
        # a mention only, listed before the attribution's source s5 of the same span
        Source("s7", "Experten", "unspecified", True, None, None, (at("Experten"),)),
        Source("s5", "Experten", "organization", False, None, None, (at("Experten"),)),
        Source("s6", "Firma Novatec", "organization", False, None, None, ()),
    )
    said = [("Ministerin Anna Berger", "s1"), ("Ein Insider", "s2"), ("Er", "s3"), ("Sie", "s1"),
            ("Experten", "s5"), ("Firma Novatec", "s6"), ("Der Stadtrat", None)]
    attributions = tuple(replace(attribution(text, (0, 5), source=(at(p).start, at(p).end), id=f"t{k}"),
                                 source_id=source_id) for k, (p, source_id) in enumerate(said))
    gold = GoldArticle("77 - Brücke kommt (2025-01-01)", text, whitespace_tokens(text), ())
    labels = [
        KindLabel("77", *span(at("Anna Berger")), "person", False),  # L1: inside a1's span, ratio 11/22
        KindLabel("77", *span(at("Ein Insider")), "anonymous", True),  # L2: exact
        KindLabel("77", *span(at("Er")), "person", False, pronoun=True),  # L3: source unresolved
        KindLabel("77", *span(at("Sie")), "person", False, pronoun=True),  # L4: resolved to Berger
        KindLabel("77", *span(at("Experten")), "unspecified", True),  # L5: attribution before mention
        KindLabel("77", *span(at("Die Firma Novatec")), "organization", False),  # L6: ratio 13/17 beats 7/17
        KindLabel("77", *span(at("Novatec")), "organization", False),  # L7: the exact mention wins
        KindLabel("77", *span(at("Der Stadtrat")), "organization", False),  # L8: a span without a source
    ]
    return score_kinds(labels, [(gold, replace(result(text, *attributions), sources=sources))])


def span(s: Span) -> tuple[int, int]:
    return s.start, s.end


def test_kind_candidates_and_predictions():
    report = kind_case()
    predicted = [(p.kind, p.source, p.candidate) for p in report.predictions]
    assert predicted == [
        ("person", "Anna Berger", "Ministerin Anna Berger"),  # L1
        ("anonymous", "Insider", "Ein Insider"),  # L2
        ("unspecified", "Er", "Er"),  # L3
        ("person", "Anna Berger", "Sie"),  # L4
        ("organization", "Experten", "Experten"),  # L5: the attribution's source s5, not the mention's s7
        ("organization", "Firma Novatec", "Firma Novatec"),  # L6
        ("outlet", "Novatec", "Novatec"),  # L7: exact beats the attribution span's ratio 7/13
        (None, None, None),  # L8
    ]
    assert [p.correct for p in report.predictions] == [True, True, False, True, False, True, False, False]


def test_kind_figures_all_and_without_pronouns():
    report = kind_case()
    every, plain = report.all, report.without_pronouns
    # all: 8 labels, 7 covered (not L8), correct L1 L2 L4 L6 = 4
    assert (every.labels, every.covered, every.correct) == (8, 7, 4)
    assert (every.coverage, every.accuracy) == (7 / 8, 4 / 7)
    # anonymity on covered labels: gold anonymous L2, L5; predicted anonymous L2, L3 (unresolved "Er")
    assert (every.anonymity.overlap, every.anonymity.system, every.anonymity.gold) == (1, 2, 2)
    assert (every.anonymity.precision, every.anonymity.recall, every.anonymity.f1) == (0.5, 0.5, 0.5)
    # without the pronouns L3, L4: 6 labels, 5 covered, correct L1 L2 L6 = 3; anonymity tp 1 of 1 predicted, 2 gold
    assert (plain.labels, plain.covered, plain.correct) == (6, 5, 3)
    assert plain.anonymity.precision == 1.0 and plain.anonymity.recall == 0.5
    assert plain.anonymity.f1 == approx(2 / 3)
    per_kind = {kind: (n, c, k) for kind, n, c, k in every.per_kind}
    assert per_kind == {"person": (3, 3, 2), "organization": (3, 2, 1), "official": (0, 0, 0),
                        "outlet": (0, 0, 0), "anonymous": (1, 1, 1), "unspecified": (1, 1, 0)}
    confusion = {gold: {kind: n for kind, n in row if n} for gold, row in every.confusion}
    assert confusion == {"person": {"person": 2, "unspecified": 1}, "organization": {"organization": 1, "outlet": 1},
                         "official": {}, "outlet": {}, "anonymous": {"anonymous": 1}, "unspecified": {"organization": 1}}
    assert [e.text for e in report.errors] == ["Er", "Experten", "Novatec", "Der Stadtrat"]
    data = json.loads(json.dumps(report.to_dict()))
    assert data["all"]["coverage"] == 7 / 8 and data["errors"][3]["predicted_kind"] is None
    assert data["errors"][0]["doc"] == "77" and data["errors"][0]["gold_kind"] == "person"


def test_a_pronoun_is_wrong_when_its_source_is_unresolved_whatever_its_kind():
    text = "Er sagte, es regne."
    gold = GoldArticle("5", text, whitespace_tokens(text), ())
    label = KindLabel("5", 0, 2, "person", False, pronoun=True)
    right_kind = TrackedSource("s1", "Er", "person", False, (Span.of(text, 0, 2),), resolved=False)
    said = replace(attribution(text, (10, 18), source=(0, 2)), source_id="s1")
    unresolved = score_kinds([label], [(gold, replace(result(text, said), sources=(right_kind,)))])
    assert unresolved.all.accuracy == 0.0
    resolved = replace(right_kind, resolved=True)
    assert score_kinds([label], [(gold, replace(result(text, said), sources=(resolved,)))]).all.accuracy == 1.0
    # a full noun phrase is not a pronoun: resolution is not asked of it
    noun = KindLabel("5", 0, 2, "person", False)
    assert score_kinds([noun], [(gold, replace(result(text, said), sources=(right_kind,)))]).all.accuracy == 1.0


def test_discontinuous_labels_count_only_their_pieces():
    text = "Die Polizei und später auch die Feuerwehr teilten mit, es brenne."
    gold = GoldArticle("9", text, whitespace_tokens(text), ())
    label = KindLabel("9", 0, 41, "organization", False, ranges=((0, 11), (28, 41)))
    # "später auch" lies inside the hull but not in the label: a span there is no candidate
    inside = Source("s1", "später", "person", False, None, None, (at("später auch", text),))
    assert score_kinds([label], [(gold, replace(result(text), sources=(inside,)))]).all.covered == 0
    police = Source("s2", "Polizei", "organization", False, None, None, (at("Die Polizei", text),))
    report = score_kinds([label], [(gold, replace(result(text), sources=(inside, police)))])
    assert report.all.correct == 1 and report.predictions[0].text == "Die Polizei … die Feuerwehr"


def test_a_span_exactly_on_a_discontinuous_label_beats_a_higher_overlap_ratio():
    text = "Ein Sprecher, so hieß es aus Kreisen der Kölner Polizei, teilte mit, es brenne."
    gold = GoldArticle("9", text, whitespace_tokens(text), ())
    speaker, police = at("Ein Sprecher", text), at("der Kölner Polizei", text)
    label = KindLabel("9", speaker.start, police.end, "official", False,
                      ranges=(span(speaker), span(police)))
    # the hull: 12 + 18 of its 55 characters are the label's, ratio 30/55 = 0.55;
    # "der Kölner Polizei" alone: 18 / (30 + 18 - 18) = 0.6, but it is not exact
    hull = Source("s1", "Sprecher", "official", False, None, None, (Span.of(text, speaker.start, police.end),))
    piece = Source("s2", "Polizei", "organization", False, None, None, (police,))
    report = score_kinds([label], [(gold, replace(result(text), sources=(piece, hull)))])
    assert report.predictions[0].source == "Sprecher" and report.all.accuracy == 1.0


@pytest.mark.parametrize("line, reason", [
    ('{"doc": "1", "start": 0, "end": 2, "kind": "politician", "anonymous": false}', "kind 'politician'"),
    ('{"doc": "1", "start": 3, "end": 2, "kind": "person", "anonymous": false}', "end is not after start"),
    ('{"doc": "1", "start": 0, "end": 2, "kind": "person"}', "missing key 'anonymous'"),
    ('{"doc": "1", "start": 0, "end": 2, "kind": "person", "anonymous": "no"}', "anonymous is not true or false"),
    ('[1, 2]', "JSON object"),
])
def test_load_kind_labels_rejects_malformed_lines(tmp_path, line, reason):
    path = tmp_path / "kinds.jsonl"
    path.write_text('{"doc": "1", "start": 0, "end": 2, "kind": "person", "anonymous": false, "pronoun": true, '
                    '"refers_to": [5, 9]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kinds.jsonl, line 2: malformed label") as info:
        load_kind_labels(path)
    assert reason in str(info.value)


def test_labels_of_articles_missing_from_the_gold_file_are_refused():
    gold = GoldArticle("12 - Titel", "Er sagte es.", ((0, 2),), ())
    with pytest.raises(ValueError, match="does not hold: 13"):
        score_kinds([KindLabel("13", 0, 2, "person", False)], [(gold, result("Er sagte es."))])


# Sentences whose speakers the rules find today and a resolver keeps: Berger by
# name and as "Sie" (singular verb, so not the eyewitnesses), the police.
KIND_CLI_TEXT = ("Die Bürgermeisterin Anna Berger sagte am Montag, die neue Brücke werde im Sommer eröffnet. "
                 "Der Stadtrat will über die Kosten erst im Herbst beraten. "
                 "Sie erklärte, die Stadt werde die Kosten tragen. Laut Polizei wurde niemand verletzt.")


def test_eval_command_scores_source_kinds(tmp_path):
    text = KIND_CLI_TEXT
    tokens = [{"id": i, "charBegin": m.start(), "charEnd": m.end(), "text": m.group()}
              for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text))]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"documentName": "4242 - Brücke", "originalText": text, "tokens": tokens,
                                "sentences": [], "annotations": []}, ensure_ascii=False) + "\n", encoding="utf-8")

    def label(phrase: str, kind: str, **extra) -> str:
        s = at(phrase, text)
        return json.dumps({"doc": "4242", "start": s.start, "end": s.end, "kind": kind, "anonymous": False, **extra})

    berger = at("Die Bürgermeisterin Anna Berger", text)
    labels = tmp_path / "kinds.jsonl"
    labels.write_text("\n".join([
        label("Die Bürgermeisterin Anna Berger", "person", pronoun=False),
        label("Der Stadtrat", "organization", pronoun=False),  # no attribution: not covered
        label("Sie", "person", pronoun=True, refers_to=[berger.start, berger.end]),
        label("Polizei", "organization", pronoun=False),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "figures.json"
    configs = config_dir(tmp_path, cache={"dir": str(tmp_path / "cache")})
    done = CliRunner().invoke(app, ["eval", str(gold), "--kinds", str(labels), "--json", str(out),
                                    "--config", str(configs)], env={"COLUMNS": "160"})
    assert done.exit_code == 0, done.output
    kinds = json.loads(out.read_text(encoding="utf-8"))["kinds"]
    # all: 3 of 4 covered, all 3 right; without the pronoun: 2 of 3 covered, both right
    assert (kinds["all"]["labels"], kinds["all"]["covered"], kinds["all"]["correct"]) == (4, 3, 3)
    assert (kinds["without_pronouns"]["labels"], kinds["without_pronouns"]["covered"]) == (3, 2)
    assert kinds["all"]["anonymity"]["gold"] == 0 and kinds["all"]["anonymity"]["recall"] is None
    assert [(e["text"], e["predicted_kind"]) for e in kinds["errors"]] == [("Der Stadtrat", None)]
    rows = {}
    for line in done.stdout.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│┃|]", line) if cell.strip()]
        if cells and cells[0] in ("all", "without pronouns"):
            rows[cells[0]] = cells[1:5]
    assert rows == {"all": ["4", "3", "75.0", "100.0"], "without pronouns": ["3", "2", "66.7", "100.0"]}
    assert "no candidate" in done.stdout


def test_eval_command_refuses_a_bad_label_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(cli_gold_line() + "\n", encoding="utf-8")
    labels = tmp_path / "kinds.jsonl"
    labels.write_text('{"doc": "1234", "start": 0, "end": 3, "kind": "robot", "anonymous": false}\n', encoding="utf-8")
    done = CliRunner().invoke(app, ["eval", str(gold), "--kinds", str(labels)])
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert "kinds.jsonl, line 1" in done.stderr and "robot" in done.stderr
    labels.write_text('{"doc": "99", "start": 0, "end": 3, "kind": "person", "anonymous": false}\n', encoding="utf-8")
    done = CliRunner().invoke(app, ["eval", str(gold), "--kinds", str(labels)])
    assert done.exit_code == 1 and "does not hold: 99" in done.stderr
