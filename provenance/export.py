"""Article results as JSON (schema ``provenance.article/1``), and
provenance graphs in the file formats other tools read: :func:`export`
picks the format by the file's extension.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from provenance.atomic import OutputError, write_atomic
from provenance.errors import ProvenanceError
from provenance.graph import claim_counts, file_graph, flat_attrs, flat_graph, is_source_level
from provenance.page import html_page
from provenance.provdoc import prov_document
from provenance.records import ArticleResult, Attribution, Source, Span, SpeechEvent
from provenance.safe_text import csv_text, visible_json, xml_text, xml_value
from provenance.style import KIND_COLORS, node_color, short

SCHEMA = "provenance.article/1"


def span(s: Span | None) -> dict | None:
    return None if s is None else {"text": s.text, "start": s.start, "end": s.end}


def _source(s: Source) -> dict:
    return {"id": s.id, "name": s.name, "kind": s.kind, "anonymous": s.anonymous,
            "descriptor": s.descriptor, "affiliation": s.affiliation,
            "mentions": [span(m) for m in s.mentions], "entity_id": s.entity_id, "resolved": s.resolved}


def _attribution(a: Attribution) -> dict:
    source = None
    if a.source is not None or a.source_id is not None:
        source = {**(span(a.source) or {"text": None, "start": None, "end": None}), "source_id": a.source_id}
    return {
        "id": a.id, "form": a.form, "medium": a.medium,
        "cue": None if a.cue is None else {"text": a.cue.text, "spans": [span(s) for s in a.cue.spans]},
        "source": source, "claim": span(a.claim), "frame": span(a.frame), "addressee": span(a.addressee),
        "via": a.via, "rule": a.rule, "confidence": a.confidence, "evidence": a.evidence,
    }


def _event(e: SpeechEvent) -> dict:
    source = None if e.source is None else {**span(e.source), "source_id": e.source_id}
    return {"id": e.id, "medium": e.medium, "cue": {"text": e.cue.text, "spans": [span(s) for s in e.cue.spans]},
            "source": source, "addressee": span(e.addressee), "topic": span(e.topic), "rule": e.rule,
            "confidence": e.confidence, "evidence": e.evidence}


def to_dict(result: ArticleResult) -> dict:
    publisher = None
    if result.publisher is not None:
        publisher = {"name": result.publisher.name, "evidence": span(result.publisher.evidence)}
    return {
        "schema": SCHEMA,
        "article": {"id": result.id, "path": result.path, "language": result.language,
                    "publisher": publisher, "model": result.model, **(
                        {"metadata": dict(result.metadata)} if result.metadata else {}), **(
                        {"genre": result.genre, "genre_evidence": result.genre_evidence} if result.genre else {}), **(
                        {"attribution": result.attributed_by} if result.attributed_by else {})},
        "entities": [{"id": e.id, "name": e.name, "type": e.type, "mentions": [span(m) for m in e.mentions]}
                     for e in result.entities],
        "sources": [_source(s) for s in result.sources],
        "attributions": [_attribution(a) for a in result.attributions],
        "events": [_event(e) for e in result.events],
        "chains": [{"claim": span(c.claim), "attributions": list(c.attributions), "path": list(c.path),
                    "names": list(c.names)} for c in result.chains],
    }


def to_json(result: ArticleResult, indent: int | None = 2) -> str:
    # visible_json: C1 controls (the 8-bit CSI), bidirectional overrides and
    # lone surrogates as \u escapes (json.dumps escapes only C0), so the JSON
    # means the same but cannot steer a terminal nor fail to encode as UTF-8
    return visible_json(json.dumps(to_dict(result), ensure_ascii=False, indent=indent))


# ---------------------------------------------------------------------------
# graphs


class ExportError(ProvenanceError):
    """A graph could not be written."""


class GraphvizMissing(ExportError):
    """Graphviz's ``dot``, needed for pictures, is not installed."""


