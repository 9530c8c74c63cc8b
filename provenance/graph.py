"""Provenance graphs: claims linked to their chains of sources.

Plain functions over the records: :func:`chains` orders, for each claim, the
sources from the publisher through relaying outlets to the origin;
:func:`corpus_graph` turns any number of :class:`ArticleResult` into one
networkx MultiDiGraph, :func:`article_graph` does it for one article.

Nodes carry ``type``: ``article``, ``claim`` or ``source`` (with ``kind`` and
``anonymous``). Edges carry ``relation``:

- article → claim ``reports`` (one per chain),
- article → outlet ``published_by``,
- claim → source ``attributed_to`` (one per attribution of the chain),
- source → source ``cites`` (one per hop of a chain, publisher first),

with the cue, rule, confidence, article id and character offsets of the
attribution behind them. ``relation`` rather than ``type`` because GEXF
reserves an edge's ``type``; offsets are ``claim_start`` etc. because GEXF
reads bare ``start``/``end`` as time.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import networkx as nx

from provenance.config import Config, load_config
from provenance.records import ArticleResult, Attribution, Chain, Source, Span
from provenance.sources import Classifier, classifier_for


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


# Named sources are the same node in every article; descriptions ("Quellen",
# "ein Sprecher", "hochrangige Beamte") stay per article, since two of them in
# two articles need not be the same people.
SHARED_KINDS = frozenset({"outlet", "person", "organization"})


def normalise_name(name: str) -> str:
    """The form under which two spellings of one name meet: Unicode NFC,
    single spaces, no surrounding punctuation, case folded."""
    return " ".join(unicodedata.normalize("NFC", name).split()).strip(" ,.;:'\"„“”‚‘’»«").casefold()


def canonical_outlet(name: str, classifier: Classifier) -> str:
    """The outlet's name in the alias table ("Agentur Reuters" → "Reuters"),
    or the name itself for outlets the table does not know."""
    found = classifier.outlet(name)
    return found[0] if found else name


def source_node(source: Source, article_id: str, classifier: Classifier) -> str:
    if source.kind not in SHARED_KINDS:
        return f"source:{article_id}:{source.id}"
    name = canonical_outlet(source.name, classifier) if source.kind == "outlet" else source.name
    return f"{source.kind}:{normalise_name(name)}"


def claim_node(article_id: str, claim: Span) -> str:
    return f"claim:{article_id}:{claim.start}-{claim.end}"


def article_graph(result: ArticleResult, config: Config | None = None) -> nx.MultiDiGraph:
    """The provenance graph of one article."""
    return corpus_graph([result], config)


def corpus_graph(results: Iterable[ArticleResult], config: Config | None = None) -> nx.MultiDiGraph:
    """One graph across articles: each outlet, person and organization is
    one node however many articles cite it. Linear in the articles."""
    config = config or load_config()
    graph = nx.MultiDiGraph()
    classifier = classifier_for(config)
    outlet_types = {name: outlet.type for name, outlet in config.outlets.outlets.items()}
    for result in results:
        # Ids come from file names: a/x.txt and b/x.txt are still two articles.
        unique, n = result.id, 1
        while f"article:{unique}" in graph:
            n += 1
            unique = f"{result.id}~{n}"
        add_article(graph, replace(result, id=unique) if n > 1 else result, classifier, outlet_types)
    return graph


def add_article(graph: nx.MultiDiGraph, result: ArticleResult, classifier: Classifier,
                outlet_types: Mapping[str, str] | None = None) -> None:
    """Add one article, its claims and sources to ``graph``, merging shared
    sources with the nodes already there."""
    outlet_types = outlet_types or {}
    article = f"article:{result.id}"
    metadata = result.metadata or {}
    graph.add_node(article, type="article", label=result.id, article=result.id, path=result.path or "",
                   publisher=result.publisher.name if result.publisher else "", model=result.model,
                   language=result.language, title=metadata.get("title", ""), url=metadata.get("url", ""),
                   published=metadata.get("published", ""), metadata=dict(metadata), text=result.text,
                   chars=len(result.text))
    # a source that only speech events name (debates: "Ihr Antrag") carries no claim: no node
    claimed = {a.source_id for a in result.attributions} | {i for c in result.chains for i in c.path}
    event_only = {e.source_id for e in result.events} - claimed
    nodes = {s.id: _add_source(graph, s, result.id, classifier, outlet_types) for s in result.sources
             if s.id not in event_only}
    if result.publisher is not None:
        publisher = _add_source(graph, Source("publisher", result.publisher.name, "outlet", False, "publisher",
                                              None, ()), result.id, classifier, outlet_types)
        evidence = result.publisher.evidence
        graph.add_edge(article, publisher, key=f"published_by:{result.id}", relation="published_by",
                       article=result.id, **({"mention_text": evidence.text, "mention_start": evidence.start,
                                             "mention_end": evidence.end} if evidence else {}))
    by_id = {a.id: a for a in result.attributions}
    chain_of = {i: chain for chain in result.chains for i in chain.attributions}
    for chain in result.chains:
        attributions = [by_id[i] for i in chain.attributions]
        _add_chain(graph, article, result.id, chain, attributions, attributions, nodes)
    for attribution in result.attributions:
        if attribution.id not in chain_of:
            chain, attributions = _branch(attribution, by_id, chain_of)
            _add_chain(graph, article, result.id, chain, attributions, [attribution], nodes)


def _branch(attribution: Attribution, by_id: Mapping[str, Attribution],
            chain_of: Mapping[str, Chain]) -> tuple[Chain, list[Attribution]]:
    """The chain of an attribution :func:`chains` does not follow (a second
    source cited by one relay: "Reuters, unter Berufung auf A und B"): the
    chain of its relay, cut after the relay, then its own source."""
    lineage, seen = [attribution], {attribution.id}
    while lineage[-1].id not in chain_of and lineage[-1].via in by_id and lineage[-1].via not in seen:
        lineage.append(by_id[lineage[-1].via])
        seen.add(lineage[-1].id)
    lineage.reverse()
    anchor, path, attributions = lineage[0], [], []
    base = chain_of.get(anchor.id)
    if base is not None:
        attributions = [by_id[i] for i in base.attributions[:base.attributions.index(anchor.id) + 1]]
        cut = base.path.index(anchor.source_id) + 1 if anchor.source_id in base.path else len(base.path)
        path = list(base.path[:cut])
        lineage = lineage[1:]
    for a in lineage:
        attributions.append(a)
        if a.source_id is not None and a.source_id not in path:
            path.append(a.source_id)
    return Chain(attribution.claim, tuple(a.id for a in attributions), tuple(path)), attributions


def _add_source(graph: nx.MultiDiGraph, source: Source, article_id: str, classifier: Classifier,
                outlet_types: Mapping[str, str]) -> str:
    node = source_node(source, article_id, classifier)
    data = graph.nodes.get(node)
    if data is None:
        name = canonical_outlet(source.name, classifier) if source.kind == "outlet" else source.name
        graph.add_node(node, type="source", label=name, kind=source.kind, anonymous=source.anonymous,
                       shared=source.kind in SHARED_KINDS, descriptor=source.descriptor or "",
                       affiliation=source.affiliation or "", outlet_type=outlet_types.get(name, ""),
                       articles=[article_id], mentions=len(source.mentions))
        return node
    # Articles arrive one after another, so checking the last one keeps the
    # list unique in constant time.
    if data["articles"][-1] != article_id:
        data["articles"].append(article_id)
    data["mentions"] += len(source.mentions)
    if source.kind == "person" and len(source.name) > len(data["label"]):
        data["label"] = source.name
    data["descriptor"] = data["descriptor"] or source.descriptor or ""
    data["affiliation"] = data["affiliation"] or source.affiliation or ""
    return node


def attribution_attrs(a: Attribution, article_id: str) -> dict:
    """What an edge says about the attribution behind it."""
    attrs = {"article": article_id, "attribution": a.id, "cue": a.cue.text if a.cue else "",
             "cue_spans": [[s.start, s.end] for s in a.cue.spans] if a.cue else [],
             "rule": a.rule, "confidence": a.confidence, "form": a.form, "medium": a.medium or "",
             "evidence": a.evidence, "claim_start": a.claim.start, "claim_end": a.claim.end}
    if a.source is not None:
        attrs.update(mention_text=a.source.text, mention_start=a.source.start, mention_end=a.source.end)
    return attrs


def _add_chain(graph: nx.MultiDiGraph, article: str, article_id: str, chain: Chain,
               attributions: Sequence[Attribution], own: Sequence[Attribution], nodes: Mapping[str, str]) -> None:
    """The claim, its ``reports`` edge, an ``attributed_to`` edge for each of
    ``own`` attributions and a ``cites`` edge for each hop of the path."""
    chain_id = f"{article_id}:{own[0].id}"
    claim = claim_node(article_id, chain.claim)
    if claim not in graph:
        graph.add_node(claim, type="claim", label=chain.claim.text, text=chain.claim.text, article=article_id,
                       claim_start=chain.claim.start, claim_end=chain.claim.end, form=attributions[0].form)
    graph.add_edge(article, claim, key=f"reports:{chain_id}", relation="reports", article=article_id,
                   chain=chain_id, claim_start=chain.claim.start, claim_end=chain.claim.end)
    for a in own:
        if a.source_id is None:
            continue
        attrs = attribution_attrs(a, article_id)
        if a.source_id in chain.path:
            attrs["step"] = chain.path.index(a.source_id)
        graph.add_edge(claim, nodes[a.source_id], key=f"attributed_to:{article_id}:{a.id}",
                       relation="attributed_to", chain=chain_id, **attrs)
    introduced = {a.source_id: a for a in reversed(attributions) if a.source_id is not None}
    for step in range(1, len(chain.path)):
        graph.add_edge(nodes[chain.path[step - 1]], nodes[chain.path[step]], key=f"cites:{chain_id}:{step}",
                       relation="cites", chain=chain_id, claim=claim, step=step,
                       **_hop_attrs(introduced.get(chain.path[step]), attributions[0], article_id))


def _hop_attrs(introducing: Attribution | None, top: Attribution, article_id: str) -> dict:
    """A hop carries the attribution that brought its cited source in
    ("unter Berufung auf" for Reuters → official). A relay known only as the
    addressee ("sagte der Zeitung Y") carries the chain's own cue, and the
    addressee as the mention of the cited source."""
    if introducing is not None:
        return attribution_attrs(introducing, article_id)
    attrs = {k: v for k, v in attribution_attrs(top, article_id).items() if not k.startswith("mention_")}
    if top.addressee is not None:
        attrs.update(mention_text=top.addressee.text, mention_start=top.addressee.start,
                     mention_end=top.addressee.end)
    return attrs


@dataclass(frozen=True, slots=True)
class ChainPath:
    """One chain as the graph holds it: node ids, publisher first."""

    chain: str
    article: str
    claim: str
    path: tuple[str, ...]
    publisher: str | None  # the article's outlet, when it heads the path

    @property
    def cited(self) -> tuple[str, ...]:
        """The sources the claim passed through, without the publisher."""
        return self.path[1:] if self.publisher is not None else self.path


def chain_paths(graph: nx.MultiDiGraph) -> dict[str, ChainPath]:
    """Every chain of the graph by its id, read from the edges alone, so it
    works as well on a graph loaded from a file."""
    claims: dict[str, tuple[str, str]] = {}
    publishers: dict[str, str] = {}
    steps: dict[str, dict[int, str]] = {}
    for u, v, data in graph.edges(data=True):
        relation, chain = data.get("relation"), data.get("chain")
        if relation == "published_by":
            publishers[u] = v
        elif not chain:
            continue
        elif relation == "reports":
            claims[chain] = (u, v)
        elif relation == "cites":
            step = int(data["step"])
            steps.setdefault(chain, {}).update({step - 1: u, step: v})
        elif relation == "attributed_to" and data.get("step", "") != "":
            steps.setdefault(chain, {})[int(data["step"])] = v
    result = {}
    for chain, (article, claim) in claims.items():
        positions = steps.get(chain, {})
        path = tuple(positions[k] for k in sorted(positions))
        publisher = publishers.get(article)
        # A claim no one is named for rests on the publisher alone.
        if not path and publisher is not None:
            path = (publisher,)
        result[chain] = ChainPath(chain, article, claim, path, publisher if path[:1] == (publisher,) else None)
    return result


def chain_steps(graph: nx.MultiDiGraph) -> dict[tuple[str, int], dict]:
    """(chain id, step) → the data of the edge whose attribution brought in
    the source at that step: the ``cites`` hop, or for a source heading its
    chain, the ``attributed_to`` edge."""
    steps: dict[tuple[str, int], dict] = {}
    for _, _, data in graph.edges(data=True):
        relation = data.get("relation")
        if relation not in ("cites", "attributed_to") or data.get("step", "") == "":
            continue
        key = (str(data["chain"]), int(data["step"]))
        if relation == "cites":
            steps[key] = data
        else:
            steps.setdefault(key, data)
    return steps


def claim_counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Node → the number of claims whose chain passes through it (as
    publisher, relay or origin); an article counts the claims it reports.
    A graph of the sources level holds the count as ``claims`` already."""
    counts: dict[str, int] = {}
    for chain in chain_paths(graph).values():
        for node in {*chain.path, chain.article}:
            counts[node] = counts.get(node, 0) + 1
        counts[chain.claim] = 1
    for node, data in graph.nodes(data=True):
        if node not in counts and isinstance(data.get("claims"), int):
            counts[node] = data["claims"]
    return counts


