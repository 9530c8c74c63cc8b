"""Article results as JSON (schema ``provenance.article/1``), and
provenance graphs in the file formats other tools read: :func:`export`
picks the format by the file's extension.
"""

from __future__ import annotations

import csv
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
from provenance.graph import flat_attrs, flat_graph
from provenance.page import html_page
from provenance.provdoc import prov_document
from provenance.records import ArticleResult, Attribution, Source, Span
from provenance.safe_text import spreadsheet_cell, visible_json, xml_text, xml_value
from provenance.style import node_color, short

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


def to_dict(result: ArticleResult) -> dict:
    publisher = None
    if result.publisher is not None:
        publisher = {"name": result.publisher.name, "evidence": span(result.publisher.evidence)}
    return {
        "schema": SCHEMA,
        "article": {"id": result.id, "path": result.path, "language": result.language,
                    "publisher": publisher, "model": result.model, **(
                        {"metadata": dict(result.metadata)} if result.metadata else {})},
        "entities": [{"id": e.id, "name": e.name, "type": e.type, "mentions": [span(m) for m in e.mentions]}
                     for e in result.entities],
        "sources": [_source(s) for s in result.sources],
        "attributions": [_attribution(a) for a in result.attributions],
        "chains": [{"claim": span(c.claim), "attributions": list(c.attributions), "path": list(c.path)}
                   for c in result.chains],
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
    flat = flat_graph(graph)
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


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_gexf(xml_safe_graph(graph), buffer)
    return buffer.getvalue()


def to_node_link(graph: nx.MultiDiGraph) -> str:
    # JSON holds lists and null, so nothing needs flattening here.
    return visible_json(json.dumps(nx.node_link_data(graph, edges="edges"), ensure_ascii=False, indent=1, default=str))


def to_csv(graph: nx.MultiDiGraph) -> str:
    """The edge list: one row per edge, with its attributes and the labels of
    both ends (Gephi reads ``source`` and ``target``)."""
    edges = list(graph.edges(keys=True, data=True))
    rows = flat_attrs({"source": u, "target": v, "key": k, "source_label": graph.nodes[u].get("label", u),
                       "target_label": graph.nodes[v].get("label", v), **d} for u, v, k, d in edges)
    columns = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    # Spreadsheets open this: a cell that would run as a formula gets a
    # leading ' (safe_text.spreadsheet_cell, OWASP's advice).
    # Python's writer quotes a cell for the characters of its line terminator only: a
    # carriage return in a name would end the row for a reader. Such a file quotes every cell.
    carriage = any("\r" in str(part) for row in rows for item in row.items() for part in item)
    writer = csv.DictWriter(buffer, [spreadsheet_cell(c) for c in columns], restval="", lineterminator="\n",
                            quoting=csv.QUOTE_ALL if carriage else csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows({spreadsheet_cell(key): spreadsheet_cell(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


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


def to_dot(graph: nx.MultiDiGraph) -> str:
    """Graphviz DOT with every attribute, plus how to draw it: the drawn
    ``label`` is shortened, the full one stays in ``tooltip`` and ``text``."""
    flat = flat_graph(graph)
    lines = ["digraph provenance {", '  graph [rankdir="LR", charset="UTF-8", fontname="Helvetica"];',
             '  node [fontname="Helvetica", fontsize="10", style="filled"];',
             '  edge [fontname="Helvetica", fontsize="8", color="#999999"];']
    for node, data in flat.nodes(data=True):
        label = data.get("label", node)
        shown = {**data, "label": short(label, 40 if data.get("type") == "claim" else 30), "tooltip": label,
                 "shape": _SHAPES.get(data.get("type"), "ellipse"), "fillcolor": node_color(data),
                 "fontcolor": "#000000" if data.get("type") == "claim" else "#ffffff"}
        lines.append(f"  {_dot_id(node)} [{_dot_attrs(shown)}];")
    for u, v, key, data in flat.edges(keys=True, data=True):
        shown = {"key": key, **data, "label": short(data.get("cue", ""), 25)}
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} [{_dot_attrs(shown)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_program(suffix: str) -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(f"Graphviz 'dot' is not installed, needed for {suffix} "
                              "(Debian/Ubuntu: apt-get install graphviz)")
    return dot


def render_graphviz(graph: nx.MultiDiGraph, format: str) -> bytes:
    """A picture (``svg`` or ``png``) drawn by Graphviz's ``dot``."""
    dot = _dot_program(f".{format}")
    # drawn from the XML-safe graph: the SVG holds the labels as XML text
    source = to_dot(xml_safe_graph(graph)).encode("utf-8")
    try:
        done = subprocess.run([dot, f"-T{format}"], input=source, capture_output=True, timeout=600, check=False)
    except subprocess.TimeoutExpired:
        raise ExportError(f"Graphviz took longer than 10 minutes to draw the graph as .{format}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(f"Graphviz failed to draw .{format}: {message[-1] if message else done.returncode}")
    return done.stdout


def to_provn(graph: nx.MultiDiGraph) -> str:
    return prov_document(graph).get_provn()


def to_provjson(graph: nx.MultiDiGraph) -> str:
    return prov_document(graph).serialize(format="json", indent=1)


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


def export(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph`` to ``path`` in the format its extension names:
    .graphml .gexf .json (node-link) .dot .csv (edge list) .svg .png
    .provn .provjson (W3C PROV) or .html (an interactive page)."""
    path = Path(path)
    content = check_target(path)(graph)
    # a lone surrogate (a JSON "\\ud800" in an input) as its \\u escape, not a crash
    data = content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content
    try:
        write_atomic(path, data)  # complete or not at all: a full disk leaves the old file
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
