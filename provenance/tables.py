"""Article results as rows of flat tables: the columnar layout the Parquet
dataset (``analyze --parquet DIR``) and the DuckDB store (``--store PATH``)
share. One function, :func:`article_rows`, turns one analysed article into
rows; :data:`SCHEMAS` gives every table's columns and types (pyarrow).

Tables (every row carries ``ord``, the article's place in the run, so the
order in which articles were added survives any engine):

- ``articles``: one row per article: id, path, publisher, model, metadata
  (url, title, published, publisher as given), text, the article's JSON
  (``provenance.article/1``, exactly as ``--format jsonl`` writes it);
- ``sources``: one row per source of the article, and one for its publisher
  (``source_id`` "publisher"): name, kind, anonymous, ``node`` (the corpus
  graph's node: shared by every article naming the same outlet, person or
  organization; per article otherwise, ``shared`` false), mentions as JSON;
- ``attributions``: one row per attribution: form, medium, cue, source span
  and id, claim span, frame, addressee, via, rule, confidence, evidence;
- ``entities``: one row per entity: name, type, mentions as JSON;
- ``chains``: one row per chain as ``trace`` shows it (number ``chain``
  within the article): claim text and span, its normalised text, the claim's
  content lemmas and their MinHash signature and LSH band keys (stories);
- ``hops``: one row per source on a chain (``step`` 0 first; ``publisher``
  true for the article's own outlet heading it): node, name, kind,
  anonymous, and the cue, rule and confidence that brought it in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from provenance.config import Config
from provenance.export import to_json
from provenance.graph import SHARED_KINDS, article_graph, canonical_outlet, normalise_name, source_node
from provenance.records import ArticleResult, ParsedDocument, Source, Span
from provenance.sources import classifier_for

TABLES = ("articles", "sources", "attributions", "entities", "chains", "hops")

# Parts of speech whose lemmas say what a claim is about; function words and
# punctuation would make every two claims look alike.
CONTENT_UPOS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})


def _spans(spans: Iterable[Span]) -> str:
    return json.dumps([[s.start, s.end, s.text] for s in spans], ensure_ascii=False)


def _span(span: Span | None) -> str | None:
    return None if span is None else _spans([span])


def claim_lemmas(doc: ParsedDocument | None, claim: Span) -> list[str]:
    """The content lemmas of the words inside ``claim``, case folded, as a
    sorted set: inflection ("werde zurücktreten" / "tritt zurück") and word
    order do not change it. A separable verb's particle is joined to its verb
    ("tritt … zurück" → "zurücktreten"), as the infinitive writes it."""
    if doc is None:
        return []
    lemmas: set[str] = set()
    for sentence in doc.sentences:
        if sentence.end <= claim.start or sentence.start >= claim.end:
            continue
        particles = {w.head: w.lemma for w in sentence.words if w.deprel == "compound:prt"}
        for word in sentence.words:
            if (word.start < claim.start or word.end > claim.end or word.upos not in CONTENT_UPOS
                    or word.deprel == "compound:prt"):  # joined to its verb
                continue
            lemma = (particles.get(word.index, "") + (word.lemma or word.text)).casefold()
            if lemma.strip():
                lemmas.add(lemma)
    return sorted(lemmas)


def article_rows(result: ArticleResult, doc: ParsedDocument | None, config: Config, ord: int,
                 signature=None) -> dict[str, list[dict]]:
    """The rows of every table for one article. ``signature`` turns a claim's
    lemmas into (MinHash values, band keys); None leaves them empty."""
    from provenance.queries import traces  # the store's trace rows are exactly what trace shows

    classifier = classifier_for(config)
    meta: Mapping[str, str] = result.metadata
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    rows["articles"].append({
        "ord": ord, "id": result.id, "path": result.path,
        "publisher": result.publisher.name if result.publisher else None,
        "model": result.model, "language": result.language,
        "url": meta.get("url"), "title": meta.get("title"), "published": meta.get("published"),
        "metadata_publisher": meta.get("publisher"), "chars": len(result.text), "words": len(result.text.split()),
        "text": result.text, "record": to_json(result, indent=None),
    })
    sources = list(result.sources)
    if result.publisher is not None:
        sources.append(Source("publisher", result.publisher.name, "outlet", False, "publisher", None, ()))
    for position, source in enumerate(sources):
        name = canonical_outlet(source.name, classifier) if source.kind == "outlet" else source.name
        rows["sources"].append({
            "ord": ord, "position": position, "article": result.id, "source_id": source.id,
            "node": _node(source, classifier), "shared": source.kind in SHARED_KINDS,
            "name": name, "name_norm": normalise_name(name), "name_len": len(name), "kind": source.kind, "anonymous": source.anonymous,
            "descriptor": source.descriptor, "affiliation": source.affiliation, "entity_id": source.entity_id,
            "resolved": source.resolved, "mentions": _spans(source.mentions),
        })
    for position, a in enumerate(result.attributions):
        rows["attributions"].append({
            "ord": ord, "position": position, "article": result.id, "id": a.id, "form": a.form, "medium": a.medium,
            "cue": a.cue.text if a.cue else None, "cue_spans": _spans(a.cue.spans) if a.cue else None,
            "source_text": a.source.text if a.source else None, "source_start": a.source.start if a.source else None,
            "source_end": a.source.end if a.source else None, "source_id": a.source_id,
            "claim_text": a.claim.text, "claim_start": a.claim.start, "claim_end": a.claim.end,
            "frame": _span(a.frame), "addressee": _span(a.addressee), "via": a.via, "rule": a.rule,
            "confidence": a.confidence, "evidence": a.evidence,
        })
    for position, e in enumerate(result.entities):
        rows["entities"].append({"ord": ord, "position": position, "article": result.id, "id": e.id,
                                 "name": e.name, "type": e.type, "mentions": _spans(e.mentions)})
    graph = article_graph(result, config)
    # node ids of the per-article graph for non-shared sources hold the
    # article id; the tables use the id-free form of _node instead
    local = {f"source:{result.id}:{s.id}": f"source:{s.id}" for s in sources if s.kind not in SHARED_KINDS}
    for number, trace in enumerate(traces(graph)):
        claim = Span(trace.claim_start, trace.claim_end, trace.claim)
        lemmas = claim_lemmas(doc, claim)
        minhash, bands = signature(lemmas) if signature is not None and lemmas else ([], [])
        origin = trace.origin
        rows["chains"].append({
            "ord": ord, "chain": number, "article": result.id, "claim_text": trace.claim,
            "claim_norm": normalise_name(trace.claim), "claim_start": trace.claim_start, "claim_end": trace.claim_end,
            "origin_node": local.get(origin.node, origin.node) if origin else None,
            "lemmas": lemmas, "minhash": minhash, "bands": bands,
        })
        for step, hop in enumerate(trace.hops):
            rows["hops"].append({
                "ord": ord, "chain": number, "step": step, "article": result.id,
                "claim_start": trace.claim_start, "claim_end": trace.claim_end,
                "node": local.get(hop.node, hop.node), "shared": hop.node not in local,
                "publisher": trace.publisher is not None and step == 0,
                "name": hop.name, "kind": hop.kind, "anonymous": hop.anonymous,
                "cue": hop.cue, "rule": hop.rule, "confidence": hop.confidence,
            })
    return rows


def _node(source: Source, classifier) -> str:
    """The graph's node for a shared source; ``source:ID`` for one that is
    the article's own (made unique per article by ``ord`` where stored)."""
    if source.kind not in SHARED_KINDS:
        return f"source:{source.id}"
    return source_node(source, "", classifier)


