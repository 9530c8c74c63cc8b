"""Every graph format, written and read back by its own reader: the seed's
chains must survive each round trip."""

import csv
import html
import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from prov.model import ProvDocument
from typer.testing import CliRunner

import provenance
from provenance.cli import app
from provenance.export import FORMATS, ExportError, GraphvizMissing, export
from provenance.graph import chain_paths, corpus_graph
from provenance.provdoc import _namespaces, _qname

from graph_corpus import SEED, SEED_ID, named_chains, two_reuters_articles

needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None,
                                    reason="Graphviz 'dot' not installed (apt-get install graphviz)")


@pytest.fixture(scope="module")
def graph():
    return corpus_graph(two_reuters_articles())


@pytest.fixture(scope="module")
def chains(graph):
    found = named_chains(graph)
    # the seed's chain through Reuters is what every format must carry
    assert any(article == SEED_ID and path[:2] == ("IN-Ukraine.info", "Reuters") and len(path) > 2
               for article, _, _, path in found)
    return found


def write(graph, tmp_path, suffix) -> Path:
    path = export(graph, tmp_path / f"graph{suffix}")
    assert path.exists() and path.stat().st_size > 0
    return path


def test_graphml_round_trip(graph, chains, tmp_path):
    read = nx.read_graphml(write(graph, tmp_path, ".graphml"), force_multigraph=True)
    assert named_chains(read) == chains
    assert set(read.edges(keys=True)) == set(graph.edges(keys=True))
    # lists are flattened to JSON text, never dropped
    edge = next(d for *_, d in graph.edges(data=True) if d.get("cue_spans"))
    match = next(d for *_, d in read.edges(data=True) if d.get("attribution") == edge["attribution"]
                 and d.get("article") == edge["article"] and d["relation"] == edge["relation"])
    assert json.loads(match["cue_spans"]) == edge["cue_spans"]
    assert json.loads(read.nodes["outlet:reuters"]["articles"]) == graph.nodes["outlet:reuters"]["articles"]


def test_gexf_round_trip(graph, chains, tmp_path):
    read = nx.read_gexf(write(graph, tmp_path, ".gexf"))
    assert named_chains(read) == chains
    assert read.nodes["outlet:reuters"]["kind"] == "outlet"


def test_node_link_json_round_trip(graph, chains, tmp_path):
    data = json.loads(write(graph, tmp_path, ".json").read_text(encoding="utf-8"))
    read = nx.node_link_graph(data, edges="edges")
    assert read.is_multigraph() and read.is_directed()
    assert named_chains(read) == chains
    # JSON holds lists as they are
    assert read.nodes["outlet:reuters"]["articles"] == graph.nodes["outlet:reuters"]["articles"]


def _undot(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value[1:-1])
    return value


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's use of old pyparsing names
def test_dot_round_trip_through_pydot(graph, chains, tmp_path):
    pydot = pytest.importorskip("pydot", reason="pydot reads DOT back (pip install pydot)")
    (dot,) = pydot.graph_from_dot_file(str(write(graph, tmp_path, ".dot")), encoding="utf-8")
    parsed = nx.nx_pydot.from_pydot(dot)
    read = nx.MultiDiGraph()
    # the drawn label is shortened; the full one is the tooltip
    read.add_nodes_from((_undot(n), {k: _undot(v) for k, v in d.items()} | {"label": _undot(d["tooltip"])})
                        for n, d in parsed.nodes(data=True))
    read.add_edges_from((_undot(u), _undot(v), {k: _undot(x) for k, x in d.items()})
                        for u, v, d in parsed.edges(data=True))
    assert named_chains(read) == chains
    # article nodes hold ids and lengths, not the whole texts (those stay in the JSON export)
    articles = [d for _, d in read.nodes(data=True) if d.get("type") == "article"]
    assert sorted(d["article"] for d in articles) == sorted(r.id for r in two_reuters_articles())
    assert all("text" not in d and int(d["chars"]) > 0 for d in articles)


