"""The provenance graph of one article and of several, from the real pipeline."""

import dataclasses
from collections import Counter

import pytest

import provenance
from provenance.graph import SHARED_KINDS, article_graph, chain_paths, corpus_graph, source_node
from provenance.records import Source
from provenance.sources import Classifier

from graph_corpus import SEED_ID, named_chains, result_chains, two_reuters_articles


@pytest.fixture(scope="module")
def seed():
    return two_reuters_articles()[0]


@pytest.fixture(scope="module")
def seed_graph(seed):
    return article_graph(seed)


def nodes_of(graph, **wanted):
    return [n for n, d in graph.nodes(data=True) if all(d.get(k) == v for k, v in wanted.items())]


def test_node_types_and_edge_relations(seed, seed_graph):
    # the seed: one article, its 9 claims (the 9 chains of test_seed.py, no two on one span) and its
    # 10 sources, the publisher among them
    assert Counter(d["type"] for _, d in seed_graph.nodes(data=True)) == {"article": 1, "claim": 9, "source": 10}
    # the article reports each claim and is published by IN-Ukraine.info; each of the 13 attributions
    # is an edge from its claim; a chain of n sources has n - 1 "cites" hops: four chains publisher →
    # origin (1 each) and five publisher → relay → origin (2 each; the nested „in naher Zukunft“ goes
    # through Reuters to the official), 4 + 10 = 14
    assert Counter(d["relation"] for *_, d in seed_graph.edges(data=True)) == {
        "reports": 9, "published_by": 1, "attributed_to": 13, "cites": 14}
    for _, data in seed_graph.nodes(data=True):
        if data["type"] == "source":
            assert data["kind"] in {"outlet", "person", "organization", "official", "anonymous", "unspecified"}
            assert isinstance(data["anonymous"], bool)


def test_edges_carry_cue_rule_confidence_and_offsets_into_the_text(seed, seed_graph):
    text = seed.text
    attributed = [d for *_, d in seed_graph.edges(data=True) if d["relation"] == "attributed_to"]
    assert attributed
    for data in attributed:
        assert data["article"] == SEED_ID and data["rule"] and 0 < data["confidence"] <= 1
        claim = text[data["claim_start"]:data["claim_end"]]
        assert claim
        if data["cue_spans"]:
            cue_words = " ".join(text[s:e] for s, e in data["cue_spans"])
            assert cue_words.split() == data["cue"].split()
        if "mention_start" in data:
            assert text[data["mention_start"]:data["mention_end"]] == data["mention_text"]
    for node in nodes_of(seed_graph, type="claim"):
        data = seed_graph.nodes[node]
        assert text[data["claim_start"]:data["claim_end"]] == data["text"]


def test_every_chain_of_the_seed_is_in_the_graph(seed, seed_graph):
    assert result_chains(seed) <= named_chains(seed_graph)
    paths = [c.path for c in chain_paths(seed_graph).values()]
    assert ("outlet:in-ukraine.info", "outlet:reuters") in {p[:2] for p in paths}
    relayed = [p for p in paths if p[:2] == ("outlet:in-ukraine.info", "outlet:reuters") and len(p) > 2]
    assert relayed, "no chain IN-Ukraine.info → Reuters → origin"
    origin = seed_graph.nodes[relayed[0][-1]]
    assert origin["anonymous"] and origin["kind"] == "anonymous"


def test_cites_edges_follow_the_chain_step_by_step(seed_graph):
    for chain in chain_paths(seed_graph).values():
        hops = sorted((d["step"], u, v) for u, v, d in seed_graph.edges(data=True)
                      if d["relation"] == "cites" and d["chain"] == chain.chain)
        assert [(u, v) for _, u, v in hops] == list(zip(chain.path, chain.path[1:]))
        assert chain.publisher == "outlet:in-ukraine.info"


