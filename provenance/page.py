"""One self-contained HTML page for a provenance graph: the graph to pan,
zoom and click, beside the article texts with claims, cues and sources
highlighted and linked to it.

Works offline: the script and style under ``provenance/static/`` are inlined,
and a Content-Security-Policy allows nothing but them, so no request leaves
the page. Article text is escaped into the markup; everything else reaches
the page as JSON that the script only ever puts in through ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path

import networkx as nx

from provenance.graph import chain_paths, chain_steps
from provenance.style import KIND_COLORS, TYPE_COLORS, node_color

STATIC = Path(__file__).resolve().parent / "static"
# What the details panel lists for each node type, in this order.
INFO = {
    "article": ("publisher", "path", "chars", "model"),
    "claim": ("article", "claim_start", "claim_end", "form"),
    "source": ("kind", "anonymous", "descriptor", "affiliation", "outlet_type", "articles", "mentions"),
}
WIDTH, HEIGHT = 1000.0, 700.0


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    if len(simple) == 1:
        return {node: (WIDTH / 2, HEIGHT / 2) for node in simple}
    positions = nx.spring_layout(simple, seed=1, k=1.5 / max(len(simple), 1) ** 0.5)
    return {node: (float(x + 1) / 2 * WIDTH, float(y + 1) / 2 * HEIGHT) for node, (x, y) in positions.items()}


def _spans(value: object) -> list[list[int]]:
    # graphs read back from GraphML and the like hold the spans as JSON text
    return json.loads(value) if isinstance(value, str) and value else list(value or [])


def page_data(graph: nx.MultiDiGraph) -> dict:
    """What the script draws: nodes with positions, edges merged per pair
    and relation, and the chains."""
    index = {node: k for k, node in enumerate(graph)}
    paths = chain_paths(graph).values()
    # a node grows with the number of chains through it
    weight: dict[str, int] = {}
    for chain in paths:
        for node in set(chain.path):
            weight[node] = weight.get(node, 0) + 1
    layout = _layout(graph)
    nodes = []
    for node, data in graph.nodes(data=True):
        kind = data.get("type", "source")
        radius = {"article": 9, "claim": 4}.get(kind, 6 + 2 * weight.get(node, 0) ** 0.5)
        x, y = layout[node]
        nodes.append({"id": node, "type": kind, "label": str(data.get("label", node)), "kind": data.get("kind", ""),
                      "anonymous": data.get("anonymous") in (True, "true", "True"), "color": node_color(data),
                      "x": round(x, 1), "y": round(y, 1), "r": round(radius, 1),
                      "info": [[key, _jsonable(data[key])] for key in INFO.get(kind, ()) if key in data]})
    merged: dict[tuple[int, int, str], int] = {}
    for u, v, data in graph.edges(data=True):
        pair = (index[u], index[v], str(data.get("relation", "")))
        merged[pair] = merged.get(pair, 0) + 1
    steps = chain_steps(graph)
    chains = [{"claim": index[c.claim], "article": index[c.article], "path": [index[n] for n in c.path],
               "cues": [str(steps.get((c.chain, step), {}).get("cue", "")) for step in range(len(c.path))]}
              for c in paths]
    return {"nodes": nodes, "edges": [{"s": s, "t": t, "relation": r, "n": n} for (s, t, r), n in merged.items()],
            "chains": chains}


def _jsonable(value: object) -> object:
    return value if isinstance(value, (str, int, float, bool, list)) or value is None else str(value)


def _marks(graph: nx.MultiDiGraph, index: Mapping[str, int]) -> dict[str, set[tuple[int, int, str, int]]]:
    """Per article id, (start, end, what, node index) for every claim, cue
    and source mention in its text; one pass over the edges."""
    marks: dict[str, set[tuple[int, int, str, int]]] = {}
    for u, v, data in graph.edges(data=True):
        relation, into = data.get("relation"), marks.setdefault(str(data.get("article", "")), set())
        if relation == "reports":
            into.add((int(data["claim_start"]), int(data["claim_end"]), "claim", index[v]))
        if relation not in ("attributed_to", "cites", "published_by"):
            continue
        claim = u if relation == "attributed_to" else data.get("claim")
        if claim in index:
            into.update((start, end, "cue", index[claim]) for start, end in _spans(data.get("cue_spans")))
        if data.get("mention_start", "") != "":
            into.add((int(data["mention_start"]), int(data["mention_end"]), "src", index[v]))
    return marks


def highlight(text: str, marks: Iterable[tuple[int, int, str, int]], kinds: Sequence[str]) -> str:
    """``text`` escaped, cut where any mark starts or ends, each piece in a
    span naming the claims and sources over it (marks may overlap);
    ``kinds`` gives each node's source kind, to colour its mentions."""
    marks = [(max(0, s), min(len(text), e), what, n) for s, e, what, n in marks if s < e]
    cuts = sorted({0, len(text), *(s for s, *_ in marks), *(e for _, e, *_ in marks)})
    starts: dict[int, list] = {}
    for mark in marks:
        starts.setdefault(mark[0], []).append(mark)
    active: set = set()
    out = []
    for left, right in zip(cuts, cuts[1:]):
        active = {m for m in active if m[1] > left} | set(starts.get(left, ()))
        piece = escape(text[left:right], quote=False)
        if not active:
            out.append(piece)
            continue
        # Claims and cues both name a claim; the longest mark first, so the
        # script takes the innermost (a cue, or a nested claim) as the last.
        claims = sorted({m for m in active if m[2] != "src"}, key=lambda m: m[0] - m[1])
        claim_ids = list(dict.fromkeys(m[3] for m in claims))
        sources = sorted({m[3] for m in active if m[2] == "src"})
        classes = sorted({m[2] for m in active})
        if len({m[3] for m in active if m[2] == "claim"}) > 1:
            classes.append("claim-nested")
        classes += [f"k-{kinds[s]}" for s in sources[:1]]
        attrs = f' class="{" ".join(classes)}"'
        if claim_ids:
            attrs += f' data-claims="{" ".join(map(str, claim_ids))}"'
        if sources:
            attrs += f' data-sources="{" ".join(map(str, sources))}"'
        out.append(f"<span{attrs}>{piece}</span>")
    return "".join(out)


