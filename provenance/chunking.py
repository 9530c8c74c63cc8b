"""Long articles parsed in paragraph chunks, with every offset exact in the
whole text.

A blank line is a hard sentence boundary for the parser (see
:mod:`provenance.parsing`), so cutting a text there changes no sentence: the
chunks parse to the same sentences the whole text would, while Stanza never
holds more than about ``limits.chunk_chars`` of one article at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from provenance import parsing
from provenance.cache import ParseCache
from provenance.config import Settings
from provenance.records import ParsedDocument, Sentence

# The parser's own notion of a paragraph break: cutting anywhere else could
# split a sentence.
PARAGRAPH_BREAK = parsing._BLANK_LINE


def chunk_bounds(text: str, chunk_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive chunks covering ``text``, each cut
    after a blank line and at most ``chunk_chars`` long unless one paragraph
    alone is longer (it then forms a chunk of its own: cutting inside it
    would not be sound)."""
    if len(text) <= chunk_chars:
        return [(0, len(text))]
    bounds, start, previous = [], 0, 0
    for cut in [m.end() for m in PARAGRAPH_BREAK.finditer(text)] + [len(text)]:
        if cut - start > chunk_chars and previous > start:
            bounds.append((start, previous))
            start = previous
        previous = cut
    bounds.append((start, len(text)))
    return bounds


def shift(sentence: Sentence, offset: int, index: int) -> Sentence:
    """A sentence parsed from a chunk that starts at ``offset``, with offsets
    into the whole text and its index in the whole document."""
    return replace(
        sentence, index=index, start=sentence.start + offset, end=sentence.end + offset,
        tokens=tuple(replace(t, start=t.start + offset, end=t.end + offset) for t in sentence.tokens),
        words=tuple(replace(w, start=w.start + offset, end=w.end + offset) for w in sentence.words),
    )


def merge(text: str, parts: Sequence[tuple[int, ParsedDocument]], model: str) -> ParsedDocument:
    """One document from the parsed chunks of ``text``, each given with its start."""
    sentences: list[Sentence] = []
    for offset, doc in parts:
        sentences.extend([shift(s, offset, len(sentences) + k) for k, s in enumerate(doc.sentences)])
    return ParsedDocument(text, tuple(sentences), model)


def parse_texts(texts: Sequence[str], settings: Settings) -> list[ParsedDocument]:
    """Parse ``texts`` in one Stanza batch through the parse cache, a text
    longer than ``limits.chunk_chars`` as its paragraph chunks."""
    cache = ParseCache(settings.cache.dir) if settings.cache.enabled else None
    bounds = [chunk_bounds(text, settings.limits.chunk_chars) for text in texts]
    pieces = [text[start:end] for text, spans in zip(texts, bounds) for start, end in spans]
    docs = parsing.parse_many(pieces, settings.model, cache)
    if len(pieces) == len(texts):
        return docs  # nothing was cut
    merged, next_piece = [], 0
    for text, spans in zip(texts, bounds):
        parts = [(start, docs[next_piece + k]) for k, (start, _) in enumerate(spans)]
        merged.append(parts[0][1] if len(parts) == 1 else merge(text, parts, parts[0][1].model))
        next_piece += len(spans)
    return merged
