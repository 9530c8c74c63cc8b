"""Stories: the same claim reported in several articles.

Two claims are near duplicates when the sets of their content lemmas
(:func:`provenance.tables.claim_lemmas`: inflection and word order do not
change them) have a Jaccard similarity of at least :data:`THRESHOLD`.
Candidates come from MinHash/LSH (``datasketch``): each claim's MinHash
signature is cut into bands, and claims sharing a band key are candidates,
checked by their exact Jaccard similarity; a story is a connected group of
near-duplicate claims from at least two articles. Signatures and band keys
are computed when an article is analysed (they are columns of the store's
``chains`` table), so a story query is a join on band keys in the database.

Flags:

- ``single_anonymous_origin``: the story reached readers through two or more
  outlets, and every claim's origin rests on no one named
  (:func:`provenance.records.rests_on_no_one`: anonymous, unspecified, or no
  source at all);
- ``circular_reporting``: the chains of the story's claims cite in a circle
  (outlet A cites B and B cites A, directly or through other sources).

``first_seen`` is the earliest article by its ``published`` metadata (ISO
dates compare as text), or null when no article of the story has one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from rich.console import Console
from rich.text import Text

from provenance.records import rests_on_no_one
from provenance.safe_text import plain, visible_json

THRESHOLD = 0.5  # Jaccard similarity of the lemma sets
NUM_PERM = 64  # MinHash permutations
MIN_LEMMAS = 3  # fewer content lemmas say too little to tell one claim from another
SEED = 1

_LSH_SHAPE: tuple[int, int] | None = None


def _shape() -> tuple[int, int]:
    """(bands, rows per band) that datasketch's LSH picks for the threshold."""
    global _LSH_SHAPE
    if _LSH_SHAPE is None:
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        _LSH_SHAPE = (lsh.b, lsh.r)
    return _LSH_SHAPE


