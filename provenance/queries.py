"""Questions across a corpus, answered from its provenance graph.

:func:`trace` finds claims and the chain each reached the reader through
(every claim resting on an anonymous origin, everything relayed by
Reuters); :func:`rank_sources` ranks the sources the corpus relies on.
Both return plain data; :func:`render_traces` and :func:`render_sources`
draw it with rich.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from provenance.config import Config, load_config
from provenance.graph import canonical_outlet, chain_paths, chain_steps, corpus_graph, normalise_name
from provenance.records import UNSOURCED_KINDS, ArticleResult, rests_on_no_one
from provenance.safe_text import plain, visible_json
from provenance.sources import Classifier, classifier_for
from provenance.style import KIND_COLORS, short

UNSOURCED = UNSOURCED_KINDS


@dataclass(frozen=True, slots=True)
class Hop:
    """One source on a chain, with the attribution that brought it in."""

    node: str
    name: str
    kind: str
    anonymous: bool
    cue: str = ""
    rule: str = ""
    confidence: float | None = None

    @property
    def unsourced(self) -> bool:
        return rests_on_no_one(self.kind, self.anonymous)


@dataclass(frozen=True, slots=True)
class Trace:
    """A claim and the chain it reached the reader through."""

    article: str
    claim: str
    claim_start: int
    claim_end: int
    publisher: Hop | None
    cited: tuple[Hop, ...]  # relays first, origin last

    @property
    def hops(self) -> tuple[Hop, ...]:
        return ((self.publisher,) if self.publisher else ()) + self.cited

    @property
    def origin(self) -> Hop | None:
        return self.cited[-1] if self.cited else None

    @property
    def anonymous_origin(self) -> bool:
        """The claim rests on no one named (:func:`rests_on_no_one`, the
        definition the report's share uses): an anonymous or unspecified
        origin, or no source at all."""
        if self.origin is None:
            return rests_on_no_one(None)
        return self.origin.unsourced


@dataclass(frozen=True, slots=True)
class SourceRank:
    node: str
    name: str
    kind: str
    anonymous: bool
    articles: int
    claims: int
    relayed_by: tuple[str, ...]  # sources between the publisher and this one, mostly outlets


def traces(graph: nx.MultiDiGraph) -> list[Trace]:
    """Every chain of ``graph``, in the order the articles were added."""
    steps = chain_steps(graph)

    def hop(chain: str, step: int, node: str) -> Hop:
        data, edge = graph.nodes[node], steps.get((chain, step), {})
        confidence = edge.get("confidence")
        return Hop(node, str(data.get("label", node)), str(data.get("kind", "")), bool(data.get("anonymous")),
                   str(edge.get("cue", "")), str(edge.get("rule", "")),
                   None if confidence in (None, "") else float(confidence))

    result = []
    for chain in chain_paths(graph).values():
        claim = graph.nodes[chain.claim]
        first = len(chain.path) - len(chain.cited)
        result.append(Trace(
            str(graph.nodes[chain.article].get("article", chain.article)), str(claim.get("text", claim.get("label"))),
            int(claim["claim_start"]), int(claim["claim_end"]),
            hop(chain.chain, 0, chain.publisher) if chain.publisher else None,
            tuple(hop(chain.chain, step, chain.path[step]) for step in range(first, len(chain.path)))))
    return result


def _name_pattern(name: str, classifier: Classifier) -> re.Pattern:
    # whole words, so "AP" does not find "Japan"
    names = {normalise_name(name), normalise_name(canonical_outlet(name, classifier))}
    return re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(names)))


def trace(results: Iterable[ArticleResult], claim: str | None = None, source: str | None = None,
          anonymous: bool = False, config: Config | None = None) -> list[Trace]:
    """The chains of the claims that match every filter given: ``claim``
    text in the claim, a source named ``source`` (an outlet by any of its
    aliases) anywhere on the chain, and with ``anonymous`` only claims
    resting on an anonymous or unspecified origin."""
    config = config or load_config()
    found = traces(corpus_graph(results, config))
    if claim:
        wanted = normalise_name(claim)
        found = [t for t in found if wanted in normalise_name(t.claim)]
    if source and normalise_name(source):
        pattern = _name_pattern(source, classifier_for(config))
        found = [t for t in found if any(pattern.search(normalise_name(h.name)) for h in t.hops)]
    if anonymous:
        found = [t for t in found if t.anonymous_origin]
    return found


def rank_sources(results: Iterable[ArticleResult], config: Config | None = None) -> list[SourceRank]:
    """Every source a claim passed through, most claims first: how many
    articles and claims rely on it, and which outlets relayed it."""
    graph = corpus_graph(results, config)
    claims: dict[str, set[str]] = {}
    articles: dict[str, set[str]] = {}
    relays: dict[str, dict[str, None]] = {}
    for chain in chain_paths(graph).values():
        for k, node in enumerate(chain.cited):
            claims.setdefault(node, set()).add(chain.claim)
            articles.setdefault(node, set()).add(chain.article)
            relays.setdefault(node, {}).update(dict.fromkeys(chain.cited[:k]))
    rows = []
    for node, claim_set in claims.items():
        data = graph.nodes[node]
        rows.append(SourceRank(node, str(data.get("label", node)), str(data.get("kind", "")),
                               bool(data.get("anonymous")), len(articles[node]), len(claim_set),
                               tuple(str(graph.nodes[r].get("label", r)) for r in relays[node] if r != node)))
    rows.sort(key=lambda r: (-r.claims, -r.articles, r.name.casefold()))
    return rows


def count(n: int, noun: str) -> str:
    """``n`` and the noun, plural unless ``n`` is 1: "1 claim", "3 claims"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def totals_by_kind(rows: Iterable[SourceRank]) -> dict[str, tuple[int, int]]:
    """kind → (sources, claims): anonymous sources stay one node per
    article, and this is where they are counted together."""
    totals: dict[str, tuple[int, int]] = {}
    for row in rows:
        sources, claims = totals.get(row.kind, (0, 0))
        totals[row.kind] = (sources + 1, claims + row.claims)
    return dict(sorted(totals.items()))


# ---------------------------------------------------------------------------
# machine-readable: JSON documents (schemas provenance.traces/1 and
# provenance.sources/1) and CSV tables with stable column names

TRACES_SCHEMA = "provenance.traces/1"
SOURCES_SCHEMA = "provenance.sources/1"
TRACE_COLUMNS = ("article_id", "claim_start", "claim_end", "claim", "publisher", "chain", "chain_length",
                 "origin_name", "origin_kind", "origin_anonymous", "rests_on_no_one", "origin_cue", "origin_rule",
                 "origin_confidence")
SOURCE_COLUMNS = ("rank", "node", "name", "kind", "anonymous", "articles", "claims", "relayed_by")
LIST_SEPARATOR = " | "  # between the outlets of relayed_by in CSV


def _hop_dict(hop: Hop) -> dict:
    return {"node": hop.node, "name": hop.name, "kind": hop.kind, "anonymous": hop.anonymous, "cue": hop.cue,
            "rule": hop.rule, "confidence": hop.confidence}


def traces_document(found: Sequence[Trace]) -> dict:
    """The traces as one JSON-ready document (schema ``provenance.traces/1``)."""
    return {"schema": TRACES_SCHEMA, "traces": [{
        "article_id": t.article, "claim": {"text": t.claim, "start": t.claim_start, "end": t.claim_end},
        "publisher": _hop_dict(t.publisher) if t.publisher else None,
        "cited": [_hop_dict(h) for h in t.cited], "origin": _hop_dict(t.origin) if t.origin else None,
        "chain": [h.name for h in t.hops], "rests_on_no_one": t.anonymous_origin} for t in found]}


def trace_rows(found: Sequence[Trace]) -> list[dict]:
    """One row per claim, keyed by :data:`TRACE_COLUMNS`."""
    rows = []
    for t in found:
        origin = t.origin
        rows.append({"article_id": t.article, "claim_start": t.claim_start, "claim_end": t.claim_end,
                     "claim": t.claim, "publisher": t.publisher.name if t.publisher else None,
                     "chain": " → ".join(h.name for h in t.hops), "chain_length": len(t.hops),
                     "origin_name": origin.name if origin else None, "origin_kind": origin.kind if origin else None,
                     "origin_anonymous": origin.anonymous if origin else None,
                     "rests_on_no_one": t.anonymous_origin, "origin_cue": origin.cue if origin else None,
                     "origin_rule": origin.rule if origin else None,
                     "origin_confidence": origin.confidence if origin else None})
    return rows


def sources_document(rows: Sequence[SourceRank]) -> dict:
    """The ranking as one JSON-ready document (schema ``provenance.sources/1``)."""
    return {"schema": SOURCES_SCHEMA, "sources": source_rows(rows, lists=True),
            "totals": {kind: {"sources": n, "claims": c} for kind, (n, c) in totals_by_kind(rows).items()}}


def source_rows(rows: Sequence[SourceRank], lists: bool = False) -> list[dict]:
    """One row per source, keyed by :data:`SOURCE_COLUMNS`; ``relayed_by``
    a list, or for CSV (``lists=False``) the names joined by " | "."""
    return [{"rank": rank, "node": r.node, "name": r.name, "kind": r.kind, "anonymous": r.anonymous,
             "articles": r.articles, "claims": r.claims,
             "relayed_by": list(r.relayed_by) if lists else LIST_SEPARATOR.join(r.relayed_by)}
            for rank, r in enumerate(rows, 1)]


def json_text(document: dict) -> str:
    return visible_json(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


# ---------------------------------------------------------------------------
# rendering


def _hop_text(hop: Hop) -> Text:
    # Text.assemble, not markup: names come from articles and may hold "[";
    # control characters made visible (safe_text.visible).
    colour = KIND_COLORS.get(hop.kind, "")
    text = Text.assemble(plain(hop.name, f"bold {colour}", keep=""),
                         plain(f"  {hop.kind}", "red" if hop.unsourced else "dim", keep=""))
    if hop.anonymous and hop.kind not in UNSOURCED:
        text.append("  anonymous", style="red")
    if hop.cue:
        text.append(plain(f"  ← {hop.cue}", "italic", keep=""))
        text.append(plain(f" ({hop.rule} {hop.confidence:.2f})" if hop.confidence is not None else f" ({hop.rule})",
                          "dim", keep=""))
    return text


def render_traces(found: Sequence[Trace], console: Console) -> None:
    """One tree per article: each claim, and under it the chain from the
    publisher down to the origin."""
    if not found:
        console.print("no claim matches")
        return
    trees: dict[str, Tree] = {}
    for t in found:
        tree = trees.get(t.article)
        if tree is None:
            tree = trees[t.article] = Tree(plain(t.article, "bold", keep=""))
        branch = tree.add(Text.assemble(("claim ", "dim"), plain(short(t.claim, 110), keep=""),
                                        (f"  [{t.claim_start}–{t.claim_end}]", "dim")))
        for hop in t.hops:
            branch = branch.add(_hop_text(hop))
        if not t.cited:
            branch.add(Text("no source named", style="red"))
    for tree in trees.values():
        console.print(tree)
    console.print(f"{count(len(found), 'claim')} in {count(len(trees), 'article')}")


def render_sources(rows: Sequence[SourceRank], console: Console) -> None:
    table = Table(title="Sources across the corpus")
    for column, justify in (("#", "right"), ("source", "left"), ("kind", "left"), ("anonymous", "left"),
                            ("articles", "right"), ("claims", "right"), ("relayed by", "left")):
        table.add_column(column, justify=justify)
    for rank, row in enumerate(rows, 1):
        table.add_row(str(rank), plain(row.name), plain(row.kind, style=KIND_COLORS.get(row.kind, "")),
                      "yes" if row.anonymous else "no", str(row.articles), str(row.claims),
                      plain(", ".join(row.relayed_by)))
    console.print(table)
    console.print(plain("; ".join(f"{kind}: {count(sources, 'source')}, {count(claims, 'claim')}"
                            for kind, (sources, claims) in totals_by_kind(rows).items())))
