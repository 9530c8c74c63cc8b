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
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path

import networkx as nx

from provenance.graph import chain_paths, chain_steps, claim_counts, is_source_level
from provenance.records import rests_on_no_one
from provenance.style import KIND_COLORS, TYPE_COLORS, node_color

STATIC = Path(__file__).resolve().parent / "static"
# What the details panel lists for each node type, in this order.
INFO = {
    "article": ("title", "publisher", "published", "url", "path", "chars", "model"),
    "claim": ("article", "claim_start", "claim_end", "form"),
    "source": ("kind", "anonymous", "descriptor", "affiliation", "outlet_type", "articles", "mentions", "claims",
               "origin_of", "published"),
}
# How each relation is drawn (classes of page.css) and what the legend says of it.
RELATIONS = {
    "cites": "cites: the publisher, or a relay, cites a source",
    "relays": "relays: a cited source passes on what another said",
    "attributed_to": "attributed to: a claim and each source named for it",
    "reports": "reports: an article and its claims",
    "published_by": "published by: an article and its outlet",
}
WIDTH, HEIGHT = 1000.0, 700.0


# Above this many nodes the page is laid out by Graphviz's sfdp (C, seconds
# for thousands of nodes) when it is installed; networkx's spring layout
# takes minutes there.
SPRING_NODES = 400