def signature(lemmas: Sequence[str]) -> tuple[list[int], list[int]]:
    """A claim's MinHash values and LSH band keys; empty for a claim with
    fewer than :data:`MIN_LEMMAS` content lemmas (never part of a story)."""
    if len(lemmas) < MIN_LEMMAS:
        return [], []
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([lemma.encode("utf-8", "surrogatepass") for lemma in lemmas])
    values = [int(v) for v in minhash.hashvalues]
    bands, rows = _shape()
    keys = []
    for band in range(bands):
        chunk = ",".join(map(str, values[band * rows:(band + 1) * rows]))
        digest = hashlib.blake2b(f"{band}:{chunk}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return values, keys


@dataclass(frozen=True, slots=True)
class StoryClaim:
    article: str
    text: str
    start: int
    end: int
    origin: str | None  # the origin's name; None when no source is named


@dataclass(frozen=True, slots=True)
class FirstSeen:
    article: str
    published: str


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    claims: tuple[StoryClaim, ...]
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    origins: tuple[str, ...]
    first_seen: FirstSeen | None
    flags: tuple[str, ...]


def find(store) -> list[Story]:
    """Every story of the articles in ``store`` (:class:`provenance.store.Store`),
    earliest added first."""
    db = store.db
    # identical lemma sets are one group: the pairs are formed between groups,
    # so a claim repeated in many articles costs one group, not n² pairs
    db.execute("""
        CREATE OR REPLACE TEMP TABLE claim_groups AS
        SELECT lemmas, min((ord, chain)) AS first, any_value(bands) AS bands,
               row_number() OVER (ORDER BY min((ord, chain))) AS grp
        FROM chains WHERE len(bands) > 0 GROUP BY lemmas""")
    db.execute("""
        CREATE OR REPLACE TEMP TABLE group_bands AS
        SELECT grp, unnest(bands) AS band FROM claim_groups""")
    pairs = db.execute(f"""
        SELECT DISTINCT a.grp, b.grp FROM group_bands a JOIN group_bands b ON a.band = b.band AND a.grp < b.grp
        JOIN claim_groups x ON x.grp = a.grp JOIN claim_groups y ON y.grp = b.grp
        WHERE len(list_intersect(x.lemmas, y.lemmas)) >= {THRESHOLD}
              * len(list_distinct(list_concat(x.lemmas, y.lemmas)))""").fetchall()
    singles = db.execute("""
        SELECT g.grp FROM claim_groups g JOIN chains c ON c.lemmas = g.lemmas
        GROUP BY g.grp HAVING count(DISTINCT c.ord) > 1""").fetchall()
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    for (g,) in singles:
        root(g)
    if not parent:
        return []
    db.execute("CREATE OR REPLACE TEMP TABLE story_of (grp BIGINT, story BIGINT)")
    db.executemany("INSERT INTO story_of VALUES (?, ?)", [[g, root(g)] for g in parent])
    rows = db.execute("""
        SELECT s.story, c.ord, c.chain, c.article, c.claim_text, c.claim_start, c.claim_end, c.origin_node,
               n.label, n.kind, n.anonymous, a.published, p.label AS outlet
        FROM story_of s JOIN claim_groups g ON g.grp = s.grp JOIN chains c ON c.lemmas = g.lemmas
        JOIN articles a ON a.ord = c.ord
        LEFT JOIN nodes n ON n.node = c.origin_node
        LEFT JOIN (SELECT so.ord, nd.label FROM sources so JOIN nodes nd ON nd.node = so.node
                   WHERE so.source_id = 'publisher') p ON p.ord = c.ord
        ORDER BY s.story, c.ord, c.chain""").fetchall()
    edges = db.execute("""
        SELECT s.story, a.node, b.node
        FROM story_of s JOIN claim_groups g ON g.grp = s.grp JOIN chains c ON c.lemmas = g.lemmas
        JOIN hops a ON a.ord = c.ord AND a.chain = c.chain
        JOIN hops b ON b.ord = a.ord AND b.chain = a.chain AND b.step = a.step + 1
        WHERE a.shared AND b.shared""").fetchall()
    by_story: dict[int, list] = {}
    for row in rows:
        by_story.setdefault(row[0], []).append(row)
    cites: dict[int, set[tuple[str, str]]] = {}
    for story, u, v in edges:
        cites.setdefault(story, set()).add((u, v))
    stories = []
    for story, members in by_story.items():
        articles = list(dict.fromkeys(m[3] for m in members))
        if len(articles) < 2:
            continue
        outlets = list(dict.fromkeys(m[12] for m in members if m[12]))
        origins = list(dict.fromkeys(m[8] if m[7] else "no source named" for m in members))
        anonymous = all(rests_on_no_one(m[9] if m[7] else None, bool(m[10])) for m in members)
        dated = [(m[11], k, m[3]) for k, m in enumerate(members) if m[11]]
        first = min(dated) if dated else None
        flags = []
        if anonymous and len(outlets) >= 2:
            flags.append("single_anonymous_origin")
        if _circular(cites.get(story, set())):
            flags.append("circular_reporting")
        stories.append(Story(
            id="", claims=tuple(StoryClaim(m[3], m[4], m[5], m[6], m[8] if m[7] else None) for m in members),
            articles=tuple(articles), outlets=tuple(outlets), origins=tuple(origins),
            first_seen=FirstSeen(first[2], first[0]) if first else None, flags=tuple(flags)))
    return [Story(f"s{k}", *(getattr(s, f) for f in ("claims", "articles", "outlets", "origins", "first_seen",
                                                       "flags")))
            for k, s in enumerate(stories, 1)]


def _circular(edges: set[tuple[str, str]]) -> bool:
    """Whether the citing edges close a circle (a strongly connected group
    of two or more sources)."""
    if not edges:
        return False
    import networkx as nx

    graph = nx.DiGraph(list(edges))
    return any(len(part) > 1 for part in nx.strongly_connected_components(graph))


def to_json(stories: Sequence[Story]) -> str:
    data = {"stories": [{
        "id": s.id, "claims": [asdict(c) for c in s.claims], "articles": list(s.articles),
        "outlets": list(s.outlets), "origins": list(s.origins),
        "first_seen": asdict(s.first_seen) if s.first_seen else None, "flags": list(s.flags),
    } for s in stories]}
    return visible_json(json.dumps(data, ensure_ascii=False, indent=2))


def render(stories: Sequence[Story], console: Console) -> None:
    if not stories:
        console.print("no story: no claim is reported in two articles")
        return
    for s in stories:
        head = Text.assemble((s.id, "bold"), f"  {len(s.articles)} articles, {len(s.outlets)} outlets")
        for flag in s.flags:
            head.append(f"  {flag}", style="red")
        console.print(head)
        if s.first_seen:
            console.print(plain(f"  first seen: {s.first_seen.article} ({s.first_seen.published})", keep=""))
        console.print(plain(f"  outlets: {', '.join(s.outlets) or '-'}", keep=""))
        console.print(plain(f"  origins: {', '.join(s.origins)}", keep=""))
        for c in s.claims:
            console.print(plain(f"  - {c.article}: {c.text}", keep=""))
    console.print(f"{len(stories)} stor{'ies' if len(stories) != 1 else 'y'}")


def add_to_graph(graph, stories: Sequence[Story]) -> None:
    """Story nodes (``type`` story) with a ``groups`` edge to each of their
    claims, for the graph export."""
    from provenance.graph import claim_node
    from provenance.records import Span

    for s in stories:
        node = f"story:{s.id}"
        graph.add_node(node, type="story", label=f"story {s.id}", flags=list(s.flags), articles=len(s.articles),
                       outlets=list(s.outlets))
        for c in s.claims:
            claim = claim_node(c.article, Span(c.start, c.end, c.text))
            if claim in graph:
                graph.add_edge(node, claim, key=f"groups:{s.id}:{claim}", relation="groups", story=s.id)
