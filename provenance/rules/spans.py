"""Spans over the text and the dependency tree: the pieces every rule family
cuts its cue, source and claim from, and the quotations of the text."""

from __future__ import annotations

from collections.abc import Iterable

from provenance.records import Sentence, Span, Word
from provenance.rules.words import EDGE_PUNCT, FINAL_PUNCT, OPEN_TO_CLOSE, QUOTE_CHARS


def span_of(text: str, words: Iterable[Word]) -> Span | None:
    words = list(words)
    if not words:
        return None
    return Span.of(text, min(w.start for w in words), max(w.end for w in words))


def subtree(sentence: Sentence, index: int, exclude: set[int] = frozenset()) -> set[int]:
    """Word indices dominated by ``index`` (itself included), not entering ``exclude``."""
    children: dict[int, list[int]] = {}
    for w in sentence.words:
        children.setdefault(w.head, []).append(w.index)
    seen, stack = set(), [index]
    while stack:
        i = stack.pop()
        if i in seen or i in exclude:
            continue
        seen.add(i)
        stack.extend(children.get(i, ()))
    return seen


def contiguous(sentence: Sentence, indices: set[int], anchor: int) -> set[int]:
    """The unbroken run of ``indices`` around ``anchor``: subtrees from a bad
    parse can have holes, and a claim is one stretch of text."""
    run = {anchor}
    i = anchor - 1
    while i in indices:
        run.add(i)
        i -= 1
    i = anchor + 1
    while i in indices:
        run.add(i)
        i += 1
    return run


def trim(text: str, span: Span | None, keep_final: bool = False) -> Span | None:
    """Strip edge punctuation and whitespace (quotation marks stay)."""
    if span is None:
        return None
    start, end = span.start, span.end
    strip = EDGE_PUNCT - (FINAL_PUNCT if keep_final else set())
    while start < end and (text[start].isspace() or text[start] in strip):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in strip):
        end -= 1
    return Span.of(text, start, end) if end > start else None


def strip_space(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end) if end > start else None


def subtract(text: str, outer: Span, inner: Span, keep: Span | None = None) -> Span | None:
    """The part of ``outer`` on one side of ``inner``: the side holding
    ``keep`` if given, else the longer one."""
    before = Span.of(text, outer.start, max(outer.start, inner.start))
    after = Span.of(text, min(outer.end, inner.end), outer.end)
    if keep is not None:
        return before if keep.end <= inner.start else after
    return before if len(before.text.strip()) >= len(after.text.strip()) else after


# the opening marks each mark can close
_OPENERS_OF = {ch: tuple(o for o, closes in OPEN_TO_CLOSE.items() if ch in closes) for ch in QUOTE_CHARS}


def find_quotations(text: str) -> list[Span]:
    """Paired quotation spans, marks included; they may cross sentences but
    not paragraphs. Unpaired marks are ignored."""
    spans, stack = [], []
    # where each opening mark stands in ``stack``: the innermost opener a mark
    # closes is found in a step, not by scanning the stack (a million unmatched
    # marks would make that quadratic)
    positions: dict[str, list[int]] = {}
    for i, ch in enumerate(text):
        if ch == "\n" and text[i + 1:i + 2] == "\n":
            stack.clear()
            positions.clear()
            continue
        if ch not in QUOTE_CHARS:
            continue
        if ch in ("‚", "‘", "’", "›", "‹"):
            continue  # single marks are apostrophes more often than quotes
        closing = max((positions[o][-1] for o in _OPENERS_OF.get(ch, ()) if positions.get(o)), default=None)
        if closing is not None and not (ch == '"' and _opens_here(text, i)):
            start, _ = stack[closing]
            for _, opener in stack[closing:]:
                positions[opener].pop()
            del stack[closing:]
            spans.append(Span.of(text, start, i + 1))
        elif ch in OPEN_TO_CLOSE:
            positions.setdefault(ch, []).append(len(stack))
            stack.append((i, ch))
    return sorted(spans, key=lambda s: s.start)


def _opens_here(text: str, i: int) -> bool:
    """A straight quote after a space and before a letter opens."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isspace() and not after.isspace()