# ---------------------------------------------------------------------------
# the sources level: who cites whom

LEVELS = ("claims", "sources")


def source_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The who-cites-whom network of a claims graph (:func:`corpus_graph`):
    every outlet, person, organisation, official and anonymous or
    unspecified origin is a node, and an edge ``u → v`` says that ``u``
    cited ``v`` for ``weight`` claims. Its ``relation`` is ``cites`` where
    ``u`` is the publisher of the article, ``relays`` where ``u`` is itself
    a cited source passing on what ``v`` said (Reuters → the official).

    Nodes keep the source's attributes and add ``claims`` (claims through
    it), ``origin_of`` (claims it is the origin of), ``published`` (articles
    it published) and ``article_count``; edges carry ``weight``, the
    ``articles`` and the distinct ``cues``."""
    level = nx.MultiDiGraph(level="sources")
    claims: dict[str, set[str]] = {}
    origins: dict[str, set[str]] = {}
    published: dict[str, set[str]] = {}
    edges: dict[tuple[str, str, str], dict] = {}
    steps = chain_steps(graph)
    for chain in chain_paths(graph).values():
        article = str(graph.nodes[chain.article].get("article", chain.article))
        for node in chain.path:
            claims.setdefault(node, set()).add(chain.claim)
        if chain.publisher is not None:
            published.setdefault(chain.publisher, set()).add(article)
        if chain.cited:
            origins.setdefault(chain.cited[-1], set()).add(chain.claim)
        for step in range(1, len(chain.path)):
            u, v = chain.path[step - 1], chain.path[step]
            relation = "cites" if step == 1 and chain.publisher == u else "relays"
            edge = edges.setdefault((u, v, relation), {"claims": set(), "articles": {}, "cues": {}})
            edge["claims"].add(chain.claim)
            edge["articles"][article] = None
            cue = str(steps.get((chain.chain, step), {}).get("cue", ""))
            if cue:
                edge["cues"][cue] = None
    for node in claims.keys() | published.keys():
        data = dict(graph.nodes[node])
        articles = data.get("articles", [])
        articles = json.loads(articles) if isinstance(articles, str) and articles.startswith("[") else list(articles)
        level.add_node(node, **{**data, "articles": articles, "article_count": len(articles),
                                "claims": len(claims.get(node, ())), "origin_of": len(origins.get(node, ())),
                                "published": len(published.get(node, ()))})
    for (u, v, relation), edge in edges.items():
        level.add_edge(u, v, key=relation, relation=relation, weight=len(edge["claims"]),
                       articles=list(edge["articles"]), article_count=len(edge["articles"]),
                       cues=list(edge["cues"]))
    return level


def at_level(graph: nx.MultiDiGraph, level: str) -> nx.MultiDiGraph:
    """``graph`` at ``level``: ``claims`` (as built) or ``sources``."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; there are: {', '.join(LEVELS)}")
    return source_graph(graph) if level == "sources" else graph