def xml_safe_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """:func:`flat_graph` with every character XML 1.0 cannot hold (C0
    controls but tab, newline and carriage return; lone surrogates; U+FFFE,
    U+FFFF) replaced by U+FFFD in node ids, edge keys, attribute names and
    values, so GraphML, GEXF and SVG stay well-formed for any article text.
    Two ids that differ only in such characters stay two nodes: the second
    gets a ``~2`` suffix."""
    flat = flat_graph(file_graph(graph))
    ids: dict = {}
    taken = {node for node in flat if xml_value(node) == node}
    for node in flat:
        safe = xml_value(node)
        if safe != node:
            base, n = safe, 2
            while safe in taken:
                safe, n = f"{base}~{n}", n + 1
            taken.add(safe)
        ids[node] = safe

    def attrs(data: dict) -> dict:
        return {xml_text(str(key)): xml_value(value) for key, value in data.items()}

    safe_graph = nx.MultiDiGraph()
    safe_graph.graph.update(attrs(flat.graph))
    safe_graph.add_nodes_from((ids[node], attrs(data)) for node, data in flat.nodes(data=True))
    safe_graph.add_edges_from((ids[u], ids[v], xml_value(k), attrs(d)) for u, v, k, d in flat.edges(keys=True, data=True))
    return safe_graph


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    return "\n".join(nx.generate_graphml(xml_safe_graph(graph))).encode("utf-8")