def _schemas():
    import pyarrow as pa

    s, i, b, f = pa.string(), pa.int64(), pa.bool_(), pa.float64()
    return {
        "articles": pa.schema([("ord", i), ("id", s), ("path", s), ("publisher", s), ("model", s), ("language", s),
                               ("url", s), ("title", s), ("published", s), ("metadata_publisher", s),
                               ("chars", i), ("words", i), ("text", s), ("record", s)]),
        "sources": pa.schema([("ord", i), ("position", i), ("article", s), ("source_id", s), ("node", s),
                              ("shared", b), ("name", s), ("name_norm", s), ("name_len", i), ("kind", s), ("anonymous", b),
                              ("descriptor", s), ("affiliation", s), ("entity_id", s), ("resolved", b),
                              ("mentions", s)]),
        "attributions": pa.schema([("ord", i), ("position", i), ("article", s), ("id", s), ("form", s),
                                   ("medium", s), ("cue", s), ("cue_spans", s), ("source_text", s),
                                   ("source_start", i), ("source_end", i), ("source_id", s), ("claim_text", s),
                                   ("claim_start", i), ("claim_end", i), ("frame", s), ("addressee", s),
                                   ("via", s), ("rule", s), ("confidence", f), ("evidence", s)]),
        "entities": pa.schema([("ord", i), ("position", i), ("article", s), ("id", s), ("name", s), ("type", s),
                               ("mentions", s)]),
        "chains": pa.schema([("ord", i), ("chain", i), ("article", s), ("claim_text", s), ("claim_norm", s),
                             ("claim_start", i), ("claim_end", i), ("origin_node", s), ("lemmas", pa.list_(s)),
                             ("minhash", pa.list_(i)), ("bands", pa.list_(i))]),
        "hops": pa.schema([("ord", i), ("chain", i), ("step", i), ("article", s), ("claim_start", i),
                           ("claim_end", i), ("node", s), ("shared", b), ("publisher", b), ("name", s),
                           ("kind", s), ("anonymous", b), ("cue", s), ("rule", s), ("confidence", f)]),
    }


