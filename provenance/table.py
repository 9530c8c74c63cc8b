"""The flat table of attributions: one row per attribution, the form
spreadsheets, pandas, R and DuckDB read.

:data:`COLUMNS` names the columns and their types, in a fixed order that
stays stable across versions (new columns are added at the end).
:func:`attribution_rows` makes the rows, :func:`to_dataframe` a pandas
DataFrame of them (pandas is an optional extra), :func:`arrow_table` a
pyarrow table, written as Parquet by :func:`write_parquet`; the CSV writer of
``analyze --format csv`` is in :mod:`provenance.output`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from provenance.graph import _branch
from provenance.records import ArticleResult, Attribution, Chain, Source, rests_on_no_one
from provenance.safe_text import csv_text

if TYPE_CHECKING:  # optional at run time
    import pandas
    import pyarrow


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # "string", "int", "float" or "bool"; every column may be empty (null)
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("article_id", "string", "the article's id (file name below the input directory, or the record's id)"),
    Column("url", "string", "the article's URL, from its metadata"),
    Column("title", "string", "the article's title, from its metadata"),
    Column("published", "string", "the article's date, as its metadata gives it"),
    Column("publisher", "string", "the outlet that published the article"),
    Column("attribution_id", "string", "the attribution's id within the article"),
    Column("form", "string", "direct, indirect, free_indirect, indirect_free_indirect or reported"),
    Column("medium", "string", "speech, thought or writing; empty where the cue gives none"),
    Column("cue", "string", "the words that attribute the claim (\"sagte\", \"laut\", \"unter Berufung auf\")"),
    Column("cue_start", "int", "offset of the cue's first word in the article text"),
    Column("cue_end", "int", "end of the cue's last word (a cue may be discontinuous)"),
    Column("source_name", "string", "the source the attribution names, readable"),
    Column("source_kind", "string", "outlet, person, organization, official, anonymous or unspecified"),
    Column("source_anonymous", "bool", "the source is anonymous (unnamed, or unspecified)"),
    Column("source_text", "string", "the words of the text that name the source (\"er\", \"die Agentur Reuters\")"),
    Column("source_start", "int", "offset of those words"),
    Column("source_end", "int", "end of those words"),
    Column("origin_name", "string", "the last source of the claim's chain, the publisher not counted"),
    Column("origin_kind", "string", "the origin's kind"),
    Column("origin_anonymous", "bool", "the origin is anonymous"),
    Column("rests_on_no_one", "bool", "the claim's origin is anonymous or unspecified, or no source is named "
                                      "(the definition of the anonymity share)"),
    Column("nested", "bool", "the claim lies inside another claim of the article (a quotation in it); "
                             "the anonymity share counts only the outer claim"),
    Column("chain", "string", "the chain as names, publisher first: \"IN-Ukraine.info → Reuters → …\""),
    Column("chain_length", "int", "the number of sources on the chain, publisher included"),
    Column("claim", "string", "the claim's text, whole"),
    Column("claim_start", "int", "offset of the claim in the article text"),
    Column("claim_end", "int", "end of the claim"),
    Column("via", "string", "the id of the attribution that relays this one"),
    Column("rule", "string", "the rule that found the attribution"),
    Column("confidence", "float", "how sure the rule is, 0 to 1"),
    Column("evidence", "string", "why the rule fired, in words"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
CHAIN_SEPARATOR = " → "


def _chain_of(result: ArticleResult) -> dict[str, Chain]:
    """The chain each attribution belongs to; an attribution no chain
    follows (a second source one relay cites) gets its branch."""
    chain_of = {i: chain for chain in result.chains for i in chain.attributions}
    by_id = {a.id: a for a in result.attributions}
    for a in result.attributions:
        if a.id not in chain_of:
            branch, _ = _branch(a, by_id, chain_of)
            chain_of[a.id] = branch
    return chain_of


def _origin(chain: Chain, by_id: Mapping[str, Attribution], sources: Mapping[str, Source]) -> Source | None:
    for attribution_id in reversed(chain.attributions):
        a = by_id.get(attribution_id)
        if a is not None and a.source_id is not None:
            return sources.get(a.source_id)
    return None


def attribution_rows(results: Iterable[ArticleResult]) -> Iterator[dict[str, Any]]:
    """One dict per attribution of every article, keyed by :data:`COLUMN_NAMES`
    (None where a value is missing), articles and attributions in order."""
    for result in results:
        sources = {s.id: s for s in result.sources}
        by_id = {a.id: a for a in result.attributions}
        chain_of = _chain_of(result)
        claims = [c.claim for c in result.chains]
        metadata = result.metadata or {}
        for a in result.attributions:
            chain = chain_of[a.id]
            source = sources.get(a.source_id or "")
            origin = _origin(chain, by_id, sources)
            names = [sources[i].name if i in sources else i for i in chain.path]
            spans = a.cue.spans if a.cue else ()
            yield {
                "article_id": result.id, "url": metadata.get("url"), "title": metadata.get("title"),
                "published": metadata.get("published"),
                "publisher": result.publisher.name if result.publisher else None,
                "attribution_id": a.id, "form": a.form, "medium": a.medium,
                "cue": a.cue.text if a.cue else None,
                "cue_start": spans[0].start if spans else None, "cue_end": spans[-1].end if spans else None,
                "source_name": source.name if source else None, "source_kind": source.kind if source else None,
                "source_anonymous": source.anonymous if source else None,
                "source_text": a.source.text if a.source else None,
                "source_start": a.source.start if a.source else None,
                "source_end": a.source.end if a.source else None,
                "origin_name": origin.name if origin else None, "origin_kind": origin.kind if origin else None,
                "origin_anonymous": origin.anonymous if origin else None,
                "rests_on_no_one": rests_on_no_one(origin.kind if origin else None,
                                                   origin.anonymous if origin else False),
                # as report.counted_chains decides: inside another claim's span
                "nested": any(o != chain.claim and o.contains(chain.claim) for o in claims),
                "chain": CHAIN_SEPARATOR.join(names), "chain_length": len(names),
                "claim": a.claim.text, "claim_start": a.claim.start, "claim_end": a.claim.end,
                "via": a.via, "rule": a.rule, "confidence": a.confidence, "evidence": a.evidence or None,
            }


# --- CSV ----------------------------------------------------------------------


def csv_header() -> str:
    return csv_text(COLUMN_NAMES, [])


def csv_lines(rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as CSV lines (no header), cells as :func:`safe_text.csv_cell` makes them."""
    return csv_text(COLUMN_NAMES, rows, header=False)


