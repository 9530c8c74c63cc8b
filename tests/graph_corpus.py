"""Articles the graph, export, page and query tests share, analysed once by
the real pipeline, and helpers that read chains back out of any graph."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import networkx as nx

import provenance
from provenance.graph import chain_paths
from provenance.records import ArticleResult

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_d8572ab7723ed861.txt"
SEED_ID = "000_d8572ab7723ed861"


def _reuters_sentence() -> str:
    # The seed's own Reuters sentence, so a second outlet cites Reuters the
    # way the engine is known to read.
    match = re.search(r"Wie die Agentur Reuters[^.]*\.", SEED.read_text(encoding="utf-8"))
    assert match, "the seed no longer has its Reuters sentence"
    return match.group(0)


RELAY_ID = "tagesspiegel_ukraine"
HOSTILE_ID = '<img src=x onerror="alert(2)">'
HOSTILE_TEXT = (
    "Ein Sprecher der Polizei sagte am Montag, der Täter habe <script>alert(1)</script> in das Formular der "
    "Stadt geschrieben. „Wir ermitteln <script>alert(1)</script> weiter“, sagte Polizeisprecher Thomas Müller "
    "der Nachrichtenagentur dpa. Nach Angaben der Stadtverwaltung ist kein Schaden entstanden.\n")


def relay_text() -> str:
    return ("Die Bundesregierung will die Hilfen für die Ukraine im kommenden Jahr deutlich ausweiten. "
            f"{_reuters_sentence()} Finanzminister Christian Lindner sagte, die Finanzierung sei gesichert.\n\n"
            "© 2024 Tagesspiegel\n")


@functools.cache
def two_reuters_articles() -> tuple[ArticleResult, ArticleResult]:
    """The seed and another outlet's article, both citing Reuters."""
    seed, relay = provenance.analyze_many([provenance.Article(SEED.read_text(encoding="utf-8"), SEED_ID),
                                           provenance.Article(relay_text(), RELAY_ID)])
    for result in (seed, relay):
        assert any(s.name == "Reuters" and s.kind == "outlet" for s in result.sources), \
            f"the engine no longer finds Reuters in {result.id}"
    return seed, relay


@functools.cache
def hostile_article() -> ArticleResult:
    """An article whose text and id try to inject markup and script."""
    return provenance.analyze(HOSTILE_TEXT, id=HOSTILE_ID)


def named_chains(graph: nx.MultiDiGraph) -> set[tuple[str, int, int, tuple[str, ...]]]:
    """(article, claim start, claim end, source names publisher first) for
    every chain: what must survive any round trip."""
    return {(str(graph.nodes[c.article]["article"]), int(graph.nodes[c.claim]["claim_start"]),
             int(graph.nodes[c.claim]["claim_end"]), tuple(str(graph.nodes[n]["label"]) for n in c.path))
            for c in chain_paths(graph).values()}


def result_chains(result: ArticleResult) -> set[tuple[str, int, int, tuple[str, ...]]]:
    """The same for an analysed article, straight from its records."""
    names = {s.id: s.name for s in result.sources}
    return {(result.id, c.claim.start, c.claim.end, tuple(names[i] for i in c.path)) for c in result.chains}
