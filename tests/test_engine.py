"""--engine dask with the real parser on a LocalCluster the tests start and
stop themselves: the same records as the local engine, nothing lost or
written twice when a worker is killed mid-run, resume by partition, the
Parquet dataset."""

from __future__ import annotations

import io
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from provenance import corpus, engine
from provenance.config import load_config
from provenance.export import to_json
from provenance.inputs import read_articles

from corpus_helpers import GERMAN, GERMAN_2, GERMAN_3, UMLAUTS, jsonl, write

import distributed  # noqa: E402,F401 - a dependency: a broken install fails here, not skips


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return corpus.with_cache(load_config(), True, tmp_path_factory.mktemp("cache"))


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["article"]["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_local_cluster_gives_the_records_of_the_local_engine(tmp_path, config, monkeypatch):
    monkeypatch.chdir(tmp_path)
    jsonl(Path("news.jsonl"), [{"id": "n1", "text": GERMAN, "publisher": "Nordkurier"},
                               {"id": "n2", "text": GERMAN_3}])
    write(Path("dir/a.txt"), GERMAN_2)
    jsonl(Path("more.jsonl"), [{"id": "n1", "text": UMLAUTS}])  # an id given twice: n1~2, as a local run names it
    inputs = ["news.jsonl", "dir", "more.jsonl"]
    local = [to_json(r, indent=None) for r in corpus.run(read_articles(inputs), config)]
    targets = engine.Targets(jsonl=tmp_path / "out.jsonl", parquet=tmp_path / "dataset", store=tmp_path / "s.duckdb")
    summary = engine.run(inputs, config, targets, engine.ClusterOptions(workers=2), partition_size=1)
    assert summary.processed == 4
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(lines) == sorted(local)
    from provenance import store as stores

    with stores.open_for_queries(tmp_path / "s.duckdb") as db:
        assert db.db.execute("SELECT id FROM articles ORDER BY ord").fetchall() == [("n1",), ("n2",), ("a",),
                                                                                   ("n1~2",)]
        records = [r for (r,) in db.db.execute("SELECT record FROM articles").fetchall()]
    assert sorted(records) == sorted(local)
    assert not (tmp_path / ".out.jsonl.parts").exists()  # the work directory is gone
    import pyarrow.dataset as ds

    articles = ds.dataset(tmp_path / "dataset" / "articles", format="parquet").to_table()
    assert sorted(articles.column("id").to_pylist()) == ["a", "n1", "n1", "n2"]  # as read, before renaming
    hops = ds.dataset(tmp_path / "dataset" / "hops", format="parquet").to_table().to_pylist()
    assert {"Nordkurier"} <= {h["name"] for h in hops if h["publisher"]}


def test_jsonl_line_ranges_keep_line_numbers_and_ids(tmp_path):
    path = jsonl(tmp_path / "x.jsonl", [{"text": GERMAN}, "{broken", {"text": GERMAN_2}, {"id": "z", "text": UMLAUTS}])
    partitions, errors = engine.plan([str(path)], size=2)
    assert not errors and len(partitions) == 2
    items = [item for p in partitions for item in engine.partition_items(p, load_config().settings.limits)]
    assert [getattr(i, "id", str(i)) for i in items] == [item.id if hasattr(item, "id") else str(item)
                                                        for item in read_articles([str(path)])]


def test_a_killed_worker_loses_and_duplicates_nothing(tmp_path, monkeypatch):
    from distributed import Client, LocalCluster

    # no parse cache: every task parses, so a worker is busy when it is killed
    config = corpus.with_cache(load_config(), False)
    monkeypatch.chdir(tmp_path)
    texts = [GERMAN, GERMAN_2, GERMAN_3, UMLAUTS] * 3
    for k, text in enumerate(texts):
        write(Path(f"in/{k:02d}.txt"), text)
    out = tmp_path / "out.jsonl"
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, processes=True)
    client = Client(cluster)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            engine.run(["in"], config, engine.Targets(jsonl=out),
                       engine.ClusterOptions(scheduler=cluster.scheduler_address), partition_size=1)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failure.append(exc)

    thread = threading.Thread(target=run)
    try:
        thread.start()
        done = tmp_path / ".out.jsonl.parts" / "done"
        killed = False
        deadline = time.time() + 240
        while thread.is_alive() and time.time() < deadline and not killed:
            busy = [w for w, tasks in client.processing().items() if tasks]
            if busy and done.is_dir() and any(done.iterdir()):
                pids = client.run(os.getpid)
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed = True
            time.sleep(0.05)
        thread.join(300)
        assert killed, "the run ended before a worker could be killed"
    finally:
        client.close()
        cluster.close()
    assert not failure, failure
    ids = _ids(out)
    assert sorted(ids) == sorted(f"{k:02d}" for k in range(len(texts)))  # each once


