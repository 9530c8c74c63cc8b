"""The DuckDB store with the real parser: a round trip answers sources,
trace and graph as the analysed files do, appending is incremental, and a
re-analysed article replaces its stored self."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from provenance import corpus, engine, queries, store as stores
from provenance.config import load_config
from provenance.graph import corpus_graph
from provenance.inputs import read_articles

from corpus_helpers import GERMAN, GERMAN_2, GERMAN_3, jsonl

import duckdb  # noqa: E402,F401 - a dependency: a broken install fails here, not skips

RELAY = "Die Agentur Reuters berichtete unter Berufung auf Regierungskreise, der Gipfel werde verschoben."
PERSON = "Bundeskanzler Olaf Scholz sagte am Dienstag, die Regierung halte an dem Plan fest."
PERSON_2 = "Scholz sagte, die Gespräche mit Paris würden fortgesetzt."


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return corpus.with_cache(load_config(), True, tmp_path_factory.mktemp("cache"))


def _analysed(path: Path, config):
    return list(corpus.run(read_articles([str(path)]), config, corpus.RunOptions(keep_docs=True)))


def _rendered(draw, data) -> str:
    buffer = io.StringIO()
    draw(data, Console(file=buffer, width=200))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    return jsonl(tmp_path_factory.mktemp("in") / "news.jsonl", [
        {"id": "a", "text": RELAY, "publisher": "Nordkurier"},
        {"id": "b", "text": PERSON, "publisher": "Südwest Presse"},
        {"id": "c", "text": PERSON_2 + " " + GERMAN_2},
        {"id": "d", "text": GERMAN_3, "publisher": "Nordkurier"},
    ])


@pytest.fixture(scope="module")
def stored(corpus_file, config, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "s.duckdb"
    sink = engine.TableSink(config, store=path, every=2)  # several inserts in one batch
    analysed = _analysed(corpus_file, config)
    for item in analysed:
        sink.add(item)
    sink.close()
    return path, [a.result for a in analysed]


def test_sources_from_the_store_are_those_from_the_files(stored, config):
    path, results = stored
    with stores.open_for_queries(path) as db:
        from_store = stores.rank_sources(db)
    from_files = queries.rank_sources(results, config)
    assert from_store == from_files
    assert any(r.name == "Reuters" for r in from_store)
    assert _rendered(queries.render_sources, from_store) == _rendered(queries.render_sources, from_files)


@pytest.mark.parametrize("filters", [{}, {"anonymous": True}, {"source": "Reuters"}, {"source": "Olaf Scholz"},
                                     {"claim": "regierung"}, {"source": "nobody at all"}])
def test_trace_from_the_store_is_trace_from_the_files(stored, config, filters):
    path, results = stored
    with stores.open_for_queries(path) as db:
        from_store = stores.trace(db, config=config, **filters)
    from_files = queries.trace(results, config=config, **filters)
    assert [(t.article, t.claim, t.hops) for t in from_store] == [(t.article, t.claim, t.hops) for t in from_files]
    assert _rendered(queries.render_traces, from_store) == _rendered(queries.render_traces, from_files)


def test_the_graph_from_the_store_is_the_graph_from_the_files(stored, config):
    path, results = stored
    with stores.open_for_queries(path) as db:
        graph = stores.graph(db, config)
    expected = corpus_graph(results, config)
    assert list(graph.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(graph.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))


def test_appending_is_incremental_and_replaces_an_article_by_id(tmp_path, config):
    first = jsonl(tmp_path / "one.jsonl", [{"id": "x", "text": GERMAN}, {"id": "y", "text": GERMAN_2}])
    second = jsonl(tmp_path / "two.jsonl", [{"id": "y", "text": GERMAN_3}, {"id": "z", "text": RELAY}])
    path = tmp_path / "s.duckdb"
    for batch in (first, second):
        sink = engine.TableSink(config, store=path)
        for item in _analysed(batch, config):
            sink.add(item)
        sink.close()
    with stores.open_for_queries(path) as db:
        rows = db.db.execute("SELECT id, text FROM articles ORDER BY ord").fetchall()
        assert rows == [("x", GERMAN), ("y", GERMAN_3), ("z", RELAY)]
        batches = db.db.execute("SELECT batch, articles FROM batches ORDER BY batch").fetchall()
        assert batches == [(0, 2), (1, 2)]  # articles appended by each batch
        from_store = stores.rank_sources(db)
    results = [a.result for a in _analysed(first, config)][:1] + [a.result for a in _analysed(second, config)]
    assert from_store == queries.rank_sources(results, config)


def test_a_missing_store_is_one_line(tmp_path):
    with pytest.raises(stores.StoreError, match="no such store"):
        stores.open_for_queries(tmp_path / "none.duckdb")