def test_csv_edge_list_keeps_every_edge_and_hop(graph, tmp_path):
    with write(graph, tmp_path, ".csv").open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines))
    assert len(rows) == graph.number_of_edges()
    assert {"source", "target", "key", "relation", "cue", "rule", "confidence", "article", "claim_start"} <= rows[0].keys()
    hops = {(r["chain"], int(r["step"]), r["source"], r["target"]) for r in rows if r["relation"] == "cites"}
    expected = {(c.chain, k, u, v) for c in chain_paths(graph).values()
                for k, (u, v) in enumerate(zip(c.path, c.path[1:]), 1)}
    assert hops == expected
    seed_hops = sorted((int(r["step"]), r["source_label"], r["target_label"]) for r in rows
                       if r["relation"] == "cites" and r["target_label"] == "Reuters" and r["article"] == SEED_ID)
    assert seed_hops and seed_hops[0][1:] == ("IN-Ukraine.info", "Reuters")


@needs_graphviz
def test_svg_and_png_are_drawn_by_graphviz(graph, tmp_path):
    svg = html.unescape(write(graph, tmp_path, ".svg").read_text(encoding="utf-8"))
    assert "<svg" in svg and "Reuters" in svg and "IN-Ukraine.info" in svg
    assert write(graph, tmp_path, ".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_missing_graphviz_is_one_clear_line(graph, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without dot
    with pytest.raises(GraphvizMissing) as caught:
        export(graph, tmp_path / "graph.svg")
    assert "Graphviz" in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "graph.svg").exists()


def test_provn_states_the_chains_in_prov_terms(graph, tmp_path):
    text = write(graph, tmp_path, ".provn").read_text(encoding="utf-8")
    assert text.startswith("document") and text.rstrip().endswith("endDocument")
    assert "agent(outlet:reuters, [prov:type='prov:Organization', prov:type='pv:outlet'" in text
    assert re.search(r"entity\(claim:\S+, \[prov:type='pv:Claim'", text)
    assert re.search(r"wasAttributedTo\(claim:\S+, outlet:reuters", text)
    assert re.search(r"wasAttributedTo\(article:\S+, outlet:in-ukraine\.info", text)
    # prov writes wasQuotedFrom and hadPrimarySource as typed derivations
    assert re.search(r"wasDerivedFrom\(claim:\S+, report:\S+", text)
    assert re.search(r"wasDerivedFrom\(claim:\S+, report:\S+, -, -, -, \[prov:type='prov:PrimarySource'\]\)", text)
    assert re.search(r"hadMember\(article:\S+, claim:\S+\)", text)


def test_provjson_round_trip_keeps_every_chain(graph, tmp_path):
    document = ProvDocument.deserialize(write(graph, tmp_path, ".provjson"), format="json")
    spaces = _namespaces(ProvDocument())
    records = list(document.get_records())
    kinds = {type(r).__name__ for r in records}
    assert {"ProvEntity", "ProvAgent", "ProvAttribution", "ProvDerivation", "ProvMembership"} <= kinds
    attributed = {}
    for r in records:
        if type(r).__name__ == "ProvAttribution":
            entity, agent = (value for _, value in r.formal_attributes)
            attributed.setdefault(str(entity), set()).add(str(agent))
    derived = {}
    primary = {}
    for r in records:
        if type(r).__name__ == "ProvDerivation":
            generated, used = (str(v) for _, v in r.formal_attributes[:2])
            types = {str(v) for k, v in r.extra_attributes if str(k) == "prov:type"}
            if "prov:PrimarySource" in types:
                primary.setdefault(generated, set()).add(used)
            else:
                derived.setdefault(generated, set()).add(used)
    # walk each chain back from the claim: claim ← report ← report …, each
    # report attributed to the source at its step
    for chain in chain_paths(graph).values():
        claim = str(_qname(spaces, chain.claim))
        current, agents = claim, []
        for node in chain.cited:
            step_reports = [u for u in derived.get(current, ()) if u.startswith("report:")
                            and str(_qname(spaces, node)) in attributed.get(u, ())]
            assert step_reports, (chain, node)
            current = step_reports[0]
            agents.append(node)
        assert tuple(agents) == chain.cited
        if chain.cited:
            assert current in primary[claim]
        article = str(_qname(spaces, chain.article))
        assert str(_qname(spaces, chain.publisher)) in attributed[article]


