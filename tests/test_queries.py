"""trace and rank_sources across two articles that both cite Reuters."""

from rich.console import Console
from typer.testing import CliRunner

from provenance.cli import app
from provenance.queries import rank_sources, render_sources, render_traces, totals_by_kind, trace

from graph_corpus import SEED, SEED_ID, two_reuters_articles


def test_trace_through_reuters_covers_both_articles():
    seed, relay = two_reuters_articles()
    found = trace([seed, relay], source="Reuters")
    assert {t.article for t in found} == {seed.id, relay.id}
    for t in found:
        assert "Reuters" in [h.name for h in t.hops]
        assert t.publisher is not None and t.hops[0] is t.publisher
    # an alias finds the same claims; a name never cited finds none
    assert trace([seed, relay], source="Nachrichtenagentur Reuters") == found
    assert trace([seed, relay], source="reuters") == found
    assert trace([seed, relay], source="Associated Press") == []


def test_trace_anonymous_keeps_only_claims_without_a_named_origin():
    results = two_reuters_articles()
    everything = trace(results)
    anonymous = trace(results, anonymous=True)
    # the seed's 9 claims and the relay's 3; 7 of the seed's rest on no one named (see test_seed.py),
    # and in the relay the official's claim through Reuters and the quotation „in naher Zukunft“ in it
    assert (len(everything), len(anonymous)) == (9 + 3, 7 + 2)
    for t in anonymous:
        assert t.origin is None or t.origin.anonymous or t.origin.kind in ("anonymous", "unspecified")
    named = [t for t in everything if t not in anonymous]
    assert named and all(t.origin is not None and not t.origin.unsourced for t in named)
    # the seed's Reuters claim rests on an unnamed official
    assert any(t.article == SEED_ID and [h.name for h in t.cited][:1] == ["Reuters"] for t in anonymous)


def test_trace_by_claim_text_and_filters_combine():
    results = two_reuters_articles()
    some = trace(results)[0]
    word = max(some.claim.split(), key=len)
    found = trace(results, claim=word.upper())
    assert some in found and all(word.casefold() in t.claim.casefold() for t in found)
    both = trace(results, claim=word, source="Reuters", anonymous=True)
    assert set(both) <= set(found) & set(trace(results, source="Reuters")) & set(trace(results, anonymous=True))


def test_hops_carry_the_cue_that_brought_each_source_in():
    for t in trace(two_reuters_articles(), source="Reuters"):
        assert t.publisher.cue == ""
        assert all(h.cue and h.rule and 0 < h.confidence <= 1 for h in t.cited)
        assert t.claim_start < t.claim_end


def test_rank_sources_counts_articles_claims_and_relays():
    seed, relay = two_reuters_articles()
    rows = rank_sources([seed, relay])
    official = "hochrangiger Beamter des Weißen Hauses"  # readable: nominative, with its affiliation
    # Reuters carries 5 claims: in the seed "planen … kein persönliches Treffen", the official's
    # "keine Pläne hätten" and the nested „in naher Zukunft“; in the relay the same sentence and its
    # quotation. The official is one row per article. Ranked by claims, then articles, then name.
    assert [(r.name, r.kind, r.anonymous, r.articles, r.claims, r.relayed_by) for r in rows] == [
        ("Reuters", "outlet", False, 2, 5, ()),
        (official, "anonymous", True, 1, 3, ("Reuters",)),
        (official, "anonymous", True, 1, 2, ("Reuters",)),
        ("Quellen", "unspecified", True, 1, 2, ()),
        ("anonyme informierte Quellen", "anonymous", True, 1, 1, ("CNN",)),
        ("Christian Lindner", "person", False, 1, 1, ()),
        ("CNN", "outlet", False, 1, 1, ()),
        ("Donald Trump", "person", False, 1, 1, ()),
        ("Financial Times", "outlet", False, 1, 1, ("Focus",)),
        ("Focus", "outlet", False, 1, 1, ()),
        ("Quelle", "unspecified", True, 1, 1, ()),
    ]
    assert [r.articles for r in rows if r.name == official] == [1, 1]
    # by kind: (sources, claims); IN-Ukraine.info and Tagesspiegel only publish, so they are no rows
    assert totals_by_kind(rows) == {"anonymous": (3, 6), "outlet": (4, 8), "person": (2, 2), "unspecified": (2, 3)}


def test_rendering_shows_trees_and_the_table():
    results = two_reuters_articles()
    console = Console(record=True, width=160)
    render_traces(trace(results, source="Reuters"), console)
    render_sources(rank_sources(results), console)
    render_traces([], console)
    out = console.export_text()
    assert "IN-Ukraine.info" in out and "Reuters" in out and "Sources across the corpus" in out
    assert "no claim matches" in out and "anonymous:" in out


def test_cli_trace_and_sources():
    runner = CliRunner()
    done = runner.invoke(app, ["trace", str(SEED), "--source", "Reuters", "--anonymous"])
    assert done.exit_code == 0, done.output
    assert "Reuters" in done.output and "IN-Ukraine.info" in done.output
    done = runner.invoke(app, ["sources", str(SEED)])
    assert done.exit_code == 0, done.output
    assert "Reuters" in done.output
    done = runner.invoke(app, ["sources", str(SEED.parent / "absent.txt")])
    assert done.exit_code == 1 and "no article could be read" in done.output