def _rgb(colour: str) -> dict:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 with Gephi's viz attributes: each node coloured by its kind
    (as in the pictures and the page) and sized by the claims through it,
    each edge as thick as its weight (the claims it carries)."""
    safe = xml_safe_graph(graph)
    counts = claim_counts(graph)
    for (node, data), original in zip(safe.nodes(data=True), graph):
        data["viz"] = {"color": _rgb(node_color(data)), "size": round(4.0 + 4.0 * counts.get(original, 0) ** 0.5, 2)}
    for *_, data in safe.edges(keys=True, data=True):
        weight = data.get("weight", 1)
        data["viz"] = {"thickness": float(weight) if isinstance(weight, (int, float)) else 1.0}
    buffer = io.BytesIO()
    nx.write_gexf(safe, buffer, version="1.2draft")
    return buffer.getvalue()


def to_node_link(graph: nx.MultiDiGraph) -> str:
    # JSON holds lists and null, so nothing needs flattening here.
    return visible_json(json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1, default=str))


def to_csv(graph: nx.MultiDiGraph) -> str:
    """The edge list: one row per edge, with its attributes and the labels of
    both ends (Gephi's spreadsheet import reads ``source`` and ``target``).
    :func:`export` writes the node list beside it (:func:`to_csv_nodes`)."""
    edges = list(graph.edges(keys=True, data=True))
    rows = flat_attrs({"source": u, "target": v, "key": k, "source_label": graph.nodes[u].get("label", u),
                       "target_label": graph.nodes[v].get("label", v), "type": "directed", **d}
                      for u, v, k, d in edges)
    return _csv_table(rows)


def to_csv_nodes(graph: nx.MultiDiGraph) -> str:
    """The node list: one row per node, ``id`` and ``label`` first (what
    Gephi's spreadsheet import reads), then its attributes, the article
    texts left out (they stay in the JSON export)."""
    counts = claim_counts(graph)
    rows = flat_attrs({"id": n, "label": d.get("label", n), "claims": counts.get(n, 0), **d}
                      for n, d in file_graph(graph).nodes(data=True))
    return _csv_table(rows)


def _csv_table(rows: list[dict]) -> str:
    # every key of every row a column; cells and names as safe_text.csv_text makes them
    return csv_text(list(dict.fromkeys(key for row in rows for key in row)), rows)


def _dot_id(text: object) -> str:
    # Backslashes first, so the quote escape is not doubled; newlines as \n,
    # which Graphviz shows as line breaks.
    text = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


_DOT_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}


def _dot_name(name: str) -> str:
    bare = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and name.lower() not in _DOT_KEYWORDS
    return name if bare else _dot_id(name)


def _dot_attrs(attrs: dict) -> str:
    return ", ".join(f"{_dot_name(k)}={_dot_id(json.dumps(v) if isinstance(v, bool) else v)}" for k, v in attrs.items())


_SHAPES = {"article": "note", "claim": "box", "source": "ellipse"}
# How each relation is drawn, in the pictures and (the same words) in the page's legend.
LINE_STYLES = {
    "cites": {"style": "solid", "color": "#444444", "meaning": "cites: the publisher, or a relay, cites a source"},
    "relays": {"style": "solid", "color": "#d62728", "meaning": "relays: a cited source passes on what another said"},
    "attributed_to": {"style": "dashed", "color": "#999999", "meaning": "attributed to: a claim and each source named for it"},
    "reports": {"style": "dotted", "color": "#bbbbbb", "meaning": "reports: an article and its claims"},
    "published_by": {"style": "bold", "color": "#555555", "meaning": "published by: an article and its outlet"},
}
SHAPE_MEANINGS = {"note": "article", "box": "claim", "ellipse": "source (colour: its kind)"}


def _penwidth(weight: object) -> float:
    return round(1.0 + 1.5 * float(weight) ** 0.5, 2) if isinstance(weight, (int, float)) and weight > 0 else 1.0


def to_dot(graph: nx.MultiDiGraph) -> str:
    """Graphviz DOT with every attribute (the article texts left out), plus
    how to draw it: the drawn ``label`` is shortened, the full one stays in
    ``tooltip``; a source's size grows with its claims, an edge's width
    with its weight, each relation has its line style and anonymous
    sources a dashed outline."""
    counts = claim_counts(graph)
    flat = flat_graph(file_graph(graph))
    lines = ["digraph provenance {", '  graph [charset="UTF-8", fontname="Helvetica", outputorder="edgesfirst"];',
             '  node [fontname="Helvetica", fontsize="10", style="filled"];',
             '  edge [fontname="Helvetica", fontsize="8", color="#999999", arrowsize="0.6"];']
    for node, data in flat.nodes(data=True):
        label = data.get("label", node)
        kind = data.get("type", "source")
        anonymous = data.get("anonymous") in (True, "true", "True")
        # a source's name whole (up to a long 60 characters), a claim's start
        shown = {**data, "label": short(label, 40 if kind == "claim" else 60), "tooltip": label,
                 "shape": _SHAPES.get(kind, "ellipse"), "fillcolor": node_color(data),
                 "fontcolor": "#000000" if kind == "claim" else "#ffffff",
                 "style": "filled,dashed" if anonymous else "filled", "color": "#000000" if anonymous else "#ffffff",
                 "penwidth": "1.5" if anonymous else "1"}
        if kind == "source":
            shown["fontsize"] = str(round(10 + 2 * counts.get(node, 0) ** 0.5, 1))
        lines.append(f"  {_dot_id(node)} [{_dot_attrs(shown)}];")
    for u, v, key, data in flat.edges(keys=True, data=True):
        style = LINE_STYLES.get(str(data.get("relation", "")), {})
        shown = {"key": key, **data, "label": short(data.get("cue", ""), 25),
                 **({"style": style["style"], "color": style["color"]} if style else {})}
        if "weight" in data:
            shown["penwidth"] = _penwidth(data["weight"])
            shown["label"] = str(data["weight"])
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} [{_dot_attrs(shown)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def legend_label(graph: nx.MultiDiGraph) -> str:
    """A Graphviz HTML-like label: the colour of every source kind, the
    shapes and the line styles the picture uses."""
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>']
    kinds = {d.get("kind") for _, d in graph.nodes(data=True)} - {None, ""}
    for kind, colour in KIND_COLORS.items():
        if kind in kinds:
            rows.append(f'<TR><TD BGCOLOR="{colour}" WIDTH="16"> </TD><TD ALIGN="LEFT">{_html(kind)}</TD></TR>')
    rows.append('<TR><TD ALIGN="LEFT">( - - )</TD><TD ALIGN="LEFT">dashed outline: an anonymous source</TD></TR>')
    types = {d.get("type") for _, d in graph.nodes(data=True)}
    for shape, meaning in SHAPE_MEANINGS.items():
        if {"note": "article", "box": "claim", "ellipse": "source"}[shape] in types:
            rows.append(f'<TR><TD ALIGN="LEFT">{shape}</TD><TD ALIGN="LEFT">{_html(meaning)}</TD></TR>')
    relations = {d.get("relation") for *_, d in graph.edges(data=True)}
    for relation, style in LINE_STYLES.items():
        if relation in relations:
            line = {"solid": "───", "dashed": "- - -", "dotted": "·····", "bold": "━━━"}[style["style"]]
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="{style["color"]}">{line}</FONT></TD>'
                        f'<TD ALIGN="LEFT">{_html(style["meaning"])}</TD></TR>')
    if is_source_level(graph):
        rows.append('<TR><TD COLSPAN="2" ALIGN="LEFT">text size: claims through a source; line width and number: claims cited</TD></TR>')
    else:
        rows.append('<TR><TD COLSPAN="2" ALIGN="LEFT">text size: claims through a source</TD></TR>')
    return f'<<TABLE BORDER="1" COLOR="#cccccc" CELLBORDER="0" CELLSPACING="2" BGCOLOR="#ffffff">{"".join(rows)}</TABLE>>'


def _legend_size(label: str) -> tuple[float, float]:
    """About how large Graphviz draws the legend, in points (10 pt Helvetica)."""
    rows = re.findall(r"<TR>(.*?)</TR>", label)
    widest = max((len(re.sub(r"<[^>]*>", "", row)) for row in rows), default=10)
    return 5.8 * widest + 50, 15.0 * len(rows) + 16


def _dot_program(suffix: str) -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(f"Graphviz 'dot' is not installed, needed for {suffix} "
                              "(Debian/Ubuntu: apt-get install graphviz)")
    return dot


# Up to this many nodes neato lays the network out (stress majorisation,
# readable); above, sfdp (multiscale, fast on thousands of nodes).
NEATO_NODES = 400


def _graphviz(program: str, arguments: list[str], source: bytes, format: str) -> bytes:
    try:
        done = subprocess.run([program, *arguments], input=source, capture_output=True, timeout=600, check=False)
    except subprocess.TimeoutExpired:
        raise ExportError(f"Graphviz took longer than 10 minutes to draw the graph as .{format}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(f"Graphviz failed to draw .{format}: {message[-1] if message else done.returncode}")
    return done.stdout


def render_graphviz(graph: nx.MultiDiGraph, format: str) -> bytes:
    """A picture (``svg`` or ``png``) of the whole network: laid out by
    Graphviz's ``neato`` (``sfdp`` for large graphs) with overlapping nodes
    pushed apart, then drawn with a legend beside it."""
    dot = _dot_program(f".{format}")
    engine = shutil.which("neato" if graph.number_of_nodes() <= NEATO_NODES else "sfdp") or dot
    # drawn from the XML-safe graph: the SVG holds the labels as XML text
    source = to_dot(xml_safe_graph(graph)).encode("utf-8")
    layout_options = ["-Goverlap=prism", "-Gsep=+8", "-Gsplines=false", "-Gmodel=subset", "-Gstart=1"]
    if engine == dot:  # no neato: dot's ranks, left to right
        layout_options = ["-Grankdir=LR"]
    laid_out = _graphviz(engine, [*layout_options, "-Tdot"], source, format).decode("utf-8")
    match = re.search(r'\bbb="([-\d.]+),([-\d.]+),([-\d.]+),([-\d.]+)"', laid_out)
    if match is None:  # nothing to place a legend beside
        return _graphviz(engine, [*layout_options, f"-T{format}"], source, format)
    right, top = float(match.group(3)), float(match.group(4))
    label = legend_label(graph)
    width, height = _legend_size(label)
    # beside the network, top right, clear of every node
    legend = (f'  legend [shape=plaintext, style="", pos="{right + 30 + width / 2:.0f},{top - height / 2:.0f}!", '
              f'label={label}];\n')
    placed = laid_out[:laid_out.rstrip().rfind("}")] + legend + "}\n"
    neato = shutil.which("neato")
    if neato is None:
        return _graphviz(engine, [*layout_options, f"-T{format}"], source, format)
    return _graphviz(neato, ["-n2", f"-T{format}"], placed.encode("utf-8"), format)


def _claims_level(graph: nx.MultiDiGraph, suffix: str) -> nx.MultiDiGraph:
    if is_source_level(graph):
        raise ExportError(f"{suffix} states claims and their derivations; write it from the claims level "
                          "(graph --level claims)")
    return file_graph(graph)


def to_provn(graph: nx.MultiDiGraph) -> str:
    return prov_document(_claims_level(graph, ".provn")).get_provn()


def to_provjson(graph: nx.MultiDiGraph) -> str:
    return prov_document(_claims_level(graph, ".provjson")).serialize(format="json", indent=1)


FORMATS: dict[str, Callable[[nx.MultiDiGraph], str | bytes]] = {
    ".graphml": to_graphml, ".gexf": to_gexf, ".json": to_node_link, ".dot": to_dot, ".csv": to_csv,
    ".svg": lambda graph: render_graphviz(graph, "svg"), ".png": lambda graph: render_graphviz(graph, "png"),
    ".provn": to_provn, ".provjson": to_provjson, ".html": html_page,
}


def check_target(path: str | Path) -> Callable[[nx.MultiDiGraph], str | bytes]:
    """The writer for ``path``'s extension; fails before any work is done
    when the extension is unknown or the picture needs a missing Graphviz."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path}: unknown graph format {suffix or '(no extension)'!r}; "
                          f"supported: {', '.join(FORMATS)}")
    if suffix in (".svg", ".png"):
        _dot_program(suffix)
    return FORMATS[suffix]


def companion_path(path: str | Path) -> Path | None:
    """The second file a format writes beside ``path``: the node list of a
    ``.csv`` edge list (``x.csv`` → ``x.nodes.csv``); None for the others."""
    path = Path(path)
    return path.with_name(path.stem + ".nodes.csv") if path.suffix.lower() == ".csv" else None


def export(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` to ``path`` in the format its extension names:
    .graphml .gexf .json (node-link) .dot .csv (edge list, and the node list
    beside it: :func:`companion_path`) .svg .png .provn .provjson (W3C PROV)
    or .html (an interactive page). Only .json and .html hold the article
    texts; the other formats hold ids, titles and URLs."""
    path = Path(path)
    writes = [(path, check_target(path)(graph))]
    companion = companion_path(path)
    if companion is not None:
        writes.append((companion, to_csv_nodes(graph)))
    for target, content in writes:
        # a lone surrogate (a JSON "\\ud800" in an input) as its \\u escape, not a crash
        data = content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content
        try:
            write_atomic(target, data)  # complete or not at all: a full disk leaves the old file
        except OutputError as exc:
            raise ExportError(str(exc)) from None
    return path


class _CallableModule(types.ModuleType):
    # ``provenance.export`` names this module (``export.to_json`` and
    # ``from provenance import export`` keep working) and is also the verb
    # the package offers: ``provenance.export(graph, path)``.
    def __call__(self, graph: nx.MultiDiGraph, path: str | Path) -> Path:
        return export(graph, path)


sys.modules[__name__].__class__ = _CallableModule