def _json_for_script(data: object) -> str:
    # "<", ">" and "&" escaped, so no text can close the script element
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _style() -> str:
    kinds = "".join(f".src.k-{kind}, .legend i.k-{kind} {{ background: {color}; }}\n"
                    for kind, color in {**TYPE_COLORS, **KIND_COLORS}.items())
    return (STATIC / "page.css").read_text(encoding="utf-8") + kinds


def html_page(graph: nx.MultiDiGraph, title: str = "Provenance") -> str:
    """The page for ``graph`` (from :func:`provenance.graph.corpus_graph`)."""
    data = page_data(graph)
    nodes = list(graph)
    index = {node: k for k, node in enumerate(nodes)}
    articles, marks = [], _marks(graph, index)
    # kinds become class names: only word characters, whatever a loaded graph holds
    kinds = [re.sub(r"[^\w-]", "", str(graph.nodes[node].get("kind", ""))) for node in nodes]
    for node, attrs in graph.nodes(data=True):
        if attrs.get("type") != "article":
            continue
        publisher = f" · {escape(str(attrs['publisher']))}" if attrs.get("publisher") else ""
        body = highlight(str(attrs.get("text", "")), marks.get(str(attrs.get("article")), ()), kinds)
        articles.append(f'<article class="text" id="article-{index[node]}"><h2>{escape(str(attrs.get("label", node)))}'
                        f'{publisher}</h2><div class="body">{body}</div></article>')
    counts = {kind: sum(1 for n in data["nodes"] if n["type"] == kind) for kind in ("article", "claim", "source")}
    legend = "".join(f'<span><i class="k-{kind}"></i>{kind}</span>' for kind in KIND_COLORS)
    style, script = _style(), (STATIC / "page.js").read_text(encoding="utf-8")
    policy = (f"default-src 'none'; script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{escape(title)}</title>
<style>{style}</style>
</head>
<body>
<header><h1>{escape(title)}</h1>
<span class="stats">{counts['article']} articles · {counts['claim']} claims · {counts['source']} sources</span>
<span class="legend">{legend}</span></header>
<main>
<section id="graph-pane">
<svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="provenance graph"><g id="view"></g></svg>
<div id="controls"><button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">−</button><button id="zoom-fit" title="fit">⤢</button></div>
</section>
<section id="side">
<div id="details"><p class="hint">Click a node, a claim or a source to follow its chain. Drag to pan, scroll to zoom.</p></div>
<div id="texts">{"".join(articles)}</div>
</section>
</main>
<script type="application/json" id="graph-data">{_json_for_script(data)}</script>
<script>{script}</script>
</body>
</html>
"""
