"""Long articles parsed in paragraph chunks, with every offset exact in the
whole text.

A blank line is a hard sentence boundary for the parser (see
:mod:`provenance.parsing`), so cutting a text there changes no sentence: the
chunks parse to the same sentences the whole text would, while Stanza never
holds more than about ``limits.chunk_chars`` of one article at a time.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from provenance import parsing
from provenance.cache import ParseCache
from provenance.config import Settings
from provenance.records import ParsedDocument, Sentence

# The parser's own notion of a paragraph break: cutting anywhere else could
# split a sentence.
PARAGRAPH_BREAK = parsing._BLANK_LINE

# Hard bounds on one parser input. Stanza's dependency parser needs memory and
# time quadratic in the words of a sentence (measured on the bundled model:
# 400 words 0.65 GB, 1,000 words 3.2 GB, 2,000 words 21 GB and nearly three
# minutes), and a paragraph without sentence ends (no spaces, a million
# quotation marks, a list without full stops) is one sentence to it. So a
# paragraph with a stretch of more than MAX_RUN_TOKENS tokens between two
# sentence ends, or with a "word" longer than MAX_TOKEN_CHARS, is cut into
# pieces of at most that many tokens, each parsed on its own: no sentence can
# grow longer, and time and memory grow linearly with the paragraph. Ordinary
# prose never comes near the bound (the longest stretch in WIKINEWS train and
# dev is 114 tokens), and its paragraphs are never cut.
MAX_RUN_TOKENS = 250
MAX_TOKEN_CHARS = 1000
# A stretch of this many tokens without a letter or digit (quotation marks,
# dashes, symbols; only spaces between them) in a paragraph beyond the bounds
# holds no attribution and is no prose: it is taken out of the parser's input
# and built as punctuation sentences directly (the parser took about 2.5 ms per
# quotation mark, so a million marks took about 44 minutes). Fewer marks stay with
# their words, so quotation marks in a long list are read as the parser reads them.
SYMBOL_RUN_TOKENS = 8
_SYMBOL_RUN = re.compile(r"[^\w\s]+(?:\s+[^\w\s]+)*")
_NON_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")
# A piece of a text: its start and end, and whether it is built without the parser.
Piece = tuple[int, int, bool]
# Over-estimates the tokenizer's tokens: a word, or any other single character.
_TOKEN = re.compile(r"\w+|[^\w\s]")
# A sure sentence end: a full stop, ! or ? (not after a digit: "3. Oktober"),
# closing marks, space, and a capital (a lower-case word after a stop
# continues the sentence, see parsing._CONTINUATION_START).
_SENTENCE_END = re.compile(r"(?<!\d)[.!?…]+[\"'»«“”)\]]*\s+(?=[\"'„»«“(\[]*[A-ZÄÖÜ])")


def paragraph_pieces(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """``text[start:end]`` (one paragraph) cut into pieces within the hard
    bounds, or None when it is within them as a whole (see :func:`_paragraph_plan`)."""
    plan = _paragraph_plan(text, start, end)
    return None if plan is None else [(a, b) for a, b, _ in plan]


def _paragraph_plan(text: str, start: int, end: int) -> list[Piece] | None:
    """The pieces of a paragraph beyond the hard bounds, or None when it is
    within them. A stretch of at least SYMBOL_RUN_TOKENS tokens that holds no
    letter or digit is a piece of its own, in pieces of at most MAX_RUN_TOKENS
    tokens, marked to be built without the parser (:func:`parsing.symbol_sentence`);
    the text between such stretches is cut as :func:`_cut` says."""
    if not _needs_cutting(text, start, end):
        return None
    plan: list[Piece] = []
    at = start
    for run in _SYMBOL_RUN.finditer(text, start, end):
        length = run.end() - run.start()
        if length < SYMBOL_RUN_TOKENS or length - len(_SPACE.findall(text, run.start(), run.end())) < SYMBOL_RUN_TOKENS:
            continue  # a few marks among words: the parser reads them with their words
        plan += [(a, b, False) for a, b in _cut(text, at, run.start())]
        plan += [(a, b, True) for a, b in _symbol_pieces(text, run.start(), run.end())]
        at = run.end()
    plan += [(a, b, False) for a, b in _cut(text, at, end)]
    return [(a, b, built) for a, b, built in plan if b > a]


def _symbol_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A stretch without letters or digits in pieces of at most MAX_RUN_TOKENS
    tokens (non-space characters), each cut after its last one."""
    cuts = [m.end() for k, m in enumerate(_NON_SPACE.finditer(text, start, end)) if (k + 1) % MAX_RUN_TOKENS == 0]
    bounds = [start] + [c for c in cuts if c < end] + [end]
    return list(itertools.pairwise(bounds))


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most MAX_RUN_TOKENS tokens. A cut
    falls after the last sentence end that keeps the piece within the bound,
    else before the last line, else at the last space, else between two
    tokens; inside an over-long word only as a last resort. Linear in the text."""
    pieces: list[tuple[int, int]] = []
    piece_start, count = start, 0
    # the best cut so far in this piece: (rank, offset, tokens before it);
    # rank 3 after a sentence end, 2 at a line start, 1 after a space
    best: tuple[int, int, int] | None = None
    ends = _SENTENCE_END.finditer(text, start, end)
    next_end = next(ends, None)
    for token in _TOKEN.finditer(text, start, end):
        at = token.start()
        if at - token.end() < -MAX_TOKEN_CHARS:
            if at > piece_start:
                pieces.append((piece_start, at))
            cuts = list(range(at, token.end(), MAX_TOKEN_CHARS))
            pieces.extend((cut, cut + MAX_TOKEN_CHARS) for cut in cuts[:-1])
            piece_start, count, best = cuts[-1], 1, None
            continue
        while next_end is not None and next_end.end() <= at:
            if next_end.end() > piece_start:
                best = (3, next_end.end(), count)
            next_end = next(ends, None)
        if at > piece_start and text[at - 1].isspace():
            rank = 2 if text[at - 1] == "\n" else 1
            if best is None or rank >= best[0]:
                best = (rank, at, count)
        count += 1
        if count > MAX_RUN_TOKENS:
            cut, before = (best[1], best[2]) if best is not None else (at, count - 1)
            pieces.append((piece_start, cut))
            piece_start, count, best = cut, count - before, None
    pieces.append((piece_start, end))
    return pieces


def _needs_cutting(text: str, start: int, end: int) -> bool:
    """Whether the paragraph has a stretch between sure sentence ends of more
    than MAX_RUN_TOKENS tokens, or a token longer than MAX_TOKEN_CHARS."""
    if end - start <= MAX_RUN_TOKENS:
        return False  # too short to hold too many tokens
    bounds = [m.end() for m in _SENTENCE_END.finditer(text, start, end)] + [end]
    run_start = start
    for run_end in bounds:
        if run_end - run_start > MAX_RUN_TOKENS:
            count = 0
            for token in _TOKEN.finditer(text, run_start, run_end):
                count += 1
                if count > MAX_RUN_TOKENS or token.end() - token.start() > MAX_TOKEN_CHARS:
                    return True
        run_start = run_end
    return False


def chunk_bounds(text: str, chunk_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive chunks covering ``text``, each parsed
    on its own: cut after a blank line and at most ``chunk_chars`` long unless
    one paragraph alone is longer (it then forms a chunk of its own), and a
    paragraph beyond the hard bounds (:func:`paragraph_pieces`) in pieces."""
    return [(start, end) for start, end, _ in chunk_plan(text, chunk_chars)]