_SCHEMAS = None


def schemas():
    """table name → pyarrow schema (pyarrow imported on first use)."""
    global _SCHEMAS
    if _SCHEMAS is None:
        _SCHEMAS = _schemas()
    return _SCHEMAS


class RowBuffer:
    """Rows of many articles gathered table by table, turned into pyarrow
    tables when flushed."""

    def __init__(self):
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.articles = 0

    def add(self, rows: Mapping[str, list[dict]]) -> None:
        for name in TABLES:
            self.rows[name].extend(rows[name])
        self.articles += 1

    def tables(self):
        from provenance.safe_text import arrow_table

        return {name: arrow_table(self.rows[name], schemas()[name]) for name in TABLES}

    def clear(self) -> None:
        self.rows = {name: [] for name in TABLES}
        self.articles = 0


# The file that marks a directory as a dataset this project wrote: only such a
# directory (or an empty one) is ever cleared for a new run.
DATASET_MARKER = ".provenance-dataset"


def claim_dataset(directory) -> None:
    """Make ``directory`` a Parquet dataset of ours, or refuse: a new or empty
    directory gets the marker; one holding anything else without the marker is
    someone's files, never cleared (an OutputError names it)."""
    from pathlib import Path

    from provenance.atomic import OutputError, cannot_write

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: --parquet needs a directory")
    try:
        if directory.is_dir() and not (directory / DATASET_MARKER).is_file() and any(directory.iterdir()):
            raise OutputError(f"{directory}: not a dataset provenance wrote (it holds other files); "
                              "give a new or empty directory")
        directory.mkdir(parents=True, exist_ok=True)
        (directory / DATASET_MARKER).write_text("provenance Parquet dataset (README: Corpus scale)\n",
                                                 encoding="utf-8")
    except OSError as exc:
        raise cannot_write(directory, exc) from None


def write_parquet(tables: Mapping, directory, part: str) -> None:
    """Each table as ``DIRECTORY/TABLE/PART.parquet``, atomically: written
    beside the target under a temporary name, then renamed, so a reader (or
    a retried task writing the same part) never sees half a file."""
    import os
    import tempfile
    from pathlib import Path

    import pyarrow.parquet as pq

    for name, table in tables.items():
        folder = Path(directory) / name
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{part}.", suffix=".tmp")
        os.close(fd)
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, folder / f"{part}.parquet")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