def _layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    if len(simple) == 1:
        return {node: (WIDTH / 2, HEIGHT / 2) for node in simple}
    positions = _sfdp(simple) if len(simple) > SPRING_NODES else None
    if positions is None:
        positions = nx.spring_layout(simple, seed=1, k=1.5 / max(len(simple), 1) ** 0.5)
    xs, ys = [x for x, _ in positions.values()], [y for _, y in positions.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx, sy = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    return {node: ((float(x) - x0) / sx * WIDTH, (float(y) - y0) / sy * HEIGHT) for node, (x, y) in positions.items()}


def _sfdp(simple: nx.Graph) -> dict[str, tuple[float, float]] | None:
    """Positions from Graphviz's sfdp, or None when it is missing or fails."""
    program = shutil.which("sfdp")
    if program is None:
        return None
    nodes = list(simple)
    index = {node: k for k, node in enumerate(nodes)}
    # node names are indices: no article text reaches the command
    source = "graph g {\n" + "".join(f"n{k};\n" for k in range(len(nodes))) + "".join(
        f"n{index[u]} -- n{index[v]};\n" for u, v in simple.edges()) + "}\n"
    try:
        done = subprocess.run([program, "-Tplain", "-Goverlap=prism", "-Gstart=1"], input=source.encode(),
                              capture_output=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    positions = {}
    for line in done.stdout.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0] == "node" and parts[1].startswith("n"):
            positions[nodes[int(parts[1][1:])]] = (float(parts[2]), -float(parts[3]))
    return positions if len(positions) == len(nodes) else None


def _spans(value: object) -> list[list[int]]:
    # graphs read back from GraphML and the like hold the spans as JSON text
    return json.loads(value) if isinstance(value, str) and value else list(value or [])


def _truthy(value: object) -> bool:
    return value in (True, "true", "True")


def _articles_of(data: Mapping) -> list[str]:
    articles = data.get("articles", [])
    if isinstance(articles, str):  # a graph read back from GraphML holds the list as JSON text
        try:
            articles = json.loads(articles)
        except ValueError:
            articles = [articles]
    return [str(a) for a in articles] if isinstance(articles, list) else []


def page_data(graph: nx.MultiDiGraph) -> dict:
    """What the script draws: nodes with positions, edges merged per pair
    and relation, the chains, and what the filters offer."""
    index = {node: k for k, node in enumerate(graph)}
    paths = chain_paths(graph).values()
    weight = claim_counts(graph)  # a node grows with the claims through it
    layout = _layout(graph)
    nodes = []
    for node, data in graph.nodes(data=True):
        kind = data.get("type", "source")
        radius = {"article": 9, "claim": 4}.get(kind, min(28.0, 6 + 2 * weight.get(node, 0) ** 0.5))
        x, y = layout[node]
        nodes.append({"id": node, "type": kind, "label": str(data.get("label", node)), "kind": str(data.get("kind", "")),
                      "anonymous": _truthy(data.get("anonymous")), "color": node_color(data),
                      "x": round(x, 1), "y": round(y, 1), "r": round(radius, 1),
                      "articles": [str(data["article"])] if kind in ("article", "claim") and data.get("article")
                      else _articles_of(data),
                      # no empty field in the details panel
                      "info": [[key, _jsonable(data[key])] for key in INFO.get(kind, ()) if _shown(data.get(key))]})
    merged: dict[tuple[int, int, str], int] = {}
    for u, v, data in graph.edges(data=True):
        pair = (index[u], index[v], str(data.get("relation", "")))
        weight_of = data.get("weight", 1)
        merged[pair] = merged.get(pair, 0) + (int(weight_of) if isinstance(weight_of, (int, float)) else 1)
    steps = chain_steps(graph)
    chains = []
    for c in paths:
        origin = graph.nodes[c.cited[-1]] if c.cited else None
        chains.append({"claim": index[c.claim], "article": index[c.article], "path": [index[n] for n in c.path],
                       "cues": [str(steps.get((c.chain, step), {}).get("cue", "")) for step in range(len(c.path))],
                       "anon": rests_on_no_one(str(origin.get("kind", "")) if origin is not None else None,
                                               _truthy(origin.get("anonymous")) if origin is not None else False)})
    articles = sorted({a for n in nodes for a in n["articles"]})
    outlets = sorted((k for k, n in enumerate(nodes) if n["kind"] == "outlet"), key=lambda k: nodes[k]["label"].casefold())
    kinds = [kind for kind in KIND_COLORS if any(n["kind"] == kind for n in nodes)]
    return {"nodes": nodes, "edges": [{"s": s, "t": t, "relation": r, "n": n} for (s, t, r), n in merged.items()],
            "chains": chains, "level": "sources" if is_source_level(graph) else "claims",
            "filters": {"articles": articles, "outlets": outlets, "kinds": kinds}}


def _shown(value: object) -> bool:
    return value not in (None, "", [], {}, "[]", "{}")


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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _swatch(shape: str, fill: str, dashed: bool = False) -> str:
    stroke = ' stroke="#000" stroke-dasharray="2 2"' if dashed else ' stroke="#fff"'
    body = {"square": f'<rect x="2" y="2" width="10" height="10" rx="1" fill="{fill}"{stroke}/>',
            "small": f'<circle cx="7" cy="7" r="3" fill="{fill}"{stroke}/>',
            "circle": f'<circle cx="7" cy="7" r="5.5" fill="{fill}"{stroke}/>'}[shape]
    return f'<svg class="swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">{body}</svg>'


def _line(relation: str) -> str:
    return (f'<svg class="swatch line" width="28" height="10" viewBox="0 0 28 10" aria-hidden="true">'
            f'<line class="edge {relation}" x1="1" y1="5" x2="27" y2="5"/></svg>')


def _legend(data: dict) -> str:
    """Every shape, colour and line style the page draws, and what it means."""
    types = {n["type"] for n in data["nodes"]}
    items = []
    if "article" in types:
        items.append(f"<span>{_swatch('square', TYPE_COLORS['article'])}article</span>")
    if "claim" in types:
        items.append(f"<span>{_swatch('small', TYPE_COLORS['claim'])}claim</span>")
    for kind in data["filters"]["kinds"]:
        items.append(f"<span>{_swatch('circle', KIND_COLORS[kind])}{escape(kind)} source</span>")
    if any(n["anonymous"] for n in data["nodes"]):
        items.append(f"<span>{_swatch('circle', '#ffffff', dashed=True)}dashed outline: anonymous</span>")
    relations = {e["relation"] for e in data["edges"]}
    for relation, meaning in RELATIONS.items():
        if relation in relations:
            items.append(f"<span>{_line(relation)}{escape(meaning)}</span>")
    items.append('<span class="hint">size: claims through a node'
                 + ("; line width: claims cited" if data["level"] == "sources" else "") + "</span>")
    return "".join(items)


def _filters(data: dict) -> str:
    """The search box and the filters; the script fills in nothing the page
    does not already say."""
    nodes = data["nodes"]
    kinds = "".join(f'<option value="{escape(k)}">{escape(k)}</option>' for k in data["filters"]["kinds"])
    articles = "".join(f'<option value="{escape(a)}">{escape(a)}</option>' for a in data["filters"]["articles"])
    outlets = "".join(f'<option value="{k}">{escape(nodes[k]["label"])}</option>' for k in data["filters"]["outlets"])
    return (
        '<div id="tools" role="search">'
        '<label class="search"><span class="sr">Search</span>'
        '<input id="search" type="search" placeholder="Search sources and claims" autocomplete="off" '
        'aria-controls="results"></label><ol id="results" hidden></ol>'
        '<label><input id="only-anonymous" type="checkbox"> anonymous origins only</label>'
        f'<label>kind <select id="filter-kind"><option value="">all</option>{kinds}</select></label>'
        f'<label>article <select id="filter-article"><option value="">all</option>{articles}</select></label>'
        f'<label>outlet <select id="filter-outlet"><option value="">all</option>{outlets}</select></label>'
        '<span id="shown" aria-live="polite"></span></div>')


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
    legend = _legend(data)
    filters = _filters(data)
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
<span class="stats">{_count(counts['article'], 'article')} · {_count(counts['claim'], 'claim')} · {_count(counts['source'], 'source')}</span>
{filters}</header>
<div id="legend" class="legend" aria-label="legend">{legend}</div>
<main>
<section id="graph-pane">
<svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="provenance graph"><g id="view"></g></svg>
<div id="controls"><button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">−</button><button id="zoom-fit" title="fit">⤢</button></div>
</section>
<section id="side">
<div id="details"><p class="hint">Click a node, a claim or a source to follow its chain (or Tab to it and press Enter). Drag to pan, scroll to zoom. The address (#source=…, #claim=…) links to what is selected.</p></div>
<div id="texts">{"".join(articles)}</div>
</section>
</main>
<script type="application/json" id="graph-data">{_json_for_script(data)}</script>
<script>{script}</script>
</body>
</html>
"""
