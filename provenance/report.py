"""A readable per-article report (rich): one row per claim with the name,
kind and anonymity of its origin, and the share of claims that rest on no one
named."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from provenance.records import ArticleResult, Attribution, Chain, Source, SpeechEvent, rests_on_no_one
from provenance.safe_text import plain
from provenance.style import short

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


def mention_label(attribution: Attribution | SpeechEvent | None, source: Source) -> str:
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


# --- layout -----------------------------------------------------------------------

# A claim is shortened to this many characters unless --full asks for it whole.
CLAIM_CHARS = 200
# The claim column never gets narrower than this; columns are dropped first.
MIN_CLAIM_WIDTH = 36
COUNTED = "●"  # marks a claim the anonymity share counts as resting on no one named


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a report table. A column that ``wraps`` breaks its text
    at spaces, but is never narrower than its longest word nor than any
    of ``whole`` (the names in it, kept on one line each); any other column
    is as wide as its longest line. Nothing is ever cut: a column that does
    not fit is left out."""

    header: str
    cells: list[Text]
    wraps: bool = False
    justify: str = "left"
    whole: tuple[str, ...] = ()
    ratio: int | None = None

    def min_width(self, cap: int | None = None) -> int:
        """The least width: a name longer than ``cap`` (half a narrow
        terminal) may wrap at its spaces, still never inside a word."""
        if self.wraps:
            words = [cell_len(w) for cell in self.cells for w in cell.plain.split()]
            whole = [cell_len(w) for w in self.whole]
            if cap is not None:
                whole = [min(w, cap) for w in whole]
            return max([cell_len(self.header), *words, *whole])
        return self.natural_width()

    def natural_width(self) -> int:
        lines = [line for cell in self.cells for line in cell.split("\n")] + [Text(self.header)]
        return max(line.cell_len for line in lines)


