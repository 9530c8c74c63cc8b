"""The provenance graph in W3C PROV, through the ``prov`` package.

- an article is an entity (``pv:Article``, a ``prov:Collection`` whose
  members are its claims: ``hadMember``), attributed to its publisher;
- a claim is an entity (``pv:Claim``), ``wasAttributedTo`` each source the
  article names for it;
- a source is an agent (``prov:Organization`` for outlets and organizations,
  ``prov:Person`` for persons and officials, plus ``pv:<kind>``);
- along a chain publisher → relay → origin, each cited source's version of
  the claim is an entity of its own (``report:…``, ``pv:Report``) attributed
  to that source: the article's claim ``wasDerivedFrom`` the first (or
  ``wasQuotedFrom`` it, for a direct quotation), each version derives from
  the next, and the claim ``hadPrimarySource`` the origin's version.

Every other node and edge attribute is kept as ``pv:<name>``.
"""

from __future__ import annotations

from urllib.parse import quote

import networkx as nx
from prov.constants import PROV_LABEL, PROV_TYPE
from prov.model import PROV, Namespace, ProvDocument, QualifiedName

from provenance.graph import chain_paths, chain_steps, flat_attrs

VOCABULARY = "urn:provenance:vocab#"
# One namespace per kind of node id ("outlet:reuters" → outlet:reuters).
PREFIXES = ("article", "claim", "report", "outlet", "person", "organization", "source", "node")
AGENT_TYPES = {"outlet": PROV["Organization"], "organization": PROV["Organization"], "person": PROV["Person"],
               "official": PROV["Person"]}
# Attributes PROV states in its own terms.
_OWN_TERMS = {"type", "label"}


def _namespaces(document: ProvDocument) -> dict[str, Namespace]:
    spaces = {prefix: document.add_namespace(prefix, f"urn:provenance:{prefix}:") for prefix in PREFIXES}
    spaces["pv"] = document.add_namespace("pv", VOCABULARY)
    return spaces


def _qname(spaces: dict[str, Namespace], node: str) -> QualifiedName:
    prefix, _, local = node.partition(":")
    if prefix not in spaces or not local:
        prefix, local = "node", node
    # Percent-encoding keeps spaces and colons of names valid in PROV-N.
    # A lone surrogate (a JSON "\\ud800" in an id) is percent-encoded as its bytes, not a crash.
    return spaces[prefix][quote(local.encode("utf-8", "surrogatepass"), safe="")]


def _attributes(pv: Namespace, data: dict) -> list[tuple]:
    return [(pv[key], value) for key, value in data.items() if key not in _OWN_TERMS]


def prov_document(graph: nx.MultiDiGraph) -> ProvDocument:
    """``graph`` (from :func:`provenance.graph.corpus_graph`) as a PROV document."""
    document = ProvDocument()
    spaces = _namespaces(document)
    pv = spaces["pv"]
    names = {node: _qname(spaces, node) for node in graph}
    nodes = list(graph.nodes(data=True))
    for (node, _), data in zip(nodes, flat_attrs(d for _, d in nodes)):
        kind = data.get("type")
        attributes = [(PROV_LABEL, data.get("label", node)), *_attributes(pv, data)]
        if kind == "article":
            document.entity(names[node], [(PROV_TYPE, pv["Article"]), (PROV_TYPE, PROV["Collection"]), *attributes])
        elif kind == "claim":
            document.entity(names[node], [(PROV_TYPE, pv["Claim"]), *attributes])
        else:
            types = [(PROV_TYPE, AGENT_TYPES[data["kind"]])] if data.get("kind") in AGENT_TYPES else []
            document.agent(names[node], [*types, (PROV_TYPE, pv[str(data.get("kind", "source"))]), *attributes])
    edges = list(graph.edges(data=True))
    for (u, v, _), data in zip(edges, flat_attrs(d for *_, d in edges)):
        relation = data.get("relation")
        if relation == "reports":
            document.hadMember(names[u], names[v])
        elif relation in ("attributed_to", "published_by"):
            document.wasAttributedTo(names[u], names[v], other_attributes=_attributes(pv, data))
    steps = chain_steps(graph)
    for chain in chain_paths(graph).values():
        _add_chain(document, spaces, names, chain.chain, names[chain.claim], chain.path,
                   len(chain.path) - len(chain.cited), steps)
    return document


def _add_chain(document: ProvDocument, spaces: dict[str, Namespace], names: dict[str, QualifiedName], chain: str,
               claim: QualifiedName, path: tuple[str, ...], first: int, steps: dict[tuple[str, int], dict]) -> None:
    pv = spaces["pv"]
    derived, version = claim, None
    for step in range(first, len(path)):
        hop = flat_attrs([steps.get((chain, step), {})])[0]
        version = spaces["report"][f"{quote(chain.encode('utf-8', 'surrogatepass'), safe='')}-{step}"]
        document.entity(version, [(PROV_TYPE, pv["Report"]), (pv["claim"], claim), (pv["chain"], chain),
                                  (pv["step"], step)])
        document.wasAttributedTo(version, names[path[step]])
        relate = document.wasQuotedFrom if hop.get("form") == "direct" else document.wasDerivedFrom
        relate(derived, version, other_attributes=_attributes(pv, {**hop, "step": step}))
        derived = version
    if version is not None:
        document.hadPrimarySource(claim, version)
