"""Corpus runs with the real parser: paragraph chunks with exact offsets,
batches, a bad article skipped while the others are kept, resume, worker
processes, streamed and atomic output, the progress bar."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from provenance import analysis, chunking, corpus, output
from provenance.analysis import Article
from provenance.config import Config, load_config
from provenance.errors import InputError
from provenance.export import to_json
from provenance.records import ArticleResult

from corpus_helpers import ENGLISH, GERMAN, GERMAN_2, GERMAN_3, UMLAUTS
from exactness import assert_parse_exact
from conftest import SEED


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    # a cache of this module's own: runs are reproducible and leave the user's cache alone
    return corpus.with_cache(load_config(), True, tmp_path_factory.mktemp("cache"))


def with_limits(config: Config, **limits) -> Config:
    settings = config.settings.model_copy(update={"limits": config.settings.limits.model_copy(update=limits)})
    return config.model_copy(update={"settings": settings})


# --- paragraph chunks --------------------------------------------------------------

def test_chunks_cover_the_text_and_cut_only_after_blank_lines():
    paragraphs = ["Erster Absatz hier.", "Zweiter,\nweich umbrochen.", "Dritter.", "x" * 60, "Letzter."]
    text = "\n\n".join(paragraphs) + "\n"
    bounds = chunking.chunk_bounds(text, 40)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    for _, end in bounds[:-1]:
        assert text[:end].endswith("\n\n")
    # every chunk fits, except the paragraph that alone is longer
    assert [end - start <= 40 for start, end in bounds] == [True, True, False, True]
    assert chunking.chunk_bounds(text, 10_000) == [(0, len(text))]
    assert chunking.chunk_bounds("ohne Absatz " * 10, 20) == [(0, 120)]


def test_chunked_parse_equals_the_whole_parse_with_exact_offsets(config):
    lines = SEED.read_text(encoding="utf-8").splitlines()[:4]
    text = "\r\n\r\n".join(lines) + "\r\n"  # CRLF paragraphs: offsets must survive them too
    whole = chunking.parse_texts([text], config.settings)[0]
    small = with_limits(config, chunk_chars=300).settings
    assert len(chunking.chunk_bounds(text, 300)) == 4
    chunked = chunking.parse_texts([text, GERMAN], small)
    assert chunked[0].text == text
    assert_parse_exact(chunked[0])
    assert chunked[0] == whole
    assert chunked[1] == chunking.parse_texts([GERMAN], config.settings)[0]
    assert [s.index for s in chunked[0].sentences] == list(range(len(whole.sentences)))


def test_a_long_article_is_analysed_in_chunks(tmp_path):
    config = with_limits(corpus.with_cache(load_config(), False), chunk_chars=100)
    text = "\n\n".join([GERMAN, GERMAN_2, GERMAN_3]) + "\n"
    result = analysis.analyze(text, config=config)
    assert {a.cue.text for a in result.attributions if a.cue} >= {"sagte", "Laut", "berichtete"}
    for a in result.attributions:
        assert text[a.claim.start:a.claim.end] == a.claim.text
        assert a.source is None or text[a.source.start:a.source.end] == a.source.text


# --- runs ---------------------------------------------------------------------------

def corpus_items() -> list:
    return [
        Article(GERMAN, id="g1"),
        InputError("broken.jsonl:2: malformed JSON (Expecting value at column 1)"),
        Article(ENGLISH, id="en", path="english.txt"),
        Article(GERMAN_2, id="g2"),
        Article(GERMAN_3 * 40, id="long"),
        Article(UMLAUTS, id="g3", metadata={"publisher": "Beispiel-Zeitung"}),
    ]


def test_a_run_skips_bad_articles_and_keeps_the_rest(config):
    limited = with_limits(config, max_chars=1000)
    summary = corpus.Summary()
    outcomes = list(corpus.run(corpus_items(), limited, corpus.RunOptions(batch_size=2), summary))
    results = [o for o in outcomes if isinstance(o, ArticleResult)]
    skipped = [o.reason for o in outcomes if isinstance(o, corpus.Skipped)]
    assert [r.id for r in results] == ["g1", "g2", "g3"]
    assert skipped == ["broken.jsonl:2: malformed JSON (Expecting value at column 1)",
                       "english.txt: not German (German function-word share 0.00 is below "
                       "limits.min_german_share 0.3; --force analyses it anyway)",
                       "long: article too long (2,560 characters; limits.max_chars is 1,000)"]
    assert (summary.processed, summary.skipped, summary.failed) == (3, 3, 0)
    assert summary.line() == "3 processed, 3 skipped, 0 failed"
    # words split at white space: „Der Minister sagte am Montag, … erhöhen.“ 12, „Laut Polizei … verletzt.“ 10,
    # „Die Bürgermeisterin äußerte, „die Straße“ … gesperrt.“ 9; the skipped articles count for nothing
    assert summary.words == 12 + 10 + 9
    assert results[2].publisher.name == "Beispiel-Zeitung"
    # batches change nothing: the same results as one analyze_many call
    expected = analysis.analyze_many([Article(GERMAN, id="g1"), Article(GERMAN_2, id="g2"),
                                      Article(UMLAUTS, id="g3", metadata={"publisher": "Beispiel-Zeitung"})],
                                     limited)
    assert [to_json(r) for r in results] == [to_json(r) for r in expected]


def test_force_analyses_text_that_is_not_german(config):
    [outcome] = corpus.run([Article(ENGLISH, id="en")], config, corpus.RunOptions(force=True))
    assert isinstance(outcome, ArticleResult) and outcome.text == ENGLISH


def test_a_failing_article_fails_alone(config, monkeypatch):
    # A stand-in for a bug in the rules, hit by one article only; the parser is real.
    real = corpus.attribute

    def attribute(doc, article, config):
        if article.id == "g2":
            raise ValueError("boom\nsecond line")
        return real(doc, article, config)

    monkeypatch.setattr(corpus, "attribute", attribute)
    summary = corpus.Summary()
    items = [Article(GERMAN, id="g1"), Article(GERMAN_2, id="g2"), Article(GERMAN_3, id="g3")]
    outcomes = list(corpus.run(items, config, corpus.RunOptions(batch_size=3), summary))
    assert [type(o).__name__ for o in outcomes] == ["ArticleResult", "Failed", "ArticleResult"]
    assert outcomes[1] == corpus.Failed("g2", "g2: analysis failed (ValueError: boom)")
    assert summary.line() == "2 processed, 0 skipped, 1 failed"


def test_resume_leaves_out_done_ids(config):
    summary = corpus.Summary()
    items = [Article(GERMAN, id="g1"), Article(GERMAN_2, id="g2")]
    outcomes = list(corpus.run(items, config, corpus.RunOptions(done=frozenset({"g1"})), summary))
    assert [o.id for o in outcomes] == ["g2"]
    assert summary.line() == "1 processed, 0 skipped, 0 failed, 1 already in the output"


def test_the_parse_cache_goes_where_configured(tmp_path):
    config = corpus.with_cache(load_config(), True, tmp_path / "cache")
    list(corpus.run([Article(GERMAN_2, id="g2")], config))
    assert len(list((tmp_path / "cache").glob("??/*.json"))) == 1
    list(corpus.run([Article(GERMAN_3, id="g3")], corpus.with_cache(config, False)))
    assert len(list((tmp_path / "cache").glob("??/*.json"))) == 1


def test_threads_are_set_for_the_run(config):
    import torch

    before = torch.get_num_threads()
    try:
        list(corpus.run([Article(GERMAN, id="g1")], config, corpus.RunOptions(threads=1)))
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


def test_two_worker_processes_give_the_same_results_in_order(config):
    items = [Article(text, id=f"a{k}") for k, text in enumerate([GERMAN, GERMAN_2, GERMAN_3, UMLAUTS, GERMAN])]
    serial = list(corpus.run(items, config, corpus.RunOptions(batch_size=1)))
    summary = corpus.Summary()
    parallel = list(corpus.run(items + [InputError("x.txt: empty file")], config,
                               corpus.RunOptions(batch_size=1, jobs=2), summary))
    assert [to_json(r) for r in parallel[:5]] == [to_json(r) for r in serial]
    assert parallel[5] == corpus.Skipped("x.txt: empty file")
    assert summary.line() == "5 processed, 1 skipped, 0 failed"


# --- output ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def results(config) -> list[ArticleResult]:
    return analysis.analyze_many([Article(GERMAN, id="g1"), Article(GERMAN_2, id="g2")], config)


def test_json_is_one_object_for_one_article_and_an_array_for_several(results):
    for count in (1, 2):
        stream = io.StringIO()
        writer = output.open_writer("json", stdout=stream)
        for result in results[:count]:
            writer.write(result)
        writer.close()
        data = json.loads(stream.getvalue())
        assert data == (json.loads(to_json(results[0])) if count == 1 else [json.loads(to_json(r)) for r in results])


def test_json_file_is_replaced_only_when_complete(results, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("earlier", encoding="utf-8")
    writer = output.open_writer("json", target)
    writer.write(results[0])
    writer.write(results[1])
    assert target.read_text(encoding="utf-8") == "earlier"  # nothing half-written in its place
    writer.discard()
    assert target.read_text(encoding="utf-8") == "earlier" and list(tmp_path.iterdir()) == [target]
    writer = output.open_writer("json", target)
    writer.write(results[0])
    writer.close()
    assert json.loads(target.read_text(encoding="utf-8"))["article"]["id"] == "g1"


def test_a_link_is_followed_to_the_file_it_names(results, tmp_path):
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    writer = output.open_writer("json", tmp_path / "link.json")
    writer.write(results[0])
    writer.close()
    assert (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))["article"]["id"] == "g1"


def test_jsonl_file_streams_and_resumes(results, tmp_path):
    target = tmp_path / "out.jsonl"
    writer = output.open_writer("jsonl", target)
    writer.write(results[0])
    assert target.read_text(encoding="utf-8").count("\n") == 1  # on disk before the run ends
    writer.close()
    with target.open("a", encoding="utf-8") as file:
        file.write('{"schema": "provenance.article/1", "article": {"id": "torn')  # an interrupted write
    assert output.done_ids(target) == {"g1"}
    assert target.read_text(encoding="utf-8").endswith("\n")
    writer = output.open_writer("jsonl", target, resume=True)
    writer.write(results[1])
    writer.close()
    assert [json.loads(line)["article"]["id"] for line in target.open(encoding="utf-8")] == ["g1", "g2"]


def test_resume_refuses_a_file_that_is_no_jsonl_output_and_leaves_it_alone(results, tmp_path):
    document = tmp_path / "out.json"
    writer = output.open_writer("json", document)
    writer.write(results[0])
    writer.close()
    before = document.read_bytes()
    with pytest.raises(output.OutputError, match=r"out.json:1: not a line of provenance JSON lines output"):
        output.resume_ids("jsonl", document)
    with pytest.raises(output.OutputError, match="--resume needs --format jsonl"):
        output.resume_ids("json", document)
    assert document.read_bytes() == before
    # blank lines are no obstacle; a missing file is a run that has not started
    lines = tmp_path / "out.jsonl"
    lines.write_text(to_json(results[0], indent=None) + "\n\n", encoding="utf-8")
    assert output.resume_ids("jsonl", lines) == {"g1"}
    assert output.resume_ids("jsonl", tmp_path / "none.jsonl") == frozenset()


def test_unwritable_outputs_fail_before_any_work(tmp_path):
    for path, format in ((tmp_path / "missing" / "out.json", "json"), (tmp_path / "missing" / "o.jsonl", "jsonl"),
                         (tmp_path, "text")):
        with pytest.raises(output.OutputError, match=r"cannot write \("):
            output.open_writer(format, path)
    with pytest.raises(output.OutputError, match="--resume needs --format jsonl"):
        output.open_writer("json", tmp_path / "x.json", resume=True)


# --- progress ------------------------------------------------------------------------

def test_progress_bar_on_a_terminal_only(config):
    items = [Article(text, id=f"a{k}") for k, text in enumerate([GERMAN, GERMAN_2, GERMAN_3, UMLAUTS, GERMAN])]
    for terminal in (True, False):
        screen = io.StringIO()
        console = Console(file=screen, force_terminal=terminal, width=120)
        summary = corpus.Summary()
        done = list(corpus.track(corpus.run(items, config, summary=summary), summary, console, lambda: len(items)))
        assert len(done) == 5
        assert ("words/s" in screen.getvalue()) is terminal
