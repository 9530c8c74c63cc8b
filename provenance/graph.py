"""Provenance graphs: claims linked to their chains of sources.

Plain functions over the records: :func:`chains` orders, for each claim, the
sources from the publisher through relaying outlets to the origin;
:func:`article_graph` turns an :class:`ArticleResult` into a networkx
MultiDiGraph (article → claim ``reports``, claim → source ``attributed_to``,
source → source ``cites``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx

from provenance.records import ArticleResult, Attribution, Chain, Source, Span


def chains(attributions: Sequence[Attribution], publisher_id: str | None,
           relays: Mapping[str, Sequence[str]] | None = None) -> list[Chain]:
    """One chain per top-level attribution (``via`` is None): publisher, the
    outlets that relayed the source to us, the source, and each origin the
    source itself cites (following ``via`` links downwards)."""
    relays = relays or {}
    relayed_by: dict[str, list[Attribution]] = {}
    for a in attributions:
        if a.via is not None:
            relayed_by.setdefault(a.via, []).append(a)
    result = []
    for top in attributions:
        if top.via is not None:
            continue
        path: list[str] = [publisher_id] if publisher_id else []
        ids = [top.id]
        if top.source_id is not None:
            path.extend(s for s in relays.get(top.source_id, ()) if s not in path)
            if top.source_id not in path:
                path.append(top.source_id)
        current = top
        while relayed_by.get(current.id):
            current = relayed_by[current.id][0]
            ids.append(current.id)
            if current.source_id is not None and current.source_id not in path:
                path.append(current.source_id)
        result.append(Chain(top.claim, tuple(ids), tuple(path)))
    return result


def _span_attrs(prefix: str, span: Span | None) -> dict:
    if span is None:
        return {}
    return {f"{prefix}_start": span.start, f"{prefix}_end": span.end, f"{prefix}_text": span.text}


def article_graph(result: ArticleResult) -> nx.MultiDiGraph:
    """The provenance graph of one article."""
    graph = nx.MultiDiGraph()
    article = f"article:{result.id}"
    graph.add_node(article, type="article", label=result.id,
                   publisher=result.publisher.name if result.publisher else "")
    by_id: dict[str, Source] = {s.id: s for s in result.sources}
    for source in result.sources:
        graph.add_node(f"{result.id}:{source.id}", type="source", label=source.name, kind=source.kind,
                       anonymous=source.anonymous, article=result.id)
    attribution_by_id = {a.id: a for a in result.attributions}
    for chain in result.chains:
        claim = f"{result.id}:claim:{chain.claim.start}-{chain.claim.end}"
        graph.add_node(claim, type="claim", label=chain.claim.text, article=result.id,
                       start=chain.claim.start, end=chain.claim.end)
        graph.add_edge(article, claim, key="reports", type="reports", article=result.id)
        top = attribution_by_id[chain.attributions[0]]
        if top.source_id in by_id:
            graph.add_edge(claim, f"{result.id}:{top.source_id}", key=f"attributed_to:{top.id}",
                           type="attributed_to", cue=top.cue.text if top.cue else "", rule=top.rule,
                           confidence=top.confidence, article=result.id, attribution=top.id,
                           **_span_attrs("claim", top.claim))
        for relay, origin in zip(chain.path, chain.path[1:]):
            graph.add_edge(f"{result.id}:{relay}", f"{result.id}:{origin}", key=f"cites:{claim}",
                           type="cites", article=result.id, claim=claim)
    return graph
