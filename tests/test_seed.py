"""The article this project was conceived from: its full expected result."""

import json

import pytest

import provenance
from provenance.sources import person_mentions


@pytest.fixture(scope="module")
def seed(seed_text):
    return provenance.analyze(seed_text, id="000_d8572ab7723ed861")


def names(result, chain):
    by_id = {s.id: s for s in result.sources}
    return [by_id[i].name for i in chain.path]


def chain_for(result, fragment):
    matching = [c for c in result.chains if fragment in c.claim.text]
    assert matching, f"no chain for a claim containing {fragment!r}"
    return matching[0]


def source(result, source_id):
    return next(s for s in result.sources if s.id == source_id)


def test_publisher_from_footer(seed, seed_text):
    assert seed.publisher.name == "IN-Ukraine.info"
    ev = seed.publisher.evidence
    assert seed_text[ev.start:ev.end] == "IN-Ukraine.info"


def test_reuters_relays_an_anonymous_white_house_official(seed):
    chain = chain_for(seed, "kein persönliches Treffen")
    path = names(seed, chain)
    assert path[:2] == ["IN-Ukraine.info", "Reuters"]
    origin = source(seed, chain.path[-1])
    assert origin.kind == "anonymous" and origin.anonymous
    assert "Beamte" in origin.descriptor and "Weißen Hauses" in origin.affiliation


def test_the_official_speaks_again_through_reuters(seed):
    chain = chain_for(seed, "keine Pläne hätten")
    first = chain_for(seed, "kein persönliches Treffen")
    assert chain.path == first.path  # "Der Regierungsvertreter" is the same unnamed official


def test_cnn_relays_anonymous_informed_sources(seed):
    chain = chain_for(seed, "möglicherweise nicht stattfinden")
    assert names(seed, chain)[:2] == ["IN-Ukraine.info", "CNN"]
    origin = source(seed, chain.path[-1])
    assert origin.kind == "anonymous" and origin.anonymous


def test_focus_relays_the_financial_times(seed):
    chain = chain_for(seed, "mit Einfluss auf Trump zu gewinnen")
    assert names(seed, chain) == ["IN-Ukraine.info", "Focus", "Financial Times"]
    assert source(seed, chain.path[-1]).kind == "outlet"


def test_two_claims_rest_on_unspecified_quellen(seed):
    unspecified = [c for c in seed.chains
                   if source(seed, c.path[-1]).kind == "unspecified" and "Quellen" in source(seed, c.path[-1]).name]
    claims = " | ".join(c.claim.text for c in unspecified)
    assert len(unspecified) == 2, claims
    assert "auf unbestimmte Zeit verschoben" in claims
    assert "nicht ausreichend kompromissbereit" in claims
    assert all(source(seed, c.path[-1]).anonymous for c in unspecified)


def test_rubio_mentions_are_merged(seed):
    groups = [g for g in person_mentions(provenance.parse(seed.text)) if any("Rubio" in s.text for s in g)]
    assert len(groups) == 1
    texts = {s.text for s in groups[0]}
    assert {"Marco Rubio", "Mark Rubio"} <= texts
    assert len(groups[0]) == 4


def test_every_span_points_into_the_text(seed, seed_text):
    data = provenance.to_dict(seed)
    spans = []

    def collect(node):
        if isinstance(node, dict):
            if {"text", "start", "end"} <= node.keys() and node["start"] is not None:
                spans.append(node)
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(data)
    assert len(spans) > 20
    for span in spans:
        assert seed_text[span["start"]:span["end"]] == span["text"]
    json.dumps(data)


def test_json_schema_shape(seed):
    data = provenance.to_dict(seed)
    assert data["schema"] == "provenance.article/1"
    assert data["article"]["id"] == "000_d8572ab7723ed861"
    assert data["article"]["language"] == "de"
    kinds = {"outlet", "person", "organization", "official", "anonymous", "unspecified"}
    assert all(s["kind"] in kinds for s in data["sources"])
    forms = {"direct", "indirect", "free_indirect", "indirect_free_indirect", "reported"}
    ids = {a["id"] for a in data["attributions"]}
    for a in data["attributions"]:
        assert a["form"] in forms
        assert a["via"] is None or a["via"] in ids
        assert a["rule"] and 0 < a["confidence"] <= 1
    for chain in data["chains"]:
        assert set(chain["attributions"]) <= ids
        assert chain["path"][0] == next(s["id"] for s in data["sources"] if s["name"] == "IN-Ukraine.info")
