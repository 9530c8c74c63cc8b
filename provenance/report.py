"""A readable per-article report (rich)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from provenance.records import ArticleResult

UNSOURCED = ("anonymous", "unspecified")
KIND_STYLE = {"outlet": "cyan", "person": "green", "organization": "blue", "official": "magenta",
              "anonymous": "red", "unspecified": "yellow"}


def unsourced_share(result: ArticleResult) -> float:
    """Share of claims whose origin is anonymous or unspecified."""
    kinds = {s.id: s for s in result.sources}
    origins = [kinds.get(c.path[-1]) if c.path else None for c in result.chains]
    if not origins:
        return 0.0
    return sum(1 for s in origins if s is None or s.anonymous or s.kind in UNSOURCED) / len(origins)


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(result: ArticleResult, console: Console) -> None:
    sources = {s.id: s for s in result.sources}
    attributions = {a.id: a for a in result.attributions}
    publisher = result.publisher.name if result.publisher else "unknown"
    console.rule(f"[bold]{result.id}[/]  publisher: {publisher}  model: {result.model}")
    claims = Table(title="Claims and their chains", show_lines=True, expand=True)
    claims.add_column("#", style="dim", no_wrap=True)
    claims.add_column("claim", ratio=3)
    claims.add_column("chain (publisher → origin)", ratio=2)
    claims.add_column("cue / rule", ratio=1)
    for n, chain in enumerate(result.chains, 1):
        top = attributions[chain.attributions[0]]
        path = Text()
        for k, source_id in enumerate(chain.path):
            source = sources.get(source_id)
            if k:
                path.append(" → ")
            label = source.name if source else source_id
            path.append(label, style=KIND_STYLE.get(source.kind, "") if source else "")
            if source and source.anonymous and source.kind != "outlet":
                path.append(" (anon.)", style="red")
        cue = top.cue.text if top.cue else "–"
        claims.add_row(str(n), _short(chain.claim.text, 200), path,
                       f"{cue}\n[dim]{top.rule} {top.confidence:.2f} {top.form}[/]")
    console.print(claims)
    table = Table(title="Sources")
    for column in ("id", "name", "kind", "anonymous", "descriptor", "affiliation", "mentions"):
        table.add_column(column)
    for s in result.sources:
        table.add_row(s.id, s.name, Text(s.kind, style=KIND_STYLE.get(s.kind, "")), "yes" if s.anonymous else "no",
                      s.descriptor or "", s.affiliation or "", str(len(s.mentions)))
    console.print(table)
    by_kind = Counter(s.kind for s in result.sources)
    share = unsourced_share(result)
    console.print(
        f"{len(result.chains)} claims, {len(result.sources)} sources ("
        + ", ".join(f"{k}: {v}" for k, v in sorted(by_kind.items()))
        + f"); [bold]{share:.0%}[/] of claims rest on anonymous or unspecified sources.")