def is_source_level(graph: nx.MultiDiGraph) -> bool:
    return graph.graph.get("level") == "sources"


# ---------------------------------------------------------------------------
# attribute values for file formats

# Attributes of article nodes that only the JSON export and the HTML page
# carry: a whole article text would swamp Gephi's data table and a CSV.
TEXT_ONLY_ATTRIBUTES = frozenset({"text", "metadata"})


def file_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``graph`` without the article texts (:data:`TEXT_ONLY_ATTRIBUTES`):
    article nodes keep their id, title, URL, date, publisher and length."""
    if not any(data.get("type") == "article" and TEXT_ONLY_ATTRIBUTES & data.keys() for _, data in graph.nodes(data=True)):
        return graph
    copy = graph.copy()
    for _, data in copy.nodes(data=True):
        if data.get("type") == "article":
            for key in TEXT_ONLY_ATTRIBUTES:
                data.pop(key, None)
    return copy


def _flat_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return json.dumps(sorted(value) if isinstance(value, (set, frozenset)) else value,
                          ensure_ascii=False, default=str)
    return str(value)


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def flat_attrs(records: Iterable[Mapping]) -> list[dict]:
    """Attribute dicts whose values every format can hold: lists and dicts
    become JSON text, None becomes "", and a key whose values differ in type
    holds them all as text (or all as floats, for ints mixed with floats),
    since GraphML and GEXF declare one type per key."""
    rows = [{key: _flat_value(value) for key, value in record.items()} for record in records]
    types: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            types.setdefault(key, set()).add(type(value))
    mixed = {key for key, seen in types.items() if len(seen) > 1}
    for row in rows:
        for key in mixed & row.keys():
            row[key] = float(row[key]) if types[key] <= {int, float} else _as_text(row[key])
    return rows


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` with :func:`flat_attrs` applied to nodes and edges."""
    flat = nx.MultiDiGraph()
    flat.graph.update(flat_attrs([graph.graph])[0])
    nodes = list(graph.nodes(data=True))
    flat.add_nodes_from(zip((n for n, _ in nodes), flat_attrs(d for _, d in nodes)))
    edges = list(graph.edges(keys=True, data=True))
    flat.add_edges_from((u, v, k, d) for (u, v, k, _), d in zip(edges, flat_attrs(d for *_, d in edges)))
    return flat