def test_unknown_extension_names_the_supported_ones(graph, tmp_path):
    with pytest.raises(ExportError) as caught:
        export(graph, tmp_path / "graph.xlsx")
    message = str(caught.value)
    assert "\n" not in message and ".xlsx" in message
    assert all(suffix in message for suffix in FORMATS)


def test_unwritable_path_is_one_line(graph, tmp_path):
    with pytest.raises(ExportError) as caught:
        export(graph, tmp_path / "missing" / "graph.graphml")
    assert "cannot write" in str(caught.value) and "\n" not in str(caught.value)


def test_values_a_format_cannot_hold_are_flattened_not_dropped(tmp_path):
    graph = corpus_graph([two_reuters_articles()[0]])
    article, claim = f"article:{SEED_ID}", next(n for n, d in graph.nodes(data=True) if d["type"] == "claim")
    graph.nodes["outlet:reuters"].update(note=None, tags=["agency", "wire"], score=1)
    graph.nodes[claim].update(score=0.5)  # int and float under one key
    graph.nodes["outlet:in-ukraine.info"].update(flag=True)
    graph.nodes[article].update(flag="yes")  # bool and text under one key
    for suffix, read in ((".graphml", nx.read_graphml), (".gexf", nx.read_gexf)):
        back = read(write(graph, tmp_path, suffix))
        reuters = back.nodes["outlet:reuters"]
        assert reuters["note"] == "" and json.loads(reuters["tags"]) == ["agency", "wire"]
        assert reuters["score"] == 1.0 and back.nodes[claim]["score"] == 0.5
        assert back.nodes["outlet:in-ukraine.info"]["flag"] == "true" and back.nodes[article]["flag"] == "yes"


def test_python_entry_point_is_the_package_verb(graph, chains, tmp_path):
    # provenance.export(graph, path) writes the file its extension names and returns its path ...
    target = tmp_path / "graph.graphml"
    assert provenance.export(graph, target) == target
    assert named_chains(nx.read_graphml(target, force_multigraph=True)) == chains
    with pytest.raises(ExportError, match="unknown graph format '.xlsx'"):
        provenance.export(graph, tmp_path / "graph.xlsx")
    # ... and is still the module: its functions are the package's
    seed = two_reuters_articles()[0]
    assert provenance.export.to_json(seed) == provenance.to_json(seed)
    assert json.loads(provenance.export.to_json(seed))["article"]["id"] == SEED_ID
    assert provenance.export.to_dict is provenance.to_dict