def test_resume_skips_finished_partitions(tmp_path, config, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for k, text in enumerate([GERMAN, GERMAN_2, GERMAN_3]):
        write(Path(f"in/{k}.txt"), text)
    partitions, _ = engine.plan(["in"], size=1)
    job = engine.Job(str(tmp_path / ".out.jsonl.parts"))
    work = Path(job.work)
    engine.prepare(work, partitions, job, resume=False)
    engine._WORKER["config"] = config
    try:
        engine.run_partition(partitions[0], job)  # an interrupted run finished one partition
    finally:
        engine._WORKER.clear()
    summary = engine.run(["in"], config, engine.Targets(jsonl=tmp_path / "out.jsonl"),
                         engine.ClusterOptions(workers=1), partition_size=1, resume=True)
    assert (summary.processed, summary.resumed) == (2, 1)
    assert _ids(tmp_path / "out.jsonl") == ["0", "1", "2"]  # in input order, each once


def _hammer(args: tuple[str, int]) -> int:
    """Write and read the same cache entries over and over; the number of
    reads that found a whole, correct entry (a damaged one would differ)."""
    from provenance.cache import ParseCache
    from provenance.records import ParsedDocument, Sentence, Token, Word

    directory, seed = args
    cache = ParseCache(directory)
    docs = []
    for k in range(3):
        text = f"Wort{k} " * 50
        words = tuple(Word(i + 1, f"Wort{k}", f"wort{k}", "NOUN", "NN", "Case=Nom", 0, "root", 6 * i, 6 * i + 5, i)
                      for i in range(50))
        tokens = tuple(Token(f"Wort{k}", 6 * i, 6 * i + 5, (i + 1,)) for i in range(50))
        docs.append(ParsedDocument(text, (Sentence(0, 0, len(text) - 1, text[:-1], tokens, words),), "m"))
    good = 0
    for round in range(150):
        doc = docs[(round + seed) % 3]
        cache.put(doc)
        found = cache.get(doc.text, doc.model)
        assert found is None or found == doc
        good += found == doc
    return good


def test_the_parse_cache_takes_concurrent_writers(tmp_path):
    """Several processes writing the same entries at once, as workers on
    shared storage do: every read finds a whole entry, and no temporary file
    is left behind (each entry is written under a unique name, then renamed)."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(4) as pool:
        counts = pool.map(_hammer, [(str(tmp_path), k) for k in range(4)])
    assert counts == [150] * 4
    assert not list(tmp_path.rglob("*.tmp"))
    assert len(list(tmp_path.rglob("*.json"))) == 3


def test_ids_repeated_across_partitions_are_renamed_alike_in_output_and_store(tmp_path, config):
    # "Der Minister" is an article's own source: its node carries the article id
    source = jsonl(tmp_path / "news.jsonl", [{"id": "x", "text": GERMAN}, {"id": "y", "text": GERMAN_2},
                                             {"id": "x", "text": GERMAN}, {"id": "x", "text": GERMAN_3}])
    partitions, _ = engine.plan([str(source)], size=1)
    job = engine.Job(str(tmp_path / "work"), tables=True)
    work = Path(job.work)
    engine.prepare(work, partitions, job, resume=False)
    engine._WORKER["config"] = config
    try:
        for partition in reversed(partitions):  # finished in any order
            engine.run_partition(partition, job)
    finally:
        engine._WORKER.clear()
    assert list(engine.repeated_ids(work, partitions)) == [(2, 0, 2), (3, 0, 3)]  # x~2, x~3
    out = io.StringIO()
    engine.join_jsonl(work, partitions, out, engine.repeated_ids(work, partitions))
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["x", "y", "x~2", "x~3"]
    engine.load_store(tmp_path / "s.duckdb", work, partitions)
    from provenance import store as stores

    with stores.open_for_queries(tmp_path / "s.duckdb") as db:
        assert [r for (r,) in db.db.execute("SELECT record FROM articles ORDER BY ord").fetchall()] == lines
        own = db.db.execute("SELECT DISTINCT article, node FROM sources WHERE NOT shared ORDER BY article").fetchall()
    assert own and all(node.startswith(f"source:{article}:") for article, node in own)
    assert {article for article, _ in own} >= {"x", "x~2"}


def test_a_file_name_that_is_not_utf8_passes_the_markers_and_renaming(tmp_path, config):
    for folder in ("in", "in2"):  # the same undecodable name twice: the second is renamed
        (tmp_path / folder).mkdir()
        (Path(os.fsencode(tmp_path / folder).decode("utf-8", "surrogateescape")) / "caf\udcff.txt").write_text(
            GERMAN, encoding="utf-8")
    partitions, _ = engine.plan([str(tmp_path / "in"), str(tmp_path / "in2")], size=1)
    job = engine.Job(str(tmp_path / "work"))
    work = Path(job.work)
    engine.prepare(work, partitions, job, resume=False)
    engine._WORKER["config"] = config
    try:
        for partition in partitions:
            engine.run_partition(partition, job)
    finally:
        engine._WORKER.clear()
    out = io.StringIO()
    engine.join_jsonl(work, partitions, out, engine.repeated_ids(work, partitions))
    assert [json.loads(line)["article"]["id"] for line in out.getvalue().splitlines()] == ["caf\udcff", "caf\udcff~2"]