def chunk_plan(text: str, chunk_chars: int) -> list[Piece]:
    """The chunks of :func:`chunk_bounds`, each marked whether it is a stretch
    without letters or digits, built without the parser."""
    cuts = [m.end() for m in PARAGRAPH_BREAK.finditer(text)] + [len(text)]
    paragraphs = list(zip([0] + cuts[:-1], cuts))
    plan: list[Piece] = []
    run: list[tuple[int, int]] = []  # paragraphs that may share a chunk
    for start, end in paragraphs:
        pieces = _paragraph_plan(text, start, end)
        if pieces is None:
            run.append((start, end))
            continue
        plan += [(a, b, False) for a, b in _grouped(run, chunk_chars)] + pieces
        run = []
    return plan + [(a, b, False) for a, b in _grouped(run, chunk_chars)]


def _grouped(paragraphs: list[tuple[int, int]], chunk_chars: int) -> list[tuple[int, int]]:
    """Consecutive paragraphs joined into chunks of at most ``chunk_chars``."""
    if not paragraphs:
        return []
    first, last = paragraphs[0][0], paragraphs[-1][1]
    if last - first <= chunk_chars:
        return [(first, last)]
    bounds, start, previous = [], first, first
    for _, cut in paragraphs:
        if cut - start > chunk_chars and previous > start:
            bounds.append((start, previous))
            start = previous
        previous = cut
    bounds.append((start, last))
    return bounds


def shift(sentence: Sentence, offset: int, index: int) -> Sentence:
    """A sentence parsed from a chunk that starts at ``offset``, with offsets
    into the whole text and its index in the whole document."""
    return replace(
        sentence, index=index, start=sentence.start + offset, end=sentence.end + offset,
        tokens=tuple(replace(t, start=t.start + offset, end=t.end + offset) for t in sentence.tokens),
        words=tuple(replace(w, start=w.start + offset, end=w.end + offset) for w in sentence.words),
    )


def merge(text: str, parts: Sequence[tuple[int, int, ParsedDocument | None]], model: str) -> ParsedDocument:
    """One document from the parsed chunks of ``text``, each given with its
    start and end; a chunk without a parse (None) is a stretch without letters
    or digits, built here as punctuation sentences (:func:`parsing.symbol_sentence`)."""
    sentences: list[Sentence] = []
    for start, end, doc in parts:
        if doc is None:
            sentences.append(parsing.symbol_sentence(text, start, end, len(sentences)))
        else:
            sentences.extend([shift(s, start, len(sentences) + k) for k, s in enumerate(doc.sentences)])
    return ParsedDocument(text, tuple(sentences), model)


def parse_texts(texts: Sequence[str], settings: Settings) -> list[ParsedDocument]:
    """Parse ``texts`` in one Stanza batch through the parse cache, a text
    longer than ``limits.chunk_chars`` as its paragraph chunks, a paragraph
    beyond the hard bounds in pieces (:func:`chunk_plan`); stretches without
    letters or digits in such a paragraph never reach the parser."""
    cache = ParseCache(settings.cache.dir) if settings.cache.enabled else None
    plans = [chunk_plan(text, settings.limits.chunk_chars) for text in texts]
    pieces = [text[start:end] for text, plan in zip(texts, plans) for start, end, built in plan if not built]
    # a batch parses each distinct piece once: a text given twice, or the same
    # paragraph repeated, is parsed once and its parse shared (it is immutable)
    unique = list(dict.fromkeys(pieces))
    parsed = dict(zip(unique, parsing.parse_many(unique, settings.model, cache)))
    docs = []
    for text, plan in zip(texts, plans):
        if len(plan) == 1 and not plan[0][2]:
            docs.append(parsed[text[plan[0][0]:plan[0][1]]])  # one chunk: its parse as it is
            continue
        parts = [(start, end, None if built else parsed[text[start:end]]) for start, end, built in plan]
        docs.append(merge(text, parts, parsing.model_id(settings.model)))
    return docs