def test_cli_graph_writes_the_file(tmp_path):
    out = tmp_path / "seed.gexf"
    done = CliRunner().invoke(app, ["graph", str(SEED), str(tmp_path / "absent.txt"), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "skipped" in done.output
    assert "IN-Ukraine.info" in {d.get("label") for _, d in nx.read_gexf(out).nodes(data=True)}


def test_cli_graph_refuses_an_unknown_format_before_analysing(tmp_path):
    done = CliRunner().invoke(app, ["graph", str(SEED), "-o", str(tmp_path / "seed.xyz")])
    assert done.exit_code == 1
    lines = [line for line in done.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "unknown graph format" in lines[0] and ".graphml" in lines[0]


def test_gexf_carries_gephi_viz_colour_by_kind_and_size_by_claims(graph, tmp_path):
    import xml.etree.ElementTree as ET

    from provenance.style import KIND_COLORS

    root = ET.parse(write(graph, tmp_path, ".gexf")).getroot()
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    nodes = {n.get("id"): n for n in root.iter("{http://www.gexf.net/1.2draft}node")}
    reuters, focus = nodes["outlet:reuters"], nodes["outlet:focus"]
    colour = reuters.find("viz:color", ns)
    assert "#{:02x}{:02x}{:02x}".format(*(int(colour.get(c)) for c in "rgb")) == KIND_COLORS["outlet"]
    official = next(n for i, n in nodes.items() if graph.nodes[i].get("kind") == "anonymous")
    colour = official.find("viz:color", ns)
    assert "#{:02x}{:02x}{:02x}".format(*(int(colour.get(c)) for c in "rgb")) == KIND_COLORS["anonymous"]
    # Reuters carries five claims, Focus one
    assert float(reuters.find("viz:size", ns).get("value")) > float(focus.find("viz:size", ns).get("value"))


def test_file_formats_hold_ids_titles_and_urls_not_article_texts(tmp_path):
    seed, relay = two_reuters_articles()
    described = provenance.analyze("Die Agentur Reuters berichtete, das Treffen sei abgesagt worden.", id="meta",
                                   metadata={"url": "https://example.de/a", "title": "Treffen abgesagt"})
    graph = corpus_graph([seed, relay, described])
    for suffix in (".graphml", ".gexf", ".csv", ".dot", ".provn"):
        data = write(graph, tmp_path, suffix).read_text(encoding="utf-8")
        assert seed.text[:200] not in data and relay.text[:100] not in data, suffix
    read = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    article = read.nodes["article:meta"]
    assert (article["url"], article["title"], article["article"]) == ("https://example.de/a", "Treffen abgesagt", "meta")
    # the JSON export keeps the texts
    data = json.loads(write(graph, tmp_path, ".json").read_text(encoding="utf-8"))
    assert {n["text"] for n in data["nodes"] if n.get("type") == "article"} == {seed.text, relay.text, described.text}


def test_csv_writes_nodes_and_edges_as_two_files(graph, tmp_path):
    from provenance.export import companion_path

    edges_path = write(graph, tmp_path, ".csv")
    nodes_path = companion_path(edges_path)
    assert nodes_path == tmp_path / "graph.nodes.csv" and nodes_path.exists()
    with nodes_path.open(encoding="utf-8", newline="") as lines:
        nodes = list(csv.DictReader(lines))
    assert len(nodes) == graph.number_of_nodes()
    assert list(nodes[0])[:3] == ["id", "label", "claims"]
    by_id = {n["id"]: n for n in nodes}
    assert by_id["outlet:reuters"]["label"] == "Reuters" and by_id["outlet:reuters"]["claims"] == "5"
    # article rows hold ids, lengths and publishers, never the whole text
    articles = [n for n in nodes if n["type"] == "article"]
    assert len(articles) == 2 and all(n.get("text", "") == "" and int(n["chars"]) > 100 for n in articles)
    with edges_path.open(encoding="utf-8", newline="") as lines:
        edges = list(csv.DictReader(lines))
    assert {e["source"] for e in edges} | {e["target"] for e in edges} <= set(by_id)
    # the source level too, its edges weighted
    level = provenance.source_graph(graph)
    (tmp_path / "level").mkdir()
    with write(level, tmp_path / "level", ".csv").open(encoding="utf-8", newline="") as lines:
        weighted = list(csv.DictReader(lines))
    assert {(r["source_label"], r["target_label"], r["weight"]) for r in weighted} >= {
        ("IN-Ukraine.info", "Reuters", "3"), ("Tagesspiegel", "Reuters", "2")}


@needs_graphviz
def test_pictures_have_a_legend_and_one_layout(graph, tmp_path):
    import xml.etree.ElementTree as ET

    for level in (graph, provenance.source_graph(graph)):
        svg = write(level, tmp_path, ".svg").read_text(encoding="utf-8")
        root = ET.fromstring(svg)
        texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
        assert "Legend" in texts and "outlet" in texts and "anonymous" in texts and "cites" in texts
        # one network: not a strip (neato/sfdp, not dot's ranks)
        width, height = (float(root.get(k).rstrip("pt")) for k in ("width", "height"))
        assert 0.25 < height / width < 4
