"""How an :class:`~provenance.records.ArticleResult` shows in a Jupyter
notebook (``_repr_html_``), the way displaCy shows entities: the article
text with claims underlaid, cues in bold and every source mention in its
kind's colour with the kind beside it, then the chains.

Inert: every text is escaped, the markup has no script, no link and no
event handler, and the styles are inline (a notebook keeps them, while a
sanitiser may drop a ``<style>`` element).
"""

from __future__ import annotations

from html import escape

from provenance.records import ArticleResult, rests_on_no_one
from provenance.report import chain_origin, counted_chains
from provenance.style import KIND_COLORS

CLAIM_STYLE = "background:#fff3b0;border-radius:2px"
CUE_STYLE = "font-weight:600;border-bottom:2px solid #444"
MAX_TEXT = 20_000  # characters shown inline; the rest is said to be left out


def _mark_style(kind: str) -> str:
    return (f"background:{KIND_COLORS.get(kind, '#888888')};color:#fff;border-radius:3px;"
            "padding:0 .25em;line-height:2")


def _label(text: str) -> str:
    return ('<span style="font-size:.65em;font-weight:700;text-transform:uppercase;margin-left:.35em;'
            f'vertical-align:middle">{escape(text)}</span>')


def highlighted_text(result: ArticleResult, limit: int = MAX_TEXT) -> str:
    """The article text escaped, with claims, cues and source mentions marked."""
    text = result.text[:limit]
    sources = {s.id: s for s in result.sources}
    # (start, end, what, kind): where each mark begins and ends
    marks: list[tuple[int, int, str, str]] = []
    for a in result.attributions:
        marks.append((a.claim.start, a.claim.end, "claim", ""))
        for span in a.cue.spans if a.cue else ():
            marks.append((span.start, span.end, "cue", ""))
        if a.source is not None and a.source.start is not None and a.source_id in sources:
            marks.append((a.source.start, a.source.end, "source", sources[a.source_id].kind))
    marks = [(max(0, s), min(len(text), e), w, k) for s, e, w, k in marks if s < e and s < len(text)]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    source_ends = {m[1]: m[3] for m in marks if m[2] == "source"}
    out = []
    for left, right in zip(cuts, cuts[1:]):
        active = [m for m in marks if m[0] <= left and right <= m[1]]
        piece = escape(text[left:right])
        styles = []
        if any(m[2] == "claim" for m in active):
            styles.append(CLAIM_STYLE)
        if any(m[2] == "cue" for m in active):
            styles.append(CUE_STYLE)
        source = next((m for m in active if m[2] == "source"), None)
        if source is not None:
            styles.append(_mark_style(source[3]))
        piece = f'<span style="{";".join(styles)}">{piece}</span>' if styles else piece
        out.append(piece)
        if right in source_ends and source is not None and source[1] == right:
            out.append(_label(source_ends[right]))
    more = len(result.text) - len(text)
    tail = f'<p style="color:#777">… {more} more characters</p>' if more > 0 else ""
    return "".join(out) + tail


def chains_html(result: ArticleResult) -> str:
    attributions = {a.id: a for a in result.attributions}
    sources = {s.id: s for s in result.sources}
    counted = {id(c) for c in counted_chains(result)}
    rows = []
    for n, chain in enumerate(result.chains, 1):
        origin = sources.get(chain_origin(chain, attributions) or "")
        unsourced = rests_on_no_one(origin.kind if origin else None, origin.anonymous if origin else False)
        names = " → ".join(
            f'<span style="color:{KIND_COLORS.get(sources[i].kind, "#555") if i in sources else "#555"}">'
            f"{escape(name)}</span>" for i, name in zip(chain.path, chain.names))
        mark = "●" if unsourced and id(chain) in counted else ""
        rows.append(f"<tr><td>{n}</td><td>{escape(chain.claim.text)} "
                    f'<span style="color:#777">[{chain.claim.start}–{chain.claim.end}]</span></td>'
                    f"<td>{names or '–'}</td><td>{escape(origin.kind) if origin else 'no source'}</td>"
                    f'<td style="color:#d62728">{mark}</td></tr>')
    head = ("<tr><th>#</th><th>claim</th><th>chain (publisher → origin)</th><th>origin kind</th>"
            "<th title=\"counted in the anonymity share: rests on no one named\">●</th></tr>")
    return (f'<table style="border-collapse:collapse;text-align:left;margin-top:.8em">{head}{"".join(rows)}</table>')


def result_html(result: ArticleResult) -> str:
    """The whole notebook view of one article."""
    publisher = escape(result.publisher.name) if result.publisher else "unknown publisher"
    legend = " ".join(f'<span style="{_mark_style(kind)}">{escape(kind)}</span>' for kind in KIND_COLORS)
    return (f'<div class="provenance-article" style="font-family:sans-serif;line-height:1.6">'
            f"<h4 style=\"margin:.2em 0\">{escape(result.id)} · {publisher}</h4>"
            f'<div style="font-size:.8em;margin-bottom:.5em"><span style="{CLAIM_STYLE}">claim</span> '
            f'<span style="{CUE_STYLE}">cue</span> {legend}</div>'
            f'<div style="white-space:pre-wrap">{highlighted_text(result)}</div>'
            f"{chains_html(result)}</div>")
