"""What the rule families share over one document: its text, quotations and
the findings so far (later families read earlier ones: a continuation takes
the speaker of the attribution before), and the span operations that need
them."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate

from provenance.config import Config, Phrase
from provenance.records import Cue, Form, Medium, ParsedDocument, Sentence, Span, Word
from provenance.rules.lexicon import compile_phrases, phrase_matches
from provenance.rules.spans import contiguous, find_quotations, span_of, strip_space, subtract, trim
from provenance.rules.words import OPEN_TO_CLOSE


@dataclass(frozen=True, slots=True)
class Finding:
    """An attribution before its source is resolved to a :class:`Source`."""

    rule: str
    form: Form
    medium: Medium | None
    cue: Cue | None
    source: Span | None
    claim: Span
    confidence: float
    evidence: str
    frame: Span | None = None
    addressee: Span | None = None
    sentence: int = 0
    relayed_by: int | None = None  # index of the finding that relays this one
    inherits_from: int | None = None  # source is that earlier finding's source


class RuleContext:
    """One parsed document as the rule families see it."""

    def __init__(self, config: Config, doc: ParsedDocument):
        self.config = config
        self.cues = config.cues
        self.confidence = config.cues.confidence
        self.windows = config.cues.windows
        self.doc = doc
        self.text = doc.text
        self.quotes = find_quotations(doc.text)
        # quotations by offset (they come sorted by start), so a span finds the ones
        # around it without reading them all: linear in the quotations, not quadratic
        self.sentence_starts = [s.start for s in doc.sentences]
        self._quote_starts = [q.start for q in self.quotes]
        self._quote_reach = list(accumulate((q.end for q in self.quotes), max))
        self.findings: list[Finding] = []
        # where the current sentence's findings start: families that act on a
        # sentence's own findings, or only where it has none yet, need it
        self.sentence_first = 0
        self._phrases = compile_phrases(self.cues.phrases)
        self._phrase_memo: dict[int, list[tuple[str, Phrase, int]]] = {}

    def phrases_in(self, sentence: Sentence) -> list[tuple[str, Phrase, int]]:
        """Cue phrases of a sentence, matched once: several rules ask for them."""
        if sentence.index not in self._phrase_memo:
            self._phrase_memo[sentence.index] = list(phrase_matches(sentence, self._phrases))
        return self._phrase_memo[sentence.index]

    def token_words(self, sentence: Sentence, token_index: int) -> list[Word]:
        return [sentence.word(i) for i in sentence.tokens[token_index].words]

    def body(self, sentence: Sentence) -> Span:
        """The sentence without final punctuation."""
        return trim(self.text, Span.of(self.text, sentence.start, sentence.end)) or Span.of(
            self.text, sentence.start, sentence.end)

    def quote_around(self, span: Span) -> Span | None:
        """A quotation that (nearly) coincides with ``span``: the span fills most
        of it, or it fills most of the span (``windows.span_fills_quote``,
        ``windows.quote_fills_span``: shares of characters, marks left out)."""
        # only quotations that overlap the span can contain it or lie in it
        low = bisect.bisect_left(self._quote_reach, span.start)
        for q in self.quotes[low:bisect.bisect_right(self._quote_starts, span.end)]:
            inner = Span.of(self.text, q.start + 1, q.end - 1)
            if q.contains(span) and len(span.text.strip()) >= self.windows.span_fills_quote * len(inner.text.strip()):
                return q
            if span.contains(inner) and len(inner.text.strip()) >= self.windows.quote_fills_span * len(span.text.strip()):
                return q
        return None

    def in_quotation(self, offset: int) -> bool:
        """Whether a quotation holds the character at ``offset`` (marks included)."""
        before = bisect.bisect_right(self._quote_starts, offset)  # the quotations starting at or before it
        return before > 0 and self._quote_reach[before - 1] > offset

    def inside_quotation(self, span: Span) -> bool:
        """Whether a quotation contains ``span``."""
        before = bisect.bisect_right(self._quote_starts, span.start)
        return before > 0 and self._quote_reach[before - 1] >= span.end

    def _quote_running_on(self, span: Span) -> Span | None:
        """The first quotation that starts where ``span`` does and ends after it."""
        for q in self.quotes[bisect.bisect_left(self._quote_starts, span.start):]:
            if q.start != span.start:
                return None
            if q.end > span.end:
                return q
        return None

    def message(self, span: Span | None, indirect: Form = "indirect") -> tuple[Span | None, Form]:
        """A claim span as direct speech when a quotation (nearly) covers it."""
        if span is None:
            return None, indirect
        quote = self.quote_around(span) or self._quote_running_on(span)  # runs on past the sentence
        return (quote, "direct") if quote is not None else (span, indirect)

    def claim(self, words: set[int], sentence: Sentence, anchor: int | None = None) -> tuple[Span | None, Form]:
        if anchor is not None and anchor in words:
            words = contiguous(sentence, words, anchor)
        return self.message(trim(self.text, span_of(self.text, (sentence.word(i) for i in words))))

    def frame(self, sentence: Sentence, claim: Span, cue: Cue) -> Span | None:
        """The reporting clause: the sentence on the cue's side of the claim,
        its commas kept (the annotation counts them), its final stop not."""
        body = self.body(sentence)
        if claim.start >= body.end or claim.end <= body.start:
            return body
        side = subtract(self.text, body, claim, keep=cue.spans[0])
        return strip_space(self.text, side)

    def add(self, finding: Finding) -> int:
        self.findings.append(finding)
        return len(self.findings) - 1

    def replace_at(self, index: int, finding: Finding) -> int:
        self.findings[index] = finding
        return index

    def covered(self, span: Span) -> bool:
        return any(f.claim.overlaps(span) for f in self.findings)

    def quote_follows(self, offset: int) -> bool:
        return self.text[offset:offset + 2].strip()[:1] in OPEN_TO_CLOSE
