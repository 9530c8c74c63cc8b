"""The embedded store for corpus questions: results in DuckDB.

DuckDB rather than SQLite: the questions are columnar aggregates over
millions of rows (count the claims per source, group chains by node, join
claims on LSH band keys), which DuckDB's vectorised engine answers in a
fraction of SQLite's time; it reads the Parquet parts a distributed run
writes directly (``INSERT … SELECT FROM read_parquet``), so the client never
holds the rows in Python; and it is one file, embedded, like SQLite. Its cost:
one writing process at a time (the client of a run writes, workers only write
Parquet), which a batch job does not mind.

Schema: the tables of :mod:`provenance.tables` (``articles``, ``sources``,
``attributions``, ``entities``, ``chains``, ``hops``), each row keyed by
``ord`` (``batch`` × 2⁴⁴ + the article's place in its run, so the order in
which articles were added holds across batches); ``node`` is the corpus
graph's node id (``outlet:reuters``; ``source:ARTICLE:ID`` for a source
that is the article's own). ``nodes`` (rebuilt after each batch) holds one row per
graph node: its label, kind and anonymity as the corpus graph gives them
(the first article naming it; for a person the longest name). ``batches``
records each append. Indexes: ``articles(id)``, ``articles(ord)``,
``chains(ord, chain)``, ``hops(node)``, ``hops(ord, chain)``,
``sources(node)``, ``nodes(node)``.

Appending is incremental: a new batch is inserted as it is, and an article
whose id the store already holds replaces the stored one (so a re-run of the
same inputs is idempotent, and a re-analysed article is updated).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from provenance.errors import ProvenanceError
from provenance.tables import TABLES, schemas

BATCH_SHIFT = 44  # ord = batch << 44 | place in the run (engine: partition << 24 | place)
# DuckDB's memory while writing (it spills to disk beyond it). Without a limit
# it takes up to 80 % of the machine's memory, and loading a distributed run
# part by part grew the client by some 8 MB per 1,000 articles.
WRITE_MEMORY = "128MB"

_DDL = {
    "articles": "ord BIGINT, id VARCHAR, path VARCHAR, publisher VARCHAR, model VARCHAR, language VARCHAR, "
                "url VARCHAR, title VARCHAR, published VARCHAR, metadata_publisher VARCHAR, chars BIGINT, "
                "words BIGINT, text VARCHAR, record VARCHAR",
    "sources": "ord BIGINT, position BIGINT, article VARCHAR, source_id VARCHAR, node VARCHAR, shared BOOLEAN, "
               "name VARCHAR, name_norm VARCHAR, name_len BIGINT, kind VARCHAR, anonymous BOOLEAN, descriptor VARCHAR, "
               "affiliation VARCHAR, entity_id VARCHAR, resolved BOOLEAN, mentions VARCHAR",
    "attributions": "ord BIGINT, position BIGINT, article VARCHAR, id VARCHAR, form VARCHAR, medium VARCHAR, "
                    "cue VARCHAR, cue_spans VARCHAR, source_text VARCHAR, source_start BIGINT, source_end BIGINT, "
                    "source_id VARCHAR, claim_text VARCHAR, claim_start BIGINT, claim_end BIGINT, frame VARCHAR, "
                    "addressee VARCHAR, via VARCHAR, rule VARCHAR, confidence DOUBLE, evidence VARCHAR",
    "entities": "ord BIGINT, position BIGINT, article VARCHAR, id VARCHAR, name VARCHAR, type VARCHAR, "
                "mentions VARCHAR",
    "chains": "ord BIGINT, chain BIGINT, article VARCHAR, claim_text VARCHAR, claim_norm VARCHAR, "
              "claim_start BIGINT, claim_end BIGINT, origin_node VARCHAR, lemmas VARCHAR[], minhash BIGINT[], "
              "bands BIGINT[]",
    "hops": "ord BIGINT, chain BIGINT, step BIGINT, article VARCHAR, claim_start BIGINT, claim_end BIGINT, "
            "node VARCHAR, shared BOOLEAN, publisher BOOLEAN, name VARCHAR, kind VARCHAR, anonymous BOOLEAN, "
            "cue VARCHAR, rule VARCHAR, confidence DOUBLE",
}
_INDEXES = ("articles(id)", "articles(ord)", "chains(ord, chain)", "hops(node)", "hops(ord, chain)", "sources(node)")
# the columns holding a node id of an article's own source, made unique by ord
_NODE_COLUMNS = {"sources": ("node",), "hops": ("node",), "chains": ("origin_node",)}


class StoreError(ProvenanceError):
    """The store cannot be opened, written or read."""


class Store:
    """A DuckDB database of analysed articles (see the module docstring)."""

    def __init__(self, path: str | Path, read_only: bool = False):
        import duckdb

        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such store (write one with 'provenance analyze … --store PATH')")
        try:
            self.db = duckdb.connect(self.path, read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open the store ({_first_line(exc)})") from None
        if not read_only:
            self.db.execute(f"SET memory_limit = '{WRITE_MEMORY}'")
            self._create()
        elif not self._has("articles"):
            raise StoreError(f"{self.path}: not a provenance store (no articles table)")

    def _has(self, table: str) -> bool:
        return bool(self.db.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                    [table]).fetchone()[0])

    def _create(self) -> None:
        if self._has("articles"):
            return
        for name in TABLES:
            self.db.execute(f"CREATE TABLE {name} ({_DDL[name]})")
        self.db.execute("CREATE TABLE batches (batch BIGINT, articles BIGINT, added TIMESTAMP DEFAULT now())")
        for number, index in enumerate(_INDEXES):
            self.db.execute(f"CREATE INDEX idx{number} ON {index}")
        self._rebuild_nodes()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing --------------------------------------------------------------

    def begin_batch(self) -> int:
        batch = self.db.execute("SELECT coalesce(max(batch), -1) + 1 FROM batches").fetchone()[0]
        self.db.execute("INSERT INTO batches (batch, articles) VALUES (?, 0)", [batch])
        return batch

    def append(self, batch: int, tables: Mapping[str, object]) -> None:
        """Insert pyarrow ``tables`` (one per table name) of ``batch``."""
        for name in TABLES:
            self.db.register(f"incoming_{name}", tables[name])
        try:
            self._insert(batch, {name: f"incoming_{name}" for name in TABLES})
        finally:
            for name in TABLES:
                self.db.unregister(f"incoming_{name}")

    def append_parquet(self, batch: int, directory: str | Path, parts: Sequence[str]) -> None:
        """Insert the Parquet parts ``parts`` of a run's dataset in ``directory``,
        read by DuckDB itself (the rows never pass through Python), one
        statement per table over all the parts."""
        sources = {}
        for name in TABLES:
            files = ", ".join(f"'{_quote(str(Path(directory) / name / f'{part}.parquet'))}'" for part in parts)
            sources[name] = f"read_parquet([{files}])"
        self._insert(batch, sources)

    def _insert(self, batch: int, sources: Mapping[str, str]) -> None:
        offset = batch << BATCH_SHIFT
        self.db.execute("BEGIN TRANSACTION")
        try:
            # an id already stored is replaced by the new article
            # (of earlier batches only: ids repeated within a run are renamed, see rename)
            self.db.execute(f"CREATE OR REPLACE TEMP TABLE replaced AS SELECT ord FROM articles "
                            f"WHERE id IN (SELECT id FROM {sources['articles']}) AND ord < {offset}")
            if self.db.execute("SELECT count(*) FROM replaced").fetchone()[0]:
                for name in TABLES:
                    self.db.execute(f"DELETE FROM {name} WHERE ord IN (SELECT ord FROM replaced)")
            for name in TABLES:
                columns = schemas()[name].names
                select = []
                for column in columns:
                    if column == "ord":
                        select.append(f"ord + {offset} AS ord")
                    elif column in _NODE_COLUMNS.get(name, ()):
                        select.append(f"{_own_node(name, column)} AS {column}")
                    else:
                        select.append(column)
                self.db.execute(f"INSERT INTO {name} ({', '.join(columns)}) "
                                f"SELECT {', '.join(select)} FROM {sources[name]}")
            self.db.execute(f"UPDATE batches SET articles = (SELECT count(*) FROM articles WHERE ord >> "
                            f"{BATCH_SHIFT} = {batch}) WHERE batch = {batch}")
            self.db.execute("COMMIT")
        except Exception as exc:
            self.db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot append ({_first_line(exc)})") from None

    def rename_repeated(self, batch: int, chunk: int = 10000) -> int:
        """Give every article of ``batch`` whose id an earlier article of the
        batch has a new id, ``x~2``, ``x~3`` in ``ord`` order, as one local
        run names them (the partitions of a distributed run do not know each
        other's ids). Decided in SQL; only the renamed articles' JSON records
        pass through Python, a chunk at a time. The count renamed."""
        import pyarrow as pa

        db = self.db
        db.execute(f"""
            CREATE OR REPLACE TEMP TABLE renamed AS
            SELECT ord, id || '~' || n AS new FROM (
                SELECT ord, id, row_number() OVER (PARTITION BY id ORDER BY ord) AS n
                FROM articles WHERE ord >> {BATCH_SHIFT} = {batch})
            WHERE n > 1""")
        count = db.execute("SELECT count(*) FROM renamed").fetchone()[0]
        if not count:
            return 0
        db.execute("BEGIN TRANSACTION")
        try:
            # the records first, while the articles still hold their old ids
            last = -1
            while rows := db.execute("SELECT a.ord, a.record, r.new FROM articles a JOIN renamed r USING (ord) "
                                     "WHERE a.ord > ? ORDER BY a.ord LIMIT ?", [last, chunk]).fetchall():
                fixed = []
                for ord, record, new in rows:
                    data = json.loads(record)
                    data["article"]["id"] = new
                    fixed.append((ord, _record_json(data)))
                db.register("fixed", pa.table({"ord": [o for o, _ in fixed], "record": [r for _, r in fixed]}))
                db.execute("UPDATE articles SET record = f.record FROM fixed f WHERE articles.ord = f.ord")
                db.unregister("fixed")
                last = rows[-1][0]
            for name in TABLES:
                column = "id" if name == "articles" else "article"
                # every SET reads the row's old values: the node ids still see the old article id
                nodes = "".join(f", {c} = replace({c}, 'source:' || {column} || ':', 'source:' || r.new || ':')"
                                for c in _NODE_COLUMNS.get(name, ()))
                db.execute(f"UPDATE {name} SET {column} = r.new{nodes} FROM renamed r WHERE {name}.ord = r.ord")
            db.execute("COMMIT")
        except Exception as exc:  # noqa: BLE001 - any DuckDB failure: the batch stays as it was, one line
            db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot rename repeated ids ({_first_line(exc)})") from None
        return count

    def finish(self) -> None:
        """Rebuild what depends on every article (the node table)."""
        self._rebuild_nodes()
        self.db.execute("CHECKPOINT")

    def _rebuild_nodes(self) -> None:
        # the corpus graph's node attributes: kind and anonymity from the
        # first article naming the node; the label too, except that a person
        # takes the longest of its names (the first of that length)
        self.db.execute("""
            CREATE OR REPLACE TABLE nodes AS
            SELECT node,
                   arg_min(kind, (ord, position)) AS kind,
                   arg_min(anonymous, (ord, position)) AS anonymous,
                   CASE WHEN arg_min(kind, (ord, position)) = 'person'
                        THEN arg_min(name, (-name_len, ord, position))
                        ELSE arg_min(name, (ord, position)) END AS label,
                   CASE WHEN arg_min(kind, (ord, position)) = 'person'
                        THEN arg_min(name_norm, (-name_len, ord, position))
                        ELSE arg_min(name_norm, (ord, position)) END AS label_norm
            FROM sources GROUP BY node""")
        self.db.execute("CREATE INDEX idx_nodes ON nodes(node)")

    # --- reading --------------------------------------------------------------

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def results(self) -> Iterator:
        """Every stored article as an :class:`ArticleResult`, in the order
        added (rebuilt from its JSON record and text: nothing is parsed or
        analysed again). Streams, one chunk of rows at a time."""
        cursor = self.db.cursor()
        cursor.execute("SELECT record, text FROM articles ORDER BY ord")
        while rows := cursor.fetchmany(1000):
            for record, text in rows:
                yield result_from_json(json.loads(record), text)


def connect_bounded(path: str, spill: Path):
    """A DuckDB connection held to :data:`WRITE_MEMORY`, spilling to ``spill``."""
    import duckdb

    db = duckdb.connect(path)
    db.execute(f"SET memory_limit = '{WRITE_MEMORY}'")
    db.execute(f"SET temp_directory = '{_quote(str(spill))}'")
    return db


def _own_node(table: str, column: str, article: str = "article") -> str:
    """SQL for the node of a row: an article's own source gets the corpus
    graph's id, ``source:ARTICLE:ID`` (the store keeps article ids unique)."""
    own = "NOT shared" if table != "chains" else f"{column} LIKE 'source:%'"
    local = f"substr({column}, 8)" if table != "chains" else f"split_part({column}, ':', -1)"
    return f"CASE WHEN {own} THEN 'source:' || {article} || ':' || {local} ELSE {column} END"


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _record_json(data: dict) -> str:
    from provenance.safe_text import visible_json

    return visible_json(json.dumps(data, ensure_ascii=False))


# --- records back from JSON ------------------------------------------------------


def result_from_json(data: dict, text: str):
    """The :class:`ArticleResult` a ``provenance.article/1`` object describes."""
    from provenance.records import (ArticleResult, Attribution, Chain, Cue, Entity, Publisher, Source, Span)

    def span(d: dict | None) -> Span | None:
        return None if d is None else Span(d["start"], d["end"], d["text"])

    article = data["article"]
    publisher = article.get("publisher")
    attributions = []
    for a in data["attributions"]:
        source = a.get("source")
        source_span = span(source) if source is not None and source.get("start") is not None else None
        attributions.append(Attribution(
            id=a["id"], form=a["form"], medium=a["medium"],
            cue=None if a["cue"] is None else Cue(a["cue"]["text"], tuple(span(s) for s in a["cue"]["spans"])),
            source=source_span, source_id=source.get("source_id") if source else None, claim=span(a["claim"]),
            frame=span(a["frame"]), addressee=span(a["addressee"]), via=a["via"], rule=a["rule"],
            confidence=a["confidence"], evidence=a["evidence"]))
    return ArticleResult(
        id=article["id"], path=article["path"], text=text,
        publisher=None if publisher is None else Publisher(publisher["name"], span(publisher["evidence"])),
        model=article["model"],
        sources=tuple(Source(s["id"], s["name"], s["kind"], s["anonymous"], s["descriptor"], s["affiliation"],
                             tuple(span(m) for m in s["mentions"]), s["entity_id"], s["resolved"])
                      for s in data["sources"]),
        attributions=tuple(attributions),
        chains=tuple(Chain(span(c["claim"]), tuple(c["attributions"]), tuple(c["path"])) for c in data["chains"]),
        metadata=dict(article.get("metadata", {})), language=article.get("language", "de"),
        entities=tuple(Entity(e["id"], e["name"], e["type"], tuple(span(m) for m in e["mentions"]))
                       for e in data["entities"]),
    )


# --- questions, answered in SQL ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Chain:
    ord: int
    chain: int


def trace(store: Store, claim: str | None = None, source: str | None = None, anonymous: bool = False,
          config=None) -> list:
    """:func:`provenance.queries.trace` answered by the store: the same
    traces, filtered in SQL."""
    from provenance.config import load_config
    from provenance.graph import normalise_name
    from provenance.queries import Hop, Trace

    config = config or load_config()
    where, params = [], []
    if claim:
        where.append("contains(c.claim_norm, ?)")
        params.append(normalise_name(claim))
    db = store.db
    if source and normalise_name(source):
        nodes = _matching_nodes(store, source, config)
        db.execute("CREATE OR REPLACE TEMP TABLE wanted (node VARCHAR)")
        if nodes:
            db.executemany("INSERT INTO wanted VALUES (?)", [[n] for n in nodes])
        where.append("EXISTS (SELECT 1 FROM hops h WHERE h.ord = c.ord AND h.chain = c.chain "
                     "AND h.node IN (SELECT node FROM wanted))")
    if anonymous:
        where.append("(c.origin_node IS NULL OR EXISTS (SELECT 1 FROM nodes n WHERE n.node = c.origin_node "
                     "AND (n.anonymous OR n.kind IN ('anonymous', 'unspecified'))))")
    sql = ("CREATE OR REPLACE TEMP TABLE picked AS SELECT c.ord, c.chain, c.article, c.claim_text, c.claim_start, "
           "c.claim_end FROM chains c" + (" WHERE " + " AND ".join(where) if where else ""))
    db.execute(sql, params)
    hops: dict[tuple[int, int], list] = {}
    cursor = db.execute("SELECT h.ord, h.chain, h.publisher, n.label, n.kind, n.anonymous, h.cue, h.rule, h.confidence, "
                   "h.node FROM hops h JOIN picked p USING (ord, chain) JOIN nodes n ON n.node = h.node "
                   "ORDER BY h.ord, h.chain, h.step")
    while rows := cursor.fetchmany(10000):
        for ord, chain, publisher, label, kind, anon, cue, rule, confidence, node in rows:
            hops.setdefault((ord, chain), []).append(
                (publisher, Hop(node, label, kind or "", bool(anon), cue or "", rule or "", confidence)))
    found = []
    cursor = db.execute("SELECT ord, chain, article, claim_text, claim_start, claim_end FROM picked "
                        "ORDER BY ord, chain")
    while rows := cursor.fetchmany(10000):
        for ord, chain, article, text, start, end in rows:
            chain_hops = hops.get((ord, chain), [])
            publisher = chain_hops[0][1] if chain_hops and chain_hops[0][0] else None
            cited = tuple(h for is_publisher, h in chain_hops if not is_publisher)
            found.append(Trace(article, text, start, end, publisher, cited))
    return found


def _matching_nodes(store: Store, name: str, config) -> list[str]:
    """The nodes whose label contains ``name`` (or its canonical outlet name)
    as whole words, as :func:`provenance.queries.trace` matches them: a
    substring test in SQL narrows them down, the same regular expression as
    the file path decides."""
    from provenance.graph import canonical_outlet, normalise_name
    from provenance.queries import _name_pattern
    from provenance.sources import classifier_for

    classifier = classifier_for(config)
    pattern = _name_pattern(name, classifier)
    names = sorted({normalise_name(name), normalise_name(canonical_outlet(name, classifier))})
    condition = " OR ".join("contains(label_norm, ?)" for _ in names)
    rows = store.db.execute(f"SELECT node, label_norm FROM nodes WHERE {condition}", names).fetchall()
    return [node for node, label in rows if pattern.search(label)]


def rank_sources(store: Store) -> list:
    """:func:`provenance.queries.rank_sources` answered by the store: the
    counts and relays aggregated in SQL; only the ranked rows come back."""
    from provenance.queries import SourceRank

    db = store.db
    db.execute("""
        CREATE OR REPLACE TEMP TABLE cited AS
        SELECT ord, chain, step, node, claim_start, claim_end FROM hops WHERE NOT publisher""")
    rows = db.execute("""
        WITH agg AS (
            SELECT node, count(DISTINCT (ord, claim_start, claim_end)) AS claims, count(DISTINCT ord) AS articles,
                   min((ord, chain, step)) AS first
            FROM cited GROUP BY node),
        rel AS (
            SELECT b.node, a.node AS relay, min((a.ord, a.chain, a.step)) AS first
            FROM cited a JOIN cited b ON a.ord = b.ord AND a.chain = b.chain AND a.step < b.step
            WHERE a.node <> b.node GROUP BY b.node, a.node),
        rels AS (
            SELECT rel.node, list(n.label ORDER BY rel.first) AS relayed
            FROM rel JOIN nodes n ON n.node = rel.relay GROUP BY rel.node)
        SELECT agg.node, n.label, n.kind, n.anonymous, agg.articles, agg.claims, rels.relayed
        FROM agg JOIN nodes n ON n.node = agg.node LEFT JOIN rels ON rels.node = agg.node
        ORDER BY agg.claims DESC, agg.articles DESC, agg.first""").fetchall()
    result = [SourceRank(node, label, kind or "", bool(anon), articles, claims, tuple(relayed or ()))
              for node, label, kind, anon, articles, claims, relayed in rows]
    # the same final order as the file path (casefold is Python's, not SQL's);
    # a stable sort keeps first appearance among equals
    result.sort(key=lambda r: (-r.claims, -r.articles, r.name.casefold()))
    return result


def graph(store: Store, config=None):
    """The corpus graph of every stored article (from the stored records)."""
    from provenance.graph import corpus_graph

    return corpus_graph(store.results(), config)


def open_for_queries(path: str | Path) -> Store:
    return Store(path, read_only=True)


def load_rows(store: Store, rows: Iterable[Mapping[str, list[dict]]], every: int = 2000) -> int:
    """Append articles given as :func:`provenance.tables.article_rows`, in one
    new batch, ``every`` articles per insert; the count appended."""
    from provenance.tables import RowBuffer

    batch = store.begin_batch()
    buffer, count = RowBuffer(), 0
    for article in rows:
        buffer.add(article)
        count += 1
        if buffer.articles >= every:
            store.append(batch, buffer.tables())
            buffer.clear()
    if buffer.articles:
        store.append(batch, buffer.tables())
    store.finish()
    return count