def test_two_articles_citing_reuters_share_one_reuters_node():
    seed, relay = two_reuters_articles()
    graph = corpus_graph([seed, relay])
    reuters = nodes_of(graph, type="source", kind="outlet", label="Reuters")
    assert reuters == ["outlet:reuters"]
    assert graph.nodes["outlet:reuters"]["articles"] == [seed.id, relay.id]
    through = {d["article"] for _, v, d in graph.in_edges("outlet:reuters", data=True) if d["relation"] == "cites"}
    assert through == {seed.id, relay.id}
    # each article keeps its own publisher
    publishers = {v for u, v, d in graph.edges(data=True) if d["relation"] == "published_by"}
    assert publishers == {"outlet:in-ukraine.info", "outlet:tagesspiegel"}


def test_anonymous_sources_stay_per_article_but_count_together():
    seed, relay = two_reuters_articles()
    graph = corpus_graph([seed, relay])
    anonymous = [d for _, d in graph.nodes(data=True) if d.get("type") == "source" and d["kind"] not in SHARED_KINDS
                 and d["anonymous"]]
    per_article = {d["articles"][0] for d in anonymous}
    assert per_article == {seed.id, relay.id}
    assert all(len(d["articles"]) == 1 and not d["shared"] for d in anonymous)
    # the seed's Quelle, unnamed official, informed sources and Quellen; the relay's official is the
    # same words in another article, and stays a node of its own
    official = "hochrangiger Beamter des Weißen Hauses"  # readable: nominative, with its affiliation
    assert sorted((d["articles"][0], d["label"]) for d in anonymous) == [
        (seed.id, "Quelle"), (seed.id, "Quellen"), (seed.id, "anonyme informierte Quellen"), (seed.id, official),
        (relay.id, official)]


def test_source_identity_across_articles():
    classifier = Classifier(provenance.load_config())

    def node(name, kind, article="a"):
        return source_node(Source("s1", name, kind, kind in ("anonymous", "unspecified"), None, None, ()), article,
                           classifier)

    assert node("Thomson Reuters", "outlet") == node("Reuters", "outlet", "b") == "outlet:reuters"
    assert node("Marco  Rubio", "person") == node("marco rubio", "person", "b")
    assert node("Marco Rubio", "person") != node("Hillary Clinton", "person")
    assert node("Quellen", "unspecified") != node("Quellen", "unspecified", "b")
    assert node("Beamter", "anonymous") != node("Beamter", "anonymous", "b")


def test_shared_sources_are_one_node_however_many_articles(seed):
    # (how the building time grows with the corpus: benchmarks/graph_build.py)
    def build(n):
        return corpus_graph([dataclasses.replace(seed, id=f"{seed.id}-{k}") for k in range(n)])

    small, large = build(50), build(200)
    # per article: its node, its 9 claims and its 4 anonymous or unspecified sources; shared by all:
    # the outlets IN-Ukraine.info, Reuters, CNN, Focus, Financial Times and the person Donald Trump
    shared = sorted(d["label"] for _, d in small.nodes(data=True) if d.get("shared"))
    assert shared == ["CNN", "Donald Trump", "Financial Times", "Focus", "IN-Ukraine.info", "Reuters"]
    assert small.number_of_nodes() == 6 + 50 * (1 + 9 + 4)
    assert large.number_of_nodes() == 6 + 200 * (1 + 9 + 4)
    assert large.number_of_edges() == 4 * small.number_of_edges() == 4 * 50 * (9 + 1 + 13 + 14)


def test_articles_with_the_same_id_stay_two_articles(seed):
    graph = corpus_graph([seed, seed])
    assert nodes_of(graph, type="article") == [f"article:{seed.id}", f"article:{seed.id}~2"]
    assert graph.nodes["outlet:reuters"]["articles"] == [seed.id, f"{seed.id}~2"]
    assert len(chain_paths(graph)) == 2 * len(chain_paths(article_graph(seed)))


