"""A readable per-article report (rich): one row per claim with the name,
kind and anonymity of its origin, and the share of claims that rest on no one
named."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

from provenance.records import ArticleResult, Attribution, Chain, Source, rests_on_no_one
from provenance.safe_text import plain

KIND_STYLE = {"outlet": "cyan", "person": "green", "organization": "blue", "official": "magenta",
              "anonymous": "red", "unspecified": "yellow"}
SHARE_DEFINITION = (
    "share of claims whose origin — the last source of its chain, the publisher not counted; a nested "
    "quotation is part of its outer claim, not counted again — is anonymous or unspecified, or names no "
    "source at all")


def chain_origin(chain: Chain, attributions: Mapping[str, Attribution]) -> str | None:
    """The source id the claim finally rests on: the source of the deepest
    attribution of the chain that names one; None when none does."""
    for attribution_id in reversed(chain.attributions):
        attribution = attributions.get(attribution_id)
        if attribution is not None and attribution.source_id is not None:
            return attribution.source_id
    return None


def counted_chains(result: ArticleResult) -> list[Chain]:
    """The chains the share counts: a quotation nested inside another claim
    (its span within that claim's span) is part of it, not a claim of its own."""
    claims = [c.claim for c in result.chains]
    return [c for c in result.chains
            if not any(other != c.claim and other.contains(c.claim) for other in claims)]


def unsourced_share(result: ArticleResult) -> float:
    """The anonymity share, as :data:`SHARE_DEFINITION` says."""
    chains = counted_chains(result)
    if not chains:
        return 0.0
    sources = {s.id: s for s in result.sources}
    attributions = {a.id: a for a in result.attributions}
    count = 0
    for chain in chains:
        origin = sources.get(chain_origin(chain, attributions) or "")
        count += rests_on_no_one(origin.kind if origin else None, origin.anonymous if origin else False)
    return count / len(chains)


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def mention_label(attribution: Attribution | None, source: Source) -> str:
    """How a source is shown where the text names it otherwise: "er → Anna
    Berger", "Der Regierungsvertreter → leitender Beamter des
    Ministeriums"; the name alone where the span already says it."""
    if attribution is None or attribution.source is None:
        return source.name
    said = " ".join(attribution.source.text.split())
    if not source.resolved:
        return f"{said} → ? (unresolved)"
    if source.name.lower() in said.lower():
        return source.name
    return f"{said} → {source.name}"


def render(result: ArticleResult, console: Console) -> None:
    sources = {s.id: s for s in result.sources}
    attributions = {a.id: a for a in result.attributions}
    publisher = result.publisher.name if result.publisher else "unknown"
    # Everything from the article goes in as Text (shown literally, controls
    # made visible), never as markup: an id or a claim may hold "[link=…]".
    console.rule(Text.assemble(plain(result.id, "bold", keep=""),
                               plain(f"  publisher: {publisher}  model: {result.model}", keep=""),
                               plain(f"  genre: {result.genre} ({result.genre_evidence})" if result.genre else "",
                                     keep=""),
                               plain(f"  attribution: {result.attribution}" if result.attribution else "", keep="")))
    claims = Table(title="Claims and their chains", show_lines=True, expand=True)
    claims.add_column("#", style="dim", no_wrap=True)
    claims.add_column("claim", ratio=3)
    claims.add_column("origin", ratio=2)
    claims.add_column("kind", no_wrap=True)
    claims.add_column("anonymous", no_wrap=True)
    claims.add_column("chain (publisher → origin)", ratio=2)
    claims.add_column("cue / rule", ratio=1)
    for n, chain in enumerate(result.chains, 1):
        top = attributions[chain.attributions[0]]
        origin_id = chain_origin(chain, attributions)
        origin = sources.get(origin_id or "")
        if origin is None:
            origin_text, kind, anonymous = Text("no source named", style="red"), Text("–"), Text("yes", style="red")
        else:
            introducing = next((attributions[i] for i in reversed(chain.attributions)
                                if attributions[i].source_id == origin.id), None)
            origin_text = plain(mention_label(introducing, origin), style=KIND_STYLE.get(origin.kind, ""))
            kind = plain(origin.kind, style=KIND_STYLE.get(origin.kind, ""))
            unsourced = rests_on_no_one(origin.kind, origin.anonymous)
            anonymous = Text("yes" if unsourced else "no", style="red" if unsourced else "")
        path = Text()
        for k, source_id in enumerate(chain.path):
            source = sources.get(source_id)
            if k:
                path.append(" → ")
            path.append(plain(source.name if source else source_id, style=KIND_STYLE.get(source.kind, "") if source else ""))
        cue = top.cue.text if top.cue else "–"
        claims.add_row(str(n), plain(_short(chain.claim.text, 200)), origin_text, kind, anonymous, path,
                       Text.assemble(plain(cue), "\n", plain(f"{top.rule} {top.confidence:.2f} {top.form}", "dim")))
    console.print(claims)
    table = Table(title="Sources")
    for column in ("id", "name", "kind", "anonymous", "entity", "descriptor", "affiliation", "mentions"):
        table.add_column(column)
    for s in result.sources:
        table.add_row(plain(s.id), plain(s.name if s.resolved else f"{s.name} ({s.descriptor})"),
                      plain(s.kind, style=KIND_STYLE.get(s.kind, "")), "yes" if s.anonymous else "no",
                      plain(s.entity_id or ""), plain(s.descriptor or ""), plain(s.affiliation or ""),
                      str(len(s.mentions)))
    console.print(table)
    by_kind = Counter(s.kind for s in result.sources)
    share = unsourced_share(result)
    counted = len(counted_chains(result))
    nested = len(result.chains) - counted
    console.print(Text.assemble(
        plain(f"{counted} claims"
              + (f" (and {nested} nested quotation{'s' if nested > 1 else ''})" if nested else "")
              + f", {len(result.sources)} sources, {len(result.entities)} entities ("
              + ", ".join(f"{k}: {v}" for k, v in sorted(by_kind.items())) + "); "),
        (f"{share:.0%}", "bold"), " of claims rest on anonymous or unspecified sources or on none ",
        (f"({SHARE_DEFINITION})", "dim"), "."))