# --- Arrow, Parquet and pandas ---------------------------------------------------


def arrow_schema() -> pyarrow.Schema:
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    return pa.schema([pa.field(c.name, types[c.type], nullable=True, metadata={"description": c.description})
                      for c in COLUMNS], metadata={"provenance": "attributions/1"})


def arrow_table(results: Iterable[ArticleResult]) -> pyarrow.Table:
    """The attribution table as a pyarrow Table with :func:`arrow_schema`."""
    from provenance.safe_text import arrow_table as safe_table

    return safe_table(list(attribution_rows(results)), arrow_schema())


def write_parquet(results: Iterable[ArticleResult], path: str) -> None:
    """The attribution table as one Parquet file."""
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(results), path)


def to_dataframe(results: Iterable[ArticleResult] | ArticleResult) -> pandas.DataFrame:
    """The attribution table as a pandas DataFrame, one row per attribution,
    with :data:`COLUMNS` as columns and nullable dtypes (``Int64``,
    ``boolean``, ``string``), so a missing offset stays missing rather than
    turning the column into floats. Needs pandas (``pip install
    'provenance[pandas]'``)."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        from provenance.errors import ProvenanceError

        raise ProvenanceError("to_dataframe needs pandas: pip install 'provenance[pandas]'") from None
    if isinstance(results, ArticleResult):
        results = [results]
    return arrow_table(results).to_pandas(types_mapper=_pandas_type)


def _pandas_type(arrow_type: pyarrow.DataType) -> object:
    import pandas as pd
    import pyarrow as pa

    return {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
            pa.float64(): pd.Float64Dtype()}.get(arrow_type)