def test_a_second_source_of_one_relay_gets_its_own_branch(seed):
    # The engine follows one relayed attribution per relay; a second one
    # ("Reuters, unter Berufung auf A und B") must not be lost.
    chain = next(c for c in seed.chains if len(c.attributions) > 1)
    relayed = next(a for a in seed.attributions if a.id == chain.attributions[1])
    other = next(s for s in seed.sources if s.id not in chain.path and s.anonymous)
    extra = dataclasses.replace(relayed, id="a99", source_id=other.id)
    result = dataclasses.replace(seed, attributions=seed.attributions + (extra,))
    graph = article_graph(result)
    branch = [graph.nodes[n]["label"] for n in chain_paths(graph)[f"{seed.id}:a99"].path]
    names = {s.id: s.name for s in seed.sources}
    relay = chain.path.index(next(a for a in seed.attributions if a.id == relayed.via).source_id)
    assert branch == [names[i] for i in chain.path[:relay + 1]] + [other.name]


# --- the sources level: who cites whom ---------------------------------------------------

def test_the_source_level_graph_of_two_articles():
    seed, relay = two_reuters_articles()
    graph = provenance.source_graph(corpus_graph([seed, relay]))
    assert graph.graph["level"] == "sources"
    assert {d["type"] for _, d in graph.nodes(data=True)} == {"source"}  # no article nor claim nodes
    label = {n: d["label"] for n, d in graph.nodes(data=True)}
    edges = {(label[u], label[v], k): d for u, v, k, d in graph.edges(keys=True, data=True)}
    # both publishers cite Reuters: three of the seed's claims, two of the relay's
    assert edges[("IN-Ukraine.info", "Reuters", "cites")]["weight"] == 3
    assert edges[("Tagesspiegel", "Reuters", "cites")]["weight"] == 2
    # Reuters relays each article's unnamed official, who stays one node per article
    relayed = sorted((d["articles"], d["weight"], k, graph.nodes[v]["kind"])
                     for u, v, k, d in graph.edges(keys=True, data=True) if u == "outlet:reuters")
    assert relayed == sorted([([relay.id], 2, "relays", "anonymous"), ([seed.id], 3, "relays", "anonymous")])
    reuters = graph.nodes["outlet:reuters"]
    assert (reuters["claims"], reuters["origin_of"], reuters["article_count"]) == (5, 0, 2)
    assert graph.nodes["outlet:in-ukraine.info"]["published"] == 1
    # every claim with a named source shows as weight on some edge out of its publisher
    for result in (seed, relay):
        publisher = label[f"outlet:{result.publisher.name.casefold()}"]
        out = sum(d["weight"] for (u, _, k), d in edges.items() if u == publisher and k == "cites")
        assert out == sum(1 for c in result.chains if len(c.path) > 1)
    # the anonymous origins, what a fact-checker looks for first: the seed's Quelle, unnamed official,
    # informed sources and Quellen, and the relay's official (the same words, another node)
    anonymous_origins = sorted(d["label"] for _, d in graph.nodes(data=True) if d["origin_of"] and d["anonymous"])
    assert anonymous_origins == ["Quelle", "Quellen", "anonyme informierte Quellen",
                                 "hochrangiger Beamter des Weißen Hauses", "hochrangiger Beamter des Weißen Hauses"]


def test_cli_graph_level_sources(tmp_path):
    import networkx as nx
    from typer.testing import CliRunner

    from provenance.cli import app
    from graph_corpus import SEED

    out = tmp_path / "sources.gexf"
    done = CliRunner().invoke(app, ["graph", str(SEED), "--level", "sources", "-o", str(out)])
    assert done.exit_code == 0, done.output
    read = nx.read_gexf(out)
    assert {d["kind"] for _, d in read.nodes(data=True)} >= {"outlet", "anonymous", "person"}
    assert not any(d.get("type") in ("article", "claim") for _, d in read.nodes(data=True))
    assert "wrote" in done.stderr and "nodes" in done.stderr
    done = CliRunner().invoke(app, ["graph", str(SEED), "--level", "sources", "-o", str(tmp_path / "s.provn")])
    assert done.exit_code == 1 and "--level claims" in done.output and "Traceback" not in done.output
