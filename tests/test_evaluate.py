"""Hand-computed checks of the evaluation metric on small synthetic articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from provenance.evaluate import (
    GoldArticle,
    Quotation,
    evaluate,
    load_gold,
    quotations_from_result,
    render,
    score,
)
from provenance.records import ArticleResult, Attribution, Cue, Span

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wikinews-quotes" / "dev.jsonl"


def ids(*xs: int | range) -> frozenset[int]:
    return frozenset(i for x in xs for i in (x if isinstance(x, range) else (x,)))


def article(quotations, n_tokens: int = 50, id: str = "a1") -> GoldArticle:
    """An article of n one-character tokens "x x x …", so token i is text[2i]."""
    text = " ".join("x" for _ in range(n_tokens))
    return GoldArticle(id, text, tuple((2 * i, 2 * i + 1) for i in range(n_tokens)), tuple(quotations))


def q(message, type=None, **roles) -> Quotation:
    return Quotation(message=message, type=type, **roles)


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
    assert data["message"]["overlap"] == 1 and data["by_type"][0]["type"] == "Direct"
    assert data["misses"][0]["nested"] is True
    console = Console(record=True, width=200)
    render(report, console, max_errors=1)
    out = console.export_text()
    for needle in ("message", "joint", "cue spans, exact", "IndirectFreeIndirect", "miss, nested",
                   "False hits (2, showing 1)"):
        assert needle in out


@pytest.mark.skipif(not DEV.exists(), reason="shared data not available")
def test_load_real_dev_file():
    articles = load_gold(DEV)
    assert len(articles) == 150
    assert sum(len(a.quotations) for a in articles) == 653
    assert len({a.id for a in articles}) == 150
    report = score([(a, a.quotations) for a in articles])
    assert report.joint.f1 == 1.0 and report.pairs == 653