def _cap(width: int) -> int:
    return max(12, width // 2 - 4)


def _needed(columns: Sequence[Column], min_claim: int, width: int) -> int:
    # each column: a cell of padding either side and a border line on its left, one more at the end
    cap = _cap(width)
    return sum(max(c.min_width(cap), min(min_claim, c.natural_width())) if c.header == "claim" else c.min_width(cap)
               for c in columns) + 3 * len(columns) + 1


def fit(columns: Sequence[Column], drop: Sequence[str], width: int, min_claim: int = MIN_CLAIM_WIDTH,
        ) -> tuple[list[Column], list[str]]:
    """The columns that fit in ``width`` terminal cells, leaving out the
    ones named in ``drop`` (in that order) until they do; and the headers
    left out."""
    kept, dropped = list(columns), []
    order = list(drop)
    while _needed(kept, min_claim, width) > width and order:
        name = order.pop(0)
        kept = [c for c in kept if c.header != name]
        dropped.append(name)
    return kept, dropped


def widths(columns: Sequence[Column], width: int) -> list[int]:
    """The content width of each column in ``width`` terminal cells: every
    column its least width (whole names, longest words), then what is left
    to the wrapping ones by their ratio, none wider than its text needs."""
    given = [c.min_width(_cap(width)) for c in columns]
    left = width - 3 * len(columns) - 1 - sum(given)
    flexible = [k for k, c in enumerate(columns) if c.wraps]
    while left > 0 and flexible:
        ratio = sum(columns[k].ratio or 1 for k in flexible)
        share = max(1, left // ratio)
        grown = False
        for k in flexible:
            more = min(share * (columns[k].ratio or 1), columns[k].natural_width() - given[k], left)
            if more > 0:
                given[k] += more
                left -= more
                grown = True
        flexible = [k for k in flexible if given[k] < columns[k].natural_width()]
        if not grown:
            break
    return given


def table_of(columns: Sequence[Column], title: str, width: int, lines: bool = True) -> Table:
    table = Table(title=title, show_lines=lines)
    for column, size in zip(columns, widths(columns, width)):
        # "fold", never "…": only a terminal narrower than one name could make rich cut
        table.add_column(column.header, no_wrap=not column.wraps, overflow="fold", justify=column.justify,
                         width=size)
    for row in zip(*(c.cells for c in columns)):
        table.add_row(*row)
    return table


def _lines(*parts: str, style: str = "") -> Text:
    """Text of several lines, each made visible on its own (no newline inside a part)."""
    return Text("\n").join(plain(part, style=style, keep="") for part in parts)


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """What the report shows of one claim."""

    number: int
    chain: Chain
    origin: Source | None
    origin_label: str  # how the text names the origin ("er → Anna Berger")
    top: Attribution
    nested_in: int | None  # the number of the claim it is nested in; None when counted

    @property
    def rests_on_no_one(self) -> bool:
        return rests_on_no_one(self.origin.kind if self.origin else None,
                               self.origin.anonymous if self.origin else False)


def claim_rows(result: ArticleResult) -> list[ClaimRow]:
    """One row per chain, numbered from 1, each nested quotation pointing to
    the claim it is part of (the innermost counted claim around it)."""
    sources = {s.id: s for s in result.sources}
    attributions = {a.id: a for a in result.attributions}
    counted = {id(c) for c in counted_chains(result)}
    numbered = list(enumerate(result.chains, 1))
    rows = []
    for n, chain in numbered:
        origin = sources.get(chain_origin(chain, attributions) or "")
        if origin is None:
            label = "no source named"
        else:
            introducing = next((attributions[i] for i in reversed(chain.attributions)
                                if attributions[i].source_id == origin.id), None)
            label = mention_label(introducing, origin)
        nested_in = None
        if id(chain) not in counted:
            around = [(m, c) for m, c in numbered if id(c) in counted and c.claim.contains(chain.claim)]
            nested_in = min(around, key=lambda mc: len(mc[1].claim))[0] if around else None
        rows.append(ClaimRow(n, chain, origin, label, attributions[chain.attributions[0]], nested_in))
    return rows


def _claim_cell(row: ClaimRow, full: bool) -> Text:
    text = row.chain.claim.text
    shown = text if full else short(text, CLAIM_CHARS)
    return Text.assemble(plain(shown), (f"\n[{row.chain.claim.start}–{row.chain.claim.end}]", "dim"))


def _anonymity(row: ClaimRow) -> Text:
    says = "yes" if row.rests_on_no_one else "no"
    if row.nested_in is not None:
        return Text(f"{says}, in #{row.nested_in}", style="dim")
    return Text(f"{says} {COUNTED}", style="bold red") if row.rests_on_no_one else Text(says)


def _origin_cell(row: ClaimRow, stacked: bool) -> Text:
    """The origin's name; before it, as "words →", how the text names it
    where that differs (those words may wrap, the name does not)."""
    style = KIND_STYLE.get(row.origin.kind, "") if row.origin else "red"
    said, _, name = row.origin_label.rpartition(" → ")
    cell = Text.assemble(plain(f"{said} →", style="dim", keep=""), "\n") if said else Text()
    cell.append_text(plain(name, style=style, keep=""))
    if not stacked:
        return cell
    kind = row.origin.kind if row.origin else "none"
    return Text.assemble(cell, "\nkind: ", plain(kind, style=style, keep=""), " · anonymous: ", _anonymity(row))


def claim_columns(result: ArticleResult, rows: Sequence[ClaimRow], full: bool, stacked: bool) -> list[Column]:
    sources = {s.id: s for s in result.sources}

    def chain_cell(row: ClaimRow) -> Text:
        hops = [Text.assemble("→ " if k else "", plain(row.chain.names[k] if k < len(row.chain.names) else i,
                                                      style=KIND_STYLE.get(sources[i].kind, "") if i in sources else "",
                                                      keep=""))
                for k, i in enumerate(row.chain.path)]
        return Text("\n").join(hops) if hops else Text("–")

    names = tuple(r.origin_label.rpartition(" → ")[2] for r in rows)
    columns = [Column("#", [Text(str(r.number), style="dim") for r in rows], justify="right"),
               Column("claim", [_claim_cell(r, full) for r in rows], wraps=True, ratio=4),
               Column("origin", [_origin_cell(r, stacked) for r in rows], wraps=True, whole=names, ratio=2)]
    if not stacked:
        columns += [Column("kind", [plain(r.origin.kind, style=KIND_STYLE.get(r.origin.kind, ""), keep="")
                                    if r.origin else Text("–") for r in rows]),
                    Column("anonymous", [_anonymity(r) for r in rows])]
    columns += [Column("chain", [chain_cell(r) for r in rows]),
                Column("cue", [plain(r.top.cue.text if r.top.cue else "–") for r in rows], wraps=True, ratio=1),
                Column("rule", [plain(r.top.rule, keep="") for r in rows]),
                Column("conf.", [Text(f"{r.top.confidence:.2f}") for r in rows], justify="right"),
                Column("form", [plain(r.top.form, keep="") for r in rows])]
    return columns


# Left out first, as the terminal narrows; the claim, its origin and the
# marks of the share stay at every width.
CLAIM_DROP_ORDER = ("form", "conf.", "rule", "chain", "cue")
SOURCE_DROP_ORDER = ("affiliation", "descriptor", "entity", "mentions", "id")
EVENT_DROP_ORDER = ("id", "addressee")


def claims_table(result: ArticleResult, width: int, full: bool = False) -> tuple[Table, list[str]]:
    """The table of claims for a terminal ``width`` cells wide, and the
    headers of the columns left out to fit it: kind and anonymity in columns
    of their own where they fit, under the origin's name where not."""
    rows = claim_rows(result)
    kept, dropped = fit(claim_columns(result, rows, full, False), CLAIM_DROP_ORDER, width)
    if _needed(kept, MIN_CLAIM_WIDTH, width) > width:
        kept, dropped = fit(claim_columns(result, rows, full, True), CLAIM_DROP_ORDER, width)
        dropped = [*dropped, "the kind and anonymous columns (shown under the origin)"]
    return table_of(kept, "Claims and their chains", width), dropped


def _source_name(s: Source) -> str:
    return s.name if s.resolved else f"{s.name} ({s.descriptor})"


def sources_table(result: ArticleResult, width: int) -> tuple[Table, list[str]]:
    sources = result.sources
    columns = [Column("id", [plain(s.id, keep="") for s in sources]),
               Column("name", [_lines(_source_name(s), style=KIND_STYLE.get(s.kind, "")) for s in sources],
                      wraps=True, whole=tuple(_source_name(s) for s in sources), ratio=2),
               Column("kind", [plain(s.kind, style=KIND_STYLE.get(s.kind, ""), keep="") for s in sources]),
               Column("anonymous", [Text("yes" if s.anonymous else "no") for s in sources]),
               Column("entity", [plain(s.entity_id or "", keep="") for s in sources]),
               Column("descriptor", [plain(s.descriptor or "") for s in sources], wraps=True, ratio=1),
               Column("affiliation", [plain(s.affiliation or "") for s in sources], wraps=True, ratio=1),
               Column("mentions", [Text(str(len(s.mentions))) for s in sources], justify="right")]
    kept, dropped = fit(columns, SOURCE_DROP_ORDER, width)
    return table_of(kept, "Sources", width, lines=False), dropped


def events_table(result: ArticleResult, width: int) -> tuple[Table, list[str]]:
    """The speech events that state no claim (debates): cue, who, to whom, about what."""
    events = result.events
    sources = {s.id: s for s in result.sources}

    def who(e: SpeechEvent) -> str:
        return mention_label(e, sources[e.source_id]) if e.source_id in sources else ""

    def words(span) -> str:
        return " ".join(span.text.split()) if span is not None else ""

    columns = [Column("id", [plain(e.id, keep="") for e in events]),
               Column("cue", [plain(e.cue.text) for e in events], wraps=True, ratio=1),
               Column("source", [plain(who(e)) for e in events], wraps=True, ratio=2),
               Column("addressee", [plain(words(e.addressee)) for e in events], wraps=True, ratio=1),
               Column("topic", [plain(short(words(e.topic), CLAIM_CHARS)) for e in events], wraps=True, ratio=3)]
    kept, dropped = fit(columns, EVENT_DROP_ORDER, width)
    return table_of(kept, "Speech events without a claim", width, lines=False), dropped


def render(result: ArticleResult, console: Console, full: bool = False) -> None:
    """The report of one article on ``console``, laid out for its width:
    columns that do not fit are left out (and named), never cut. ``full``
    shows every claim whole; each claim has its character offsets."""
    publisher = result.publisher.name if result.publisher else "unknown"
    # Everything from the article goes in as Text (shown literally, controls
    # made visible), never as markup: an id or a claim may hold "[link=…]".
    # the id on the rule, what the run knows of the article below it, wrapped: never cut with "…"
    console.rule(plain(result.id, "bold", keep=""), align="left")
    facts = [f"publisher: {publisher}", f"model: {result.model}"]
    if result.genre:
        facts.append(f"genre: {result.genre} ({result.genre_evidence})")
    if result.attributed_by:
        facts.append(f"attribution: {result.attributed_by}")
    console.print(plain("  ·  ".join(facts), keep=""), style="dim", overflow="fold")
    width = console.width
    claims, left_out = claims_table(result, width, full)
    console.print(claims)
    counted = counted_chains(result)
    nested = len(result.chains) - len(counted)
    marked = sum(1 for r in claim_rows(result) if r.nested_in is None and r.rests_on_no_one)
    console.print(Text.assemble(
        (COUNTED, "bold red"), f" marks the {marked} of {len(counted)} claims that rest on no one named: the share "
        "below counts them",
        ("; \"in #N\": a quotation nested in claim N, counted with it, not on its own" if nested else ""),
        "." + (f" Left out at this width: {', '.join(left_out)} (a wider terminal shows them; "
               "--format csv has every field)." if left_out else "")), style="dim")
    tables = [sources_table(result, width)] + ([events_table(result, width)] if result.events else [])
    for table, left_out in tables:
        console.print(table)
        if left_out:
            console.print(f"Left out at this width: {', '.join(left_out)}.", style="dim")
    by_kind = Counter(s.kind for s in result.sources)
    share = unsourced_share(result)
    console.print(Text.assemble(
        plain(f"{len(counted)} claim{'s' if len(counted) != 1 else ''}"
              + (f" (and {nested} nested quotation{'s' if nested > 1 else ''})" if nested else "")
              + f", {len(result.sources)} source{'s' if len(result.sources) != 1 else ''}, "
              + (f"{len(result.events)} speech event{'s' if len(result.events) != 1 else ''} without a claim, "
                 if result.events else "")
              + f"{len(result.entities)} entit{'ies' if len(result.entities) != 1 else 'y'} ("
              + ", ".join(f"{k}: {v}" for k, v in sorted(by_kind.items())) + "); "),
        (f"{share:.0%}", "bold"), " of claims rest on anonymous or unspecified sources or on none ",
        (f"({SHARE_DEFINITION})", "dim"), "."))
